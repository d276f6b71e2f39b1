// Interface strings. Every visible string goes through `t` (page chrome, by key) or `say` (the
// engine's messages), which look it up in the catalogue of the page's language.

import en from "../i18n/en.js";

// English is en.js itself; any other language is the server's compiled gettext catalogue
// (GET /api/i18n/<lang>.json: {keys, messages, plural}), the same .po files as the transcript and
// the debrief (docs/translating.md). A key or template missing from it falls back to English.
const EMPTY = { lang: "en", dir: "ltr", keys: {}, messages: {} };
const catalogues = { en: EMPTY };
let active = EMPTY;
let activeLang = "en";
export const LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"];
const STORAGE_KEY = "plenary.lang";
const COOKIE = "plenary_lang";

function code(lang) {
  if (!lang) return null;
  const value = String(lang).toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(value) ? value : null;
}

/** Load the catalogue for `lang` (e.g. "fr"); unknown languages keep English. */
export async function useLanguage(lang) {
  const wanted = code(lang);
  if (!wanted) return;
  if (!catalogues[wanted]) {
    try {
      const response = await fetch(`/api/i18n/${wanted}.json`, { credentials: "same-origin" });
      catalogues[wanted] = response.ok ? await response.json() : EMPTY;
    } catch {
      catalogues[wanted] = EMPTY;
    }
  }
  active = catalogues[wanted];
  activeLang = wanted;
  document.documentElement.lang = wanted;
  document.documentElement.dir = active.dir || (wanted === "ar" ? "rtl" : "ltr");
}

export function currentLanguage() {
  return activeLang;
}

/** The language this device chose for itself (the picker), or null to follow the room. */
export function deviceLanguage() {
  try {
    return code(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/** Remember this device's own language (localStorage, and a cookie so the server renders the
 * next page in it too) and show the page in it. `null` follows the room again. */
export async function chooseLanguage(lang) {
  const chosen = code(lang);
  try {
    if (chosen) localStorage.setItem(STORAGE_KEY, chosen);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.cookie = chosen
    ? `${COOKIE}=${chosen}; path=/; max-age=31536000; samesite=lax`
    : `${COOKIE}=; path=/; max-age=0; samesite=lax`;
  if (chosen) await useLanguage(chosen);
  translatePage();
}

/** The room's default language (set by the chair): shown unless this device chose its own. */
export async function followRoomLanguage(lang) {
  if (deviceLanguage() || !code(lang) || code(lang) === activeLang) return false;
  await useLanguage(lang);
  translatePage();
  return true;
}

/** Numbers in the reader's language (Intl). */
export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(activeLang, options).format(Number(value));
}

/** A number inside a sentence, as the server's transcript writes it (app/i18n/catalogues.py
 * number_writer): the language's decimal sign, Western digits, no grouping (a year stays 1945). */
function sayNumber(value) {
  if (activeLang === "en") return String(value);
  return new Intl.NumberFormat(activeLang, { useGrouping: false, maximumFractionDigits: 3, numberingSystem: "latn" }).format(value);
}

/** Dates and times in the reader's language (Intl). */
export function formatDateTime(value, options = { dateStyle: "medium", timeStyle: "short" }) {
  return new Intl.DateTimeFormat(activeLang, options).format(value);
}

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * Translate `key`, replacing {name} placeholders with `params.name`. When `params.count` is given
 * the plural form is chosen with Intl.PluralRules for the active language (CLDR categories: Arabic
 * has six, Russian three); English plural keys are `key.one` / `key.other` in en.js.
 */
export function t(key, params = {}) {
  const translated = active.keys?.[key];
  let template;
  if ("count" in params) {
    const form = new Intl.PluralRules(activeLang).select(Number(params.count));
    if (translated && typeof translated === "object") {
      template = translated[form] ?? translated.other;
    } else {
      const englishForm = new Intl.PluralRules("en").select(Number(params.count));
      template = en[`${key}.${englishForm}`] ?? en[`${key}.other`];
    }
  }
  if (template === undefined) template = typeof translated === "string" ? translated : en[key];
  if (template === undefined) {
    console.warn(`i18n: missing string '${key}'`);
    return key;
  }
  return fill(template, params);
}

/**
 * Render a message from the server: `{text, params}`, where `text` is the English template and
 * also its msgid in the catalogue (game_rules/messages.py). Parameters may be messages
 * themselves. Nothing here parses English: the catalogue maps each template to its translation,
 * and English needs none.
 */
export function say(message) {
  if (!message || typeof message.text !== "string") return "";
  const template = active.messages?.[message.text] ?? message.text;
  const params = message.params || {};
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const value = params[name];
    if (value && typeof value === "object") return say(value);
    if (typeof value === "number") return sayNumber(value);
    // A name or a title as the scenario spells it (often English) sits in a right-to-left
    // sentence as an isolate, so its punctuation stays with it ("Karevia (Chapter VI): ...").
    return typeof value === "string" && active.dir === "rtl" ? `\u2068${value}\u2069` : String(value);
  });
}

/** A question's title as it opens a sentence: "motion to close debate by Chile" starts with a
 * capital where the script has them (the engine's title is a phrase, also used inside others). */
export function sentence(text) {
  return text ? text.charAt(0).toLocaleUpperCase(activeLang) + text.slice(1) : "";
}

/** A question put to the vote (a vote, a queued item, a result), in the page's language. */
export function questionTitle(item) {
  if (!item) return "";
  return sentence(item.title_say ? say(item.title_say) : item.title || "");
}

/** Why an offer (an action, the vote choices) is or is not in order, in the page's language:
 * the engine sends it as a message (`why_say`) beside the English `why`. */
export function why(entry) {
  if (!entry) return "";
  return entry.why_say ? say(entry.why_say) : entry.why || "";
}

/** Translate every element that carries data-i18n="key" (and data-i18n-attr="placeholder" etc.). */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) {
    node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
  }
  for (const node of root.querySelectorAll("[data-i18n-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  }
  for (const node of root.querySelectorAll("[data-i18n-title]")) {
    node.setAttribute("title", t(node.dataset.i18nTitle));
  }
}

// The projector shows the room's language (rendered by the server), never this device's choice.
const followsRoom = document.body?.classList.contains("projector");
await useLanguage((!followsRoom && deviceLanguage()) || document.documentElement.lang);

// The device's own language (the topbar picker): remembered, and the page reloaded so that the
// server renders it too. The projector has no picker: it follows the room.
const picker = document.getElementById("language-picker");
if (picker) {
  picker.value = activeLang;
  picker.addEventListener("change", async () => {
    await chooseLanguage(picker.value);
    window.location.reload();
  });
}
