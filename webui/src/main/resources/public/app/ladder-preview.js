// The DCA ladder of the settings being edited, on a real symbol: each leg's price, quantity and
// take-profit as the venue's tick and step make them (the server sizes them through the engine's
// own precision engine), the capital each leg commits and the average entry after each fill.
import { LitElement, html, nothing } from 'lit';
import { fixed, decimalsOf } from './format.js';
import { exportButtons, chartButtons } from './exporting.js';

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

class PyraLadderPreview extends LitElement {
  static properties = { preview: { attribute: false } };

  createRenderRoot() { return this; }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.chart?.dispose();
    this.chart = null;
    this.resizer?.disconnect();
  }

  get ladder() {
    return this.preview?.ladder;
  }

  render() {
    const p = this.preview;
    if (!p) return html`<p class="loading">Drawing the ladder…</p>`;
    const l = this.ladder;
    if (!l) return html`<p class="muted" id="ladder-problem">${p.ladderProblem}</p>`;
    const tick = decimalsOf(l.rules?.tickSize);
    const step = decimalsOf(l.rules?.stepSize);
    const px = (v) => fixed(v, tick);
    const qty = (v) => fixed(v, step);
    const columns = [['leg', (g) => (g.index === 0 ? 'entry' : g.index)], ['type', (g) => g.type], ['gapPercent', (g) => g.gapPercent],
      ['weightPercent', (g) => g.weightPercent], ['price', (g) => g.price], ['quantity', (g) => g.quantity], ['notional', (g) => g.notional],
      ['takeProfit', (g) => g.takeProfit], ['averageEntryAfter', (g) => g.averageEntryAfter], ['committedAfter', (g) => g.committedAfter],
      ['status', (g) => g.status], ['adjustments', (g) => g.adjustments.map((a) => `${a.field} ${a.from}→${a.to}: ${a.why}`).join('; ')],
      ['problems', (g) => g.problems.join('; ')]];
    return html`
      <div class="toolbar"><h3>Ladder of one pyramid on ${l.exchange} ${l.symbol} at ${fixed(l.price)}</h3>
        ${chartButtons('ladder-chart', () => this.chart, () => l)}</div>
      <div class="chart" id="ladder-chart" role="img"
          aria-label="Ladder chart: buy prices, take-profit targets and the average entry after each fill"></div>
      <table class="grid compact" id="ladder-table">
        <thead><tr><th scope="col">Leg</th>
          <th scope="col" class="num">Price</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Cost</th>
          <th scope="col" class="num">Take-profit</th><th scope="col" class="num" title="The pyramid's average entry once this leg has filled">Avg entry</th><th scope="col">Precision</th></tr></thead>
        <tbody>${l.legs.map((g) => html`<tr data-leg=${g.index} class=${g.status === 'blocked' ? 'blocked' : ''}>
          <th scope="row">${g.index === 0 ? 'entry' : g.index} <small class="muted">${g.type}</small></th>
          <td class="num">${px(g.price)}</td><td class="num">${qty(g.quantity)}</td><td class="num">${fixed(g.notional, 2)}</td>
          <td class="num">${px(g.takeProfit)}</td><td class="num">${fixed(g.averageEntryAfter, tick === null ? null : tick + 2)}</td>
          <td><span class="badge leg-${g.status === 'ok' ? 'filled' : g.status === 'adjusted' ? 'open' : 'blocked'}">${g.status}</span></td></tr>
          ${g.adjustments.length || g.problems.length ? html`<tr class="why" data-leg-why=${g.index}><td></td><td colspan="6">
            ${g.adjustments.map((a) => html`${a.field} ${a.from} → ${a.to}: ${a.why}. `)}${g.problems.join('; ')}</td></tr>` : nothing}`)}</tbody>
      </table>
      <div class="toolbar"><span></span>${exportButtons('ladder', () => l.legs, columns)}</div>
      <dl class="facts">
        <div><dt>One pyramid commits</dt><dd class="num" id="ladder-committed">${fixed(l.committed, 2)} ${l.rules?.quoteAsset ?? ''}
          <small class="muted">of ${fixed(l.capitalPerPyramid, 2)} planned</small></dd></div>
        <div><dt>A group at most (${l.maxPyramids} pyramids)</dt><dd class="num">${fixed(l.maxCommitted, 2)} ${l.rules?.quoteAsset ?? ''}</dd></div>
        <div><dt>Average entry, all legs filled</dt><dd class="num">${fixed(l.averageEntry, tick === null ? null : tick + 2)}</dd></div>
        <div><dt>Aggregate take-profit (${fixed(l.aggregatePercent)} %)</dt><dd class="num">${px(l.aggregateTarget)}
          <small class="muted">${l.takeProfitMode === 'per-leg' ? 'not used in per-leg mode' : `used in ${l.takeProfitMode} mode`}</small></dd></div>
        <div><dt>Venue rules</dt><dd>tick ${fixed(l.rules?.tickSize)} · step ${fixed(l.rules?.stepSize)} · min notional ${fixed(l.rules?.minNotional) || '—'}</dd></div>
        <div><dt>Fees</dt><dd class="muted">not included</dd></div>
      </dl>`;
  }

  async updated() {
    const l = this.ladder;
    const element = this.querySelector('#ladder-chart');
    if (!l || !element) return;
    const echarts = await import('echarts');
    if (!this.chart || this.chart.getDom() !== element) {
      this.chart?.dispose();
      this.chart = echarts.init(element, null, { renderer: 'canvas' });
      this.resizer = new ResizeObserver(() => this.chart?.resize());
      this.resizer.observe(element);
    }
    const sent = l.legs.filter((g) => g.price !== null);
    const names = l.legs.map((g) => (g.index === 0 ? 'entry' : `leg ${g.index}`));
    const value = (v) => (v === null || v === undefined ? null : Number(v)); // drawing only: the table shows the exact decimals
    this.chart.setOption({
      animation: false,
      textStyle: { color: css('--fg'), fontFamily: css('--font') },
      grid: { left: 70, right: 70, top: 30, bottom: 30 },
      legend: { top: 0, textStyle: { color: css('--muted') } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: names, axisLine: { lineStyle: { color: css('--line') } } },
      yAxis: [{ type: 'value', scale: true, name: 'price', splitLine: { lineStyle: { color: css('--line') } } },
        { type: 'value', name: 'committed', splitLine: { show: false } }],
      series: [
        { name: 'committed', type: 'bar', yAxisIndex: 1, data: l.legs.map((g) => value(g.committedAfter)),
          itemStyle: { color: css('--line') }, barWidth: '35%' },
        { name: 'buy price', type: 'scatter', symbolSize: 11, data: l.legs.map((g) => value(g.price)), itemStyle: { color: css('--accent') } },
        { name: 'take-profit', type: 'scatter', symbol: 'triangle', symbolSize: 11, data: l.legs.map((g) => value(g.takeProfit)),
          itemStyle: { color: css('--up') } },
        { name: 'average entry', type: 'line', step: 'end', data: l.legs.map((g) => value(g.averageEntryAfter)),
          lineStyle: { color: css('--warn'), type: 'dashed' }, itemStyle: { color: css('--warn') } },
      ],
    }, true);
    element.dataset.legs = String(sent.length);
  }
}

customElements.define('pyra-ladder-preview', PyraLadderPreview);
