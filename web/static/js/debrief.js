// The debrief report: the server renders it (chair key: the whole report; seat token: that
// delegation's part); here we only fetch it with the secret in a header and show or save it.

import { toast } from "./announce.js";
import { saveBlob } from "./dom.js";
import { t } from "./i18n.js";

async function fetchDebrief(code, secret, download = false) {
  const query = download ? "?download=true" : "";
  const response = await fetch(`/api/rooms/${encodeURIComponent(code)}/debrief.html${query}`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  if (!response.ok) throw new Error(t("debrief.failed", { status: response.status }));
  return new Blob([await response.text()], { type: "text/html" });
}

/** Open the report in a new tab (opened at once, so no popup blocker stops it). */
export async function openDebrief(code, secret) {
  const tab = window.open("", "_blank");
  try {
    const url = URL.createObjectURL(await fetchDebrief(code, secret));
    if (tab) tab.location.href = url;
    else window.location.href = url;
  } catch (problem) {
    if (tab) tab.close();
    toast(problem.message, "error");
  }
}

/** Save the report as an HTML file (print it from the browser to get a PDF). */
export async function downloadDebrief(code, secret, filename) {
  try {
    saveBlob(await fetchDebrief(code, secret, true), filename);
  } catch (problem) {
    toast(problem.message, "error");
  }
}
