// Interface strings. Every visible string goes through `t`, which looks it up in the catalogue for
// the page's language (web/static/i18n/<lang>.js) and falls back to English.

import en from "../i18n/en.js";

const catalogues = { en };
let active = en;

/** Load the catalogue for `lang` (e.g. "fr"); unknown languages keep English. */
export async function useLanguage(lang) {
  const code = String(lang || "en").toLowerCase().split("-")[0];
  if (!/^[a-z]{2,3}$/.test(code)) return;
  if (!catalogues[code]) {
    try {
      catalogues[code] = (await import(`../i18n/${code}.js`)).default;
    } catch {
      catalogues[code] = en;
    }
  }
  active = catalogues[code];
}

/**
 * Translate `key`, replacing {name} placeholders with `params.name`. When `params.count` is given
 * and the catalogue has `key.one` / `key.other`, the plural form is chosen with Intl.PluralRules.
 */
export function t(key, params = {}) {
  let template = active[key] ?? en[key];
  if ("count" in params) {
    const lang = document.documentElement.lang || "en";
    const form = new Intl.PluralRules(lang).select(Number(params.count));
    template = active[`${key}.${form}`] ?? en[`${key}.${form}`] ?? active[`${key}.other`] ?? en[`${key}.other`] ?? template;
  }
  if (template === undefined) {
    console.warn(`i18n: missing string '${key}'`);
    return key;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * Render a message from the server: `{text, params}`, where `text` is the English template and
 * also its key in the catalogue of messages (game_rules/messages.py). Parameters may be messages
 * themselves. Nothing here parses English: a language's catalogue maps each template to its
 * translation, and English needs none.
 */
export function say(message) {
  if (!message || typeof message.text !== "string") return "";
  const template = active.messages?.[message.text] ?? message.text;
  const params = message.params || {};
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return value && typeof value === "object" ? say(value) : String(value);
  });
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

await useLanguage(document.documentElement.lang);
