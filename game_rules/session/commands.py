"""Commands: what a delegate, the chair or the system asks the engine to do.

Each command has ``type``, ``actor`` (set by the app from the seat token or chair key, never
from the client's message) and ``now`` (the server's clock, in seconds).
:func:`parse_command` turns a JSON mapping into a typed command, or raises
:class:`~game_rules.errors.RuleViolation` with a message a delegate can read.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from game_rules.errors import RuleViolation
from game_rules.messages import Param, say
from game_rules.session.drafting import ClauseKind
from game_rules.session.rules_of_procedure import MotionKind, PointKind
from game_rules.session.state import AmendmentAction, AttendanceStatus, Choice
from game_rules.session.wording import joined
from game_rules.text import text_problem


def _storable(value: str) -> str:
    """Text every screen can show and every database can store (:mod:`game_rules.text`)."""
    problem = text_problem(value)
    if problem is not None:
        raise PydanticCustomError("invalid_text", "this text cannot be used: {problem}", {
            "problem": problem
        })
    return value


#: Free text a delegate writes; each field sets its own length limit.
Text = Annotated[str, AfterValidator(_storable)]
#: The id of something in the room: a delegation, a draft, a motion, a clause...
MAX_REF_CHARS = 64
Ref = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_REF_CHARS), AfterValidator(_storable)
]
#: The longest note any forum allows; a forum may set a lower ``note_max_chars``.
MAX_NOTE_CHARS = 4000
MAX_PRESS_HEADLINE_CHARS = 120
MAX_PRESS_BODY_CHARS = 600
#: A negotiating group's common position: a paragraph a coordinator reads out, not a draft.
MAX_COMMON_POSITION_CHARS = 600
#: The longest caucus or suspension that can be moved: three hours.
MAX_MOTION_MINUTES = 180


class _Command(BaseModel):
    # No NaN or infinity anywhere: every number in a command is finite (JSON cannot carry the
    # others, so a view holding one would be unreadable by every browser).
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    actor: Ref
    now: float
    #: The student of the seat who sent it (set by the app, like ``actor``); its events carry it.
    by_student: Ref | None = None

    @field_validator("now")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value) or value < 0:
            raise ValueError("the time must be a finite number of seconds, not negative")
        return value


# -- attendance and the meeting -----------------------------------------------------------------


class RecordAttendance(_Command):
    """The chair takes the roll; a delegation may also answer for itself."""

    type: Literal["record_attendance"] = "record_attendance"
    member: Ref
    status: AttendanceStatus


class OpenMeeting(_Command):
    type: Literal["open_meeting"] = "open_meeting"


class ResumeMeeting(_Command):
    type: Literal["resume_meeting"] = "resume_meeting"


class PauseClock(_Command):
    type: Literal["pause_clock"] = "pause_clock"


class ResumeClock(_Command):
    type: Literal["resume_clock"] = "resume_clock"


class Tick(_Command):
    """Make every deadline that has passed take effect."""

    type: Literal["tick"] = "tick"


class SetAgenda(_Command):
    """The chair sets the agenda item directly (when the committee agrees or has one item)."""

    type: Literal["set_agenda"] = "set_agenda"
    item: Ref


class SetSpeakingTime(_Command):
    type: Literal["set_speaking_time"] = "set_speaking_time"
    seconds: float = Field(ge=1, le=3600)


# -- the floor -------------------------------------------------------------------------------


class AddSpeaker(_Command):
    """Add a delegation to the speakers list (itself, or any delegation if the chair)."""

    type: Literal["add_speaker"] = "add_speaker"
    member: Ref | None = None
    on_behalf_of: Ref | None = Field(
        default=None,
        description="A negotiating group the speaker speaks for: its coordinator, or the "
        "member the coordinator named.",
    )
    frame: Ref | None = Field(
        default=None, description="One of the scenario's frames this speech argues from."
    )


class RemoveSpeaker(_Command):
    type: Literal["remove_speaker"] = "remove_speaker"
    member: Ref | None = None


class RecognizeSpeaker(_Command):
    """The chair gives the floor: to the next on the list, or to a named delegation."""

    type: Literal["recognize_speaker"] = "recognize_speaker"
    member: Ref | None = None


class YieldFloor(_Command):
    type: Literal["yield_floor"] = "yield_floor"
    to: Literal["delegate", "questions", "chair"]
    delegate: Ref | None = None


class RecognizeQuestioner(_Command):
    type: Literal["recognize_questioner"] = "recognize_questioner"
    member: Ref


class EndSpeech(_Command):
    """The speaker has finished, or the chair calls time."""

    type: Literal["end_speech"] = "end_speech"


class RequestRightOfReply(_Command):
    type: Literal["request_right_of_reply"] = "request_right_of_reply"
    reason: Text = Field(default="", max_length=500)


class RuleOnRightOfReply(_Command):
    type: Literal["rule_on_right_of_reply"] = "rule_on_right_of_reply"
    request_id: Ref
    granted: bool


class EndCaucus(_Command):
    type: Literal["end_caucus"] = "end_caucus"


TimerName = Literal["floor", "caucus", "vote"]

# The longest single extension: ten minutes; a longer change is a new speaking time or caucus.
MAX_EXTENSION_SECONDS = 600


class ExtendTime(_Command):
    """The chair gives more time: to the speaker, the caucus, or the open vote's deadline.
    ``timer`` left out means the speaker's time, else the caucus, else the vote."""

    type: Literal["extend_time"] = "extend_time"
    seconds: float = Field(ge=1, le=MAX_EXTENSION_SECONDS)
    timer: TimerName | None = None


# -- points and motions -------------------------------------------------------------------------


class RaisePoint(_Command):
    type: Literal["raise_point"] = "raise_point"
    kind: PointKind
    text: Text = Field(default="", max_length=1000)


class RuleOnPoint(_Command):
    type: Literal["rule_on_point"] = "rule_on_point"
    point_id: Ref
    ruling: Text = Field(min_length=1, max_length=1000)


class ProposeMotion(_Command):
    """Move a motion. ``minutes``/``speaker_seconds`` for caucuses and suspension, ``seconds``
    for speaking time, ``target`` for the draft, ruling or agenda item the motion is about,
    ``parts`` (lists of clause ids) to divide a draft."""

    type: Literal["propose_motion"] = "propose_motion"
    kind: MotionKind
    minutes: float | None = Field(default=None, ge=0.1, le=MAX_MOTION_MINUTES)
    speaker_seconds: float | None = Field(default=None, ge=1, le=3600)
    seconds: float | None = Field(default=None, ge=1, le=3600)
    topic: Text = Field(default="", max_length=300)
    target: Ref | None = None
    parts: tuple[tuple[Ref, ...], ...] = Field(default=(), max_length=50)


class WithdrawMotion(_Command):
    type: Literal["withdraw_motion"] = "withdraw_motion"
    motion_id: Ref


class ObjectToMotion(_Command):
    """A sponsor objects to dividing its draft (SC provisional rule 32)."""

    type: Literal["object_to_motion"] = "object_to_motion"
    motion_id: Ref


class ContestProcedural(_Command):
    """Dispute that a motion is procedural (a Council member), or put that preliminary question
    (the chair): it is then voted as a substantive question (the "double veto")."""

    type: Literal["contest_procedural"] = "contest_procedural"
    motion_id: Ref


class EntertainMotion(_Command):
    type: Literal["entertain_motion"] = "entertain_motion"
    motion_id: Ref


class RuleMotionOutOfOrder(_Command):
    type: Literal["rule_motion_out_of_order"] = "rule_motion_out_of_order"
    motion_id: Ref
    reason: Text = Field(min_length=1, max_length=500)


# -- drafts and amendments -------------------------------------------------------------------


class ClauseInput(BaseModel):
    """A clause as a delegate writes it: text only. Effects on the world come from the
    scenario's own clauses, never from a message."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    kind: ClauseKind = "operative"
    text: Text = Field(min_length=1, max_length=4000)
    requires_consent_of: tuple[Ref, ...] = Field(default=(), max_length=20)


class SubmitDraft(_Command):
    type: Literal["submit_draft"] = "submit_draft"
    title: Text = Field(min_length=1, max_length=300)
    clauses: tuple[ClauseInput, ...] = Field(min_length=1, max_length=100)
    agenda_item: Ref | None = None
    frame: Ref | None = Field(
        default=None, description="One of the scenario's frames this draft argues from."
    )


class SignDraft(_Command):
    type: Literal["sign_draft"] = "sign_draft"
    draft_id: Ref
    as_sponsor: bool = False


class UnsignDraft(_Command):
    type: Literal["unsign_draft"] = "unsign_draft"
    draft_id: Ref


class IntroduceDraft(_Command):
    type: Literal["introduce_draft"] = "introduce_draft"
    draft_id: Ref


class WithdrawDraft(_Command):
    type: Literal["withdraw_draft"] = "withdraw_draft"
    draft_id: Ref


class ProposeAmendment(_Command):
    """``add`` a clause (after ``after_clause``, or at the end), ``modify`` or ``delete``
    ``target_clause``. A friendly amendment is incorporated once every sponsor accepts it."""

    type: Literal["propose_amendment"] = "propose_amendment"
    draft_id: Ref
    action: AmendmentAction
    target_clause: Ref | None = None
    after_clause: Ref | None = None
    clause: ClauseInput | None = None
    friendly: bool = False
    note: Text = Field(default="", max_length=500)
    variant: Ref | None = Field(
        default=None,
        description="With ``modify``: the scenario's written variant of the clause to choose; "
        "its effects go with it, whether ``clause`` gives new text or the variant's own.",
    )


class AcceptAmendment(_Command):
    type: Literal["accept_amendment"] = "accept_amendment"
    amendment_id: Ref


class DeclineAmendment(_Command):
    type: Literal["decline_amendment"] = "decline_amendment"
    amendment_id: Ref


class WithdrawAmendment(_Command):
    type: Literal["withdraw_amendment"] = "withdraw_amendment"
    amendment_id: Ref


class RuleAmendmentFriendly(_Command):
    """The chair declares an amendment friendly after every sponsor agreed to it on the floor
    (THIMUN practice); it is incorporated without a vote."""

    type: Literal["rule_amendment_friendly"] = "rule_amendment_friendly"
    amendment_id: Ref


class OrderAmendments(_Command):
    """The chair rules which unfriendly amendment is furthest removed in substance (GA rule 90):
    ``order`` lists the draft's pending amendments in the order they will be voted."""

    type: Literal["order_amendments"] = "order_amendments"
    draft_id: Ref
    order: tuple[Ref, ...] = Field(min_length=1, max_length=200)


# -- voting ------------------------------------------------------------------------------------


class RequestRollCall(_Command):
    """GA rule 87: any member may ask for a recorded (roll-call) vote."""

    type: Literal["request_roll_call"] = "request_roll_call"


class OpenVote(_Command):
    """Put the question: the entertained motion, or the next item of the voting procedure."""

    type: Literal["open_vote"] = "open_vote"
    roll_call: bool | None = None
    amendment_id: Ref | None = Field(
        default=None,
        description="Put an unfriendly amendment to the vote during debate (THIMUN practice).",
    )


class ProposeAdoptionWithoutVote(_Command):
    """The chair asks whether any delegation objects to adopting the question without a vote."""

    type: Literal["propose_adoption_without_vote"] = "propose_adoption_without_vote"


class CastVote(_Command):
    type: Literal["cast_vote"] = "cast_vote"
    choice: Choice


class SkipRollCall(_Command):
    """The delegation called does not answer: the chair calls the next name."""

    type: Literal["skip_roll_call"] = "skip_roll_call"


class CloseVote(_Command):
    type: Literal["close_vote"] = "close_vote"


class CloseConsultations(_Command):
    """A consensus forum: the President ends consultations on a draft without consensus."""

    type: Literal["close_consultations"] = "close_consultations"
    draft_id: Ref


# -- notes -------------------------------------------------------------------------------------


class SendNote(_Command):
    type: Literal["send_note"] = "send_note"
    to: tuple[Ref, ...] = Field(min_length=1, max_length=100)
    text: Text = Field(min_length=1, max_length=MAX_NOTE_CHARS)
    frame: Ref | None = Field(
        default=None, description="One of the scenario's frames this note argues from."
    )


class SendBlocNote(_Command):
    """A note to a negotiating group: its members read it (the chair only if the scenario
    lets the chair read the group's notes)."""

    type: Literal["send_bloc_note"] = "send_bloc_note"
    bloc: Ref
    text: Text = Field(min_length=1, max_length=MAX_NOTE_CHARS)


class ProposeCommonPosition(_Command):
    """The coordinator puts a common position to its group, optionally with a line on a draft."""

    type: Literal["propose_common_position"] = "propose_common_position"
    bloc: Ref
    text: Text = Field(min_length=1, max_length=MAX_COMMON_POSITION_CHARS)
    draft_id: Ref | None = Field(default=None, description="The draft it takes a line on.")
    position: Literal["yes", "no", "abstain"] | None = Field(
        default=None, description="Its line on that draft; give it with draft_id."
    )


class SignCommonPosition(_Command):
    """A member signs its group's common position."""

    type: Literal["sign_common_position"] = "sign_common_position"
    position_id: Ref


class NameBlocSpeaker(_Command):
    """The coordinator names the member that speaks on behalf of the group."""

    type: Literal["name_bloc_speaker"] = "name_bloc_speaker"
    bloc: Ref
    member: Ref


class PublishNews(_Command):
    """A press seat files a news item; the chair approves it before it is public."""

    type: Literal["publish_news"] = "publish_news"
    headline: Text = Field(min_length=1, max_length=MAX_PRESS_HEADLINE_CHARS)
    body: Text = Field(default="", max_length=MAX_PRESS_BODY_CHARS)
    frame: Ref | None = Field(
        default=None, description="One of the scenario's frames the item argues from."
    )


class ModeratePress(_Command):
    """The chair approves (publishes) or rejects a press seat's news item."""

    type: Literal["moderate_press"] = "moderate_press"
    item_id: Ref
    approve: bool


class ModerateNote(_Command):
    type: Literal["moderate_note"] = "moderate_note"
    note_id: Ref
    approve: bool


# -- the game layer: consent, pledges, injects, bot seats ------------------------------------


class DecideConsent(_Command):
    """A state gives or refuses consent to what drafts would do on its territory (Art. 2(7))."""

    type: Literal["decide_consent"] = "decide_consent"
    given: bool
    state: Ref | None = Field(
        default=None, description="The state concerned; the actor itself when absent."
    )
    clause: Text = Field(
        default="",
        max_length=80,
        description="'D1/OP3': answer for this clause only (the rest keeps the general answer); "
        "empty for all.",
    )
    provider: Ref | None = Field(
        default=None, description="Answer for the clauses this actor carries out only."
    )


class TakeAction(_Command):
    """Use one of the actor's own levers from the scenario (an NGO's field report, its aid)."""

    type: Literal["take_action"] = "take_action"
    action_id: Ref
    target: Ref | None = Field(
        default=None, description="The delegation a `name_blocker` action names (only that kind)."
    )


class PledgeVote(_Command):
    """Privately promise another delegation a vote on a draft."""

    type: Literal["pledge_vote"] = "pledge_vote"
    recipient: Ref
    draft_id: Ref
    choice: Literal["yes", "no", "abstain"]
    text: Text = Field(default="", max_length=500)


class PressChairButton(_Command):
    """The chair releases a scripted event (an inject) by hand."""

    type: Literal["press_chair_button"] = "press_chair_button"
    event_id: Ref


class AssignBot(_Command):
    """The chair hands an unclaimed seat to a bot (the app checks no student holds it)."""

    type: Literal["assign_bot"] = "assign_bot"
    seat: Ref


class ReleaseBot(_Command):
    """The chair hands a bot's seat back to a student who arrived late."""

    type: Literal["release_bot"] = "release_bot"
    seat: Ref


# -- the conference (sent by the server only, never by a client) ------------------------------

#: A key that names one crossing between rooms, so a retry lands it once.
ConferenceKey = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_storable)
]


class ReceiveFromConference(_Command):
    """Another room of the conference sends this room a veto debate, a resolution or a crisis
    (the server turns a committed event of that room into this command)."""

    type: Literal["receive_from_conference"] = "receive_from_conference"
    key: ConferenceKey
    kind: Literal["veto_debate", "resolution", "crisis"]
    from_committee: Text = Field(min_length=1, max_length=200)
    title: Text = Field(min_length=1, max_length=200)
    text: Text = Field(default="", max_length=20000)


class RecordSentToConference(_Command):
    """This room's vote was sent on to other rooms of the conference (recorded by the server)."""

    type: Literal["record_sent_to_conference"] = "record_sent_to_conference"
    key: ConferenceKey
    kind: Literal["veto_debate", "resolution", "crisis"]
    to_committees: tuple[Annotated[Text, Field(min_length=1, max_length=200)], ...] = Field(
        min_length=1, max_length=50
    )
    title: Text = Field(min_length=1, max_length=200)


Command = Annotated[
    RecordAttendance
    | OpenMeeting
    | ResumeMeeting
    | PauseClock
    | ResumeClock
    | Tick
    | SetAgenda
    | SetSpeakingTime
    | AddSpeaker
    | RemoveSpeaker
    | RecognizeSpeaker
    | YieldFloor
    | RecognizeQuestioner
    | EndSpeech
    | RequestRightOfReply
    | RuleOnRightOfReply
    | EndCaucus
    | ExtendTime
    | RaisePoint
    | RuleOnPoint
    | ProposeMotion
    | WithdrawMotion
    | ObjectToMotion
    | ContestProcedural
    | EntertainMotion
    | RuleMotionOutOfOrder
    | SubmitDraft
    | SignDraft
    | UnsignDraft
    | IntroduceDraft
    | WithdrawDraft
    | ProposeAmendment
    | AcceptAmendment
    | DeclineAmendment
    | WithdrawAmendment
    | RuleAmendmentFriendly
    | OrderAmendments
    | RequestRollCall
    | OpenVote
    | ProposeAdoptionWithoutVote
    | CastVote
    | SkipRollCall
    | CloseVote
    | CloseConsultations
    | PublishNews
    | ModeratePress
    | SendNote
    | ModerateNote
    | SendBlocNote
    | ProposeCommonPosition
    | SignCommonPosition
    | NameBlocSpeaker
    | DecideConsent
    | TakeAction
    | PledgeVote
    | PressChairButton
    | AssignBot
    | ReleaseBot
    | ReceiveFromConference
    | RecordSentToConference,
    Field(discriminator="type"),
]

COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command)
COMMAND_TYPES: tuple[str, ...] = tuple(
    str(model.model_fields["type"].default) for model in _Command.__subclasses__()
)


def _field_path(location: tuple[int | str, ...]) -> str:
    # The first element is the union tag (the command type); the delegate cares about the field.
    parts = (
        [str(part) for part in location[1:]] if len(location) > 1 else [str(p) for p in location]
    )
    return ".".join(parts)


def _bounds(field: Any) -> str:
    """A field's limits in words: ``at most 500 characters``, ``> 0 and ≤ 3600``..."""
    found: dict[str, Any] = {}
    for rule in field.metadata:
        for name in ("min_length", "max_length", "gt", "ge", "lt", "le"):
            value = getattr(rule, name, None)
            if value is not None:
                found[name] = value
    if "max_length" in found:
        unit = "characters" if field.annotation is str else "items"
        least = found.get("min_length", 0)
        most = found["max_length"]
        return f"{least}–{most} {unit}" if least else f"at most {most} {unit}"
    signs = (("gt", ">"), ("ge", "≥"), ("lt", "<"), ("le", "≤"))
    return " and ".join(f"{sign} {found[name]:g}" for name, sign in signs if name in found)


def command_limits() -> list[tuple[str, str, str]]:
    """``(command, field, limit)`` for every free text, number and list a client sends; ids
    (``member``, ``draft_id``...) are all 1 to ``MAX_REF_CHARS`` characters. ``docs/protocol.md``
    shows this table (a test checks it)."""
    rows: list[tuple[str, str, str]] = []
    models: list[tuple[str, type[BaseModel]]] = [
        (str(m.model_fields["type"].default), m) for m in _Command.__subclasses__()
    ]
    models.append(("submit_draft, propose_amendment", ClauseInput))
    for command, model in models:
        for name, field in model.model_fields.items():
            is_ref = any(isinstance(rule, StringConstraints) for rule in field.metadata)
            if name in ("type", "actor", "now") or is_ref:
                continue
            bounds = _bounds(field)
            if bounds:
                where = f"clauses[].{name}, clause.{name}" if model is ClauseInput else name
                rows.append((command, where, bounds))
    return rows


#: Pydantic's error types, grouped under the protocol's specific codes.
TOO_LONG_ERRORS = frozenset({"string_too_long", "too_long"})
OUT_OF_RANGE_ERRORS = frozenset(
    {"greater_than", "greater_than_equal", "less_than", "less_than_equal", "finite_number"}
)


def refusal_code(problems: list[ErrorDetails]) -> str:
    """The most specific code for what was wrong: ``text_too_long`` (a text or a list over its
    limit), ``number_out_of_range`` (including NaN and infinity), ``invalid_text``, else
    ``bad_command``."""
    kinds = {problem["type"] for problem in problems}
    if kinds & TOO_LONG_ERRORS:
        return "text_too_long"
    if kinds & OUT_OF_RANGE_ERRORS:
        return "number_out_of_range"
    if "invalid_text" in kinds:
        return "invalid_text"
    return "bad_command"


def describe_problem(problem: ErrorDetails) -> Param:
    """One problem as ``field: what is wrong``, with the limit where there is one.

    What is wrong is pydantic's own sentence (English, already written out) except where the
    engine says it itself."""
    where = _field_path(tuple(problem["loc"]))
    message: Param = str(problem["msg"])
    given = problem.get("input")
    if problem["type"] in TOO_LONG_ERRORS and isinstance(given, str | tuple | list):
        message = say("{problem} (it has {length})", problem=message, length=len(given))
    elif problem["type"] == "finite_number":
        message = say("must be a finite number")
    return say("{field}: {problem}", field=where, problem=message) if where else message


def parse_command(raw: dict[str, Any]) -> Command:
    """A typed command from a JSON mapping, or a RuleViolation that says what to fix."""
    if not isinstance(raw, dict):
        raise RuleViolation("A command must be a JSON object.", code="bad_command")
    kind = raw.get("type")
    if kind not in COMMAND_TYPES:
        raise RuleViolation(
            "Unknown command {command}. Known commands: {known}.",
            code="unknown_command",
            command=repr(kind),
            known=", ".join(sorted(COMMAND_TYPES)),
        )
    try:
        return COMMAND_ADAPTER.validate_python(raw)
    except ValidationError as error:
        problems = error.errors(include_url=False)
        # A bad item also makes its list look empty; name only the deepest problems.
        locations = [tuple(p["loc"]) for p in problems]
        problems = [
            p
            for p in problems
            if not any(len(o) > len(p["loc"]) and o[: len(p["loc"])] == p["loc"] for o in locations)
        ]
        raise RuleViolation(
            "The command {command} is not valid: {problems}.",
            code=refusal_code(problems),
            command=repr(kind),
            problems=joined([describe_problem(p) for p in problems[:3]]),
        ) from None
