"""The public view's JSON, reused part by part between states, is exactly the JSON of the view.

A room re-encodes only the parts of the public view that changed (``ViewEncoder``); clients
must still receive, byte for byte, what ``dumps(public_view(state))`` gives (docs/protocol.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from app.rooms.fanout import CommittedBatch, CommittedEvent, Fanout, ViewEncoder
from app.rooms.secrecy import Audience
from app.rooms.wire import dumps
from game_rules.engine.apply import apply, evolve, new_session
from game_rules.engine.views import public_view
from game_rules.report.simulate import simulate
from game_rules.scenario.models import Scenario
from game_rules.scenario.setup import load_scenario, session_setup
from game_rules.session.commands import parse_command
from game_rules.session.state import CHAIR, PUBLIC

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_encoded_views_equal_plain_json_through_a_whole_bot_session() -> None:
    result = simulate(load_scenario(SCENARIOS / "security-council-protection.yaml"), seed=3)
    encoder = ViewEncoder()
    state = result.start
    assert encoder.encode(public_view(state)) == dumps(public_view(state))
    for event in result.events:
        state = evolve(state, event)
        view = public_view(state)
        assert encoder.encode(view) == dumps(view)
    assert len(result.events) > 50, "the bot session was too short to prove anything"


def _assembly(count: int) -> Scenario:
    ids = [f"S{n:03d}" for n in range(1, count + 1)]
    return Scenario.model_validate(
        {
            "metadata": {
                "title": "Assembly",
                "summary": "Fictional states.",
                "level": "conference",
                "duration_minutes": 60,
                "learning_objectives": ["Vote."],
            },
            "actors": [
                {"id": i, "name": f"État {i} «ü»", "kind": "state", "fictional": True}
                for i in ids
            ],
            "forums": [{"id": "plenary", "name": "Plenary", "members": ids}],
            "agenda": [
                {"id": "item", "title": "Item", "background": "Text.", "dimensions": ["economic"]}
            ],
            "briefs": {i: {"position": "A position."} for i in ids},
            "debrief": {"prompts": ["Done?"]},
        }
    )


def test_a_ballot_re_encodes_the_vote_but_reuses_the_delegations() -> None:
    count = 60
    state = new_session(session_setup(_assembly(count), "plenary"), 1000.0)
    clock = [1000.0]

    def do(actor: str, **fields: object) -> None:
        nonlocal state
        clock[0] += 1
        state, _ = apply(state, parse_command({**fields, "actor": actor, "now": clock[0]}))

    ids = [f"S{n:03d}" for n in range(1, count + 1)]
    for seat in ids:
        do("chair", type="record_attendance", member=seat, status="present_and_voting")
    do(ids[0], type="propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30)
    do("chair", type="entertain_motion", motion_id=state.motions[0].id)
    do("chair", type="open_vote")
    encoder = ViewEncoder()
    before = public_view(state)
    encoder.encode(before)
    do(ids[1], type="cast_vote", choice="no")
    after = public_view(state)
    # What the encoder relies on: unchanged parts are the very same objects.
    assert after["members"] is before["members"]
    assert after["world"] is before["world"]
    assert after["vote"]["eligible"] is before["vote"]["eligible"]
    text = encoder.encode(after)
    assert text == dumps(after)
    assert json.loads(text)["vote"]["voted"] == [ids[1]]
    # And the batch a connection reads gives the same view as without an encoder.
    shared = CommittedBatch(1, (), state, encoder=encoder).public_json()
    assert shared == CommittedBatch(1, (), state).public_json() == dumps(after)


def test_kept_private_parts_equal_fresh_ones_through_a_whole_bot_session() -> None:
    """Issue 16: a seat's ``me`` is rebuilt only where a batch may have changed it
    (``PrivateParts``); what is kept is exactly what a fresh build gives, for every seat, the
    chair and the projector, also for a lagging connection asking for the batch before."""
    result = simulate(load_scenario(SCENARIOS / "tutorial.yaml"), seed=3)
    fanout = Fanout()
    state = result.start
    seats = [d.id for d in (*state.setup.members, *state.setup.observers)]
    audiences = [Audience(v) for v in (*seats, CHAIR, PUBLIC)] + [Audience(CHAIR, True)]
    previous: CommittedBatch | None = None
    kept = 0
    for seq, event in enumerate(result.events, start=1):
        state = evolve(state, event)
        batch = fanout.batch(seq, [CommittedEvent(seq, event, state)], state)
        for audience in audiences:
            me = batch.me_json(audience)
            assert me == CommittedBatch(seq, (), state).me_json(audience), (seq, audience)
            if previous is not None:
                late = previous.me_json(audience)
                assert late == CommittedBatch(previous.seq, (), previous.state).me_json(audience)
                kept += late is me
        previous = batch
    # Ballots are narrowed to their voters: the other seats' texts were reused, not rebuilt.
    assert kept > 20
