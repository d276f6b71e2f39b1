"""Load each language's catalogue, render messages through it, and choose a reader's language."""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from game_rules.messages import Message
from game_rules.messages import render as render_with

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The six official languages of the UN, in the UN's own (English alphabetical) order.
LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
Language = str
# Each language's name in itself, for the language pickers.
NATIVE_NAMES: dict[str, str] = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


def normalise(value: str | None) -> str | None:
    """``"fr-CA"`` -> ``"fr"``, ``"zh_Hans"`` -> ``"zh"``; ``None`` if not one of the six."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


def direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


@cache
def catalog(lang: str) -> Catalog:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as src:
        return read_po(src, locale=lang)


@cache
def translations(lang: str) -> Translations:
    """The language's ``.po`` compiled in memory (what ``pybabel compile`` would write)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog(lang))
    buffer.seek(0)
    return Translations(buffer)


def translate_template(lang: str, template: str) -> str:
    if not template:
        return template  # gettext("") is the catalogue's header, never a message
    return translations(lang).gettext(template)


def render(message: Message, lang: str) -> str:
    """``message`` in ``lang``: its template and every nested message's through the catalogue
    (an untranslated template stays English), its numbers with the language's decimal sign."""
    return render_with(
        message, lambda template: translate_template(lang, template), number_writer(lang)
    )


def number_writer(lang: str) -> Callable[[int | float], str] | None:
    """"45,5" in French, "45.5" in English and Arabic (Western digits, as UN Arabic documents
    write them); no grouping, so a year stays 1945. ``web/static/js/i18n.js`` writes the same."""
    if lang == DEFAULT_LANGUAGE:
        return None
    return lambda value: format_decimal(value, locale=lang, group_separator=False)


def plural_categories(lang: str) -> list[str]:
    """The CLDR category (``one``, ``few``...) of each gettext plural index in ``lang``, so the
    browser can pick ``msgstr[i]`` with ``Intl.PluralRules``."""
    locale = Locale.parse(lang)
    forms = catalog(lang).num_plurals
    index_of = gettext.c2py(catalog(lang).plural_expr)
    categories: list[str] = ["other"] * forms
    assigned: set[int] = set()
    for n in [*range(0, 1000), 10**6, 10**7]:  # a million is "many" in French
        index = index_of(n)
        if index not in assigned and 0 <= index < forms:
            categories[index] = str(locale.plural_form(n))
            assigned.add(index)
    return categories


def catalogue_json(lang: str) -> dict[str, Any]:
    """The compiled catalogue for the browser: client keys (plural ones as ``{category: text}``)
    and engine templates, only what is translated (the browser falls back to English)."""
    categories = plural_categories(lang)
    keys: dict[str, Any] = {}
    messages: dict[str, str] = {}
    for entry in catalog(lang):
        if not entry.id or not entry.string:
            continue
        if entry.pluralizable:
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            forms = {categories[i]: s for i, s in enumerate(strings) if s}
            if not forms:
                continue
            forms.setdefault("other", strings[-1] or next(iter(forms.values())))
            if entry.context:
                keys[entry.context] = forms
            continue
        if entry.context:
            keys[entry.context] = entry.string
        else:
            messages[str(entry.id)] = str(entry.string)
    return {
        "lang": lang,
        "dir": direction(lang),
        "name": NATIVE_NAMES[lang],
        "plural": {"categories": categories, "forms": len(categories)},
        "keys": keys,
        "messages": messages,
    }


def _accept_language(header: str | None) -> list[str]:
    """``Accept-Language`` as codes in order of preference (q-values respected)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def pick_language(
    *,
    query: str | None = None,
    cookie: str | None = None,
    room: str | None = None,
    accept_language: str | None = None,
) -> str:
    """The reader's language: an explicit ``?lang=``, then the device's own choice (cookie), then
    the room's default set by the chair, then the browser's ``Accept-Language``, then English.
    (The projector passes no cookie: it follows the room.)"""
    for candidate in (query, cookie, room):
        code = normalise(candidate)
        if code:
            return code
    for tag in _accept_language(accept_language):
        code = normalise(tag)
        if code:
            return code
    return DEFAULT_LANGUAGE
