"""Which private views an event can change (engine/views.py ``private_views_changed``).

The live layer rebuilds a seat's ``me`` only when this says it may have changed (issue 16), so
the claim is checked against the views themselves: in every bundled session played by bots, an
event narrowed to some delegations leaves every other delegation's ``private_view`` exactly as
it was. GA rule 87 (a delegation's vote is its own: recording it changes nobody else's choices
except in a roll call, where the next delegation is called); the roll of attendance, likewise,
outside a vote.
"""

from __future__ import annotations

from game_support import SCENARIOS, bundled

from game_rules.engine.apply import replay
from game_rules.engine.views import private_view, private_views_changed
from game_rules.report.simulate import simulate
from game_rules.session import events as ev

# In the largest bundled assembly (193 members) checking every other seat after every ballot
# would take minutes; a spread of this many others is checked instead.
OTHERS_CHECKED = 24


def test_ga_rule_87_a_ballot_changes_only_its_voters_private_view() -> None:
    narrowed = 0
    kinds: set[str] = set()
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for seed in (1, 3):
            result = simulate(bundled(path), seed=seed)
            state = result.start
            viewers = [d.id for d in (*state.setup.members, *state.setup.observers)]
            step = max(1, len(viewers) // OTHERS_CHECKED)
            for event in result.events:
                after = replay(state, [event])
                changed = private_views_changed([event], after)
                if changed is not None:
                    narrowed += 1
                    kinds.add(event.type)
                    for viewer in viewers[narrowed % step :: step]:
                        if viewer in changed:
                            continue
                        assert private_view(after, viewer) == private_view(state, viewer), (
                            path.name,
                            event.type,
                            viewer,
                        )
                state = after
    # The sessions do narrow (ballots are most of a vote storm), so the check above ran.
    assert narrowed > 50
    assert {"ballot_cast", "attendance_recorded"} <= kinds


def test_a_vote_opened_may_change_every_private_view() -> None:
    result = simulate(bundled(SCENARIOS / "tutorial.yaml"), seed=3)
    state = result.start
    for event in result.events:
        state = replay(state, [event])
        if isinstance(event, ev.VoteOpened):
            assert private_views_changed([event], state) is None
            return
    raise AssertionError("the tutorial session opens no vote")


def test_a_roll_call_ballot_may_change_every_private_view() -> None:
    """Rules of procedure of the GA, rule 87: in a roll call the next member is called, so
    every delegation's choices move on with each ballot."""
    result = simulate(bundled(SCENARIOS / "tutorial.yaml"), seed=3)
    state = result.start
    for event in result.events:
        state = replay(state, [event])
        if isinstance(event, ev.BallotCast) and state.vote is not None:
            roll_call = state.vote.model_copy(update={"method": "roll_call"})
            assert (
                private_views_changed([event], state.model_copy(update={"vote": roll_call}))
                is None
            )
            assert private_views_changed([event], state) == frozenset({event.voter})
            return
    raise AssertionError("the tutorial session casts no ballot")
