"""Scenario texts in several languages: :class:`Localized`, and the ``i18n`` form the engine
holds and the wire carries.

A scenario writes a text as a plain string (in its own language, ``metadata.language``) or as a
mapping of language code to text (``title: {en: Water for all, fr: De l'eau pour tous}``). The
loader validates with a :class:`ScenarioLanguages` context, so a plain string knows its
language and a code the scenario does not declare is an error where it is written.

The session keeps every scenario text in the scenario's own language (what the procedure, the
narration and the record use) and, beside it, :data:`Translations`: ``{"fr": {"title": ...}}``,
the same object's text fields in other languages. The shared frame carries them all, and each
screen picks its own language (docs/protocol.md, "Texts in several languages"), so one frame
still serves every viewer. A text a delegate writes has no ``i18n``: it shows as written.

This sits with the session (below :mod:`game_rules.scenario`) because the briefs, news and events
the world holds are written with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]

#: Language -> the object's own text fields in that language (a list field as a whole list).
Translations = dict[str, dict[str, str | list[str]]]


@dataclass(frozen=True)
class ScenarioLanguages:
    """The languages a scenario's texts are checked against: pydantic's validation context."""

    source: str = "en"
    #: Every language the scenario declares, its own first; empty: any code is accepted.
    declared: tuple[str, ...] = ()


def _languages(info: ValidationInfo) -> ScenarioLanguages:
    return info.context if isinstance(info.context, ScenarioLanguages) else ScenarioLanguages()


def _declared_language(code: str, info: ValidationInfo) -> str:
    declared = _languages(info).declared
    if declared and code not in declared:
        raise PydanticCustomError(
            "unknown_language",
            "'{code}' is not one of the scenario's languages ({known})",
            {"code": code, "known": ", ".join(declared)},
        )
    return code


LanguageKey = Annotated[LanguageCode, AfterValidator(_declared_language)]
_SHORT = StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
_LONG = StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)


class Localized(BaseModel):
    """One scenario text in its own language (``language``) and perhaps others."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    max_length: ClassVar[int] = 20000

    language: LanguageCode
    texts: dict[LanguageKey, str]

    @model_validator(mode="before")
    @classmethod
    def _as_written(cls, value: Any, info: ValidationInfo) -> Any:
        source = _languages(info).source
        if isinstance(value, str):
            return {"language": source, "texts": {source: value}}
        if isinstance(value, dict):
            if set(value) == {"language", "texts"}:
                return value  # as the session stores it
            return {"language": source, "texts": value}
        if isinstance(value, Localized):  # a short text given where a long one may be
            return {"language": value.language, "texts": dict(value.texts)}
        raise PydanticCustomError(
            "string_type", "a text, or a mapping of language code to text, is expected"
        )

    @model_validator(mode="after")
    def _has_its_own_language(self) -> Localized:
        if self.language not in self.texts:
            raise PydanticCustomError(
                "source_language_missing",
                "this text has no '{language}', the scenario's own language",
                {"language": self.language},
            )
        return self

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        text = {"type": "string", "minLength": 1, "maxLength": cls.max_length}
        return {
            "description": "A text in the scenario's language, or a mapping of language code "
            "to text (e.g. {en: ..., fr: ...}); see 'Several languages' in docs/scenarios.md.",
            "anyOf": [
                text,
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": LANGUAGE_PATTERN},
                    "additionalProperties": text,
                },
            ],
        }

    @property
    def text(self) -> str:
        """The text in the scenario's own language."""
        return self.texts[self.language]

    def in_language(self, language: str | None) -> str:
        """The text in ``language``, or in the scenario's own language when not given in it."""
        return self.texts.get(language, self.text) if language else self.text


class LocalizedShort(Localized):
    """A one-line scenario text (a title, a headline): at most 200 characters per language."""

    max_length: ClassVar[int] = 200
    texts: dict[LanguageKey, Annotated[str, _SHORT]]


class LocalizedLong(Localized):
    """A scenario text of up to 20,000 characters per language (Markdown where it says so)."""

    texts: dict[LanguageKey, Annotated[str, _LONG]]


def translations(**fields: Localized | Sequence[Localized] | None) -> Translations:
    """The ``i18n`` of an object whose text ``fields`` are these: per language other than the
    scenario's own, each field given in it (a list field whole, its untranslated lines in the
    scenario's language)."""
    found: Translations = {}
    for name, value in fields.items():
        if value is None:
            continue
        items = [value] if isinstance(value, Localized) else list(value)
        others = sorted({code for item in items for code in item.texts if code != item.language})
        for code in others:
            if isinstance(value, Localized):
                found.setdefault(code, {})[name] = value.texts[code]
            else:
                found.setdefault(code, {})[name] = [item.in_language(code) for item in items]
    return found


def translated(i18n: Translations, language: str | None, field: str, text: str) -> str:
    """``field`` of an object in ``language``: its translation if it has one, else ``text``."""
    value = i18n.get(language or "", {}).get(field)
    return value if isinstance(value, str) else text


def untranslated(i18n: Translations) -> bool:
    """For ``exclude_if``: an object without translations leaves ``i18n`` out of the wire."""
    return not i18n


def i18n_field() -> Any:
    """The ``i18n`` field of a session object that holds scenario text: left out of the wire
    when the scenario gave that text in one language only."""
    return Field(
        default_factory=dict,
        exclude_if=untranslated,
        description="Language code -> this object's text fields in that language, where the "
        "scenario gives them (e.g. {'fr': {'title': ...}}); a screen shows those instead. Left "
        "out when there are none, and never on a text a delegate wrote (docs/protocol.md).",
    )


def i18n_entry(**fields: Localized | Sequence[Localized] | None) -> dict[str, Translations]:
    """``{"i18n": ...}`` to spread into a view's dict, or nothing when untranslated."""
    found = translations(**fields)
    return {"i18n": found} if found else {}
