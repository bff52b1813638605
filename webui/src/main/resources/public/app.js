// Pyra's status page: reads the REST API every few seconds. No build step, no framework yet.
// The browser's way in is a login session (an HttpOnly cookie); state changes send its CSRF token.
let csrfToken = null;

const api = async (path, options = {}) => {
  const headers = { ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...(csrfToken && options.method ? { 'X-CSRF-Token': csrfToken } : {}) };
  const response = await fetch(`/api/v1${path}`, { ...options, headers, credentials: 'same-origin' });
  if (response.status === 401 && !path.startsWith('/session') && !path.startsWith('/setup')) {
    await showLogin();
    throw new Error('unauthorized');
  }
  return response.status === 204 ? null : response.json();
};

async function showLogin() {
  const answer = await fetch('/api/v1/session', { credentials: 'same-origin' });
  const body = await answer.json();
  if (answer.ok) { csrfToken = body.csrfToken; return; }
  const setup = body.setupRequired === true;
  document.getElementById('auth').hidden = false;
  document.getElementById('auth-title').textContent = setup ? 'Set a password' : 'Log in';
  document.getElementById('auth-hint').textContent = setup
    ? 'First start: choose the password that protects this Pyra (8 characters or more).'
    : 'Enter the password of this Pyra.';
  document.querySelector('#auth-form button').textContent = setup ? 'Set password' : 'Log in';
  document.getElementById('auth-form').dataset.setup = setup;
}

const cell = (value) => {
  const td = document.createElement('td');
  td.textContent = value ?? '';
  return td;
};

// amounts arrive as exact decimal strings; shown to 8 decimals at most, never through floats
const money = (value) => {
  if (value == null) return '';
  const [whole, fraction = ''] = value.split('.');
  const cut = fraction.slice(0, 8).replace(/0+$/, '');
  return cut ? `${whole}.${cut}` : whole;
};

const fill = (id, rows) => {
  const body = document.getElementById(id);
  body.replaceChildren(...rows.map((values) => {
    const tr = document.createElement('tr');
    tr.append(...values.map(cell));
    return tr;
  }));
};

// what the precision engine changed in a leg's buy, and why a leg could not be sent
const precisionNote = (leg) => [
  ...(leg.adjustments ?? []).map((a) => `${a.field} ${a.from} → ${a.to}: ${a.why}`),
  ...(leg.reason ? [leg.reason] : []),
].join('; ');

async function refresh() {
  try {
    const health = await api('/health');
    const badge = document.getElementById('status');
    badge.textContent = health.status;
    badge.dataset.status = health.status;
    const dl = document.getElementById('health');
    dl.replaceChildren(...[
      ['Version', health.version],
      ['Database', `${health.database.status}${health.database.embedded ? ' (embedded' : ' (external'} PostgreSQL ${health.database.version ?? ''})`],
      ['Plugins', `${health.plugins.started} started, ${health.plugins.failed} failed`],
      ['Engine', `${health.engine.pendingEvents} pending events`],
    ].flatMap(([k, v]) => { const dt = document.createElement('dt'); dt.textContent = k; const dd = document.createElement('dd'); dd.textContent = v; return [dt, dd]; }));
    fill('venues', Object.entries(health.venues).map(([id, v]) => [id, v.status, v.symbols, v.error]));
    const { plugins, venues } = await api('/plugins');
    const venuesOf = (id) => venues.filter((v) => v.plugin === id)
      .map((v) => `${v.venue}: ${v.network}${v.enabled ? (v.running ? ', running' : ', enabled (restart to start)') : ', off'}`).join('; ');
    fill('plugins', plugins.map((p) => [p.id, p.version, p.state, p.extensionPoints.join(', '), venuesOf(p.id), p.error]));
    const pool = await api('/pool');
    document.getElementById('pool-summary').textContent =
      `${pool.activeGroups} of ${pool.maxActiveGroups} slots used; ${pool.queue.length} waiting, ranked by ${pool.priorityRules.join(' → ')}`;
    fill('queue', pool.queue.map((e) => [e.rank, e.exchange, e.symbol, e.timeframe, e.signalId, e.signalPrice, e.lastPrice,
      e.replacementCount, new Date(e.queuedAt).toLocaleString(), Object.entries(e.values).map(([k, v]) => `${k} ${v}`).join(', ')]));
    const risk = await api('/risk');
    document.getElementById('risk-summary').textContent = `${risk.enabled ? 'On' : 'Off (shows only)'}; equity ${money(risk.equity) || '?'}`
      + ` (peak ${money(risk.peakEquity) || '?'}); realized through offsets in 24 h ${money(risk.realizedLossToday)}, allowance ${money(risk.lossAllowance) || '?'}`;
    fill('risk', risk.candidates.map((c) => [c.groupId, c.symbol, c.pyramids, c.lossPercent, money(c.lossUsd),
      c.timerStartedAt ? new Date(c.timerStartedAt).toLocaleString() : '', c.remainingSeconds,
      Object.entries(c.conditions).map(([k, v]) => `${k} ${v ? '✓' : '✗'}`).join(' '), c.eligible ? 'yes' : 'no']));
    fill('offsets', risk.history.slice().reverse().map((o) => [new Date(o.at).toLocaleString(), `#${o.loserGroupId} ${o.loserSymbol}`,
      money(o.requiredUsd), money(o.coveredUsd),
      o.winners.map((w) => `#${w.groupId} ${w.symbol} ${w.quantity}${w.wholeGroup ? ' (all)' : ''} ≈ ${money(w.plannedUsd)}`).join('; ')]));
    const { groups } = await api('/groups');
    fill('groups', groups.slice().reverse().slice(0, 50).map((g) => [g.id, g.exchange, g.symbol, g.timeframe, g.status,
      g.pyramids.length, `${g.filledLegs}/${g.totalLegs}`, g.heldQuantity, money(g.averageEntry), g.lastPrice,
      money(g.realizedPnl), money(g.unrealizedPnl), g.closeReason]));
    fill('legs', groups.filter((g) => g.status !== 'closed').slice(-20).flatMap((g) => g.pyramids.flatMap((p) => p.legs.map((l) =>
      [g.id, p.index, l.index, l.state, l.price, l.quantity, l.filledQuantity, money(l.averageFillPrice), l.tpTarget, precisionNote(l)]))));
    const { signals } = await api('/signals?limit=50');
    fill('signals', signals.map((s) => [s.id, new Date(s.receivedAt).toLocaleString(), s.exchange, s.venueSymbol, s.timeframe, s.action, s.type, s.price, s.status, s.reason]));
    document.getElementById('auth').hidden = true;
  } catch (e) {
    if (e.message !== 'unauthorized') document.getElementById('status').textContent = 'unreachable';
  }
}

document.getElementById('auth-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const setup = event.target.dataset.setup === 'true';
  const response = await fetch(setup ? '/api/v1/setup' : '/api/v1/session', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password: document.getElementById('password').value }),
  });
  const body = await response.json();
  if (!response.ok) {
    document.getElementById('auth-error').textContent = body.error ?? `refused (${response.status})`;
    return;
  }
  csrfToken = body.csrfToken;
  document.getElementById('password').value = '';
  document.getElementById('auth-error').textContent = '';
  document.getElementById('auth').hidden = true;
  refresh();
});

const applyTheme = (theme) => { document.documentElement.dataset.theme = theme; localStorage.setItem('pyra.theme', theme); };
applyTheme(localStorage.getItem('pyra.theme') ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
document.getElementById('theme').addEventListener('click', () =>
  applyTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'));

showLogin().then(refresh);
setInterval(refresh, 3000);
