// Screen-reader announcements and on-screen toasts.
// `announce` writes into the page's polite live region (#live-region); `announceUrgent` into the
// assertive one, used for vote results. Repeating the same text still gets read out.

import { el } from "./dom.js";
import { t } from "./i18n.js";

function region(id, politeness) {
  let node = document.getElementById(id);
  if (!node) {
    node = el("div", { id, class: "visually-hidden", "aria-live": politeness, role: politeness === "assertive" ? "alert" : "status" });
    document.body.append(node);
  }
  return node;
}

function speak(node, text) {
  // Clear first so an identical message is announced again.
  node.textContent = "";
  window.setTimeout(() => { node.textContent = text; }, 50);
}

export function announce(text) {
  speak(region("live-region", "polite"), text);
}

export function announceUrgent(text) {
  speak(region("live-region-urgent", "assertive"), text);
}

function toastContainer() {
  let node = document.getElementById("toasts");
  if (!node) {
    node = el("div", { id: "toasts", class: "toasts" });
    document.body.append(node);
  }
  return node;
}

/** Show a toast; kind is "info", "ok" or "error". Errors stay until dismissed or 12 s pass. */
export function toast(text, kind = "info") {
  const close = el("button", { type: "button", class: "small", "aria-label": t("toast.dismiss") }, "×");
  const node = el("div", { class: ["toast", kind], role: kind === "error" ? "alert" : "status" },
    el("span", { class: "toast-text" }, text), close);
  const remove = () => node.remove();
  close.addEventListener("click", remove);
  toastContainer().append(node);
  window.setTimeout(remove, kind === "error" ? 12000 : 5000);
  return node;
}
