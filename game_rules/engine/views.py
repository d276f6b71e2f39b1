"""What each viewer may see (boardgame.io's ``playerView``).

- :func:`public_view`: the projector. No notes, no reply requests, no choices of a secret ballot
  (or of an open placard vote when the forum hides them), but who has voted is shown.
- :func:`private_view`: one viewer's own things, plus what it may do right now: every point and
  motion with ``in_order`` and a one-line ``why``, and the vote choices it may cast.
- :func:`view_event`: one event as a viewer may see it, or ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from game_rules.engine.apply import next_deadline
from game_rules.engine.legality import legal_actions, threshold_fields
from game_rules.engine.narration import Narrator, narrate, result_message
from game_rules.engine.world_views import world_event_view, world_private_view, world_public_view
from game_rules.procedure.drafts import describe_item, voting_items_for
from game_rules.procedure.motions import (
    motion_label,
    next_motion,
    precedence_key,
)
from game_rules.procedure.voting import CHOICE_VALUE, allowed_choices, legal_choices, veto_holders
from game_rules.session import events as ev
from game_rules.session.blocs import bloc_members
from game_rules.session.derived import derived
from game_rules.session.localized import i18n_entry
from game_rules.session.scripting import Brief
from game_rules.session.state import CHAIR, PUBLIC, SYSTEM, Delegation, SessionState, Vote
from game_rules.session.turn import member_supporters, remaining_floor_time, required_signatures
from game_rules.session.world import is_world_event

JSON = dict[str, Any]


def brief_view(brief: Brief) -> JSON:
    """A secret brief as its seat's screen gets it (``BriefView``): each text in the scenario's
    own language, with the scenario's translations beside it (``i18n``)."""
    return {
        "position": brief.position.text,
        "interests": [line.text for line in brief.interests],
        "red_lines": [line.text for line in brief.red_lines],
        "allies": list(brief.allies),
        "may_trade": [line.text for line in brief.may_trade],
        "objectives": [
            {
                "text": objective.text.text,
                "check": None if objective.check is None else objective.check.model_dump(
                    mode="json"
                ),
                "points": objective.points,
                **i18n_entry(text=objective.text),
            }
            for objective in brief.objectives
        ],
        "bot": brief.bot.model_dump(mode="json"),
        **i18n_entry(
            position=brief.position,
            interests=brief.interests,
            red_lines=brief.red_lines,
            may_trade=brief.may_trade,
        ),
    }


def _vote_view(state: SessionState, vote: Vote) -> JSON:
    voted = sorted({b.voter for b in vote.ballots})
    show = not vote.secret and (vote.method != "placard" or state.procedure.show_choices_live)
    final: dict[str, str] = {}
    for ballot in vote.ballots:
        final[ballot.voter] = ballot.choice
    # Unchanged by ballots: kept while the voters and the attendance are the same objects.
    eligible = derived(
        state,
        "vote_eligible",
        (vote.voters, state.attendance, state.setup),
        lambda: [v for v in vote.voters if state.is_present(v)],
    )
    caller = vote.current_caller()
    return {
        "id": vote.id,
        "subject": vote.subject.model_dump(mode="json"),
        "title": vote.title,
        # A session recorded before titles were messages: its English title, untranslated.
        "title_say": vote.title_say.as_json() if vote.title_say else {"text": vote.title},
        "method": vote.method,
        "secret": vote.secret,
        "substantive": vote.substantive,
        "rule": vote.rule,
        "parties": list(vote.parties),
        "eligible": eligible,
        "eligible_count": len(eligible),
        "voted": voted,
        "voted_count": len(voted),
        "choices": final if show else None,
        "roll_order": list(vote.roll_order),
        "roll_round": vote.roll_round,
        "current_caller": caller,
        "roll_call_complete": vote.method == "roll_call" and caller is None,
        "opened_at": vote.opened_at,
        "deadline": vote.deadline,
        "allowed": allowed_choices(state, vote),
        # Shown as soon as it is cast (where choices are shown): the question fails by veto
        # if the vote closes now.
        "veto_now": [m for m in veto_holders(vote) if CHOICE_VALUE.get(final.get(m, "")) == "no"]
        if show
        else [],
    }


def _delegations_view(state: SessionState) -> tuple[list[JSON], list[JSON]]:
    """Members and observers with their attendance: in a room of hundreds the biggest part of
    the public view, and unchanged by most events, so it is kept while the setup and the
    attendance are the same objects (:mod:`game_rules.session.derived`)."""
    setup, attendance = state.setup, state.attendance

    def delegation_view(delegation: Delegation) -> JSON:
        return {
            **delegation.model_dump(mode="json"),
            "attendance": attendance.get(delegation.id, "absent"),
            # Observers never vote (GA rule 86 applies to members), so they are never
            # "present and voting"; the chair's console offers only these.
            "attendance_choices": (
                ["present", "present_and_voting", "absent"]
                if setup.is_member(delegation.id)
                else ["present", "absent"]
            ),
        }

    return derived(
        state,
        "public_delegations",
        (setup, attendance),
        lambda: (
            [delegation_view(m) for m in setup.members],
            [delegation_view(o) for o in setup.observers],
        ),
    )


def public_view(state: SessionState) -> JSON:
    """Everything anyone in the room may see. Computed once per event by the app.

    Parts that did not change since an earlier state's view are the very same objects as in
    that view (the app relies on it to reuse their JSON): treat the view as read-only."""
    setup = state.setup
    procedure = state.procedure
    members, observers = _delegations_view(state)
    floor = None
    if state.floor is not None:
        # Clients count down from the absolute deadline; while paused they show this instead.
        paused_remaining = (
            remaining_floor_time(state, state.paused_at) if state.paused_at is not None else None
        )
        floor = {**state.floor.model_dump(mode="json"), "paused_remaining": paused_remaining}
    motions = sorted(state.motions, key=lambda m: precedence_key(state, m))
    first = next_motion(state)
    needed = required_signatures(state)
    return {
        "forum": {
            "id": setup.forum_id,
            "name": setup.forum_name,
            "language": setup.language,
            "chapter_vii": setup.chapter_vii,
            "consensus_forum": procedure.consensus_forum,
            **({"i18n": setup.forum_i18n} if setup.forum_i18n else {}),
        },
        "members": members,
        "observers": observers,
        "meeting": state.meeting,
        "paused": state.paused_at is not None,
        "paused_at": state.paused_at,
        "suspension_deadline": state.suspension_deadline,
        "next_deadline": next_deadline(state),
        "last_event_at": state.last_event_at,
        "agenda": [
            {
                **item.model_dump(mode="json"),
                "status": "current"
                if item.id == state.agenda_item
                else "concluded"
                if item.id in state.agenda_done
                else "open",
            }
            for item in setup.agenda
        ],
        "agenda_item": state.agenda_item,
        "speaking_time": state.speaking_time,
        "speakers": list(state.speakers),
        "speaking_for": dict(state.speaking_for),
        "speakers_closed": state.speakers_closed,
        "floor": floor,
        "caucus": state.caucus.model_dump(mode="json") if state.caucus else None,
        "points": [p.model_dump(mode="json") for p in state.points],
        "rulings": [r.model_dump(mode="json", exclude={"motion"}) for r in state.rulings],
        "motions": [
            {
                **m.model_dump(mode="json"),
                "label": motion_label(m),
                "precedence": procedure.motion(m.kind).precedence,
                **threshold_fields(state, procedure.motion(m.kind).threshold),
                "debatable": procedure.motion(m.kind).debatable,
                "speakers_for": procedure.motion(m.kind).speakers_for,
                "speakers_against": procedure.motion(m.kind).speakers_against,
                "source": procedure.motion(m.kind).source,
                "next": first is not None and first.id == m.id,
            }
            for m in motions
        ],
        "signatures_needed": needed,
        "signatory_share": procedure.signatory_share,
        "drafts": [
            {
                **d.model_dump(mode="json"),
                "supporters": member_supporters(state, d.sponsors, d.signatories),
                "may_be_introduced": d.status == "working"
                and member_supporters(state, d.sponsors, d.signatories) >= needed,
                # The order the pending unfriendly amendments will be voted in (GA rule 90).
                "amendment_voting_order": [
                    i.ref for i in voting_items_for(state, d) if i.kind == "amendment"
                ],
            }
            for d in state.drafts
        ],
        "amendments": [a.model_dump(mode="json") for a in state.amendments],
        "voting_procedure": None
        if state.voting is None
        else {
            **state.voting.model_dump(mode="json"),
            "queue": [
                {
                    **i.model_dump(mode="json"),
                    "title": describe_item(state, i).english(),
                    "title_say": describe_item(state, i).as_json(),
                }
                for i in state.voting.queue
            ],
        },
        "vote": _vote_view(state, state.vote) if state.vote else None,
        "results": [
            {**r.model_dump(mode="json"), "say": result_message(Narrator(state), r).as_json()}
            for r in state.results
        ],
        "world": derived(
            state,
            "public_world",
            (state.world, setup),
            lambda: world_public_view(
                state.world,
                {b: list(bloc_members(state, b)) for b in state.world.rules.blocs},
            ),
        ),
    }


def private_view(state: SessionState, viewer: str) -> JSON:
    """What only ``viewer`` may see, and what it may do now. The chair sees everything."""
    if viewer == PUBLIC:
        return {}
    if viewer in (CHAIR, SYSTEM):
        vote = state.vote
        return {
            "role": "chair",
            "notes": [n.model_dump(mode="json") for n in state.notes],
            "reply_requests": [r.model_dump(mode="json") for r in state.reply_requests],
            "ballots": [b.model_dump(mode="json") for b in vote.ballots] if vote else [],
            "rulings": [r.model_dump(mode="json") for r in state.rulings],
            "actions": [offer.view() for offer in legal_actions(state, CHAIR)],
            "world": world_private_view(state.world, CHAIR),
        }
    delegation = state.setup.delegation(viewer)
    if delegation is None:
        return {}
    choices, why = legal_choices(state, viewer)
    vote = state.vote
    return {
        "role": "member" if state.setup.is_member(viewer) else "observer",
        "id": viewer,
        "name": delegation.name,
        "attendance": state.attendance.get(viewer, "absent"),
        "notes": [
            n.model_dump(mode="json")
            for n in state.notes
            if n.sender == viewer or (viewer in n.recipients and n.status == "delivered")
        ],
        "reply_requests": [
            r.model_dump(mode="json") for r in state.reply_requests if r.member == viewer
        ],
        "my_ballots": [
            b.model_dump(mode="json") for b in (vote.ballots if vote else ()) if b.voter == viewer
        ],
        "vote_choices": {
            "choices": list(choices),
            "why": why.english(),
            "why_say": why.as_json(),
            "veto": vote is not None and viewer in veto_holders(vote),
        },
        "actions": [offer.view() for offer in legal_actions(state, viewer)],
        "world": world_private_view(state.world, viewer),
    }


def private_views_changed(
    events: Sequence[ev.Event], state: SessionState
) -> frozenset[str] | None:
    """The delegations whose :func:`private_view` ``events`` may have changed, ending in
    ``state``; None when it may be anyone's. The chair's is always taken as changed.

    Conservative: only events known to touch their own actors are narrowed (a ballot, a note,
    an attendance recorded outside a vote); every other event (a vote opened, a phase change:
    legality for all) says None. A ballot in a roll call moves the caller on, so it changes
    everyone's choices too. ``tests/game_rules/test_private_views_changed.py`` checks the claim
    against the views through every bundled session."""
    touched: set[str] = set()
    for event in events:
        match event:
            case ev.BallotCast(voter=voter):
                vote = state.vote
                if vote is not None and vote.method == "roll_call":
                    return None
                touched.add(voter)
            case ev.AttendanceRecorded(member=member) if state.vote is None:
                # A delegation's own attendance decides only what it may do itself (GA rule
                # 87, "present and voting"); while a vote is open it may change the voters.
                touched.add(member)
            case ev.NoteSent(note=note) | ev.NoteModerated(note=note):
                touched.add(note.sender)
                touched.update(note.recipients)
            case _:
                return None
    return frozenset(touched)


def _can_read_note(sender: str, recipients: tuple[str, ...], delivered: bool, viewer: str) -> bool:
    return viewer in (CHAIR, SYSTEM) or viewer == sender or (delivered and viewer in recipients)


_SECRET_OUTCOME_KEYS = ("vetoed_by", "objections", "reservations", "absent")


def view_event(event: ev.Event, viewer: str, state: SessionState | None = None) -> JSON | None:
    """``event`` as ``viewer`` may see it (redacted where needed), or None if it is private.
    Given the room's ``state``, the view also says the event in words: ``say``, its message
    (:mod:`game_rules.engine.narration`), which every screen renders in its language."""
    seen = _event_data(event, viewer)
    if seen is None or state is None:
        return seen
    message = narrate(event, state, viewer)
    return seen if message is None else {**seen, "say": message.as_json()}


def _event_data(event: ev.Event, viewer: str) -> JSON | None:
    if is_world_event(event):
        return world_event_view(event, viewer)
    data = event.model_dump(mode="json")
    is_chair = viewer in (CHAIR, SYSTEM)
    match event:
        case ev.NoteSent(note=note):
            delivered = note.status == "delivered"
            return data if _can_read_note(note.sender, note.recipients, delivered, viewer) else None
        case ev.NoteModerated(note=note):
            delivered = note.status == "delivered"
            return data if _can_read_note(note.sender, note.recipients, delivered, viewer) else None
        case ev.RightOfReplyRequested(request=request):
            return data if is_chair or viewer == request.member else None
        case ev.BallotCast(hidden=True, voter=voter):
            if is_chair or viewer == voter:
                return data
            return {**data, "choice": None}
        case ev.VoteClosed(result=result) if result.secret and not is_chair:
            outcome = {k: v for k, v in event.outcome.items() if k not in _SECRET_OUTCOME_KEYS}
            return {**data, "outcome": outcome}
    return data
