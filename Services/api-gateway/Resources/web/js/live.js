// One WebSocket to the gateway's live feed (GET /api/sessions/live), shared
// by every page: it authenticates with the token, reconnects by itself with
// backoff (after a gateway restart, a network change, a silent connection),
// and after each reconnect subscribes again to the sessions it was
// subscribed to and re-sends the page focus (presence).
import { clearToken, getToken } from './auth.js';

const maxDelay = 5000;
const pingEvery = 20000;
/** Silence after which a connection is presumed dead (the server pings too). */
const silenceLimit = 45000;

/**
 * A live connection. `path`: the WebSocket route; `token`: a function giving
 * the Bearer token, or null for the public read-only feed (overlay).
 */
export function createLive({ path, token = null }) {
  const handlers = new Map();
  const statusHandlers = new Set();
  const focusHandlers = new Set();
  /** Session id → how many pages want it (one unsubscribe does not end another's). */
  const sessions = new Map();
  let focus = null;
  let socket = null;
  let ready = false;
  let wanted = false;
  let attempt = 0;
  let retryTimer = null;
  let pingTimer = null;
  let lastMessageAt = 0;
  let status = 'closed';

  function setStatus(next) {
    if (status === next) return;
    status = next;
    for (const handler of [...statusHandlers]) handler(next);
  }

  function url() {
    return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
  }

  function connect() {
    if (!wanted || socket) return;
    const bearer = token ? token() : null;
    if (token && !bearer) return stop();
    setStatus('connecting');
    const ws = new WebSocket(url());
    socket = ws;
    ready = false;
    ws.addEventListener('open', () => {
      lastMessageAt = Date.now();
      if (bearer) ws.send(JSON.stringify({ type: 'auth', token: bearer }));
      else becomeReady();
    });
    ws.addEventListener('message', (event) => {
      lastMessageAt = Date.now();
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      if (message && typeof message.type === 'string') receive(message);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      ready = false;
      clearInterval(pingTimer);
      setStatus('closed');
      scheduleReconnect();
    });
  }

  function becomeReady() {
    ready = true;
    attempt = 0;
    for (const id of sessions.keys()) raw({ type: 'subscribe', sessionId: id });
    if (focus && token) raw({ type: 'page_focus', page: focus });
    clearInterval(pingTimer);
    pingTimer = setInterval(() => {
      if (Date.now() - lastMessageAt > silenceLimit) socket?.close();
      else raw({ type: 'ping' });
    }, pingEvery);
    setStatus('open');
  }

  function receive(message) {
    if (message.type === 'auth_success') becomeReady();
    else if (message.type === 'auth_error') {
      // The token is refused (expired or revoked): back to the login page.
      stop();
      clearToken('rejected');
    }
    const set = handlers.get(message.type);
    if (set) for (const handler of [...set]) handler(message.data ?? message, message);
  }

  function scheduleReconnect() {
    if (!wanted) return;
    clearTimeout(retryTimer);
    const base = Math.min(maxDelay, 250 * 2 ** attempt);
    attempt += 1;
    retryTimer = setTimeout(connect, base / 2 + Math.random() * base / 2);
  }

  function raw(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function start() {
    wanted = true;
    connect();
  }

  function stop() {
    wanted = false;
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    const ws = socket;
    socket = null;
    ready = false;
    ws?.close();
    setStatus('closed');
  }

  // Come back at once when the network or the tab does.
  const retryNow = () => {
    if (wanted && !socket) {
      attempt = 0;
      connect();
    }
  };
  window.addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) retryNow(); });

  return {
    /** `handler(data, message)` for each `{"type": eventName}`; returns an unsubscribe. */
    on(eventName, handler) {
      if (!handlers.has(eventName)) handlers.set(eventName, new Set());
      handlers.get(eventName).add(handler);
      return () => handlers.get(eventName)?.delete(handler);
    },
    /**
     * Sends a message once connected. subscribe/unsubscribe and page_focus
     * are remembered and replayed after every reconnect.
     */
    send(message) {
      const id = Number(message.sessionId);
      if (message.type === 'subscribe' && id > 0) {
        const count = sessions.get(id) ?? 0;
        sessions.set(id, count + 1);
        if (count > 0) return;
      } else if (message.type === 'unsubscribe' && sessions.has(id)) {
        const count = sessions.get(id) - 1;
        if (count > 0) return void sessions.set(id, count);
        sessions.delete(id);
      } else if (message.type === 'page_focus') {
        const previous = focus;
        focus = message.page;
        for (const handler of [...focusHandlers]) handler(focus, previous);
      }
      if (ready) raw(message);
    },
    /** Subscribes to a session's events; returns the matching unsubscribe. */
    subscribe(sessionId) {
      this.send({ type: 'subscribe', sessionId });
      return () => this.send({ type: 'unsubscribe', sessionId });
    },
    /** `handler(status)` on 'connecting' | 'open' | 'closed'; returns an unsubscribe. */
    onStatus(handler) {
      statusHandlers.add(handler);
      return () => statusHandlers.delete(handler);
    },
    /**
     * `handler(page, previous)` whenever this window sends a page focus
     * (previous: null for the first); returns an unsubscribe. The presence
     * bar shows the window's own move before the gateway's next update.
     */
    onFocus(handler) {
      focusHandlers.add(handler);
      return () => focusHandlers.delete(handler);
    },
    get status() { return status; },
    start,
    stop,
  };
}

/** The dashboard's authenticated feed. */
export const live = createLive({ path: '/api/sessions/live', token: getToken });
