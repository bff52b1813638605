// The risk engine: whether it is on, its guardrail, every losing group with its loss, timer and
// conditions, and the offsets made with the winners they used.
import { LitElement, html, nothing } from 'lit';
import { store } from './store.js';
import { fixed, money, time } from './format.js';
import { exportButtons } from './exporting.js';

const CANDIDATE_EXPORT = [['groupId', (c) => c.groupId], ['symbol', (c) => c.symbol], ['timeframe', (c) => c.timeframe],
  ['pyramids', (c) => c.pyramids], ['lossPercent', (c) => c.lossPercent], ['lossUsd', (c) => c.lossUsd],
  ['timerStartedAt', (c) => c.timerStartedAt], ['remainingSeconds', (c) => c.remainingSeconds], ['conditions', (c) => c.conditions],
  ['eligible', (c) => c.eligible]];
const OFFSET_EXPORT = [['at', (o) => o.at], ['loserGroupId', (o) => o.loserGroupId], ['loserSymbol', (o) => o.loserSymbol],
  ['loserLossPercent', (o) => o.loserLossPercent], ['requiredUsd', (o) => o.requiredUsd], ['coveredUsd', (o) => o.coveredUsd],
  ['winners', (o) => o.winners]];

/** Seconds left when the panel was read, counted down since (the store re-renders every second). */
function countdown(remaining, fetchedAt) {
  const left = Math.max(0, remaining - Math.floor((Date.now() - (fetchedAt ?? Date.now())) / 1000));
  if (left === 0) return 'elapsed';
  const m = Math.floor(left / 60);
  return `${m > 0 ? `${m} min ` : ''}${left % 60} s left`;
}

class PyraRisk extends LitElement {
  createRenderRoot() { return this; }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = store.subscribe(() => this.requestUpdate());
    store.refreshRisk(); // the view's own snapshot; risk.updated events keep it current
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unsubscribe();
  }

  render() {
    const risk = store.risk;
    if (!risk) return html`<p class="loading">Loading the risk engine…</p>`;
    return html`
      <section class="card">
        <h1>Risk engine <span class="badge ${risk.enabled ? 'on' : 'off'}" id="risk-state">${risk.enabled ? 'on' : 'off (shows only)'}</span></h1>
        <dl class="facts">
          <div><dt>Equity</dt><dd class="num">${money(risk.equity)}</dd></div>
          <div><dt>Peak equity</dt><dd class="num">${money(risk.peakEquity)}</dd></div>
          <div><dt>Realized through offsets, 24 h</dt><dd class="num">${money(risk.realizedLossToday)}</dd></div>
          <div><dt>Allowance left today</dt><dd class="num">${risk.lossAllowance == null ? '—' : money(risk.lossAllowance)}</dd></div>
        </dl>
      </section>
      <section class="card">
        <div class="toolbar"><h2>Losing groups <small class="muted">${risk.candidates.length}</small></h2>
          ${exportButtons('risk-candidates', () => risk.candidates, CANDIDATE_EXPORT)}</div>
        <table class="grid" id="risk-candidates">
          <thead><tr><th scope="col" class="num">Group</th><th scope="col">Pair</th><th scope="col" class="num">Pyramids</th>
            <th scope="col" class="num">Loss %</th><th scope="col" class="num">Loss USD</th><th scope="col">Timer</th>
            <th scope="col">Conditions</th><th scope="col">Eligible</th></tr></thead>
          <tbody>${risk.candidates.length === 0 ? html`<tr><td colspan="8" class="empty">No losing group.</td></tr>` : nothing}
            ${risk.candidates.map((c) => html`<tr data-group=${c.groupId}><td class="num"><a href="#/groups/${c.groupId}">${c.groupId}</a></td>
              <td>${c.symbol} ${c.timeframe}</td><td class="num">${c.pyramids}</td>
              <td class="num down">▼ ${fixed(c.lossPercent, 2)} %</td><td class="num down">▼ ${money(c.lossUsd)}</td>
              <td>${c.timerStartedAt ? html`started ${time(c.timerStartedAt)}${c.remainingSeconds != null
                ? html` · <span class="num countdown">${countdown(c.remainingSeconds, risk.fetchedAt)}</span>` : nothing}` : html`<span class="muted">not started</span>`}</td>
              <td>${Object.entries(c.conditions).map(([k, v]) => html`<span class="cond ${v ? 'yes' : 'no'}">${v ? '✓' : '✗'} ${k}</span> `)}</td>
              <td>${c.eligible ? html`<strong>yes</strong>` : 'no'}</td></tr>`)}</tbody>
        </table>
      </section>
      <section class="card">
        <div class="toolbar"><h2>Offsets <small class="muted">last 30 days</small></h2>
          ${exportButtons('risk-offsets', () => [...risk.history].reverse(), OFFSET_EXPORT)}</div>
        <table class="grid" id="risk-offsets">
          <thead><tr><th scope="col">When</th><th scope="col">Loser</th><th scope="col" class="num">Loss %</th>
            <th scope="col" class="num">Required USD</th><th scope="col" class="num">Covered USD</th><th scope="col">Winners used</th></tr></thead>
          <tbody>${risk.history.length === 0 ? html`<tr><td colspan="6" class="empty">No offset yet.</td></tr>` : nothing}
            ${[...risk.history].reverse().map((o) => html`<tr><td>${time(o.at)}</td>
              <td><a href="#/groups/${o.loserGroupId}">#${o.loserGroupId}</a> ${o.loserSymbol}</td><td class="num">${fixed(o.loserLossPercent, 2)}</td>
              <td class="num">${money(o.requiredUsd)}</td><td class="num">${money(o.coveredUsd)}</td>
              <td>${o.winners.map((w) => html`<span class="winner"><a href="#/groups/${w.groupId}">#${w.groupId}</a> ${w.symbol}
                ${fixed(w.quantity)}${w.wholeGroup ? ' (all)' : ''} ≈ ${money(w.plannedUsd)}</span> `)}</td></tr>`)}</tbody>
        </table>
      </section>`;
  }
}

customElements.define('pyra-risk', PyraRisk);
