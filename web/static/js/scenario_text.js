// A scenario may give its texts in several languages. The shared frame carries each text in the
// scenario's own language and, beside it, `i18n: {lang: {field: text}}` (docs/protocol.md,
// "Texts in several languages"); every screen shows its own language by laying that language's
// fields over the object. A text a delegate wrote has no i18n: it shows as written.

/**
 * The view with the scenario's texts in `lang` where it gives them. Objects and lists that hold
 * no translation are returned as they are (no copy), so an untranslated view costs one walk.
 */
export function localize(value, lang) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy = null;
    value.forEach((item, index) => {
      const shown = localize(item, lang);
      if (shown !== item) (copy ??= [...value])[index] = shown;
    });
    return copy || value;
  }
  let copy = null;
  for (const key of Object.keys(value)) {
    if (key === "i18n") continue;
    const shown = localize(value[key], lang);
    if (shown !== value[key]) (copy ??= { ...value })[key] = shown;
  }
  const own = value.i18n && Object.hasOwn(value.i18n, lang) ? value.i18n[lang] : null;
  if (own) Object.assign((copy ??= { ...value }), own);
  return copy || value;
}
