// Where students' devices open Plenary. The server puts it in every page (app/join_links.py):
// the public URL, else this computer's network address when it serves on all interfaces, else
// the address this browser used; `warning` says when only this computer can open it.

import { toast } from "./announce.js";
import { el, readJsonScript } from "./dom.js";
import { t } from "./i18n.js";

export function joinInfo() {
  const info = readJsonScript("plenary-join", {}) || {};
  return {
    base: String(info.base_url || window.location.origin).replace(/\/+$/, ""),
    others: Array.isArray(info.other_base_urls) ? info.other_base_urls : [],
    source: info.source || "request",
    warning: info.warning || null,
  };
}

/** "http://192.168.1.20:8000/join/K7QXM2" */
export function joinUrl(code, base = joinInfo().base) {
  return `${base}/join/${encodeURIComponent(code)}`;
}

/** An address on this server as a device on the network opens it. */
export function reachable(path) {
  return new URL(path, `${joinInfo().base}/`).href;
}

/** The chair's link for a student's new device: the seat token rides in the fragment, which
 * never reaches the server's logs. */
export function deviceLink(code, token) {
  return `${joinUrl(code)}#seat=${encodeURIComponent(token)}`;
}

/** The room's join address as a QR code, drawn by the server (segno, SVG). */
export function joinQr(code, { className = "qr" } = {}) {
  return el("img", {
    class: className,
    src: `/api/rooms/${encodeURIComponent(code)}/join-qr.svg`,
    alt: t("lobby.qr.alt", { url: joinUrl(code) }),
    width: "256",
    height: "256",
  });
}

/** A QR code of any text the chair may share (a new-device link): POSTed, since it carries a
 * secret that must not appear in an address the server logs. */
export function chairQr(code, chairKey, text, { alt, className = "qr" } = {}) {
  const image = el("img", { class: className, alt, width: "256", height: "256" });
  fetch(`/api/rooms/${encodeURIComponent(code)}/qr.svg`, {
    method: "POST",
    headers: { Authorization: `Bearer ${chairKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ text }),
  }).then(async (response) => {
    if (!response.ok) throw new Error(String(response.status));
    // A blob: URL the page made itself; `el` lets only http(s) and relative links through.
    image.src = URL.createObjectURL(await response.blob());
    image.dataset.ready = "true";
  }).catch(() => { image.alt = t("api.error.generic"); });
  return image;
}

/** Copy text to the clipboard. The Clipboard API needs a secure origin (https or localhost),
 * which a classroom's http://192.168.x.y address is not: then a selected field is copied. */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* fall back below */ }
  const field = el("textarea", { readonly: "", "aria-hidden": "true", style: { position: "fixed", top: "-100px", opacity: "0" } });
  field.value = text;
  const focused = document.activeElement;
  document.body.append(field);
  field.select();
  let copied = false;
  try { copied = document.execCommand("copy"); } catch { copied = false; }
  field.remove();
  focused?.focus?.({ preventScroll: true });
  return copied;
}

/** A "Copy" button for `text`; `what` names it for screen readers ("Copy the join address"). */
export function copyButton(text, what, { id = null } = {}) {
  return el("button", {
    type: "button", class: "small secondary copy", id, "aria-label": t("copy.button.aria", { what }),
    onclick: async () => {
      const copied = await copyText(text);
      toast(t(copied ? "copy.done" : "copy.failed"), copied ? "ok" : "error");
    },
  }, t("copy.button"));
}
