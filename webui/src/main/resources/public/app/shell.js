// The app's frame: navigation, the connection pill, theme and time zone, the login page, and the
// hash router (deep links: #/groups/12).
import { LitElement, html, nothing } from 'lit';
import { store } from './store.js';
import { session, login, logout, onUnauthorized, ApiError } from './api.js';
import { api } from './api.js';
import { age, timeZone, setTimeZone, defaultTimeZone } from './format.js';
import { applyUiDefaults } from './settings.js';
import './dashboard.js';
import './groups.js';
import './group.js';
import './pool.js';
import './risk.js';
import './console.js';
import './logs.js';
import './plugins.js';
import './hooks.js';
import './webhook.js';
import './help.js';

const PAGES = [
  ['groups', 'Groups'], ['pool', 'Pool & queue'], ['risk', 'Risk'], ['console', 'Console'],
  ['dashboard', 'Dashboard'], ['settings', 'Settings'], ['logs', 'Logs'], ['plugins', 'Plugins'], ['hooks', 'Hooks'],
  ['webhook', 'Webhook'], ['help', 'Help'],
];

export class PyraApp extends LitElement {
  static properties = { route: { state: true }, auth: { state: true }, error: { state: true } };

  createRenderRoot() { return this; }

  constructor() {
    super();
    this.route = PyraApp.parse();
    this.auth = { checked: false };
    window.addEventListener('hashchange', () => { this.route = PyraApp.parse(); });
    onUnauthorized(() => this.checkSession());
    store.subscribe(() => { this.requestUpdate(); this.updateTitle(); });
    applyTheme(localStorage.getItem('pyra.theme') ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  }

  static parse() {
    // #/groups?symbol=BTCUSDT: a page's filters after the '?' (the dashboard links to the trades behind a figure)
    const [path] = location.hash.replace(/^#\/?/, '').split('?');
    const [page = 'dashboard', id] = path.split('/');
    return { page: page || 'dashboard', id };
  }

  connectedCallback() {
    super.connectedCallback();
    this.checkSession();
  }

  async checkSession() {
    const state = await session();
    this.auth = { checked: true, ...state };
    if (state.loggedIn) {
      store.start();
      api('/config').then((config) => { defaultTimeZone(config.ui?.timeZone); applyUiDefaults(config.ui); store.changed(); }).catch(() => {});
    } else {
      store.stop();
    }
  }

  updateTitle() {
    const open = store.openGroups().length;
    const errors = store.logs.filter((l) => l.level === 'ERROR').length;
    document.title = `Pyra · ${open} open${errors ? ` · ${errors} error${errors > 1 ? 's' : ''}` : ''}`;
  }

  render() {
    if (!this.auth.checked) return html`<p class="loading">Loading…</p>`;
    if (!this.auth.loggedIn) return this.renderLogin();
    return html`
      <header class="bar">
        <a class="brand" href="#/groups">Pyra</a>
        <nav aria-label="Pages">
          ${PAGES.map(([id, label, soon]) => html`<a href="#/${id}" class=${this.route.page === id ? 'active' : ''}
              aria-current=${this.route.page === id ? 'page' : 'false'}>${label}${soon ? html`<small> ·soon</small>` : nothing}</a>`)}
        </nav>
        ${this.renderPill()}
        <button type="button" class="ghost" @click=${this.toggleZone} title="Show times in UTC or local time" aria-label="Time zone">
          ${timeZone() === 'utc' ? 'UTC' : 'Local time'}</button>
        <button type="button" class="ghost" id="theme" @click=${toggleTheme} aria-label="Switch light/dark theme">◐</button>
        <button type="button" class="ghost" @click=${this.logout}>Log out</button>
      </header>
      <main>${this.renderPage()}</main>
      ${this.renderRestart()}`;
  }

  /** While the engine restarts: everything waits under an overlay until the stream is live again. */
  renderRestart() {
    const r = store.restarting;
    if (!r) return nothing;
    const waited = Math.round((Date.now() - r.since) / 1000);
    return html`<div class="backdrop restarting" role="alertdialog" aria-modal="true" aria-labelledby="restart-title" id="restart-overlay">
      <div class="dialog card"><h2 id="restart-title">Restarting Pyra…</h2>
        <p>The engine stops and starts again ${r.reason}. This page comes back by itself when the live stream's heartbeat returns.</p>
        <p class="muted">${r.disconnected ? 'Engine stopped; waiting for it to answer' : 'Stopping the engine'} · ${waited} s</p>
        ${r.error ? html`<p class="error" role="alert">${r.error}</p>` : nothing}
        ${waited > 90 ? html`<p class="error">This takes longer than it should: see the console where Pyra runs, or its log files.</p>` : nothing}
      </div></div>`;
  }

  renderPill() {
    const c = store.connection;
    const label = { live: 'Live', syncing: 'Syncing', connecting: 'Connecting', offline: 'Disconnected' }[c.state];
    const beat = c.lastHeartbeat ? age(new Date(c.lastHeartbeat).toISOString()) : '–';
    return html`<span class="pill" data-state=${c.state} role="status" aria-live="polite" title="Live stream: heartbeat age and round trip">
      <span class="dot"></span>${label}<span class="muted">♥ ${beat}${c.rtt !== null ? html` · ${c.rtt} ms` : nothing}</span></span>`;
  }

  renderPage() {
    const { page, id } = this.route;
    switch (page) {
      case 'groups': return id ? html`<pyra-group .groupId=${Number(id)}></pyra-group>` : html`<pyra-groups></pyra-groups>`;
      case 'dashboard': return html`<pyra-dashboard></pyra-dashboard>`;
      case 'pool': return html`<pyra-pool></pyra-pool>`;
      case 'risk': return html`<pyra-risk></pyra-risk>`;
      case 'console': return html`<pyra-console></pyra-console>`;
      case 'settings': return html`<pyra-settings .section=${id ?? 'exchanges'}></pyra-settings>`;
      case 'logs': return html`<pyra-logs></pyra-logs>`;
      case 'plugins': return html`<pyra-plugins></pyra-plugins>`;
      case 'hooks': return html`<pyra-hooks></pyra-hooks>`;
      case 'webhook': return html`<pyra-webhook></pyra-webhook>`;
      case 'help': return html`<pyra-help .page=${id ?? 'diagrams'}></pyra-help>`;
      default: {
        const label = PAGES.find(([p]) => p === page)?.[1] ?? page;
        return html`<section class="card"><h1>${label}</h1><p class="muted">This page comes with the next part of the web app.</p></section>`;
      }
    }
  }

  renderLogin() {
    const setup = this.auth.setupRequired === true;
    return html`
      <main class="login">
        <form class="card" @submit=${this.submitLogin} aria-labelledby="login-title">
          <h1 id="login-title">${setup ? 'Set a password' : 'Log in to Pyra'}</h1>
          <p class="muted">${setup ? 'First start: choose the password that protects this Pyra (8 characters or more).'
              : 'Enter the password of this Pyra.'}</p>
          <label for="password">Password</label>
          <input id="password" name="password" type="password" required minlength=${setup ? 8 : 1}
              autocomplete=${setup ? 'new-password' : 'current-password'} autofocus>
          <button type="submit" class="primary">${setup ? 'Set password' : 'Log in'}</button>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </form>
      </main>`;
  }

  async submitLogin(event) {
    event.preventDefault();
    const password = event.target.password.value;
    try {
      await login(password, this.auth.setupRequired === true);
      this.error = null;
      await this.checkSession();
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : String(e);
    }
  }

  toggleZone() {
    setTimeZone(timeZone() === 'utc' ? 'local' : 'utc');
    store.changed();
  }

  async logout() {
    try { await logout(); } finally { await this.checkSession(); }
  }
}

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
}

function toggleTheme() {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem('pyra.theme', next);
  applyTheme(next);
}

customElements.define('pyra-app', PyraApp);
