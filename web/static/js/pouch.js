// The diplomatic pouch: private notes to one or several delegations, with unread counts.
// "Read" is remembered per seat in localStorage, so a reload keeps it.

import { toast } from "./announce.js";
import { cached, frameField, renderIfChanged } from "./components.js";
import { el, setText } from "./dom.js";
import { t } from "./i18n.js";
import { actorName, delegations } from "./room.js";

function seenKey(code, actor) {
  return `plenary:seen:${code}:${actor}`;
}

function loadSeen(code, actor) {
  try {
    return new Set(JSON.parse(window.localStorage.getItem(seenKey(code, actor)) || "[]"));
  } catch {
    return new Set();
  }
}

export function pouchPanel(client, { container, unreadBadges = [] }) {
  const forms = new Map();
  let filter = "all";
  let seen = null;

  const me = () => client.view?.me?.id || client.welcome?.seat;
  const save = () => {
    try { window.localStorage.setItem(seenKey(client.code, me()), JSON.stringify([...seen])); } catch { /* private mode */ }
  };
  const other = (note) => (note.sender === me() ? note.recipients : [note.sender]);
  const isUnread = (note) => note.sender !== me() && note.status === "delivered" && !seen.has(note.id);

  function markRead(notes) {
    let changed = false;
    for (const note of notes) if (isUnread(note)) { seen.add(note.id); changed = true; }
    if (changed) { save(); render(client.view, true); }
  }

  function compose(view) {
    const others = delegations(view).filter((d) => d.id !== me());
    const text = el("textarea", { id: "note-text", rows: "3", "data-focus-id": "note-text", maxlength: "4000", "aria-describedby": "note-hint" });
    const boxes = others.map((d) => el("label", { for: `note-to-${d.id}` },
      el("input", { type: "checkbox", id: `note-to-${d.id}`, name: "to", value: d.id }), d.name));
    const form = el("form", { class: "stack", id: "note-form", onsubmit: async (submit) => {
      submit.preventDefault();
      const to = [...form.querySelectorAll('input[name="to"]:checked')].map((box) => box.value);
      if (!to.length) { toast(t("pouch.norecipient"), "error"); return; }
      if (!text.value.trim()) { toast(t("pouch.notext"), "error"); text.focus(); return; }
      const frame = form.querySelector("#note-frame")?.value;
      if (await client.send("send_note", { to, text: text.value.trim(), ...(frame ? { frame } : {}) })) {
        text.value = "";
        toast(t("pouch.sent", { names: to.map((id) => actorName(view, id)).join(t("list.separator")) }), "ok");
      }
    } },
    el("fieldset", { class: "checks" }, el("legend", {}, t("pouch.to")), boxes),
    el("div", { class: "field" }, el("label", { for: "note-text" }, t("pouch.text")), el("p", { class: "hint", id: "note-hint" }, t("pouch.hint")), text),
    frameField(view, "note-frame"),
    el("button", { type: "submit", id: "note-send" }, t("pouch.send")));
    return el("details", { class: "compose" }, el("summary", {}, t("pouch.compose")), form);
  }

  function noteItem(view, note) {
    const mine = note.sender === me();
    const unread = isUnread(note);
    const status = mine && note.status !== "delivered" ? el("span", { class: ["badge", note.status === "rejected" ? "bad" : "warn"] }, t(`pouch.status.${note.status}`)) : null;
    return el("article", { class: ["note", mine && "mine", unread && "unread"], dataset: { note: note.id } },
      el("div", { class: "note-meta" },
        mine ? t("pouch.meta.to", { names: note.recipients.map((id) => actorName(view, id)).join(t("list.separator")) })
          : t("pouch.meta.from", { name: actorName(view, note.sender), others: note.recipients.length > 1 ? t("pouch.meta.others", { names: note.recipients.filter((r) => r !== me()).map((id) => actorName(view, id)).join(t("list.separator")) }) : "" }),
        " ", status, unread ? el("span", { class: "badge bad" }, t("pouch.new")) : null),
      el("p", { class: "note-body" }, note.text));
  }

  function render(view, force = false) {
    if (!view || !container) return;
    if (!me()) return;
    if (!seen) seen = loadSeen(client.code, me());
    const notes = view.me?.notes || [];
    const unreadAll = notes.filter(isUnread);
    for (const badge of unreadBadges) {
      if (!badge) continue;
      badge.hidden = unreadAll.length === 0;
      setText(badge, unreadAll.length);
      badge.setAttribute("aria-label", t("pouch.unread", { count: unreadAll.length }));
    }
    const correspondents = [...new Set(notes.flatMap(other))];
    const key = JSON.stringify([notes, filter, [...seen].length, force ? Math.random() : 0, delegations(view).map((d) => d.id)]);
    renderIfChanged(container, key, () => {
      const shown = notes.filter((n) => filter === "all" || other(n).includes(filter)).slice().reverse();
      const filterButtons = [el("button", { type: "button", class: ["small", filter === "all" ? "" : "secondary"], "aria-pressed": String(filter === "all"), onclick: () => { filter = "all"; render(client.view, true); } }, t("pouch.all"))];
      for (const id of correspondents) {
        const count = notes.filter((n) => isUnread(n) && n.sender === id).length;
        filterButtons.push(el("button", { type: "button", class: ["small", filter === id ? "" : "secondary"], "aria-pressed": String(filter === id), dataset: { correspondent: id },
          onclick: () => { filter = id; markRead(notes.filter((n) => n.sender === id)); render(client.view, true); } },
        actorName(view, id), count ? el("span", { class: "count", "aria-label": t("pouch.unread", { count }) }, String(count)) : null));
      }
      return [
        cached(forms, `compose:${delegations(view).map((d) => d.id).join(",")}`, () => compose(view)),
        notes.length ? el("div", { class: "row", role: "group", "aria-label": t("pouch.filter") }, filterButtons) : null,
        unreadAll.length ? el("button", { type: "button", class: "ghost small", id: "mark-read", onclick: () => markRead(notes) }, t("pouch.markread")) : null,
        el("div", { class: "pouch-thread", id: "pouch-thread", tabindex: "0", "aria-label": t("pouch.thread") },
          shown.length ? shown.map((n) => noteItem(view, n)) : el("p", { class: "empty" }, t("pouch.empty"))),
      ];
    });
  }

  return { render };
}
