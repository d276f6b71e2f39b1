"""Random sessions for property tests: commands worth trying in a state, many legal, some not."""

from __future__ import annotations

from typing import Any

from game_rules import SessionState

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
