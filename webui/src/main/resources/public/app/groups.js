// Position groups: the live table (rows keyed and updated in place, never re-sorted under the
// pointer) and the closed history, sorted, filtered and paged by the server.
import { LitElement, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
import { store } from './store.js';
import { api } from './api.js';
import { exportButtons, GROUP_EXPORT } from './exporting.js';
import { price, quantity, signed, time, age, seconds } from './format.js';

const STALE_SECONDS = 60;
const PAGE = 100;

const COLUMNS = [
  ['id', '#', (g) => g.id], ['exchange', 'Exchange', (g) => g.exchange], ['symbol', 'Pair', (g) => g.symbol],
  ['timeframe', 'TF', (g) => g.timeframe], ['status', 'Status', (g) => g.status],
  ['pyramids', 'Pyramids', (g) => g.pyramids.length], ['legs', 'DCA filled', (g) => g.filledLegs],
  ['averageEntry', 'Avg entry', (g) => Number(g.averageEntry ?? 0)], ['lastPrice', 'Last', (g) => Number(g.lastPrice ?? 0)],
  ['unrealizedPnl', 'Unrealized', (g) => Number(g.unrealizedPnl ?? 0)], ['realizedPnl', 'Realized', (g) => Number(g.realizedPnl ?? 0)],
  ['takeProfitMode', 'TP mode', (g) => g.takeProfitMode], ['openedAt', 'Age', (g) => g.openedAt],
];

export function statusBadge(status) {
  return html`<span class="badge status-${status}">${status}</span>`;
}

export function pnl(value, cls = '') {
  const s = signed(value);
  return html`<span class="num ${s.cls} ${cls}">${s.text}</span>`;
}

class PyraGroups extends LitElement {
  static properties = { sort: { state: true }, filter: { state: true }, history: { state: true }, page: { state: true },
    historySort: { state: true }, historySymbol: { state: true }, historyFrom: { state: true }, historyTo: { state: true } };

  createRenderRoot() { return this; }

  constructor() {
    super();
    this.sort = { key: 'id', desc: true };
    this.filter = '';
    this.frozenOrder = null;
    this.history = null;
    this.page = 0;
    this.historySort = 'closedAt';
    // a link from the dashboard may name the trades it means: #/groups?symbol=BTCUSDT&from=…&to=…
    const linked = new URLSearchParams(location.hash.split('?')[1] ?? '');
    this.historySymbol = linked.get('symbol') ?? '';
    this.historyFrom = linked.get('from') ?? '';
    this.historyTo = linked.get('to') ?? '';
    this.maxPyramids = null;
    this.openPage = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = store.subscribe(() => this.requestUpdate());
    this.loadHistory();
    api('/config').then((c) => { this.maxPyramids = c.engine.maxPyramids; this.requestUpdate(); }).catch(() => {});
    this.onMessage = (e) => { if (e.detail.type === 'group.updated' && e.detail.data.status === 'closed') this.loadHistorySoon(); };
    store.addEventListener('message', this.onMessage);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unsubscribe();
    store.removeEventListener('message', this.onMessage);
  }

  loadHistorySoon() {
    clearTimeout(this.historyTimer);
    this.historyTimer = setTimeout(() => this.loadHistory(), 500);
  }

  /** Every closed group under the filter in force, page by page (the export of the whole view, not one page). */
  async allHistory() {
    const groups = [];
    for (let offset = 0; offset < 100000; offset += 1000) {
      const params = new URLSearchParams({ status: 'closed', limit: '1000', offset: String(offset), sort: this.historySort });
      if (this.historySymbol) params.set('symbol', this.historySymbol);
    if (this.historyFrom) params.set('from', this.historyFrom);
    if (this.historyTo) params.set('to', this.historyTo);
      if (this.historyFrom) params.set('from', this.historyFrom);
      if (this.historyTo) params.set('to', this.historyTo);
      const page = await api(`/groups?${params}`);
      groups.push(...page.groups);
      if (page.groups.length < 1000) break;
    }
    return groups;
  }

  async loadHistory() {
    const params = new URLSearchParams({ status: 'closed', limit: '20', offset: String(this.page * 20), sort: this.historySort });
    if (this.historySymbol) params.set('symbol', this.historySymbol);
    if (this.historyFrom) params.set('from', this.historyFrom);
    if (this.historyTo) params.set('to', this.historyTo);
    try {
      this.history = await api(`/groups?${params}`);
    } catch (e) {
      this.history = { groups: [], closedTotal: 0, error: e.message };
    }
  }

  rows() {
    const text = this.filter.trim().toUpperCase();
    const open = store.openGroups().filter((g) => !text || `${g.exchange} ${g.symbol} ${g.timeframe} ${g.status}`.toUpperCase().includes(text));
    if (this.frozenOrder) {
      // the pointer is over the table: rows keep their places, new ones go last
      const byId = new Map(open.map((g) => [g.id, g]));
      const kept = this.frozenOrder.filter((id) => byId.has(id)).map((id) => byId.get(id));
      const added = open.filter((g) => !this.frozenOrder.includes(g.id));
      return [...kept, ...added];
    }
    const column = COLUMNS.find(([key]) => key === this.sort.key);
    const sorted = [...open].sort((a, b) => {
      const x = column[2](a);
      const y = column[2](b);
      return (x < y ? -1 : x > y ? 1 : 0) * (this.sort.desc ? -1 : 1);
    });
    return sorted;
  }

  render() {
    const all = this.rows();
    const pages = Math.max(1, Math.ceil(all.length / PAGE));
    if (this.openPage >= pages) this.openPage = pages - 1;
    // a page of rows in the DOM, however many groups are live: the table stays light at any count
    const rows = all.slice(this.openPage * PAGE, (this.openPage + 1) * PAGE);
    const live = store.live;
    // rows re-render when their group changed, and once a second for their ages
    const tick = Math.floor(Date.now() / 1000);
    return html`
      <section class="card">
        <div class="toolbar">
          <h1>Position groups <small class="muted">${all.length} open</small></h1>
          <label class="inline">Filter <input type="search" .value=${this.filter} placeholder="pair, exchange, status"
              @input=${(e) => { this.filter = e.target.value; }}></label>
          ${exportButtons('open-groups', () => this.rows(), GROUP_EXPORT)}
        </div>
        <div class="table-wrap" @pointerenter=${() => { this.frozenOrder = all.map((g) => g.id); }}
            @pointerleave=${() => { this.frozenOrder = null; this.requestUpdate(); }}>
          <table class="grid" id="open-groups">
            <thead><tr>${COLUMNS.map(([key, label]) => html`<th scope="col" class=${this.numeric(key) ? 'num' : ''}
                aria-sort=${this.sort.key === key ? (this.sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" class="sort" @click=${() => this.sortBy(key)}>${label}${this.sort.key === key ? (this.sort.desc ? ' ↓' : ' ↑') : ''}</button></th>`)}</tr></thead>
            <tbody>
              ${rows.length === 0 ? html`<tr><td colspan=${COLUMNS.length} class="empty">No open position group. A TradingView entry signal opens one.</td></tr>` : nothing}
              ${repeat(rows, (g) => g.id, (g) => guard([g, live, tick, this.maxPyramids], () => this.row(g, live)))}
            </tbody>
          </table>
        </div>
        ${pages > 1 ? html`<div class="pager">
          <button type="button" ?disabled=${this.openPage === 0} @click=${() => { this.openPage -= 1; this.requestUpdate(); }}>← Previous</button>
          <span class="muted">rows ${this.openPage * PAGE + 1}–${Math.min(all.length, (this.openPage + 1) * PAGE)} of ${all.length}</span>
          <button type="button" ?disabled=${this.openPage + 1 >= pages} @click=${() => { this.openPage += 1; this.requestUpdate(); }}>Next →</button>
        </div>` : nothing}
      </section>
      ${this.renderHistory()}`;
  }

  numeric(key) {
    return ['id', 'pyramids', 'legs', 'averageEntry', 'lastPrice', 'unrealizedPnl', 'realizedPnl'].includes(key);
  }

  row(g, live) {
    const stale = !live || seconds(g.lastPriceAt) > STALE_SECONDS;
    return html`<tr data-group=${g.id} class=${g.status}>
      <td class="num"><a href="#/groups/${g.id}" aria-label="Group ${g.id} ${g.symbol}">${g.id}</a></td>
      <td>${g.exchange}</td><td>${g.symbol}</td><td>${g.timeframe}</td><td>${statusBadge(g.status)}</td>
      <td class="num">${g.pyramids.length}${this.maxPyramids ? html`<span class="muted">/${this.maxPyramids}</span>` : nothing}</td>
      <td class="num">${g.filledLegs}<span class="muted">/${g.totalLegs}</span></td>
      <td class="num">${price(g.averageEntry, g)}</td>
      <td class="num ${stale ? 'stale' : ''}" title=${g.lastPriceAt ? `seen ${age(g.lastPriceAt)} ago` : 'no price yet'}>
        ${price(g.lastPrice, g)} <small class="age">${g.lastPriceAt ? age(g.lastPriceAt) : ''}</small></td>
      <td class=${stale ? 'stale' : ''}>${pnl(g.unrealizedPnl)}</td><td>${pnl(g.realizedPnl)}</td>
      <td>${g.takeProfitMode}</td><td class="num" title=${time(g.openedAt)}>${age(g.openedAt)}</td>
    </tr>`;
  }

  sortBy(key) {
    this.sort = { key, desc: this.sort.key === key ? !this.sort.desc : true };
    this.frozenOrder = null;
  }

  renderHistory() {
    const h = this.history;
    const pages = h ? Math.max(1, Math.ceil(h.closedTotal / 20)) : 1;
    return html`<section class="card">
      <div class="toolbar">
        <h2>Closed history <small class="muted">${h ? `${h.closedTotal} group${h.closedTotal === 1 ? '' : 's'}` : '…'}</small></h2>
        <label class="inline">Pair <input type="search" .value=${this.historySymbol} placeholder="e.g. BTCUSDT"
            @change=${(e) => { this.historySymbol = e.target.value.trim(); this.page = 0; this.loadHistory(); }}></label>
        <label class="inline">Sort <select @change=${(e) => { this.historySort = e.target.value; this.page = 0; this.loadHistory(); }}>
          <option value="closedAt">closed, newest first</option><option value="realizedPnl">realized PnL</option>
          <option value="openedAt">opened</option><option value="symbol">pair</option></select></label>
        ${this.historyFrom || this.historyTo ? html`<span class="chip" id="history-range">closed ${time(this.historyFrom) || '…'} – ${time(this.historyTo) || '…'}
          <button type="button" class="ghost small" aria-label="Any close time"
              @click=${() => { this.historyFrom = ''; this.historyTo = ''; this.page = 0; this.loadHistory(); }}>✕</button></span>` : nothing}
        ${exportButtons('closed-groups', () => this.allHistory(), GROUP_EXPORT)}
      </div>
      <table class="grid" id="closed-groups">
        <thead><tr><th scope="col" class="num">#</th><th scope="col">Exchange</th><th scope="col">Pair</th><th scope="col">TF</th>
          <th scope="col">Opened</th><th scope="col">Closed</th><th scope="col" class="num">Pyramids</th>
          <th scope="col" class="num">Realized</th><th scope="col">Why</th></tr></thead>
        <tbody>${h && h.groups.length === 0 ? html`<tr><td colspan="9" class="empty">No closed group yet.</td></tr>` : nothing}
          ${repeat(h?.groups ?? [], (g) => g.id, (g) => html`<tr data-group=${g.id}>
            <td class="num"><a href="#/groups/${g.id}">${g.id}</a></td><td>${g.exchange}</td><td>${g.symbol}</td><td>${g.timeframe}</td>
            <td>${time(g.openedAt)}</td><td>${time(g.closedAt)}</td><td class="num">${g.pyramids.length}</td>
            <td>${pnl(g.realizedPnl)}</td><td class="why">${g.closeReason}</td></tr>`)}</tbody>
      </table>
      <div class="pager">
        <button type="button" ?disabled=${this.page === 0} @click=${() => { this.page -= 1; this.loadHistory(); }}>← Newer</button>
        <span class="muted">page ${this.page + 1} of ${pages}</span>
        <button type="button" ?disabled=${this.page + 1 >= pages} @click=${() => { this.page += 1; this.loadHistory(); }}>Older →</button>
      </div>
    </section>`;
  }
}

customElements.define('pyra-groups', PyraGroups);
