"""The scenario file format: typed, frozen pydantic models that the engine and the server share.

A scenario is one YAML file; ``docs/scenarios.md`` is the authoring guide and describes the meaning
of every part. These models check each part on its own (types, ranges, unknown keys); the checks
that need the whole file (does this member id name an actor?) live in ``scenario_checks.py``.

Triggers, effects, actions and objective checks are written as one-key mappings, so they read as
English in YAML: ``when: {draft_adopted: D1}``, ``- indicator: {place: KRV, dimension: food,
change: 10}``. The key that is present picks the model (a pydantic callable discriminator).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from game_rules.decision_rules import DecisionRule, parse_rule
from game_rules.settings import ProcedureSettings, model_un_long_form, security_council_procedure

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

Dimension = Literal[
    "economic", "food", "health", "environmental", "personal", "community", "political"
]
#: The seven dimensions of human security in the UNDP Human Development Report 1994, ch. 2.
DIMENSIONS: tuple[Dimension, ...] = (
    "economic",
    "food",
    "health",
    "environmental",
    "personal",
    "community",
    "political",
)
ActorKind = Literal["state", "ngo", "igo", "local_government", "academic", "civil_society"]
Level = Literal["secondary", "university", "conference"]
RegionalGroup = Literal[
    "african", "asia_pacific", "eastern_european", "latin_american_caribbean", "weog"
]
VoteStance = Literal["yes", "no", "abstain"]
Chapter = Literal["none", "vi", "vii"]
SeatChange = Literal["member", "observer", "withdrawn"]
ProcedureBase = Literal["model_un", "security_council"]

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]{0,39}$"
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
Score = Annotated[float, Field(ge=0, le=100)]
Change = Annotated[float, Field(ge=-100, le=100)]
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]


class ScenarioPart(BaseModel):
    """Base of every scenario model: unknown keys are errors, values are immutable."""

    # No NaN or infinity (a quoted "inf" would pass as a float otherwise): JSON cannot carry them.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _one_key_tag(tags: tuple[str, ...]) -> Callable[[Any], str | None]:
    """A discriminator that picks the variant by which of ``tags`` is a key of the mapping."""

    def pick(value: Any) -> str | None:
        if isinstance(value, dict):
            for tag in tags:
                if tag in value:
                    return tag
            return None
        for tag in tags:
            if hasattr(value, tag):
                return tag
        return None

    return pick


def _by_key(tags: tuple[str, ...], what: str) -> Discriminator:
    """The discriminator of a one-key union: the key present names the variant."""
    return Discriminator(
        _one_key_tag(tags),
        custom_error_type="unknown_variant",
        custom_error_message=f"{what} must start with one of: {', '.join(tags)}",
    )


def _as_list(value: Any) -> Any:
    """Accept a single value where a list is expected (``without_clause: 3``)."""
    return [value] if isinstance(value, int | str) and not isinstance(value, bool) else value


# ---------------------------------------------------------------------------------------------
# Metadata, blocs, regions, actors
# ---------------------------------------------------------------------------------------------


class Metadata(ScenarioPart):
    """What a facilitator sees when choosing a scenario."""

    title: ShortText
    summary: LongText
    level: Level = Field(description="secondary, university or conference")
    duration_minutes: int = Field(ge=5, le=1440, description="Suggested length of the session.")
    learning_objectives: list[ShortText] = Field(min_length=1)
    language: str = Field(
        default="en",
        pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="BCP 47 language tag of the scenario's text, e.g. en, fr, pt-BR.",
    )
    authors: list[ShortText] = []
    sources: list[LongText] = Field(default=[], description="References the scenario draws on.")
    licence: ShortText | None = None


class Bloc(ScenarioPart):
    """A negotiation group such as G77/China, AOSIS or the African Group."""

    id: Identifier
    name: ShortText
    description: LongText | None = None


class Region(ScenarioPart):
    """A place that is not a delegation but has indicators (a province, the Sahel)."""

    id: Identifier
    name: ShortText
    description: LongText | None = None


class Actor(ScenarioPart):
    """A delegation that can hold a seat: a state, an NGO, a city, a university..."""

    id: Identifier = Field(description="ISO 3166-1 alpha-3 code for a real state, e.g. FRA.")
    name: ShortText
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
    name: ShortText
    description: LongText | None = None
    members: list[SeatEntry] = Field(min_length=1, description="Seats that vote.")
    observers: list[Identifier] = Field(
        default=[], description="Seats that may speak but never vote on substance."
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
        return [*self.member_ids(), *self.observers]


# ---------------------------------------------------------------------------------------------
# Agenda and indicators
# ---------------------------------------------------------------------------------------------


class AgendaItem(ScenarioPart):
    """A topic the forum discusses, with background a 16-year-old can follow."""

    id: Identifier
    title: ShortText
    forum: Identifier | None = Field(
        default=None, description="The forum that discusses it; needed when there are several."
    )
    background: LongText = Field(description="Markdown.")
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


class Trust(ScenarioPart):
    """Trust between two delegations, 0 (none) to 100 (complete); symmetric."""

    start: Score = Field(default=50, description="Trust between any two delegations at first.")
    pairs: list[TrustPair] = []
    scales_appeals: bool = Field(
        default=False,
        description="Scale a clause's non_coercive_effects by the trust between the state it "
        "acts in and the draft's sponsors: trust 50 gives the figure written, 100 double, "
        "25 half. A host that trusts the sponsors heeds their appeal more.",
    )


# ---------------------------------------------------------------------------------------------
# Effects (of adopted clauses and of events)
# ---------------------------------------------------------------------------------------------


class IndicatorChange(ScenarioPart):
    place: Identifier
    dimension: Dimension
    change: Change = Field(description="Added to the indicator, which stays within 0..100.")


class IndicatorEffect(ScenarioPart):
    indicator: IndicatorChange


class TrustChange(ScenarioPart):
    between: Annotated[list[Identifier], Field(min_length=2, max_length=2)]
    change: Change


class TrustEffect(ScenarioPart):
    trust: TrustChange


class StatusChange(ScenarioPart):
    """Sets or clears a status tag on an actor (``mission_deployed``, ``under_sanctions``)."""

    actor: Identifier
    set: Identifier | None = None
    clear: Identifier | None = None
    label: ShortText | None = Field(default=None, description="How the status is shown.")

    @model_validator(mode="after")
    def _exactly_one(self) -> StatusChange:
        if (self.set is None) == (self.clear is None):
            raise ValueError("give exactly one of `set: STATUS` or `clear: STATUS`")
        return self


class StatusEffect(ScenarioPart):
    status: StatusChange


EFFECT_TAGS = ("indicator", "trust", "status")
Effect: TypeAlias = Annotated[
    Annotated[IndicatorEffect, Tag("indicator")]
    | Annotated[TrustEffect, Tag("trust")]
    | Annotated[StatusEffect, Tag("status")],
    _by_key(EFFECT_TAGS, "an effect"),
]


# ---------------------------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------------------------


class OperativeClause(ScenarioPart):
    """One operative paragraph; numbered from 1 in the order written."""

    text: LongText
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


def _clause_from_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


ClauseEntry = Annotated[
    OperativeClause,
    BeforeValidator(_clause_from_text, json_schema_input_type=str | OperativeClause),
]


class Draft(ScenarioPart):
    """A draft resolution filed before the session, or added by an event if ``hidden``."""

    id: Identifier
    title: ShortText
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
    preambular: list[LongText] = []
    operative: list[ClauseEntry] = Field(min_length=1)
    introduced: bool = Field(default=False, description="Already on the floor at the start.")
    hidden: bool = Field(default=False, description="Kept back until an event adds it.")


# ---------------------------------------------------------------------------------------------
# Events: triggers and actions
# ---------------------------------------------------------------------------------------------


class AtMinute(ScenarioPart):
    at_minute: float = Field(
        ge=0, le=10_080, description="Minutes after the session starts (at most a week)."
    )


class DraftAdoptedTrigger(ScenarioPart):
    draft_adopted: Identifier


class DraftFailedTrigger(ScenarioPart):
    draft_failed: Identifier


class VetoSpec(ScenarioPart):
    draft: Identifier | None = Field(default=None, description="Any draft if absent.")
    by: Identifier | None = Field(default=None, description="Any veto holder if absent.")


class VetoCastTrigger(ScenarioPart):
    veto_cast: VetoSpec


class IndicatorThreshold(ScenarioPart):
    place: Identifier
    dimension: Dimension
    value: Score


class IndicatorBelowTrigger(ScenarioPart):
    indicator_below: IndicatorThreshold


class ChairButtonTrigger(ScenarioPart):
    chair_button: ShortText = Field(description="The label of the button the chair presses.")


TRIGGER_TAGS = (
    "at_minute", "draft_adopted", "draft_failed", "veto_cast", "indicator_below", "chair_button"
)
Trigger: TypeAlias = Annotated[
    Annotated[AtMinute, Tag("at_minute")]
    | Annotated[DraftAdoptedTrigger, Tag("draft_adopted")]
    | Annotated[DraftFailedTrigger, Tag("draft_failed")]
    | Annotated[VetoCastTrigger, Tag("veto_cast")]
    | Annotated[IndicatorBelowTrigger, Tag("indicator_below")]
    | Annotated[ChairButtonTrigger, Tag("chair_button")],
    _by_key(TRIGGER_TAGS, "a trigger (`when:`)"),
]


class News(ScenarioPart):
    headline: ShortText
    body: LongText | None = Field(default=None, description="Markdown.")
    to: list[Identifier] = Field(default=[], description="Only these actors; everyone if empty.")


class NewsAction(ScenarioPart):
    news: News


class AddAgendaItemAction(ScenarioPart):
    add_agenda_item: Identifier


class AddDraftAction(ScenarioPart):
    add_draft: Identifier


class SeatMove(ScenarioPart):
    actor: Identifier
    forum: Identifier | None = None
    becomes: SeatChange = Field(
        description="member (votes), observer (speaks, no vote) or withdrawn (leaves)."
    )


class SeatAction(ScenarioPart):
    seat: SeatMove


ACTION_TAGS = ("news", "indicator", "trust", "status", "add_agenda_item", "add_draft", "seat")
Action: TypeAlias = Annotated[
    Annotated[NewsAction, Tag("news")]
    | Annotated[IndicatorEffect, Tag("indicator")]
    | Annotated[TrustEffect, Tag("trust")]
    | Annotated[StatusEffect, Tag("status")]
    | Annotated[AddAgendaItemAction, Tag("add_agenda_item")]
    | Annotated[AddDraftAction, Tag("add_draft")]
    | Annotated[SeatAction, Tag("seat")],
    _by_key(ACTION_TAGS, "an action"),
]


class ScenarioEvent(ScenarioPart):
    """A scripted inject: when its trigger happens, its actions are carried out in order."""

    id: Identifier
    title: ShortText = Field(description="Shown in the chair's event list.")
    when: Trigger
    actions: list[Action] = Field(min_length=1)
    once: bool = Field(default=True, description="Fires at most once (else every time).")
    chair_note: LongText | None = Field(default=None, description="Shown only to the chair.")


# ---------------------------------------------------------------------------------------------
# Objectives: machine-checkable conditions evaluated at debrief
# ---------------------------------------------------------------------------------------------


ClauseNumbers = Annotated[
    list[Annotated[int, Field(ge=1)]],
    BeforeValidator(_as_list, json_schema_input_type=int | list[int]),
]


class DraftAdoptedCondition(ScenarioPart):
    draft_adopted: Identifier
    without_clause: ClauseNumbers = Field(
        default=[], description="Operative clause numbers (as filed) that must have been removed."
    )
    with_clause: ClauseNumbers = Field(
        default=[], description="Operative clause numbers (as filed) that must have survived."
    )


class DraftNotAdoptedCondition(ScenarioPart):
    draft_not_adopted: Identifier


class IndicatorTest(ScenarioPart):
    place: Identifier
    dimension: Dimension
    at_least: Score | None = None
    at_most: Score | None = None

    @model_validator(mode="after")
    def _has_bound(self) -> IndicatorTest:
        if self.at_least is None and self.at_most is None:
            raise ValueError("give `at_least`, `at_most` or both")
        return self


class IndicatorCondition(ScenarioPart):
    indicator: IndicatorTest


class TrustTest(ScenarioPart):
    between: Annotated[list[Identifier], Field(min_length=2, max_length=2)]
    at_least: Score | None = None
    at_most: Score | None = None

    @model_validator(mode="after")
    def _has_bound(self) -> TrustTest:
        if self.at_least is None and self.at_most is None:
            raise ValueError("give `at_least`, `at_most` or both")
        return self


class TrustCondition(ScenarioPart):
    trust: TrustTest


class StatusTest(ScenarioPart):
    actor: Identifier
    has: Identifier


class StatusCondition(ScenarioPart):
    status: StatusTest


class ConsentGivenCondition(ScenarioPart):
    consent_given: Identifier


class ConsentRefusedCondition(ScenarioPart):
    consent_refused: Identifier


class VetoCastCondition(ScenarioPart):
    veto_cast: VetoSpec


class AllOfCondition(ScenarioPart):
    all_of: list[Condition] = Field(min_length=1)


class AnyOfCondition(ScenarioPart):
    any_of: list[Condition] = Field(min_length=1)


class NoneOfCondition(ScenarioPart):
    none_of: list[Condition] = Field(min_length=1)


CONDITION_TAGS = (
    "draft_adopted", "draft_not_adopted", "indicator", "trust", "status",
    "consent_given", "consent_refused", "veto_cast", "all_of", "any_of", "none_of",
)
Condition: TypeAlias = Annotated[
    Annotated[DraftAdoptedCondition, Tag("draft_adopted")]
    | Annotated[DraftNotAdoptedCondition, Tag("draft_not_adopted")]
    | Annotated[IndicatorCondition, Tag("indicator")]
    | Annotated[TrustCondition, Tag("trust")]
    | Annotated[StatusCondition, Tag("status")]
    | Annotated[ConsentGivenCondition, Tag("consent_given")]
    | Annotated[ConsentRefusedCondition, Tag("consent_refused")]
    | Annotated[VetoCastCondition, Tag("veto_cast")]
    | Annotated[AllOfCondition, Tag("all_of")]
    | Annotated[AnyOfCondition, Tag("any_of")]
    | Annotated[NoneOfCondition, Tag("none_of")],
    _by_key(CONDITION_TAGS, "a check"),
]
AllOfCondition.model_rebuild()
AnyOfCondition.model_rebuild()
NoneOfCondition.model_rebuild()


# ---------------------------------------------------------------------------------------------
# Briefs and debrief
# ---------------------------------------------------------------------------------------------


class Objective(ScenarioPart):
    text: ShortText = Field(description="What the delegation wants, in words.")
    check: Condition | None = Field(
        default=None, description="How the debrief decides whether it was met; the chair "
        "judges it if absent.",
    )
    points: int = Field(default=1, ge=0, le=100)


class BotGuidance(ScenarioPart):
    """How a bot that fills this seat behaves."""

    votes: dict[Identifier, VoteStance] = Field(
        default={}, description="Default vote per draft id."
    )
    bloc_loyalty: float = Field(
        default=0.5, ge=0, le=1, description="0: ignores its blocs; 1: always votes with them."
    )
    consent: Literal["give", "refuse"] | None = Field(
        default=None, description="For a state asked to consent to action on its territory."
    )
    lines: list[ShortText] = Field(default=[], description="One-line notes it may send.")


class Brief(ScenarioPart):
    """A delegation's private brief: only its seat (and the chair) can read it."""

    position: LongText = Field(description="Markdown.")
    red_lines: list[ShortText] = []
    objectives: list[Objective] = []
    bot: BotGuidance = BotGuidance()


class Debrief(ScenarioPart):
    prompts: list[LongText] = Field(min_length=1, description="Questions for the class afterwards.")


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
