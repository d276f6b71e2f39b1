"""Events: what happened. ``evolve`` folds them into the state; the app stores them in order.

Events carry everything needed to rebuild the state (ids, deadlines, computed outcomes), so
folding never calls ``decide`` again: a result is computed once, when the vote closes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, TypeAdapter

from game_rules.messages import Message
from game_rules.session.by_student import ByStudent
from game_rules.session.state import (
    Amendment,
    AttendanceStatus,
    Caucus,
    Choice,
    Draft,
    FloorKind,
    Motion,
    Note,
    Point,
    ReplyRequest,
    Ruling,
    Vote,
    VoteResult,
    VotingProcedure,
)
from game_rules.session.world import WorldEvent


class _Event(ByStudent):
    model_config = ConfigDict(frozen=True, extra="forbid")

    at: float


class AttendanceRecorded(_Event):
    type: Literal["attendance_recorded"] = "attendance_recorded"
    member: str
    status: AttendanceStatus
    by: str


class MeetingOpened(_Event):
    type: Literal["meeting_opened"] = "meeting_opened"


class MeetingSuspended(_Event):
    type: Literal["meeting_suspended"] = "meeting_suspended"
    deadline: float | None = None


class MeetingResumed(_Event):
    type: Literal["meeting_resumed"] = "meeting_resumed"


class MeetingAdjourned(_Event):
    type: Literal["meeting_adjourned"] = "meeting_adjourned"


class ClockPaused(_Event):
    type: Literal["clock_paused"] = "clock_paused"


class ClockResumed(_Event):
    type: Literal["clock_resumed"] = "clock_resumed"
    paused_for: float


class AgendaSet(_Event):
    type: Literal["agenda_set"] = "agenda_set"
    item: str


class SpeakingTimeSet(_Event):
    type: Literal["speaking_time_set"] = "speaking_time_set"
    seconds: float


class SpeakerAdded(_Event):
    type: Literal["speaker_added"] = "speaker_added"
    member: str
    on_behalf_of: str | None = Field(
        default=None, description="The negotiating group it will speak for."
    )


class SpeakerRemoved(_Event):
    type: Literal["speaker_removed"] = "speaker_removed"
    member: str


class SpeakersListClosed(_Event):
    type: Literal["speakers_list_closed"] = "speakers_list_closed"


class FloorGiven(_Event):
    type: Literal["floor_given"] = "floor_given"
    speaker: str
    kind: FloorKind
    seconds: float
    from_list: bool = False
    may_yield: bool = True
    yielded_by: str | None = None
    on_behalf_of: str | None = Field(
        default=None, description="The negotiating group the speaker speaks for."
    )


class FloorYieldedToQuestions(_Event):
    type: Literal["floor_yielded_to_questions"] = "floor_yielded_to_questions"
    speaker: str


class QuestionerRecognized(_Event):
    type: Literal["questioner_recognized"] = "questioner_recognized"
    member: str


class FloorEnded(_Event):
    type: Literal["floor_ended"] = "floor_ended"
    speaker: str
    reason: Literal["finished", "time_up", "cut_off", "yielded_to_chair", "yielded", "closed"]


class RightOfReplyRequested(_Event):
    type: Literal["right_of_reply_requested"] = "right_of_reply_requested"
    request: ReplyRequest


class RightOfReplyRuled(_Event):
    type: Literal["right_of_reply_ruled"] = "right_of_reply_ruled"
    request_id: str
    member: str
    granted: bool


class PointRaised(_Event):
    type: Literal["point_raised"] = "point_raised"
    point: Point


class PointRuled(_Event):
    type: Literal["point_ruled"] = "point_ruled"
    point_id: str
    ruling: Ruling


class MotionProposed(_Event):
    type: Literal["motion_proposed"] = "motion_proposed"
    motion: Motion


class MotionWithdrawn(_Event):
    type: Literal["motion_withdrawn"] = "motion_withdrawn"
    motion_id: str


class MotionObjected(_Event):
    type: Literal["motion_objected"] = "motion_objected"
    motion_id: str
    member: str


class MotionEntertained(_Event):
    type: Literal["motion_entertained"] = "motion_entertained"
    motion_id: str


class MotionRuledOutOfOrder(_Event):
    type: Literal["motion_ruled_out_of_order"] = "motion_ruled_out_of_order"
    motion_id: str
    ruling: Ruling


class MotionDecided(_Event):
    """A motion carried or failed; when it carried, every other pending motion lapses."""

    type: Literal["motion_decided"] = "motion_decided"
    motion_id: str
    kind: str
    adopted: bool
    reason: str
    reason_say: Message | None = Field(
        default=None, description="'reason' as a message (absent from sessions recorded before)."
    )
    lapsed: tuple[str, ...] = ()


class ProceduralCharacterContested(_Event):
    """A Council member disputes that a motion is procedural, or the chair puts that question."""

    type: Literal["procedural_character_contested"] = "procedural_character_contested"
    motion_id: str
    by: str


class PreliminaryQuestionDecided(_Event):
    """The preliminary question was voted as a substantive one (San Francisco Statement,
    7 June 1945): ``substantive`` means the motion itself is now decided under the veto."""

    type: Literal["preliminary_question_decided"] = "preliminary_question_decided"
    motion_id: str
    classification: Literal["procedural", "substantive"]
    reason: str


class QuestionDeclaredImportant(_Event):
    """Charter Art. 18(3), GA rule 83: the draft is now decided by the forum's ``rule``."""

    type: Literal["question_declared_important"] = "question_declared_important"
    draft_id: str
    rule: str = "important"


class MotionReinstated(_Event):
    type: Literal["motion_reinstated"] = "motion_reinstated"
    motion: Motion


class CaucusStarted(_Event):
    type: Literal["caucus_started"] = "caucus_started"
    caucus: Caucus


class CaucusEnded(_Event):
    type: Literal["caucus_ended"] = "caucus_ended"
    reason: Literal["time_up", "ended_by_chair"]


class TimeExtended(_Event):
    """The chair gave more time; ``deadline`` is the timer's new deadline (server seconds)."""

    type: Literal["time_extended"] = "time_extended"
    timer: Literal["floor", "caucus", "vote"]
    seconds: float
    deadline: float


class DebateAdjourned(_Event):
    type: Literal["debate_adjourned"] = "debate_adjourned"
    item: str | None


class VotingProcedureStarted(_Event):
    type: Literal["voting_procedure_started"] = "voting_procedure_started"
    procedure: VotingProcedure


class VotingProcedureEnded(_Event):
    type: Literal["voting_procedure_ended"] = "voting_procedure_ended"
    item_concluded: str | None = None


class RollCallRequested(_Event):
    type: Literal["roll_call_requested"] = "roll_call_requested"
    member: str


class QuestionDivided(_Event):
    type: Literal["question_divided"] = "question_divided"
    draft_id: str
    parts: tuple[tuple[str, ...], ...]


class RulingOverturned(_Event):
    type: Literal["ruling_overturned"] = "ruling_overturned"
    ruling_id: str


class ReconsiderationOpened(_Event):
    type: Literal["reconsideration_opened"] = "reconsideration_opened"
    draft_id: str


class DraftSubmitted(_Event):
    type: Literal["draft_submitted"] = "draft_submitted"
    draft: Draft


class DraftSigned(_Event):
    type: Literal["draft_signed"] = "draft_signed"
    draft_id: str
    signer: str
    as_sponsor: bool


class DraftUnsigned(_Event):
    type: Literal["draft_unsigned"] = "draft_unsigned"
    draft_id: str
    signer: str


class DraftIntroduced(_Event):
    type: Literal["draft_introduced"] = "draft_introduced"
    draft_id: str


class DraftWithdrawn(_Event):
    type: Literal["draft_withdrawn"] = "draft_withdrawn"
    draft_id: str


class AmendmentSubmitted(_Event):
    type: Literal["amendment_submitted"] = "amendment_submitted"
    amendment: Amendment


class AmendmentAccepted(_Event):
    type: Literal["amendment_accepted"] = "amendment_accepted"
    amendment_id: str
    sponsor: str


class AmendmentIncorporated(_Event):
    """A friendly amendment every sponsor accepted becomes part of the draft."""

    type: Literal["amendment_incorporated"] = "amendment_incorporated"
    amendment_id: str


class AmendmentDeclined(_Event):
    type: Literal["amendment_declined"] = "amendment_declined"
    amendment_id: str
    by: str


class AmendmentWithdrawn(_Event):
    type: Literal["amendment_withdrawn"] = "amendment_withdrawn"
    amendment_id: str


class AmendmentRuledFriendly(_Event):
    """The chair declared the amendment friendly: every sponsor agreed on the floor."""

    type: Literal["amendment_ruled_friendly"] = "amendment_ruled_friendly"
    amendment_id: str
    sponsors: tuple[str, ...]


class AmendmentsOrdered(_Event):
    """The chair's ruling on the order in which the draft's unfriendly amendments are voted."""

    type: Literal["amendments_ordered"] = "amendments_ordered"
    draft_id: str
    order: tuple[str, ...]


class AmendmentDecided(_Event):
    """An unfriendly amendment was voted; ``fallen`` lists amendments its adoption excludes."""

    type: Literal["amendment_decided"] = "amendment_decided"
    amendment_id: str
    adopted: bool
    fallen: tuple[str, ...] = ()


class DivisionPartDecided(_Event):
    type: Literal["division_part_decided"] = "division_part_decided"
    draft_id: str
    part: int
    adopted: bool


class DraftDecided(_Event):
    type: Literal["draft_decided"] = "draft_decided"
    draft_id: str
    adopted: bool
    reason: str
    reason_say: Message | None = Field(
        default=None, description="'reason' as a message (absent from sessions recorded before)."
    )
    closed: Literal["chair", "deadline"] | None = Field(
        default=None,
        description="A consensus item in consultations ended without consensus: the President "
        "closed it, or the scenario's time ran out.",
    )


class VoteOpened(_Event):
    type: Literal["vote_opened"] = "vote_opened"
    vote: Vote


class BallotCast(_Event):
    type: Literal["ballot_cast"] = "ballot_cast"
    vote_id: str
    voter: str
    choice: Choice
    round: int = 1
    hidden: bool = Field(
        default=False, description="Only the voter and the chair see the choice while open."
    )


class RollCallSkipped(_Event):
    type: Literal["roll_call_skipped"] = "roll_call_skipped"
    vote_id: str
    voter: str


class VoteClosed(_Event):
    """The one place a result is computed (``outcome`` is ``decide``'s ``to_dict()``)."""

    type: Literal["vote_closed"] = "vote_closed"
    result: VoteResult
    outcome: dict[str, Any]


class ConsultationsOpened(_Event):
    """A consensus forum: an objection does not end the item. The President consults the
    objectors, a revised text may follow, and the question is put again (UNFCCC draft rules of
    procedure, FCCC/CP/1996/2: rule 42 on voting was never adopted, so the COP decides by
    consensus and its President consults until no party objects). ``call`` counts the calls for
    objections on this draft that failed."""

    type: Literal["consultations_opened"] = "consultations_opened"
    vote_id: str
    draft_id: str
    objectors: tuple[str, ...]
    call: int


class ConsensusNotReached(_Event):
    """Under a voting rule an objection to adoption without a vote means a vote must be taken."""

    type: Literal["consensus_not_reached"] = "consensus_not_reached"
    vote_id: str
    objectors: tuple[str, ...]


class NoteSent(_Event):
    type: Literal["note_sent"] = "note_sent"
    note: Note


class NoteModerated(_Event):
    type: Literal["note_moderated"] = "note_moderated"
    note: Note = Field(description="The note after moderation.")
    approved: bool


Event = Annotated[
    AttendanceRecorded
    | MeetingOpened
    | MeetingSuspended
    | MeetingResumed
    | MeetingAdjourned
    | ClockPaused
    | ClockResumed
    | AgendaSet
    | SpeakingTimeSet
    | SpeakerAdded
    | SpeakerRemoved
    | SpeakersListClosed
    | FloorGiven
    | FloorYieldedToQuestions
    | QuestionerRecognized
    | FloorEnded
    | RightOfReplyRequested
    | RightOfReplyRuled
    | PointRaised
    | PointRuled
    | MotionProposed
    | MotionWithdrawn
    | MotionObjected
    | MotionEntertained
    | MotionRuledOutOfOrder
    | MotionDecided
    | MotionReinstated
    | ProceduralCharacterContested
    | PreliminaryQuestionDecided
    | QuestionDeclaredImportant
    | CaucusStarted
    | CaucusEnded
    | TimeExtended
    | DebateAdjourned
    | VotingProcedureStarted
    | VotingProcedureEnded
    | RollCallRequested
    | QuestionDivided
    | RulingOverturned
    | ReconsiderationOpened
    | DraftSubmitted
    | DraftSigned
    | DraftUnsigned
    | DraftIntroduced
    | DraftWithdrawn
    | AmendmentSubmitted
    | AmendmentAccepted
    | AmendmentIncorporated
    | AmendmentDeclined
    | AmendmentWithdrawn
    | AmendmentRuledFriendly
    | AmendmentsOrdered
    | AmendmentDecided
    | DivisionPartDecided
    | DraftDecided
    | VoteOpened
    | BallotCast
    | RollCallSkipped
    | VoteClosed
    | ConsultationsOpened
    | ConsensusNotReached
    | NoteSent
    | NoteModerated
    # The game layer (game_rules.session.world): consequences, consent, pledges, injects, bot seats.
    | WorldEvent,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(raw: dict[str, Any]) -> Event:
    """An event from its stored JSON (``event.model_dump(mode="json")``)."""
    return EVENT_ADAPTER.validate_python(raw)
