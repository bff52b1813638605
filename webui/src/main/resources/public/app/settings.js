// Settings without JSON: forms generated from the config schema, checked as you type by the
// server (its own messages under each field), a live preview of the ladder and of what the pool and
// risk settings make of today's groups, then one apply flow — the diff, what applies at once and
// what needs a restart, save, restart, and back where you were. Keys go to the key store only.
import { LitElement, html, nothing } from 'lit';
import { api, ApiError } from './api.js';
import { store } from './store.js';
import { field, resolve, setAt, errorsAt } from './schema-form.js';
import { fixed, time, signed } from './format.js';
import { exportButtons, download } from './exporting.js';
import './ladder-preview.js';

const SECTIONS = [
  ['exchanges', 'Exchanges & keys'], ['engine', 'Ladder & take-profit'], ['pool', 'Pool & queue'], ['risk', 'Risk engine'],
  ['precision', 'Precision'], ['webhook', 'Webhook'], ['logging', 'Logging'], ['security', 'Security'], ['ui', 'Web app'], ['stats', 'Statistics'], ['hooks', 'JS hooks'],
  ['database', 'Database'], ['backup', 'Backup & restore'], ['about', 'About'],
];
const KEY_FIELDS = { apiKey: 'API key', apiSecret: 'API secret', passphrase: 'API passphrase (OKX, KuCoin)' };

class PyraSettings extends LitElement {
  static properties = {
    section: { type: String }, schema: { state: true }, config: { state: true }, draft: { state: true }, preview: { state: true },
    keys: { state: true }, extensions: { state: true }, venues: { state: true }, system: { state: true }, dialog: { state: true },
    notice: { state: true }, failure: { state: true }, sample: { state: true }, restore: { state: true }, secretsOnce: { state: true },
    keyMessages: { state: true }, passwordMessage: { state: true }, backupMessage: { state: true }, keyInputs: { state: true },
  };

  createRenderRoot() { return this; }

  constructor() {
    super();
    this.sample = { exchange: '', symbol: '', price: '' };
    this.keyInputs = {};
    this.restore = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.onRestarted = () => { this.notice = 'Restarted: the engine runs on the saved settings.'; this.load(); };
    store.addEventListener('restarted', this.onRestarted);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    store.removeEventListener('restarted', this.onRestarted);
    clearTimeout(this.previewTimer);
  }

  async load() {
    try {
      const [schema, config, keys, extensions, plugins, system] = await Promise.all([
        api('/config/schema'), api('/config'), api('/keys'), api('/extensions'), api('/plugins'), api('/system')]);
      Object.assign(this, { schema, config, draft: structuredClone(config), keys, extensions, venues: plugins.venues, system, failure: null });
      this.requestPreview(0);
    } catch (e) {
      this.failure = e.message;
    }
  }

  get dirty() {
    return this.draft && JSON.stringify(this.draft) !== JSON.stringify(this.config);
  }

  get errors() {
    return this.preview?.review?.errors ?? [];
  }

  set(path, value) {
    this.draft = setAt(this.draft, path, value);
    this.requestPreview();
  }

  requestPreview(delay = 300) {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.runPreview(), delay);
  }

  async runPreview() {
    const asked = JSON.stringify(this.draft);
    try {
      const preview = await api('/config/preview', { method: 'POST', body: { config: this.draft, sample: this.sample } });
      if (asked === JSON.stringify(this.draft)) this.preview = preview; // a later edit asks again
    } catch (e) {
      this.preview = { review: { valid: false, errors: [{ path: e.body?.field ? `$.${e.body.field}` : '$', message: e.message }], changes: [] } };
    }
  }

  render() {
    if (this.failure) return html`<section class="card"><h1>Settings</h1><p class="error" role="alert">${this.failure}</p></section>`;
    if (!this.draft) return html`<p class="loading">Loading the settings…</p>`;
    const section = SECTIONS.some(([id]) => id === this.section) ? this.section : 'exchanges';
    const errorCount = this.errors.length;
    return html`
      <div class="settings">
        <nav class="card sections" aria-label="Settings sections">
          ${SECTIONS.map(([id, label]) => {
            const count = this.errors.filter((e) => e.path.startsWith(`$.${id}`)).length;
            return html`<a href="#/settings/${id}" class=${id === section ? 'active' : ''} aria-current=${id === section ? 'page' : 'false'}>
              ${label}${count ? html` <span class="badge status-down" title="errors">${count}</span>` : nothing}</a>`;
          })}
        </nav>
        <div class="section-body">
          ${this.notice ? html`<p class="notice card" role="status" id="settings-notice">${this.notice}</p>` : nothing}
          ${this.renderSection(section)}
        </div>
      </div>
      ${['backup', 'about'].includes(section) && !this.dirty ? nothing : html`<footer class="savebar card" aria-live="polite">
        <span id="draft-state">${this.dirty ? html`<strong>Unsaved changes</strong> · ${this.preview?.review?.changes?.length ?? '…'} change(s)`
          : 'No unsaved changes'}${errorCount ? html` · <span class="error">${errorCount} error(s): nothing can be saved</span>` : nothing}</span>
        <span class="actions">
          <button type="button" ?disabled=${!this.dirty} @click=${this.discard}>Discard</button>
          <button type="button" class="primary risky" id="review-apply" ?disabled=${!this.dirty || errorCount > 0 || !store.live}
              @click=${this.review}>Review & apply…</button>
        </span>
      </footer>`}
      ${this.renderDialog()}`;
  }

  form(section) {
    return { root: this.schema, errors: this.errors, set: (path, value) => this.set(path, value) };
  }

  renderSection(section) {
    const props = this.schema.properties;
    const generic = (id, extra = nothing) => html`
      <section class="card" aria-labelledby="h-${id}">
        <h1 id="h-${id}">${props[id].title}</h1>
        <p class="muted">${props[id].description ?? ''}</p>
        <form class="schema-form" @submit=${(e) => e.preventDefault()}>${field(this.form(id), props[id], [id], this.draft[id])}</form>
      </section>${extra}`;
    switch (section) {
      case 'exchanges': return this.renderExchanges();
      case 'engine': case 'precision': return html`<div class="with-preview">${generic(section)}${this.renderLadderPreview()}</div>`;
      case 'pool': return html`<div class="with-preview">${generic('pool')}${this.renderPoolImpact()}</div>`;
      case 'risk': return html`<div class="with-preview">${generic('risk')}${this.renderRiskImpact()}</div>`;
      case 'webhook': return generic('webhook', html`${this.renderKeys('webhook', { secret: 'Webhook secret', hmacKey: 'HMAC key' },
        'The secret every alert carries, and the key of signed webhooks. Write-only: shown masked once set. The Webhook page shows ready-made alert messages.')}`);
      case 'database': return generic('database', this.renderKeys('database', { password: 'Password' }, 'The external database\'s password, kept in the key store.'));
      case 'security': return generic('security', this.renderSecurity());
      case 'logging': case 'ui': case 'stats': case 'hooks': return generic(section);
      case 'backup': return this.renderBackup();
      case 'about': return this.renderAbout();
      default: return nothing;
    }
  }

  // ---- exchanges and keys ------------------------------------------------------------------------

  renderExchanges() {
    const installed = this.extensions?.exchanges ?? [];
    const venueSchema = resolve(this.schema, this.schema.$defs.venue);
    return html`<section class="card"><h1>Exchanges & keys</h1>
      <p class="muted">${this.schema.properties.exchanges.description} Switching a venue on or off applies after a restart. API keys need
        trade permission only, never withdrawals; they are stored encrypted and shown masked.</p></section>
      ${installed.map(({ id, plugin }) => {
        const section = this.draft.exchanges?.[id];
        const schema = id === 'paper' ? resolve(this.schema, this.schema.properties.exchanges.properties.paper) : venueSchema;
        const enabled = section !== undefined && section.enabled !== false;
        const running = this.venues?.find((v) => v.venue === id);
        const skip = (path) => ['enabled', 'testnet'].includes(path[2]);
        return html`<section class="card venue" id="venue-${id}" aria-labelledby="h-venue-${id}">
          <div class="toolbar"><h2 id="h-venue-${id}">${id} <small class="muted">${plugin}</small></h2>
            <span class="badge ${running?.running ? 'on' : 'off'}">${running?.running ? `running · ${running.network}` : 'not running'}</span></div>
          <div class="field check"><label for="f-exchanges-${id}-enabled"><input type="checkbox" id="f-exchanges-${id}-enabled" .checked=${enabled}
              @change=${(e) => this.set(['exchanges', id], { ...(section ?? {}), enabled: e.target.checked })}> Trade on ${id}</label>
            ${errorsAt(this.errors, ['exchanges', id], true).map((e) => html`<p class="error">${e.path}: ${e.message}</p>`)}</div>
          ${id === 'paper' ? nothing : html`<div class="field check"><label for="f-exchanges-${id}-testnet">
              <input type="checkbox" id="f-exchanges-${id}-testnet" .checked=${section?.testnet === true} ?disabled=${section === undefined}
                @change=${(e) => this.set(['exchanges', id, 'testnet'], e.target.checked)}> Testnet / demo account (no real money)</label>
              <small class="help">${venueSchema.properties.testnet.description}</small></div>
            ${this.renderKeys(id, KEY_FIELDS, '')}`}
          ${section === undefined ? nothing : html`<details><summary>More ${id} settings</summary>
            ${Object.entries(schema.properties).map(([key, child]) => (skip(['exchanges', id, key]) ? nothing
              : field(this.form('exchanges'), child, ['exchanges', id, key], section[key])))}</details>`}
        </section>`;
      })}`;
  }

  /** Write-only keys of an owner (an exchange, the webhook, the database): typed here, sent to the key store only. */
  renderKeys(owner, fields, note) {
    const stored = this.keys?.keys?.[owner] ?? {};
    const inputs = this.keyInputs[owner] ?? {};
    const message = this.keyMessages?.[owner];
    return html`<fieldset class="group keys" id="keys-${owner}"><legend>Keys of ${owner}</legend>
      ${note ? html`<small class="help">${note}</small>` : nothing}
      ${Object.entries(fields).map(([name, label]) => html`<div class="field">
        <label for="key-${owner}-${name}">${label}</label>
        <div class="control"><input type="password" id="key-${owner}-${name}" autocomplete="off" spellcheck="false"
            placeholder=${stored[name] ? `set: ${stored[name].masked}` : 'not set'} .value=${inputs[name] ?? ''}
            @input=${(e) => { this.keyInputs = { ...this.keyInputs, [owner]: { ...inputs, [name]: e.target.value } }; }}>
          ${stored[name] ? html`<small class="muted" data-masked=${name}>${stored[name].masked} · set ${time(stored[name].setAt)}</small>` : nothing}</div></div>`)}
      <div class="actions">
        ${Object.keys(stored).length ? html`<button type="button" class="danger risky" @click=${() => this.removeKeys(owner)}>Remove keys</button>` : nothing}
        <button type="button" class="primary risky" id="save-keys-${owner}" ?disabled=${!Object.values(inputs).some((v) => v)}
            @click=${() => this.saveKeys(owner)}>Save keys</button></div>
      ${message ? html`<p class=${message.error ? 'error' : 'notice'} role="status">${message.text}</p>` : nothing}
    </fieldset>`;
  }

  async saveKeys(owner) {
    const values = Object.fromEntries(Object.entries(this.keyInputs[owner] ?? {}).filter(([, v]) => v));
    try {
      const answer = await api(`/keys/${owner}`, { method: 'PUT', body: values });
      this.keys = answer;
      this.keyInputs = { ...this.keyInputs, [owner]: {} };
      this.keyMessages = { ...this.keyMessages, [owner]: { text: `Saved, encrypted. ${answer.pending?.length ? answer.pending.join('; ') : 'In use at once.'}` } };
    } catch (e) {
      this.keyMessages = { ...this.keyMessages, [owner]: { error: true, text: e.message } };
    }
    this.requestUpdate();
  }

  async removeKeys(owner) {
    if (!confirm(`Remove every stored key of ${owner}?`)) return;
    try {
      this.keys = await api(`/keys/${owner}`, { method: 'DELETE' });
      this.keyMessages = { ...this.keyMessages, [owner]: { text: 'Removed.' } };
    } catch (e) {
      this.keyMessages = { ...this.keyMessages, [owner]: { error: true, text: e.message } };
    }
  }

  // ---- previews ----------------------------------------------------------------------------------

  renderSample() {
    const venues = (this.venues ?? []).filter((v) => v.running);
    const s = this.sample;
    const resolved = this.preview?.sample ?? {};
    return html`<form class="sample" @submit=${(e) => { e.preventDefault(); this.requestPreview(0); }}>
      <label class="inline">Venue <select id="sample-exchange" @change=${(e) => { this.sample = { ...s, exchange: e.target.value }; this.requestPreview(0); }}>
        ${venues.map((v) => html`<option value=${v.venue} ?selected=${v.venue === (s.exchange || resolved.exchange)}>${v.venue}</option>`)}</select></label>
      <label class="inline">Symbol <input id="sample-symbol" class="short" .value=${s.symbol} placeholder=${resolved.symbol ?? 'BTCUSDT'}
          @change=${(e) => { this.sample = { ...s, symbol: e.target.value.trim() }; this.requestPreview(0); }}></label>
      <label class="inline">Price <input id="sample-price" class="short num" inputmode="decimal" .value=${s.price}
          placeholder=${resolved.price ? `${resolved.price} (last)` : 'last price'}
          @change=${(e) => { this.sample = { ...s, price: e.target.value.trim() }; this.requestPreview(0); }}></label>
    </form>`;
  }

  renderLadderPreview() {
    return html`<section class="card preview" aria-labelledby="h-preview"><h2 id="h-preview">Live preview</h2>
      <p class="muted">Unsaved settings, real venue rules: what the next entry signal would place.</p>
      ${this.renderSample()}<pyra-ladder-preview .preview=${this.preview}></pyra-ladder-preview></section>`;
  }

  renderPoolImpact() {
    const p = this.preview?.pool;
    const rows = () => p?.queue ?? [];
    return html`<section class="card preview" id="pool-impact"><h2>With these settings, today</h2>
      ${!p ? html`<p class="muted">${this.preview?.ladderProblem ?? 'Computing…'}</p>` : html`
        <dl class="facts"><div><dt>Slots</dt><dd class="num" id="impact-slots">${p.activeGroups} active of ${p.maxActiveGroups} · ${p.freeSlots} free</dd></div>
          <div><dt>Would start at once</dt><dd id="impact-start">${p.startNow.length ? `${p.startNow.length} queued entr${p.startNow.length > 1 ? 'ies' : 'y'}` : 'none'}</dd></div>
          ${p.overCap ? html`<div class="wide"><dt>Over the cap</dt><dd>${p.overCap} group(s) above the new cap: none is closed; new entries wait until they end.</dd></div>` : nothing}</dl>
        <div class="toolbar"><h3>The queue ranked by ${p.priorityRules.join(' → ')}</h3>${exportButtons('queue-preview', rows,
          [['rank', (e) => e.rank], ['symbol', (e) => e.symbol], ['timeframe', (e) => e.timeframe], ['queuedAt', (e) => e.queuedAt],
            ...p.priorityRules.map((r) => [r, (e) => e.values[r]])])}</div>
        <table class="grid compact"><thead><tr><th scope="col">#</th><th scope="col">Pair</th>${p.priorityRules.map((r) => html`<th scope="col" class="num">${r}</th>`)}
          <th scope="col">Now</th></tr></thead>
          <tbody>${p.queue.length === 0 ? html`<tr><td colspan="9" class="muted">The queue is empty.</td></tr>` : nothing}
            ${p.queue.map((e) => html`<tr><td class="num">${e.rank}</td><td>${e.symbol} ${e.timeframe}</td>
              ${p.priorityRules.map((r) => html`<td class="num">${fixed(e.values[r])}</td>`)}
              <td>${p.startNow.includes(e.sequence) ? html`<span class="badge on">starts</span>` : 'waits'}</td></tr>`)}</tbody></table>`}
    </section>`;
  }

  renderRiskImpact() {
    const r = this.preview?.risk;
    const rows = () => r?.candidates ?? [];
    return html`<section class="card preview" id="risk-impact"><h2>With these settings, today</h2>
      ${!r ? html`<p class="muted">${this.preview?.ladderProblem ?? 'Computing…'}</p>` : html`
        <p>The risk engine would be <strong id="impact-risk-state">${r.enabled ? 'on' : 'off'}</strong>;
          ${r.candidates.filter((c) => c.eligible).length} of ${r.candidates.length} losing group(s) would be eligible for an offset now.</p>
        <div class="toolbar"><span></span>${exportButtons('risk-preview', rows, [['group', (c) => c.groupId], ['symbol', (c) => c.symbol],
          ['lossPercent', (c) => c.lossPercent], ['lossUsd', (c) => c.lossUsd], ['eligible', (c) => c.eligible],
          ['conditions', (c) => c.conditions]])}</div>
        <table class="grid compact"><thead><tr><th scope="col">Group</th><th scope="col" class="num">Loss %</th><th scope="col" class="num">Loss USD</th>
          <th scope="col">Conditions</th><th scope="col">Eligible</th></tr></thead>
          <tbody>${r.candidates.length === 0 ? html`<tr><td colspan="5" class="muted">No group is losing.</td></tr>` : nothing}
            ${r.candidates.map((c) => html`<tr><td>${c.groupId} ${c.symbol}</td><td class="num">${signed(`-${c.lossPercent}`).text}</td>
              <td class="num">${fixed(c.lossUsd, 2)}</td>
              <td>${Object.entries(c.conditions).map(([k, v]) => html`<span class="cond ${v ? 'yes' : 'no'}">${v ? '✓' : '✗'} ${k}</span> `)}</td>
              <td>${c.eligible ? 'yes' : 'no'}</td></tr>`)}</tbody></table>`}
    </section>`;
  }

  // ---- security ----------------------------------------------------------------------------------

  renderSecurity() {
    const token = this.keys?.keys?.api?.token;
    return html`
      <section class="card" aria-labelledby="h-password"><h2 id="h-password">Login password</h2>
        <form class="schema-form" id="password-form" @submit=${this.changePassword}>
          <div class="field"><label for="current-password">Current password</label>
            <div class="control"><input type="password" id="current-password" name="current" autocomplete="current-password" required></div></div>
          <div class="field"><label for="new-password">New password</label>
            <div class="control"><input type="password" id="new-password" name="password" autocomplete="new-password" minlength="8" required></div>
            <small class="help">8 characters or more. Every other browser session ends.</small></div>
          <div class="actions"><button type="submit" class="primary">Change password</button></div>
          ${this.passwordMessage ? html`<p class=${this.passwordMessage.error ? 'error' : 'notice'} role="status">${this.passwordMessage.text}</p>` : nothing}
        </form></section>
      <section class="card" aria-labelledby="h-token"><h2 id="h-token">API token for scripts</h2>
        <p class="muted">Scripts send <code>Authorization: Bearer &lt;token&gt;</code>. A token from
          PYRA_API_TOKEN works too. A generated token is shown once, then only masked.</p>
        <p>${token ? html`Stored: <code id="token-masked">${token.masked}</code>, made ${time(token.setAt)}` : 'No generated token.'}</p>
        ${this.secretsOnce?.token ? html`<p class="notice" role="status">New token (copy it now, it is not shown again):
          <code id="new-token">${this.secretsOnce.token}</code></p>` : nothing}
        <div class="actions">${token ? html`<button type="button" class="danger" @click=${this.revokeToken}>Revoke</button>` : nothing}
          <button type="button" @click=${this.makeToken}>${token ? 'Replace the token' : 'Generate a token'}</button></div></section>
      <section class="card"><h2>Key store</h2>
        <p>Protected by ${this.keys?.protection === 'passphrase' ? 'a passphrase (asked at every start)' : 'a key file in the data directory'}.
          Change it with <code>bin/pyra --keystore-passphrase</code> while Pyra is stopped (docs/security.md says what each protects against).</p></section>`;
  }

  async changePassword(event) {
    event.preventDefault();
    const form = event.target;
    try {
      const answer = await api('/session/password', { method: 'POST', body: { current: form.current.value, password: form.password.value } });
      this.passwordMessage = { text: answer.result };
      form.reset();
    } catch (e) {
      this.passwordMessage = { error: true, text: e.message };
    }
    this.requestUpdate();
  }

  async makeToken() {
    const answer = await api('/tokens', { method: 'POST' });
    this.secretsOnce = { token: answer.token };
    this.keys = await api('/keys');
  }

  async revokeToken() {
    if (!confirm('Revoke the generated API token? Scripts using it are refused from now on.')) return;
    await api('/tokens', { method: 'DELETE' });
    this.secretsOnce = null;
    this.keys = await api('/keys');
  }

  // ---- backup and restore -----------------------------------------------------------------------

  renderBackup() {
    const r = this.restore;
    const review = r.review;
    return html`
      <section class="card" aria-labelledby="h-backup"><h1 id="h-backup">Backup</h1>
        <p class="muted">The config as one JSON file. Secrets are left out, or included encrypted under a passphrase you choose (AES-256-GCM,
          Argon2id): keep that passphrase apart from the file.</p>
        <form class="schema-form" id="backup-form" @submit=${this.makeBackup}>
          <div class="field check"><label><input type="radio" name="secrets" value="exclude" checked> Leave the keys out</label></div>
          <div class="field check"><label><input type="radio" name="secrets" value="encrypt"> Include the keys, encrypted with a passphrase</label></div>
          <div class="field"><label for="backup-passphrase">Passphrase (12 characters or more)</label>
            <div class="control"><input type="password" id="backup-passphrase" name="passphrase" autocomplete="new-password"></div></div>
          <div class="actions"><button type="submit" class="primary" id="download-backup">Download backup</button></div>
          ${this.backupMessage ? html`<p class=${this.backupMessage.error ? 'error' : 'notice'} role="status">${this.backupMessage.text}</p>` : nothing}
        </form></section>
      <section class="card" aria-labelledby="h-restore"><h1 id="h-restore">Restore</h1>
        <p class="muted">Upload a backup (or a config file): it is checked like any change and shows what it changes before anything is saved.</p>
        <form class="schema-form" @submit=${(e) => { e.preventDefault(); this.checkRestore(); }}>
          <div class="field"><label for="restore-file">Backup file</label>
            <div class="control"><input type="file" id="restore-file" accept=".json,application/json" @change=${this.readRestoreFile}></div></div>
          <div class="field"><label for="restore-passphrase">Its passphrase (if it carries keys)</label>
            <div class="control"><input type="password" id="restore-passphrase" autocomplete="off"
                @input=${(e) => { this.restore = { ...r, passphrase: e.target.value }; }}></div></div>
          <div class="actions"><button type="submit" id="check-restore" ?disabled=${!r.document}>Check the backup</button></div>
        </form>
        ${r.error ? html`<p class="error" role="alert" id="restore-error">${r.error}</p>` : nothing}
        ${review ? html`<div id="restore-review">
          ${review.review.valid ? nothing : html`<p class="error" role="alert">It is not a valid config: nothing can be restored.</p>
            <ul class="field-errors">${review.review.errors.map((e) => html`<li>${e.path}: ${e.message}</li>`)}</ul>`}
          <p>${review.createdAt ? `Made ${time(review.createdAt)}. ` : ''}${review.secretsIncluded ? `Carries ${review.secrets.length} key(s), encrypted.` : 'Carries no keys: the stored ones stay.'}</p>
          ${this.changesTable(review.review.changes)}
          <div class="actions"><button type="button" class="primary risky" id="do-restore"
              ?disabled=${!review.review.valid || review.review.changes.length === 0} @click=${this.doRestore}>Restore these ${review.review.changes.length} change(s)</button></div>
        </div>` : nothing}
        ${r.saved ? this.savedResult(r.saved) : nothing}
      </section>`;
  }

  async makeBackup(event) {
    event.preventDefault();
    const form = event.target;
    const encrypt = form.secrets.value === 'encrypt';
    try {
      const response = encrypt
        ? await api('/config/backup', { method: 'POST', body: { passphrase: form.passphrase.value }, raw: true })
        : await api('/config/backup', { raw: true });
      const text = await response.text();
      if (!response.ok) throw new ApiError(response.status, JSON.parse(text));
      const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'pyra-config.json';
      download(name, text, 'application/json');
      this.backupMessage = { text: `Downloaded ${name}${encrypt ? ' with the keys encrypted' : ' without keys'}.` };
    } catch (e) {
      this.backupMessage = { error: true, text: e.message };
    }
    this.requestUpdate();
  }

  async readRestoreFile(event) {
    const file = event.target.files[0];
    if (!file) return;
    try {
      this.restore = { ...this.restore, document: JSON.parse(await file.text()), name: file.name, error: null, review: null, saved: null };
    } catch (e) {
      this.restore = { ...this.restore, document: null, error: `${file.name} is not JSON: ${e.message}` };
    }
  }

  async checkRestore() {
    const r = this.restore;
    try {
      const review = await api('/config/restore?dryRun=true', { method: 'POST', body: { backup: r.document, passphrase: r.passphrase ?? '' } });
      this.restore = { ...r, review, error: null, saved: null };
    } catch (e) {
      this.restore = { ...r, review: null, error: e.message };
    }
  }

  async doRestore() {
    const r = this.restore;
    try {
      const saved = await api('/config/restore', { method: 'POST', body: { backup: r.document, passphrase: r.passphrase ?? '' } });
      this.restore = { ...r, review: null, saved };
      await this.reloadConfig();
    } catch (e) {
      this.restore = { ...r, error: e.body?.errors ? e.body.errors.map((x) => `${x.path}: ${x.message}`).join('; ') : e.message };
    }
  }

  // ---- about -------------------------------------------------------------------------------------

  renderAbout() {
    const s = this.system;
    return html`<section class="card" aria-labelledby="h-about"><h1 id="h-about">About this Pyra</h1>
      <dl class="facts" id="system-facts">
        <div><dt>Version</dt><dd>${s.version}</dd></div>
        <div><dt>Build</dt><dd><code id="build-commit">${s.commit === 'unknown' ? 'unknown' : s.commit.slice(0, 12)}</code></dd></div>
        <div><dt>Running since</dt><dd>${time(s.startedAt)}</dd></div>
        <div><dt>Database</dt><dd>${s.database}</dd></div>
        <div><dt>Key store</dt><dd>protected by ${s.keyStore}</dd></div>
        <div class="wide"><dt>Data directory</dt><dd><code>${s.dataDir}</code></dd></div>
        <div class="wide"><dt>Config file</dt><dd><code>${s.configFile}</code></dd></div>
        <div class="wide"><dt>Logs</dt><dd><code>${s.logsDir}</code></dd></div>
        <div class="wide"><dt>Plugins</dt><dd><code>${[...s.pluginDirs, s.uploadedPluginsDir].join(' · ')}</code></dd></div>
        <div><dt>Java</dt><dd>${s.java}</dd></div><div><dt>System</dt><dd>${s.os}</dd></div>
        <div class="wide"><dt>Java runtime</dt><dd><code>${s.javaHome}</code></dd></div>
        <div class="wide"><dt>Update check</dt><dd id="update-check">Off: Pyra never calls out to look for a new version.
          New releases and their notes: the project's releases page.</dd></div>
      </dl></section>`;
  }

  // ---- the apply flow ----------------------------------------------------------------------------

  changesTable(changes) {
    const show = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    if (!changes.length) return html`<p class="muted">Nothing changes.</p>`;
    return html`<table class="grid compact changes"><thead><tr><th scope="col">Setting</th><th scope="col">Now</th><th scope="col">New</th>
      <th scope="col">Takes effect</th></tr></thead>
      <tbody>${changes.map((c) => html`<tr data-path=${c.path}><td><code>${c.path}</code></td><td class="num">${show(c.from)}</td>
        <td class="num">${show(c.to)}</td><td><span class="badge ${c.applies === 'restart' ? 'status-closing' : 'on'}">${
          { now: 'at once', reconnect: 'when the venue is idle', restart: 'after a restart' }[c.applies]}</span>
        <small class="muted">${c.note}</small></td></tr>`)}</tbody></table>`;
  }

  async review() {
    await this.runPreview();
    this.dialog = { step: 'review' };
  }

  savedResult(saved) {
    return html`<div class="saved"><p class="notice" role="status" id="saved-result">Saved. ${saved.restartRequired
      ? `Waiting for a restart: ${saved.pending.join('; ')}.` : 'Everything applies at once.'}</p>
      ${saved.restartRequired ? html`<div class="actions"><button type="button" class="primary risky" id="restart-now"
          @click=${this.restart}>Restart now</button></div>` : nothing}</div>`;
  }

  renderDialog() {
    const d = this.dialog;
    if (!d) return nothing;
    const review = this.preview?.review ?? { changes: [], errors: [] };
    return html`<div class="backdrop" @click=${(e) => { if (e.target === e.currentTarget) this.dialog = null; }}>
      <div class="dialog card wide" role="dialog" aria-modal="true" aria-labelledby="apply-title">
        <h2 id="apply-title">${d.step === 'review' ? 'Apply these settings?' : 'Settings saved'}</h2>
        ${d.step === 'review' ? html`
          ${review.errors.length ? html`<ul class="field-errors">${review.errors.map((e) => html`<li>${e.path}: ${e.message}</li>`)}</ul>` : nothing}
          ${this.changesTable(review.changes)}
          ${review.restartRequired ? html`<p class="muted">Some changes take effect after a restart: you can restart right after saving.</p>` : nothing}
          ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : nothing}
          <div class="actions"><button type="button" @click=${() => { this.dialog = null; }}>Cancel</button>
            <button type="button" class="primary risky" id="confirm-save" ?disabled=${review.errors.length > 0} @click=${this.save}>Save</button></div>`
          : html`${this.savedResult(d.saved)}<div class="actions"><button type="button" id="close-dialog" @click=${() => { this.dialog = null; }}>Close</button></div>`}
      </div></div>`;
  }

  async save() {
    try {
      const saved = await api('/config', { method: 'PUT', body: this.draft });
      await this.reloadConfig();
      if (this.section === 'ui') applyUiDefaults(this.config.ui, true);
      this.dialog = { step: 'saved', saved };
      this.notice = null;
    } catch (e) {
      const errors = e.body?.errors;
      this.dialog = { ...this.dialog, error: errors ? errors.map((x) => `${x.path}: ${x.message}`).join('; ') : e.message };
    }
  }

  async reloadConfig() {
    this.config = await api('/config');
    this.draft = structuredClone(this.config);
    this.keys = await api('/keys');
    this.requestPreview(0);
  }

  async restart() {
    this.dialog = null;
    store.expectRestart();
    try {
      await api('/config/apply', { method: 'POST' });
    } catch (e) {
      store.restartFailed(e.message);
    }
  }

  discard() {
    this.draft = structuredClone(this.config);
    this.requestPreview(0);
  }
}

/** The server's web-app defaults; a choice made with the bar's buttons wins unless `reset` (a save of these defaults). */
export function applyUiDefaults(ui, reset = false) {
  if (!ui) return;
  if (reset) {
    localStorage.removeItem('pyra.theme');
    localStorage.removeItem('pyra.zone');
  }
  if (!localStorage.getItem('pyra.theme')) {
    const theme = ui.theme === 'system' ? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : ui.theme;
    document.documentElement.dataset.theme = theme;
  }
  document.dispatchEvent(new CustomEvent('pyra-ui-defaults', { detail: ui }));
}

customElements.define('pyra-settings', PyraSettings);
