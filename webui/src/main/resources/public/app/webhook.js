// The webhook helper: where TradingView sends, the secret (shown after the password is typed
// again), alert messages ready to paste, what guards the door, and a test signal against paper.
import { LitElement, html, nothing } from 'lit';
import { api } from './api.js';
import { store } from './store.js';

class PyraWebhook extends LitElement {
  static properties = { info: { state: true }, secret: { state: true }, asking: { state: true }, error: { state: true },
    test: { state: true }, copied: { state: true } };

  createRenderRoot() { return this; }

  constructor() {
    super();
    this.test = { symbol: 'BTCUSDT', price: '', type: 'entry' };
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.info = await api('/webhook');
    } catch (e) {
      this.error = e.message;
    }
  }

  /** A message with the secret filled in once it is shown; YOUR-SECRET until then. */
  message(kind) {
    const text = this.info.messages[kind];
    return this.secret ? text.replace('YOUR-SECRET', this.secret) : text;
  }

  async copy(id, text) {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = id;
    } catch {
      this.copied = `${id}-select`; // no clipboard (plain http on another host): the text is selectable
    }
    setTimeout(() => { this.copied = null; }, 2000);
  }

  render() {
    if (this.error) return html`<section class="card"><h1>Webhook</h1><p class="error" role="alert">${this.error}</p></section>`;
    const w = this.info;
    if (!w) return html`<p class="loading">Loading…</p>`;
    const allow = w.ipAllowlist;
    return html`
      <section class="card" aria-labelledby="h-hook"><h1 id="h-hook">TradingView webhook</h1>
        <dl class="facts">
          <div class="wide"><dt>Webhook URL (this machine)</dt><dd><code id="webhook-url">${w.url}</code>
            <button type="button" class="small" @click=${() => this.copy('url', w.url)}>${this.copied === 'url' ? 'Copied' : 'Copy'}</button>
            <br><small class="muted">${w.exposed ? 'The webhook listener accepts connections from other machines: put TLS in front of it (reverse proxy or tunnel).'
              : 'It listens on this machine only: TradingView reaches it through a reverse proxy or tunnel with TLS (docs/security.md), or start Pyra with --webhook-bind 0.0.0.0 behind one.'}</small></dd></div>
          <div class="wide"><dt>Secret (the alerts' "secret" field)</dt><dd>
            ${this.secret ? html`<code id="webhook-secret">${this.secret}</code>
                <button type="button" class="small" @click=${() => this.copy('secret', this.secret)}>${this.copied === 'secret' ? 'Copied' : 'Copy'}</button>
                <button type="button" class="small ghost" @click=${() => { this.secret = null; }}>Hide</button>`
              : html`<code id="webhook-secret-masked">${w.secretMasked ?? (w.secretSet ? 'set' : 'not set')}</code>
                ${w.secretSet ? html`<button type="button" class="small" id="reveal-secret" @click=${() => { this.asking = {}; }}>Reveal…</button>` : nothing}`}
            <small class="muted">from the ${w.secretFrom}; change it under Settings → Webhook</small></dd></div>
          <div><dt>Source-IP allowlist</dt><dd id="allowlist-state"><span class="badge ${allow.enabled ? 'on' : 'off'}">${allow.enabled ? 'on' : 'off'}</span>
            ${allow.enabled ? (w.allowlistHasTradingView ? "TradingView's addresses are on it" : "TradingView's addresses are missing from it!") : 'any source is taken'}
            </dd></div>
          <div><dt>HMAC signature</dt><dd>${w.hmacRequired ? 'required' : 'not required'} · key ${w.hmacKeySet ? 'set' : 'not set'}</dd></div>
          <div><dt>Rate limit per source</dt><dd>${w.rateLimitPerMinute} / min</dd></div>
          <div><dt>Stale after</dt><dd>${w.maxLagSeconds} s</dd></div>
          <div class="wide"><dt>TradingView sends from</dt><dd><code>${w.tradingViewAddresses.join(', ')}</code></dd></div>
        </dl>
        <p class="muted"><a href="#/settings/webhook">Settings → Webhook</a>: allowlist, trusted proxies, rate limit, HMAC and the secret.</p>
      </section>
      <section class="card" aria-labelledby="h-messages"><h2 id="h-messages">Alert messages</h2>
        <p class="muted">Paste one into the alert's "Message" box; TradingView fills in the {{…}} placeholders.
          ${this.secret ? 'The secret is filled in.' : 'Reveal the secret to have it filled in, or replace YOUR-SECRET.'}</p>
        ${[['entry', 'Entry (a buy alert)'], ['exit', 'Exit (a sell alert)'], ['strategy', 'Strategy alert (one alert for a strategy\'s orders)']].map(([kind, label]) => html`
          <div class="message"><div class="toolbar"><h3>${label}</h3>
            <button type="button" class="small" data-copy=${kind} @click=${() => this.copy(kind, this.message(kind))}>${this.copied === kind ? 'Copied' : 'Copy'}</button></div>
            <pre class="body" id="message-${kind}">${this.message(kind)}</pre></div>`)}
      </section>
      <section class="card" aria-labelledby="h-test"><h2 id="h-test">Send a test signal</h2>
        <p class="muted">Through the webhook's own checks to the paper venue, as TradingView would send it. With a price, the paper market moves
          there first, so a market entry fills.</p>
        <form class="filters" @submit=${this.sendTest}>
          <label class="inline">Venue <select id="test-exchange" @change=${(e) => { this.test = { ...this.test, exchange: e.target.value }; }}>
            ${w.exchanges.filter((x) => x === 'paper').map((x) => html`<option value=${x}>${x}</option>`)}</select></label>
          <label class="inline">Symbol <input id="test-symbol" class="short" .value=${this.test.symbol}
              @input=${(e) => { this.test = { ...this.test, symbol: e.target.value.trim() }; }}></label>
          <label class="inline">Price <input id="test-price" class="short num" inputmode="decimal" placeholder="e.g. 64000" .value=${this.test.price}
              @input=${(e) => { this.test = { ...this.test, price: e.target.value.trim() }; }}></label>
          <label class="inline">Signal <select id="test-type" @change=${(e) => { this.test = { ...this.test, type: e.target.value }; }}>
            <option value="entry" ?selected=${this.test.type === 'entry'}>entry (buy)</option>
            <option value="exit" ?selected=${this.test.type === 'exit'}>exit (sell)</option></select></label>
          <button type="submit" class="primary risky" id="send-test" ?disabled=${!store.live || !w.exchanges.includes('paper')}>Send</button>
        </form>
        ${w.exchanges.includes('paper') ? nothing : html`<p class="muted">The paper venue is switched off: test signals go to paper only.</p>`}
        ${this.test.answer ? html`<p class=${this.test.answer.error ? 'error' : 'notice'} role="status" id="test-answer">${this.test.answer.error
          ?? html`Signal ${this.test.answer.signalId}: <strong>${this.test.answer.status}</strong> — ${this.test.answer.reason}
            ${/group (\d+)/.test(this.test.answer.reason ?? '') ? html` · <a href="#/groups/${/group (\d+)/.exec(this.test.answer.reason)[1]}">open the group</a>` : nothing}`}</p>` : nothing}
      </section>
      ${this.renderAsk()}`;
  }

  async sendTest(event) {
    event.preventDefault();
    const t = this.test;
    try {
      const answer = await api('/webhook/test', { method: 'POST', body: { exchange: 'paper', symbol: t.symbol, price: t.price, type: t.type } });
      this.test = { ...t, answer };
    } catch (e) {
      this.test = { ...t, answer: { error: e.message } };
    }
  }

  renderAsk() {
    if (!this.asking) return nothing;
    return html`<div class="backdrop"><form class="dialog card" role="dialog" aria-modal="true" aria-labelledby="ask-title" @submit=${this.reveal}>
      <h2 id="ask-title">Show the webhook secret</h2>
      <p>Anyone with the secret can send trades to Pyra. Type your login password to see it.</p>
      <label for="reveal-password">Password</label><input type="password" id="reveal-password" name="password" autocomplete="current-password" required autofocus>
      ${this.asking.error ? html`<p class="error" role="alert">${this.asking.error}</p>` : nothing}
      <div class="actions"><button type="button" @click=${() => { this.asking = null; }}>Cancel</button>
        <button type="submit" class="primary" id="confirm-reveal">Show</button></div></form></div>`;
  }

  async reveal(event) {
    event.preventDefault();
    try {
      this.secret = (await api('/webhook/reveal', { method: 'POST', body: { password: event.target.password.value } })).secret;
      this.asking = null;
    } catch (e) {
      this.asking = { error: e.message };
    }
  }
}

customElements.define('pyra-webhook', PyraWebhook);
