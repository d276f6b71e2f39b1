"""The six official languages of the United Nations: catalogues, rendering, choice of language.

One catalogue per language, in gettext ``.po`` files under ``app/i18n/locale`` (Babel; see
docs/translating.md). The server compiles each ``.po`` in memory when first asked (no build step,
no ``.mo`` in the repository) and uses it for the engine's messages, the Jinja2 templates, the
transcript and the debrief; the browser gets the same catalogue as JSON from
``GET /api/i18n/{lang}.json``.
"""

from app.i18n.catalogues import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    RTL_LANGUAGES,
    Language,
    catalogue_json,
    direction,
    normalise,
    pick_language,
    render,
    translations,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "RTL_LANGUAGES",
    "Language",
    "catalogue_json",
    "direction",
    "normalise",
    "pick_language",
    "render",
    "translations",
]
