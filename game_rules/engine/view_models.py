"""The shape of the views a client receives, as typed pydantic models and a JSON Schema.

The WebSocket ``state`` and ``snapshot`` messages (and ``GET /api/rooms/{code}/state``) carry a
*view*: ``{**public_view(state), "me": me}`` (:mod:`game_rules.engine.views`), where ``me`` is
one of

- :class:`DelegateMe`: ``private_view(state, actor)`` of a member or an observer, plus the seat's
  secret ``brief`` that the server adds when the scenario has one for the seat;
- :class:`ChairMe`: ``private_view(state, "chair")``, plus ``briefs`` (every seat's brief) when the
  scenario has briefs; a chair that asked not to see delegations' notes gets no ``notes`` key;
- :class:`EmptyMe`: ``{}``, for spectators and the projector.

These models describe exactly what the engine produces, no more: every model forbids unknown
keys, and every key the engine always writes is required in the schema. Where a view is the
``model_dump(mode="json")`` of a state model (plus some keys), the view model subclasses or
references that state model (:mod:`game_rules.session.state`, :mod:`game_rules.session.world`,
:class:`game_rules.scenario.models.Brief`), so the schema follows the state and cannot drift.

:func:`view_json_schema` gives the JSON Schema (draft 2020-12) of :class:`View` in pydantic's
``serialization`` mode: the form the data has on the wire, where a model's fields with defaults
are written all the same. Fields of the state models that carry no description of their own are
described for client authors here (``FIELD_DESCRIPTIONS``), in the schema only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, SkipJsonSchema
from pydantic_core import core_schema

from game_rules.messages import Message
from game_rules.session.commands import TimerName
from game_rules.session.drafting import Clause
from game_rules.session.localized import Translations, i18n_field
from game_rules.session.rules_of_procedure import PointKind
from game_rules.session.scripting import BotGuidance, Condition
from game_rules.session.state import (
    AgendaItem,
    Amendment,
    AttendanceStatus,
    Ballot,
    Caucus,
    Choice,
    Delegation,
    Draft,
    Floor,
    MeetingStatus,
    Motion,
    Note,
    Point,
    ReplyRequest,
    Ruling,
    VoteMethod,
    VoteResult,
    VotingItem,
    VotingProcedure,
)
from game_rules.session.world import (
    BlocNote,
    CommonPosition,
    NewsItem,
    Pledge,
    PressItem,
    SeatKind,
)

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _ViewPart(BaseModel):
    """Base of the view models that are not a state model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _is_absent(value: object) -> bool:
    return value is None


def _no_default(schema: dict[str, Any]) -> None:
    """An absent key has no default value on the wire: drop the ``null`` pydantic would show."""
    schema.pop("default", None)


def _may_be_absent(description: str) -> Any:
    """A key the server leaves out in some views (never sent as ``null``): ``None`` in Python,
    left out of the dump, not required and not nullable in the schema (and the model refuses
    an explicit null: see :func:`_refuse_null`)."""
    return Field(
        default=None,
        exclude_if=_is_absent,
        description=description,
        json_schema_extra=_no_default,
    )


def _refuse_null(value: object) -> object:
    """An after-validator for a key that may be absent: it is left out, never sent as null.
    Defaults are not validated, so this runs only for a value that was sent."""
    if value is None:
        raise ValueError("this key is left out when there is nothing to send, never null")
    return value


# ---------------------------------------------------------------------------------------------
# A sentence as a message (game_rules.messages): what a client translates
# ---------------------------------------------------------------------------------------------


class MessageJSON(_ViewPart):
    """A sentence as a message (:meth:`game_rules.messages.Message.as_json`): an English
    template and its parameters. A client shows it in its language by looking the template up
    in its catalogue (English needs none), translating every nested message the same way, and
    filling the placeholders in; it never parses the English."""

    text: str = Field(
        description="The English template, with {name} placeholders for the parameters; also "
        "the sentence's key in every catalogue (the gettext msgid). May be empty."
    )
    params: dict[str, str | int | float | MessageJSON] | SkipJsonSchema[None] = _may_be_absent(
        "Placeholder name -> value: a text as it is (an id, a name as the scenario spells "
        "it), a number (the English writes a whole number such as 5.0 as 5), or a message to "
        "translate in its turn (a motion's name, 'the chair'). Absent when the template has no "
        "placeholders."
    )

    _params_not_null = field_validator("params", mode="after")(_refuse_null)


# ---------------------------------------------------------------------------------------------
# The public view: what the projector shows
# ---------------------------------------------------------------------------------------------


class ForumView(_ViewPart):
    """The forum this room is a session of."""

    id: str = Field(description="The forum's id in the scenario, e.g. 'UNSC'.")
    name: str = Field(description="The forum's name, e.g. 'United Nations Security Council'.")
    language: str = Field(description="BCP 47 tag of the session's language, e.g. 'en'.")
    chapter_vii: bool = Field(description="The forum may act under Chapter VII of the Charter.")
    consensus_forum: bool = Field(
        description="Decisions are taken by consensus: the chair proposes adoption without a "
        "vote and delegations may object."
    )
    i18n: Translations = i18n_field()


class DelegationView(Delegation):
    """A member or an observer of the forum, with its attendance."""

    model_config = ConfigDict(extra="forbid")

    attendance: AttendanceStatus = Field(
        description="Recorded attendance; 'absent' until the delegation is marked present."
    )
    attendance_choices: list[AttendanceStatus] = Field(
        description="The statuses this delegation may be given: observers are never "
        "'present_and_voting' (GA rule 86)."
    )


class AgendaItemView(AgendaItem):
    """One item of the forum's agenda, and where the session stands with it."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["current", "concluded", "open"] = Field(
        description="'current': under discussion now; 'concluded': debate on it ended; "
        "'open': not yet taken up."
    )


class FloorView(Floor):
    """Who holds the floor now and until when."""

    model_config = ConfigDict(extra="forbid")

    paused_remaining: float | None = Field(
        description="While the clock is paused: the speaker's seconds left, to show instead of "
        "counting down to 'deadline'; null while the clock runs."
    )


class PublicRuling(_ViewPart):
    """A ruling of the chair as everyone sees it: :class:`~game_rules.session.state.Ruling`
    without the ruled-out motion (only the chair's ``me.rulings`` carries it)."""

    id: str = Field(description="The ruling's id, e.g. 'R12'; an appeal_chair motion names it.")
    text: str = Field(description="What the chair ruled, in words.")
    about: str = Field(description="The id of the point or motion the ruling is about.")
    # The state's own types (test_view_models_follow_the_state_models_they_mirror).
    text_say: Message | None = Field(
        description="'text' as a message; null where it is the chair's own words."
    )
    about_say: Message | None = Field(description="'about' as a message, in any language.")
    at: float = Field(description="When the chair ruled (server epoch seconds).")
    overturned: bool = Field(description="An appeal overturned the ruling.")


class MotionView(Motion):
    """A motion before the committee, with the forum's rules for its kind."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(description="The motion in words, e.g. 'motion for a 5-minute caucus'.")
    precedence: int = Field(description="Lower numbers are taken up first (GA rule 77).")
    threshold: str = Field(description="The majority it needs, in words.")
    threshold_say: MessageJSON = Field(description="'threshold' as a message, in any language.")
    debatable: bool = Field(description="Speakers for and against are heard before the vote.")
    speakers_for: int = Field(description="How many speakers in favour may be heard.")
    speakers_against: int = Field(description="How many speakers against may be heard.")
    source: str = Field(description="The rule of procedure this follows, for citing.")
    next: bool = Field(description="This is the motion the chair must take up next.")


class DraftView(Draft):
    """A draft resolution, with what it still needs before it can be introduced."""

    model_config = ConfigDict(extra="forbid")

    supporters: int = Field(description="Members among its sponsors and signatories.")
    may_be_introduced: bool = Field(
        description="Still a working paper and has enough member supporters "
        "('signatures_needed') for the chair to introduce it."
    )
    amendment_voting_order: list[str] = Field(
        description="Ids of its pending unfriendly amendments, in the order they will be voted "
        "(furthest removed in substance first, GA rule 90)."
    )


class QueuedItemView(VotingItem):
    """A question waiting its turn in voting procedure."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(description="The question in words, e.g. 'Amendment A7 by France to ...'.")
    title_say: MessageJSON = Field(description="'title' as a message, to show in any language.")


class VotingProcedureView(VotingProcedure):
    """Debate is closed and the questions are put in order; nothing else is in order."""

    model_config = ConfigDict(extra="forbid")

    queue: tuple[QueuedItemView, ...] = Field(
        description="The questions still to be put, first to be put first."
    )


class ResultView(VoteResult):
    """A vote's result, with its sentence."""

    model_config = ConfigDict(extra="forbid")

    say: MessageJSON = Field(
        description="The result in one line (question, adopted or not, by whose veto, tally), "
        "as a message to show in any language."
    )


class VoteView(_ViewPart):
    """The vote now open. Who voted is public; what they chose only where the forum shows it."""

    id: str = Field(description="The vote's id, e.g. 'V31'; its result carries it as vote_id.")
    subject: VotingItem = Field(description="The question put to the vote.")
    title: str = Field(description="The question in words.")
    title_say: MessageJSON = Field(description="'title' as a message, to show in any language.")
    method: VoteMethod = Field(description="'placard' (show of hands), 'roll_call' or 'consensus'.")
    secret: bool = Field(description="A secret ballot: no one's choice is ever shown.")
    substantive: bool = Field(description="A vote on substance rather than procedure.")
    rule: dict[str, Any] = Field(
        description="The decision rule applied (see 'Decision rules' in docs/rules.md)."
    )
    parties: list[str] = Field(
        description="Parties to the dispute, who must abstain (Charter Art. 27(3))."
    )
    eligible: list[str] = Field(description="Ids of the delegations present that may vote.")
    eligible_count: int = Field(description="len(eligible).")
    voted: list[str] = Field(description="Ids of the delegations that have voted, sorted.")
    voted_count: int = Field(description="len(voted).")
    choices: dict[str, Choice] | None = Field(
        description="Voter id -> current choice; null for a secret ballot, or a placard vote "
        "where the forum hides choices until the result."
    )
    roll_order: list[str] = Field(description="The order of the roll call; empty otherwise.")
    roll_round: int = Field(description="1, or 2 when those who passed are called again.")
    current_caller: str | None = Field(
        description="In a roll call: the delegation being called now; null otherwise or when "
        "the roll call is finished."
    )
    roll_call_complete: bool = Field(description="A roll call in which everyone has been called.")
    opened_at: float = Field(description="When the vote opened (server epoch seconds).")
    deadline: float | None = Field(
        description="When the vote closes itself (server epoch seconds); null without a limit."
    )
    allowed: list[Choice] = Field(
        description="The choices the rule allows on this question (what a tally counts)."
    )
    veto_now: list[str] = Field(
        description="Members with a veto who have voted no: the question fails by veto if the "
        "vote closes now. Empty where choices are not shown."
    )


class ConsentView(_ViewPart):
    """A state's answer on action on its territory (Charter Art. 2(7))."""

    given: bool = Field(description="True: consent given; false: refused.")
    at: float = Field(description="When it answered (server epoch seconds).")


class LimitedConsentView(_ViewPart):
    """A state's answer for one clause or one provider."""

    given: bool = Field(description="Consent given (false: refused or withdrawn).")
    at: float = Field(description="When it answered (server epoch seconds).")
    clause: str | None = Field(description="'D1/OP3' when it answers for that clause.")
    provider: str | None = Field(description="The provider it answers for, if that.")


class WithheldView(_ViewPart):
    """An adopted clause whose effect waits for the consent of the state it acts in."""

    draft_id: str = Field(description="The adopted draft.")
    clause_id: str = Field(description="The clause, e.g. 'OP3'.")
    state: str = Field(description="The state whose consent it waits for.")


class FiredEventView(_ViewPart):
    """A scripted event (inject) that has happened."""

    id: str = Field(description="The scenario event's id.")
    title: str = Field(description="Its title, as the scenario words it.")
    i18n: Translations = i18n_field()


class FrameUseView(_ViewPart):
    """A public speech or draft tagged with a frame (notes stay private)."""

    at: float = Field(description="Session time of the tag, seconds.")
    frame: str = Field(description="The frame's id.")
    via: Literal["speech", "draft", "press"] = Field(
        description="'speech', 'draft' or 'press' (an approved press item)."
    )
    actor: str = Field(description="The delegation that argued from it.")


class BlocView(_ViewPart):
    """A negotiating group as everyone sees it (its notes and positions stay inside it)."""

    name: str = Field(description="Its name, e.g. 'Group of 77 and China'.")
    members: list[str] = Field(description="Its delegations in this forum.")
    coordinator: str | None = Field(description="Its coordinator; null: any member may act.")
    speaker: str | None = Field(
        description="Who speaks on its behalf: the member its coordinator named, else the "
        "coordinator; null: any member may."
    )
    i18n: Translations = i18n_field()


class WorldPublicView(_ViewPart):
    """The game layer as everyone sees it: no trust, no pledges, nothing still to come."""

    indicators: dict[str, dict[str, float]] = Field(
        description="Place id -> human-security dimension (UNDP 1994: 'economic', 'food', "
        "'health', ...) -> score from 0 to 100."
    )
    place_names: dict[str, str] = Field(
        description="Place id (an actor or a region) -> its name, for labelling indicators."
    )
    statuses: dict[str, dict[str, str]] = Field(
        description="Actor id -> status id -> label, e.g. {'KRV': {'sanctions': 'Under "
        "sanctions'}}; actors with no status are left out."
    )
    consent: dict[str, ConsentView] = Field(
        description="State id -> its answer on action on its territory."
    )
    consent_limited: dict[str, LimitedConsentView] = Field(
        description="A state's answer for one clause ('KRV:D1/OP3') or one provider "
        "('KRV@MSF'); the most specific answer governs a clause."
    )
    providers: dict[str, str] = Field(
        description="'D1/OP3' -> the actor that carries the clause out (its provider)."
    )
    withheld: list[WithheldView] = Field(
        description="Adopted clauses whose effect waits for consent."
    )
    news: list[NewsItem] = Field(description="News for everyone, oldest first.")
    events_fired: list[FiredEventView] = Field(
        description="Scripted events that have happened, in order."
    )
    bots: list[str] = Field(description="Seats a bot plays, sorted.")
    seat_changes: dict[str, SeatKind] = Field(
        description="Seats a scripted event moved: actor id -> 'member', 'observer' or 'withdrawn'."
    )
    round: int = Field(description="Rounds of the crisis that have passed (indicators drift).")
    round_minutes: float = Field(description="Minutes of scenario clock per round.")
    frames: dict[str, str] = Field(description="The scenario's frames: frame id -> name.")
    frame_share: dict[str, int] = Field(
        description="Frame id -> tagged speeches and drafts so far: which narratives hold the "
        "floor."
    )
    frame_timeline: list[FrameUseView] = Field(
        description="Tagged speeches and drafts, oldest first (the share over time)."
    )
    blocs: dict[str, BlocView] = Field(
        description="The scenario's negotiating groups: bloc id -> its name, members, "
        "coordinator and who speaks for it."
    )
    actions_used: dict[str, int] = Field(
        description="'ACTOR/action-id' -> times an actor's own lever (take_action) was used."
    )


class PublicView(_ViewPart):
    """Everything anyone in the room may see (``game_rules.engine.views.public_view``)."""

    forum: ForumView = Field(description="The forum in session.")
    members: list[DelegationView] = Field(description="The members, in the forum's order.")
    observers: list[DelegationView] = Field(description="The observers, in the forum's order.")
    meeting: MeetingStatus = Field(description="'open', 'suspended' or 'adjourned'.")
    paused: bool = Field(description="The chair paused the clock: no timer runs down.")
    paused_at: float | None = Field(description="When the clock was paused; null if it runs.")
    suspension_deadline: float | None = Field(
        description="When a suspended meeting resumes itself; null unless suspended."
    )
    next_deadline: float | None = Field(
        description="When the next timer runs out (speech, caucus, vote, drift round, "
        "scripted event); null while paused or with no timer."
    )
    last_event_at: float = Field(description="When the latest event happened.")
    agenda: list[AgendaItemView] = Field(description="The agenda, in order.")
    agenda_item: str | None = Field(description="The item under discussion; null before one is.")
    speaking_time: float = Field(description="Seconds per speech now (GA rule 72).")
    speakers: list[str] = Field(description="The speakers list: delegation ids, next first.")
    speaking_for: dict[str, str] = Field(
        description="Listed speaker -> the negotiating group it will speak on behalf of."
    )
    speakers_closed: bool = Field(description="No one may join the speakers list.")
    floor: FloorView | None = Field(description="Who holds the floor; null when no one does.")
    caucus: Caucus | None = Field(description="The caucus under way; null when none is.")
    points: list[Point] = Field(description="Points raised and awaiting the chair, oldest first.")
    rulings: list[PublicRuling] = Field(description="The chair's rulings so far, oldest first.")
    motions: list[MotionView] = Field(description="Motions before the committee, next first.")
    signatures_needed: int = Field(
        description="Member sponsors and signatories a draft needs before it can be introduced."
    )
    signatory_share: str = Field(description="That need as a share of the members, e.g. '1/5'.")
    drafts: list[DraftView] = Field(description="Every draft resolution, in the order filed.")
    amendments: list[Amendment] = Field(description="Every amendment, in the order proposed.")
    voting_procedure: VotingProcedureView | None = Field(
        description="Voting procedure under way; null during debate."
    )
    vote: VoteView | None = Field(description="The vote now open; null when none is.")
    results: list[ResultView] = Field(description="Every vote's result, oldest first.")
    world: WorldPublicView = Field(description="The game layer: indicators, consent, news...")


# ---------------------------------------------------------------------------------------------
# What a viewer may do: the ``actions`` lists
# ---------------------------------------------------------------------------------------------


class _Action(_ViewPart):
    """Keys every action has."""

    label: str = Field(description="What the button says, e.g. 'Point of order'.")
    in_order: bool = Field(description="The engine would accept the command now.")
    why: str = Field(
        description="When in order: what it does; when not: why not (written for the viewer), "
        "in English: 'why_say' rendered. May be empty."
    )
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")


class PlainDelegateAction(_Action):
    """A delegate's command with nothing more to choose from."""

    type: Literal[
        "request_right_of_reply",
        "send_note",
        "remove_speaker",
        "end_speech",
        "request_roll_call",
    ] = Field(description="The command type to send.")


class BlocTarget(_ViewPart):
    """Whether the action may be taken for one negotiating group."""

    bloc: str = Field(description="The group's id: send it as 'bloc' (or 'on_behalf_of').")
    in_order: bool = Field(description="It may be taken for this group now.")
    why: str = Field(description="Why not, when not in order; empty otherwise.")
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")


class AddSpeakerAction(_Action):
    """Join the speakers list, in its own name or on behalf of a negotiating group."""

    type: Literal["add_speaker"] = Field(description="The command type to send.")
    on_behalf_of: list[BlocTarget] = Field(
        description="The negotiating groups the seat belongs to, whether it may speak for each "
        "now (send the group as 'on_behalf_of'); empty when it belongs to none."
    )


class BlocAction(_Action):
    """A negotiating group's coordination: a note to its channel, a common position, naming
    who speaks for it. Offered to the group's members only."""

    type: Literal["send_bloc_note", "propose_common_position", "name_bloc_speaker"] = Field(
        description="The command type to send."
    )
    blocs: list[BlocTarget] = Field(description="The seat's groups, whether it may act for each.")
    max_chars: int = Field(description="The longest text, in characters (0: no text).")


class PositionTarget(_ViewPart):
    """Whether one common position may be signed now."""

    position_id: str = Field(description="The position: send it as 'position_id'.")
    in_order: bool = Field(description="It may be signed now.")
    why: str = Field(description="Why not, when not in order; empty otherwise.")
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")


class SignCommonPositionAction(_Action):
    """Sign the latest common position of each of the seat's groups."""

    type: Literal["sign_common_position"] = Field(description="The command type to send.")
    positions: list[PositionTarget] = Field(description="Each group's latest position.")


class PublishNewsAction(_Action):
    """A press seat files a news item (the chair approves it before it is public)."""

    type: Literal["publish_news"] = Field(description="The command type to send.")
    max_headline: int = Field(description="The longest headline, in characters.")
    max_body: int = Field(description="The longest body, in characters.")


class RaisePointAction(_Action):
    """Raise one kind of point (offered for every point the forum enables)."""

    type: Literal["raise_point"] = Field(description="The command type to send.")
    kind: PointKind = Field(description="The point's kind: send it as the command's 'kind'.")
    may_interrupt: bool = Field(description="The point may interrupt a speaker.")
    source: str = Field(description="The rule of procedure, for citing.")
    source_say: MessageJSON = Field(description="'source' as a message, in any language.")


#: Every motion kind but ``declare_important``, which comes with the drafts it may name.
OrdinaryMotionKind = Literal[
    "appeal_chair",
    "suspend_meeting",
    "adjourn_meeting",
    "unmoderated_caucus",
    "moderated_caucus",
    "adjourn_debate",
    "close_debate",
    "move_to_vote",
    "divide_question",
    "reconsider",
    "close_speakers_list",
    "set_speaking_time",
    "set_agenda",
]


class _ProposeMotion(_Action):
    type: Literal["propose_motion"] = Field(description="The command type to send.")
    precedence: int = Field(description="Lower numbers are taken up first.")
    threshold: str = Field(description="The majority it needs, in words.")
    threshold_say: MessageJSON = Field(description="'threshold' as a message, in any language.")
    debatable: bool = Field(description="Speakers for and against are heard before the vote.")
    source: str = Field(description="The rule of procedure, for citing.")
    source_say: MessageJSON = Field(description="'source' as a message, in any language.")


class ProposeMotionAction(_ProposeMotion):
    """Propose one kind of motion (offered for every motion the forum enables)."""

    kind: OrdinaryMotionKind = Field(description="Send it as the command's 'kind'.")


class DeclareImportantAction(_ProposeMotion):
    """Move that a draft is an important question (GA rule 83); offered only when in order."""

    kind: Literal["declare_important"] = Field(description="Send it as the command's 'kind'.")
    targets: list[str] = Field(description="Ids of the drafts the motion may name as 'target'.")


class MotionTarget(_ViewPart):
    """Whether one motion may be contested as procedural."""

    motion_id: str = Field(description="The motion.")
    in_order: bool = Field(description="It may be contested now.")
    why: str = Field(description="Why not, when not in order; empty otherwise.")
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")


class ContestProceduralAction(_Action):
    """The preliminary question, where the forum has the double veto (Security Council)."""

    type: Literal["contest_procedural"] = Field(description="The command type to send.")
    source: str = Field(description="The practice this follows, for citing.")
    source_say: MessageJSON = Field(description="'source' as a message, in any language.")
    motions: list[MotionTarget] = Field(description="Each motion before the committee.")


class YieldFloorAction(_Action):
    """Offered to the delegate holding the floor."""

    type: Literal["yield_floor"] = Field(description="The command type to send.")
    to: list[Literal["delegate", "questions", "chair"]] = Field(
        description="Where the speaker may yield; empty when yielding is not allowed."
    )


class DraftTarget(_ViewPart):
    """Whether the action may be taken on one draft."""

    draft_id: str = Field(description="The draft.")
    in_order: bool = Field(description="The action may be taken on it now.")
    why: str = Field(description="Why not, when not in order; empty otherwise.")
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")


class SignDraftAction(_Action):
    """Sign a draft so it can be introduced."""

    type: Literal["sign_draft"] = Field(description="The command type to send.")
    drafts: list[DraftTarget] = Field(description="Every draft, whether this seat may sign it.")


class LeverTarget(_ViewPart):
    """Whether one of the actor's own levers may be used now."""

    action_id: str = Field(description="The action's id in the scenario.")
    title: str = Field(description="What it does, as the scenario words it.")
    in_order: bool = Field(description="It may be used now.")
    why: str = Field(description="Why not, when not in order; empty otherwise.")
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")
    targets: list[str] = Field(
        description="The delegations a `name_blocker` lever may name (send one as 'target'); "
        "empty for every other kind."
    )


class TakeActionAction(_Action):
    """Use one of the actor's own levers (scenario `actions:`)."""

    type: Literal["take_action"] = Field(description="The command type to send.")
    actions: list[LeverTarget] = Field(description="Each of its levers, whether it is in order.")


DelegateAction = Annotated[
    PlainDelegateAction
    | RaisePointAction
    | Annotated[ProposeMotionAction | DeclareImportantAction, Field(discriminator="kind")]
    | ContestProceduralAction
    | YieldFloorAction
    | SignDraftAction
    | TakeActionAction
    | PublishNewsAction
    | AddSpeakerAction
    | BlocAction
    | SignCommonPositionAction,
    Field(discriminator="type"),
]


class PlainChairAction(_Action):
    """A chair's command with nothing more to choose from."""

    type: Literal[
        "open_vote",
        "propose_adoption_without_vote",
        "close_vote",
        "skip_roll_call",
        "end_speech",
        "recognize_questioner",
        "end_caucus",
        "pause_clock",
        "resume_clock",
        "resume_meeting",
        "open_meeting",
    ] = Field(description="The command type to send.")


class RecognizeSpeakerAction(_Action):
    """Give the floor to the next speaker, or to a delegation named."""

    type: Literal["recognize_speaker"] = Field(description="The command type to send.")
    next_on_list: str | None = Field(description="Who is first on the speakers list, if anyone.")


class EntertainMotionAction(_Action):
    """Take up the motion of highest precedence."""

    type: Literal["entertain_motion"] = Field(description="The command type to send.")
    motion_id: str = Field(description="The motion to take up: send it as 'motion_id'.")


class ExtendTimeAction(_Action):
    """Give the speaker, the caucus or the vote more time."""

    type: Literal["extend_time"] = Field(description="The command type to send.")
    timers: list[TimerName] = Field(description="The timers running now, in the order picked.")
    max_seconds: int = Field(description="The longest single extension, in seconds.")


class AmendmentTarget(_ViewPart):
    """Whether one amendment may be ruled friendly."""

    amendment_id: str = Field(description="The amendment.")
    in_order: bool = Field(description="It may be ruled friendly now.")
    why: str = Field(description="Why not, when not in order; empty otherwise.")
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")


class RuleAmendmentFriendlyAction(_Action):
    """Declare an amendment friendly; offered while an amendment is still before the committee
    (awaiting its sponsors, pending or declined)."""

    type: Literal["rule_amendment_friendly"] = Field(description="The command type to send.")
    source: str = Field(description="The rule of procedure, for citing.")
    amendments: list[AmendmentTarget] = Field(description="Those amendments, each in order or not.")


class OrderAmendmentsAction(_Action):
    """Rule the voting order of a draft's unfriendly amendments (two or more pending)."""

    type: Literal["order_amendments"] = Field(description="The command type to send.")
    source: str = Field(description="The rule of procedure, for citing.")
    drafts: list[DraftTarget] = Field(description="Drafts with two or more such amendments.")


class PressItemTarget(_ViewPart):
    """Whether one pending news item may be approved or rejected now."""

    item_id: str = Field(description="The news item.")
    in_order: bool = Field(description="It may be moderated now.")
    why: str = Field(description="Why not, when not in order; empty otherwise.")
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")


class ModeratePressAction(_Action):
    """Approve or reject the press seats' pending news items."""

    type: Literal["moderate_press"] = Field(description="The command type to send.")
    items: list[PressItemTarget] = Field(description="The pending items.")


class CloseConsultationsAction(_Action):
    """End consultations on a draft without consensus (a consensus forum: its call for
    objections failed, and the item stays open until the President closes it)."""

    type: Literal["close_consultations"] = Field(description="The command type to send.")
    source: str = Field(description="The practice, for citing.")
    drafts: list[DraftTarget] = Field(description="The drafts in consultations.")


ChairAction = Annotated[
    PlainChairAction
    | RecognizeSpeakerAction
    | EntertainMotionAction
    | ContestProceduralAction
    | ExtendTimeAction
    | RuleAmendmentFriendlyAction
    | OrderAmendmentsAction
    | CloseConsultationsAction
    | ModeratePressAction,
    Field(discriminator="type"),
]


# ---------------------------------------------------------------------------------------------
# ``me``: one viewer's own part
# ---------------------------------------------------------------------------------------------


class VoteChoices(_ViewPart):
    """What the delegate may cast in the open vote."""

    choices: list[Choice] = Field(description="The choices it may send with cast_vote now.")
    why: str = Field(description="Why these (or why none), in English: 'why_say' rendered.")
    why_say: MessageJSON = Field(description="'why' as a message, to show in any language.")
    veto: bool = Field(
        description="This delegation holds a veto on the open question: its No alone defeats "
        "it (an abstention does not)."
    )


class ScenarioEventView(_ViewPart):
    """A scenario's scripted event (inject), as the chair sees it in advance."""

    id: str = Field(description="Its id: send it as press_chair_button's 'event_id'.")
    title: str = Field(description="Its title.")
    when: dict[str, Any] = Field(
        description="Its trigger as the scenario writes it, e.g. {'at_minute': 40}."
    )
    chair_button: str | None = Field(
        description="The button label when the chair releases it by hand; null otherwise."
    )
    fired: bool = Field(description="It has happened.")
    may_fire: bool = Field(description="It may (still) happen: not a once-only event fired.")
    chair_note: str | None = Field(description="The scenario's advice to the chair, if any.")
    i18n: Translations = i18n_field()


class WorldChairView(_ViewPart):
    """The game layer's secrets, all of them: the chair's part of ``world``."""

    trust: dict[str, float] = Field(
        description="Key 'A>B' -> A's trust in B from 0 to 100 (one-way: 'B>A' may differ); "
        "pairs not listed stand at the scenario's starting trust."
    )
    pledges: list[Pledge] = Field(description="Every pledge made, oldest first.")
    news: list[NewsItem] = Field(description="News addressed to some seats only.")
    press_items: list[PressItem] = Field(
        description="Every news item the press seats filed, pending, approved or rejected."
    )
    bloc_notes: list[BlocNote] = Field(
        description="Notes of the negotiating groups whose channel the scenario lets the chair "
        "read (chair_reads_notes); no other group's."
    )
    common_positions: list[CommonPosition] = Field(
        description="Those groups' common positions, with their signatures."
    )
    scripted_events: list[ScenarioEventView] = Field(
        description="Every scripted event of the scenario, fired or not."
    )


class WorldDelegateView(_ViewPart):
    """The game layer's secrets this seat may know: the delegate's part of ``world``."""

    trust: dict[str, float] = Field(
        description="Other actor id -> this seat's trust in it (0 to 100); only pairs the "
        "scenario or the session set. How far others trust this seat stays theirs."
    )
    trust_start: float = Field(description="Trust between actors not listed in 'trust'.")
    pledges: list[Pledge] = Field(description="Pledges this seat made or received.")
    news: list[NewsItem] = Field(description="News addressed to this seat.")
    press_items: list[PressItem] = Field(
        description="A press seat's own news items (empty for any other seat)."
    )
    bloc_notes: list[BlocNote] = Field(
        description="Notes to the negotiating groups this seat belongs to, oldest first."
    )
    common_positions: list[CommonPosition] = Field(
        description="Those groups' common positions, with their signatures, oldest first."
    )


class ObjectiveView(_ViewPart):
    """One objective of a brief."""

    text: str = Field(description="What the delegation wants, in words.")
    check: Condition | None = Field(
        description="How the debrief decides whether it was met; null: the chair judges it."
    )
    points: int = Field(description="Points the objective is worth at the debrief.")
    i18n: Translations = i18n_field()


class BriefView(_ViewPart):
    """A delegation's secret brief (``brief_view``): texts in the scenario's own language,
    their translations in ``i18n``."""

    position: str = Field(description="The delegation's position (Markdown).")
    interests: list[str] = Field(description="What the delegation wants from the session.")
    red_lines: list[str] = Field(description="What the delegation must never accept.")
    allies: list[str] = Field(description="Actors it usually works with (a hint, not a rule).")
    may_trade: list[str] = Field(description="What it may give up in exchange.")
    objectives: list[ObjectiveView] = Field(
        description="What it wants to achieve, with how the debrief scores them."
    )
    bot: BotGuidance = Field(description="How a bot playing the seat behaves.")
    i18n: Translations = i18n_field()


class DelegateMe(_ViewPart):
    """A member's or an observer's own part of the view."""

    role: Literal["member", "observer"] = Field(description="How the seat sits in this forum.")
    id: str = Field(description="The seat's delegation id.")
    name: str = Field(description="The delegation's name.")
    attendance: AttendanceStatus = Field(description="The seat's recorded attendance.")
    notes: list[Note] = Field(
        description="Notes it sent, and notes to it that were delivered; oldest first."
    )
    reply_requests: list[ReplyRequest] = Field(
        description="Its requests for a right of reply awaiting the chair."
    )
    my_ballots: list[Ballot] = Field(description="Its ballots in the open vote.")
    vote_choices: VoteChoices = Field(description="What it may cast now.")
    actions: list[DelegateAction] = Field(
        description="Every point, motion and command it may try, each with in_order and why."
    )
    world: WorldDelegateView = Field(description="Its trust, pledges and news.")
    brief: BriefView | SkipJsonSchema[None] = _may_be_absent(
        "The seat's secret brief (added by the server); absent when the scenario has none for "
        "the seat."
    )

    _brief_not_null = field_validator("brief", mode="after")(_refuse_null)


class ChairMe(_ViewPart):
    """The chair's own part of the view: every secret, and the chair's commands."""

    role: Literal["chair"] = Field(description="The viewer chairs the session.")
    notes: list[Note] | SkipJsonSchema[None] = _may_be_absent(
        "Every note, pending ones included; absent when the chair asked not to see notes "
        "(hello 'show_notes': false) in a forum where notes are not moderated."
    )
    reply_requests: list[ReplyRequest] = Field(
        description="Requests for a right of reply awaiting a ruling."
    )
    ballots: list[Ballot] = Field(
        description="Every ballot of the open vote, secret ones included; empty without a vote."
    )
    rulings: list[Ruling] = Field(
        description="The rulings, each with the motion it ruled out of order, if any (restored "
        "if the ruling is overturned)."
    )
    actions: list[ChairAction] = Field(
        description="The chair's commands, each with in_order and why."
    )
    world: WorldChairView = Field(description="Trust, pledges, addressed news, scripted events.")
    briefs: dict[str, BriefView] | SkipJsonSchema[None] = _may_be_absent(
        "Seat id -> its secret brief (added by the server); absent when the scenario has no briefs."
    )

    _not_null = field_validator("notes", "briefs", mode="after")(_refuse_null)


class EmptyMe(_ViewPart):
    """A spectator or the projector: nothing of its own."""


class View(PublicView):
    """The whole view one viewer receives: the public view and its own part, ``me``."""

    me: DelegateMe | ChairMe | EmptyMe = Field(
        description="The viewer's own part: a delegate's, the chair's, or {} for a spectator."
    )


# ---------------------------------------------------------------------------------------------
# Descriptions of the state models' fields, for the schema
# ---------------------------------------------------------------------------------------------

_WHEN = "(server epoch seconds)"

FIELD_DESCRIPTIONS: dict[type[BaseModel], dict[str, str]] = {
    Delegation: {
        "id": "The delegation's id, e.g. 'USA'; commands and other views name it so.",
        "name": "Its name, e.g. 'United States'.",
        "kind": "'state', 'ngo', 'organisation', 'observer_state' or 'other'.",
        "weight": "Its vote weight under a weighted rule; null when votes count equally.",
        "population": "Its population, for double-majority rules; null when unknown.",
        "blocs": "Ids of the negotiation groups it belongs to.",
        "flag": "A flag emoji, or null.",
    },
    AgendaItem: {
        "id": "The item's id; set_agenda names it.",
        "title": "Its title.",
        "description": "Background in Markdown; may be empty.",
    },
    Floor: {
        "speaker": "Who holds the floor: a delegation id.",
        "kind": "'speech', 'yield', 'reply', 'caucus', 'motion_debate', 'explanation' or 'other'.",
        "started_at": f"When the speaker began {_WHEN}.",
        "seconds": "Seconds the speaker was given.",
        "deadline": f"When the time runs out {_WHEN}; count down to it while not paused.",
        "may_yield": "The speaker may yield the rest of the time.",
        "answering_questions": "The speaker yielded to questions and is answering them.",
        "questioner": "Who is asking a question now; null otherwise.",
        "yielded_by": "Who yielded the floor to this speaker; null otherwise.",
        "on_behalf_of": "The negotiating group the speaker speaks for; null otherwise.",
    },
    Caucus: {
        "kind": "'moderated' (the chair calls on speakers) or 'unmoderated'.",
        "topic": "The topic, if the motion gave one; may be empty.",
        "started_at": f"When it began {_WHEN}.",
        "deadline": f"When it ends {_WHEN}.",
        "speaker_time": "Seconds per speaker in a moderated caucus; null otherwise.",
    },
    Point: {
        "id": "The point's id; the chair's rule_on_point names it.",
        "kind": "'personal_privilege', 'order' or 'parliamentary_inquiry'.",
        "actor": "Who raised it.",
        "text": "What they said; may be empty.",
        "raised_at": f"When it was raised {_WHEN}.",
        "interrupted": "The speaker it interrupted, if it did.",
    },
    Ruling: {
        "id": "The ruling's id; an appeal_chair motion names it.",
        "text": "What the chair ruled, in words.",
        "about": "The id of the point or motion the ruling is about.",
        "at": f"When the chair ruled {_WHEN}.",
        "overturned": "An appeal overturned the ruling.",
    },
    ReplyRequest: {
        "id": "The request's id; rule_on_right_of_reply names it.",
        "member": "Who asked for a right of reply.",
        "reason": "Their reason; may be empty.",
        "at": f"When they asked {_WHEN}.",
    },
    Motion: {
        "id": "The motion's id; entertain_motion and object_to_motion name it.",
        "kind": "The kind of motion, e.g. 'moderated_caucus'.",
        "mover": "Who moved it.",
        "proposed_at": f"When it was moved {_WHEN}.",
        "status": "'pending', 'entertained' (being debated) or 'voting'.",
        "minutes": "Length of the caucus or suspension asked for, in minutes; null otherwise.",
        "speaker_seconds": "Seconds per speaker asked for a moderated caucus; null otherwise.",
        "seconds": "Speaking time asked for by set_speaking_time; null otherwise.",
        "topic": "Topic of the caucus asked for; may be empty.",
        "target": "What it is about: a draft, ruling or agenda item id; null if nothing.",
        "parts": "For divide_question: the clause ids of each part.",
        "objections": "Sponsors who objected to an automatic division (SC provisional rule "
        "32): it then needs a vote.",
    },
    Draft: {
        "id": "The draft's id, e.g. 'D1'.",
        "title": "Its title.",
        "agenda_item": "The agenda item it belongs to; null if none.",
        "sponsors": "Its sponsors' ids.",
        "signatories": "Its signatories' ids.",
        "clauses": "Its clauses as they stand now, amendments included.",
        "rule": "Its decision rule (a rule name or an inline rule); null: the forum's "
        "substantive rule.",
        "parties": "Parties to the dispute, who must abstain (Charter Art. 27(3)).",
        "chapter_vii": "It acts under Chapter VII: the state concerned need not consent.",
        "status": "'working', 'introduced', 'adopted', 'rejected' or 'withdrawn'.",
        "submitted_at": f"When it was filed {_WHEN}; the session's start for filed drafts.",
        "amendment_voted": "An amendment to it has been voted on.",
        "consensus_calls": "Calls for objections on it that failed in a consensus forum; while "
        "above 0 and it is 'introduced', the President is consulting (close_consultations ends "
        "the item without consensus).",
        "division": "Its parts when the question was divided: clause ids per part.",
    },
    Clause: {
        "id": "The clause's id as delegates cite it, e.g. 'PP2' or 'OP3'.",
        "kind": "'preambular' or 'operative'.",
        "text": "The clause's words.",
        "effects": "What adopting it does in the game (scenario effects); may be empty.",
        "requires_consent_of": "States whose consent its effects need (Charter Art. 2(7)).",
    },
    Amendment: {
        "id": "The amendment's id; accept_amendment and open_vote name it.",
        "draft_id": "The draft it amends.",
        "proposer": "Who proposed it.",
        "action": "'add' a clause, 'modify' one or 'delete' one.",
        "target_clause": "The clause modified or deleted; null for 'add'.",
        "clause": "The new or rewritten clause; null for 'delete'.",
        "after_clause": "For 'add': the clause it goes after; null puts it at the end.",
        "friendly": "Proposed as friendly: every sponsor must accept it.",
        "accepted_by": "Sponsors who accepted it.",
        "status": "'awaiting_sponsors', 'pending', 'incorporated', 'declined', 'adopted', "
        "'rejected', 'fallen' or 'withdrawn'.",
        "submitted_at": f"When it was proposed {_WHEN}.",
        "note": "The proposer's explanation; may be empty.",
    },
    VotingItem: {
        "kind": "'motion', 'amendment', 'division_part', 'draft' or 'preliminary'.",
        "ref": "The id of the motion, amendment or draft.",
        "draft_id": "The draft concerned, if any.",
        "part": "For a division part: its index, from 0; null otherwise.",
    },
    VotingProcedure: {
        "agenda_item": "The agenda item whose drafts are voted; null if none.",
        "concludes_item": "Debate on the agenda item ends when the queue is done.",
        "roll_call_requested_by": "Members who asked for a roll-call vote.",
    },
    Ballot: {
        "voter": "Who voted.",
        "choice": "What they chose.",
        "round": "1, or 2 for a second call in a roll call.",
        "at": f"When {_WHEN}.",
    },
    VoteResult: {
        "vote_id": "The vote's id.",
        "subject": "The question that was put.",
        "title": "The question in words.",
        "method": "'placard', 'roll_call' or 'consensus'.",
        "secret": "It was a secret ballot.",
        "adopted": "The question was carried.",
        "reason": "Why it was carried or not, in words (the rule and the count).",
        "tally": "The count, e.g. {'yes': 9, 'no': 2, 'abstain': 4, 'absent': 0}.",
        "with_rights": "Voters who reserved the right to explain their vote.",
        "closed_at": f"When the vote was closed {_WHEN}.",
    },
    Note: {
        "id": "The note's id; moderate_note names it.",
        "sender": "Who sent it.",
        "recipients": "Who it is for (delegation ids, or 'chair').",
        "text": "The note.",
        "sent_at": f"When it was sent {_WHEN}.",
        "status": "'pending' (awaiting the chair), 'delivered' or 'rejected'.",
    },
    Pledge: {
        "id": "The pledge's id.",
        "pledger": "Who promised.",
        "recipient": "To whom.",
        "draft_id": "The draft the vote is on.",
        "choice": "The vote promised: 'yes', 'no' or 'abstain'.",
        "made_at": f"When it was made {_WHEN}.",
        "text": "The pledger's words; may be empty.",
        "status": "'open', 'kept', 'broken' or 'superseded' (by a later pledge).",
        "vote_id": "The vote that resolved it; null while open.",
    },
    NewsItem: {
        "headline": "The headline.",
        "body": "The story in Markdown; null if only a headline.",
        "to": "Seats it is addressed to; empty for news to everyone.",
        "at": f"When it was published {_WHEN}.",
        "source_event": "The scripted event that published it, if one did.",
        "by": "The press seat that filed it, if a press seat did.",
        "frame": "The frame a press item argues from, if any.",
    },
    PressItem: {
        "id": "The item's id: send it as moderate_press's 'item_id'.",
        "by": "The press seat that filed it.",
        "headline": "The headline (at most 120 characters).",
        "body": "The body (at most 600 characters); may be empty.",
        "frame": "The frame it argues from, if any.",
        "at": f"When it was filed {_WHEN}.",
        "status": "'pending' (waiting for the chair), 'approved' (published) or 'rejected'.",
    },
    BlocNote: {
        "id": "The note's id.",
        "bloc": "The negotiating group it was sent to.",
        "sender": "Who wrote it: a member, or the chair where it may read the group's notes.",
        "text": "The note's text (plain text, never HTML).",
        "at": f"When it was sent {_WHEN}.",
        "readers": "The group's members when it was sent: they read it.",
        "chair_reads": "The chair reads it too (the scenario's chair_reads_notes).",
    },
    CommonPosition: {
        "id": "The position's id: send it as sign_common_position's 'position_id'.",
        "bloc": "The negotiating group it is the position of.",
        "proposer": "The coordinator (or member) that proposed it.",
        "text": "The position's text (at most 600 characters).",
        "at": f"When it was proposed {_WHEN}.",
        "readers": "The group's members when it was proposed: they read it.",
        "chair_reads": "The chair reads it too (the scenario's chair_reads_notes).",
        "signatures": "Members that signed it, the proposer first.",
    },
}


class ViewJsonSchema(GenerateJsonSchema):
    """The view's JSON Schema as it is on the wire.

    - Every key a model writes is required, defaults or not (a ``model_dump`` writes them all),
      except the keys that a view may leave out (``exclude_if``).
    - State models' fields get their descriptions from :data:`FIELD_DESCRIPTIONS`.
    - A discriminator keyword whose mapping would not be a plain OpenAPI mapping (a nested
      union) is left out; ``oneOf`` alone says the same.
    """

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        if self.mode == "serialization" and field["type"] != "typed-dict-field":
            return field.get("serialization_exclude_if") is None
        return super().field_is_required(field, total)

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        described: dict[str, str] = {}
        for cls in reversed(schema["cls"].__mro__):
            described.update(FIELD_DESCRIPTIONS.get(cls, {}))
        for name, prop in json_schema.get("properties", {}).items():
            if name in described and "description" not in prop:
                prop["description"] = described[name]
        return json_schema

    def tagged_union_schema(self, schema: core_schema.TaggedUnionSchema) -> JsonSchemaValue:
        json_schema = super().tagged_union_schema(schema)
        mapping = json_schema.get("discriminator", {}).get("mapping", {})
        if any(not isinstance(target, str) for target in mapping.values()):
            del json_schema["discriminator"]
        return json_schema


def view_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a view as the server sends it: :class:`View`."""
    schema = View.model_json_schema(mode="serialization", schema_generator=ViewJsonSchema)
    schema["$schema"] = JSON_SCHEMA_DIALECT
    schema["title"] = "Plenary view"
    return schema
