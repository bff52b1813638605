// The one client store: a REST snapshot, then the typed events of GET /api/v1/stream applied to it.
// After a seq gap or a reconnect it reads the snapshot again. Views render from here; none fetches
// live data on its own, and nothing polls.
import { api } from './api.js';

const HEARTBEAT_GRACE_MS = 7000;
const PING_EVERY_MS = 5000;

class Store extends EventTarget {
  constructor() {
    super();
    this.groups = new Map();
    this.pool = null;
    this.risk = null;
    this.health = null;
    this.venues = [];
    this.logs = [];
    this.orders = [];
    this.connection = { state: 'offline', since: Date.now(), lastMessage: null, lastHeartbeat: null, rtt: null, reconnects: 0, gaps: 0 };
    this.snapshotAt = null;
    this.seq = 0;
    this.ws = null;
    this.buffer = null;
    this.retry = 1000;
    this.pending = false;
    this.riskTimer = null;
    this.stopped = true;
    this.timer = null;
    this.restarting = null;
  }

  /**
   * The engine restarts on the saved config (asked by this page, or said by the stream's
   * engine.restarting): the app shows it until the stream is live again on the new engine.
   */
  expectRestart(reason = 'on the saved settings') {
    if (this.restarting) return;
    this.restarting = { since: Date.now(), reason, disconnected: false, error: null };
    this.retry = 500; // the listener is back within seconds: come back as soon as it is
    this.changed();
  }

  restartFailed(message) {
    if (this.restarting) this.restarting = { ...this.restarting, error: message };
    this.changed();
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
    this.timer = setInterval(() => this.watch(), 1000);
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
    this.ws?.close(1000, 'logged out');
    this.setConnection('offline');
  }

  /** Views subscribe here; changes are batched into one notification per frame. */
  subscribe(listener) {
    this.addEventListener('change', listener);
    return () => this.removeEventListener('change', listener);
  }

  changed() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.dispatchEvent(new Event('change'));
    });
  }

  setConnection(state) {
    if (this.connection.state !== state) {
      this.connection = { ...this.connection, state, since: Date.now() };
      document.documentElement.dataset.connection = state;
      this.changed();
    }
  }

  connect() {
    if (this.stopped) return;
    this.setConnection('connecting');
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream`);
    this.ws = ws;
    this.seq = 0;
    ws.onmessage = (message) => this.receive(JSON.parse(message.data));
    ws.onclose = () => {
      if (this.ws !== ws) return;
      if (this.restarting) {
        this.restarting.disconnected = true;
        this.retry = 500;
      }
      this.setConnection('offline');
      if (!this.stopped) {
        this.connection.reconnects += 1;
        setTimeout(() => this.connect(), this.retry);
        this.retry = this.restarting ? 500 : Math.min(this.retry * 2, 10000);
      }
    };
  }

  /** Heartbeat and round trip; a silent stream is closed and opened again. */
  watch() {
    const c = this.connection;
    if (c.state === 'live' && c.lastMessage && Date.now() - c.lastMessage > HEARTBEAT_GRACE_MS) {
      this.ws?.close(4000, 'silent');
      this.setConnection('offline');
    }
    if (c.state === 'live' && (!this.lastPing || Date.now() - this.lastPing > PING_EVERY_MS)) {
      this.lastPing = Date.now();
      try {
        this.ws.send(JSON.stringify({ type: 'ping', id: String(this.lastPing) }));
      } catch { /* closing */ }
    }
    this.changed(); // ages tick on
  }

  receive(message) {
    this.connection.lastMessage = Date.now();
    if (message.type === 'hello') {
      this.seq = message.seq;
      this.retry = 1000;
      this.resync();
      return;
    }
    if (message.seq !== this.seq + 1) {
      this.connection.gaps += 1;
      this.seq = message.seq;
      this.resync(); // something was missed: the snapshot says where things stand
      return;
    }
    this.seq = message.seq;
    if (this.buffer) {
      this.buffer.push(message);
      return;
    }
    this.apply(message);
  }

  async resync() {
    this.buffer = this.buffer ?? [];
    this.setConnection('syncing');
    try {
      await this.loadSnapshot();
      const buffered = this.buffer;
      this.buffer = null;
      buffered.forEach((m) => this.apply(m));
      this.setConnection('live');
      if (this.restarting?.disconnected) {
        this.restarting = null;
        this.dispatchEvent(new Event('restarted'));
        this.changed();
      }
    } catch (e) {
      this.buffer = null;
      this.ws?.close(4001, 'snapshot failed');
    }
  }

  async loadSnapshot() {
    const [groups, pool, risk, health, venues] = await Promise.all([
      api('/groups?status=open'), api('/pool'), api('/risk'), api('/health'), api('/venues'),
    ]);
    const next = new Map();
    groups.groups.forEach((g) => next.set(g.id, { ...g, receivedAt: Date.now() }));
    // groups closed during this session stay visible until the page reloads
    this.groups.forEach((g, id) => { if (g.status === 'closed' && !next.has(id)) next.set(id, g); });
    this.groups = next;
    this.pool = pool;
    this.risk = { ...risk, fetchedAt: Date.now() };
    this.health = health;
    this.venues = venues.venues;
    this.snapshotAt = Date.now();
    this.changed();
  }

  apply(message) {
    const data = message.data;
    switch (message.type) {
      case 'group.updated':
        this.groups.set(data.id, { ...data, receivedAt: Date.now() });
        this.lastEventAt = Date.now();
        break;
      case 'pool.updated':
        this.pool = data;
        break;
      case 'price.updated':
        data.groups.forEach(({ id, unrealizedPnl }) => {
          const g = this.groups.get(id);
          if (g) this.groups.set(id, { ...g, lastPrice: data.price, lastPriceAt: data.at, unrealizedPnl });
        });
        break;
      case 'order.updated':
        this.orders = [data, ...this.orders].slice(0, 200);
        break;
      case 'risk.updated':
        this.refreshRisk();
        break;
      case 'venue.updated':
        if (this.health) this.health = { ...this.health, venues: data.venues };
        break;
      case 'log.appended':
        this.logs = [data, ...this.logs].slice(0, 300);
        break;
      case 'engine.restarting':
        this.expectRestart();
        break;
      case 'heartbeat':
        this.connection.lastHeartbeat = Date.now();
        break;
      case 'pong':
        this.connection.rtt = Date.now() - Number(data.id);
        break;
      default:
        break;
    }
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
    this.changed();
  }

  refreshRisk() {
    if (this.riskTimer) return;
    this.riskTimer = setTimeout(async () => {
      this.riskTimer = null;
      try {
        this.risk = { ...(await api('/risk')), fetchedAt: Date.now() };
        this.changed();
      } catch { /* shown stale */ }
    }, 300);
  }

  openGroups() {
    return [...this.groups.values()].filter((g) => g.status !== 'closed');
  }

  get live() {
    return this.connection.state === 'live';
  }
}

export const store = new Store();
window.pyraStore = store; // for the browser tests and the curious
