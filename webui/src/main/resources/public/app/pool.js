// The execution pool: slots used and free, the groups holding them, and the waiting queue in rank
// order with each rule's value (why an entry ranks where it does), replacements and expiry.
import { LitElement, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { store } from './store.js';
import { api } from './api.js';
import { fixed, time, age } from './format.js';
import { statusBadge } from './groups.js';
import { exportButtons, GROUP_EXPORT } from './exporting.js';

const QUEUE_EXPORT = [['rank', (e) => e.rank], ['exchange', (e) => e.exchange], ['symbol', (e) => e.symbol],
  ['timeframe', (e) => e.timeframe], ['signalId', (e) => e.signalId], ['signalPrice', (e) => e.signalPrice], ['lastPrice', (e) => e.lastPrice],
  ['replacementCount', (e) => e.replacementCount], ['replacedAt', (e) => e.replacedAt], ['queuedAt', (e) => e.queuedAt], ['values', (e) => e.values]];

class PyraPool extends LitElement {
  createRenderRoot() { return this; }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = store.subscribe(() => this.requestUpdate());
    api('/config').then((c) => { this.expiry = c.pool.queueExpiryMinutes; this.requestUpdate(); }).catch(() => {});
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unsubscribe();
  }

  render() {
    const pool = store.pool;
    if (!pool) return html`<p class="loading">Loading the pool…</p>`;
    const free = Math.max(0, pool.maxActiveGroups - pool.activeGroups);
    return html`
      <section class="card">
        <div class="toolbar"><h1>Execution pool</h1>${exportButtons('pool', () => pool.active, GROUP_EXPORT.slice(0, 5).concat([['openedAt', (g) => g.openedAt]]))}</div>
        <div class="slots" aria-label="${pool.activeGroups} of ${pool.maxActiveGroups} slots used">
          ${Array.from({ length: pool.maxActiveGroups }, (_, i) => html`<span class="slot ${i < pool.activeGroups ? 'used' : 'free'}"></span>`)}
          <span class="num"><strong id="slots-used">${pool.activeGroups}</strong> of ${pool.maxActiveGroups} slots used, ${free} free</span>
        </div>
        <table class="grid" id="active-groups">
          <thead><tr><th scope="col" class="num">#</th><th scope="col">Exchange</th><th scope="col">Pair</th><th scope="col">TF</th>
            <th scope="col">Status</th><th scope="col">Holding its slot since</th></tr></thead>
          <tbody>${repeat(pool.active, (g) => g.id, (g) => html`<tr><td class="num"><a href="#/groups/${g.id}">${g.id}</a></td>
            <td>${g.exchange}</td><td>${g.symbol}</td><td>${g.timeframe}</td><td>${statusBadge(g.status)}</td>
            <td>${time(g.openedAt)} <small class="muted">(${age(g.openedAt)})</small></td></tr>`)}</tbody>
        </table>
      </section>
      <section class="card">
        <div class="toolbar"><h2>Waiting queue <small class="muted">${pool.queue.length} waiting · ranked by ${pool.priorityRules.join(' → ')}</small></h2>
          ${exportButtons('queue', () => pool.queue, QUEUE_EXPORT)}</div>
        <table class="grid" id="queue">
          <thead><tr><th scope="col" class="num">Rank</th><th scope="col">Pair</th><th scope="col">TF</th><th scope="col">Exchange</th>
            <th scope="col" class="num">Signal</th><th scope="col" class="num">Signal price</th><th scope="col" class="num">Last</th>
            <th scope="col" class="num">Replaced</th><th scope="col">Queued</th><th scope="col">Expires</th><th scope="col">Why this rank</th></tr></thead>
          <tbody>${pool.queue.length === 0 ? html`<tr><td colspan="11" class="empty">Nothing waiting: every entry found a slot.</td></tr>` : nothing}
            ${repeat(pool.queue, (e) => e.sequence, (e) => html`<tr data-rank=${e.rank}>
              <td class="num">${e.rank}</td><td>${e.symbol}</td><td>${e.timeframe}</td><td>${e.exchange}</td>
              <td class="num">${e.signalId}</td><td class="num">${fixed(e.signalPrice)}</td><td class="num">${fixed(e.lastPrice)}</td>
              <td class="num">${e.replacementCount}${e.replacedAt ? html` <small class="muted">${age(e.replacedAt)} ago</small>` : nothing}</td>
              <td>${time(e.queuedAt)}</td><td>${this.expires(e)}</td>
              <td class="why">${Object.entries(e.values).map(([rule, value]) => `${rule} ${fixed(value)}`).join(' · ')}</td></tr>`)}</tbody>
        </table>
      </section>`;
  }

  expires(entry) {
    if (!this.expiry) return html`<span class="muted">never</span>`;
    const left = new Date(entry.queuedAt).getTime() + this.expiry * 60000 - Date.now();
    if (left <= 0) return 'now';
    const minutes = Math.floor(left / 60000);
    return html`<span class="num">in ${minutes} min ${Math.floor((left % 60000) / 1000)} s</span>`;
  }
}

customElements.define('pyra-pool', PyraPool);
