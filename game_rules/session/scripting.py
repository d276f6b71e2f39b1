"""The scenario's scripting, as the world holds it: effects, triggers, actions, scripted events,
objective checks and bot guidance, with the vocabulary they share.

These are the typed values the game layer works with from the YAML file to the fold (a
scripted event in :class:`game_rules.session.world.World` is a :class:`ScenarioEvent`). They sit
at the bottom of the engine so that the state can hold them; the rest of the file format, which
needs the decision rules and the rules of procedure, is :mod:`game_rules.scenario.models`.

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
    StringConstraints,
    Tag,
    model_validator,
)

from game_rules.session.localized import LocalizedLong, LocalizedShort

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
ActorKind = Literal[
    "state", "ngo", "igo", "local_government", "academic", "civil_society", "press"
]
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
    one_way: bool = Field(
        default=False,
        description="Move only the first actor's trust in the second; without it, both.",
    )


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
    headline: LocalizedShort
    body: LocalizedLong | None = Field(default=None, description="Markdown.")
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
    title: LocalizedShort = Field(description="Shown in the chair's event list.")
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


class ConsentToTest(ScenarioPart):
    state: Identifier
    clause: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+/OP[1-9][0-9]*$")] | None = Field(
        default=None,
        description="'D1/OP3': the answer that governs this clause (for the clause, its "
        "provider, or all action on the state's territory).",
    )
    provider: Identifier | None = Field(
        default=None, description="The answer for this provider (or, without one, for all)."
    )

    @model_validator(mode="after")
    def _one_scope(self) -> ConsentToTest:
        if (self.clause is None) == (self.provider is None):
            raise ValueError("give `clause` or `provider`, not both")
        return self


class ConsentToCondition(ScenarioPart):
    """Consent given, limited and withdrawn: met when, at the end, the state's answer that
    governs the clause (or the provider) is a consent; a withdrawn consent is not met."""

    consent_to: ConsentToTest


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
    "consent_given", "consent_refused", "consent_to", "veto_cast", "all_of", "any_of", "none_of",
)
Condition: TypeAlias = Annotated[
    Annotated[DraftAdoptedCondition, Tag("draft_adopted")]
    | Annotated[DraftNotAdoptedCondition, Tag("draft_not_adopted")]
    | Annotated[IndicatorCondition, Tag("indicator")]
    | Annotated[TrustCondition, Tag("trust")]
    | Annotated[StatusCondition, Tag("status")]
    | Annotated[ConsentGivenCondition, Tag("consent_given")]
    | Annotated[ConsentRefusedCondition, Tag("consent_refused")]
    | Annotated[ConsentToCondition, Tag("consent_to")]
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
    text: LocalizedShort = Field(description="What the delegation wants, in words.")
    check: Condition | None = Field(
        default=None, description="How the debrief decides whether it was met; the chair "
        "judges it if absent.",
    )
    points: int = Field(default=1, ge=0, le=100)


class BotAmendment(ScenarioPart):
    """An amendment a bot proposes from its brief, once, when the draft is on the floor."""

    draft: Identifier
    action: Literal["modify", "delete", "add"] = "modify"
    clause: int | None = Field(
        default=None, ge=1, description="Operative clause number (as filed) to modify or delete."
    )
    variant: Identifier | None = Field(
        default=None, description="With modify: the clause's written variant to choose."
    )
    text: LongText | None = Field(
        default=None, description="New text (add; or modify without, or with, a variant)."
    )
    then_vote: VoteStance | None = Field(
        default=None, description="How it votes on the draft once this amendment is in it."
    )


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
    consent_trust: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Answer clause by clause instead: consent when its trust in the clause's "
        "provider (or else its sponsors) reaches this, and withdraw it once that trust falls "
        "below.",
    )
    lines: list[ShortText] = Field(default=[], description="One-line notes it may send.")
    red_line_votes: list[Identifier] = Field(
        default=[],
        description="Drafts on which its vote in `votes` is a red line: bloc pressure, pledges "
        "and trust never soften it.",
    )
    amendments: list[BotAmendment] = Field(
        default=[], description="Amendments it proposes from its brief, each once."
    )


class Brief(ScenarioPart):
    """A delegation's private brief: only its seat (and the chair) can read it."""

    position: LocalizedLong = Field(description="Markdown.")
    interests: list[LocalizedShort] = Field(
        default=[], description="What the delegation wants from the session, one line each."
    )
    red_lines: list[LocalizedShort] = []
    allies: list[Identifier] = Field(
        default=[],
        description="Actors it usually works with (ids of the scenario's actors); a hint to the "
        "student, not a rule.",
    )
    may_trade: list[LocalizedShort] = Field(
        default=[],
        description="What it may give up in exchange for what it wants, one line each.",
    )
    objectives: list[Objective] = []
    bot: BotGuidance = BotGuidance()


ActorActionKind = Literal["field_report", "name_blocker", "deliver_aid", "side_event"]


class ActorAction(ScenarioPart):
    """A lever of an actor's own, above all a non-state one: an NGO's field report that makes
    a hidden figure public, naming a blocker, aid that only it can deliver, a side event."""

    id: Identifier
    kind: ActorActionKind
    title: ShortText
    uses: int = Field(default=1, ge=1, le=10, description="How many times it may be used.")
    headline: ShortText | None = Field(
        default=None,
        description="The public news it puts out (a field report's finding); for `name_blocker`, "
        "`{target}` stands for the delegation named.",
    )
    effects: list[Effect] = Field(default=[], description="What it does when used.")
    named_trust: int = Field(
        default=-10,
        ge=-50,
        le=0,
        description="`name_blocker` only: how far the named delegation's trust in this actor "
        "falls (one way: being named publicly is resented).",
    )
    needs_consent_of: Identifier | None = Field(
        default=None,
        description="The host that must have consented to this actor as a provider (aid through "
        "MSF needs Karevia's consent to MSF).",
    )
