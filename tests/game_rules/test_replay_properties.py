"""Properties of the event log: replay equals live state, whatever legal commands were sent."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from procedure_helpers import committee_setup, security_council_setup
from random_sessions import candidates, pick

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
from game_rules.session.events import Event


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
