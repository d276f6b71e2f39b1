"""One narration: every event says who did what to what (game_rules/engine/narration.py)."""

from __future__ import annotations

from game_support import SCENARIOS, bundled

from game_rules.engine.apply import replay
from game_rules.engine.narration import narrate
from game_rules.engine.views import view_event
from game_rules.report.simulate import simulate
from game_rules.session import events as ev
from game_rules.session.state import CHAIR
from game_rules.session.world import (
    BlocNoteSent,
    CommonPositionProposed,
    CommonPositionSigned,
    IndicatorChanged,
)


def _sessions() -> list:  # type: ignore[type-arg]
    return [simulate(bundled(path), seed=3) for path in sorted(SCENARIOS.glob("*.yaml"))]


def _a_reader(event: object) -> str:
    match event:
        case BlocNoteSent(note=note):
            return note.readers[0]
        case CommonPositionProposed(position=position):
            return position.readers[0]
        case CommonPositionSigned(readers=readers):
            return readers[0]
    raise AssertionError(f"the chair may not see {event}")


def test_every_event_of_every_bundled_session_is_narrated_for_the_chair() -> None:
    seen: set[str] = set()
    for result in _sessions():
        state = result.start
        for event in result.events:
            state = replay(state, [event])
            # A negotiating group's channel is its members' (the chair reads it only where the
            # scenario says so): such an event is narrated for a member.
            viewer = CHAIR if view_event(event, CHAIR) is not None else _a_reader(event)
            message = narrate(event, state, viewer)
            assert message is not None, event.type
            text = message.english()
            assert text and "{" not in text, (event.type, text)
            seen.add(event.type)
    # The bundled sessions reach most of the procedure and the world.
    assert {"ballot_cast", "vote_closed", "indicator_changed", "draft_decided"} <= seen


def test_an_indicator_line_says_which_place_which_dimension_by_how_much_and_why() -> None:
    """The transcript once said only "Indicator changed."."""
    result = simulate(bundled(SCENARIOS / "security-council-protection.yaml"), seed=3)
    state = result.state
    changed = next(e for e in result.events if isinstance(e, IndicatorChanged))
    text = narrate(changed, state).english()  # type: ignore[union-attr]
    assert changed.dimension.capitalize() in text
    assert str(round(changed.before)) in text and str(round(changed.after)) in text
    assert changed.cause.text in text


def test_the_chair_calling_time_is_not_told_as_a_yield() -> None:
    """The transcript once said "Brazil yields the floor (cut off)" when the chair called time."""
    result = _sessions()[0]
    state = result.start
    event = ev.FloorEnded(at=1.0, speaker=state.setup.members[0].id, reason="cut_off")
    text = narrate(event, state).english()  # type: ignore[union-attr]
    assert text.startswith("The chair called time on") and "yield" not in text


def test_a_secret_choice_is_told_only_to_the_voter_and_the_chair() -> None:
    result = _sessions()[0]
    state = result.start
    voter, other = state.setup.members[0].id, state.setup.members[1].id
    ballot = ev.BallotCast(at=1.0, vote_id="V1", voter=voter, choice="no", hidden=True)
    assert "voted no" in narrate(ballot, state, voter).english()  # type: ignore[union-attr]
    assert "voted no" in narrate(ballot, state, CHAIR).english()  # type: ignore[union-attr]
    assert narrate(ballot, state, other).english().endswith("has voted.")  # type: ignore[union-attr]


def test_the_debrief_states_each_piece_of_evidence_once() -> None:
    """The debrief once said "Draft D2 was not adopted (never tabled)." twice, for two checks on
    one draft."""
    from game_rules.report.debrief import evaluate
    from game_rules.session.scripting import AnyOfCondition, DraftNotAdoptedCondition

    result = _sessions()[0]
    never = DraftNotAdoptedCondition(draft_not_adopted="D99")
    met, evidence = evaluate(AnyOfCondition(any_of=[never, never]), result.state, result.events)
    assert met
    assert evidence == "Draft D99 was not adopted (never tabled)."
