// One position group: its pyramids and DCA legs, a price ruler, filled vs planned, its timeline,
// and closing it (in full or in part) after a confirmation that says what will be sold.
import { LitElement, html, svg, nothing } from 'lit';
import { store } from './store.js';
import { api, ApiError } from './api.js';
import { price, quantity, money, fixed, time, age } from './format.js';
import { statusBadge, pnl } from './groups.js';
import { exportButtons, chartButtons } from './exporting.js';

const LEG_EXPORT = [['leg', (l) => l.index], ['state', (l) => l.state], ['gapPercent', (l) => l.gapPercent], ['weightPercent', (l) => l.weightPercent],
  ['price', (l) => l.price], ['averageFillPrice', (l) => l.averageFillPrice], ['quantity', (l) => l.quantity],
  ['filledQuantity', (l) => l.filledQuantity], ['tpTarget', (l) => l.tpTarget], ['soldQuantity', (l) => l.soldQuantity],
  ['adjustments', (l) => l.adjustments], ['reason', (l) => l.reason]];

class PyraGroup extends LitElement {
  static properties = { groupId: { type: Number }, fetched: { state: true }, timeline: { state: true }, dialog: { state: true },
    notice: { state: true } };

  createRenderRoot() { return this; }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = store.subscribe(() => this.requestUpdate());
    this.onMessage = (e) => {
      const m = e.detail;
      if ((m.type === 'group.updated' && m.data.id === this.groupId) || (m.type === 'order.updated' && m.data.groupId === this.groupId)) {
        this.loadTimelineSoon();
      }
    };
    store.addEventListener('message', this.onMessage);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unsubscribe();
    store.removeEventListener('message', this.onMessage);
  }

  updated(changed) {
    if (changed.has('groupId') && changed.get('groupId') !== undefined) this.load();
  }

  async load() {
    try {
      this.fetched = await api(`/groups/${this.groupId}`);
    } catch (e) {
      this.fetched = { missing: e.message };
    }
    this.loadTimeline();
  }

  loadTimelineSoon() {
    clearTimeout(this.timelineTimer);
    this.timelineTimer = setTimeout(() => this.loadTimeline(), 400);
  }

  async loadTimeline() {
    try {
      this.timeline = (await api(`/groups/${this.groupId}/timeline`)).events;
    } catch {
      this.timeline = this.timeline ?? [];
    }
  }

  get group() {
    return store.groups.get(this.groupId) ?? this.fetched;
  }

  render() {
    const g = this.group;
    if (!g) return html`<p class="loading">Loading group ${this.groupId}…</p>`;
    if (g.missing) return html`<section class="card"><h1>Group ${this.groupId}</h1><p class="error">${g.missing}</p><a href="#/groups">← All groups</a></section>`;
    const canAct = store.live && g.status === 'live';
    return html`
      <nav class="crumbs"><a href="#/groups">← Position groups</a></nav>
      <section class="card">
        <div class="toolbar">
          <h1>Group ${g.id} · ${g.symbol} ${g.timeframe} <small class="muted">${g.exchange}</small> ${statusBadge(g.status)}</h1>
          <div class="actions">
            <button type="button" class="risky" id="partial-close" ?disabled=${!canAct} @click=${() => this.ask('partial')}>Partial close…</button>
            <button type="button" class="risky danger" id="close-group" ?disabled=${!store.live || !['live', 'waiting'].includes(g.status)}
                @click=${() => this.ask('close')}>Close group…</button>
          </div>
        </div>
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
        ${g.closeProblem ? html`<p class="error" role="alert">Still closing: ${g.closeProblem}</p>` : nothing}
        <dl class="facts">
          <div><dt>Opened</dt><dd>${time(g.openedAt)} <small class="muted">(${age(g.openedAt)} ago)</small></dd></div>
          ${g.closedAt ? html`<div><dt>Closed</dt><dd>${time(g.closedAt)}</dd></div>` : nothing}
          <div><dt>Take-profit</dt><dd>${g.takeProfitMode}${g.aggregateTarget ? html` · aggregate ${price(g.aggregateTarget, g)}` : nothing}</dd></div>
          <div><dt>Average entry</dt><dd class="num">${price(g.averageEntry, g)}</dd></div>
          <div><dt>Held</dt><dd class="num">${quantity(g.heldQuantity, g)} ${g.baseAsset}</dd></div>
          <div><dt>Last price</dt><dd class="num">${price(g.lastPrice, g)} <small class="age">${g.lastPriceAt ? age(g.lastPriceAt) : ''}</small></dd></div>
          <div><dt>Unrealized</dt><dd>${pnl(g.unrealizedPnl)} ${g.quoteAsset}</dd></div>
          <div><dt>Realized</dt><dd>${pnl(g.realizedPnl)} ${g.quoteAsset}</dd></div>
          ${g.closeReason ? html`<div class="wide"><dt>Close</dt><dd>${g.closeReason}</dd></div>` : nothing}
        </dl>
        ${this.renderRuler(g)}
        ${this.renderFillBar(g)}
      </section>
      ${g.pyramids.map((p) => this.renderPyramid(g, p))}
      ${this.renderTimeline()}
      ${this.renderDialog(g)}`;
  }

  renderRuler(g) {
    const legs = g.pyramids.flatMap((p) => p.legs.map((l) => ({ ...l, pyramid: p.index })));
    const points = [];
    legs.forEach((l) => {
      if (l.price) points.push(Number(l.averageFillPrice ?? l.price));
      if (l.tpTarget) points.push(Number(l.tpTarget));
    });
    if (g.lastPrice) points.push(Number(g.lastPrice));
    if (g.averageEntry) points.push(Number(g.averageEntry));
    if (points.length < 2) return nothing;
    const lo = Math.min(...points);
    const hi = Math.max(...points);
    const pad = (hi - lo) * 0.08 || hi * 0.01;
    const x = (v) => 20 + ((Number(v) - (lo - pad)) / ((hi + pad) - (lo - pad))) * 960;
    return html`<figure class="ruler" aria-label="Price ruler: legs, average entry, take-profit targets and the last price">
      <svg viewBox="0 0 1000 84" role="img">
        <line x1="20" y1="42" x2="980" y2="42" class="axis"></line>
        ${legs.filter((l) => l.price).map((l) => svg`<g class="leg ${l.state}">
            <circle cx=${x(l.averageFillPrice ?? l.price)} cy="42" r="6" class=${Number(l.filledQuantity) > 0 ? 'filled' : 'planned'}></circle>
            <text x=${x(l.averageFillPrice ?? l.price)} y="70" text-anchor="middle">${l.pyramid}/${l.index}</text></g>`)}
        ${legs.filter((l) => l.tpTarget).map((l) => svg`<line class="tp" x1=${x(l.tpTarget)} x2=${x(l.tpTarget)} y1="30" y2="54"></line>`)}
        ${g.averageEntry ? svg`<line class="avg" x1=${x(g.averageEntry)} x2=${x(g.averageEntry)} y1="22" y2="62"></line>
            <text class="avg" x=${x(g.averageEntry)} y="16" text-anchor="middle">avg ${price(g.averageEntry, g)}</text>` : nothing}
        ${g.lastPrice ? svg`<line class="last" x1=${x(g.lastPrice)} x2=${x(g.lastPrice)} y1="10" y2="74"></line>
            <text class="last" x=${x(g.lastPrice)} y="82" text-anchor="middle">last ${price(g.lastPrice, g)}</text>` : nothing}
      </svg>
      <figcaption class="muted">${chartButtons(`group-${g.id}-ruler`, () => this.querySelector('figure.ruler svg'), () => ({
          group: g.id, symbol: g.symbol, averageEntry: g.averageEntry, lastPrice: g.lastPrice,
          legs: legs.map((l) => ({ pyramid: l.pyramid, leg: l.index, state: l.state, price: l.price, averageFillPrice: l.averageFillPrice, tpTarget: l.tpTarget })) }))}
        ● filled leg · ○ resting leg · <span class="tp">|</span> take-profit target · <span class="avg">|</span> average entry ·
        <span class="last">|</span> last price</figcaption>
    </figure>`;
  }

  renderFillBar(g) {
    let planned = 0;
    let filled = 0;
    g.pyramids.forEach((p) => p.legs.forEach((l) => {
      if (l.state !== 'blocked' && l.price && l.quantity) planned += Number(l.price) * Number(l.quantity);
      filled += Number(l.filledQuote ?? 0);
    }));
    if (!planned) return nothing;
    const share = Math.min(100, (filled / planned) * 100);
    return html`<div class="fillbar" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${share.toFixed(0)}
        aria-label="Filled against planned capital">
      <div class="filled" style="width:${share}%"></div>
      <span>${money(String(filled))} of ${money(String(planned))} ${g.quoteAsset} filled (${share.toFixed(0)} %)</span></div>`;
  }

  renderPyramid(g, p) {
    return html`<section class="card">
      <div class="toolbar"><h2>Pyramid ${p.index} <small class="muted">signal ${p.signalId} at ${price(p.signalPrice, g)} · capital ${money(p.capital)} ${g.quoteAsset}</small></h2>
        ${exportButtons(`group-${g.id}-pyramid-${p.index}`, () => p.legs, LEG_EXPORT)}</div>
      <table class="grid legs" data-pyramid=${p.index}>
        <thead><tr><th scope="col" class="num">Leg</th><th scope="col">State</th><th scope="col" class="num">Gap</th>
          <th scope="col" class="num">Weight</th><th scope="col" class="num">Price</th><th scope="col" class="num">Fill price</th>
          <th scope="col" class="num">Quantity</th><th scope="col" class="num">Filled</th><th scope="col" class="num">TP target</th>
          <th scope="col">To TP</th><th scope="col" class="num">Sold</th><th scope="col">Precision / reason</th></tr></thead>
        <tbody>${p.legs.map((l) => html`<tr data-leg=${l.index} data-state=${l.state}>
          <td class="num">${l.index}</td><td><span class="badge leg-${l.state}">${l.state}</span></td>
          <td class="num">${fixed(l.gapPercent)} %</td><td class="num">${fixed(l.weightPercent)} %</td>
          <td class="num">${price(l.price, g)}</td><td class="num">${price(l.averageFillPrice, g)}</td>
          <td class="num">${quantity(l.quantity, g)}</td><td class="num">${quantity(l.filledQuantity, g)}</td>
          <td class="num">${price(l.tpTarget, g)}</td><td>${this.progress(g, l)}</td><td class="num">${quantity(l.soldQuantity, g)}</td>
          <td class="why">${[...(l.adjustments ?? []).map((a) => `${a.field} ${a.from} → ${a.to}: ${a.why}`), l.reason].filter(Boolean).join('; ')}</td>
        </tr>`)}</tbody>
      </table></section>`;
  }

  progress(g, l) {
    if (!l.tpTarget || !l.averageFillPrice || !g.lastPrice || l.state === 'closed') return nothing;
    const from = Number(l.averageFillPrice);
    const to = Number(l.tpTarget);
    const share = Math.max(0, Math.min(100, ((Number(g.lastPrice) - from) / (to - from)) * 100));
    return html`<span class="progress" title="${share.toFixed(0)} % of the way from its fill to its target"><span style="width:${share}%"></span></span>
      <small class="num">${share.toFixed(0)} %</small>`;
  }

  renderTimeline() {
    const events = this.timeline ?? [];
    return html`<section class="card"><h2>Timeline</h2>
      <ol class="timeline">${events.length === 0 ? html`<li class="muted">Nothing yet.</li>` : nothing}
        ${events.map((e) => html`<li class="kind-${e.kind} level-${e.level}"><time>${time(e.at)}</time>
          <span class="badge">${e.kind}</span> <span>${e.text}</span></li>`)}</ol></section>`;
  }

  ask(kind) {
    this.dialog = { kind, amount: '' };
  }

  renderDialog(g) {
    if (!this.dialog) return nothing;
    const d = this.dialog;
    const held = Number(g.heldQuantity ?? 0);
    const last = Number(g.lastPrice ?? 0);
    const unfilled = g.pyramids.flatMap((p) => p.legs).filter((l) => ['planned', 'open', 'partially-filled'].includes(l.state)).length;
    const estimate = d.kind === 'partial' && d.amount && last ? Number(d.amount) / last : null;
    return html`<div class="backdrop" @click=${(e) => { if (e.target === e.currentTarget) this.dialog = null; }}>
      <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="dialog-title">
        <h2 id="dialog-title">${d.kind === 'close' ? `Close group ${g.id}?` : `Sell part of group ${g.id}?`}</h2>
        ${d.kind === 'close' ? html`<p>This cancels ${unfilled} unfilled leg${unfilled === 1 ? '' : 's'} and sells
            <strong class="num">${quantity(g.heldQuantity, g)} ${g.baseAsset}</strong> at market
            (about <strong class="num">${money(String(held * last))} ${g.quoteAsset}</strong> at ${price(g.lastPrice, g)}).</p>`
          : html`<label for="amount">Amount to sell (${g.quoteAsset})</label>
            <input id="amount" type="text" inputmode="decimal" autofocus .value=${d.amount}
                @input=${(e) => { this.dialog = { ...d, amount: e.target.value.trim() }; }}>
            <p class="muted">${estimate ? html`About <span class="num">${fixed(String(estimate.toFixed(8)))}</span> ${g.baseAsset} of
              ${quantity(g.heldQuantity, g)} held, at ${price(g.lastPrice, g)}; the group stays open. Rounded to the venue's step
              so that what remains stays sellable.` : 'The group stays open and keeps its pool slot.'}</p>`}
        ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : nothing}
        <div class="actions">
          <button type="button" @click=${() => { this.dialog = null; }}>Cancel</button>
          <button type="button" class="danger" id="confirm" ?disabled=${!store.live || (d.kind === 'partial' && !/^\d+(\.\d+)?$/.test(d.amount))}
              @click=${() => this.confirm(g)}>${d.kind === 'close' ? 'Close at market' : 'Sell at market'}</button>
        </div>
      </div></div>`;
  }

  async confirm(g) {
    const d = this.dialog;
    try {
      const answer = d.kind === 'close'
        ? await api(`/groups/${g.id}/close`, { method: 'POST' })
        : await api(`/groups/${g.id}/partial-close`, { method: 'POST', body: { quoteAmount: d.amount } });
      this.notice = answer.result;
      this.dialog = null;
    } catch (e) {
      this.dialog = { ...d, error: e instanceof ApiError ? e.message : String(e) };
    }
  }
}

customElements.define('pyra-group', PyraGroup);
