// The projector: timer and current speaker, the speakers list, the tally board as votes arrive
// and the result banner, in large type for the back of the room. Read-only (spectator).

import { api, codeFromPath } from "../api.js";
import {
  floorNow, frameShareChart, isCompact, latestResult, newsList, newsOf, phaseText, renderIfChanged, resultBanner,
  speakersList, tallyBoard, vetoNowBanner, voteHeader, voterList,
} from "../components.js";
import { byId, el, setChildren, setText } from "../dom.js";
import { describeEvent } from "../events_text.js";
import { currentLanguage, t, translatePage } from "../i18n.js";
import { joinUrl } from "../join_links.js";
import { flagNode } from "../placard.js";
import { RoomClient, delegations } from "../room.js";

translatePage();
const code = codeFromPath();
const joinAddress = joinUrl(code);
setText("proj-join", joinAddress);
// The address breaks before its path, never inside the room code.
const pathAt = joinAddress.indexOf("/join/");
setChildren(byId("lobby-url"), joinAddress.slice(0, pathAt), el("span", { class: "url-path" }, joinAddress.slice(pathAt)));
setText("lobby-code", code);
byId("lobby-qr").alt = t("lobby.qr.alt", { url: joinAddress });
// The projector link carries its own key (#key=...), so a crowd of read-only screens can never
// lock the wall out. The wall shows the current picture only: no need for the log's history.
// The key leaves the address bar at once (a photo of the wall must not carry it) and stays in
// this tab's session storage, so a reload keeps working.
const KEY_STORE = `plenary:projector:${code}`;
const fromLink = new URLSearchParams(window.location.hash.slice(1)).get("key");
if (fromLink) {
  sessionStorage.setItem(KEY_STORE, fromLink);
  history.replaceState(null, "", window.location.pathname + window.location.search);
}
const projectorKey = sessionStorage.getItem(KEY_STORE);
const client = new RoomClient({ code, token: projectorKey, history: false }).start();
window.plenary = client;

// The lobby fills the wall while students join: the room code, the join address, its QR code
// and the seats filling up. It gives way once the session is under way; J shows or hides it.
let lobbyChosen = new URLSearchParams(window.location.search).has("lobby") ? true : null;

function sessionStarted(view) {
  return Boolean(view.floor || view.vote || view.caucus || (view.results || []).length || (view.speakers || []).length
    || view.meeting !== "open" || view.voting_procedure);
}

function renderLobby(view) {
  const lobby = lobbyChosen ?? !sessionStarted(view);
  byId("lobby").hidden = !lobby;
  byId("session-screen").hidden = lobby;
  byId("proj-join-strip").hidden = lobby;
  document.body.classList.toggle("lobby-on", lobby);
  if (!lobby) return;
  const seats = client.seats || [];
  const taken = seats.filter((seat) => seat.claimed).length;
  setText("lobby-seats-heading", t("lobby.seats", { taken, count: seats.length }));
  const byActor = new Map(delegations(view).map((d) => [d.id, d]));
  const compact = seats.length > 30;
  // A small committee gets bigger type and QR code: the wall is never half empty.
  byId("lobby").dataset.size = seats.length <= 12 ? "few" : compact ? "many" : "some";
  renderIfChanged(byId("lobby-seats"), JSON.stringify([seats, compact]), () => seats.map((seat) => {
    const found = byActor.get(seat.actor) || {};
    return el("li", { class: ["lobby-seat", compact && "compact"], dataset: { actor: seat.actor, claimed: String(Boolean(seat.claimed)) } },
      flagNode({ ...found, ...seat, id: seat.actor }),
      el("span", { class: "lobby-seat-text" },
        el("span", { class: "lobby-seat-name" }, compact ? seat.actor : seat.name),
        el("span", { class: "lobby-seat-who" }, seat.claimed ? seat.display_name || "✔" : t("lobby.free"))));
  }));
}

window.addEventListener("keydown", (key) => {
  if (key.key.toLowerCase() !== "j" || key.ctrlKey || key.metaKey || key.altKey) return;
  lobbyChosen = byId("lobby").hidden;
  if (client.view) renderLobby(client.view);
});

client.onRender((view) => {
  document.title = t("projector.pagetitle", { forum: view.forum?.name || "", code });
  setText("room-title", view.forum?.name || "");
  renderLobby(view);
  setText("proj-phase", phaseText(view));
  renderIfChanged(byId("proj-floor"), JSON.stringify([view.floor, view.caucus, Boolean(view.vote), view.paused_at, view.meeting, view.suspension_deadline, view.members.map((m) => m.id)]), () => floorNow(view, { large: true }));
  renderIfChanged(byId("proj-speakers"), JSON.stringify([view.speakers, view.speakers_closed]), () => speakersList(view, { large: true }));
  const vote = view.vote;
  // During a vote the tally and the voters take the whole wall.
  byId("proj-vote-card").hidden = !vote;
  byId("proj-grid").hidden = Boolean(vote);
  byId("proj-vote-card").classList.toggle("compact", Boolean(vote && isCompact(vote)));
  setText("proj-vote-heading", vote ? t("projector.vote") : "");
  renderIfChanged(byId("proj-vote"), JSON.stringify([vote, view.amendments]), () => vote ? [
    el("div", { class: "proj-vote-head" }, voteHeader(view, vote)),
    vetoNowBanner(view, vote, { large: true }),
    tallyBoard(view, vote, { large: true }),
    voterList(view, vote),
  ] : []);
  const result = latestResult(view);
  renderIfChanged(byId("result-area"), JSON.stringify(result), () => resultBanner(view, result, { large: true }) || []);
  const framed = Object.keys(view.world?.frames || {}).length > 0;
  byId("proj-frames-card").hidden = !framed;
  renderIfChanged(byId("proj-frames"), JSON.stringify([view.world?.frames, view.world?.frame_share, view.world?.frame_timeline?.length]), () => frameShareChart(view));
  const news = newsOf(view);
  byId("proj-news-card").hidden = !news.length;
  renderIfChanged(byId("proj-news"), JSON.stringify(news), () => newsList(view, news.slice(-3)));
});

// The projector follows the room's language: when the chair changes it, the wall shows it within
// LANGUAGE_CHECK_MS (a reload, so the server renders the page in it too). ?lang= pins a language.
const LANGUAGE_CHECK_MS = 15000;
if (!new URLSearchParams(window.location.search).has("lang")) {
  setInterval(async () => {
    try {
      const summary = await api(`/api/rooms/${encodeURIComponent(code)}`);
      if (summary.language && summary.language !== currentLanguage()) window.location.reload();
    } catch {
      // the room is gone or the network is down: the connection badge already says so
    }
  }, LANGUAGE_CHECK_MS);
}

// Replay at speed (after the session): /projector/CODE?replay=10 tells the story of the session
// again, ten times faster, from the public log (only what the projector showed live).
const replaySpeed = Number(new URLSearchParams(window.location.search).get("replay") || 0);
if (replaySpeed > 0) replayAtSpeed(replaySpeed);

async function replayAtSpeed(speed) {
  const card = byId("proj-replay-card");
  const list = byId("proj-replay");
  if (!card || !list) return;
  card.hidden = false;
  setText("proj-replay-heading", t("projector.replay", { speed }));
  let timeline;
  try {
    timeline = await api(`/api/rooms/${encodeURIComponent(code)}/replay.json?speed=${speed}`);
  } catch (problem) {
    list.replaceChildren(el("li", {}, problem.message));
    return;
  }
  const started = performance.now();
  for (const frame of timeline.events) {
    const wait = frame.play_at * 1000 - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const text = describeEvent(frame, client.view);
    if (!text) continue;
    const seconds = Math.round(frame.play_at * speed);
    const stamp = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
    list.prepend(el("li", { dataset: { seq: String(frame.seq), type: frame.type } }, el("time", {}, stamp), " ", text));
    while (list.childElementCount > 12) list.lastElementChild.remove();
  }
  list.prepend(el("li", { class: "done" }, t("projector.replay.done")));
}
