"""``evolve(state, event)``: fold one event into the state. Mechanical: no rules are checked here.

Every event advances ``serial`` by one, so ids made from it are the same live and on replay.
"""

from __future__ import annotations

from typing import Any

from game_rules.session import events as ev
from game_rules.session.drafting import Clause
from game_rules.session.state import (
    AgendaItem,
    Amendment,
    Ballot,
    Draft,
    Floor,
    SessionState,
    Vote,
    VotingItem,
    VotingProcedure,
)
from game_rules.session.world import (
    AgendaItemRevealed,
    SeatChanged,
    WorldEvent,
    fold_world,
    is_world_event,
)


def amended_clauses(draft: Draft, amendment: Amendment) -> tuple[Clause, ...]:
    """The draft's clauses after ``amendment`` takes effect."""
    clauses = list(draft.clauses)
    if amendment.action == "delete":
        return tuple(c for c in clauses if c.id != amendment.target_clause)
    assert amendment.clause is not None
    new_clause = amendment.clause
    if amendment.action == "modify":
        return tuple(new_clause if c.id == amendment.target_clause else c for c in clauses)
    ids = [c.id for c in clauses]
    if amendment.after_clause in ids:
        position = ids.index(amendment.after_clause) + 1
    elif new_clause.kind == "preambular":
        position = sum(1 for c in clauses if c.kind == "preambular")
    else:
        position = len(clauses)
    clauses.insert(position, new_clause)
    return tuple(clauses)


def _replace_draft(state: SessionState, draft_id: str, **changes: Any) -> tuple[Draft, ...]:
    return tuple(d.model_copy(update=changes) if d.id == draft_id else d for d in state.drafts)


def _replace_amendment(
    amendments: tuple[Amendment, ...], amendment_id: str, **changes: Any
) -> tuple[Amendment, ...]:
    return tuple(a.model_copy(update=changes) if a.id == amendment_id else a for a in amendments)


def _without_items(voting: VotingProcedure | None, drop: Any) -> VotingProcedure | None:
    if voting is None:
        return None
    return voting.model_copy(update={"queue": tuple(i for i in voting.queue if not drop(i))})


def _advance_roll(vote: Vote) -> Vote:
    position = vote.roll_position + 1
    if position >= len(vote.roll_queue()) and vote.roll_round == 1:
        second = vote.model_copy(update={"roll_round": 2, "roll_position": 0})
        if second.roll_queue():
            return second
    return vote.model_copy(update={"roll_position": position})


def _extended(state: SessionState, timer: str, seconds: float, deadline: float) -> dict[str, Any]:
    """The chair's extension (``time_extended``): the timer's new deadline and allotted time."""
    if timer == "floor" and state.floor is not None:
        floor = state.floor
        allotted = floor.seconds + seconds
        return {"floor": floor.model_copy(update={"deadline": deadline, "seconds": allotted})}
    if timer == "caucus" and state.caucus is not None:
        return {"caucus": state.caucus.model_copy(update={"deadline": deadline})}
    if timer == "vote" and state.vote is not None:
        return {"vote": state.vote.model_copy(update={"deadline": deadline})}
    return {}


def _reordered_amendments(
    voting: VotingProcedure | None, draft_id: str, order: tuple[str, ...]
) -> VotingProcedure | None:
    """Put the draft's queued amendments in the chair's order, in the slots they occupied."""
    if voting is None:
        return None
    queue = list(voting.queue)
    slots = [n for n, i in enumerate(queue) if i.kind == "amendment" and i.draft_id == draft_id]
    rank = {amendment_id: n for n, amendment_id in enumerate(order)}
    items = sorted((queue[n] for n in slots), key=lambda i: rank.get(i.ref, len(rank)))
    for slot, item in zip(slots, items, strict=True):
        queue[slot] = item
    return voting.model_copy(update={"queue": tuple(queue)})


def _procedure_side(state: SessionState, event: WorldEvent) -> SessionState:
    """What a game event changes in the procedure: an agenda item added by a scripted event
    joins the forum's agenda; a seat moved by one joins the members or the observers."""
    setup = state.setup
    match event:
        case AgendaItemRevealed(item=item, title=title, description=description, i18n=i18n):
            if any(i.id == item for i in setup.agenda):
                return state
            added = AgendaItem(id=item, title=title, description=description, i18n=i18n)
            return state.model_copy(
                update={"setup": setup.model_copy(update={"agenda": (*setup.agenda, added)})}
            )
        case SeatChanged(actor=actor, becomes=becomes):
            delegation = setup.delegation(actor)
            if delegation is None:
                return state
            members = tuple(m for m in setup.members if m.id != actor)
            observers = tuple(o for o in setup.observers if o.id != actor)
            if becomes == "member":
                members = (*members, delegation)
            else:
                observers = (*observers, delegation)
            # A draft's parties must be members (SC Art. 27(3) abstention); one who left is not.
            drafts = tuple(
                d.model_copy(update={"parties": tuple(p for p in d.parties if p != actor)})
                if becomes != "member" and actor in d.parties
                else d
                for d in setup.drafts
            )
            attendance = dict(state.attendance)
            if becomes == "withdrawn":
                attendance[actor] = "absent"
            elif becomes == "observer" and attendance.get(actor) == "present_and_voting":
                attendance[actor] = "present"
            new_setup = setup.model_copy(
                update={"members": members, "observers": observers, "drafts": drafts}
            )
            return state.model_copy(update={"setup": new_setup, "attendance": attendance})
    return state


def _shift(deadline: float | None, by: float) -> float | None:
    return None if deadline is None else deadline + by


def evolve(state: SessionState, event: ev.Event) -> SessionState:
    """The state after ``event``."""
    if is_world_event(event):
        world_side = _procedure_side(state, event)
        return world_side.model_copy(
            update={
                "serial": world_side.serial + 1,
                "last_event_at": event.at,
                "world": fold_world(world_side.world, event),
            }
        )
    state = state.model_copy(update={"serial": state.serial + 1, "last_event_at": event.at})
    update: dict[str, Any] = {}
    match event:
        case ev.AttendanceRecorded(member=member, status=status):
            update["attendance"] = {**state.attendance, member: status}
        case ev.MeetingOpened():
            update.update(meeting="open", suspension_deadline=None)
        case ev.MeetingSuspended(deadline=deadline):
            update.update(
                meeting="suspended", suspension_deadline=deadline, floor=None, caucus=None
            )
        case ev.MeetingResumed():
            update.update(meeting="open", suspension_deadline=None)
        case ev.MeetingAdjourned():
            update.update(
                meeting="adjourned", suspension_deadline=None, floor=None, caucus=None, motions=()
            )
        case ev.ClockPaused(at=at):
            update["paused_at"] = at
        case ev.ClockResumed(paused_for=by):
            update["paused_at"] = None
            update["paused_total"] = state.paused_total + by
            update["suspension_deadline"] = _shift(state.suspension_deadline, by)
            if state.floor is not None:
                update["floor"] = state.floor.model_copy(
                    update={"deadline": state.floor.deadline + by}
                )
            if state.caucus is not None:
                update["caucus"] = state.caucus.model_copy(
                    update={"deadline": state.caucus.deadline + by}
                )
            if state.vote is not None and state.vote.deadline is not None:
                update["vote"] = state.vote.model_copy(
                    update={"deadline": state.vote.deadline + by}
                )
        case ev.AgendaSet(item=item):
            update.update(
                agenda_item=item, speakers=(), speaking_for={}, speakers_closed=False, floor=None
            )
        case ev.SpeakingTimeSet(seconds=seconds):
            update["speaking_time"] = seconds
        case ev.SpeakerAdded(member=member, on_behalf_of=bloc):
            update["speakers"] = (*state.speakers, member)
            speaking_for = {k: v for k, v in state.speaking_for.items() if k != member}
            if bloc is not None:
                speaking_for[member] = bloc
            update["speaking_for"] = speaking_for
        case ev.SpeakerRemoved(member=member):
            speakers = list(state.speakers)
            speakers.remove(member)
            update["speakers"] = tuple(speakers)
            update["speaking_for"] = {
                k: v for k, v in state.speaking_for.items() if k != member
            }
        case ev.SpeakersListClosed():
            update["speakers_closed"] = True
        case ev.FloorGiven() as given:
            update["floor"] = Floor(
                speaker=given.speaker,
                kind=given.kind,
                started_at=given.at,
                seconds=given.seconds,
                deadline=(state.paused_at if state.paused_at is not None else given.at)
                + given.seconds,
                may_yield=given.may_yield,
                yielded_by=given.yielded_by,
                on_behalf_of=given.on_behalf_of,
            )
            if given.from_list:
                update["speakers"] = state.speakers[1:]
                update["speaking_for"] = {
                    k: v for k, v in state.speaking_for.items() if k != given.speaker
                }
        case ev.FloorYieldedToQuestions():
            assert state.floor is not None
            update["floor"] = state.floor.model_copy(
                update={"answering_questions": True, "may_yield": False}
            )
        case ev.QuestionerRecognized(member=member):
            assert state.floor is not None
            update["floor"] = state.floor.model_copy(update={"questioner": member})
        case ev.FloorEnded():
            update["floor"] = None
        case ev.RightOfReplyRequested(request=request):
            update["reply_requests"] = (*state.reply_requests, request)
        case ev.RightOfReplyRuled(request_id=request_id):
            update["reply_requests"] = tuple(r for r in state.reply_requests if r.id != request_id)
        case ev.PointRaised(point=point):
            update["points"] = (*state.points, point)
        case ev.PointRuled(point_id=point_id, ruling=ruling):
            update["points"] = tuple(p for p in state.points if p.id != point_id)
            update["rulings"] = (*state.rulings, ruling)
        case ev.MotionProposed(motion=motion):
            update["motions"] = (*state.motions, motion)
        case ev.MotionWithdrawn(motion_id=motion_id):
            update["motions"] = tuple(m for m in state.motions if m.id != motion_id)
        case ev.MotionObjected(motion_id=motion_id, member=member):
            update["motions"] = tuple(
                m.model_copy(update={"objections": (*m.objections, member)})
                if m.id == motion_id
                else m
                for m in state.motions
            )
        case ev.MotionEntertained(motion_id=motion_id):
            update["motions"] = tuple(
                m.model_copy(update={"status": "entertained"}) if m.id == motion_id else m
                for m in state.motions
            )
        case ev.MotionRuledOutOfOrder(motion_id=motion_id, ruling=ruling):
            update["motions"] = tuple(m for m in state.motions if m.id != motion_id)
            update["rulings"] = (*state.rulings, ruling)
        case ev.MotionDecided(motion_id=motion_id, lapsed=lapsed):
            gone = {motion_id, *lapsed}
            update["motions"] = tuple(m for m in state.motions if m.id not in gone)
        case ev.MotionReinstated(motion=motion):
            update["motions"] = (*state.motions, motion)
        case ev.ProceduralCharacterContested(motion_id=motion_id, by=by):
            update["motions"] = tuple(
                m.model_copy(update={"contested_by": by}) if m.id == motion_id else m
                for m in state.motions
            )
        case ev.PreliminaryQuestionDecided(motion_id=motion_id, classification=classification):
            update["motions"] = tuple(
                m.model_copy(update={"classification": classification}) if m.id == motion_id else m
                for m in state.motions
            )
        case ev.QuestionDeclaredImportant(draft_id=draft_id, rule=rule):
            update["drafts"] = _replace_draft(state, draft_id, rule=rule)
        case ev.CaucusStarted(caucus=caucus):
            update.update(caucus=caucus, floor=None)
        case ev.CaucusEnded():
            update["caucus"] = None
            if state.floor is not None and state.floor.kind == "caucus":
                update["floor"] = None
        case ev.TimeExtended(timer=timer, seconds=seconds, deadline=deadline):
            update.update(_extended(state, timer, seconds, deadline))
        case ev.DebateAdjourned():
            update.update(
                agenda_item=None,
                speakers=(),
                speaking_for={},
                speakers_closed=False,
                floor=None,
                caucus=None,
            )
        case ev.VotingProcedureStarted(procedure=procedure):
            update.update(voting=procedure, floor=None, caucus=None)
        case ev.VotingProcedureEnded(item_concluded=item):
            update["voting"] = None
            if item is not None:
                update.update(
                    agenda_item=None,
                    agenda_done=(*state.agenda_done, item),
                    speakers=(),
                    speaking_for={},
                    speakers_closed=False,
                )
        case ev.RollCallRequested(member=member):
            assert state.voting is not None
            update["voting"] = state.voting.model_copy(
                update={"roll_call_requested_by": (*state.voting.roll_call_requested_by, member)}
            )
        case ev.QuestionDivided(draft_id=draft_id, parts=parts):
            update["drafts"] = _replace_draft(state, draft_id, division=parts)
            if state.voting is not None:
                queue = list(state.voting.queue)
                for index, queued in enumerate(queue):
                    if queued.kind == "draft" and queued.ref == draft_id:
                        queue[index:index] = [
                            VotingItem(
                                kind="division_part", ref=draft_id, draft_id=draft_id, part=n
                            )
                            for n in range(len(parts))
                        ]
                        break
                update["voting"] = state.voting.model_copy(update={"queue": tuple(queue)})
        case ev.RulingOverturned(ruling_id=ruling_id):
            update["rulings"] = tuple(
                r.model_copy(update={"overturned": True}) if r.id == ruling_id else r
                for r in state.rulings
            )
        case ev.ReconsiderationOpened(draft_id=draft_id):
            update["drafts"] = _replace_draft(state, draft_id, status="introduced", division=())
            if state.voting is not None:
                update["voting"] = state.voting.model_copy(
                    update={
                        "queue": (
                            *state.voting.queue,
                            VotingItem(kind="draft", ref=draft_id, draft_id=draft_id),
                        )
                    }
                )
        case ev.DraftSubmitted(draft=new_draft):
            update["drafts"] = (*state.drafts, new_draft)
        case ev.DraftSigned(draft_id=draft_id, signer=signer, as_sponsor=as_sponsor):
            draft = state.draft(draft_id)
            assert draft is not None
            if as_sponsor:
                update["drafts"] = _replace_draft(
                    state, draft_id, sponsors=(*draft.sponsors, signer)
                )
            else:
                update["drafts"] = _replace_draft(
                    state, draft_id, signatories=(*draft.signatories, signer)
                )
        case ev.DraftUnsigned(draft_id=draft_id, signer=signer):
            draft = state.draft(draft_id)
            assert draft is not None
            update["drafts"] = _replace_draft(
                state,
                draft_id,
                signatories=tuple(s for s in draft.signatories if s != signer),
            )
        case ev.DraftIntroduced(draft_id=draft_id):
            update["drafts"] = _replace_draft(state, draft_id, status="introduced")
        case ev.DraftWithdrawn(draft_id=draft_id):
            update["drafts"] = _replace_draft(state, draft_id, status="withdrawn")
            update["voting"] = _without_items(state.voting, lambda i: i.draft_id == draft_id)
        case ev.AmendmentSubmitted(amendment=new_amendment):
            update["amendments"] = (*state.amendments, new_amendment)
        case ev.AmendmentAccepted(amendment_id=amendment_id, sponsor=sponsor):
            amendment = state.amendment(amendment_id)
            assert amendment is not None
            update["amendments"] = _replace_amendment(
                state.amendments, amendment_id, accepted_by=(*amendment.accepted_by, sponsor)
            )
        case ev.AmendmentIncorporated(amendment_id=amendment_id):
            amendment = state.amendment(amendment_id)
            draft = state.draft(amendment.draft_id) if amendment else None
            assert amendment is not None and draft is not None
            update["amendments"] = _replace_amendment(
                state.amendments, amendment_id, status="incorporated"
            )
            update["drafts"] = _replace_draft(
                state, draft.id, clauses=amended_clauses(draft, amendment)
            )
        case ev.AmendmentDeclined(amendment_id=amendment_id):
            update["amendments"] = _replace_amendment(
                state.amendments, amendment_id, status="declined"
            )
        case ev.AmendmentWithdrawn(amendment_id=amendment_id):
            update["amendments"] = _replace_amendment(
                state.amendments, amendment_id, status="withdrawn"
            )
            update["voting"] = _without_items(
                state.voting, lambda i: i.kind == "amendment" and i.ref == amendment_id
            )
        case ev.AmendmentRuledFriendly(amendment_id=amendment_id, sponsors=sponsors):
            update["amendments"] = _replace_amendment(
                state.amendments, amendment_id, friendly=True, accepted_by=sponsors
            )
        case ev.AmendmentsOrdered(draft_id=draft_id, order=order):
            update["drafts"] = _replace_draft(state, draft_id, amendment_order=order)
            update["voting"] = _reordered_amendments(state.voting, draft_id, order)
        case ev.AmendmentDecided(amendment_id=amendment_id, adopted=adopted, fallen=fallen):
            amendment = state.amendment(amendment_id)
            draft = state.draft(amendment.draft_id) if amendment else None
            assert amendment is not None and draft is not None
            amendments = _replace_amendment(
                state.amendments, amendment_id, status="adopted" if adopted else "rejected"
            )
            for fallen_id in fallen:
                amendments = _replace_amendment(amendments, fallen_id, status="fallen")
            update["amendments"] = amendments
            clauses = amended_clauses(draft, amendment) if adopted else draft.clauses
            update["drafts"] = _replace_draft(
                state, draft.id, clauses=clauses, amendment_voted=True
            )
            gone = {amendment_id, *fallen}
            update["voting"] = _without_items(
                state.voting, lambda i: i.kind == "amendment" and i.ref in gone
            )
        case ev.DivisionPartDecided(draft_id=draft_id, part=part, adopted=adopted):
            draft = state.draft(draft_id)
            assert draft is not None
            if not adopted:
                removed = set(draft.division[part])
                update["drafts"] = _replace_draft(
                    state, draft_id, clauses=tuple(c for c in draft.clauses if c.id not in removed)
                )
            update["voting"] = _without_items(
                state.voting,
                lambda i: i.kind == "division_part" and i.draft_id == draft_id and i.part == part,
            )
        case ev.DraftDecided(draft_id=draft_id, adopted=adopted):
            update["drafts"] = _replace_draft(
                state, draft_id, status="adopted" if adopted else "rejected"
            )
            update["voting"] = _without_items(state.voting, lambda i: i.draft_id == draft_id)
        case ev.VoteOpened(vote=opened):
            update["vote"] = opened
            if state.voting is not None:
                # A request for a roll call (GA rule 87) applies to the next vote only.
                update["voting"] = state.voting.model_copy(update={"roll_call_requested_by": ()})
            if opened.subject.kind == "motion":
                update["motions"] = tuple(
                    m.model_copy(update={"status": "voting"}) if m.id == opened.subject.ref else m
                    for m in state.motions
                )
        case ev.BallotCast(voter=voter, choice=choice, round=round_number, at=at):
            assert state.vote is not None
            ballot = Ballot(
                voter=voter, choice=choice, round=round_number, at=at, by_student=event.by_student
            )
            vote = state.vote.model_copy(
                update={
                    "ballots": (*state.vote.ballots, ballot)
                }
            )
            update["vote"] = _advance_roll(vote) if vote.method == "roll_call" else vote
        case ev.RollCallSkipped():
            assert state.vote is not None
            update["vote"] = _advance_roll(state.vote)
        case ev.VoteClosed(result=result):
            update.update(vote=None, results=(*state.results, result))
        case ev.ConsensusNotReached():
            update["vote"] = None
        case ev.ConsultationsOpened(draft_id=draft_id, call=call):
            update["vote"] = None
            update["drafts"] = _replace_draft(state, draft_id, consensus_calls=call)
            update["voting"] = _without_items(state.voting, lambda i: i.draft_id == draft_id)
        case ev.NoteSent(note=note):
            update["notes"] = (*state.notes, note)
        case ev.NoteModerated(note=moderated):
            update["notes"] = tuple(moderated if n.id == moderated.id else n for n in state.notes)
    return state.model_copy(update=update)
