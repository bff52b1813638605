// The dashboard, the web app's home page: PnL, the equity curve with its drawdown, trade and risk
// statistics, heatmaps, allocation and the daily summary — every figure from GET /api/v1/stats
// (the page computes none), every figure linking to the trades behind it. Live: stats.updated
// moves the locked-value gauge and the equity; a closed group reloads the rest.
import { LitElement, html, nothing } from 'lit';
import { store } from './store.js';
import { api } from './api.js';
import { fixed, money, time, timeZone } from './format.js';
import { pnl } from './groups.js';
import { exportButtons, chartButtons } from './exporting.js';

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const num = (v) => (v === null || v === undefined ? null : Number(v)); // drawing only: figures show the exact decimals
const RANGES = [['all', 'All time', null], ['1', 'Today', 1], ['7', '7 days', 7], ['30', '30 days', 30], ['90', '90 days', 90],
  ['365', '1 year', 365]];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY_PAGE = 14;

const DAILY_EXPORT = [['date', (d) => d.date], ['trades', (d) => d.trades], ['wins', (d) => d.wins], ['losses', (d) => d.losses],
  ['realizedPnl', (d) => d.realizedPnl], ['fees', (d) => d.fees], ['equity', (d) => d.equity]];
const PAIR_EXPORT = [['exchange', (p) => p.exchange], ['symbol', (p) => p.symbol], ['trades', (p) => p.trades], ['wins', (p) => p.wins],
  ['losses', (p) => p.losses], ['winRate', (p) => p.winRate], ['realizedPnl', (p) => p.realizedPnl], ['fees', (p) => p.fees]];
const ALLOCATION_EXPORT = [['kind', (a) => a.kind], ['name', (a) => a.name], ['invested', (a) => a.invested], ['value', (a) => a.value]];

function percent(value) {
  return value === null || value === undefined ? html`<span class="muted">—</span>` : html`${fixed(value, 2)} %`;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Number(seconds);
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

function ratio(value) {
  return value === null || value === undefined ? html`<span class="muted">—</span>` : fixed(String(value), 2);
}

function nextDay(date) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().replace('.000', '');
}

class PyraDashboard extends LitElement {
  static properties = { stats: { state: true }, error: { state: true }, range: { state: true }, exchange: { state: true },
    symbol: { state: true }, dayPage: { state: true }, live: { state: true } };

  createRenderRoot() { return this; }

  constructor() {
    super();
    this.range = localStorage.getItem('pyra.dashboard.range') ?? 'all';
    this.exchange = '';
    this.symbol = '';
    this.dayPage = 0;
    this.charts = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = store.subscribe(() => this.requestUpdate());
    this.onMessage = (e) => {
      const m = e.detail;
      if (m.type === 'stats.updated') this.live = m.data;
      if (m.type === 'group.updated' && m.data.status === 'closed') this.loadSoon();
      if (m.type === 'hello') this.loadSoon(); // a reconnect: what was missed is in the snapshot
    };
    store.addEventListener('message', this.onMessage);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unsubscribe();
    store.removeEventListener('message', this.onMessage);
    Object.values(this.charts).forEach((c) => c.dispose());
    this.charts = {};
    this.resizer?.disconnect();
  }

  /** What the API is asked: the range, venue and pair chosen, and the zone the header shows times in. */
  query() {
    const params = new URLSearchParams();
    const days = RANGES.find(([id]) => id === this.range)?.[2];
    if (days) {
      const from = new Date();
      from.setUTCHours(0, 0, 0, 0);
      from.setUTCDate(from.getUTCDate() - (days - 1));
      params.set('from', from.toISOString().replace('.000', ''));
    }
    if (this.exchange) params.set('exchange', this.exchange);
    if (this.symbol) params.set('symbol', this.symbol);
    params.set('tz', timeZone() === 'utc' ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone);
    return params;
  }

  loadSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(), 800);
  }

  async load() {
    try {
      this.stats = await api(`/stats?${this.query()}`);
      this.live = null;
      this.error = null;
    } catch (e) {
      this.error = e.message;
    }
  }

  set(field, value) {
    this[field] = value;
    this.dayPage = 0;
    if (field === 'range') localStorage.setItem('pyra.dashboard.range', value);
    this.load();
  }

  render() {
    const s = this.stats;
    if (this.error && !s) return html`<section class="card"><h1>Dashboard</h1><p class="error" role="alert">${this.error}</p></section>`;
    if (!s) return html`<p class="loading">Reading the statistics…</p>`;
    const live = this.live;
    const equity = live?.equity ?? s.equityNow;
    const tvl = live?.tvl ?? s.tvl;
    const tvlPercent = live ? live.tvlPercent : s.tvlPercent;
    const trades = new URLSearchParams({ ...(s.from ? { from: s.from } : {}), ...(s.to ? { to: s.to } : {}), ...(s.symbol ? { symbol: s.symbol } : {}) });
    return html`
      <section class="card">
        <div class="toolbar">
          <h1>Dashboard</h1>
          <div class="filters">
            <label class="inline">Range <select id="stats-range" @change=${(e) => this.set('range', e.target.value)}>
              ${RANGES.map(([id, label]) => html`<option value=${id} ?selected=${this.range === id}>${label}</option>`)}</select></label>
            <label class="inline">Venue <select id="stats-exchange" @change=${(e) => this.set('exchange', e.target.value)}>
              <option value="">all</option>${store.venues.map((v) => html`<option value=${v.id} ?selected=${this.exchange === v.id}>${v.id}</option>`)}
            </select></label>
            <label class="inline">Pair <input id="stats-symbol" type="search" class="short" .value=${this.symbol} placeholder="all"
                @change=${(e) => this.set('symbol', e.target.value.trim().toUpperCase())}></label>
          </div>
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <div class="kpis">
          <a class="kpi" id="kpi-equity" href="#/groups"><span class="label">Equity</span><strong class="num">${money(equity)}</strong>
            <small class="muted">capital ${money(s.capital)}</small></a>
          <a class="kpi" id="kpi-realized" href="#/groups?${trades}"><span class="label">Realized PnL</span><strong>${pnl(s.realizedPnl)}</strong>
            <small class="muted">${percent(s.realizedPnlPercent)} of capital</small></a>
          <a class="kpi" id="kpi-unrealized" href="#/groups"><span class="label">Unrealized PnL</span>
            <strong>${pnl(live?.unrealizedPnl ?? s.unrealizedPnl)}</strong><small class="muted">${percent(s.unrealizedPnlPercent)} · open groups realized ${money(s.openRealizedPnl)}</small></a>
          <a class="kpi" id="kpi-periods" href="#/groups?${trades}"><span class="label">Today · 7 d · 30 d</span>
            <span class="periods">${pnl(s.periods.today)} · ${pnl(s.periods.days7)} · ${pnl(s.periods.days30)}</span><small class="muted">UTC days</small></a>
          <a class="kpi" id="kpi-fees" href="#/groups?${trades}"><span class="label">Fees paid</span><strong class="num">${money(s.fees)}</strong>
            <small class="muted">${percent(s.feesPercent)} of capital</small></a>
          <a class="kpi" id="kpi-winrate" href="#/groups?${trades}"><span class="label">Win rate</span><strong class="num">${percent(s.winRate)}</strong>
            <small class="muted" id="kpi-trades">${s.trades} trades · ${s.wins} won · ${s.losses} lost${s.even ? ` · ${s.even} even` : ''}</small></a>
          <div class="kpi" id="kpi-drawdown"><span class="label">Max drawdown</span><strong class="num">${money(s.maxDrawdown)}</strong>
            <small class="muted">${percent(s.maxDrawdownPercent)} · now ${money(s.currentDrawdown)}</small></div>
          <div class="kpi" id="kpi-ratios"><span class="label">Sharpe · Sortino · Calmar</span>
            <strong class="num">${ratio(s.sharpe)} · ${ratio(s.sortino)} · ${ratio(s.calmar)}</strong>
            <small class="muted">${s.dailyReturns} daily returns, risk-free ${fixed(s.riskFreeRatePercent)} %</small></div>
          <div class="kpi gauge-kpi"><span class="label">Locked in positions</span>
            <div class="chart gauge" id="tvl-gauge" role="img" aria-label="Value locked in open positions: ${fixed(tvlPercent, 1)} % of capital"></div>
            <small class="muted num" id="tvl-value">${money(tvl)} of ${money(s.capital)}</small></div>
        </div>
      </section>
      <section class="card">
        <div class="toolbar"><h2>Equity <small class="muted">capital + realized + unrealized · ${s.resolution === 'sample' ? 'every sample' : `per ${s.resolution}`}
          · drawdown beneath</small></h2>
          <span>${chartButtons('equity', () => this.charts.equity, () => s.equity)}
            <a class="button ghost small" id="download-equity-csv" href="/api/v1/stats/equity.csv?${this.query()}" download>CSV</a></span></div>
        ${s.equity.length ? html`<div class="chart tall" id="equity-chart" role="img" aria-label="Equity curve with its drawdown beneath"></div>`
          : html`<p class="muted" id="equity-empty">No equity sample yet: one is taken every minute while a group is open, and at each close.</p>`}
        ${s.maxDrawdown && Number(s.maxDrawdown) > 0 ? html`<p class="muted" id="drawdown-episode">Largest fall ${money(s.maxDrawdown)}
          from ${time(s.maxDrawdownStart)} to ${time(s.maxDrawdownTrough)}, ${s.maxDrawdownRecovery ? `recovered ${time(s.maxDrawdownRecovery)}` : 'not recovered yet'}.</p>` : nothing}
      </section>
      <div class="two">
        <section class="card">
          <h2>Trades</h2>
          <dl class="facts" id="trade-stats">
            <div><dt>Average win · loss</dt><dd>${pnl(s.averageWin)} · ${pnl(s.averageLoss === null ? null : `-${s.averageLoss}`)}</dd></div>
            <div><dt>Profit factor</dt><dd class="num" id="profit-factor">${s.profitFactor === null ? '—' : fixed(s.profitFactor, 2)}</dd></div>
            <div><dt>Expectancy (per trade)</dt><dd>${pnl(s.expectancy)}</dd></div>
            <div><dt>Longest streaks</dt><dd class="num" id="streaks">${s.longestWinStreak} wins · ${s.longestLossStreak} losses</dd></div>
            <div><dt>Average holding time</dt><dd>${duration(s.averageHoldingSeconds)}</dd></div>
            <div><dt>Best · worst trade</dt><dd>
              ${s.best ? html`<a href="#/groups/${s.best.groupId}" id="best-trade">${pnl(s.best.realizedPnl)} #${s.best.groupId}</a>` : '—'} ·
              ${s.worst ? html`<a href="#/groups/${s.worst.groupId}" id="worst-trade">${pnl(s.worst.realizedPnl)} #${s.worst.groupId}</a>` : '—'}</dd></div>
            <div><dt>Gross profit · loss</dt><dd class="num">${money(s.grossProfit)} · ${money(s.grossLoss)}</dd></div>
            <div><dt>By venue</dt><dd>${s.byExchange.map((e) => html`<span class="chip">${e.exchange} ${pnl(e.realizedPnl)}</span> `)}</dd></div>
          </dl>
        </section>
        <section class="card">
          <div class="toolbar"><h2>Allocation <small class="muted">now</small></h2>
            ${exportButtons('allocation', () => this.allocationRows(s), ALLOCATION_EXPORT)}</div>
          ${this.allocationRows(s).length ? html`<div class="chart" id="allocation-chart" role="img" aria-label="Capital in each open group and free balances"></div>`
            : html`<p class="muted">No open group and no free balance known yet.</p>`}
          <table class="grid compact" id="allocation-table">
            <thead><tr><th scope="col">Where</th><th scope="col" class="num">Invested</th><th scope="col" class="num">Value</th></tr></thead>
            <tbody>${s.allocation.groups.map((g) => html`<tr><td><a href="#/groups/${g.groupId}">#${g.groupId} ${g.symbol}</a> <small class="muted">${g.exchange}</small></td>
              <td class="num">${money(g.invested)}</td><td class="num">${money(g.value)}</td></tr>`)}
              ${s.allocation.free.map((b) => html`<tr><td>free ${b.asset} <small class="muted">${b.exchange}</small></td><td></td><td class="num">${money(b.free)}</td></tr>`)}</tbody>
          </table>
        </section>
      </div>
      <div class="two">
        <section class="card">
          <div class="toolbar"><h2>PnL by weekday and hour <small class="muted" id="heatmap-zone">${s.heatmap.zone === 'UTC' || s.heatmap.zone === 'Z' ? 'UTC' : `local time (${s.heatmap.zone})`}</small></h2>
            ${chartButtons('weekday-hour', () => this.charts.heatmap, () => s.heatmap)}</div>
          <div class="chart" id="heatmap-chart" role="img" aria-label="Realized PnL by weekday and hour of the close"></div>
        </section>
        <section class="card">
          <div class="toolbar"><h2>Returns per trade <small class="muted">realized ÷ paid, 1 % buckets</small></h2>
            ${chartButtons('returns', () => this.charts.returns, () => s.returns)}</div>
          <div class="chart" id="returns-chart" role="img" aria-label="Distribution of trade returns"></div>
        </section>
      </div>
      <section class="card">
        <div class="toolbar"><h2>PnL by pair</h2>
          <span>${chartButtons('pairs', () => this.charts.pairs, () => s.byPair)} ${exportButtons('pairs', () => s.byPair, PAIR_EXPORT)}</span></div>
        <div class="two">
          <div class="chart" id="pairs-chart" role="img" aria-label="Realized PnL by pair"></div>
          <table class="grid compact" id="pair-table">
            <thead><tr><th scope="col">Pair</th><th scope="col" class="num">Trades</th><th scope="col" class="num">Win rate</th>
              <th scope="col" class="num">Realized</th><th scope="col" class="num">Fees</th></tr></thead>
            <tbody>${s.byPair.length === 0 ? html`<tr><td colspan="5" class="empty">No closed trade in this range.</td></tr>` : nothing}
              ${s.byPair.map((p) => html`<tr data-pair=${p.symbol}><td><a href="#/groups?${new URLSearchParams({ symbol: p.symbol })}">${p.symbol}</a>
                <small class="muted">${p.exchange}</small></td><td class="num">${p.trades}</td><td class="num">${percent(p.winRate)}</td>
                <td>${pnl(p.realizedPnl)}</td><td class="num">${money(p.fees)}</td></tr>`)}</tbody>
          </table>
        </div>
      </section>
      ${this.renderDaily(s)}`;
  }

  renderDaily(s) {
    const pages = Math.max(1, Math.ceil(s.daily.length / DAY_PAGE));
    const rows = s.daily.slice(this.dayPage * DAY_PAGE, (this.dayPage + 1) * DAY_PAGE);
    return html`<section class="card">
      <div class="toolbar"><h2>Daily summary <small class="muted">UTC days, newest first</small></h2>
        ${exportButtons('daily', () => s.daily, DAILY_EXPORT)}</div>
      <table class="grid" id="daily-table">
        <thead><tr><th scope="col">Date</th><th scope="col" class="num">Trades</th><th scope="col" class="num">Won</th><th scope="col" class="num">Lost</th>
          <th scope="col" class="num">Realized</th><th scope="col" class="num">Fees</th><th scope="col" class="num">Equity at close</th></tr></thead>
        <tbody>${rows.length === 0 ? html`<tr><td colspan="7" class="empty">No day with a trade or a sample yet.</td></tr>` : nothing}
          ${rows.map((d) => html`<tr data-date=${d.date}>
            <td>${d.trades ? html`<a href="#/groups?${new URLSearchParams({ from: `${d.date}T00:00:00Z`, to: nextDay(d.date), ...(s.symbol ? { symbol: s.symbol } : {}) })}">${d.date}</a>` : d.date}</td>
            <td class="num">${d.trades}</td><td class="num">${d.wins}</td><td class="num">${d.losses}</td><td>${pnl(d.realizedPnl)}</td>
            <td class="num">${money(d.fees)}</td><td class="num">${d.equity === null ? '—' : money(d.equity)}</td></tr>`)}</tbody>
      </table>
      ${pages > 1 ? html`<div class="pager">
        <button type="button" ?disabled=${this.dayPage === 0} @click=${() => { this.dayPage -= 1; }}>← Newer</button>
        <span class="muted">page ${this.dayPage + 1} of ${pages}</span>
        <button type="button" ?disabled=${this.dayPage + 1 >= pages} @click=${() => { this.dayPage += 1; }}>Older →</button></div>` : nothing}
    </section>`;
  }

  allocationRows(s) {
    return [...s.allocation.groups.map((g) => ({ kind: 'group', name: `#${g.groupId} ${g.symbol}`, invested: g.invested, value: g.value })),
      ...s.allocation.free.map((b) => ({ kind: 'free', name: `${b.exchange} ${b.asset}`, invested: null, value: b.free }))];
  }

  async updated() {
    const s = this.stats;
    if (!s) return;
    const echarts = await import('echarts');
    const base = { animation: false, textStyle: { color: css('--fg'), fontFamily: css('--font') } };
    const axis = { axisLine: { lineStyle: { color: css('--line') } }, splitLine: { lineStyle: { color: css('--line') } } };
    this.draw(echarts, 'gauge', '#tvl-gauge', {
      ...base,
      series: [{ type: 'gauge', min: 0, max: 100, radius: '150%', center: ['50%', '95%'], startAngle: 180, endAngle: 0,
        progress: { show: true, width: 10, itemStyle: { color: css('--accent') } }, axisLine: { lineStyle: { width: 10, color: [[1, css('--line')]] } },
        axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false }, pointer: { show: false },
        detail: { valueAnimation: false, formatter: '{value} %', fontSize: 15, color: css('--fg'), offsetCenter: [0, '-18%'] },
        data: [{ value: Number(fixed(this.live ? this.live.tvlPercent : s.tvlPercent, 1).replace(/,/g, '') || 0) }] }],
    });
    if (s.equity.length) {
      const times = s.equity.map((p) => p.at);
      this.draw(echarts, 'equity', '#equity-chart', {
        ...base,
        tooltip: { trigger: 'axis' },
        axisPointer: { link: [{ xAxisIndex: 'all' }] },
        grid: [{ left: 70, right: 20, top: 20, height: '58%' }, { left: 70, right: 20, top: '76%', height: '14%' }],
        xAxis: [{ type: 'time', gridIndex: 0, ...axis, axisLabel: { show: false } }, { type: 'time', gridIndex: 1, ...axis }],
        yAxis: [{ type: 'value', scale: true, gridIndex: 0, ...axis },
          { type: 'value', gridIndex: 1, inverse: true, splitNumber: 2, ...axis }],
        dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }, { type: 'slider', xAxisIndex: [0, 1], bottom: 0, height: 16 }],
        series: [
          { name: 'equity', type: 'line', showSymbol: times.length < 60, xAxisIndex: 0, yAxisIndex: 0,
            data: s.equity.map((p) => [p.at, num(p.equity)]), lineStyle: { color: css('--accent') }, itemStyle: { color: css('--accent') } },
          { name: 'drawdown', type: 'line', step: 'end', showSymbol: false, xAxisIndex: 1, yAxisIndex: 1,
            data: s.equity.map((p) => [p.at, num(p.drawdown)]), lineStyle: { color: css('--down'), width: 1 },
            areaStyle: { color: css('--down'), opacity: 0.25 } },
        ],
      });
    }
    const cells = s.heatmap.cells.map((c) => [c.hour, c.weekday - 1, num(c.realizedPnl), c.trades]);
    const extent = Math.max(1, ...cells.map((c) => Math.abs(c[2])));
    this.draw(echarts, 'heatmap', '#heatmap-chart', {
      ...base,
      tooltip: { formatter: (p) => `${WEEKDAYS[p.value[1]]} ${p.value[0]}:00 · ${p.value[3]} trades · PnL ${p.value[2]}` },
      grid: { left: 45, right: 20, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => `${h}`), ...axis, splitArea: { show: false } },
      yAxis: { type: 'category', data: WEEKDAYS, ...axis },
      visualMap: { dimension: 2, min: -extent, max: extent, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
        inRange: { color: [css('--down'), css('--card'), css('--up')] }, textStyle: { color: css('--muted') } },
      series: [{ type: 'heatmap', data: cells, itemStyle: { borderColor: css('--card'), borderWidth: 1 } }],
    });
    const label = (b) => (b.from === null ? `< ${b.to} %` : b.to === null ? `≥ ${b.from} %` : `${b.from}…${b.to}`);
    this.draw(echarts, 'returns', '#returns-chart', {
      ...base,
      tooltip: { trigger: 'axis' },
      grid: { left: 45, right: 20, top: 20, bottom: 40 },
      xAxis: { type: 'category', data: s.returns.map(label), ...axis, name: 'return %' },
      yAxis: { type: 'value', minInterval: 1, ...axis, name: 'trades' },
      series: [{ type: 'bar', data: s.returns.map((b) => ({ value: b.trades,
        itemStyle: { color: (b.to !== null && Number(b.to) <= 0) ? css('--down') : css('--up') } })) }],
    });
    const pairs = [...s.byPair].reverse();
    this.draw(echarts, 'pairs', '#pairs-chart', {
      ...base,
      tooltip: { trigger: 'axis' },
      grid: { left: 90, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', ...axis },
      yAxis: { type: 'category', data: pairs.map((p) => p.symbol), ...axis },
      series: [{ type: 'bar', data: pairs.map((p) => ({ value: num(p.realizedPnl),
        itemStyle: { color: Number(p.realizedPnl) < 0 ? css('--down') : css('--up') } })) }],
    });
    const allocation = this.allocationRows(s);
    if (allocation.length) {
      this.draw(echarts, 'allocation', '#allocation-chart', {
        ...base,
        tooltip: { trigger: 'item' },
        legend: { bottom: 0, textStyle: { color: css('--muted') } },
        series: [{ type: 'pie', radius: ['45%', '70%'], center: ['50%', '45%'], label: { color: css('--fg') },
          data: allocation.map((a) => ({ name: a.name, value: num(a.value) })) }],
      });
    }
  }

  /** One chart per element, kept across renders (ECharts updates it in place) and resized with its box. */
  draw(echarts, name, selector, option) {
    const element = this.querySelector(selector);
    if (!element) return;
    let chart = this.charts[name];
    if (!chart || chart.getDom() !== element) {
      chart?.dispose();
      chart = echarts.init(element, null, { renderer: 'canvas' });
      this.charts[name] = chart;
      this.resizer ??= new ResizeObserver(() => Object.values(this.charts).forEach((c) => c.resize()));
      this.resizer.observe(element);
    }
    chart.setOption(option, true);
    element.dataset.drawn = 'true';
  }
}

customElements.define('pyra-dashboard', PyraDashboard);
