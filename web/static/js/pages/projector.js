// The projector: timer and current speaker, the speakers list, the tally board as votes arrive
// and the result banner, in large type for the back of the room. Read-only (spectator).

import { api, codeFromPath } from "../api.js";
import {
  floorNow, latestResult, newsList, newsOf, phaseText, renderIfChanged, resultBanner,
  speakersList, tallyBoard, voteHeader, voterList,
} from "../components.js";
import { byId, el, setText } from "../dom.js";
import { describeEvent } from "../events_text.js";
import { t, translatePage } from "../i18n.js";
import { RoomClient } from "../room.js";

translatePage();
const code = codeFromPath();
setText("proj-join", `${window.location.host}/join/${code}`);
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

client.onRender((view) => {
  document.title = t("projector.pagetitle", { forum: view.forum?.name || "", code });
  setText("room-title", view.forum?.name || "");
  setText("proj-phase", phaseText(view));
  renderIfChanged(byId("proj-floor"), JSON.stringify([view.floor, view.caucus, Boolean(view.vote), view.paused_at, view.meeting, view.suspension_deadline, view.members.map((m) => m.id)]), () => floorNow(view, { large: true }));
  renderIfChanged(byId("proj-speakers"), JSON.stringify([view.speakers, view.speakers_closed]), () => speakersList(view, { large: true }));
  const vote = view.vote;
  byId("proj-vote-card").hidden = !vote;
  setText("proj-vote-heading", vote ? t("projector.vote") : "");
  renderIfChanged(byId("proj-vote"), JSON.stringify(vote), () => vote ? [voteHeader(view, vote), tallyBoard(view, vote, { large: true }), voterList(view, vote)] : []);
  const result = latestResult(view);
  renderIfChanged(byId("result-area"), JSON.stringify(result), () => resultBanner(view, result, { large: true }) || []);
  const news = newsOf(view);
  byId("proj-news-card").hidden = !news.length;
  renderIfChanged(byId("proj-news"), JSON.stringify(news), () => newsList(view, news.slice(-3)));
});

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
