"""The parsed world a state keeps is its JSON world, exactly, and never leaks into the JSON.

DESIGN.md: the state is a pure value that round-trips through JSON and replay rebuilds it.
``world_of`` parses ``SessionState.world`` once per world and reuses the parse
(game_rules.session.world);
these tests prove the reused value is what a fresh parse of the stored JSON gives, at every event.
"""

from __future__ import annotations

from game_support import SECURITY_COUNCIL, TUTORIAL, bundled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game_rules.engine.apply import evolve
from game_rules.report.simulate import simulate
from game_rules.scenario.setup import start_session
from game_rules.session.state import SessionState
from game_rules.session.world import is_world_event, world_from_setup, world_of


def _fresh_parse(state: SessionState) -> object:
    return world_from_setup(state.model_dump(mode="json")["world"])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_kept_world_equals_a_fresh_parse_of_the_json_after_every_event(seed: int) -> None:
    result = simulate(bundled(TUTORIAL), seed=seed)
    state = result.start
    world_events = 0
    for event in result.events:
        state = evolve(state, event)
        world_events += is_world_event(event)
        assert world_of(state) == _fresh_parse(state)
    assert world_events > 0, "the bot session moved no indicator: nothing was checked"
    assert state == result.state


def test_kept_world_is_left_out_of_the_json_and_of_equality() -> None:
    state = start_session(bundled(SECURITY_COUNCIL))
    world_of(state)  # keeps the parse beside the state
    dumped = state.model_dump(mode="json")
    assert set(dumped) == set(SessionState.model_fields)
    assert {name for name, _ in state} == set(SessionState.model_fields)
    reloaded = SessionState.model_validate(dumped)
    assert reloaded == state and state == reloaded
    assert SessionState.model_validate_json(state.model_dump_json()) == state


def test_a_state_with_a_new_world_dict_is_parsed_again() -> None:
    """``model_copy`` carries the kept parse along; it must not answer for a replaced world."""
    state = start_session(bundled(SECURITY_COUNCIL))
    before = world_of(state)
    changed = dict(state.world, rounds=7)
    copied = state.model_copy(update={"world": changed})
    assert world_of(copied).rounds == 7
    assert world_of(state) is before
    unchanged = state.model_copy(update={"serial": state.serial + 1})
    assert world_of(unchanged) is before
