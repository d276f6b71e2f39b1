"""Drafts as the session holds them: a clause, and a draft as filed before the session (or kept
back until an event adds it)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from game_rules.session.localized import Translations, i18n_field
from game_rules.session.rules_of_procedure import Threshold
from game_rules.session.scripting import Effect


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


ClauseKind = Literal["preambular", "operative"]


class ClauseVariant(_Frozen):
    """One written wording of a scenario clause, with the effects that wording has: an
    amendment that chooses it brings its effects (and its frame) into the draft."""

    id: str = Field(min_length=1, description="The variant's id within its clause.")
    text: str = Field(min_length=1, description="The clause as this variant words it.")
    effects: tuple[Effect, ...] = Field(default=(), description="What this wording does.")
    frame: str | None = Field(default=None, description="The narrative this wording carries.")
    i18n: Translations = i18n_field()


class Clause(_Frozen):
    """One clause of a draft. ``effects`` are what it does to the world when adopted (only a
    scenario's own clauses have any); the procedure never reads them."""

    id: str = Field(min_length=1)
    kind: ClauseKind = "operative"
    text: str = Field(min_length=1)
    effects: tuple[Effect, ...] = ()
    requires_consent_of: tuple[str, ...] = ()
    basis: str | None = Field(
        default=None,
        description="The legal basis the clause cites when it takes effect, e.g. 'Charter "
        "Art. 41' for an embargo or 'Rome Statute Art. 13(b)' for an ICC referral.",
    )
    variants: tuple[ClauseVariant, ...] = Field(
        default=(), description="The other wordings the scenario wrote for this clause."
    )
    variant: str | None = Field(
        default=None,
        description="The variant whose effects the clause now has (None: as the scenario filed "
        "it).",
    )
    i18n: Translations = i18n_field()


class DraftSpec(_Frozen):
    """A draft resolution filed before the session starts."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    agenda_item: str | None = None
    sponsors: tuple[str, ...] = Field(min_length=1)
    signatories: tuple[str, ...] = ()
    clauses: tuple[Clause, ...] = Field(min_length=1)
    rule: Threshold | None = Field(
        default=None,
        description="Decision rule for this draft; the forum's substantive rule "
        "when absent (e.g. 'important' for GA Art. 18(2) questions).",
    )
    parties: tuple[str, ...] = Field(
        default=(), description="Parties to the dispute (Charter Art. 27(3))."
    )
    chapter_vii: bool = Field(
        default=False, description="Acts under Chapter VII: parties need not abstain."
    )
    introduced: bool = False
    i18n: Translations = i18n_field()

    @model_validator(mode="before")
    @classmethod
    def _number_clauses(cls, data: Any) -> Any:
        """Clauses without an id are numbered as delegates cite them: PP1, PP2..., OP1, OP2..."""
        if not isinstance(data, dict) or not isinstance(data.get("clauses"), list | tuple):
            return data
        counters = {"preambular": 0, "operative": 0}
        numbered: list[Any] = []
        for clause in data["clauses"]:
            if isinstance(clause, dict):
                kind = clause.get("kind", "operative")
                if kind in counters:
                    counters[kind] += 1
                    if "id" not in clause:
                        prefix = "PP" if kind == "preambular" else "OP"
                        clause = {**clause, "id": f"{prefix}{counters[kind]}"}
            numbered.append(clause)
        return {**data, "clauses": numbered}
