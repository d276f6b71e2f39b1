// The secretariat: every committee of a conference live, from one socket that carries each
// room's public view (docs/protocol.md, "The secretariat's socket"). Only what the projectors
// show: no briefs, no notes. Alerts: a chair who has not connected, a vote open over 10 minutes.

import { api } from "../api.js";
import { toast } from "../announce.js";
import { floorNow, latestResult, phaseText, resultBanner, tallyBoard } from "../components.js";
import { byId, el, formatClock, newId, setChildren, setText } from "../dom.js";
import { t, translatePage } from "../i18n.js";
import { reachable } from "../join_links.js";
import { describeResult } from "../room.js";

translatePage();
const LONG_VOTE_SECONDS = 10 * 60;
const code = decodeURIComponent(window.location.pathname.split("/").filter(Boolean)[1] || "").toUpperCase();
const KEY_STORE = `plenary:secretariat:${code}`;
// The key leaves the address bar at once (a photo of the screen must not carry it).
const fromLink = new URLSearchParams(window.location.hash.slice(1)).get("key");
if (fromLink) {
  sessionStorage.setItem(KEY_STORE, fromLink);
  history.replaceState(null, "", window.location.pathname + window.location.search);
}
const key = sessionStorage.getItem(KEY_STORE);

const committees = new Map(); // id -> {info, view, seq, status, card}
let conference = null;
let clockOffset = 0;
const serverNow = () => Date.now() / 1000 + clockOffset;

function badge(state) {
  const node = byId("connection");
  node.dataset.state = state;
  setText(node, t(`conn.${state}`));
}

function connect(attempt = 0) {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}/ws/conferences/${encodeURIComponent(code)}`);
  badge(attempt ? "reconnecting" : "connecting");
  socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "hello", token: key })));
  socket.addEventListener("message", (message) => receive(JSON.parse(message.data)));
  socket.addEventListener("close", (closed) => {
    if (closed.code === 4001 || closed.code === 4004) {
      badge("closed");
      toast(closed.reason || t("sec.nokey"), "error");
      return;
    }
    badge("reconnecting");
    window.setTimeout(() => connect(attempt + 1), Math.min(10000, 500 * 2 ** attempt));
  });
}

function receive(frame) {
  if (frame.type === "conference") {
    badge("open");
    conference = frame;
    clockOffset = (frame.server_time || Date.now() / 1000) - Date.now() / 1000;
    document.title = t("sec.pagetitle", { title: frame.title });
    setText("room-title", frame.title);
    buildCards(frame.committees);
  } else if (frame.type === "committee") {
    const entry = committees.get(frame.committee);
    if (!entry || (entry.seq !== null && frame.seq < entry.seq)) return;
    entry.view = frame.view;
    entry.seq = frame.seq;
    renderCommittee(entry);
  } else if (frame.type === "status") {
    for (const row of frame.committees) {
      const entry = committees.get(row.committee);
      if (entry) {
        entry.status = row;
        renderCommittee(entry);
      }
    }
  }
  renderAlerts();
}

function buildCards(list) {
  const known = new Set(list.map((c) => c.id));
  for (const id of [...committees.keys()]) if (!known.has(id)) committees.delete(id);
  for (const info of list) {
    const existing = committees.get(info.id);
    if (existing) {
      existing.info = info;
      continue;
    }
    const card = el("article", { class: "card sec-committee", id: `committee-${info.id}`, dataset: { committee: info.id }, "aria-labelledby": `committee-${info.id}-name` });
    committees.set(info.id, { info, view: null, seq: null, status: null, card });
  }
  setChildren(byId("sec-committees"), [...committees.values()].map((entry) => entry.card));
  setChildren(byId("sec-crisis-rooms"), list.map((info) => el("label", { class: "check" },
    el("input", { type: "checkbox", name: "crisis-room", value: info.id, checked: true }), " ", info.name)));
  for (const entry of committees.values()) renderCommittee(entry);
}

function attendanceLine(entry) {
  const members = entry.view?.members || [];
  const present = members.filter((m) => m.attendance && m.attendance !== "absent").length;
  const status = entry.status;
  return t("sec.committee.attendance", {
    present, members: members.length, claimed: status?.claimed ?? 0, seats: status?.seats ?? 0,
  });
}

function voteNodes(view) {
  const vote = view.vote;
  if (!vote) return [el("p", { class: "muted small" }, t("sec.committee.novote"))];
  const open = Math.max(0, serverNow() - vote.opened_at);
  return [
    el("p", { class: "sec-vote-title" }, el("strong", {}, vote.title), " ",
      el("span", { class: "badge", dataset: { voteOpenedAt: String(vote.opened_at) } }, t("sec.committee.voteopen", { time: formatClock(open) }))),
    ...tallyBoard(view, vote),
  ];
}

function resultNodes(view) {
  const results = view.results || [];
  if (!results.length) return [el("p", { class: "muted small" }, t("sec.committee.noresults"))];
  const latest = latestResult(view);
  const earlier = results.slice(0, latest ? -1 : undefined).slice(-3).reverse();
  return [
    latest ? resultBanner(view, latest) : null,
    earlier.length ? el("ul", { class: "plain small" }, earlier.map((r) => el("li", {}, describeResult(r)))) : null,
  ];
}

// The agenda, current item first: a debate that another room opened (resolution 76/262) shows
// here as soon as it lands.
function agendaNodes(view) {
  const items = (view.agenda || []).filter((item) => item.status !== "concluded");
  if (!items.length) return [el("p", { class: "muted small" }, t("agenda.none"))];
  const ordered = [...items.filter((i) => i.id === view.agenda_item), ...items.filter((i) => i.id !== view.agenda_item)];
  return [el("ul", { class: "plain small sec-agenda" }, ordered.map((item) => el("li", { dataset: { item: item.id } },
    item.id === view.agenda_item ? el("strong", {}, item.title) : item.title)))];
}

function newsNodes(view) {
  const news = view.world?.news || [];
  if (!news.length) return [];
  const latest = news[news.length - 1];
  return [el("p", { class: "small sec-news", dataset: { part: "news" } }, el("strong", {}, t("sec.committee.news")), " ", latest.headline)];
}

function renderCommittee(entry) {
  const { info, view, status, card } = entry;
  const chairSeen = status?.chair_seen_at !== null && status?.chair_seen_at !== undefined;
  const links = el("p", { class: "row small sec-links" },
    info.projector_url ? el("a", { href: reachable(info.projector_url), target: "_blank", rel: "noopener", class: "button small secondary" }, t("sec.committee.projector")) : null,
    el("a", { href: reachable(info.join_url), target: "_blank", rel: "noopener", class: "button small secondary" }, t("sec.committee.join")),
    el("button", { type: "button", class: "small secondary", onclick: () => newChairLink(entry) }, t("sec.committee.chairlink")));
  const heading = el("header", { class: "sec-committee-head" },
    el("h3", { id: `committee-${info.id}-name` }, info.name),
    el("span", { class: "badge brand" }, info.code),
    el("span", { class: ["badge", chairSeen ? "ok" : "warn"], dataset: { chair: chairSeen ? "seen" : "never" } },
      t(chairSeen ? "sec.committee.chair.seen" : "sec.committee.chair.never")));
  if (!view) {
    setChildren(card, heading, el("p", { class: "muted" }, t("conn.connecting")), links);
    return;
  }
  setChildren(card,
    heading,
    el("p", { class: "sec-phase", dataset: { part: "phase" } }, phaseText(view)),
    el("section", { dataset: { part: "agenda" } }, el("h4", {}, t("sec.committee.agenda")), agendaNodes(view)),
    ...newsNodes(view),
    el("section", { dataset: { part: "floor" } },
      el("h4", {}, t("sec.committee.floor")),
      view.floor ? floorNow(view) : el("p", { class: "muted small" }, t("sec.committee.nofloor"))),
    el("section", { dataset: { part: "vote" } }, el("h4", {}, t("sec.committee.vote")), voteNodes(view)),
    el("p", { class: "small", dataset: { part: "attendance" } }, attendanceLine(entry)),
    el("section", { dataset: { part: "results" } }, el("h4", {}, t("sec.committee.results")), resultNodes(view)),
    entry.chairLink ? el("div", { class: "secret-box small" },
      el("p", {}, t("sec.committee.chairlink.made", { committee: info.name })),
      el("input", { readonly: true, value: entry.chairLink, class: "sec-chair-link", "aria-label": t("sec.committee.chairlink") })) : null,
    links);
}

function alertsNow() {
  const alerts = [];
  for (const { info, view, status } of committees.values()) {
    if (status && (status.chair_seen_at === null || status.chair_seen_at === undefined)) {
      alerts.push({ kind: "nochair", text: t("sec.alert.nochair", { committee: info.name }) });
    }
    const vote = view?.vote;
    if (vote && serverNow() - vote.opened_at > LONG_VOTE_SECONDS) {
      alerts.push({ kind: "longvote", text: t("sec.alert.longvote", { committee: info.name, title: vote.title, minutes: Math.floor((serverNow() - vote.opened_at) / 60) }) });
    }
  }
  return alerts;
}

let alertsShown = "";
function renderAlerts() {
  const alerts = alertsNow();
  const key = JSON.stringify(alerts);
  if (key === alertsShown) return;
  alertsShown = key;
  setChildren(byId("sec-alerts"), alerts.length
    ? alerts.map((alert) => el("li", { class: "sec-alert", dataset: { alert: alert.kind } }, el("span", { "aria-hidden": "true" }, "⚠ "), alert.text))
    : [el("li", { class: "muted" }, t("sec.alerts.none"))]);
}

async function newChairLink(entry) {
  if (!window.confirm(t("sec.committee.chairlink.confirm", { committee: entry.info.name }))) return;
  try {
    const made = await api(`/api/conferences/${encodeURIComponent(code)}/committees/${encodeURIComponent(entry.info.id)}/chair-link`, { method: "POST", token: key });
    entry.chairLink = reachable(made.chair_url);
    renderCommittee(entry);
  } catch (problem) {
    toast(problem.message, "error");
  }
}

byId("sec-crisis-form").addEventListener("submit", async (submit) => {
  submit.preventDefault();
  const title = byId("sec-crisis-title").value.trim();
  const chosen = [...document.querySelectorAll('input[name="crisis-room"]:checked')].map((box) => box.value);
  const result = byId("sec-crisis-result");
  if (!title) return void setText(result, t("sec.crisis.notitle"));
  if (!chosen.length) return void setText(result, t("sec.crisis.pick"));
  const button = byId("sec-crisis-send");
  button.disabled = true;
  try {
    const body = { id: newId("crisis").replace(/[^A-Za-z0-9_-]/g, ""), committees: chosen, title, text: byId("sec-crisis-text").value.trim() };
    const sent = await api(`/api/conferences/${encodeURIComponent(code)}/crises`, { method: "POST", body, token: key });
    const landed = sent.landed.filter((x) => !x.error);
    const refused = sent.landed.filter((x) => x.error).map((x) => t("sec.crisis.refused", { committee: committees.get(x.committee)?.info.name || x.committee, reason: x.error }));
    setText(result, [t("sec.crisis.sent", { count: landed.length }), ...refused].join(" "));
    if (!refused.length) {
      byId("sec-crisis-title").value = "";
      byId("sec-crisis-text").value = "";
    }
  } catch (problem) {
    setText(result, problem.message);
  } finally {
    button.disabled = false;
  }
});

// Vote timers and the ten-minute alert move on by themselves.
window.setInterval(() => {
  const now = serverNow();
  for (const node of document.querySelectorAll("[data-vote-opened-at]")) {
    const text = t("sec.committee.voteopen", { time: formatClock(Math.max(0, now - Number(node.dataset.voteOpenedAt))) });
    if (node.textContent !== text) node.textContent = text;
  }
  for (const node of document.querySelectorAll("[data-deadline]")) {
    const text = formatClock(Number(node.dataset.deadline) - now);
    if (node.textContent !== text) node.textContent = text;
  }
  renderAlerts();
}, 1000);

if (!key) {
  byId("sec-nokey").hidden = false;
  byId("sec-page").hidden = true;
} else {
  byId("sec-roster-link").href = `/secretariat/${encodeURIComponent(code)}/roster`;
  connect();
}
