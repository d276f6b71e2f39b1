"""Properties of the event log: replay equals live state, whatever legal commands were sent."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from procedure_helpers import committee_setup, security_council_setup

from game_rules import (
    RuleViolation,
    SessionSetup,
    SessionState,
    apply,
    new_session,
    next_deadline,
    parse_command,
    parse_event,
    private_view,
    public_view,
    replay,
    view_event,
)
from game_rules.events import Event

MOTION_SHAPES: list[dict[str, Any]] = [
    {"kind": "suspend_meeting", "minutes": 5},
    {"kind": "adjourn_meeting"},
    {"kind": "unmoderated_caucus", "minutes": 3},
    {"kind": "moderated_caucus", "minutes": 5, "speaker_seconds": 45},
    {"kind": "adjourn_debate"},
    {"kind": "close_debate"},
    {"kind": "close_speakers_list"},
    {"kind": "set_speaking_time", "seconds": 60},
    {"kind": "set_agenda", "target": "t1"},
    {"kind": "set_agenda", "target": "t2"},
]


def candidates(state: SessionState) -> list[tuple[str, dict[str, Any]]]:
    """Commands worth trying now: many legal, some not (those must raise RuleViolation)."""
    setup = state.setup
    actors = [d.id for d in (*setup.members, *setup.observers)]
    out: list[tuple[str, dict[str, Any]]] = [
        ("chair", {"type": "tick"}),
        ("chair", {"type": "recognize_speaker"}),
        ("chair", {"type": "open_vote"}),
        ("chair", {"type": "open_vote", "roll_call": True}),
        ("chair", {"type": "propose_adoption_without_vote"}),
        ("chair", {"type": "close_vote"}),
        ("chair", {"type": "skip_roll_call"}),
        ("chair", {"type": "end_speech"}),
        ("chair", {"type": "end_caucus"}),
        ("chair", {"type": "pause_clock"}),
        ("chair", {"type": "resume_clock"}),
        ("chair", {"type": "resume_meeting"}),
        ("chair", {"type": "open_meeting"}),
        ("chair", {"type": "set_agenda", "item": "t1"}),
    ]
    for actor in actors:
        out += [
            ("chair", {"type": "record_attendance", "member": actor, "status": "present"}),
            (actor, {"type": "record_attendance", "member": actor, "status": "present_and_voting"}),
            (actor, {"type": "add_speaker"}),
            (actor, {"type": "remove_speaker"}),
            (actor, {"type": "yield_floor", "to": "questions"}),
            (actor, {"type": "yield_floor", "to": "chair"}),
            (actor, {"type": "yield_floor", "to": "delegate", "delegate": actors[0]}),
            (actor, {"type": "end_speech"}),
            (actor, {"type": "request_right_of_reply"}),
            (actor, {"type": "request_roll_call"}),
            (actor, {"type": "raise_point", "kind": "order", "text": "?"}),
            (actor, {"type": "raise_point", "kind": "parliamentary_inquiry"}),
            (actor, {"type": "send_note", "to": [actors[-1], "chair"], "text": "hello"}),
            (
                actor,
                {
                    "type": "submit_draft",
                    "title": "T",
                    "clauses": [
                        {"kind": "preambular", "text": "Recalling"},
                        {"text": "Decides"},
                        {"text": "Requests"},
                    ],
                },
            ),
            ("chair", {"type": "recognize_speaker", "member": actor}),
            ("chair", {"type": "recognize_questioner", "member": actor}),
        ]
        for choice in ("yes", "no", "abstain", "pass", "yes_with_rights", "object", "join"):
            out.append((actor, {"type": "cast_vote", "choice": choice}))
        for shape in MOTION_SHAPES:
            out.append((actor, {"type": "propose_motion", **shape}))
        for ruling in state.rulings:
            out.append(
                (actor, {"type": "propose_motion", "kind": "appeal_chair", "target": ruling.id})
            )
        for draft in state.drafts:
            ops = [c.id for c in draft.clauses if c.kind == "operative"]
            out += [
                (actor, {"type": "sign_draft", "draft_id": draft.id}),
                (actor, {"type": "propose_motion", "kind": "move_to_vote", "target": draft.id}),
                (actor, {"type": "propose_motion", "kind": "reconsider", "target": draft.id}),
                (
                    actor,
                    {
                        "type": "propose_motion",
                        "kind": "divide_question",
                        "target": draft.id,
                        "parts": [ops[:1]],
                    },
                ),
                (
                    actor,
                    {
                        "type": "propose_amendment",
                        "draft_id": draft.id,
                        "action": "delete",
                        "target_clause": ops[-1],
                        "friendly": False,
                    },
                ),
                (
                    actor,
                    {
                        "type": "propose_amendment",
                        "draft_id": draft.id,
                        "action": "modify",
                        "target_clause": ops[0],
                        "clause": {"text": "Urges"},
                        "friendly": True,
                    },
                ),
                (
                    actor,
                    {
                        "type": "propose_amendment",
                        "draft_id": draft.id,
                        "action": "add",
                        "clause": {"text": "Invites"},
                        "friendly": False,
                    },
                ),
                (actor, {"type": "withdraw_draft", "draft_id": draft.id}),
            ]
        for amendment in state.amendments:
            out += [
                ("chair", {"type": "open_vote", "amendment_id": amendment.id}),
                (actor, {"type": "accept_amendment", "amendment_id": amendment.id}),
                (actor, {"type": "decline_amendment", "amendment_id": amendment.id}),
            ]
        for motion in state.motions:
            out.append((actor, {"type": "object_to_motion", "motion_id": motion.id}))
    for draft in state.drafts:
        out.append(("chair", {"type": "introduce_draft", "draft_id": draft.id}))
    for motion in state.motions:
        out += [
            ("chair", {"type": "entertain_motion", "motion_id": motion.id}),
            (
                "chair",
                {"type": "rule_motion_out_of_order", "motion_id": motion.id, "reason": "dilatory"},
            ),
        ]
    for point in state.points:
        out.append(
            ("chair", {"type": "rule_on_point", "point_id": point.id, "ruling": "Well taken."})
        )
    for request in state.reply_requests:
        out.append(
            ("chair", {"type": "rule_on_right_of_reply", "request_id": request.id, "granted": True})
        )
    for note in state.notes:
        out.append(("chair", {"type": "moderate_note", "note_id": note.id, "approve": True}))
    if state.vote is not None and (caller := state.vote.current_caller()) is not None:
        for choice in ("yes", "no", "pass", "abstain"):
            out.append((caller, {"type": "cast_vote", "choice": choice}))
    return out


PROGRESS = {
    "open_vote",
    "close_vote",
    "cast_vote",
    "entertain_motion",
    "propose_motion",
    "recognize_speaker",
    "tick",
    "record_attendance",
}


def pick(options: list[tuple[str, dict[str, Any]]], seed: int) -> tuple[str, dict[str, Any]]:
    """Choose a command type first, then a command of that type, so that rare but important
    commands (open and close a vote) are tried as often as the many draft and note commands."""
    by_type: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for option in options:
        by_type.setdefault(option[1]["type"], []).append(option)
    types = sorted(by_type)
    types += [t for t in types if t in PROGRESS] * 4
    group = by_type[types[seed % len(types)]]
    return group[(seed // len(types)) % len(group)]


def run_random_session(
    setup: SessionSetup, data: st.DataObject, steps: int
) -> tuple[SessionState, SessionState, list[Event]]:
    initial = new_session(setup, 100.0)
    state = initial
    events: list[Event] = []
    now = 100.0
    for _ in range(steps):
        now += data.draw(st.sampled_from([0.0, 1.0, 20.0, 95.0, 400.0]), label="wait")
        actor, fields = pick(candidates(state), data.draw(st.integers(0, 10**6), label="pick"))
        command = parse_command({**fields, "actor": actor, "now": now})
        try:
            state, new_events = apply(state, command)
        except RuleViolation as violation:
            assert violation.message  # every refusal explains itself
            continue
        events.extend(new_events)
    return initial, state, events


SETUPS = {
    "committee": committee_setup(5, notes_moderated=True),
    "council": security_council_setup(),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), forum=st.sampled_from(sorted(SETUPS)))
def test_replay_of_emitted_events_equals_live_state(data: st.DataObject, forum: str) -> None:
    """Folding the emitted events from the initial state reproduces the final state, for random
    command sequences (issue #2, "replay equals live state"; boardgame.io's log model). Illegal
    commands raise RuleViolation and change nothing."""
    initial, state, events = run_random_session(SETUPS[forum], data, steps=80)
    assert replay(initial, events) == state
    assert SessionState.model_validate(state.model_dump(mode="json")) == state
    stored = [json.loads(json.dumps(e.model_dump(mode="json"))) for e in events]
    assert replay(initial, [parse_event(e) for e in stored]) == state


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), forum=st.sampled_from(sorted(SETUPS)))
def test_views_are_json_and_never_leak_notes(data: st.DataObject, forum: str) -> None:
    """Views are plain JSON for every viewer; a private note reaches only its sender, its
    recipients and the chair (boardgame.io playerView)."""
    _, state, events = run_random_session(SETUPS[forum], data, steps=60)
    json.dumps(public_view(state))
    viewers = ["chair", "public", *(d.id for d in state.setup.members[:3])]
    for viewer in viewers:
        json.dumps(private_view(state, viewer))
        for event in events:
            seen = view_event(event, viewer)
            if event.type == "note_sent" and seen is not None:
                note = event.note  # type: ignore[union-attr]
                assert viewer in ("chair", note.sender, *note.recipients)
    public_text = json.dumps(public_view(state))
    for note in state.notes:
        assert f'"{note.id}"' not in public_text
    deadline = next_deadline(state)
    assert deadline is None or deadline >= 0
