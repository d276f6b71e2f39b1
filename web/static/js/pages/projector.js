// The projector: timer and current speaker, the speakers list, the tally board as votes arrive
// and the result banner, in large type for the back of the room. Read-only (spectator).

import { codeFromPath } from "../api.js";
import {
  floorNow, latestResult, newsList, newsOf, phaseText, renderIfChanged, resultBanner,
  speakersList, tallyBoard, voteHeader, voterList,
} from "../components.js";
import { byId, setText } from "../dom.js";
import { t, translatePage } from "../i18n.js";
import { RoomClient } from "../room.js";

translatePage();
const code = codeFromPath();
setText("proj-join", `${window.location.host}/join/${code}`);
const client = new RoomClient({ code, token: null }).start();
window.plenary = client;

client.onRender((view) => {
  document.title = t("projector.pagetitle", { forum: view.forum?.name || "", code });
  setText("room-title", view.forum?.name || "");
  setText("proj-phase", phaseText(view));
  renderIfChanged(byId("proj-floor"), JSON.stringify([view.floor, view.caucus, view.paused_at, view.meeting, view.suspension_deadline, view.members.map((m) => m.id)]), () => floorNow(view, { large: true }));
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
