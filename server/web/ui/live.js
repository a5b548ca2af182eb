import { named, t } from './i18n.js';

/** The shore's live WebSocket, reconnecting with backoff; listeners get each message by its type. */
const listeners = new Map();
let socket;
let watch = null;
let retry = 1000;

function setState(state) {
  const el = document.getElementById('live-state');
  if (el) { el.dataset.state = state; el.title = t('ui.live', { state: named('live', state) }); }
}

function connect() {
  socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`);
  socket.addEventListener('open', () => {
    retry = 1000;
    setState('connected');
    if (watch) socket.send(JSON.stringify({ watch }));
  });
  socket.addEventListener('message', (e) => {
    const message = JSON.parse(e.data);
    for (const fn of listeners.get(message.type) || []) fn(message);
  });
  socket.addEventListener('close', () => {
    setState('reconnecting');
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 30000);
  });
}

export function startLive() {
  if (!socket) connect();
}

/** Subscribes to one message type; returns the unsubscribe function (pages call it when they are left). */
export function onLive(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type).delete(fn);
}

export function watchVessel(id) {
  watch = id;
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ watch: id }));
}
