"""The game layer's state: human-security indicators, trust, consent, pledges, bot seats.

:class:`World` is one frozen value that ``SessionState.world`` holds. Its static part,
:class:`WorldRules`, is copied from the scenario when the session starts (its scripted events
are the scenario's own typed :class:`~game_rules.session.scripting.ScenarioEvent`), so
consequences can be worked out from the state alone and replay never needs the scenario file.
The game layer's events are here too; :func:`fold_world` folds them.

The seven dimensions are those of UNDP, *Human Development Report 1994*, chapter 2.
"""

from __future__ import annotations

from typing import Any, Literal, TypeGuard

from pydantic import BaseModel, ConfigDict, Field, model_validator

from game_rules.messages import Message
from game_rules.session.by_student import ByStudent
from game_rules.session.drafting import DraftSpec
from game_rules.session.localized import Translations, i18n_field
from game_rules.session.scripting import (
    DIMENSIONS,
    ActorAction,
    ActorActionKind,
    BotGuidance,
    Effect,
    ScenarioEvent,
)

PledgeChoice = Literal["yes", "no", "abstain"]
PledgeStatus = Literal["open", "kept", "broken", "superseded"]
SeatKind = Literal["member", "observer", "withdrawn"]

#: Trust moves by these amounts when a pledge is kept or broken, unless the scenario says.
PLEDGE_KEPT_TRUST = 3.0
PLEDGE_BROKEN_TRUST = -15.0


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def pair_key(first: str, second: str) -> str:
    """The key trust once had, one per unordered pair (``"KRV|RUS"``): read from old snapshots
    and setups only, which :func:`one_way_trust` turns into two one-way keys."""
    low, high = sorted((first, second))
    return f"{low}|{high}"


def trust_key(truster: str, trusted: str) -> str:
    """Trust is one-way: how far ``truster`` trusts ``trusted``, e.g. ``"KRV>RUS"``."""
    return f"{truster}>{trusted}"


def one_way_trust(trust: dict[str, float]) -> dict[str, float]:
    """Trust as the world keeps it: a symmetric key ``"A|B"`` of an older session becomes
    ``"A>B"`` and ``"B>A"``; one-way keys written beside it win."""
    converted: dict[str, float] = {}
    for key, value in trust.items():
        if "|" in key:
            first, second = key.split("|", 1)
            converted.setdefault(trust_key(first, second), value)
            converted.setdefault(trust_key(second, first), value)
    converted.update({key: value for key, value in trust.items() if "|" not in key})
    return converted


def clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, value))


class HiddenDraft(_Frozen):
    """A draft that a scripted event adds during the session (``add_draft``)."""

    id: str
    spec: DraftSpec


class ClauseTerms(_Frozen):
    """How an operative clause acts: through which provider, over how many rounds."""

    provider: str | None = None
    over_rounds: int = 1


class BlocRules(_Frozen):
    """A negotiating group as the scenario declares it; its members are the delegations whose
    ``blocs`` name it."""

    name: str
    coordinator: str | None = Field(
        default=None, description="The seat that coordinates; None: any member may."
    )
    chair_reads_notes: bool = False
    i18n: Translations = i18n_field()


class WorldRules(_Frozen):
    """What the scenario says about consequences; fixed for the whole session."""

    place_names: dict[str, str] = Field(default_factory=dict)
    round_minutes: float = 10.0
    session_minutes: float = Field(
        default=90.0, description="The scenario's planned length: bots pace their levers over it."
    )
    drift: dict[str, dict[str, float]] = Field(default_factory=dict)
    trust_start: float = 50.0
    non_coercive: dict[str, dict[str, tuple[Effect, ...]]] = Field(
        default_factory=dict,
        description="draft id -> clause id -> effects applied when neither consent nor "
        "Chapter VII is had.",
    )
    appeal_scaled_by_trust: bool = Field(
        default=False,
        description="Scale non-coercive effects by the trust between the state concerned and "
        "the draft's sponsors (trust 50 gives the scenario's figure).",
    )
    pledge_kept_trust: float = PLEDGE_KEPT_TRUST
    pledge_broken_trust: float = PLEDGE_BROKEN_TRUST
    events: tuple[ScenarioEvent, ...] = ()
    hidden_drafts: tuple[HiddenDraft, ...] = ()
    hidden_agenda: dict[str, str] = Field(
        default_factory=dict, description="Agenda item id -> title, for add_agenda_item."
    )
    hidden_agenda_background: dict[str, str] = Field(
        default_factory=dict, description="Agenda item id -> its background, for add_agenda_item."
    )
    hidden_agenda_i18n: dict[str, Translations] = Field(
        default_factory=dict,
        description="Agenda item id -> its title and background in the scenario's other "
        "languages, for add_agenda_item.",
    )
    bot_guidance: dict[str, BotGuidance] = Field(
        default_factory=dict,
        description="Seat -> its brief's bot guidance (votes, bloc_loyalty, consent, lines). "
        "Secret like the briefs: no view shows it.",
    )
    frames: dict[str, str] = Field(
        default_factory=dict, description="The scenario's frames: frame id -> name."
    )
    frames_held: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Actor -> the frames it holds."
    )
    negotiating_blocs: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="The scenario's negotiating groups (bloc id -> draft id -> common "
        "position); categories such as the P5 are not among them.",
    )
    blocs: dict[str, BlocRules] = Field(
        default_factory=dict,
        description="The negotiating groups with a channel, a common position and a voice on "
        "the speakers list: bloc id -> its coordinator and who reads its notes.",
    )

    clause_terms: dict[str, ClauseTerms] = Field(
        default_factory=dict,
        description="'D1/OP3' -> who carries the clause out and over how many rounds.",
    )
    chapter_vii_cost: float = 0.0
    withdrawal_cost: float = -10.0
    actor_actions: dict[str, tuple[ActorAction, ...]] = Field(
        default_factory=dict, description="Actor -> its own levers (scenario `actions:`)."
    )

    def actor_action(self, actor: str, action_id: str) -> ActorAction | None:
        return next((a for a in self.actor_actions.get(actor, ()) if a.id == action_id), None)

    def terms(self, draft_id: str, clause_id: str) -> ClauseTerms:
        return self.clause_terms.get(f"{draft_id}/{clause_id}", ClauseTerms())

    def scripted_event(self, event_id: str) -> ScenarioEvent | None:
        return next((e for e in self.events if e.id == event_id), None)


class ConsentRecord(_Frozen):
    """A state's answer to action on its territory (Charter Art. 2(7)): to all of it, to one
    clause, or to one provider."""

    state: str
    given: bool
    by: str
    at: float
    clause: str | None = None
    provider: str | None = None


def consent_scope(state: str, clause: str | None, provider: str | None) -> str:
    """The key of a limited consent: ``"KRV:D1/OP4"`` for a clause, ``"KRV@MSF"`` for a
    provider (the general answer is kept in ``World.consent`` under the state's id)."""
    if clause is not None:
        return f"{state}:{clause}"
    if provider is not None:
        return f"{state}@{provider}"
    return state


class OngoingClause(_Frozen):
    """An adopted clause whose effects come round by round while its basis holds."""

    draft_id: str
    clause_id: str
    hosts: tuple[str, ...]
    effects: tuple[Effect, ...]
    parts_left: int
    scale: float
    basis: str = ""


class Pledge(_Frozen):
    """A private promise to vote a certain way on a draft. Only the two parties see it."""

    id: str
    pledger: str
    recipient: str
    draft_id: str
    choice: PledgeChoice
    made_at: float
    text: str = ""
    status: PledgeStatus = "open"
    actual: str | None = Field(default=None, description="How the pledger actually voted.")
    vote_id: str | None = None


class WithheldClause(_Frozen):
    """An adopted clause whose effect waits for the consent of the state it acts in."""

    draft_id: str
    clause_id: str
    state: str
    effects: tuple[Effect, ...]
    adopted_at: float


class FrameUse(_Frozen):
    """A speech, note or draft tagged with a frame."""

    at: float
    actor: str
    frame: str
    via: Literal["speech", "note", "draft", "press"]


class NewsItem(_Frozen):
    headline: str
    body: str | None = None
    to: tuple[str, ...] = ()
    at: float
    source_event: str | None = None
    by: str | None = Field(default=None, description="The press seat that filed it, if any.")
    frame: str | None = Field(default=None, description="The frame a press item argues from.")
    i18n: Translations = i18n_field()


class PressItem(_Frozen):
    """A news item a press seat filed: pending until the chair approves or rejects it."""

    id: str
    by: str
    headline: str
    body: str = ""
    frame: str | None = None
    at: float
    status: Literal["pending", "approved", "rejected"] = "pending"


class BlocNote(_Frozen):
    """A note to a negotiating group: its members read it (the chair only when the scenario
    says so). ``readers`` are fixed when it is sent, so secrecy needs nothing but the note."""

    id: str
    bloc: str
    sender: str
    text: str
    at: float
    readers: tuple[str, ...]
    chair_reads: bool = False


class CommonPosition(_Frozen):
    """A group's common position as its coordinator proposed it, with the members that signed
    it (the proposer first). Seen by the same readers as the group's notes."""

    id: str
    bloc: str
    proposer: str
    text: str
    at: float
    readers: tuple[str, ...]
    chair_reads: bool = False
    draft_id: str | None = Field(
        default=None, description="The draft it takes a line on, if any."
    )
    position: PledgeChoice | None = Field(
        default=None, description="Its line on that draft: yes, no or abstain."
    )
    signatures: tuple[str, ...] = ()


class World(_Frozen):
    """The game state of one session."""

    rules: WorldRules = Field(default_factory=WorldRules)
    indicators: dict[str, dict[str, float]] = Field(default_factory=dict)
    trust: dict[str, float] = Field(
        default_factory=dict, description="trust_key 'A>B' (A's trust in B) -> 0..100"
    )
    statuses: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="actor -> status -> label"
    )
    consent: dict[str, ConsentRecord] = Field(default_factory=dict)
    withheld: tuple[WithheldClause, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    fired: tuple[str, ...] = Field(default=(), description="Scripted events fired, in order.")
    rounds: int = Field(default=0, description="Drift rounds applied so far.")
    bots: tuple[str, ...] = Field(default=(), description="Seats played by a bot.")
    news: tuple[NewsItem, ...] = ()
    press_items: tuple[PressItem, ...] = Field(
        default=(),
        description="Press seats' items: pending ones seen by their author and the chair.",
    )
    revealed_agenda: tuple[str, ...] = ()
    seats: dict[str, SeatKind] = Field(
        default_factory=dict,
        description="Seats a scripted event moved: actor -> member, observer or withdrawn.",
    )
    frame_uses: tuple[FrameUse, ...] = Field(
        default=(), description="Speeches, notes and drafts tagged with a frame, in order."
    )
    consent_limited: dict[str, ConsentRecord] = Field(
        default_factory=dict, description="consent_scope -> answer for one clause or provider."
    )
    ongoing: tuple[OngoingClause, ...] = ()
    actions_used: dict[str, int] = Field(
        default_factory=dict, description="'MSF/field-report' -> times used."
    )
    bloc_notes: tuple[BlocNote, ...] = ()
    common_positions: tuple[CommonPosition, ...] = ()
    bloc_speakers: dict[str, str] = Field(
        default_factory=dict,
        description="Bloc id -> the member its coordinator named to speak on its behalf.",
    )
    conference_received: tuple[str, ...] = Field(
        default=(),
        description="Keys of what other rooms of the conference sent here (each lands once).",
    )
    conference_sent: tuple[str, ...] = Field(
        default=(), description="Keys of what this room sent to other rooms of the conference."
    )

    def common_position(self, position_id: str) -> CommonPosition | None:
        return next((p for p in self.common_positions if p.id == position_id), None)

    def group_line(self, bloc: str, draft_id: str) -> str | None:
        """The group's line on a draft: its latest common position on it, else the one the
        scenario declares."""
        for position in reversed(self.common_positions):
            if position.bloc == bloc and position.draft_id == draft_id:
                return position.position
        return self.rules.negotiating_blocs.get(bloc, {}).get(draft_id)

    def uses_left(self, actor: str, action: ActorAction) -> int:
        return action.uses - self.actions_used.get(f"{actor}/{action.id}", 0)

    def consent_for(self, state: str, clause: str, provider: str | None) -> ConsentRecord | None:
        """The answer that governs ``clause`` in ``state``: for that clause, else for its
        provider, else the state's general answer."""
        return (
            self.consent_limited.get(consent_scope(state, clause, None))
            or (
                self.consent_limited.get(consent_scope(state, None, provider))
                if provider is not None
                else None
            )
            or self.consent.get(state)
        )

    def indicator(self, place: str, dimension: str) -> float | None:
        return self.indicators.get(place, {}).get(dimension)

    def trust_between(self, first: str, second: str) -> float:
        """How far ``first`` trusts ``second``: one-way, so not always ``second``'s trust in
        ``first``."""
        if first == second:
            return 100.0
        return self.trust.get(trust_key(first, second), self.rules.trust_start)

    def consent_of(self, state: str) -> ConsentRecord | None:
        return self.consent.get(state)

    def pledge(self, pledge_id: str) -> Pledge | None:
        return next((p for p in self.pledges if p.id == pledge_id), None)

    def open_pledges(self, draft_id: str) -> tuple[Pledge, ...]:
        return tuple(p for p in self.pledges if p.draft_id == draft_id and p.status == "open")

    def pledges_seen_by(self, viewer: str) -> tuple[Pledge, ...]:
        """The pledges ``viewer`` may see: its own and those made to it (the chair sees all)."""
        if viewer == "chair":
            return self.pledges
        return tuple(p for p in self.pledges if viewer in (p.pledger, p.recipient))

    def status_of(self, actor: str) -> dict[str, str]:
        return self.statuses.get(actor, {})

    def is_bot(self, seat: str) -> bool:
        return seat in self.bots

    @model_validator(mode="before")
    @classmethod
    def _short_trust(cls, raw: Any) -> Any:
        """A setup may give trust as the scenario writes it, ``{"start": 50, "pairs": [...]}``,
        rather than as the world keeps it (pair key -> value, start among the rules)."""
        if not isinstance(raw, dict):
            return raw
        trust = raw.get("trust")
        if isinstance(trust, dict) and any("|" in str(key) for key in trust):
            return {**raw, "trust": one_way_trust(trust)}
        if not isinstance(trust, dict) or not ("start" in trust or "pairs" in trust):
            return raw
        pairs: dict[str, float] = {}
        for pair in trust.get("pairs", []):
            first, second = str(pair["between"][0]), str(pair["between"][1])
            pairs[trust_key(first, second)] = float(pair["value"])
            if not pair.get("one_way", False):
                pairs.setdefault(trust_key(second, first), float(pair["value"]))
        rules = raw.get("rules")
        rules = rules.model_dump() if isinstance(rules, WorldRules) else dict(rules or {})
        rules["trust_start"] = float(trust.get("start", 50.0))
        return {**raw, "trust": pairs, "rules": rules}


def dimension_order(dimension: str) -> int:
    """Sort dimensions in the order of the Human Development Report 1994."""
    return DIMENSIONS.index(dimension) if dimension in DIMENSIONS else len(DIMENSIONS)


# ---------------------------------------------------------------------------------------------
# Events of the game layer. Each change carries its cause, so the log explains every number.
# ---------------------------------------------------------------------------------------------

CauseKind = Literal[
    "clause",
    "non_coercive_appeal",
    "consent_given_later",
    "drift",
    "scripted_event",
    "pledge_kept",
    "pledge_broken",
    "clause_round",
    "chapter_vii_cost",
    "consent_withdrawn",
    "actor_action",
    "named_as_blocker",
]


class Cause(_Frozen):
    """Why a number changed: the clause, scripted event, round or pledge behind it."""

    kind: CauseKind
    ref: str = Field(description="Draft/clause ('D1/OP2'), event id, round number or pledge id.")
    text: str = Field(description="The cause in words, for the log and the debrief.")
    say: Message | None = Field(
        default=None, description="'text' as a message (absent where it is only English)."
    )

    @classmethod
    def said(cls, kind: CauseKind, ref: str, message: Message) -> Cause:
        return cls(kind=kind, ref=ref, text=message.english(), say=message)

    def message(self) -> Message | str:
        return self.say or self.text


class _WorldEvent(ByStudent):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    at: float


class IndicatorChanged(_WorldEvent):
    type: Literal["indicator_changed"] = "indicator_changed"
    place: str
    dimension: str
    before: float
    after: float
    cause: Cause


class TrustChanged(_WorldEvent):
    """Trust moved: ``between[0]``'s trust in ``between[1]`` only when ``one_way`` (events of
    older sessions, without it, moved both directions to ``after``)."""

    type: Literal["trust_changed"] = "trust_changed"
    between: tuple[str, str]
    before: float
    after: float
    cause: Cause
    one_way: bool = False


class StatusChanged(_WorldEvent):
    type: Literal["status_changed"] = "status_changed"
    actor: str
    status: str
    label: str
    active: bool
    cause: Cause


class ConsentDecided(_WorldEvent):
    """A state gives or refuses consent to action on its territory (Charter Art. 2(7)), to
    one clause ('D1/OP3') or to one provider only when it says so."""

    type: Literal["consent_decided"] = "consent_decided"
    state: str
    given: bool
    by: str
    clause: str | None = None
    provider: str | None = None
    withdrawn: bool = Field(default=False, description="It takes back a consent it had given.")


class EffectWithheld(_WorldEvent):
    """An adopted clause acts in a state that has not consented, and the forum did not act
    under Chapter VII: its words stand, its effect does not (or only as an appeal)."""

    type: Literal["effect_withheld"] = "effect_withheld"
    draft_id: str
    clause_id: str
    state: str
    reason: str
    appeal_applied: bool
    effects: tuple[Effect, ...] = Field(
        default=(), description="The full effects, applied if the state consents later."
    )


class WithheldReleased(_WorldEvent):
    """The state consented after adoption: the clause's full effect now applies."""

    type: Literal["withheld_released"] = "withheld_released"
    draft_id: str
    clause_id: str
    state: str


class ClausePhasedIn(_WorldEvent):
    """An adopted clause will act round by round: ``parts`` parts of its effects to come."""

    type: Literal["clause_phased_in"] = "clause_phased_in"
    draft_id: str
    clause_id: str
    hosts: tuple[str, ...]
    effects: tuple[Effect, ...]
    parts: int
    scale: float
    basis: str


class ClausePartApplied(_WorldEvent):
    """One more round's part of a phased clause took effect (its changes follow)."""

    type: Literal["clause_part_applied"] = "clause_part_applied"
    draft_id: str
    clause_id: str
    parts_left: int


class ClauseStopped(_WorldEvent):
    """A phased clause lost its basis (consent withdrawn): no further parts."""

    type: Literal["clause_stopped"] = "clause_stopped"
    draft_id: str
    clause_id: str
    state: str
    parts_left: int


class ActorActionTaken(_WorldEvent):
    """An actor used one of its own levers (an NGO's field report, aid, a side event)."""

    type: Literal["actor_action_taken"] = "actor_action_taken"
    actor: str
    action_id: str
    kind: ActorActionKind
    title: str
    uses_left: int
    target: str | None = None


class PledgeMade(_WorldEvent):
    type: Literal["pledge_made"] = "pledge_made"
    pledge: Pledge
    supersedes: str | None = None


class PledgeResolved(_WorldEvent):
    type: Literal["pledge_resolved"] = "pledge_resolved"
    pledge_id: str
    pledger: str
    recipient: str
    kept: bool
    actual: str
    vote_id: str


class ScriptedEventFired(_WorldEvent):
    type: Literal["scripted_event_fired"] = "scripted_event_fired"
    event_id: str
    title: str
    trigger: str = Field(description="What set it off, in words.")
    trigger_say: Message | None = Field(
        default=None, description="'trigger' as a message (absent from older sessions)."
    )
    chair_note: str | None = None


class NewsPublished(_WorldEvent):
    type: Literal["news_published"] = "news_published"
    news: NewsItem


class PressItemFiled(_WorldEvent):
    """A press seat filed a news item; only its author and the chair see it until approved."""

    type: Literal["press_item_filed"] = "press_item_filed"
    item: PressItem


class PressItemModerated(_WorldEvent):
    """The chair approved (then ``news_published`` follows) or rejected a press item."""

    type: Literal["press_item_moderated"] = "press_item_moderated"
    item_id: str
    by: str
    approved: bool


class AgendaItemRevealed(_WorldEvent):
    """A scripted event adds an agenda item: folding it puts the item on the forum's agenda."""

    type: Literal["agenda_item_revealed"] = "agenda_item_revealed"
    item: str
    title: str
    description: str = ""
    i18n: Translations = i18n_field()


ConferenceItemKind = Literal["veto_debate", "resolution", "crisis"]


class ConferenceItemReceived(_WorldEvent):
    """Another room of the conference sent this room something: the debate A/RES/76/262
    requires after a veto (an agenda item carrying the vetoed draft), an adopted resolution
    (an inject), or the secretariat's crisis. ``key`` names it across retries: it lands once."""

    type: Literal["conference_item_received"] = "conference_item_received"
    key: str
    kind: ConferenceItemKind
    from_committee: str
    title: str
    text: str = ""
    agenda_item: str | None = Field(
        default=None, description="The agenda item it opened (a veto debate)."
    )


class ConferenceItemSent(_WorldEvent):
    """This room's vote (a veto, an adopted resolution) was sent to other rooms."""

    type: Literal["conference_item_sent"] = "conference_item_sent"
    key: str
    kind: ConferenceItemKind
    to_committees: tuple[str, ...]
    title: str


class SeatChanged(_WorldEvent):
    """A scripted event moves a seat, e.g. a withdrawal from an agreement: folding it moves
    the delegation between the forum's members and observers (withdrawn: also absent)."""

    type: Literal["seat_changed"] = "seat_changed"
    actor: str
    before: SeatKind
    becomes: SeatKind
    cause: Cause


class RoundEnded(_WorldEvent):
    """One more round of the crisis has passed: drift follows as IndicatorChanged events."""

    type: Literal["round_ended"] = "round_ended"
    round: int


class BotSeatAssigned(_WorldEvent):
    type: Literal["bot_seat_assigned"] = "bot_seat_assigned"
    seat: str
    by: str


class BotSeatReleased(_WorldEvent):
    type: Literal["bot_seat_released"] = "bot_seat_released"
    seat: str
    by: str


class BlocDefected(_WorldEvent):
    """A member of a negotiating group voted against the group's common position."""

    type: Literal["bloc_defected"] = "bloc_defected"
    bloc: str
    member: str
    draft_id: str
    position: str = Field(description="The group's common position: yes, no or abstain.")
    choice: str = Field(description="How the member voted.")
    vote_id: str


class BlocNoteSent(_WorldEvent):
    """A member (or the chair) wrote to a negotiating group's channel."""

    type: Literal["bloc_note_sent"] = "bloc_note_sent"
    note: BlocNote


class CommonPositionProposed(_WorldEvent):
    """The coordinator put a common position to its group (it signs it at once)."""

    type: Literal["common_position_proposed"] = "common_position_proposed"
    position: CommonPosition


class CommonPositionSigned(_WorldEvent):
    """A member signed its group's common position."""

    type: Literal["common_position_signed"] = "common_position_signed"
    position_id: str
    bloc: str
    member: str
    readers: tuple[str, ...]
    chair_reads: bool = False


class BlocSpeakerNamed(_WorldEvent):
    """The coordinator named the member that speaks on behalf of the group (public: the
    speakers list shows it)."""

    type: Literal["bloc_speaker_named"] = "bloc_speaker_named"
    bloc: str
    member: str
    by: str


class FrameInvoked(_WorldEvent):
    """A delegation tagged a speech, a note or a draft with one of the scenario's frames."""

    type: Literal["frame_invoked"] = "frame_invoked"
    actor: str
    frame: str
    via: Literal["speech", "note", "draft", "press"]


WorldEvent = (
    IndicatorChanged
    | TrustChanged
    | StatusChanged
    | ConsentDecided
    | EffectWithheld
    | WithheldReleased
    | PledgeMade
    | PledgeResolved
    | ScriptedEventFired
    | NewsPublished
    | AgendaItemRevealed
    | SeatChanged
    | RoundEnded
    | BotSeatAssigned
    | BotSeatReleased
    | BlocDefected
    | FrameInvoked
    | ClausePhasedIn
    | ClausePartApplied
    | ClauseStopped
    | ActorActionTaken
    | ConferenceItemReceived
    | ConferenceItemSent
    | PressItemFiled
    | PressItemModerated
    | BlocNoteSent
    | CommonPositionProposed
    | CommonPositionSigned
    | BlocSpeakerNamed
)
WORLD_EVENT_TYPES: tuple[type[_WorldEvent], ...] = (
    IndicatorChanged,
    TrustChanged,
    StatusChanged,
    ConsentDecided,
    EffectWithheld,
    WithheldReleased,
    PledgeMade,
    PledgeResolved,
    ScriptedEventFired,
    NewsPublished,
    AgendaItemRevealed,
    SeatChanged,
    RoundEnded,
    BotSeatAssigned,
    BotSeatReleased,
    BlocDefected,
    FrameInvoked,
    ClausePhasedIn,
    ClausePartApplied,
    ClauseStopped,
    ActorActionTaken,
    ConferenceItemReceived,
    ConferenceItemSent,
    PressItemFiled,
    PressItemModerated,
    BlocNoteSent,
    CommonPositionProposed,
    CommonPositionSigned,
    BlocSpeakerNamed,
)
WORLD_EVENT_NAMES = frozenset(
    cls.model_fields["type"].default for cls in WORLD_EVENT_TYPES
)


def is_world_event(event: object) -> TypeGuard[WorldEvent]:
    return isinstance(event, WORLD_EVENT_TYPES)


def _replace_pledge(
    pledges: tuple[Pledge, ...], pledge_id: str, **changes: Any
) -> tuple[Pledge, ...]:
    return tuple(p.model_copy(update=changes) if p.id == pledge_id else p for p in pledges)


def fold_world(world: World, event: WorldEvent) -> World:
    """The world after ``event``. Mechanical: the rules were applied when it was produced."""
    update: dict[str, Any] = {}
    match event:
        case IndicatorChanged(place=place, dimension=dimension, after=after):
            update["indicators"] = {
                **world.indicators,
                place: {**world.indicators.get(place, {}), dimension: after},
            }
        case TrustChanged(between=(first, second), after=after, one_way=one_way):
            trust = {**world.trust, trust_key(first, second): after}
            if not one_way:
                trust[trust_key(second, first)] = after
            update["trust"] = trust
        case StatusChanged(actor=actor, status=status, label=label, active=active):
            current = dict(world.statuses.get(actor, {}))
            if active:
                current[status] = label
            else:
                current.pop(status, None)
            update["statuses"] = {**world.statuses, actor: current}
        case ConsentDecided(
            state=state_id, given=given, by=by, at=at, clause=clause, provider=provider
        ):
            record = ConsentRecord(
                state=state_id, given=given, by=by, at=at, clause=clause, provider=provider
            )
            if clause is None and provider is None:
                update["consent"] = {**world.consent, state_id: record}
            else:
                key = consent_scope(state_id, clause, provider)
                update["consent_limited"] = {**world.consent_limited, key: record}
        case ClausePhasedIn(
            draft_id=draft_id, clause_id=clause_id, hosts=hosts, effects=effects, parts=parts,
            scale=scale, basis=basis,
        ):
            ongoing = OngoingClause(
                draft_id=draft_id, clause_id=clause_id, hosts=hosts, effects=effects,
                parts_left=parts, scale=scale, basis=basis,
            )
            update["ongoing"] = (*world.ongoing, ongoing)
        case ClausePartApplied(draft_id=draft_id, clause_id=clause_id, parts_left=left):
            update["ongoing"] = tuple(
                o.model_copy(update={"parts_left": left})
                if (o.draft_id, o.clause_id) == (draft_id, clause_id)
                else o
                for o in world.ongoing
                if left > 0 or (o.draft_id, o.clause_id) != (draft_id, clause_id)
            )
        case ActorActionTaken(actor=actor, action_id=action_id):
            key = f"{actor}/{action_id}"
            update["actions_used"] = {**world.actions_used, key: world.actions_used.get(key, 0) + 1}
        case ClauseStopped(draft_id=draft_id, clause_id=clause_id):
            update["ongoing"] = tuple(
                o for o in world.ongoing if (o.draft_id, o.clause_id) != (draft_id, clause_id)
            )
        case EffectWithheld(
            draft_id=draft_id, clause_id=clause_id, state=state_id, at=at, effects=effects
        ):
            update["withheld"] = (
                *world.withheld,
                WithheldClause(
                    draft_id=draft_id,
                    clause_id=clause_id,
                    state=state_id,
                    effects=effects,
                    adopted_at=at,
                ),
            )
        case WithheldReleased(draft_id=draft_id, clause_id=clause_id, state=state_id):
            update["withheld"] = tuple(
                w
                for w in world.withheld
                if not (w.draft_id == draft_id and w.clause_id == clause_id and w.state == state_id)
            )
        case PledgeMade(pledge=pledge, supersedes=supersedes):
            pledges = world.pledges
            if supersedes is not None:
                pledges = _replace_pledge(pledges, supersedes, status="superseded")
            update["pledges"] = (*pledges, pledge)
        case PledgeResolved(pledge_id=pledge_id, kept=kept, actual=actual, vote_id=vote_id):
            update["pledges"] = _replace_pledge(
                world.pledges,
                pledge_id,
                status="kept" if kept else "broken",
                actual=actual,
                vote_id=vote_id,
            )
        case ScriptedEventFired(event_id=event_id):
            update["fired"] = (*world.fired, event_id)
        case NewsPublished(news=news):
            update["news"] = (*world.news, news)
        case PressItemFiled(item=item):
            update["press_items"] = (*world.press_items, item)
        case PressItemModerated(item_id=item_id, approved=approved):
            update["press_items"] = tuple(
                p.model_copy(update={"status": "approved" if approved else "rejected"})
                if p.id == item_id
                else p
                for p in world.press_items
            )
        case AgendaItemRevealed(item=item):
            update["revealed_agenda"] = (*world.revealed_agenda, item)
        case ConferenceItemReceived(key=key):
            update["conference_received"] = (*world.conference_received, key)
        case ConferenceItemSent(key=key):
            update["conference_sent"] = (*world.conference_sent, key)
        case SeatChanged(actor=actor, becomes=becomes):
            update["seats"] = {**world.seats, actor: becomes}
        case RoundEnded(round=number):
            update["rounds"] = number
        case BotSeatAssigned(seat=seat):
            update["bots"] = tuple(sorted({*world.bots, seat}))
        case BotSeatReleased(seat=seat):
            update["bots"] = tuple(s for s in world.bots if s != seat)
        case BlocNoteSent(note=note):
            update["bloc_notes"] = (*world.bloc_notes, note)
        case CommonPositionProposed(position=position):
            update["common_positions"] = (*world.common_positions, position)
        case CommonPositionSigned(position_id=position_id, member=member):
            update["common_positions"] = tuple(
                p.model_copy(update={"signatures": (*p.signatures, member)})
                if p.id == position_id
                else p
                for p in world.common_positions
            )
        case BlocSpeakerNamed(bloc=bloc, member=member):
            update["bloc_speakers"] = {**world.bloc_speakers, bloc: member}
        case FrameInvoked(at=at, actor=actor, frame=frame, via=via):
            use = FrameUse(at=at, actor=actor, frame=frame, via=via)
            update["frame_uses"] = (*world.frame_uses, use)
    return world.model_copy(update=update)
