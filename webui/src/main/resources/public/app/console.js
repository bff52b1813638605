// The status console: each venue's connectivity, call latency, rules freshness and errors; the
// live stream's own state; recent errors and a live tail of the log.
import { LitElement, html, nothing } from 'lit';
import { store } from './store.js';
import { api } from './api.js';
import { time, age } from './format.js';
import { exportButtons } from './exporting.js';

const VENUE_EXPORT = [['venue', (v) => v.id], ['status', (v) => store.health?.venues?.[v.id]?.status ?? v.status], ['network', (v) => v.network],
  ['symbols', (v) => v.symbols], ['rulesLoadedAt', (v) => v.rulesLoadedAt], ['calls', (v) => v.calls?.calls ?? 0],
  ['failedCalls', (v) => v.calls?.failures ?? 0], ['averageMillis', (v) => v.calls?.averageMillis], ['problem', (v) => store.health?.venues?.[v.id]?.error ?? v.error],
  ['condition', (v) => condition(v)]];

/** What the connector is going through now (a rate-limit pause, its order stream down): live from health, else the snapshot. */
const condition = (v) => { const live = store.health?.venues?.[v.id]; return (live ? live.condition : v.condition) ?? ''; };

class PyraConsole extends LitElement {
  static properties = { errors: { state: true } };

  createRenderRoot() { return this; }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = store.subscribe(() => this.requestUpdate());
    api('/logs?level=WARN&limit=30').then((page) => { this.errors = page.entries; }).catch(() => { this.errors = []; });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unsubscribe();
  }

  render() {
    const health = store.health;
    const c = store.connection;
    const recent = [...store.logs.filter((l) => l.level === 'WARN' || l.level === 'ERROR'), ...(this.errors ?? [])].slice(0, 30);
    return html`
      <section class="card">
        <h1>Status</h1>
        <dl class="facts">
          <div><dt>Pyra</dt><dd><span class="badge status-${health?.status}">${health?.status ?? '…'}</span> ${health?.version}</dd></div>
          <div><dt>Database</dt><dd>${health?.database.status} · ${health?.database.embedded ? 'embedded' : 'external'} PostgreSQL ${health?.database.version ?? ''}</dd></div>
          <div><dt>Plugins</dt><dd>${health?.plugins.started} started, ${health?.plugins.failed} failed</dd></div>
          <div><dt>Live stream</dt><dd id="stream-state">${c.state} · heartbeat ${c.lastHeartbeat ? `${age(new Date(c.lastHeartbeat).toISOString())} ago` : '—'}
            · round trip ${c.rtt ?? '—'} ms · ${c.reconnects} reconnects, ${c.gaps} gaps</dd></div>
        </dl>
      </section>
      <section class="card">
        <div class="toolbar"><h2>Venues</h2>${exportButtons('venues', () => store.venues, VENUE_EXPORT)}</div>
        <table class="grid" id="venues">
          <thead><tr><th scope="col">Venue</th><th scope="col">Status</th><th scope="col">Network</th><th scope="col" class="num">Symbols</th>
            <th scope="col">Rules loaded</th><th scope="col" class="num">Latency</th><th scope="col" class="num">Calls / failed</th>
            <th scope="col">Order updates</th><th scope="col">Now</th><th scope="col">Problem</th></tr></thead>
          <tbody>${store.venues.map((v) => {
            const live = health?.venues?.[v.id];
            const status = live?.status ?? v.status;
            return html`<tr data-venue=${v.id}><td>${v.id}</td><td><span class="badge status-${status}">${status}</span></td>
              <td>${v.network}</td><td class="num">${v.symbols}</td>
              <td>${v.rulesLoadedAt ? html`${time(v.rulesLoadedAt)} <small class="muted">(${age(v.rulesLoadedAt)} ago)</small>` : '—'}</td>
              <td class="num">${v.calls?.calls ? `${Math.round(v.calls.averageMillis)} ms` : '—'}</td>
              <td class="num">${v.calls?.calls ?? 0} / ${v.calls?.failures ?? 0}</td>
              <td>${v.simulated ? 'in process' : v.capabilities.includes('ORDER_UPDATES') ? 'pushed (re-synced)' : 'polled'}</td>
              <td class="condition">${condition(v) ? html`<span class="status-degraded">${condition(v)}</span>` : '—'}</td>
              <td class="why">${live?.error ?? v.error ?? ''}</td></tr>`;
          })}</tbody>
        </table>
        <p class="muted">Rate-limit headroom is kept inside each connector and not reported yet.</p>
      </section>
      <section class="card">
        <h2>Recent warnings and errors</h2>
        <ol class="timeline" id="recent-errors">${recent.length === 0 ? html`<li class="muted">None.</li>` : nothing}
          ${recent.map((l) => html`<li class="level-${l.level}"><time>${time(l.at)}</time> <span class="badge">${l.category}</span>
            <span>${l.message}</span></li>`)}</ol>
      </section>
      <section class="card">
        <h2>Live log <small class="muted">(Logs page: filters and export)</small></h2>
        <ol class="timeline log" id="live-log">${store.logs.length === 0 ? html`<li class="muted">Waiting for the next line…</li>` : nothing}
          ${store.logs.slice(0, 50).map((l) => html`<li class="level-${l.level}"><time>${time(l.at)}</time>
            <span class="badge">${l.category}</span> <span>${l.message}</span></li>`)}</ol>
      </section>`;
  }
}

customElements.define('pyra-console', PyraConsole);
