// The hooks page: your own JavaScript in Pyra's decisions (docs/js-hooks.md). Each hook with its
// state, calls and failures; the code editor; save (checked by the server first), switch on or
// off, remove; and the dry run — your draft on the inputs the engine would give it now, what it
// answers and what Pyra would then decide, beside the built-in decision.
import { LitElement, html, nothing } from 'lit';
import { api } from './api.js';
import { store } from './store.js';
import { time } from './format.js';

/** A starting point for each hook: the shape of its answer, in a few lines. */
const EXAMPLES = {
  filterSignal: `// Accept or reject a signal before the engine acts on it.
// Answer true to accept, or {accept: false, reason: '…'} to reject (the reason is the signal's outcome).
function filterSignal(signal, context) {
  if (signal.type === 'entry' && context.openGroups.length >= 5) {
    return { accept: false, reason: 'five groups are open already' };
  }
  return true;
}
`,
  queuePriority: `// A score for an entry of the waiting queue: higher ranks first.
// It is the rule "hook" of pool.priorityRules: put it first there; the rules after it break ties.
function queuePriority(entry, context) {
  return (entry.lossPercent ?? 0) + entry.replacementCount;
}
`,
  selectRiskLoser: `// Which eligible losing group the risk engine offsets first: answer its groupId.
function selectRiskLoser(candidates, context) {
  return [...candidates].sort((a, b) => b.lossPercent - a.lossPercent)[0].groupId;
}
`,
  selectRiskWinners: `// Which winners pay for the offset (required, in USD), in order: answer their groupIds (at most risk.maxWinners).
function selectRiskWinners(candidates, required, context) {
  return [...candidates].sort((a, b) => b.profitUsd - a.profitUsd).map((c) => c.groupId);
}
`,
  adjustLadder: `// The layers of one new pyramid: [{gapPercent, weightPercent, tpPercent}, …]
// Layer 0 is the entry (gap 0), gaps rise, weights sum to 100. The precision engine still rounds every order.
function adjustLadder(ladder, context) {
  if (ladder.pyramid === 0) return ladder.layers;
  // later pyramids rest their legs half as far again below the entry
  return ladder.layers.map((layer) => ({ ...layer, gapPercent: layer.gapPercent * 1.5 }));
}
`,
};

const STATE = {
  active: ['on', 'Active'], absent: ['off', 'No file'], off: ['status-down', 'Switched off'], error: ['status-down', 'Does not load'],
  'hooks-off': ['off', 'All hooks off'],
};

const json = (value) => JSON.stringify(value, null, 2);

class PyraHooks extends LitElement {
  static properties = {
    hooks: { state: true }, selected: { state: true }, detail: { state: true }, draft: { state: true }, message: { state: true },
    error: { state: true }, run: { state: true }, running: { state: true }, input: { state: true }, enabled: { state: true },
  };

  createRenderRoot() { return this; }

  constructor() {
    super();
    this.selected = 'filterSignal';
    this.input = { kind: 'engine', signalId: '', symbol: 'BTCUSDT', price: '', custom: '' };
  }

  connectedCallback() {
    super.connectedCallback();
    // calls, failures and switches arrive as hooks.updated on the live stream: the list is read again, at most twice a second
    this.onMessage = (event) => {
      if (event.detail.type !== 'hooks.updated' || this.refreshing) return;
      this.refreshing = setTimeout(() => { this.refreshing = null; this.refreshList().catch(() => {}); }, 500);
    };
    store.addEventListener('message', this.onMessage);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    store.removeEventListener('message', this.onMessage);
    clearTimeout(this.refreshing);
    this.editor?.destroy();
    this.editor = null;
  }

  async load() {
    try {
      const body = await api('/hooks');
      this.hooks = body.hooks;
      this.enabled = body.enabled;
      this.error = null;
      if (!this.detail) await this.select(this.selected);
    } catch (e) {
      this.error = e.message;
    }
  }

  async select(name) {
    this.selected = name;
    this.run = null;
    this.message = null;
    this.detail = await api(`/hooks/${name}`);
    this.draft = this.detail.source ?? EXAMPLES[name];
    await this.updateComplete;
    await this.mountEditor();
  }

  async mountEditor() {
    const parent = this.querySelector('#hook-editor');
    if (!parent) return;
    if (!this.editor) {
      const { createEditor } = await import('./hook-editor.js'); // the editor's code loads with this page only
      this.editor = createEditor(parent, this.draft, (text) => { this.draft = text; });
    } else {
      this.editor.load(this.draft);
    }
  }

  get dirty() {
    return this.draft !== this.detail?.source;
  }

  async save() {
    try {
      this.detail = await api(`/hooks/${this.selected}`, { method: 'PUT', body: { source: this.draft } });
      this.message = { text: `${this.selected}.js saved: version ${this.detail.version}, ${this.detail.state === 'active' ? 'deciding now' : this.detail.state}.` };
      await this.refreshList();
    } catch (e) {
      this.message = { error: true, text: e.message };
    }
  }

  async act(action) {
    try {
      this.detail = action === 'delete' ? await api(`/hooks/${this.selected}`, { method: 'DELETE' })
        : await api(`/hooks/${this.selected}/${action}`, { method: 'POST' });
      this.message = { text: { enable: 'Switched on: it decides from the next call.', disable: 'Switched off: the built-in rule decides.',
        delete: `${this.selected}.js removed: the built-in rule decides.` }[action] };
      if (action === 'delete') {
        this.draft = EXAMPLES[this.selected];
        this.editor?.load(this.draft);
      }
      await this.refreshList();
    } catch (e) {
      this.message = { error: true, text: e.message };
    }
  }

  async refreshList() {
    const body = await api('/hooks');
    this.hooks = body.hooks;
    this.enabled = body.enabled;
    const mine = body.hooks.find((h) => h.name === this.selected);
    if (mine && this.detail) this.detail = { ...this.detail, ...mine }; // its state and counts; the source stays as loaded
  }

  revert() {
    this.draft = this.detail?.source ?? EXAMPLES[this.selected];
    this.editor?.load(this.draft);
  }

  takesSignal() {
    return this.selected === 'filterSignal' || this.selected === 'adjustLadder';
  }

  async dryRun() {
    const body = { source: this.draft };
    const input = this.input;
    try {
      if (input.kind === 'stored') {
        if (!input.signalId) throw new Error('Type the id of a stored signal (Logs or the webhook helper show them).');
        body.signalId = Number(input.signalId);
      } else if (input.kind === 'sample' && this.takesSignal()) {
        body.signal = { exchange: 'paper', symbol: input.symbol, timeframe: '60', action: 'buy', type: 'entry',
          ...(input.price ? { price: input.price } : {}) };
      } else if (input.kind === 'custom') {
        body.input = JSON.parse(input.custom || '[]');
      }
      this.running = true;
      this.run = await api(`/hooks/${this.selected}/dry-run`, { method: 'POST', body });
    } catch (e) {
      this.run = { failed: e.message };
    } finally {
      this.running = false;
    }
  }

  render() {
    if (this.error) return html`<section class="card"><h1>Hooks</h1><p class="error" role="alert">${this.error}</p></section>`;
    if (!this.hooks) return html`<p class="loading">Loading hooks…</p>`;
    return html`
      <section class="card">
        <div class="toolbar"><h1>Hooks</h1>
          <span class="muted">Your JavaScript in Pyra's decisions · files in <code>${this.detail?.file?.replace(/[^/\\]+$/, '') ?? 'hooks/'}</code> · <a href="#/settings/hooks">budgets</a></span></div>
        ${this.enabled === false ? html`<p class="error" role="status">hooks.enabled is off: every decision is the built-in one.
            <a href="#/settings/hooks">Settings → JS hooks</a></p>` : nothing}
        <table class="grid" id="hook-table">
          <thead><tr><th scope="col">Hook</th><th scope="col">Decides</th><th scope="col">State</th><th scope="col" class="num">Calls</th>
            <th scope="col" class="num">Failures</th><th scope="col">Last error</th></tr></thead>
          <tbody>${this.hooks.map((h) => html`<tr data-hook=${h.name} class=${h.name === this.selected ? 'selected' : ''}>
            <td><button type="button" class="link" @click=${() => this.select(h.name)} aria-current=${h.name === this.selected}>${h.name}</button></td>
            <td class="why">${h.purpose}</td>
            <td><span class="badge ${STATE[h.state][0]}" data-state=${h.state}>${STATE[h.state][1]}</span></td>
            <td class="num">${h.calls}</td>
            <td class="num">${h.failures}${h.consecutiveFailures ? html` <small class="muted">(${h.consecutiveFailures} in a row)</small>` : nothing}</td>
            <td class="why">${h.lastError ? html`${h.lastError} <small class="muted">${h.lastErrorSubject ?? ''} · ${time(h.lastErrorAt)}</small>` : '—'}</td>
          </tr>`)}</tbody>
        </table>
      </section>
      ${this.renderEditor()}
      ${this.renderDryRun()}`;
  }

  renderEditor() {
    const d = this.detail;
    if (!d) return nothing;
    return html`<section class="card" aria-labelledby="h-editor">
      <div class="toolbar"><h2 id="h-editor"><code>${d.signature}</code></h2>
        <span class="badge ${STATE[d.state][0]}" id="hook-state">${STATE[d.state][1]}</span></div>
      ${d.state === 'off' ? html`<p class="error" id="hook-off">${d.offByUser ? 'Switched off by you' : `Switched off by Pyra: ${d.offReason}`}
          ${d.offAt ? html`<small class="muted"> · ${time(d.offAt)}</small>` : nothing}. The built-in rule decides.</p>` : nothing}
      ${d.state === 'error' ? html`<p class="error" id="hook-load-error">Its file does not load: ${d.loadError}</p>` : nothing}
      ${d.state === 'absent' ? html`<p class="muted">No ${d.name}.js yet: the example below is a starting point; nothing runs until you save.</p>` : nothing}
      <div id="hook-editor"></div>
      <div class="toolbar" style="margin-top:.5rem">
        <small class="muted">${d.version ? `Saved version ${d.version}` : 'Not saved'}${d.updatedAt ? ` · ${time(d.updatedAt)}` : ''}
          · ${d.maxConsecutiveFailures} failures in a row switch it off · no try/catch: a thrown error is Pyra's to handle</small>
        <div class="actions">
          <button type="button" @click=${this.revert} ?disabled=${!this.dirty || !d.source}>Revert</button>
          ${d.state === 'off' ? html`<button type="button" class="risky" id="hook-enable" @click=${() => this.act('enable')}>Switch on</button>`
            : d.state === 'active' ? html`<button type="button" class="risky" id="hook-disable" @click=${() => this.act('disable')}>Switch off</button>` : nothing}
          ${d.source !== null ? html`<button type="button" class="danger risky" id="hook-delete"
              @click=${() => { if (confirm(`Remove ${d.name}.js? The built-in rule decides again.`)) this.act('delete'); }}>Remove</button>` : nothing}
          <button type="button" class="primary risky" id="hook-save" @click=${this.save}>Save</button>
        </div>
      </div>
      ${this.message ? html`<p class=${this.message.error ? 'error' : 'notice'} role=${this.message.error ? 'alert' : 'status'} id="hook-message">${this.message.text}</p>` : nothing}
    </section>`;
  }

  renderDryRun() {
    if (!this.detail) return nothing;
    const input = this.input;
    const set = (patch) => { this.input = { ...input, ...patch }; };
    return html`<section class="card" aria-labelledby="h-dry">
      <div class="toolbar"><h2 id="h-dry">Dry run</h2><span class="muted">The editor's text, on real inputs; nothing is decided or counted.</span></div>
      <div class="dry-inputs" role="radiogroup" aria-label="Input">
        <label class="inline"><input type="radio" name="dry-kind" value="engine" .checked=${input.kind === 'engine'} @change=${() => set({ kind: 'engine' })}>
          ${this.takesSignal() ? 'A sample signal (paper BTCUSDT at the last price)' : 'What the engine holds now'}</label>
        ${this.takesSignal() ? html`
          <label class="inline"><input type="radio" name="dry-kind" value="sample" .checked=${input.kind === 'sample'} @change=${() => set({ kind: 'sample' })}>
            Sample signal <input id="dry-symbol" size="10" aria-label="Symbol" .value=${input.symbol} @input=${(e) => set({ symbol: e.target.value, kind: 'sample' })}>
            at <input id="dry-price" size="10" placeholder="last price" aria-label="Price" .value=${input.price} @input=${(e) => set({ price: e.target.value, kind: 'sample' })}></label>
          <label class="inline"><input type="radio" name="dry-kind" value="stored" .checked=${input.kind === 'stored'} @change=${() => set({ kind: 'stored' })}>
            Stored signal # <input id="dry-signal" size="6" inputmode="numeric" aria-label="Signal id" .value=${input.signalId}
              @input=${(e) => set({ signalId: e.target.value, kind: 'stored' })}></label>` : nothing}
        <label class="inline"><input type="radio" name="dry-kind" value="custom" .checked=${input.kind === 'custom'} @change=${() => set({ kind: 'custom' })}>
          My own arguments (JSON array)</label>
        <button type="button" class="primary" id="hook-dry-run" @click=${this.dryRun} ?disabled=${this.running}>${this.running ? 'Running…' : 'Dry run'}</button>
      </div>
      ${input.kind === 'custom' ? html`<textarea id="dry-custom" rows="5" aria-label="Arguments as a JSON array" placeholder=${'[ {"symbol": "ETHUSDT", …}, {"openGroups": []} ]'}
          .value=${input.custom} @input=${(e) => set({ custom: e.target.value })}></textarea>` : nothing}
      ${this.renderRun()}
    </section>`;
  }

  renderRun() {
    const run = this.run;
    if (!run) return nothing;
    if (run.failed) return html`<p class="error" role="alert" id="dry-error">${run.failed}</p>`;
    return html`<div id="dry-result">
      ${run.note ? html`<p class="muted">${run.note}</p>` : nothing}
      <dl class="facts">
        <div class="wide"><dt>Pyra would decide</dt><dd id="dry-decision"><strong>${run.decision}</strong></dd></div>
        <div class="wide"><dt>Built in (without the hook)</dt><dd id="dry-builtin">${run.builtIn}</dd></div>
      </dl>
      <table class="grid"><thead><tr><th scope="col">Call</th><th scope="col">Answer</th><th scope="col">Taken as</th>
        <th scope="col" class="num">CPU µs</th><th scope="col" class="num">Wall µs</th></tr></thead>
        <tbody>${run.calls.map((c) => html`<tr>
          <td>${c.subject}<details><summary class="muted">input</summary><pre class="json">${json(c.input)}</pre></details></td>
          <td><pre class="json">${c.answer === null || c.answer === undefined ? '—' : json(c.answer)}</pre></td>
          <td class="why">${c.error ? html`<span class="error">${c.error}</span>` : html`<pre class="json">${json(c.accepted)}</pre>`}</td>
          <td class="num">${c.cpuMicros}</td><td class="num">${c.wallMicros}</td></tr>`)}</tbody></table>
      ${run.ladder || run.builtInLadder ? this.renderLadders(run) : nothing}
    </div>`;
  }

  renderLadders(run) {
    const table = (plan, title, id) => plan ? html`<div><h3>${title}</h3><table class="grid" id=${id}><thead><tr><th>Leg</th>
        <th class="num">Gap %</th><th class="num">Weight %</th><th class="num">Price</th><th class="num">Quantity</th><th class="num">TP</th><th>Status</th></tr></thead>
      <tbody>${plan.legs.map((l) => html`<tr><td>${l.index}</td><td class="num">${l.gapPercent}</td><td class="num">${l.weightPercent}</td>
        <td class="num">${l.price ?? '—'}</td><td class="num">${l.quantity ?? '—'}</td><td class="num">${l.takeProfit ?? '—'}</td>
        <td>${l.status}${l.adjustments?.length ? html` <small class="muted">${l.adjustments.map((a) => a.why).join('; ')}</small>` : nothing}</td></tr>`)}</tbody>
      </table></div>` : nothing;
    return html`<div class="ladders">${table(run.ladder, 'With the hook, as the precision engine would order it', 'dry-ladder')}
      ${table(run.builtInLadder, 'The configured layers', 'dry-builtin-ladder')}</div>`;
  }
}

customElements.define('pyra-hooks', PyraHooks);
