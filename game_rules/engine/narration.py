"""One narration: every event as a message (an English template and its parameters) that says
who did what to what, for the activity log, the transcript and the debrief alike.

Nothing else writes an event's sentence: the web client, the Markdown transcript and the debrief
render these messages through the catalogue of their language (``game_rules.messages``).
A message depends on who reads it only where the event does (a secret ballot's choice, a note).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game_rules.engine.world_views import reads_bloc_channel
from game_rules.messages import Message, say
from game_rules.procedure.motions import MOTION_NAMES
from game_rules.procedure.speakers import POINT_NAMES
from game_rules.session import events as ev
from game_rules.session import world as w
from game_rules.session.state import CHAIR, SYSTEM, SessionState, VoteResult
from game_rules.session.wording import CHOICE_WORDS, dimension_name, joined

FLOOR_ENDINGS = {
    "finished": "{speaker} finished speaking.",
    "time_up": "{speaker}'s time is up.",
    "cut_off": "The chair called time on {speaker}.",
    "yielded_to_chair": "{speaker} yielded the rest of its time to the chair.",
    "yielded": "{speaker} yielded the floor.",
    "closed": "{speaker}'s speech ended.",
}
ATTENDANCE = {
    "present": "{member} is present.",
    "present_and_voting": "{member} is present and voting.",
    "absent": "{member} is absent.",
}
SEAT_MOVES = {
    "member": "{member} takes a member's seat again ({cause}).",
    "observer": "{member} now sits as an observer: it may speak but no longer votes ({cause}).",
    "withdrawn": "{member} withdraws from the forum ({cause}).",
}
TIMERS = {
    "floor": "The chair gave the speaker {seconds} more seconds.",
    "caucus": "The chair extended the caucus by {seconds} seconds.",
    "vote": "The chair extended the vote by {seconds} seconds.",
}


class Narrator:
    """Names and titles as the room knows them, for the messages of its events."""

    def __init__(self, state: SessionState, viewer: str = CHAIR) -> None:
        self.state = state
        self.viewer = viewer

    def who(self, actor: str | None) -> Message:
        if actor in (CHAIR, SYSTEM):
            return say("the chair")
        return say(self.state.setup.name_of(actor or ""))

    def place(self, place: str) -> Message:
        return say(self.state.world.rules.place_names.get(place) or self.state.setup.name_of(place))

    def draft(self, draft_id: str) -> Message:
        found = self.state.draft(draft_id)
        if found is None:
            return say("draft {id}", id=draft_id)
        return say("{id} “{title}”", id=draft_id, title=found.title)

    def amendment(self, amendment_id: str) -> Message:
        found = self.state.amendment(amendment_id)
        if found is None:
            return say("amendment {id}", id=amendment_id)
        return say(
            "amendment {id} by {proposer} to {draft}",
            id=amendment_id,
            proposer=self.who(found.proposer),
            draft=self.draft(found.draft_id),
        )

    def motion(self, kind: str) -> Message:
        return say(MOTION_NAMES.get(kind, kind.replace("_", " ")))

    def bloc(self, bloc_id: str) -> str:
        """A negotiating group as the scenario names it (its id if it is not one)."""
        rules = self.state.world.rules.blocs.get(bloc_id)
        return rules.name if rules is not None else bloc_id

    def reads(self, readers: tuple[str, ...], chair_reads: bool) -> bool:
        return reads_bloc_channel(readers, chair_reads, self.viewer)

    def names(self, actors: tuple[str, ...] | list[str]) -> Message:
        """``A``, ``A and B``, ``A, B and C``."""
        parts = [self.who(a) for a in actors]
        if not parts:
            return say("nobody")
        if len(parts) == 1:
            return parts[0]
        head = parts[0]
        for part in parts[1:-1]:
            head = say("{first}, {then}", first=head, then=part)
        return say("{first} and {last}", first=head, last=parts[-1])

    def narrate(self, event: Any) -> Message | None:
        handler = NARRATIONS.get(type(event))
        return None if handler is None else handler(self, event)


# ---------------------------------------------------------------------------------------------
# The meeting, the floor, points and motions
# ---------------------------------------------------------------------------------------------


def _attendance(n: Narrator, e: ev.AttendanceRecorded) -> Message:
    return say(ATTENDANCE[e.status], member=n.who(e.member))


def _floor_given(n: Narrator, e: ev.FloorGiven) -> Message:
    if e.yielded_by:
        return say(
            "{by} yielded the floor to {speaker}.", by=n.who(e.yielded_by), speaker=n.who(e.speaker)
        )
    if e.on_behalf_of:
        return say(
            "{speaker} has the floor on behalf of {bloc}.",
            speaker=n.who(e.speaker),
            bloc=n.bloc(e.on_behalf_of),
        )
    return say("{speaker} has the floor.", speaker=n.who(e.speaker))


def _speaker_added(n: Narrator, e: ev.SpeakerAdded) -> Message:
    if e.on_behalf_of:
        return say(
            "{member} joined the speakers list on behalf of {bloc}.",
            member=n.who(e.member),
            bloc=n.bloc(e.on_behalf_of),
        )
    return say("{member} joined the speakers list.", member=n.who(e.member))


def _bloc_note(n: Narrator, e: w.BlocNoteSent) -> Message | None:
    if not n.reads(e.note.readers, e.note.chair_reads):
        return None
    return say(
        "Note from {sender} to {bloc}.", sender=n.who(e.note.sender), bloc=n.bloc(e.note.bloc)
    )


def _common_position(n: Narrator, e: w.CommonPositionProposed) -> Message | None:
    position = e.position
    if not n.reads(position.readers, position.chair_reads):
        return None
    if position.draft_id is not None and position.position is not None:
        return say(
            "{member} proposed a common position for {bloc} on {draft}, to vote {choice}: "
            "{statement}",
            member=n.who(position.proposer),
            bloc=n.bloc(position.bloc),
            draft=n.draft(position.draft_id),
            choice=say(CHOICE_WORDS[position.position]),
            statement=position.text,
        )
    return say(
        "{member} proposed a common position for {bloc}: {statement}",
        member=n.who(position.proposer),
        bloc=n.bloc(position.bloc),
        statement=position.text,
    )


def _position_signed(n: Narrator, e: w.CommonPositionSigned) -> Message | None:
    if not n.reads(e.readers, e.chair_reads):
        return None
    return say(
        "{member} signed the common position {position} of {bloc}.",
        member=n.who(e.member),
        position=e.position_id,
        bloc=n.bloc(e.bloc),
    )


def _floor_ended(n: Narrator, e: ev.FloorEnded) -> Message:
    return say(FLOOR_ENDINGS[e.reason], speaker=n.who(e.speaker))


def _point_raised(n: Narrator, e: ev.PointRaised) -> Message:
    return say(
        "{member} raised a {point}.",
        member=n.who(e.point.actor),
        point=say(POINT_NAMES.get(e.point.kind, e.point.kind)),
    )


def _motion_proposed(n: Narrator, e: ev.MotionProposed) -> Message:
    return say(
        "{member} moved a {motion}.", member=n.who(e.motion.mover), motion=n.motion(e.motion.kind)
    )


def _motion_decided(n: Narrator, e: ev.MotionDecided) -> Message:
    text = "The {motion} carried: {reason}" if e.adopted else "The {motion} failed: {reason}"
    return say(text, motion=n.motion(e.kind), reason=e.reason_say or e.reason)


def _motion_of(n: Narrator, motion_id: str) -> Message:
    motion = n.state.motion(motion_id)
    return n.motion(motion.kind) if motion is not None else say("motion {id}", id=motion_id)


def _caucus_started(n: Narrator, e: ev.CaucusStarted) -> Message:
    text = (
        "A moderated caucus of {minutes} minutes has begun."
        if e.caucus.kind == "moderated"
        else "An unmoderated caucus of {minutes} minutes has begun."
    )
    return say(text, minutes=round((e.caucus.deadline - e.caucus.started_at) / 60, 1))


def _time_extended(n: Narrator, e: ev.TimeExtended) -> Message:
    return say(TIMERS[e.timer], seconds=round(e.seconds))


# ---------------------------------------------------------------------------------------------
# Drafts, amendments and votes
# ---------------------------------------------------------------------------------------------


def _amendment_submitted(n: Narrator, e: ev.AmendmentSubmitted) -> Message:
    a = e.amendment
    text = (
        "{member} proposed a friendly amendment ({id}) to {draft}."
        if a.friendly
        else "{member} proposed an amendment ({id}) to {draft}."
    )
    return say(text, member=n.who(a.proposer), id=a.id, draft=n.draft(a.draft_id))


def _amendment_decided(n: Narrator, e: ev.AmendmentDecided) -> Message:
    text = "{amendment} was adopted." if e.adopted else "{amendment} was rejected."
    return say(text, amendment=n.amendment(e.amendment_id))


def _draft_decided(n: Narrator, e: ev.DraftDecided) -> Message:
    if e.closed == "chair":
        return say(
            "{draft} was not adopted: the President closed the item without consensus.",
            draft=n.draft(e.draft_id),
        )
    if e.closed == "deadline":
        return say(
            "{draft} was not adopted: the time ran out without consensus, and the item goes to "
            "the next session.",
            draft=n.draft(e.draft_id),
        )
    text = "{draft} was adopted: {reason}" if e.adopted else "{draft} was not adopted: {reason}"
    return say(text, draft=n.draft(e.draft_id), reason=e.reason_say or e.reason)


def _ballot(n: Narrator, e: ev.BallotCast) -> Message:
    sees = not e.hidden or n.viewer in (CHAIR, SYSTEM, e.voter)
    if not sees:
        return say("{member} has voted.", member=n.who(e.voter))
    return say(
        "{member} voted {choice}.",
        member=n.who(e.voter),
        choice=say(CHOICE_WORDS.get(e.choice, e.choice)),
    )


def _vote_closed(n: Narrator, e: ev.VoteClosed) -> Message:
    return result_message(n, e.result)


def result_message(n: Narrator, result: VoteResult) -> Message:
    """A vote's result in one line: the question, adopted or not (and by whose veto), the
    tally."""
    tally = result.tally
    counts = say(
        "{yes} in favour, {no} against, {abstain} abstaining",
        yes=tally.get("yes", 0),
        no=tally.get("no", 0),
        abstain=tally.get("abstain", 0),
    )
    if result.vetoed_by:
        return say(
            "{title}: not adopted, vetoed by {vetoers} ({counts}).",
            title=result.title_say or result.title,
            vetoers=n.names(result.vetoed_by),
            counts=counts,
        )
    if result.method == "consensus":
        text = "{title}: adopted without a vote." if result.adopted else "{title}: no consensus."
        return say(text, title=result.title_say or result.title)
    text = "{title}: adopted ({counts})." if result.adopted else "{title}: not adopted ({counts})."
    return say(text, title=result.title_say or result.title, counts=counts)


def _note_sent(n: Narrator, e: ev.NoteSent) -> Message | None:
    note = e.note
    if n.viewer not in (CHAIR, SYSTEM, note.sender, *note.recipients):
        return None
    return say(
        "Note from {sender} to {recipients}.",
        sender=n.who(note.sender),
        recipients=n.names(note.recipients),
    )


def _note_moderated(n: Narrator, e: ev.NoteModerated) -> Message | None:
    if n.viewer not in (CHAIR, SYSTEM, e.note.sender, *e.note.recipients):
        return None
    text = (
        "The chair passed on a note from {sender}."
        if e.approved
        else "The chair held back a note from {sender}."
    )
    return say(text, sender=n.who(e.note.sender))


# ---------------------------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------------------------


def _indicator(n: Narrator, e: w.IndicatorChanged) -> Message:
    return say(
        "{dimension} security in {place}: {before} → {after} ({change}), because of {cause}.",
        dimension=dimension_name(e.dimension),
        place=n.place(e.place),
        before=round(e.before),
        after=round(e.after),
        change=f"{e.after - e.before:+g}",
        cause=e.cause.message(),
    )


def _trust(n: Narrator, e: w.TrustChanged) -> Message:
    first, second = e.between
    if e.one_way:
        return say(
            "Trust of {first} in {second}: {before} → {after}, because of {cause}.",
            first=n.who(first),
            second=n.who(second),
            before=round(e.before),
            after=round(e.after),
            cause=e.cause.message(),
        )
    return say(
        "Trust between {first} and {second}: {before} → {after}, because of {cause}.",
        first=n.who(first),
        second=n.who(second),
        before=round(e.before),
        after=round(e.after),
        cause=e.cause.message(),
    )


def _status(n: Narrator, e: w.StatusChanged) -> Message:
    text = (
        "{member}: {label} ({cause})." if e.active else "{member} is no longer {label} ({cause})."
    )
    return say(text, member=n.who(e.actor), label=e.label, cause=e.cause.message())


def _pledge_made(n: Narrator, e: w.PledgeMade) -> Message | None:
    p = e.pledge
    if n.viewer not in (CHAIR, SYSTEM, p.pledger, p.recipient):
        return None
    return say(
        "{pledger} promised {recipient} to vote {choice} on {draft}.",
        pledger=n.who(p.pledger),
        recipient=n.who(p.recipient),
        choice=say(CHOICE_WORDS.get(p.choice, p.choice)),
        draft=n.draft(p.draft_id),
    )


def _pledge_resolved(n: Narrator, e: w.PledgeResolved) -> Message | None:
    if n.viewer not in (CHAIR, SYSTEM, e.pledger, e.recipient):
        return None
    text = (
        "{pledger} kept its promise to {recipient}."
        if e.kept
        else "{pledger} broke its promise to {recipient}: it voted {actual}."
    )
    return say(
        text,
        pledger=n.who(e.pledger),
        recipient=n.who(e.recipient),
        actual=say(CHOICE_WORDS.get(e.actual, e.actual)),
    )


FRAME_USES = {
    "speech": "{member} will speak from the frame {frame}.",
    "note": "{member} argued from the frame {frame} in a note.",
    "draft": "{member} frames its draft as {frame}.",
    "press": "{member}'s published story argues from the frame {frame}.",
}


def _frame_invoked(n: Narrator, e: w.FrameInvoked) -> Message | None:
    if e.via == "note" and n.viewer not in (CHAIR, SYSTEM, e.actor):
        return None  # a note is private: so is the frame it argued from
    text = FRAME_USES[e.via]
    return say(text, member=n.who(e.actor), frame=n.state.world.rules.frames.get(e.frame, e.frame))
def _consent(n: Narrator, e: w.ConsentDecided) -> Message:
    if e.clause is None and e.provider is None:
        if e.withdrawn:
            return say("{state} withdraws its consent to action on its territory.",
                       state=n.who(e.state))
        return say(
            "{state} gives its consent to action on its territory."
            if e.given
            else "{state} refuses its consent to action on its territory.",
            state=n.who(e.state),
        )
    scope = e.clause if e.clause is not None else n.who(e.provider or "")
    if e.withdrawn:
        return say("{state} withdraws its consent to {scope}.", state=n.who(e.state), scope=scope)
    return say(
        "{state} gives its consent to {scope}." if e.given else "{state} refuses {scope}.",
        state=n.who(e.state),
        scope=scope,
    )


def _simple(
    text: str, **fields: Callable[[Narrator, Any], Any]
) -> Callable[[Narrator, Any], Message]:
    """A narration whose parameters are each worked out from the event by a small function."""

    def narrate(n: Narrator, e: Any) -> Message:
        return say(text, **{name: pick(n, e) for name, pick in fields.items()})

    return narrate


def _actor_action(n: Narrator, e: Any) -> Message:
    if e.target is not None:
        return say(
            "{member} names {target} as blocking: {title} (uses left: {left}).",
            member=n.who(e.actor), target=n.who(e.target), title=e.title, left=e.uses_left,
        )
    return say(
        "{member}: {title} (uses left: {left}).",
        member=n.who(e.actor), title=e.title, left=e.uses_left,
    )


CONFERENCE_RECEIVED = {
    "veto_debate": "After a veto in the {committee}, the Assembly is to debate the use of the "
    "veto on {title} (resolution 76/262).",
    "resolution": "The {committee} adopted {title}; it now bears on this room.",
    "crisis": "Crisis from {committee}: {title}",
}
CONFERENCE_SENT = {
    "veto_debate": "The veto on {title} goes to {committees} for debate (resolution 76/262).",
    "resolution": "{title} has been sent to {committees}.",
    "crisis": "Crisis sent to {committees}: {title}",
}


def _simple_choice(
    flag: str, yes: str, no: str, **fields: Callable[[Narrator, Any], Any]
) -> Callable[[Narrator, Any], Message]:
    """One of two sentences by an event's boolean ``flag`` (both are named for the extractor)."""

    def narrate(n: Narrator, e: Any) -> Message:
        text = yes if getattr(e, flag) else no
        return say(text, **{name: pick(n, e) for name, pick in fields.items()})

    return narrate


NARRATIONS: dict[type, Callable[[Narrator, Any], Message | None]] = {
    ev.AttendanceRecorded: _attendance,
    ev.MeetingOpened: _simple("The meeting is open."),
    ev.MeetingSuspended: _simple("The meeting is suspended."),
    ev.MeetingResumed: _simple("The meeting has resumed."),
    ev.MeetingAdjourned: _simple("The meeting is adjourned."),
    ev.ClockPaused: _simple("The clock is paused: every timer keeps what it has left."),
    ev.ClockResumed: _simple("The clock runs again."),
    ev.AgendaSet: _simple(
        "Agenda item: {item}.",
        item=lambda n, e: next((a.title for a in n.state.setup.agenda if a.id == e.item), e.item),
    ),
    ev.SpeakingTimeSet: _simple(
        "Speaking time is now {seconds} seconds.", seconds=lambda n, e: round(e.seconds)
    ),
    ev.SpeakerAdded: _speaker_added,
    ev.SpeakerRemoved: _simple(
        "{member} left the speakers list.", member=lambda n, e: n.who(e.member)
    ),
    ev.SpeakersListClosed: _simple("The speakers list is closed."),
    ev.FloorGiven: _floor_given,
    ev.FloorYieldedToQuestions: _simple(
        "{speaker} takes questions.", speaker=lambda n, e: n.who(e.speaker)
    ),
    ev.QuestionerRecognized: _simple(
        "{member} may ask a question.", member=lambda n, e: n.who(e.member)
    ),
    ev.FloorEnded: _floor_ended,
    ev.RightOfReplyRequested: _simple(
        "{member} asks for a right of reply.", member=lambda n, e: n.who(e.request.member)
    ),
    ev.RightOfReplyRuled: lambda n, e: say(
        "The chair granted {member} a right of reply."
        if e.granted
        else "The chair refused {member} a right of reply.",
        member=n.who(e.member),
    ),
    ev.PointRaised: _point_raised,
    ev.PointRuled: _simple(
        "The chair ruled: {ruling}", ruling=lambda n, e: e.ruling.text_say or e.ruling.text
    ),
    ev.MotionProposed: _motion_proposed,
    ev.MotionWithdrawn: _simple(
        "The {motion} was withdrawn.", motion=lambda n, e: _motion_of(n, e.motion_id)
    ),
    ev.MotionObjected: _simple(
        "{member} objected to the {motion}.",
        member=lambda n, e: n.who(e.member),
        motion=lambda n, e: _motion_of(n, e.motion_id),
    ),
    ev.MotionEntertained: _simple(
        "The chair takes up the {motion}.", motion=lambda n, e: _motion_of(n, e.motion_id)
    ),
    ev.MotionRuledOutOfOrder: _simple(
        "The chair ruled the {motion} out of order: {reason}",
        motion=lambda n, e: _motion_of(n, e.motion_id),
        reason=lambda n, e: e.ruling.text_say or e.ruling.text,
    ),
    ev.MotionDecided: _motion_decided,
    ev.ProceduralCharacterContested: lambda n, e: say(
        "The chair puts the preliminary question: is the {motion} procedural?"
        if e.by in (CHAIR, SYSTEM)
        else "{member} disputes that the {motion} is procedural: the preliminary question "
        "comes first.",
        member=n.who(e.by),
        motion=_motion_of(n, e.motion_id),
    ),
    ev.PreliminaryQuestionDecided: lambda n, e: say(
        "The {motion} is procedural: {reason}"
        if e.classification == "procedural"
        else "The {motion} is a substantive question, so the veto applies: {reason}",
        motion=_motion_of(n, e.motion_id),
        reason=e.reason,
    ),
    ev.QuestionDeclaredImportant: _simple(
        "{draft} is an important question: it needs a two-thirds majority.",
        draft=lambda n, e: n.draft(e.draft_id),
    ),
    ev.MotionReinstated: _simple(
        "The {motion} is before the committee again.", motion=lambda n, e: n.motion(e.motion.kind)
    ),
    ev.CaucusStarted: _caucus_started,
    ev.CaucusEnded: lambda n, e: say(
        "The caucus is over: its time is up."
        if e.reason == "time_up"
        else "The chair ended the caucus."
    ),
    ev.TimeExtended: _time_extended,
    ev.DebateAdjourned: _simple("Debate on the item is adjourned."),
    ev.VotingProcedureStarted: _simple(
        "Voting procedure: nothing else is in order until the votes are done."
    ),
    ev.VotingProcedureEnded: _simple("Voting procedure is over."),
    ev.RollCallRequested: _simple(
        "{member} asked for a roll-call vote.", member=lambda n, e: n.who(e.member)
    ),
    ev.QuestionDivided: _simple(
        "{draft} will be voted on in {count} parts.",
        draft=lambda n, e: n.draft(e.draft_id),
        count=lambda n, e: len(e.parts),
    ),
    ev.RulingOverturned: _simple("The committee overturned the chair's ruling."),
    ev.ReconsiderationOpened: _simple(
        "{draft} is open for reconsideration.", draft=lambda n, e: n.draft(e.draft_id)
    ),
    ev.DraftSubmitted: _simple(
        "{member} submitted {draft}.",
        member=lambda n, e: n.who(e.draft.sponsors[0]) if e.draft.sponsors else say("nobody"),
        draft=lambda n, e: say("{id} “{title}”", id=e.draft.id, title=e.draft.title),
    ),
    ev.DraftSigned: lambda n, e: say(
        "{member} now sponsors {draft}." if e.as_sponsor else "{member} signed {draft}.",
        member=n.who(e.signer),
        draft=n.draft(e.draft_id),
    ),
    ev.DraftUnsigned: _simple(
        "{member} withdrew its signature from {draft}.",
        member=lambda n, e: n.who(e.signer),
        draft=lambda n, e: n.draft(e.draft_id),
    ),
    ev.DraftIntroduced: _simple("{draft} is introduced.", draft=lambda n, e: n.draft(e.draft_id)),
    ev.DraftWithdrawn: _simple("{draft} was withdrawn.", draft=lambda n, e: n.draft(e.draft_id)),
    ev.AmendmentSubmitted: _amendment_submitted,
    ev.AmendmentAccepted: _simple(
        "{member} accepted {amendment}.",
        member=lambda n, e: n.who(e.sponsor),
        amendment=lambda n, e: n.amendment(e.amendment_id),
    ),
    ev.AmendmentIncorporated: _simple(
        "{amendment} is now part of the draft.", amendment=lambda n, e: n.amendment(e.amendment_id)
    ),
    ev.AmendmentDeclined: _simple(
        "{member} declined {amendment}; it can be put to a vote.",
        member=lambda n, e: n.who(e.by),
        amendment=lambda n, e: n.amendment(e.amendment_id),
    ),
    ev.AmendmentWithdrawn: _simple(
        "{amendment} was withdrawn.", amendment=lambda n, e: n.amendment(e.amendment_id)
    ),
    ev.AmendmentRuledFriendly: _simple(
        "Every sponsor agreed: the chair declared {amendment} friendly.",
        amendment=lambda n, e: n.amendment(e.amendment_id),
    ),
    ev.AmendmentsOrdered: _simple(
        "The chair set the order of the votes on the amendments to {draft}: {order}.",
        draft=lambda n, e: n.draft(e.draft_id),
        order=lambda n, e: ", ".join(e.order),
    ),
    ev.AmendmentDecided: _amendment_decided,
    ev.DivisionPartDecided: lambda n, e: say(
        "Part {part} of {draft} was adopted."
        if e.adopted
        else "Part {part} of {draft} was rejected.",
        part=e.part,
        draft=n.draft(e.draft_id),
    ),
    ev.DraftDecided: _draft_decided,
    ev.VoteOpened: _simple(
        "Voting is open: {title}.", title=lambda n, e: e.vote.title_say or e.vote.title
    ),
    ev.BallotCast: _ballot,
    ev.RollCallSkipped: _simple(
        "{member} did not answer the roll call.", member=lambda n, e: n.who(e.voter)
    ),
    ev.VoteClosed: _vote_closed,
    ev.ConsultationsOpened: _simple(
        "No consensus on {draft}: {objectors} objected. The President will consult them and "
        "put a revised text again; the item stays open.",
        draft=lambda n, e: n.draft(e.draft_id),
        objectors=lambda n, e: n.names(e.objectors),
    ),
    ev.ConsensusNotReached: _simple(
        "No consensus: {objectors} objected.", objectors=lambda n, e: n.names(e.objectors)
    ),
    ev.NoteSent: _note_sent,
    ev.NoteModerated: _note_moderated,
    w.IndicatorChanged: _indicator,
    w.TrustChanged: _trust,
    w.StatusChanged: _status,
    w.ConsentDecided: _consent,
    w.EffectWithheld: _simple(
        "{draft}, {clause}, is not carried out: {reason}",
        draft=lambda n, e: n.draft(e.draft_id),
        clause=lambda n, e: e.clause_id,
        reason=lambda n, e: e.reason,
    ),
    w.WithheldReleased: _simple(
        "{draft}, {clause}, is now carried out: {state} consented.",
        draft=lambda n, e: n.draft(e.draft_id),
        clause=lambda n, e: e.clause_id,
        state=lambda n, e: n.who(e.state),
    ),
    w.PledgeMade: _pledge_made,
    w.PledgeResolved: _pledge_resolved,
    w.ScriptedEventFired: _simple(
        "Event: {title} ({trigger}).",
        title=lambda n, e: e.title,
        trigger=lambda n, e: e.trigger_say or e.trigger,
    ),
    w.NewsPublished: _simple("News: {headline}", headline=lambda n, e: e.news.headline),
    w.AgendaItemRevealed: _simple("New agenda item: {title}.", title=lambda n, e: e.title),
    w.ConferenceItemReceived: lambda n, e: say(
        CONFERENCE_RECEIVED[e.kind], committee=e.from_committee, title=e.title
    ),
    w.ConferenceItemSent: lambda n, e: say(
        CONFERENCE_SENT[e.kind], committees=joined(list(e.to_committees), ", "), title=e.title
    ),
    w.SeatChanged: lambda n, e: say(
        SEAT_MOVES[e.becomes], member=n.who(e.actor), cause=e.cause.message()
    ),
    w.RoundEnded: _simple(
        "Round {round} of the crisis is over: the situation has moved on.",
        round=lambda n, e: e.round,
    ),
    w.ClausePhasedIn: _simple(
        "{draft}, {clause}, takes effect in {parts} parts, one per round, while {basis} holds.",
        draft=lambda n, e: n.draft(e.draft_id),
        clause=lambda n, e: e.clause_id,
        parts=lambda n, e: e.parts,
        basis=lambda n, e: e.basis,
    ),
    w.ClausePartApplied: _simple(
        "{draft}, {clause}: one more part takes effect ({left} to come).",
        draft=lambda n, e: n.draft(e.draft_id),
        clause=lambda n, e: e.clause_id,
        left=lambda n, e: e.parts_left,
    ),
    w.ClauseStopped: _simple(
        "{draft}, {clause}, stops: {state} no longer consents ({left} parts will not come).",
        draft=lambda n, e: n.draft(e.draft_id),
        clause=lambda n, e: e.clause_id,
        state=lambda n, e: n.who(e.state),
        left=lambda n, e: e.parts_left,
    ),
    w.ActorActionTaken: _actor_action,
    w.PressItemFiled: _simple(
        "{member} filed a news item for approval: {headline}",
        member=lambda n, e: n.who(e.item.by),
        headline=lambda n, e: e.item.headline,
    ),
    w.PressItemModerated: _simple_choice(
        "approved",
        "The chair approved {member}'s news item {item}: it is published.",
        "The chair rejected {member}'s news item {item}: it stays unpublished.",
        member=lambda n, e: n.who(e.by),
        item=lambda n, e: e.item_id,
    ),
    w.BotSeatAssigned: _simple("A bot now plays {member}.", member=lambda n, e: n.who(e.seat)),
    w.BotSeatReleased: _simple(
        "A student plays {member} again.", member=lambda n, e: n.who(e.seat)
    ),
    w.FrameInvoked: _frame_invoked,
    # Votes on drafts are public (a secret ballot records no defection), so everyone sees it.
    w.BlocNoteSent: _bloc_note,
    w.CommonPositionProposed: _common_position,
    w.CommonPositionSigned: _position_signed,
    w.BlocSpeakerNamed: _simple(
        "{by} named {member} to speak on behalf of {bloc}.",
        by=lambda n, e: n.who(e.by),
        member=lambda n, e: n.who(e.member),
        bloc=lambda n, e: n.bloc(e.bloc),
    ),
    w.BlocDefected: _simple(
        "{member} broke with the {bloc} common position on {draft}: the group voted {position}, "
        "it voted {choice}.",
        member=lambda n, e: n.who(e.member),
        bloc=lambda n, e: e.bloc,
        draft=lambda n, e: n.draft(e.draft_id),
        position=lambda n, e: say(CHOICE_WORDS.get(e.position, e.position)),
        choice=lambda n, e: say(CHOICE_WORDS.get(e.choice, e.choice)),
    ),
}


def narrate(event: Any, state: SessionState, viewer: str = CHAIR) -> Message | None:
    """``event`` as a message for ``viewer`` (None for an event it may not read, or one that
    says nothing), with names and titles as ``state`` knows them."""
    return Narrator(state, viewer).narrate(event)
