// Help: Pyra's own docs (the docs/ folder, shipped inside the web app), rendered here with their
// diagrams. Markdown by marked, diagrams by Mermaid: both from WebJars, nothing from outside.
import { LitElement, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { marked } from 'marked';

/** Every page of docs/, in reading order (DocsTest checks that none is missing). */
export const DOCS = [
  ['diagrams', 'How Pyra works (diagrams)'],
  ['install', 'Install and first run'],
  ['tradingview', 'Connecting TradingView'],
  ['webhook', 'The webhook'],
  ['engine', 'Groups, pyramids, DCA, take-profit'],
  ['worked-examples', 'Worked examples'],
  ['precision', 'Precision'],
  ['pool', 'Pool and queue'],
  ['risk', 'Risk engine'],
  ['exchanges', 'Exchanges and testnets'],
  ['paper-exchange', 'The paper exchange'],
  ['configuration', 'Configuration'],
  ['configuration-reference', 'Configuration reference'],
  ['web-app', 'The web app'],
  ['dashboard', 'The dashboard'],
  ['security', 'Security'],
  ['backup-restore', 'Backup and restore'],
  ['troubleshooting', 'Troubleshooting'],
  ['plugins', 'Plugins'],
  ['js-hooks', 'JS hooks'],
  ['api', 'REST API'],
  ['api-reference', 'REST API reference'],
  ['performance', 'Performance'],
  ['faults', 'Faults and how they are proven'],
];

let mermaidLoaded;

/** Mermaid's self-contained bundle, loaded on the first diagram (3 MB: not for pages without one). */
function loadMermaid() {
  mermaidLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = import.meta.resolve('mermaid/dist/mermaid.min.js');
    script.onload = () => resolve(window.mermaid);
    script.onerror = () => reject(new Error('the diagram library did not load'));
    document.head.append(script);
  });
  return mermaidLoaded;
}

class PyraHelp extends LitElement {
  static properties = { page: {}, content: { state: true }, error: { state: true } };

  createRenderRoot() { return this; }

  updated(changed) {
    if (changed.has('page')) this.load();
  }

  async load() {
    const page = DOCS.some(([id]) => id === this.page) ? this.page : 'diagrams';
    this.error = null;
    this.content = null;
    try {
      const answer = await fetch(`/docs/${page}.md`);
      if (!answer.ok) throw new Error(`docs/${page}.md: ${answer.status}`);
      this.content = marked.parse(this.localLinks(await answer.text()));
      await this.updateComplete;
      await this.drawDiagrams();
      const anchor = new URLSearchParams(location.hash.split('?')[1] ?? '').get('at');
      if (anchor) this.querySelector(`#${CSS.escape(anchor)}`)?.scrollIntoView();
    } catch (e) {
      this.error = e.message;
    }
  }

  /** Links between docs stay in the app (#/help/x); images come from /docs/. */
  localLinks(markdown) {
    return markdown
      .replace(/\]\(([a-z0-9-]+)\.md(?:#([^)]+))?\)/g, (_, id, at) => `](#/help/${id}${at ? `?at=${at}` : ''})`)
      .replace(/\]\(images\//g, '](/docs/images/')
      .replace(/\]\(\.\.\/README\.md\)/g, '](#/help/install)');
  }

  async drawDiagrams() {
    const blocks = [...this.querySelectorAll('code.language-mermaid')];
    if (!blocks.length) return;
    const mermaid = await loadMermaid();
    const dark = document.documentElement.dataset.theme === 'dark';
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
    for (const [i, block] of blocks.entries()) {
      const { svg } = await mermaid.render(`diagram-${this.page ?? 'diagrams'}-${i}`, block.textContent);
      const figure = document.createElement('figure');
      figure.className = 'diagram';
      figure.innerHTML = svg;
      block.closest('pre').replaceWith(figure);
    }
  }

  render() {
    const current = DOCS.some(([id]) => id === this.page) ? this.page : 'diagrams';
    return html`
      <div class="help-page">
        <nav class="card help-index" aria-label="Documentation">
          <h1>Help</h1>
          <ul>${DOCS.map(([id, title]) => html`<li><a href="#/help/${id}" class=${id === current ? 'active' : ''}>${title}</a></li>`)}</ul>
          <p class="muted">The same pages are in the <code>docs/</code> folder next to Pyra.</p>
        </nav>
        <article class="card doc" aria-live="polite">
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>`
            : this.content ? unsafeHTML(this.content) : html`<p class="loading">Loading…</p>`}
        </article>
      </div>`;
  }
}

customElements.define('pyra-help', PyraHelp);
