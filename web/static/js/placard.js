// Placards: flag, name, kind and bloc of a delegation.

import { el } from "./dom.js";
import { t } from "./i18n.js";

/** The flag to show: the scenario's own (emoji or short text), else a neutral sign by kind. */
export function placardFlag(actor) {
  if (actor && typeof actor.flag === "string" && actor.flag.trim()) return actor.flag.trim().slice(0, 8);
  return actor && (actor.kind === "ngo" || actor.kind === "non_state" || actor.kind === "organisation") ? "🕊" : "🏳";
}

export function kindLabel(kind) {
  if (!kind) return "";
  const key = `kind.${kind}`;
  const label = t(key);
  return label === key ? String(kind) : label;
}

/** A placard element: el("div.placard") with flag, name and meta line. */
export function placard(actor, { large = false, extra = null } = {}) {
  const meta = [kindLabel(actor.kind), actor.bloc, extra].filter(Boolean).join(" · ");
  return el("div", { class: ["placard", large && "large"] },
    el("span", { class: "flag", "aria-hidden": "true" }, placardFlag(actor)),
    el("div", {},
      el("div", { class: "placard-name" }, actor.name || actor.id || actor.actor || ""),
      meta ? el("div", { class: "placard-meta" }, meta) : null));
}
