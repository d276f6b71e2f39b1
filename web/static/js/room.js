// What every live page shares: the connection, the latest view, the seat list, the clock,
// the connection badge, announcements and the countdown loop. Pages subscribe with onRender.

import { announce, announceUrgent, toast } from "./announce.js";
import { api } from "./api.js";
import { RoomConnection } from "./connection.js";
import { el, formatClock, setChildren } from "./dom.js";
import { currentLanguage, questionTitle, say, sentence, t } from "./i18n.js";
import { localize } from "./scenario_text.js";

export class RoomClient {
  constructor({ code, token = null, badge = null, history = true }) {
    this.code = code;
    this.token = token;
    this.connection = new RoomConnection({ code, token, history });
    this.historyBuffer = [];
    this.view = null;
    this.seq = null;
    this.seats = [];
    this.welcome = null;
    this.renderers = [];
    this.eventListeners = [];
    this.badge = badge;
    this.missedDuringReconnect = 0;
    this.previous = null;
    this.connection.on("status", ({ status, detail }) => this.showStatus(status, detail));
    this.connection.on("welcome", (welcome) => {
      this.welcome = welcome;
      this.missedDuringReconnect = 0;
    });
    this.connection.on("snapshot", (message) => this.setView(message.seq, message.view));
    this.connection.on("state", (message) => this.setView(message.seq, message.view));
    this.connection.on("event", (message) => {
      // Replayed history waits for the state after it, so the log can name every delegation.
      if (message.history) return void this.historyBuffer.push(message);
      if (message.catchingUp) this.missedDuringReconnect += 1;
      this.dispatchEvent(message);
    });
    this.connection.on("history", () => {
      const replayed = this.historyBuffer;
      this.historyBuffer = [];
      for (const message of replayed) this.dispatchEvent(message);
    });
    this.connection.on("caughtUp", () => this.afterCatchUp());
    this.connection.on("seats", (message) => {
      this.seats = message.seats || [];
      this.render();
    });
    this.connection.on("room", (message) => {
      if (this.welcome) Object.assign(this.welcome, { locked: message.locked, closed: message.closed });
      if (message.closed) toast(t("room.closed"), "info");
      this.render();
    });
    this.connection.on("error", (message) => toast(message.message || t("api.error.generic"), "error"));
    this.connection.on("clock", () => this.tick());
    this.tickTimer = window.setInterval(() => this.tick(), 250);
  }

  start() {
    this.connection.start();
    return this;
  }

  get role() {
    return this.welcome?.role || null;
  }

  get viewer() {
    return this.welcome?.viewer || null;
  }

  onRender(callback) {
    this.renderers.push(callback);
  }

  /** Listeners get (event, message); `message.history` is true for events replayed on load. */
  onEvent(callback) {
    this.eventListeners.push(callback);
  }

  dispatchEvent(message) {
    for (const listener of this.eventListeners) {
      try {
        listener(message.event, message);
      } catch (error) {
        console.error("event listener failed", error);
      }
    }
  }

  /** The missed events are in; fetch the picture if the server sent no state after them. */
  async afterCatchUp() {
    const missed = this.missedDuringReconnect;
    if (missed) toast(t("conn.caughtup", { count: missed }), "ok");
    if (this.seq !== null && this.seq >= (this.connection.lastSeq ?? 0)) return;
    try {
      const state = await api(`/api/rooms/${encodeURIComponent(this.code)}/state`, { token: this.token });
      this.setView(state.seq, state.view);
    } catch (problem) {
      toast(problem.message, "error");
    }
  }

  setView(seq, view) {
    if (this.seq !== null && seq < this.seq) return;
    this.previous = this.view;
    this.seq = seq;
    // The scenario's texts in this screen's language; the frame itself stays shared.
    this.view = localize(view, currentLanguage());
    this.announceChanges(this.previous, view);
    this.render();
  }

  render() {
    if (!this.view) return;
    for (const renderer of this.renderers) {
      try {
        renderer(this.view, this);
      } catch (error) {
        console.error("render failed", error);
      }
    }
    this.tick();
  }

  /** Send a command; errors show as a toast written for the student. Resolves to true on ack.
   * The same command sent again while the first is on its way (a double tap) is not sent
   * twice: both callers get the first one's answer. */
  send(type, fields = {}, { quiet = false } = {}) {
    const key = JSON.stringify([type, fields]);
    this.inFlight ??= new Map();
    if (this.inFlight.has(key)) return this.inFlight.get(key);
    const sending = (async () => {
      try {
        await this.connection.send(type, fields);
        return true;
      } catch (error) {
        if (!quiet) toast(error.message || t("api.error.generic"), "error");
        return false;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, sending);
    return sending;
  }

  /** Keep the connection badge on `status` (a seat moved away) whatever the socket does. */
  pinStatus(status) {
    this.pinnedStatus = status;
    this.showStatus(status);
  }

  serverNow() {
    return this.connection.serverNow();
  }

  /** Update every countdown on the page: elements with data-deadline (and data-paused-at). */
  tick() {
    const now = this.serverNow();
    for (const node of document.querySelectorAll("[data-deadline]")) {
      const deadline = Number(node.dataset.deadline);
      const pausedAt = node.dataset.pausedAt ? Number(node.dataset.pausedAt) : null;
      const remaining = deadline - (pausedAt ?? now);
      const text = formatClock(remaining);
      if (node.textContent !== text) node.textContent = text;
      const state = pausedAt ? "paused" : remaining <= 10 ? "low" : "running";
      if (node.dataset.state !== state) node.dataset.state = state;
    }
  }

  showStatus(status, detail) {
    const badge = this.badge || document.getElementById("connection");
    if (!badge) return;
    if (this.pinnedStatus) status = this.pinnedStatus;
    badge.dataset.state = status;
    const label = el("span", { class: "connection-label" }, t(`conn.${status}`));
    const children = [label];
    if (status === "reconnecting" || status === "offline") {
      children.push(el("button", { type: "button", class: "small secondary", onclick: () => this.connection.reconnectNow() }, t("conn.reconnect")));
    }
    if (status === "closed" && detail && !this.pinnedStatus) {
      const code = Number(detail);
      const message = t(`conn.fatal.${[4000, 4001, 4004].includes(code) ? code : 4000}`, { reason: detail });
      toast(message, "error");
    }
    setChildren(badge, children);
  }

  nameOf(actorId) {
    return actorName(this.view, actorId);
  }

  announceChanges(before, after) {
    const speakerBefore = floorSpeaker(before);
    const speakerAfter = floorSpeaker(after);
    if (speakerAfter && speakerAfter !== speakerBefore) {
      announce(t("live.speaker", { name: this.nameOf(speakerAfter) }));
    }
    const vote = after?.vote;
    if (vote && (!before?.vote || before.vote.id !== vote.id)) announce(t("live.vote_open", { title: questionTitle(vote) }));
    const me = after?.me?.id;
    if (me && vote?.current_caller === me && (before?.vote?.current_caller !== me || before?.vote?.roll_round !== vote.roll_round)) {
      announceUrgent(t("live.your_turn"));
    }
    const resultsBefore = (before?.results || []).length;
    const resultsAfter = after?.results || [];
    if (before && resultsAfter.length > resultsBefore) {
      for (const result of resultsAfter.slice(resultsBefore)) announceUrgent(describeResult(result, this));
    }
  }
}

export function floorSpeaker(view) {
  return view?.floor?.speaker || null;
}

/** Every delegation of the forum (members then observers) from the view. */
export function delegations(view) {
  const setup = view?.setup || view || {};
  return [...(setup.members || view?.members || []), ...(setup.observers || view?.observers || [])];
}

export function actorName(view, actorId) {
  if (!actorId) return "";
  if (actorId === "chair") return t("actor.chair");
  if (actorId === "system") return t("actor.system");
  const found = delegations(view).find((d) => d.id === actorId);
  return found ? found.name : actorId;
}

/** The result in one sentence: the engine's own (`result.say`), which names the verdict once.
 * A result without it (an older server) falls back on its `reason`. */
export function describeResult(result) {
  if (result.say) return sentence(say(result.say));
  const reason = result.reason || (result.adopted ? t("result.adopted") : t("result.failed"));
  return t("result.line", { title: questionTitle(result), reason });
}

/** The members whose negative vote defeated the question (a P5 veto, a unanimity objection):
 * the engine's `vetoed_by` in the vote result (empty on a secret ballot). */
export function vetoers(result) {
  if (!result || result.adopted) return [];
  return Array.isArray(result.vetoed_by) ? result.vetoed_by : [];
}

export function isVeto(result) {
  return vetoers(result).length > 0;
}
