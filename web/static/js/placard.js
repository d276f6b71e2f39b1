// Placards: flag, name, kind and bloc of a delegation.

import { el } from "./dom.js";
import { t } from "./i18n.js";

let flagSupport = null;

/**
 * Whether this device draws flag emoji in colour. Windows and fonts without emoji show two
 * letters or empty boxes instead; then we show the delegation's code on the placard.
 */
export function canDrawFlags() {
  if (flagSupport !== null) return flagSupport;
  try {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 24;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.textBaseline = "top";
    context.font = "20px sans-serif";
    context.fillText("\u{1F1EB}\u{1F1F7}", 0, 0);
    const pixels = context.getImageData(0, 0, 24, 24).data;
    flagSupport = false;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (a > 0 && (Math.abs(r - g) > 30 || Math.abs(g - b) > 30)) { flagSupport = true; break; }
    }
  } catch {
    flagSupport = false;
  }
  return flagSupport;
}

const isFlagEmoji = (text) => /\p{Regional_Indicator}|\p{Extended_Pictographic}/u.test(text);

/** The flag to show: the scenario's own emoji when the device can draw it, else the code. */
export function placardFlag(actor) {
  const flag = actor && typeof actor.flag === "string" ? actor.flag.trim() : "";
  if (flag && (!isFlagEmoji(flag) || canDrawFlags())) return flag.slice(0, 16);
  return (actor?.id || actor?.actor || "").slice(0, 4);
}

/** A flag element: emoji, or the delegation code in a small box when emoji cannot be drawn. */
export function flagNode(actor, className = "flag") {
  const text = placardFlag(actor);
  const isCode = !isFlagEmoji(text);
  return el("span", { class: [className, isCode && "flag-code"], "aria-hidden": "true" }, text);
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
    flagNode(actor),
    el("div", {},
      el("div", { class: "placard-name" }, actor.name || actor.id || actor.actor || ""),
      meta ? el("div", { class: "placard-meta" }, meta) : null));
}
