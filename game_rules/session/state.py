"""The session's input (:class:`SessionSetup`) and its live state (:class:`SessionState`).

Every model is frozen and JSON round-trippable:
``SessionState.model_validate(state.model_dump(mode="json")) == state``. Ids of things created
during a session (motions, votes, notes...) come from one counter, ``serial``, so they are the same
on replay.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from game_rules.messages import Message
from game_rules.session.derived import derived
from game_rules.session.drafting import Clause, DraftSpec
from game_rules.session.localized import Translations, i18n_field
from game_rules.session.rules_of_procedure import (
    BUILTIN_RULES,
    MotionKind,
    PointKind,
    ProcedureSettings,
    Threshold,
)
from game_rules.session.world import World

CHAIR = "chair"
SYSTEM = "system"
PUBLIC = "public"
RESERVED_IDS = frozenset({CHAIR, SYSTEM, PUBLIC})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


# ---------------------------------------------------------------------------------------------
# Setup: what a scenario (or a teacher's form) gives the engine.
# ---------------------------------------------------------------------------------------------

DelegationKind = Literal["state", "ngo", "organisation", "observer_state", "other", "press"]


class Delegation(_Frozen):
    """A member or an observer: a state, an NGO, an international organisation."""

    id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1)
    kind: DelegationKind = "state"
    weight: float | None = None
    population: float | None = None
    blocs: tuple[str, ...] = ()
    flag: str | None = None
    i18n: Translations = i18n_field()

    def as_decision_member(self) -> str | dict[str, Any]:
        """The entry ``decide`` expects: a bare id, or a dict when weight/population are known."""
        if self.weight is None and self.population is None:
            return self.id
        entry: dict[str, Any] = {"id": self.id}
        if self.weight is not None:
            entry["weight"] = self.weight
        if self.population is not None:
            entry["population"] = self.population
        return entry


class AgendaItem(_Frozen):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    i18n: Translations = i18n_field()


class _Roster:
    """A setup's delegations by id, so lookups in a room of hundreds are not linear scans."""

    __slots__ = ("by_id", "member_ids", "observer_ids")

    def __init__(self, members: tuple[Delegation, ...], observers: tuple[Delegation, ...]) -> None:
        self.by_id: dict[str, Delegation] = {}
        for delegation in (*members, *observers):
            self.by_id.setdefault(delegation.id, delegation)
        self.member_ids = frozenset(m.id for m in members)
        self.observer_ids = frozenset(o.id for o in observers)


class SessionSetup(_Frozen):
    """Everything the engine needs to start a session. Scenarios convert into this."""

    forum_id: str = Field(min_length=1)
    forum_name: str = Field(min_length=1)
    forum_i18n: Translations = Field(
        default_factory=dict, description="The forum's name in the scenario's other languages."
    )
    members: tuple[Delegation, ...] = Field(min_length=1)
    observers: tuple[Delegation, ...] = ()
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    procedure: ProcedureSettings = Field(default_factory=ProcedureSettings)
    agenda: tuple[AgendaItem, ...] = ()
    agenda_item: str | None = Field(
        default=None, description="The item already under discussion when the session opens."
    )
    drafts: tuple[DraftSpec, ...] = ()
    chapter_vii: bool = Field(
        default=False, description="The forum may act under Chapter VII (the Security Council)."
    )
    language: str = "en"
    seed: int = 0
    world: World = Field(
        default_factory=World, description="Initial game-layer state; the procedure ignores it."
    )

    @model_validator(mode="after")
    def _check_references(self) -> SessionSetup:
        ids = [d.id for d in (*self.members, *self.observers)]
        seen: set[str] = set()
        for actor_id in ids:
            if actor_id in RESERVED_IDS:
                raise ValueError(f"'{actor_id}' is reserved and cannot be a delegation id")
            if actor_id in seen:
                raise ValueError(f"delegation id '{actor_id}' is used twice")
            seen.add(actor_id)
        agenda_ids = {item.id for item in self.agenda}
        if self.agenda_item is not None and self.agenda_item not in agenda_ids:
            raise ValueError(f"agenda_item '{self.agenda_item}' is not on the agenda")
        member_ids = {m.id for m in self.members}
        draft_ids: set[str] = set()
        for draft in self.drafts:
            where = f"draft '{draft.id}'"
            if draft.id in draft_ids:
                raise ValueError(f"{where}: the id is used twice")
            draft_ids.add(draft.id)
            for sponsor in (*draft.sponsors, *draft.signatories):
                if sponsor not in seen:
                    raise ValueError(f"{where}: '{sponsor}' is not a delegation of this forum")
            for party in draft.parties:
                if party not in member_ids:
                    raise ValueError(f"{where}: party '{party}' is not a member")
            if draft.agenda_item is not None and draft.agenda_item not in agenda_ids:
                raise ValueError(f"{where}: agenda item '{draft.agenda_item}' is not on the agenda")
            if draft.chapter_vii and not self.chapter_vii:
                raise ValueError(f"{where}: this forum cannot act under Chapter VII")
            clause_ids = [c.id for c in draft.clauses]
            if len(set(clause_ids)) != len(clause_ids):
                raise ValueError(f"{where}: two clauses share an id")
            if isinstance(draft.rule, str):
                self._check_rule_name(draft.rule, where)
        procedure = self.procedure
        for threshold in (procedure.substantive_rule, procedure.amendment_rule):
            if isinstance(threshold, str):
                self._check_rule_name(threshold, "procedure")
        for kind, spec in procedure.motions.items():
            for name in (spec.threshold, spec.objection_threshold):
                if isinstance(name, str) and name not in ("chair", "automatic"):
                    self._check_rule_name(name, f"motion '{kind}'")
        return self

    def _check_rule_name(self, name: str, where: str) -> None:
        if name not in self.rules and name not in BUILTIN_RULES:
            known = ", ".join(sorted({*self.rules, *BUILTIN_RULES}))
            raise ValueError(f"{where}: unknown decision rule '{name}' (known: {known})")

    def rule(self, name_or_rule: Threshold) -> dict[str, Any]:
        """The rule mapping for a rule name (forum rules first, then built-ins) or inline rule."""
        if isinstance(name_or_rule, dict):
            return name_or_rule
        if name_or_rule in self.rules:
            return self.rules[name_or_rule]
        return BUILTIN_RULES[name_or_rule]

    def _roster(self) -> _Roster:
        members, observers = self.members, self.observers
        return derived(self, "roster", (members, observers), lambda: _Roster(members, observers))

    def delegation(self, actor_id: str) -> Delegation | None:
        return self._roster().by_id.get(actor_id)

    def is_member(self, actor_id: str) -> bool:
        return actor_id in self._roster().member_ids

    def is_observer(self, actor_id: str) -> bool:
        return actor_id in self._roster().observer_ids

    def is_press(self, actor_id: str) -> bool:
        """A press seat: it reports on the session (``publish_news``) and takes no part in it."""
        delegation = self.delegation(actor_id)
        return delegation is not None and delegation.kind == "press"

    def name_of(self, actor_id: str) -> str:
        if actor_id == CHAIR:
            return "the chair"
        delegation = self.delegation(actor_id)
        return delegation.name if delegation else actor_id


# ---------------------------------------------------------------------------------------------
# Live state.
# ---------------------------------------------------------------------------------------------

AttendanceStatus = Literal["present", "present_and_voting", "absent"]
MeetingStatus = Literal["open", "suspended", "adjourned"]
FloorKind = Literal["speech", "yield", "reply", "caucus", "motion_debate", "explanation", "other"]


class Floor(_Frozen):
    """Who holds the floor and until when."""

    speaker: str
    kind: FloorKind
    started_at: float
    seconds: float
    deadline: float
    may_yield: bool = True
    answering_questions: bool = False
    questioner: str | None = None
    yielded_by: str | None = None
    on_behalf_of: str | None = Field(
        default=None, description="The negotiating group the speaker speaks for."
    )


CaucusKind = Literal["moderated", "unmoderated"]


class Caucus(_Frozen):
    kind: CaucusKind
    topic: str = ""
    started_at: float
    deadline: float
    speaker_time: float | None = None


class Point(_Frozen):
    id: str
    kind: PointKind
    actor: str
    text: str = ""
    raised_at: float
    interrupted: str | None = None


class Ruling(_Frozen):
    """A decision of the chair; any delegation may appeal it (GA rule 71)."""

    id: str
    text: str
    about: str
    text_say: Message | None = Field(
        default=None, description="'text' as a message; absent where the chair's own words."
    )
    about_say: Message | None = Field(
        default=None, description="'about' as a message (absent from older sessions)."
    )
    at: float
    overturned: bool = False
    motion: Motion | None = Field(
        default=None, description="The motion ruled out of order, restored if overturned."
    )


class ReplyRequest(_Frozen):
    id: str
    member: str
    reason: str = ""
    at: float


MotionStatus = Literal["pending", "entertained", "voting"]


class Motion(_Frozen):
    id: str
    kind: MotionKind
    mover: str
    proposed_at: float
    status: MotionStatus = "pending"
    minutes: float | None = None
    speaker_seconds: float | None = None
    seconds: float | None = None
    topic: str = ""
    target: str | None = None
    parts: tuple[tuple[str, ...], ...] = ()
    objections: tuple[str, ...] = ()
    contested_by: str | None = Field(
        default=None,
        description="Who disputed that this motion is procedural (the Security Council's "
        "preliminary question); the chair when it put the question itself.",
    )
    classification: Literal["procedural", "substantive"] | None = Field(
        default=None, description="How the preliminary question was decided, once it was."
    )


DraftStatus = Literal["working", "introduced", "adopted", "rejected", "withdrawn"]


class Draft(_Frozen):
    id: str
    title: str
    agenda_item: str | None
    sponsors: tuple[str, ...]
    signatories: tuple[str, ...] = ()
    clauses: tuple[Clause, ...]
    rule: Threshold | None = None
    parties: tuple[str, ...] = ()
    chapter_vii: bool = False
    status: DraftStatus = "working"
    submitted_at: float = 0.0
    scripted: bool = Field(
        default=False,
        description="The scenario wrote this draft (at the start, or added by an event); only "
        "such drafts have effects, and none counts against a seat's quota.",
    )
    amendment_voted: bool = False
    consensus_calls: int = Field(
        default=0,
        description="Calls for objections on this draft that failed in a consensus forum: the "
        "item stays open while the President consults (ConsultationsOpened).",
    )
    division: tuple[tuple[str, ...], ...] = ()
    amendment_order: tuple[str, ...] = Field(
        default=(),
        description="The chair's ruling on the voting order of unfriendly amendments (GA rule "
        "90); amendments not listed follow in the default order.",
    )
    i18n: Translations = i18n_field()


AmendmentAction = Literal["add", "modify", "delete"]
AmendmentStatus = Literal[
    "awaiting_sponsors",
    "pending",
    "incorporated",
    "declined",
    "adopted",
    "rejected",
    "fallen",
    "withdrawn",
]


class Amendment(_Frozen):
    id: str
    draft_id: str
    proposer: str
    action: AmendmentAction
    target_clause: str | None = None
    clause: Clause | None = None
    after_clause: str | None = None
    friendly: bool
    accepted_by: tuple[str, ...] = ()
    status: AmendmentStatus
    submitted_at: float
    note: str = ""


VotingItemKind = Literal["motion", "amendment", "division_part", "draft", "preliminary"]


class VotingItem(_Frozen):
    """One question to be put: a motion, an amendment, a part of a divided draft, or a draft."""

    kind: VotingItemKind
    ref: str
    draft_id: str | None = None
    part: int | None = None


class VotingProcedure(_Frozen):
    """Debate is closed: the queued questions are put in order and nothing else is in order."""

    agenda_item: str | None
    queue: tuple[VotingItem, ...]
    concludes_item: bool = True
    roll_call_requested_by: tuple[str, ...] = ()


VoteMethod = Literal["placard", "roll_call", "consensus"]
Choice = Literal[
    "yes",
    "no",
    "abstain",
    "pass",
    "yes_with_rights",
    "no_with_rights",
    "join",
    "object",
    "reservation",
]


class Ballot(_Frozen):
    voter: str
    choice: Choice
    round: int = 1
    at: float
    by_student: str | None = Field(
        default=None, description="Which student of the seat cast it (co-delegates share one)."
    )


class Vote(_Frozen):
    """An open vote. The outcome is computed once, when the chair closes it."""

    id: str
    subject: VotingItem
    title: str
    title_say: Message | None = Field(
        default=None, description="'title' as a message (absent from sessions recorded before)."
    )
    rule: dict[str, Any]
    method: VoteMethod
    secret: bool
    substantive: bool
    voters: tuple[str, ...]
    parties: tuple[str, ...] = ()
    roll_order: tuple[str, ...] = ()
    roll_round: int = 1
    roll_position: int = 0
    ballots: tuple[Ballot, ...] = ()
    opened_at: float
    deadline: float | None = None

    def ballot_of(self, voter: str) -> Ballot | None:
        found = None
        for ballot in self.ballots:
            if ballot.voter == voter:
                found = ballot
        return found

    def current_caller(self) -> str | None:
        """In a roll call: the delegation whose name the chair is calling now."""
        if self.method != "roll_call":
            return None
        order = self.roll_queue()
        return order[self.roll_position] if self.roll_position < len(order) else None

    def roll_queue(self) -> tuple[str, ...]:
        if self.roll_round == 1:
            return self.roll_order
        return tuple(voter for voter in self.roll_order if _first_choice(self, voter) == "pass")


def _first_choice(vote: Vote, voter: str) -> str | None:
    for ballot in vote.ballots:
        if ballot.voter == voter and ballot.round == 1:
            return ballot.choice
    return None


class VoteResult(_Frozen):
    vote_id: str
    subject: VotingItem
    title: str
    title_say: Message | None = Field(
        default=None, description="'title' as a message (absent from sessions recorded before)."
    )
    method: VoteMethod
    secret: bool
    adopted: bool
    reason: str
    tally: dict[str, int]
    choices: dict[str, str] = Field(
        default_factory=dict, description="Final choice per voter; empty for a secret ballot."
    )
    with_rights: tuple[str, ...] = ()
    vetoed_by: tuple[str, ...] = Field(
        default=(),
        description="Members whose negative vote defeated the question (a permanent member's "
        "veto, Charter Art. 27(3)); empty for a secret ballot.",
    )
    closed_at: float


NoteStatus = Literal["pending", "delivered", "rejected"]


class Note(_Frozen):
    id: str
    sender: str
    recipients: tuple[str, ...]
    text: str
    sent_at: float
    status: NoteStatus


class SessionState(_Frozen):
    """The whole live session. Change it only through ``apply`` (or ``evolve`` on replay)."""

    setup: SessionSetup
    started_at: float
    last_event_at: float
    serial: int = 0
    meeting: MeetingStatus = "open"
    suspension_deadline: float | None = None
    paused_at: float | None = None
    paused_total: float = Field(
        default=0.0,
        description="Seconds the clock stood paused, all pauses so far; the scenario's clock "
        "(drift rounds, events at minute T) leaves them out.",
    )
    attendance: dict[str, AttendanceStatus] = Field(default_factory=dict)
    agenda_item: str | None = None
    agenda_done: tuple[str, ...] = ()
    speaking_time: float
    speakers: tuple[str, ...] = ()
    speaking_for: dict[str, str] = Field(
        default_factory=dict,
        description="Listed speaker -> the negotiating group it will speak on behalf of.",
    )
    speakers_closed: bool = False
    floor: Floor | None = None
    caucus: Caucus | None = None
    points: tuple[Point, ...] = ()
    rulings: tuple[Ruling, ...] = ()
    reply_requests: tuple[ReplyRequest, ...] = ()
    motions: tuple[Motion, ...] = ()
    drafts: tuple[Draft, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    voting: VotingProcedure | None = None
    vote: Vote | None = None
    results: tuple[VoteResult, ...] = ()
    notes: tuple[Note, ...] = ()
    world: World = Field(default_factory=World)

    # -- small lookups used by the engine and the views ------------------------------------

    @property
    def procedure(self) -> ProcedureSettings:
        return self.setup.procedure

    def draft(self, draft_id: str) -> Draft | None:
        return next((d for d in self.drafts if d.id == draft_id), None)

    def amendment(self, amendment_id: str) -> Amendment | None:
        return next((a for a in self.amendments if a.id == amendment_id), None)

    def motion(self, motion_id: str) -> Motion | None:
        return next((m for m in self.motions if m.id == motion_id), None)

    def ruling(self, ruling_id: str) -> Ruling | None:
        return next((r for r in self.rulings if r.id == ruling_id), None)

    def is_present(self, actor_id: str) -> bool:
        if not self.procedure.attendance_required:
            return True
        return self.attendance.get(actor_id, "absent") != "absent"

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{self.serial + 1}"

    def scenario_clock_origin(self) -> float:
        """When the scenario's clock would have started had the class never paused: minute T
        of the scenario falls at ``scenario_clock_origin() + 60 * T`` while the clock runs."""
        return self.started_at + self.paused_total
