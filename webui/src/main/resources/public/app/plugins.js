// The plugin manager: every plugin with its version, state, what it provides and the venues it
// serves; switch one on or off, remove an uploaded one, upload a jar (after a confirmation: it is
// code that runs inside Pyra). Changes take effect at the next start, which is one button away.
import { LitElement, html, nothing } from 'lit';
import { api } from './api.js';
import { store } from './store.js';
import { exportButtons } from './exporting.js';

class PyraPlugins extends LitElement {
  static properties = { data: { state: true }, error: { state: true }, message: { state: true }, upload: { state: true } };

  createRenderRoot() { return this; }

  connectedCallback() {
    super.connectedCallback();
    this.onRestarted = () => this.load();
    store.addEventListener('restarted', this.onRestarted);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    store.removeEventListener('restarted', this.onRestarted);
  }

  async load() {
    try {
      this.data = await api('/plugins');
      this.error = null;
    } catch (e) {
      this.error = e.message;
    }
  }

  async act(id, action) {
    try {
      this.data = action === 'remove' ? await api(`/plugins/${id}`, { method: 'DELETE' }) : await api(`/plugins/${id}/${action}`, { method: 'POST' });
      this.message = { text: `${id}: ${action === 'remove' ? 'removed' : `switched ${action === 'enable' ? 'on' : 'off'}`} from the next start.` };
    } catch (e) {
      this.message = { error: true, text: e.message };
    }
  }

  render() {
    if (this.error) return html`<section class="card"><h1>Plugins</h1><p class="error" role="alert">${this.error}</p></section>`;
    if (!this.data) return html`<p class="loading">Loading plugins…</p>`;
    const plugins = this.data.plugins;
    const venuesOf = (id) => this.data.venues.filter((v) => v.plugin === id);
    const columns = [['id', (p) => p.id], ['version', (p) => p.version], ['state', (p) => p.state], ['provides', (p) => p.extensionPoints.join(' ')],
      ['venues', (p) => venuesOf(p.id).map((v) => v.venue).join(' ')], ['enabledAfterRestart', (p) => p.enabledAfterRestart],
      ['uploaded', (p) => p.uploaded], ['error', (p) => p.error], ['path', (p) => p.path]];
    return html`
      <section class="card">
        <div class="toolbar"><h1>Plugins</h1>${exportButtons('plugins', () => plugins, columns)}</div>
        ${this.data.restartRequired ? html`<p class="notice" id="plugins-pending">Some changes wait for a restart.
          <button type="button" class="primary risky" id="plugins-restart" @click=${this.restart}>Restart now</button></p>` : nothing}
        ${this.message ? html`<p class=${this.message.error ? 'error' : 'notice'} role="status" id="plugins-message">${this.message.text}</p>` : nothing}
        <table class="grid" id="plugin-table">
          <thead><tr><th scope="col">Plugin</th><th scope="col">Version</th><th scope="col">State</th><th scope="col">Provides</th>
            <th scope="col">Venues</th><th scope="col">Next start</th><th scope="col"></th></tr></thead>
          <tbody>${plugins.map((p) => html`<tr data-plugin=${p.id}>
            <td><strong>${p.id}</strong> <small class="muted">${p.provider ?? ''}</small><br><small class="muted">${p.description ?? ''}</small>
              ${p.error ? html`<br><span class="error">${p.error}</span>` : nothing}</td>
            <td>${p.version ?? '—'}</td>
            <td><span class="badge ${p.state === 'STARTED' ? 'on' : p.state === 'FAILED' ? 'status-down' : 'off'}">${p.state}</span>
              ${p.uploaded ? html`<small class="muted">uploaded</small>` : nothing}</td>
            <td>${p.extensionPoints.join(', ') || html`<span class="muted">${p.extensions.length} extension(s)</span>`}</td>
            <td>${venuesOf(p.id).map((v) => html`<span class="badge ${v.running ? 'on' : 'off'}">${v.venue}</span> `)}</td>
            <td class="next">${p.removeAfterRestart ? 'removed' : p.enabledAfterRestart === null ? '—' : p.enabledAfterRestart ? 'on' : 'off'}
              ${p.pendingRestart ? html`<span class="badge status-waiting">restart</span>` : nothing}</td>
            <td class="actions">${p.enabledAfterRestart === false
              ? html`<button type="button" class="small risky" data-action="enable" @click=${() => this.act(p.id, 'enable')}>Switch on</button>`
              : p.enabledAfterRestart ? html`<button type="button" class="small risky" data-action="disable" @click=${() => this.act(p.id, 'disable')}>Switch off</button>` : nothing}
              ${p.uploaded && !p.removeAfterRestart ? html`<button type="button" class="small danger risky" data-action="remove"
                  @click=${() => { if (confirm(`Remove ${p.id}? Its jar is deleted at the next start.`)) this.act(p.id, 'remove'); }}>Remove</button>` : nothing}</td>
          </tr>`)}</tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="h-upload"><h2 id="h-upload">Add a plugin</h2>
        <p class="muted">A PF4J plugin jar built against this Pyra's API (see docs/plugins.md; plugin-template is a starting point). It is checked,
          kept in the data directory and loads at the next start switched off, until you switch it on.</p>
        <form @submit=${this.confirmUpload}><input type="file" id="plugin-file" accept=".jar,.zip" aria-label="Plugin jar"
            @change=${(e) => { this.upload = { file: e.target.files[0] }; }}>
          <button type="submit" class="risky" id="upload-plugin" ?disabled=${!this.upload?.file}>Upload…</button></form>
        ${this.upload?.error ? html`<p class="error" role="alert" id="upload-error">${this.upload.error}</p>` : nothing}
      </section>
      ${this.renderConfirm()}`;
  }

  confirmUpload(event) {
    event.preventDefault();
    if (this.upload?.file) this.upload = { ...this.upload, confirming: true, error: null };
  }

  renderConfirm() {
    const u = this.upload;
    if (!u?.confirming) return nothing;
    return html`<div class="backdrop"><div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="upload-title">
      <h2 id="upload-title">Install ${u.file.name}?</h2>
      <p>A plugin is code that runs inside Pyra, next to your exchange keys. Install only plugins you trust, from their source.</p>
      <p class="muted">${u.file.name} · ${(u.file.size / 1024).toFixed(0)} KiB. It loads switched off at the next start.</p>
      <div class="actions"><button type="button" @click=${() => { this.upload = { file: u.file }; }}>Cancel</button>
        <button type="button" class="primary" id="confirm-upload" @click=${this.send}>Install</button></div></div></div>`;
  }

  async send() {
    const form = new FormData();
    form.append('file', this.upload.file);
    try {
      const answer = await api('/plugins', { method: 'POST', body: form });
      this.data = answer;
      this.message = { text: `${answer.installed.id} ${answer.installed.version} installed: it loads switched off at the next start.` };
      this.upload = null;
      this.querySelector('#plugin-file').value = '';
    } catch (e) {
      this.upload = { file: this.upload.file, error: e.message };
    }
  }

  async restart() {
    store.expectRestart('to load the plugin changes');
    try {
      await api('/config/apply', { method: 'POST' });
    } catch (e) {
      store.restartFailed(e.message);
    }
  }
}

customElements.define('pyra-plugins', PyraPlugins);
