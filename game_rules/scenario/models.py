"""The scenario file format: typed, frozen pydantic models that the engine and the server share.

A scenario is one YAML file; ``docs/scenarios.md`` is the authoring guide and describes the meaning
of every part. These models check each part on its own (types, ranges, unknown keys); the checks
that need the whole file (does this member id name an actor?) live in ``checks.py``. The parts
the world holds during a session (effects, triggers, actions, objectives, bot guidance) are in
:mod:`game_rules.session.scripting`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, TypeAlias

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from game_rules.decision.rules import DecisionRule, parse_rule
from game_rules.session.localized import (
    LANGUAGE_PATTERN,
    LanguageCode,
    LocalizedLong,
    LocalizedShort,
)
from game_rules.session.rules_of_procedure import (
    ProcedureSettings,
    model_un_long_form,
    security_council_procedure,
)
from game_rules.session.scripting import (
    ActorAction,
    ActorKind,
    Brief,
    Change,
    Chapter,
    Dimension,
    Effect,
    HexColour,
    Identifier,
    Level,
    LongText,
    ProcedureBase,
    RegionalGroup,
    ScenarioEvent,
    ScenarioPart,
    Score,
    ShortText,
    VoteStance,
)

# ---------------------------------------------------------------------------------------------
# Metadata, blocs, regions, actors
# ---------------------------------------------------------------------------------------------


class Metadata(ScenarioPart):
    """What a facilitator sees when choosing a scenario."""

    title: LocalizedShort
    summary: LocalizedLong
    level: Level = Field(description="secondary, university or conference")
    duration_minutes: int = Field(ge=5, le=1440, description="Suggested length of the session.")
    learning_objectives: list[ShortText] = Field(min_length=1)
    language: str = Field(
        default="en",
        pattern=LANGUAGE_PATTERN,
        description="BCP 47 language tag of the scenario's own text (a plain string), e.g. en, "
        "fr, pt-BR; what a reader sees when a text is not given in their language.",
    )
    languages: list[LanguageCode] = Field(
        default=[],
        description="Every language the scenario's texts are given in, its own `language` "
        "among them, e.g. [en, fr, es]; a text missing one of them is a warning. Empty: only "
        "`language`.",
    )
    authors: list[ShortText] = []
    sources: list[LongText] = Field(default=[], description="References the scenario draws on.")
    licence: ShortText | None = None

    @field_validator("languages")
    @classmethod
    def _each_once(cls, languages: list[str]) -> list[str]:
        if len(set(languages)) != len(languages):
            raise ValueError("each language of `languages:` may appear once")
        return languages

    @model_validator(mode="after")
    def _own_language_declared(self) -> Metadata:
        if self.languages and self.language not in self.languages:
            raise ValueError(
                f"`languages:` must include the scenario's own language {self.language!r}"
            )
        return self

    def all_languages(self) -> tuple[str, ...]:
        """The scenario's languages, its own first."""
        return (self.language, *(code for code in self.languages if code != self.language))


class Bloc(ScenarioPart):
    """A negotiation group such as G77/China, AOSIS or the African Group."""

    id: Identifier
    name: LocalizedShort
    description: LongText | None = None
    negotiating: bool = Field(
        default=False,
        description="A real negotiating group (G77/China, EU, AU, AOSIS...): its members "
        "coordinate a common position and bots follow it. A category such as the P5 or the "
        "elected members is not one.",
    )
    positions: dict[Identifier, VoteStance] = Field(
        default={},
        description="The group's common position per draft id; a member that votes the other "
        "way is recorded as a defection.",
    )
    coordinator: Identifier | None = Field(
        default=None,
        description="The seat that coordinates the group (the G77's chair, the EU's "
        "presidency): it proposes the common position and speaks on behalf of the group, or "
        "names a member who does. Without one, any member may. Negotiating groups only.",
    )
    chair_reads_notes: bool = Field(
        default=False,
        description="The chair may read the group's notes and common positions; otherwise "
        "only its members do.",
    )


class Region(ScenarioPart):
    """A place that is not a delegation but has indicators (a province, the Sahel)."""

    id: Identifier
    name: ShortText
    description: LongText | None = None


class Actor(ScenarioPart):
    """A delegation that can hold a seat: a state, an NGO, a city, a university..."""

    id: Identifier = Field(description="ISO 3166-1 alpha-3 code for a real state, e.g. FRA.")
    name: LocalizedShort
    kind: ActorKind
    fictional: bool = Field(default=False, description="A state invented for the scenario.")
    population: int | None = Field(default=None, ge=0, le=100_000_000_000)
    region: ShortText | None = None
    regional_group: RegionalGroup | None = Field(
        default=None, description="UN regional group (GA elections and speaking order)."
    )
    blocs: list[Identifier] = []
    flag: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = Field(
        default=None, description="An emoji flag such as 🇫🇷 for the placard."
    )
    colour: HexColour | None = Field(default=None, description="Placard colour, e.g. '#0055A4'.")
    description: LongText | None = None
    actions: list[ActorAction] = Field(
        default=[], description="Levers of its own, each with limited uses (take_action)."
    )

    @field_validator("flag")
    @classmethod
    def _flag_is_an_emoji(cls, flag: str | None) -> str | None:
        if flag is not None and any(ch.isascii() and ch.isalnum() for ch in flag):
            raise ValueError(
                "a flag is an emoji such as 🇫🇷; for a colour write `colour: '#0055A4'`"
            )
        return flag



# ---------------------------------------------------------------------------------------------
# Forums
# ---------------------------------------------------------------------------------------------


def _parse_rule_field(value: Any) -> DecisionRule:
    if isinstance(value, BaseModel):
        raise ValueError("a decision rule must be a mapping such as {kind: majority}")
    return parse_rule(value)  # MalformedRule is a ValueError, so pydantic reports it in place


_FRACTION_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*(/\s*\d+\s*|%)?$"},
        {"type": "number"},
    ]
}
_RULE_COMMON: dict[str, Any] = {
    "name": {"type": "string"},
    "description": {"type": "string"},
    "source": {"type": "string"},
    "note": {"type": "string"},
}


def _rule_schema(kind: str, **keys: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["kind"],
        "additionalProperties": False,
        "properties": {"kind": {"const": kind}, **_RULE_COMMON, **keys},
    }


DECISION_RULE_SCHEMA: dict[str, Any] = {
    "title": "DecisionRule",
    "description": "A decision rule in the engine's format; see docs/rules.md.",
    "oneOf": [
        _rule_schema(
            "majority",
            base={"enum": ["present_and_voting", "present", "membership"]},
            more_than=_FRACTION_SCHEMA,
            at_least=_FRACTION_SCHEMA,
            min_yes={"type": "integer", "minimum": 0},
            veto={"type": "array", "items": {"type": "string"}},
            parties_abstain={"type": "boolean"},
            quorum=_FRACTION_SCHEMA,
        ),
        _rule_schema("consensus", quorum=_FRACTION_SCHEMA),
        _rule_schema("unanimity", abstention_allowed={"type": "boolean"}),
        _rule_schema(
            "weighted",
            base={"enum": ["cast", "membership"]},
            more_than=_FRACTION_SCHEMA,
            at_least=_FRACTION_SCHEMA,
        ),
        _rule_schema(
            "double_majority",
            states_at_least=_FRACTION_SCHEMA,
            population_at_least=_FRACTION_SCHEMA,
            blocking_min_states={"type": "integer", "minimum": 0},
            abstain_counts_as_no={"type": "boolean"},
        ),
    ],
}

RuleField: TypeAlias = Annotated[
    DecisionRule,
    PlainValidator(_parse_rule_field),
    PlainSerializer(lambda rule: rule.to_dict(), return_type=dict[str, Any]),
    WithJsonSchema(DECISION_RULE_SCHEMA),
]


class ForumSeat(ScenarioPart):
    """A member's seat; ``weight`` only for forums that decide by weighted votes."""

    actor: Identifier
    weight: float | None = Field(default=None, gt=0, le=1e9)


def _seat_from_id(value: Any) -> Any:
    return {"actor": value} if isinstance(value, str) else value


SeatEntry = Annotated[
    ForumSeat, BeforeValidator(_seat_from_id, json_schema_input_type=Identifier | ForumSeat)
]

_PROCEDURE_BASES: dict[str, Callable[[], ProcedureSettings]] = {
    "model_un": model_un_long_form,
    "security_council": security_council_procedure,
}


def _merge_procedure(base: ProcedureSettings, override: dict[str, Any]) -> dict[str, Any]:
    """Lay a scenario's partial ``procedure`` over the defaults, one motion or point at a time."""
    merged = base.model_dump()
    for key, value in override.items():
        if key in ("motions", "points") and isinstance(value, dict):
            table = dict(merged[key])
            for name, spec in value.items():
                if isinstance(spec, dict) and isinstance(table.get(name), dict):
                    table[name] = {**table[name], **spec}
                else:
                    table[name] = spec
            merged[key] = table
        else:
            merged[key] = value
    return merged


class Forum(ScenarioPart):
    """A body that meets and decides: a committee, the Security Council, a COP plenary."""

    id: Identifier
    name: LocalizedShort
    description: LongText | None = None
    members: list[SeatEntry] = Field(min_length=1, description="Seats that vote.")
    observers: list[Identifier] = Field(
        default=[], description="Seats that may speak but never vote on substance."
    )
    press: list[Identifier] = Field(
        default=[],
        description="Press seats (actors of kind press): they file news items that the chair "
        "approves before they are public, and take no other part in the session.",
    )
    rules: dict[Identifier, RuleField] = Field(
        default={},
        description="Named decision rules per question type, e.g. procedural, substantive, "
        "important; the built-in procedural, substantive and two_thirds rules apply otherwise.",
    )
    procedure_base: ProcedureBase = Field(
        default="model_un",
        description="The defaults that `procedure` overrides: a Model UN long form, or "
        "Security Council practice (automatic division under provisional rule 32).",
    )
    procedure: ProcedureSettings = Field(
        default_factory=model_un_long_form,
        description="Overrides of the procedure defaults; only the keys you give change.",
    )
    chapter_vii: bool = Field(
        default=False,
        description="The forum may take binding Chapter VII decisions that do not need the "
        "consent of the state concerned (only the Security Council, Charter Art. 39-42).",
    )

    @model_validator(mode="before")
    @classmethod
    def _lay_procedure_over_defaults(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        base_name = value.get("procedure_base", "model_un")
        base = _PROCEDURE_BASES.get(base_name) if isinstance(base_name, str) else None
        override = value.get("procedure")
        if base is None or override is None:
            if base is not None and "procedure" not in value:
                return {**value, "procedure": base()}
            return value
        if not isinstance(override, dict):
            return value
        return {**value, "procedure": _merge_procedure(base(), override)}

    def member_ids(self) -> list[str]:
        return [seat.actor for seat in self.members]

    def seat_ids(self) -> list[str]:
        return [*self.member_ids(), *self.observers, *self.press]


# ---------------------------------------------------------------------------------------------
# Agenda and indicators
# ---------------------------------------------------------------------------------------------


class AgendaItem(ScenarioPart):
    """A topic the forum discusses, with background a 16-year-old can follow."""

    id: Identifier
    title: LocalizedShort
    forum: Identifier | None = Field(
        default=None, description="The forum that discusses it; needed when there are several."
    )
    background: LocalizedLong = Field(description="Markdown.")
    dimensions: list[Dimension] = Field(
        min_length=1, description="The human-security dimensions the item concerns."
    )
    places: list[Identifier] = Field(default=[], description="Countries or regions concerned.")
    hidden: bool = Field(default=False, description="Kept off the agenda until an event adds it.")


class IndicatorPlace(ScenarioPart):
    """The starting human-security values of one country or region, 0 (worst) to 100 (best)."""

    place: Identifier = Field(description="An actor id or a region id.")
    start: dict[Dimension, Score] = Field(min_length=1)
    drift: dict[Dimension, Change] = Field(
        default={}, description="Change applied every round, for a crisis that worsens."
    )


class Indicators(ScenarioPart):
    """Human-security indicators (UNDP Human Development Report 1994)."""

    round_minutes: float = Field(
        default=10,
        ge=1,
        le=1440,
        description="Drift is applied once per this many minutes of session (1 to 1440).",
    )
    places: list[IndicatorPlace] = []


class TrustPair(ScenarioPart):
    between: Annotated[list[Identifier], Field(min_length=2, max_length=2)]
    value: Score
    one_way: bool = Field(
        default=False,
        description="Only the first actor's trust in the second; without it, both directions.",
    )


class Trust(ScenarioPart):
    """Trust of one delegation in another, 0 (none) to 100 (complete); one-way, so A's trust
    in B may differ from B's in A (a pair without ``one_way`` sets both)."""

    start: Score = Field(default=50, description="Trust between any two delegations at first.")
    pairs: list[TrustPair] = []
    chapter_vii_cost: Change = Field(
        default=0,
        description="When a Chapter VII clause acts in a state without its consent, that state's "
        "trust in the sponsors, in those who voted yes and in the clauses' providers moves by "
        "this (e.g. -15), and so does its allies' (trust >= 60 in it) trust in the sponsors.",
    )
    withdrawal_cost: Change = Field(
        default=-10,
        description="When a state withdraws consent it had given, the sponsors' and providers' "
        "trust in it moves by this.",
    )
    scales_appeals: bool = Field(
        default=False,
        description="Scale a clause's non_coercive_effects by the trust between the state it "
        "acts in and the draft's sponsors: trust 50 gives the figure written, 100 double, "
        "25 half. A host that trusts the sponsors heeds their appeal more.",
    )


# ---------------------------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------------------------


class ClauseVariant(ScenarioPart):
    """Another written wording of a clause, with its own effects (and narrative frame): an
    amendment may choose it, and its effects replace the clause's."""

    id: Identifier
    text: LocalizedLong
    effects: list[Effect] = Field(default=[], description="Applied when adopted in this wording.")
    frame: Identifier | None = Field(default=None, description="The frame this wording carries.")


class OperativeClause(ScenarioPart):
    """One operative paragraph; numbered from 1 in the order written."""

    text: LocalizedLong
    effects: list[Effect] = Field(default=[], description="Applied when the draft is adopted.")
    acts_in: Identifier | None = Field(
        default=None,
        description="The state in whose territory the clause acts: its effects need that "
        "state's consent, or a Chapter VII decision of a forum with that power.",
    )
    non_coercive_effects: list[Effect] = Field(
        default=[],
        description="Applied instead of `effects` when neither consent nor Chapter VII is had.",
    )
    basis: ShortText | None = Field(
        default=None,
        description="The legal basis the clause rests on, cited when it takes effect: "
        "'Charter Art. 41' (embargo, sanctions), 'Charter Art. 42' (force), "
        "'Rome Statute Art. 13(b)' (ICC referral).",
    )
    variants: list[ClauseVariant] = Field(
        default=[],
        description="Other wordings an amendment may choose, each with its own effects.",
    )
    provider: Identifier | None = Field(
        default=None,
        description="The actor that carries the clause out (an NGO delivering aid): the host may "
        "consent to this provider and refuse another.",
    )
    over_rounds: int = Field(
        default=1,
        ge=1,
        le=20,
        description="The effects come in this many equal parts, one per round from the end of "
        "the round it is adopted in, while its basis (consent or Chapter VII) holds; 1: all "
        "at once on adoption.",
    )


def _clause_from_text(value: Any) -> Any:
    """A clause written as its text alone: a string, or a mapping of language code to text."""
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, dict) and value and all(
        isinstance(key, str) and re.fullmatch(LANGUAGE_PATTERN, key) for key in value
    ):
        return {"text": value}
    return value


ClauseEntry = Annotated[
    OperativeClause,
    BeforeValidator(_clause_from_text, json_schema_input_type=LocalizedLong | OperativeClause),
]


class Draft(ScenarioPart):
    """A draft resolution filed before the session, or added by an event if ``hidden``."""

    id: Identifier
    title: LocalizedShort
    forum: Identifier | None = None
    agenda_item: Identifier | None = None
    sponsors: list[Identifier] = Field(min_length=1)
    signatories: list[Identifier] = []
    rule: Identifier | None = Field(
        default=None,
        description="The forum rule that decides it; the forum's substantive rule if absent.",
    )
    chapter: Chapter = Field(
        default="none",
        description="Legal basis in the UN Charter: Chapter VI (peaceful settlement, parties "
        "abstain) or Chapter VII (binding, no consent needed).",
    )
    parties: list[Identifier] = Field(
        default=[], description="Members that are parties to the dispute (Charter Art. 27(3))."
    )
    preambular: list[LocalizedLong] = []
    operative: list[ClauseEntry] = Field(min_length=1)
    introduced: bool = Field(default=False, description="Already on the floor at the start.")
    hidden: bool = Field(default=False, description="Kept back until an event adds it.")


class Debrief(ScenarioPart):
    prompts: list[LocalizedLong] = Field(
        min_length=1, description="Questions for the class afterwards."
    )


class Rubric(ScenarioPart):
    """What the chair scores each student and each position paper on (``rubric:``); without
    it: preparation, diplomacy, procedure and evidence, 1 to 4."""

    criteria: list[Identifier] = Field(
        min_length=1, max_length=8, description="The criteria, e.g. [preparation, diplomacy]."
    )
    lowest: int = Field(default=1, ge=0, le=10, description="The lowest score of the scale.")
    highest: int = Field(default=4, ge=1, le=10, description="The highest score of the scale.")

    @model_validator(mode="after")
    def _a_scale(self) -> Rubric:
        if self.highest <= self.lowest:
            raise ValueError("`highest:` must be above `lowest:`")
        if len(set(self.criteria)) != len(self.criteria):
            raise ValueError("each criterion of `rubric:` may appear once")
        return self


class Frame(ScenarioPart):
    """A narrative delegations argue from ("sovereignty and non-interference", "responsibility
    to protect"): speeches, notes and drafts may be tagged with it, and bots lean by it."""

    id: Identifier
    name: ShortText
    description: LongText | None = None
    held_by: list[Identifier] = Field(default=[], description="The actors that hold this frame.")


# ---------------------------------------------------------------------------------------------
# Variants: the same scenario cut to the length of a lesson
# ---------------------------------------------------------------------------------------------

Minute = Annotated[float, Field(ge=0, le=10_080)]


class EventsInVariant(ScenarioPart):
    """The scripted events a variant keeps, and the minute a timed one comes at."""

    keep: list[Identifier] | None = Field(
        default=None, description="Only these events (every event when absent)."
    )
    drop: list[Identifier] = Field(default=[], description="Events this variant leaves out.")
    at_minute: dict[Identifier, Minute] = Field(
        default={}, description="A new minute for an `at_minute` event, e.g. {camp-attack: 20}."
    )

    @model_validator(mode="after")
    def _keep_or_drop(self) -> EventsInVariant:
        if self.keep is not None and self.drop:
            raise ValueError("give `keep:` or `drop:`, not both")
        return self


class DraftsInVariant(ScenarioPart):
    """The drafts a variant keeps."""

    keep: list[Identifier] | None = Field(
        default=None, description="Only these drafts (every draft when absent)."
    )
    drop: list[Identifier] = Field(default=[], description="Drafts this variant leaves out.")

    @model_validator(mode="after")
    def _keep_or_drop(self) -> DraftsInVariant:
        if self.keep is not None and self.drop:
            raise ValueError("give `keep:` or `drop:`, not both")
        return self


class SeatsInVariant(ScenarioPart):
    """A forum that seats fewer or more delegations in this variant."""

    forum: Identifier | None = Field(
        default=None, description="The forum whose seats change; needed when there are several."
    )
    drop: list[Identifier] = Field(default=[], description="Members or observers left out.")
    add_members: list[SeatEntry] = Field(
        default=[], description="Actors (with a brief) that vote in this variant only."
    )
    add_observers: list[Identifier] = Field(
        default=[], description="Actors (with a brief) that sit as observers in this variant only."
    )


def _seat_changes_as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


class TimingsInVariant(ScenarioPart):
    """The clocks a variant sets instead of the forum's (each only if given)."""

    speaking_time: float | None = Field(default=None, gt=0, le=3600, description="Seconds.")
    reply_time: float | None = Field(default=None, gt=0, le=3600, description="Seconds.")
    max_caucus_minutes: float | None = Field(default=None, gt=0, le=240)
    vote_time_limit: float | None = Field(default=None, gt=0, le=3600, description="Seconds.")
    round_minutes: float | None = Field(
        default=None, ge=1, le=1440, description="Minutes per indicator round (drift)."
    )


class Variant(ScenarioPart):
    """The scenario cut to another length: which events, drafts, seats and timings it keeps or
    changes. A room is started from the scenario as written, or from one of its variants."""

    id: Identifier
    name: ShortText = Field(description="What a teacher picks, e.g. 'One 45-minute lesson'.")
    minutes: int = Field(ge=5, le=1440, description="The length of a session of this variant.")
    description: LongText | None = Field(default=None, description="What it leaves out, and why.")
    events: EventsInVariant = EventsInVariant()
    drafts: DraftsInVariant = DraftsInVariant()
    seats: Annotated[
        list[SeatsInVariant],
        BeforeValidator(
            _seat_changes_as_list, json_schema_input_type=SeatsInVariant | list[SeatsInVariant]
        ),
    ] = Field(default=[], description="Forums that seat fewer or more delegations.")
    timings: TimingsInVariant = TimingsInVariant()


class Scenario(ScenarioPart):
    """One scenario file: who sits where, the rules, the secrets and what happens."""

    metadata: Metadata
    blocs: list[Bloc] = []
    regions: list[Region] = []
    actors: list[Actor] = Field(min_length=2)
    forums: list[Forum] = Field(min_length=1)
    agenda: list[AgendaItem] = Field(min_length=1)
    indicators: Indicators = Indicators()
    trust: Trust = Trust()
    drafts: list[Draft] = []
    events: list[ScenarioEvent] = []
    briefs: dict[Identifier, Brief] = Field(description="One private brief per seat.")
    debrief: Debrief
    rubric: Rubric | None = Field(
        default=None,
        description="The assessment rubric (criteria and scale) for students and position "
        "papers; the default one when absent.",
    )
    frames: list[Frame] = Field(
        default=[], description="The narratives of the scenario and who holds which."
    )
    variants: list[Variant] = Field(
        default=[],
        description="Shorter or longer cuts of the scenario (a 45-minute lesson, a double "
        "lesson); a room is started from the scenario as written or from one of them.",
    )

    def variant(self, variant_id: str) -> Variant:
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        raise KeyError(variant_id)

    def actor(self, actor_id: str) -> Actor:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)

    def draft(self, draft_id: str) -> Draft:
        for draft in self.drafts:
            if draft.id == draft_id:
                return draft
        raise KeyError(draft_id)

    def forum(self, forum_id: str | None = None) -> Forum:
        """The forum with this id, or the first forum when ``forum_id`` is None."""
        if forum_id is None:
            return self.forums[0]
        for forum in self.forums:
            if forum.id == forum_id:
                return forum
        raise KeyError(forum_id)
