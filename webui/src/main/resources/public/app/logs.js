// The log viewer: filter by category, level, time, text and group; new lines arrive live from the
// stream; export the filtered view; replay a logged webhook after seeing its body (secret masked)
// and what validation says of it now.
import { LitElement, html, nothing } from 'lit';
import { api, ApiError } from './api.js';
import { store } from './store.js';
import { time, timeZone } from './format.js';

const CATEGORIES = ['system', 'webhook', 'order', 'precision', 'risk', 'error'];
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

class PyraLogs extends LitElement {
  static properties = { entries: { state: true }, next: { state: true }, filter: { state: true }, live: { state: true },
    error: { state: true }, replay: { state: true }, loading: { state: true } };

  createRenderRoot() { return this; }

  constructor() {
    super();
    this.filter = { category: '', level: 'INFO', from: '', to: '', q: '', groupId: '' };
    this.entries = [];
    this.live = true;
  }

  connectedCallback() {
    super.connectedCallback();
    this.onMessage = (e) => {
      const m = e.detail;
      if (m.type === 'log.appended' && this.live && !this.filter.to && this.matches(m.data)) {
        this.entries = [m.data, ...this.entries].slice(0, 2000);
      }
    };
    store.addEventListener('message', this.onMessage);
    this.search();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    store.removeEventListener('message', this.onMessage);
  }

  /** The filter as the server applies it, for the lines the stream brings. */
  matches(entry) {
    const f = this.filter;
    if (f.category && entry.category !== f.category && !(f.category === 'error' && entry.level === 'ERROR')) return false;
    if (f.level && LEVELS.indexOf(entry.level) < LEVELS.indexOf(f.level)) return false;
    if (f.q && !`${entry.message} ${entry.correlationId ?? ''}`.toLowerCase().includes(f.q.toLowerCase())) return false;
    if (f.groupId && entry.fields?.groupId !== String(f.groupId)) return false;
    return true;
  }

  /** A datetime-local value read in the page's time zone (UTC or local, as the bar says). */
  static instant(local) {
    if (!local) return '';
    return timeZone() === 'utc' ? new Date(`${local}:00Z`).toISOString() : new Date(local).toISOString();
  }

  query(extra = {}) {
    const f = this.filter;
    const params = new URLSearchParams();
    Object.entries({ category: f.category, level: f.level, q: f.q, groupId: f.groupId, from: PyraLogs.instant(f.from),
      to: PyraLogs.instant(f.to), ...extra }).forEach(([k, v]) => { if (v !== '' && v !== undefined && v !== null) params.set(k, v); });
    return params.toString();
  }

  async search(older = false) {
    this.loading = true;
    try {
      const page = await api(`/logs?${this.query({ limit: 200, before: older ? this.next : undefined })}`);
      this.entries = older ? [...this.entries, ...page.entries] : page.entries;
      this.next = page.next;
      this.error = null;
    } catch (e) {
      this.error = e.message;
    } finally {
      this.loading = false;
    }
  }

  setFilter(key, value) {
    this.filter = { ...this.filter, [key]: value };
  }

  render() {
    const f = this.filter;
    return html`
      <section class="card">
        <div class="toolbar"><h1>Logs</h1>
          <label class="inline"><input type="checkbox" id="live-tail" .checked=${this.live} @change=${(e) => { this.live = e.target.checked; }}>
            Live tail</label>
          <span class="export" role="group" aria-label="Export the filtered log">
            <a class="button" id="export-csv" href="/api/v1/logs/export?${this.query({ format: 'csv' })}" download>Export CSV</a>
            <a class="button" id="export-json" href="/api/v1/logs/export?${this.query({ format: 'json' })}" download>Export JSON</a></span>
        </div>
        <form class="filters" id="log-filters" @submit=${(e) => { e.preventDefault(); this.search(); }}>
          <label class="inline">Category <select id="filter-category" @change=${(e) => this.setFilter('category', e.target.value)}>
            <option value="">all</option>${CATEGORIES.map((c) => html`<option value=${c} ?selected=${f.category === c}>${c}</option>`)}</select></label>
          <label class="inline">Level ≥ <select id="filter-level" @change=${(e) => this.setFilter('level', e.target.value)}>
            ${LEVELS.map((l) => html`<option value=${l} ?selected=${f.level === l}>${l}</option>`)}</select></label>
          <label class="inline">From <input type="datetime-local" id="filter-from" .value=${f.from} @change=${(e) => this.setFilter('from', e.target.value)}></label>
          <label class="inline">To <input type="datetime-local" id="filter-to" .value=${f.to} @change=${(e) => this.setFilter('to', e.target.value)}></label>
          <small class="muted">${timeZone() === 'utc' ? 'UTC' : 'local time'}</small>
          <label class="inline">Text <input type="search" id="filter-text" .value=${f.q} @input=${(e) => this.setFilter('q', e.target.value)}></label>
          <label class="inline">Group <input id="filter-group" class="short" inputmode="numeric" .value=${f.groupId}
              @input=${(e) => this.setFilter('groupId', e.target.value.trim())}></label>
          <button type="submit" class="primary" id="apply-filters">Apply</button>
        </form>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <table class="grid" id="log-table">
          <thead><tr><th scope="col">Time</th><th scope="col">Level</th><th scope="col">Category</th><th scope="col">Message</th>
            <th scope="col">Correlation</th><th scope="col"></th></tr></thead>
          <tbody>${this.entries.length === 0 ? html`<tr><td colspan="6" class="muted">${this.loading ? 'Reading…' : 'No line matches.'}</td></tr>` : nothing}
            ${this.entries.map((e) => html`<tr class="level-${e.level}" data-signal=${e.fields?.signalId ?? ''}>
              <td class="num"><time>${time(e.at)}</time></td><td><span class="badge level-${e.level}">${e.level}</span></td>
              <td>${e.category}</td><td class="why">${e.message}</td>
              <td>${e.fields?.groupId ? html`<a href="#/groups/${e.fields.groupId}">group ${e.fields.groupId}</a> ` : nothing}
                <small class="muted">${e.correlationId ?? ''}</small></td>
              <td>${e.fields?.signalId ? html`<button type="button" class="small risky" data-replay=${e.fields.signalId}
                  @click=${() => this.askReplay(e.fields.signalId)}>Replay…</button>` : nothing}</td></tr>`)}</tbody>
        </table>
        <div class="pager"><span class="muted">${this.entries.length} line(s)</span>
          ${this.next ? html`<button type="button" id="older" @click=${() => this.search(true)}>Older lines</button>` : nothing}</div>
      </section>
      ${this.renderReplay()}`;
  }

  async askReplay(signalId) {
    this.replay = { signalId, loading: true };
    try {
      this.replay = { signalId, check: await api(`/signals/${signalId}/replay?dryRun=true`, { method: 'POST' }) };
    } catch (e) {
      this.replay = { signalId, error: e.message };
    }
  }

  async doReplay() {
    const r = this.replay;
    try {
      this.replay = { ...r, answer: await api(`/signals/${r.signalId}/replay`, { method: 'POST' }) };
    } catch (e) {
      this.replay = { ...r, answer: e instanceof ApiError ? e.body ?? { error: e.message } : { error: String(e) } };
    }
  }

  renderReplay() {
    const r = this.replay;
    if (!r) return nothing;
    const c = r.check;
    return html`<div class="backdrop" @click=${(e) => { if (e.target === e.currentTarget) this.replay = null; }}>
      <div class="dialog card wide" role="dialog" aria-modal="true" aria-labelledby="replay-title">
        <h2 id="replay-title">Replay signal ${r.signalId}?</h2>
        ${r.loading ? html`<p class="loading">Checking it against today's validation…</p>` : nothing}
        ${r.error ? html`<p class="error" role="alert">${r.error}</p>` : nothing}
        ${c ? html`<p>It goes through the webhook's validation, staleness guard and deduplication again, as if TradingView sent it now.</p>
          <pre class="body" id="replay-body">${JSON.stringify(c.body, null, 2)}</pre>
          <p id="replay-verdict">Validation now: <span class="badge ${c.verdict === 'accepted' ? 'on' : 'status-closing'}">${c.verdict}</span>
            ${c.reason}</p>` : nothing}
        ${r.answer ? html`<p class=${r.answer.error ? 'error' : 'notice'} role="status" id="replay-answer">${r.answer.error
          ? r.answer.error : `Signal ${r.answer.signalId}: ${r.answer.status}${r.answer.reason ? ` — ${r.answer.reason}` : ''}`}</p>` : nothing}
        <div class="actions"><button type="button" @click=${() => { this.replay = null; }}>${r.answer ? 'Close' : 'Cancel'}</button>
          ${c && !r.answer ? html`<button type="button" class="primary risky" id="confirm-replay" ?disabled=${c.verdict === 'rejected'}
              @click=${() => this.doReplay()}>Replay</button>` : nothing}</div>
      </div></div>`;
  }
}

customElements.define('pyra-logs', PyraLogs);
