"""The game layer's state is rebuilt from the log: replay equals the live session.

DESIGN.md: folding the events of a session from its start rebuilds the same state (replay), and
every event is stored as JSON. Hypothesis varies the seed of whole bot sessions.
"""

from __future__ import annotations

from game_support import SECURITY_COUNCIL, TUTORIAL, bundled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game_rules.engine.apply import replay
from game_rules.report.simulate import simulate
from game_rules.scenario.setup import start_session
from game_rules.session.events import parse_event
from game_rules.session.world import World, fold_world, trust_key


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_replaying_a_bot_session_from_stored_json_rebuilds_the_live_state(seed: int) -> None:
    result = simulate(bundled(TUTORIAL), seed=seed)
    stored = [event.model_dump(mode="json") for event in result.events]
    rebuilt = replay(result.start, [parse_event(raw) for raw in stored])
    assert rebuilt == result.state


def test_security_council_session_replays_exactly() -> None:
    result = simulate(bundled(SECURITY_COUNCIL), seed=11)
    assert replay(result.start, result.events) == result.state


def test_world_round_trips_through_json() -> None:
    state = start_session(bundled(SECURITY_COUNCIL))
    world = state.world
    assert World.model_validate(world.model_dump(mode="json")) == world
    assert world.indicator("VELL", "personal") == 15
    assert world.trust_between("RUS", "KRV") == world.trust_between("KRV", "RUS") == 65
    assert world.trust_between("JPN", "CHE") == 50  # the scenario's starting trust
    assert {e.id for e in world.rules.events} >= {"camp-attack", "leaked-orders"}
    assert [d.id for d in world.rules.hidden_drafts] == ["D2"]


def test_short_world_form_from_a_scenario_setup_is_understood() -> None:
    """A setup may write trust as a scenario does, ``{start, pairs}``; the world reads it."""
    world = World.model_validate(
        {
            "indicators": {"KEN": {"food": 41}},
            "trust": {"start": 40, "pairs": [{"between": ["KEN", "BGD"], "value": 70}]},
        }
    )
    assert world.indicator("KEN", "food") == 41
    assert world.trust == {trust_key("KEN", "BGD"): 70, trust_key("BGD", "KEN"): 70}
    assert world.trust_between("KEN", "DEU") == 40


def test_fold_world_is_pure() -> None:
    """Folding returns a new world and leaves the old one as it was (frozen values)."""
    from game_rules.session.world import Cause, IndicatorChanged

    world = start_session(bundled(TUTORIAL)).world
    event = IndicatorChanged(
        at=5.0,
        place="KEN",
        dimension="food",
        before=41,
        after=30,
        cause=Cause(kind="drift", ref="1", text="test"),
    )
    after = fold_world(world, event)
    assert after.indicator("KEN", "food") == 30
    assert world.indicator("KEN", "food") == 41
