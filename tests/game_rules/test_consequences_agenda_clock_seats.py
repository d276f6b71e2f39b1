"""Scenario events that reach into the procedure, the scenario's clock, and trust in appeals.

- GA rule 15: additional items of an important and urgent character may be placed on the agenda
  during a session; a scripted crisis adds one, and the committee must be able to take it up.
- Paris Agreement Art. 28: a party may withdraw; the climate scenario plays the announcement as
  the seat becoming an observer's, which no longer joins or blocks a consensus.
- UNDP Human Development Report 1994, ch. 2: drift worsens a crisis while delegates talk (not
  while the chair has stopped the clock).
- UN Charter Art. 2(7), Chapter VI: without consent a clause is an appeal, and the scenario
  may let the host's trust in the sponsors decide how much an appeal achieves.
"""

from __future__ import annotations

from typing import Any

import pytest
from game_support import SCENARIOS, SECURITY_COUNCIL, Game, bundled, variant

from game_rules.engine.apply import replay
from game_rules.engine.views import public_view
from game_rules.errors import NotInOrder, NotPermitted
from game_rules.session.events import parse_event
from game_rules.session.state import CHAIR, SYSTEM, SessionState
from game_rules.session.world import AgendaItemRevealed, RoundEnded, ScriptedEventFired, SeatChanged
from game_rules.world.drift import next_world_deadline

CLIMATE = SCENARIOS / "climate-summit.yaml"


def _replays_exactly(game: Game) -> None:
    """Stored as JSON and folded again from the start, the log rebuilds the live state, and
    the state survives the app's snapshot round trip."""
    stored = [event.model_dump(mode="json") for event in game.events]
    assert replay(game.start, [parse_event(raw) for raw in stored]) == game.state
    assert SessionState.model_validate_json(game.state.model_dump_json()) == game.state


def _camps_inject(raw: dict[str, Any]) -> None:
    """A hidden agenda item on the camps, a hidden draft on it, and a button adding both."""
    raw["agenda"].append(
        {
            "id": "vell-camps",
            "title": "Cholera in the Vell Valley camps",
            "forum": "UNSC",
            "hidden": True,
            "background": "Cholera has broken out in the camps for displaced people.",
            "dimensions": ["health"],
            "places": ["VELL"],
        }
    )
    raw["drafts"].append(
        {
            "id": "D3",
            "title": "Cholera response in the Vell Valley camps",
            "forum": "UNSC",
            "agenda_item": "vell-camps",
            "sponsors": ["CHE", "SLE"],
            "rule": "substantive",
            "hidden": True,
            "introduced": True,
            "operative": [
                {
                    "text": "Calls upon donors to fund the WHO cholera response in the camps;",
                    "effects": [
                        {"indicator": {"place": "VELL", "dimension": "health", "change": 7}}
                    ],
                }
            ],
        }
    )
    raw["events"].append(
        {
            "id": "cholera",
            "title": "Cholera in the camps",
            "when": {"chair_button": "Cholera breaks out"},
            "actions": [{"add_agenda_item": "vell-camps"}, {"add_draft": "D3"}],
        }
    )


def test_inject_adds_agenda_item_that_the_committee_can_adopt() -> None:
    """GA rule 15: an urgent item added during the session goes on the agenda; the chair can
    set it, and a draft the same inject files under it can be debated and adopted."""
    game = Game(variant(SECURITY_COUNCIL, _camps_inject))
    game.everyone_present()
    with pytest.raises(NotInOrder, match="not on the agenda"):
        game.do(CHAIR, type="set_agenda", item="vell-camps")
    assert game.state.draft("D3") is None
    game.do(CHAIR, type="press_chair_button", event_id="cholera")
    revealed = [e for e in game.events if isinstance(e, AgendaItemRevealed)]
    assert [(e.item, e.title) for e in revealed] == [
        ("vell-camps", "Cholera in the Vell Valley camps")
    ]
    agenda = public_view(game.state)["agenda"]
    assert [(i["id"], i["status"]) for i in agenda] == [
        ("karevia", "current"),
        ("vell-camps", "open"),
    ]
    assert "Cholera has broken out" in agenda[1]["description"]
    game.do(CHAIR, type="set_agenda", item="vell-camps")
    assert game.state.agenda_item == "vell-camps"
    health = game.indicator("VELL", "health")
    game.vote_on("D3", {})
    assert game.state.draft("D3").status == "adopted"  # type: ignore[union-attr]
    assert game.indicator("VELL", "health") == health + 7
    _replays_exactly(game)


def test_inject_adding_an_agenda_item_twice_lists_it_once() -> None:
    """An event that fires again (``once: false``) does not put the item on the agenda twice."""

    def twice(raw: dict[str, Any]) -> None:
        _camps_inject(raw)
        raw["events"][-1]["once"] = False

    game = Game(variant(SECURITY_COUNCIL, twice))
    game.do(CHAIR, type="press_chair_button", event_id="cholera")
    game.do(CHAIR, type="press_chair_button", event_id="cholera")
    assert [i.id for i in game.state.setup.agenda] == ["karevia", "vell-camps"]
    assert len([e for e in game.events if isinstance(e, AgendaItemRevealed)]) == 1


def test_paused_clock_holds_back_drift_rounds_and_timed_events() -> None:
    """HDR 1994 drift runs on session time: an hour's pause neither applies the missed rounds
    at once on resuming nor brings the minute-15 inject forward."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.now = 299.0
    game.do(CHAIR, type="pause_clock")  # at 300 s of session time
    assert next_world_deadline(game.state) is None
    game.now = 3899.0
    game.do(SYSTEM, type="tick")  # an hour later, still paused: nothing is due
    assert [e for e in game.events if isinstance(e, RoundEnded)] == []
    game.do(CHAIR, type="resume_clock")  # at 3901 s: paused for 3601 s
    assert game.state.paused_total == 3601.0
    assert next_world_deadline(game.state) == 600.0 + 3601.0
    assert game.indicator("VELL", "personal") == 15
    game.now = 600.0 + 3601.0 - 1
    game.do(SYSTEM, type="tick")
    assert [r.round for r in game.events if isinstance(r, RoundEnded)] == [1]
    assert game.indicator("VELL", "personal") == 15 - 2
    assert "displacement-report" not in game.world.fired
    game.now = 900.0 + 3601.0 - 1
    game.do(SYSTEM, type="tick")
    fired = [e.event_id for e in game.events if isinstance(e, ScriptedEventFired)]
    assert fired == ["displacement-report"]
    _replays_exactly(game)


def test_two_pauses_add_up_on_the_scenario_clock() -> None:
    """Every pause counts: the scenario's clock is session time minus all paused time."""
    game = Game(bundled(SECURITY_COUNCIL))
    for start in (99.0, 299.0):
        game.now = start
        game.do(CHAIR, type="pause_clock")
        game.now += 99.0
        game.do(CHAIR, type="resume_clock")
    assert game.state.paused_total == 200.0
    assert next_world_deadline(game.state) == 800.0
    _replays_exactly(game)


def _appeal_trust(value: float, scales: bool) -> Any:
    def change(raw: dict[str, Any]) -> None:
        raw["trust"]["scales_appeals"] = scales
        raw["trust"]["pairs"] += [
            {"between": ["KRV", "CHE"], "value": value},
            {"between": ["KRV", "SLE"], "value": value},
        ]

    return change


@pytest.mark.parametrize(
    ("trust", "scales", "food"),
    [(25, True, 1.0), (50, True, 2.0), (100, True, 4.0), (25, False, 2.0)],
)
def test_charter_chapter_vi_appeal_achieves_as_much_as_the_host_trusts_the_sponsors(
    trust: float, scales: bool, food: float
) -> None:
    """Chapter VI: refused consent leaves D1 an appeal (+2 food in the Vell Valley). With
    ``trust.scales_appeals`` the host's trust in the sponsors (CHE, SLE) scales it: 50 gives
    the figure written, 25 half, 100 double; without it trust does not matter."""
    game = Game(variant(SECURITY_COUNCIL, _appeal_trust(trust, scales)))
    assert game.world.rules.appeal_scaled_by_trust is scales
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=False)
    game.vote_on("D1", {})
    assert game.indicator("VELL", "food") == 22 + food


def test_bundled_security_council_scales_appeals_by_trust() -> None:
    assert Game(bundled(SECURITY_COUNCIL)).world.rules.appeal_scaled_by_trust


def _to_withdrawal(game: Game) -> None:
    game.everyone_present()
    game.now = 30 * 60.0
    game.do(SYSTEM, type="tick")


def test_paris_art_28_withdrawal_makes_the_seat_an_observer_that_cannot_object() -> None:
    """Paris Agreement Art. 28, as the climate scenario plays it: once the United States
    announces its withdrawal its seat is an observer's; it no longer joins or blocks the
    consensus, and the change is logged with its cause."""
    game = Game(bundled(CLIMATE))
    assert game.state.setup.is_member("USA")
    _to_withdrawal(game)
    moved = [e for e in game.events if isinstance(e, SeatChanged)]
    assert [(e.actor, e.before, e.becomes) for e in moved] == [("USA", "member", "observer")]
    assert moved[0].cause.kind == "scripted_event"
    assert moved[0].cause.ref == "largest-economy-withdraws"
    assert game.state.setup.is_observer("USA")
    assert not game.state.setup.is_member("USA")
    view = public_view(game.state)
    assert "USA" not in [m["id"] for m in view["members"]]
    assert "USA" in [o["id"] for o in view["observers"]]
    assert view["world"]["seat_changes"] == {"USA": "observer"}

    game.do("MDV", type="propose_motion", kind="move_to_vote", target="D1")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    # In a consensus forum the President judges when the text is ready: no vote on the motion.
    assert game.state.voting is not None
    usa_tried = False
    while game.state.voting is not None:
        game.do(CHAIR, type="propose_adoption_without_vote")
        vote = game.state.vote
        assert vote is not None and vote.method == "consensus"
        assert "USA" not in vote.voters
        if not usa_tried:
            with pytest.raises(NotPermitted, match="Observers never vote"):
                game.do("USA", type="cast_vote", choice="object")
            usa_tried = True
        for voter in vote.voters:
            if game.state.is_present(voter):
                game.do(voter, type="cast_vote", choice="join")
        game.do(CHAIR, type="close_vote")
    assert game.state.draft("D1").status == "adopted"  # type: ignore[union-attr]
    _replays_exactly(game)


def test_withdrawn_seat_leaves_the_forum_and_is_recorded_absent() -> None:
    """``becomes: withdrawn``: no vote, no objection, and no longer present for quorum."""

    def withdraw(raw: dict[str, Any]) -> None:
        event = next(e for e in raw["events"] if e["id"] == "largest-economy-withdraws")
        for action in event["actions"]:
            if "seat" in action:
                action["seat"]["becomes"] = "withdrawn"

    game = Game(variant(CLIMATE, withdraw))
    _to_withdrawal(game)
    assert game.state.setup.is_observer("USA")
    assert game.state.attendance["USA"] == "absent"
    assert game.world.seats == {"USA": "withdrawn"}
    _replays_exactly(game)
