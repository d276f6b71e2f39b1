// The debrief report: the server renders it (chair key: the whole report; seat token: that
// delegation's part); here we only fetch it with the secret in a header and show or save it.

import { toast } from "./announce.js";
import { saveBlob } from "./dom.js";
import { t } from "./i18n.js";

async function fetchPage(code, secret, page) {
  const response = await fetch(`/api/rooms/${encodeURIComponent(code)}/${page}`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  if (!response.ok) throw new Error(t("debrief.failed", { status: response.status }));
  return new Blob([await response.text()], { type: "text/html" });
}

function fetchDebrief(code, secret, download = false) {
  return fetchPage(code, secret, `debrief.html${download ? "?download=true" : ""}`);
}

/** Open the report in a new tab (opened at once, so no popup blocker stops it). */
export async function openDebrief(code, secret) {
  return openPage(code, secret, "debrief.html");
}

/** Open the role sheets (chair key), to print on `paper` ("a4" or "letter"). */
export async function openRoleSheets(code, secret, paper) {
  return openPage(code, secret, `role-sheets.html?paper=${paper}`);
}

async function openPage(code, secret, page) {
  const tab = window.open("", "_blank");
  try {
    const url = URL.createObjectURL(await fetchPage(code, secret, page));
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
