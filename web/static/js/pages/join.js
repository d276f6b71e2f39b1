import { api, ApiError, codeFromPath, getSeatToken, setSeatToken, forgetSeatToken } from "../api.js";
import { byId, el, renderKeyed, setChildren, setText } from "../dom.js";
import { t, translatePage } from "../i18n.js";
import { flagNode, kindLabel } from "../placard.js";

translatePage();
const code = codeFromPath();
setText("join-code", code);
document.title = t("join.pagetitle", { code });

// A chair's "new link" for a student on a new device carries the seat token in the fragment,
// which never reaches the server's logs. Typed into a tab already on this page, it changes only
// the fragment: the page takes the seat then too, without a reload.
function adoptHandedSeat() {
  const handedToken = new URLSearchParams(window.location.hash.slice(1)).get("seat");
  if (!handedToken) return;
  setSeatToken(code, handedToken);
  history.replaceState(null, "", window.location.pathname);
  setText("seat-error", t("join.device.opening"));
  window.location.replace(`/room/${encodeURIComponent(code)}`);
}
adoptHandedSeat();
window.addEventListener("hashchange", adoptHandedSeat);

const list = byId("seat-list");
const error = byId("seat-error");
const nameInput = byId("display-name");

async function checkStoredSeat() {
  const token = getSeatToken(code);
  if (!token) return;
  try {
    const me = await api(`/api/rooms/${encodeURIComponent(code)}/me`, { token });
    const banner = byId("join-resume");
    banner.hidden = false;
    setChildren(banner, t("join.resume.text", { actor: me.actor || t("assess.role.rapporteur") }), " ",
      el("a", { class: "button small", href: `/room/${encodeURIComponent(code)}` }, t("join.resume.link")));
  } catch (problem) {
    if (problem instanceof ApiError && (problem.status === 401 || problem.status === 403 || problem.status === 404)) {
      forgetSeatToken(code);
    }
  }
}

// Flags, kinds and blocs come from the room's public view; the seat list says who is taken.
let delegationsById = new Map();

async function loadDelegations() {
  try {
    const state = await api(`/api/rooms/${encodeURIComponent(code)}/state`);
    const view = state.view || {};
    delegationsById = new Map([...(view.members || []), ...(view.observers || [])].map((d) => [d.id, d]));
  } catch {
    delegationsById = new Map();
  }
}

function seatButton(seat) {
  const taken = Boolean(seat.claimed);
  const sitting = (seat.co_delegates || []).map((c) => c.display_name || "—");
  // A held seat takes seat.max_students students (co-delegates: one vote per seat).
  const full = taken && sitting.length >= seat.max_students;
  const found = delegationsById.get(seat.actor) || {};
  const blocs = (found.blocs || []).join(t("list.separator"));
  // A bot keeps an empty seat warm; a student who picks it takes over from the bot.
  const bot = !taken && Boolean(seat.bot);
  const status = full ? t("join.seat.full", { names: sitting.join(t("list.separator")) })
    : taken ? t("join.seat.codelegate", { names: sitting.join(t("list.separator")) || seat.display_name || "" })
    : bot ? t("join.seat.bot") : t("join.seat.free");
  const meta = [kindLabel(seat.delegation_kind || found.kind), seat.kind === "observer" ? kindLabel("observer") : null, blocs, status]
    .filter(Boolean).join(" · ");
  // The accessible name is the visible text (name, kind, bloc, free or taken): no aria-label
  // that says something else (WCAG 2.5.3, label in name).
  const button = el("button", {
    type: "button",
    class: "seat",
    "aria-disabled": full ? "true" : null,
    dataset: { actor: seat.actor, focusId: "seat" },
  },
  flagNode({ ...found, ...seat, flag: seat.flag || found.flag, id: seat.actor }),
  el("span", {}, el("span", { class: "seat-name" }, seat.name), " ", el("span", { class: "seat-meta" }, meta)));
  button.addEventListener("click", () => {
    if (full) {
      setText(error, t("join.seat.fullerror", { name: seat.name, max: seat.max_students }));
      return;
    }
    claim(seat, button, taken);
  });
  return el("li", {}, button);
}

// A name over the limit is said so, not cut short without a word.
const MAX_NAME = 80;
const nameLength = (text) => [...text.trim().replace(/\s+/g, " ")].length;

function checkName() {
  const count = nameLength(nameInput.value);
  const tooLong = count > MAX_NAME;
  setText("display-name-error", tooLong ? t("join.name.toolong", { max: MAX_NAME, count }) : "");
  if (tooLong) nameInput.setAttribute("aria-invalid", "true");
  else nameInput.removeAttribute("aria-invalid");
  return !tooLong;
}
nameInput.addEventListener("input", checkName);

let claiming = false;

function checkedName() {
  setText(error, "");
  const displayName = nameInput.value.trim();
  if (!displayName) {
    setText(error, t("join.name.missing"));
    nameInput.setAttribute("aria-invalid", "true");
    nameInput.focus();
    return null;
  }
  if (!checkName()) {
    nameInput.focus();
    return null;
  }
  nameInput.removeAttribute("aria-invalid");
  return displayName;
}

// A role without a seat: the rapporteur watches, takes notes and writes the report.
byId("join-rapporteur").addEventListener("click", async (click) => {
  if (claiming) return;
  const displayName = checkedName();
  if (!displayName) return;
  claiming = true;
  try {
    const joined = await api(`/api/rooms/${encodeURIComponent(code)}/roles/rapporteur/join`, {
      method: "POST", body: { display_name: displayName },
    });
    setSeatToken(code, joined.token);
    window.location.assign(joined.room_url || `/room/${encodeURIComponent(code)}`);
  } catch (problem) {
    claiming = false;
    setText(error, problem.message);
    click.target.focus();
  }
});

async function claim(seat, button, coDelegate = false) {
  if (claiming) return;  // a double tap claims once
  const displayName = checkedName();
  if (!displayName) return;
  claiming = true;
  button.setAttribute("aria-busy", "true");
  try {
    const claimed = await api(`/api/rooms/${encodeURIComponent(code)}/seats/${encodeURIComponent(seat.actor)}/claim`, {
      method: "POST", body: { display_name: displayName, co_delegate: coDelegate },
    });
    setSeatToken(code, claimed.token);
    window.location.assign(claimed.room_url || `/room/${encodeURIComponent(code)}`);
  } catch (problem) {
    claiming = false;
    button.removeAttribute("aria-busy");
    setText(error, problem.message);
    loadSeats();
  }
}

async function loadSeats() {
  try {
    const [room, seats] = await Promise.all([
      api(`/api/rooms/${encodeURIComponent(code)}`),
      api(`/api/rooms/${encodeURIComponent(code)}/seats`),
    ]);
    setText("join-title", room.title);
    setText("room-title", room.title);
    if (room.closed) setText(error, t("join.room.closed"));
    else if (room.locked) setText(error, t("join.room.locked"));
    // Refreshed every few seconds: redrawn only when a seat changed, keeping keyboard focus.
    const key = JSON.stringify(seats);
    if (list.__seatsKey !== key) {
      list.__seatsKey = key;
      renderKeyed(list, seats, (seat) => seat.actor, seatButton);
    }
    list.setAttribute("aria-busy", "false");
  } catch (problem) {
    setText(error, problem instanceof ApiError && problem.status === 404 ? t("landing.join.notfound", { code }) : problem.message);
  }
}

checkStoredSeat();
loadDelegations().then(loadSeats);
// Seats fill up while students join; keep the picker current.
window.setInterval(loadSeats, 5000);
