// The room's WebSocket (docs/protocol.md, version 1).
//
// - greets with `hello {token, last_seq}` and catches up without a reload after every reconnect;
// - asks for `batch_events`, so events committed together arrive as one `events` frame;
// - asks for `state_patches` and rebuilds each state from the view it holds plus the patch,
//   asking for a full state (`sync`) whenever a patch does not build on that view;
// - reconnects by itself with back-off (0.5 s doubling to 10 s, with jitter);
// - keeps the server clock offset (welcome.server_time, refined by ping/pong) for countdowns;
// - gives each command an id and resolves/rejects its promise on the matching ack/error.
//
// Listeners: on("state"|"snapshot"|"event"|"history"|"seats"|"room"|"welcome"|"status"|"error"|"closed").
// Events replayed on a page's first hello carry `history: true`; "history" fires after the state
// that follows them.

import { newId } from "./dom.js";
import { say, t } from "./i18n.js";

const PROTOCOL_VERSION = 1;
const BACKOFF_START = 500;
const BACKOFF_MAX = 10_000;
const PING_EVERY = 20_000;
const COMMAND_TIMEOUT = 15_000;
// The server closes a socket that sends a bigger message (1009), so check before sending.
const MAX_MESSAGE_BYTES = Number(document.body?.dataset.maxMessageBytes) || 16_384;

// Close codes after which reconnecting cannot help (4003: the chair admits only the projector
// link; 4009: this seat was opened on newer screens, and reconnecting by itself would push
// those out in turn).
const FATAL_CLOSE = new Set([4000, 4001, 4003, 4004, 4009]);

export class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class RoomConnection {
  constructor({ code, token = null, url = null, history = true }) {
    this.code = code;
    this.token = token;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    this.url = url || `${scheme}//${window.location.host}/ws/rooms/${encodeURIComponent(code)}`;
    this.lastSeq = null;
    this.offset = 0;              // server_time - client time, seconds
    this.bestRtt = Infinity;
    this.status = "connecting";   // connecting | open | reconnecting | offline | closed
    this.welcome = null;
    this.socket = null;
    this.pending = new Map();     // command id -> {resolve, reject, timer}
    this.listeners = new Map();
    this.backoff = BACKOFF_START;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.stopped = false;
    this.catchingUp = false;
    // The last whole view (public parts and `me`) and its seq: what state patches build on.
    this.stateView = null;
    this.stateSeq = null;
    // On the first hello of a page, `last_seq: 0` asks the server to replay the room's visible
    // events (it sends a plain snapshot instead once the room is more than 500 events long), so
    // a reloaded page gets its log back. Those events are history, not something missed.
    this.wantHistory = history;
    this.replayingHistory = false;
    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("offline", () => this.setStatus("offline"));
  }

  on(type, callback) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(callback);
    return () => this.listeners.get(type).delete(callback);
  }

  emit(type, payload) {
    for (const callback of this.listeners.get(type) || []) {
      try {
        callback(payload);
      } catch (error) {
        console.error(`listener for '${type}' failed`, error);
      }
    }
  }

  setStatus(status, detail = null) {
    this.status = status;
    this.emit("status", { status, detail });
  }

  /** Seconds since the epoch on the server's clock. */
  serverNow() {
    return Date.now() / 1000 + this.offset;
  }

  start() {
    this.stopped = false;
    this.open();
    return this;
  }

  stop() {
    this.stopped = true;
    window.clearTimeout(this.reconnectTimer);
    window.clearInterval(this.pingTimer);
    if (this.socket) this.socket.close(1000, "leaving");
    this.setStatus("closed");
  }

  open() {
    window.clearTimeout(this.reconnectTimer);
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    this.setStatus(this.welcome ? "reconnecting" : "connecting");
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      this.scheduleReconnect(String(error));
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.helloSentAt = Date.now() / 1000;
      const lastSeq = this.lastSeq === null && this.wantHistory ? 0 : this.lastSeq;
      socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "hello", token: this.token, last_seq: lastSeq, batch_events: true, state_patches: true, state_with_events: true, deep_patches: true }));
    });
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", (close) => this.closed(socket, close));
    socket.addEventListener("error", () => { /* a close event always follows */ });
  }

  closed(socket, close) {
    if (socket !== this.socket) return;
    window.clearInterval(this.pingTimer);
    this.socket = null;
    this.failPending(new CommandError("disconnected", t("conn.error.disconnected")));
    if (this.stopped) return;
    if (FATAL_CLOSE.has(close.code)) {
      this.setStatus("closed", close.reason || String(close.code));
      this.emit("closed", { code: close.code, reason: close.reason });
      return;
    }
    this.scheduleReconnect(close.reason);
  }

  scheduleReconnect(reason) {
    if (this.stopped) return;
    this.setStatus(navigator.onLine === false ? "offline" : "reconnecting", reason || null);
    const delay = this.backoff * (0.75 + Math.random() * 0.5);
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX);
    this.reconnectTimer = window.setTimeout(() => this.open(), delay);
  }

  /** Reconnect at once (e.g. the network came back or the user pressed "Reconnect"). */
  reconnectNow() {
    if (this.stopped) return;
    this.backoff = BACKOFF_START;
    if (this.socket && this.socket.readyState === WebSocket.OPEN) return;
    if (this.socket && this.socket.readyState === WebSocket.CONNECTING) return;
    this.open();
  }

  /** Drop the socket on purpose (used by tests and the "Reconnect" button). */
  dropConnection() {
    if (this.socket) this.socket.close(4999, "dropped by client");
  }

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    switch (message.type) {
      case "welcome":
        this.welcome = message;
        this.backoff = BACKOFF_START;
        // A new socket starts with a full state; nothing patches what an old one left.
        this.stateView = null;
        this.stateSeq = null;
        this.observeClock(message.server_time, this.helloSentAt);
        // A room too long to replay sends a snapshot: the page says older events are elsewhere.
        this.historyCut = this.wantHistory && this.lastSeq === null && message.resync === "snapshot" && message.seq > 0;
        this.replayingHistory = (message.resync === "events" && this.lastSeq === null) || this.historyCut;
        this.wantHistory = false;
        this.catchingUp = message.resync === "events" && this.lastSeq !== null && message.seq > this.lastSeq;
        // The missed events end with a `seats` message; a timer covers a server that sends none.
        window.clearTimeout(this.catchUpTimer);
        if (this.catchingUp) this.catchUpTimer = window.setTimeout(() => this.finishCatchUp(), 3000);
        this.setStatus("open");
        this.emit("welcome", message);
        this.startPings();
        break;
      case "snapshot":
      case "state":
        this.receiveState(message);
        break;
      case "event":
        this.advance(message.seq);
        this.emit("event", { ...message, catchingUp: this.catchingUp, history: this.replayingHistory });
        break;
      case "events":
        // hello asked for batch_events: the events ready together, in seq order, in one frame.
        for (const event of Array.isArray(message.events) ? message.events : []) {
          this.advance(event.seq);
          this.emit("event", { ...event, catchingUp: this.catchingUp, history: this.replayingHistory });
        }
        // hello asked for state_with_events: the state patch after these events, same frame.
        if (message.state && typeof message.state === "object") this.receiveState(message.state);
        break;
      case "ack":
        this.advance(message.seq);
        this.settle(message.id, (entry) => entry.resolve(message));
        break;
      case "error":
        if (message.id !== null && message.id !== undefined && this.pending.has(message.id)) {
          // The engine's refusal as a message where it has one: shown in the page's language.
          const text = message.say ? say(message.say) : message.message;
          this.settle(message.id, (entry) => entry.reject(new CommandError(message.code, text)));
        } else {
          this.emit("error", message);
        }
        break;
      case "pong":
        if (typeof message.t === "number") this.observeClock(message.server_time, message.t);
        break;
      case "seats":
        this.emit("seats", message);
        this.finishCatchUp();
        break;
      case "room":
        this.emit("room", message);
        break;
      default:
        this.emit(message.type, message);
    }
  }

  /** A `state` or `snapshot`, alone or inside an `events` frame. */
  receiveState(message) {
    if (!this.applyState(message)) return;
    this.advance(message.seq);
    this.emit(message.type, message);
    if (this.replayingHistory) {
      this.replayingHistory = false;
      this.emit("history", { seq: message.seq, truncated: Boolean(this.historyCut) });
    }
  }

  /**
   * Store a full state, or rebuild the whole view from a patch (`base`, `patch`, `removed`,
   * `me`: top-level keys replaced; `merge`: keys of a top-level part replaced). A patch on any
   * other view than the stored one is dropped and a full state requested, so the page never
   * shows a picture the server never sent.
   * Returns false when the message must not be shown.
   */
  applyState(message) {
    if (message.view && typeof message.view === "object") {
      this.stateView = message.view;
      this.stateSeq = message.seq;
      return true;
    }
    if (!message.patch || this.stateView === null || message.base !== this.stateSeq) {
      this.stateView = null;
      this.stateSeq = null;
      this.sendRaw({ type: "sync" });
      return false;
    }
    const view = { ...this.stateView, ...message.patch };
    const merge = message.merge && typeof message.merge === "object" ? message.merge : {};
    for (const [key, changed] of Object.entries(merge)) view[key] = { ...view[key], ...changed };
    for (const key of Array.isArray(message.removed) ? message.removed : []) delete view[key];
    view.me = "me" in message ? message.me : this.stateView.me;
    this.stateView = view;
    this.stateSeq = message.seq;
    message.view = view;
    return true;
  }

  /** The missed events are in; listeners refresh the picture if no state followed them. */
  finishCatchUp() {
    window.clearTimeout(this.catchUpTimer);
    if (!this.catchingUp) return;
    this.catchingUp = false;
    this.emit("caughtUp", { seq: this.lastSeq });
  }

  advance(seq) {
    if (typeof seq === "number" && (this.lastSeq === null || seq > this.lastSeq)) this.lastSeq = seq;
  }

  /** Keep the offset measured on the fastest round trip (least network noise). */
  observeClock(serverTime, sentAt) {
    if (typeof serverTime !== "number") return;
    const now = Date.now() / 1000;
    const rtt = typeof sentAt === "number" ? Math.max(0, now - sentAt) : 1;
    if (rtt <= this.bestRtt || this.bestRtt === Infinity) {
      this.bestRtt = rtt;
      this.offset = serverTime - (now - rtt / 2);
      this.emit("clock", { offset: this.offset });
    }
  }

  startPings() {
    window.clearInterval(this.pingTimer);
    const ping = () => this.sendRaw({ type: "ping", t: Date.now() / 1000 });
    ping();
    this.pingTimer = window.setInterval(ping, PING_EVERY);
  }

  sendRaw(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
    return true;
  }

  /**
   * Send an engine command (`type` plus its own fields). Resolves with the ack, rejects with a
   * CommandError whose message is written for the student.
   */
  send(type, fields = {}) {
    const id = newId("c");
    return new Promise((resolve, reject) => {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN || this.status !== "open") {
        reject(new CommandError("not_connected", t("conn.error.not_connected")));
        return;
      }
      const text = JSON.stringify({ v: PROTOCOL_VERSION, ...fields, id, type });
      if (new TextEncoder().encode(text).length > MAX_MESSAGE_BYTES) {
        reject(new CommandError("message_too_large", t("conn.error.too_large", { kib: Math.floor(MAX_MESSAGE_BYTES / 1024) })));
        return;
      }
      const timer = window.setTimeout(() => {
        this.settle(id, (entry) => entry.reject(new CommandError("timeout", t("conn.error.timeout"))));
      }, COMMAND_TIMEOUT);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.send(text);
    });
  }

  settle(id, action) {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    window.clearTimeout(entry.timer);
    action(entry);
  }

  failPending(error) {
    for (const id of [...this.pending.keys()]) this.settle(id, (entry) => entry.reject(error));
  }
}
