"""What each viewer may see (boardgame.io's ``playerView``).

- :func:`public_view`: the projector. No notes, no reply requests, no choices of a secret ballot
  (or of an open placard vote when the forum hides them), but who has voted is shown.
- :func:`private_view`: one viewer's own things, plus what it may do right now: every point and
  motion with ``in_order`` and a one-line ``why``, and the vote choices it may cast.
- :func:`view_event`: one event as a viewer may see it, or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from game_rules.engine.apply import next_deadline
from game_rules.engine.world_views import world_event_view, world_private_view, world_public_view
from game_rules.errors import RuleViolation
from game_rules.procedure.chair_controls import (
    FRIENDLY_SOURCE,
    ORDER_SOURCE,
    check_order_amendments,
    check_rule_friendly,
    pending_unfriendly,
    running_timers,
)
from game_rules.procedure.double_veto import SOURCE as PRELIMINARY_SOURCE
from game_rules.procedure.double_veto import check_contest_in_order
from game_rules.procedure.drafts import check_sign, describe_item, voting_items_for
from game_rules.procedure.important_question import declarable_drafts
from game_rules.procedure.meeting import check_note_in_order
from game_rules.procedure.motions import (
    MOTION_NAMES,
    check_motion_in_order,
    motion_label,
    next_motion,
    precedence_key,
)
from game_rules.procedure.speakers import (
    POINT_NAMES,
    check_add_speaker,
    check_floor_free,
    check_point_in_order,
    check_right_of_reply,
)
from game_rules.procedure.voting import check_can_open, legal_choices
from game_rules.session import events as ev
from game_rules.session.commands import MAX_EXTENSION_SECONDS
from game_rules.session.derived import derived
from game_rules.session.rules_of_procedure import (
    AUTOMATIC,
    CHAIR_DECIDES,
    MOTION_KINDS,
    POINT_KINDS,
    Threshold,
)
from game_rules.session.state import CHAIR, PUBLIC, SYSTEM, Delegation, SessionState, Vote
from game_rules.session.turn import member_supporters, remaining_floor_time, required_signatures
from game_rules.session.world import is_world_event

JSON = dict[str, Any]


def describe_threshold(state: SessionState, threshold: Threshold) -> str:
    if threshold == CHAIR_DECIDES:
        return "the chair decides"
    if threshold == AUTOMATIC:
        return "granted on request"
    rule = state.setup.rule(threshold)
    label = threshold if isinstance(threshold, str) else "inline rule"
    parts = [str(rule.get("kind", "?"))]
    for key in ("more_than", "at_least"):
        if key in rule:
            parts.append(f"{key.replace('_', ' ')} {rule[key]}")
    if "base" in rule:
        parts.append(f"of {str(rule['base']).replace('_', ' ')}")
    if "min_yes" in rule:
        parts.append(f"and at least {rule['min_yes']} yes")
    if rule.get("veto"):
        parts.append("(veto: " + ", ".join(str(v) for v in rule["veto"]) + ")")
    return f"{label}: " + " ".join(parts)


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
                "threshold": describe_threshold(state, procedure.motion(m.kind).threshold),
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
                {**i.model_dump(mode="json"), "title": describe_item(state, i)}
                for i in state.voting.queue
            ],
        },
        "vote": _vote_view(state, state.vote) if state.vote else None,
        "results": [r.model_dump(mode="json") for r in state.results],
        "world": derived(
            state, "public_world", (state.world,), lambda: world_public_view(state.world)
        ),
    }


def _check(action: Callable[[], object]) -> tuple[bool, str]:
    try:
        action()
    except RuleViolation as error:
        return False, error.message
    return True, ""


def _entry(command: str, label: str, check: Callable[[], object], why: str, **extra: Any) -> JSON:
    in_order, reason = _check(check)
    return {
        "type": command,
        "label": label,
        "in_order": in_order,
        "why": why if in_order else reason,
        **extra,
    }


def _delegate_actions(state: SessionState, viewer: str) -> list[JSON]:
    procedure = state.procedure
    actions: list[JSON] = []
    for point_kind in POINT_KINDS:
        spec = procedure.points[point_kind]
        if not spec.enabled:
            continue
        actions.append(
            _entry(
                "raise_point",
                POINT_NAMES[point_kind].capitalize(),
                partial(check_point_in_order, state, viewer, point_kind),
                spec.explanation,
                kind=point_kind,
                may_interrupt=spec.may_interrupt,
                source=spec.source,
            )
        )
    for motion_kind in sorted(MOTION_KINDS, key=lambda k: procedure.motion(k).precedence):
        motion_spec = procedure.motion(motion_kind)
        if not motion_spec.enabled:
            continue
        extra: JSON = {}
        if motion_kind == "declare_important":
            # Offered only when in order: most forums have no important questions at all.
            if not _check(partial(check_motion_in_order, state, viewer, motion_kind))[0]:
                continue
            extra["targets"] = [d.id for d in declarable_drafts(state)]
        actions.append(
            _entry(
                "propose_motion",
                MOTION_NAMES[motion_kind].capitalize(),
                partial(check_motion_in_order, state, viewer, motion_kind),
                motion_spec.explanation,
                kind=motion_kind,
                precedence=motion_spec.precedence,
                threshold=describe_threshold(state, motion_spec.threshold),
                debatable=motion_spec.debatable,
                source=motion_spec.source,
                **extra,
            )
        )
    actions += _contest_actions(state, viewer)
    floor = state.floor
    holds_floor = floor is not None and floor.speaker == viewer
    actions += [
        _entry(
            "add_speaker",
            "Join the speakers list",
            lambda: check_add_speaker(state, viewer, viewer),
            "Ask to give a speech on the agenda item.",
        ),
        _entry(
            "request_right_of_reply",
            "Ask for a right of reply",
            lambda: check_right_of_reply(state, viewer),
            "Answer a speech that insulted your country; the chair decides (GA rule 73).",
        ),
        _entry(
            "send_note",
            "Send a private note",
            lambda: check_note_in_order(state, viewer),
            "Only the recipients and the chair can read it.",
        ),
    ]
    if viewer in state.speakers:
        actions.append(
            {
                "type": "remove_speaker",
                "label": "Leave the speakers list",
                "in_order": True,
                "why": "Take your name off the list.",
            }
        )
    if holds_floor:
        assert floor is not None
        yields = ["delegate", "questions", "chair"] if floor.may_yield else []
        actions.append(
            {
                "type": "yield_floor",
                "label": "Yield the floor",
                "in_order": bool(yields),
                "why": "Yield your remaining time to another delegate, to questions or to the "
                "chair."
                if yields
                else "A delegate who received a yield, or is not on the speakers list, cannot "
                "yield.",
                "to": yields,
            }
        )
        actions.append(
            {"type": "end_speech", "label": "Finish speaking", "in_order": True, "why": ""}
        )
    if state.setup.is_member(viewer):
        in_voting = state.voting is not None and state.vote is None
        actions.append(
            {
                "type": "request_roll_call",
                "label": "Request a roll-call vote",
                "in_order": in_voting
                and procedure.roll_call_on_request
                and viewer not in state.voting.roll_call_requested_by  # type: ignore[union-attr]
                if in_voting
                else False,
                "why": "Any member may ask that the vote be taken by roll call (GA rule 87)."
                if in_voting
                else "Only in voting procedure, before the vote opens.",
            }
        )
    drafts_in_order = []
    for draft in state.drafts:
        ok, reason = _check(partial(check_sign, state, viewer, draft, False))
        drafts_in_order.append({"draft_id": draft.id, "in_order": ok, "why": reason})
    actions.append(
        {
            "type": "sign_draft",
            "label": "Sign a draft",
            "in_order": any(d["in_order"] for d in drafts_in_order),
            "why": "Add your signature so the draft can be introduced.",
            "drafts": drafts_in_order,
        }
    )
    return actions


def _contest_actions(state: SessionState, actor: str) -> list[JSON]:
    """The preliminary question (double veto), only where the procedure enables it."""
    if not state.procedure.double_veto or not state.motions:
        return []
    if actor != CHAIR and not state.setup.is_member(actor):
        return []
    motions = []
    for motion in state.motions:
        ok, reason = _check(partial(check_contest_in_order, state, actor, motion.id))
        motions.append({"motion_id": motion.id, "in_order": ok, "why": reason})
    in_order = any(m["in_order"] for m in motions)
    return [
        {
            "type": "contest_procedural",
            "label": "Put the preliminary question"
            if actor == CHAIR
            else "Dispute that a motion is procedural",
            "in_order": in_order,
            "why": "The question whether the matter is procedural is voted as a substantive "
            "one, so a permanent member can veto it (the double veto)."
            if in_order
            else next((m["why"] for m in motions if m["why"]), ""),
            "source": PRELIMINARY_SOURCE,
            "motions": motions,
        }
    ]


def _chair_control_actions(state: SessionState) -> list[JSON]:
    """Extend a timer; rule amendments friendly; order the unfriendly ones (chair_controls)."""
    timers = running_timers(state)
    actions: list[JSON] = [
        {
            "type": "extend_time",
            "label": "Extend the time",
            "in_order": bool(timers),
            "why": "Give the speaker, the caucus or the vote more time; works while paused."
            if timers
            else "No timer is running.",
            "timers": list(timers),
            "max_seconds": MAX_EXTENSION_SECONDS,
        }
    ]
    friendly = []
    for amendment in state.amendments:
        if amendment.status in ("awaiting_sponsors", "pending", "declined"):
            ok, reason = _check(partial(check_rule_friendly, state, amendment))
            friendly.append({"amendment_id": amendment.id, "in_order": ok, "why": reason})
    if friendly:
        actions.append(
            {
                "type": "rule_amendment_friendly",
                "label": "Declare an amendment friendly",
                "in_order": any(f["in_order"] for f in friendly),
                "why": "Ask the sponsors on the floor; when every sponsor agrees, declare the "
                "amendment friendly and it becomes part of the draft without a vote.",
                "source": FRIENDLY_SOURCE,
                "amendments": friendly,
            }
        )
    drafts = []
    for draft in state.drafts:
        if len(pending_unfriendly(state, draft.id)) >= 2:
            ok, reason = _check(partial(check_order_amendments, state, draft.id))
            drafts.append({"draft_id": draft.id, "in_order": ok, "why": reason})
    if drafts:
        actions.append(
            {
                "type": "order_amendments",
                "label": "Order the unfriendly amendments",
                "in_order": any(d["in_order"] for d in drafts),
                "why": "Rule which amendment is furthest removed in substance: it is voted first.",
                "source": ORDER_SOURCE,
                "drafts": drafts,
            }
        )
    return actions


def _chair_actions(state: SessionState) -> list[JSON]:
    first = next_motion(state)
    floor = state.floor
    actions = [
        _entry(
            "recognize_speaker",
            "Give the floor",
            lambda: check_floor_free(state),
            "Call the next speaker on the list, or name a delegation.",
            next_on_list=state.speakers[0] if state.speakers else None,
        ),
        _entry(
            "open_vote",
            "Put the question to the vote",
            lambda: check_can_open(state),
            "Open a vote on the motion before the committee or the next item in voting procedure.",
        ),
    ]
    if first is not None:
        actions.append(
            {
                "type": "entertain_motion",
                "label": f"Take up the {motion_label(first)}",
                "in_order": not any(m.status != "pending" for m in state.motions)
                and state.vote is None,
                "why": "Motions are taken in order of precedence.",
                "motion_id": first.id,
            }
        )
    actions += _contest_actions(state, CHAIR)
    actions += _chair_control_actions(state)
    if state.vote is not None:
        caller = state.vote.current_caller()
        actions.append(
            {
                "type": "close_vote",
                "label": "Close the vote",
                "in_order": caller is None,
                "why": "The result is computed once, when you close the vote."
                if caller is None
                else f"The roll call is not finished: {state.setup.name_of(caller)} is next.",
            }
        )
        if caller is not None:
            actions.append(
                {
                    "type": "skip_roll_call",
                    "label": f"Skip {state.setup.name_of(caller)}",
                    "in_order": True,
                    "why": "The delegation called does not answer.",
                }
            )
    if floor is not None:
        actions.append({"type": "end_speech", "label": "Call time", "in_order": True, "why": ""})
        if floor.answering_questions:
            actions.append(
                {
                    "type": "recognize_questioner",
                    "label": "Call on a questioner",
                    "in_order": True,
                    "why": "",
                }
            )
    if state.caucus is not None:
        actions.append(
            {"type": "end_caucus", "label": "End the caucus", "in_order": True, "why": ""}
        )
    actions.append(
        {
            "type": "resume_clock" if state.paused_at is not None else "pause_clock",
            "label": "Restart the clock" if state.paused_at is not None else "Pause the clock",
            "in_order": True,
            "why": "Timers keep their remaining time while paused.",
        }
    )
    if state.meeting == "suspended":
        actions.append(
            {"type": "resume_meeting", "label": "Resume the meeting", "in_order": True, "why": ""}
        )
    if state.meeting == "adjourned":
        actions.append(
            {"type": "open_meeting", "label": "Open a new meeting", "in_order": True, "why": ""}
        )
    return actions


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
            "actions": _chair_actions(state),
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
        "vote_choices": {"choices": list(choices), "why": why},
        "actions": _delegate_actions(state, viewer),
        "world": world_private_view(state.world, viewer),
    }


def _can_read_note(sender: str, recipients: tuple[str, ...], delivered: bool, viewer: str) -> bool:
    return viewer in (CHAIR, SYSTEM) or viewer == sender or (delivered and viewer in recipients)


_SECRET_OUTCOME_KEYS = ("vetoed_by", "objections", "reservations", "absent")


def view_event(event: ev.Event, viewer: str) -> JSON | None:
    """``event`` as ``viewer`` may see it (redacted where needed), or None if it is private."""
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
