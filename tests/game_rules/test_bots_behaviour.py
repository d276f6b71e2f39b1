"""Bots for empty seats: deterministic, brief-following delegations.

GA rule 87 roll call and Charter Art. 27(3) votes are cast through ordinary commands, so a bot's
session replays like any other (DESIGN.md).
"""

from __future__ import annotations

import time

import pytest
from game_support import SCENARIOS, SECURITY_COUNCIL, TUTORIAL, Game, bundled, variant
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_sessions import candidates, pick

from game_rules.bots import play
from game_rules.bots.players import BotBrief, bot_briefs, choose_vote, settle_bots
from game_rules.engine.apply import apply
from game_rules.errors import NotInOrder, NotPermitted, RuleViolation
from game_rules.report.simulate import format_report, simulate
from game_rules.session.commands import parse_command
from game_rules.session.state import CHAIR, SessionState


def _bot_game(path=TUTORIAL, seats=None) -> Game:  # type: ignore[no-untyped-def]
    game = Game(bundled(path), seed=7)
    for seat in seats or [m.id for m in game.state.setup.members]:
        game.do(CHAIR, type="assign_bot", seat=seat)
    return game


def _settle(game: Game) -> None:
    game.state, new_events = settle_bots(game.state, bot_briefs(game.scenario), game.now)
    game.events.extend(new_events)


def test_bots_answer_the_roll_call_and_send_one_line_from_their_brief() -> None:
    game = _bot_game()
    _settle(game)
    assert all(game.state.is_present(m.id) for m in game.state.setup.members)
    notes = {n.sender: n.text for n in game.state.notes}
    assert notes["BGD"] == "Bangladesh asks for your support for the fund in clause 2."
    assert "JPN" not in notes  # Japan's brief has no lines


def test_bots_vote_by_their_brief() -> None:
    # Without the amendment Japan's brief proposes (then it would vote yes on the draft).
    scenario = variant(TUTORIAL, lambda raw: raw["briefs"]["JPN"]["bot"].pop("amendments"))
    game = Game(scenario, seed=7)
    for seat in [m.id for m in game.state.setup.members]:
        game.do(CHAIR, type="assign_bot", seat=seat)
    _settle(game)
    mover = "BGD"
    game.do(mover, type="propose_motion", kind="move_to_vote", target="D1")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    _settle(game)
    game.do(CHAIR, type="close_vote")
    game.do(CHAIR, type="open_vote", roll_call=False)
    _settle(game)
    vote = game.state.vote
    assert vote is not None
    choices = {b.voter: b.choice for b in vote.ballots}
    assert choices["JPN"] == "abstain"  # its brief
    assert choices["BGD"] == choices["KEN"] == "yes"


def test_a_bot_signs_a_working_draft_it_supports() -> None:
    game = Game(bundled(TUTORIAL), seed=1)
    game.everyone_present()
    clauses = [{"text": "Requests a yearly report;"}]
    game.do("DEU", type="submit_draft", title="Yearly reports", clauses=clauses)
    draft_id = game.state.drafts[-1].id
    game.do(CHAIR, type="assign_bot", seat="BRA")
    _settle(game)
    signed = game.state.draft(draft_id)
    assert signed is not None
    # Brazil has no brief line on the new draft; trust in Germany (50) makes it abstain, so it
    # does not sign; Bangladesh shares no bloc with Germany either.
    assert "BRA" not in signed.signatories
    game.do(CHAIR, type="assign_bot", seat="DEU")
    briefs = {**bot_briefs(game.scenario), "BRA": BotBrief(seat="BRA", votes={draft_id: "yes"})}
    game.state, _ = settle_bots(game.state, briefs, game.now)
    signed = game.state.draft(draft_id)
    assert signed is not None and "BRA" in signed.signatories


def test_bot_seat_is_handed_back_to_a_student() -> None:
    """The engine lets bots act after every command; once released, the seat waits for its
    student and the bot casts no more ballots."""
    game = _bot_game(seats=["JPN"])
    assert game.world.bots == ("JPN",)
    assert game.state.is_present("JPN")  # the bot answered the roll call at once
    game.do(CHAIR, type="release_bot", seat="JPN")
    assert game.world.bots == ()
    for member in ("BGD", "BRA", "DEU", "KEN"):
        game.do(member, type="record_attendance", member=member, status="present")
    game.do("BGD", type="propose_motion", kind="move_to_vote", target="D1")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    assert game.state.vote is not None and game.state.vote.ballot_of("JPN") is None
    with pytest.raises(NotInOrder):
        game.do(CHAIR, type="release_bot", seat="JPN")
    with pytest.raises(NotPermitted):
        game.do("BGD", type="assign_bot", seat="JPN")


def test_a_bot_seat_votes_inside_the_engine_and_replays_without_bots() -> None:
    """A bot's actions are ordinary events: folding the log rebuilds the state (DESIGN.md)."""
    from game_rules.engine.apply import replay

    game = _bot_game(seats=["JPN", "DEU"])
    for member in ("BGD", "BRA", "KEN"):
        game.do(member, type="record_attendance", member=member, status="present")
    game.do("BGD", type="propose_motion", kind="move_to_vote", target="D1")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    vote = game.state.vote
    assert vote is not None
    assert {b.voter for b in vote.ballots} == {"JPN", "DEU"}
    assert replay(game.start, game.events) == game.state


def test_karevia_bot_consents_clause_by_clause_as_far_as_it_trusts() -> None:
    """Charter Art. 2(7): the host state's answer is its own; trust gates it. Karevia's bot
    trusts MSF (60) enough to let its aid in, not the sponsors (50) for an envoy or a
    fact-finding mission (its brief: consent_trust 55)."""
    game = _bot_game(SECURITY_COUNCIL, seats=["KRV"])
    _settle(game)
    limited = game.world.consent_limited
    assert limited["KRV@MSF"].given is True and limited["KRV@MSF"].by == "KRV"
    assert limited["KRV:D1/OP4"].given is False
    assert limited["KRV:D1/OP2"].given is False


def test_bots_are_deterministic_for_a_seed() -> None:
    first = format_report(simulate(bundled(SECURITY_COUNCIL), seed=5))
    second = format_report(simulate(bundled(SECURITY_COUNCIL), seed=5))
    assert first == second


def test_bloc_pressure_softens_a_no_into_an_abstention_never_into_a_yes() -> None:
    """A permanent member pulled by the P5 line abstains rather than voting yes: an abstention
    is not a veto (Charter Art. 27(3); ICJ Namibia opinion 1971, para. 22)."""
    scenario = bundled(SECURITY_COUNCIL)
    briefs = bot_briefs(scenario)
    seen = set()
    for seed in range(30):
        game = Game(scenario, seed=seed)
        game.everyone_present()
        game.do(CHAIR, type="press_chair_button", event_id="camp-attack")
        game.do(CHAIR, type="introduce_draft", draft_id="D2")
        game.do("GBR", type="propose_motion", kind="move_to_vote", target="D2")
        game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
        game.do(CHAIR, type="open_vote")
        for voter in game.state.vote.voters:  # type: ignore[union-attr]
            game.do(voter, type="cast_vote", choice="yes")
        game.do(CHAIR, type="close_vote")
        game.do(CHAIR, type="open_vote", roll_call=False)
        state: SessionState = game.state
        assert state.vote is not None
        chosen = choose_vote(state, briefs, "RUS", state.vote)
        assert chosen is not None
        seen.add(chosen.choice)
    assert seen <= {"no", "abstain"}
    assert "no" in seen


def test_tutorial_with_bots_in_every_seat_but_one_reaches_a_result_in_seconds() -> None:
    """One student (Japan) plays; four bots fill the other seats; the automatic chair runs it."""

    def student(state: SessionState, seat: str) -> dict[str, object] | None:
        if not state.is_present(seat):
            return {"type": "record_attendance", "member": seat, "status": "present"}
        vote = state.vote
        if vote is not None and seat in vote.voters and vote.ballot_of(seat) is None:
            return {"type": "cast_vote", "choice": "yes"}
        return None

    started = time.perf_counter()
    result = simulate(bundled(TUTORIAL), seed=3, students={"JPN": student})
    elapsed = time.perf_counter() - started
    assert elapsed < 5
    assert "JPN" not in result.state.world.bots
    assert result.state.draft("D1").status in ("adopted", "rejected")  # type: ignore[union-attr]
    ballots = [e for e in result.events if getattr(e, "type", "") == "ballot_cast"]
    assert any(b.voter == "JPN" for b in ballots)  # type: ignore[union-attr]


def _consensus_question(game: Game) -> None:
    """Voting procedure on the tutorial's draft, then the chair proposes adoption without a
    vote (GA rule 81 practice; docs/procedure.md)."""
    game.do("BGD", type="propose_motion", kind="close_debate")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    for member in game.state.setup.members:
        if not game.world.is_bot(member.id):
            game.do(member.id, type="cast_vote", choice="yes")
    game.do(CHAIR, type="close_vote")
    assert game.state.voting is not None, "close debate should start voting procedure"


def test_bots_state_a_consensus_position_once_and_never_restate_it() -> None:
    """Hardening issue 1: two bots in a consensus decision made 2,000 ballots on one command."""
    game = Game(bundled(TUTORIAL), seed=7)
    game.everyone_present()
    for seat in ("JPN", "KEN"):
        game.do(CHAIR, type="assign_bot", seat=seat)
    _consensus_question(game)
    produced = game.do(CHAIR, type="propose_adoption_without_vote")
    ballots = [e for e in produced if getattr(e, "type", "") == "ballot_cast"]
    assert sorted(b.voter for b in ballots) == ["JPN", "KEN"]
    assert len(produced) <= 3  # the question opens, then one position per bot
    # Later commands while the question is open add no bot ballots at all.
    later = game.do("BGD", type="cast_vote", choice="join")
    assert [getattr(e, "type", "") for e in later] == ["ballot_cast"]


def test_consensus_a_delegation_may_change_its_position_but_not_restate_it() -> None:
    """A delegation may withdraw its objection before the chair closes the question; stating
    the same position again is refused rather than recorded twice."""
    game = Game(bundled(TUTORIAL), seed=7)
    game.everyone_present()
    _consensus_question(game)
    game.do(CHAIR, type="propose_adoption_without_vote")
    game.do("JPN", type="cast_vote", choice="object")
    with pytest.raises(NotPermitted):
        game.do("JPN", type="cast_vote", choice="object")
    game.do("JPN", type="cast_vote", choice="join")
    vote = game.state.vote
    assert vote is not None
    ballot = vote.ballot_of("JPN")
    assert ballot is not None and ballot.choice == "join"


CLIMATE = SCENARIOS / "climate-summit.yaml"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), path=st.sampled_from([TUTORIAL, CLIMATE]))
def test_bots_emit_a_bounded_number_of_events_per_command(
    data: st.DataObject, path: object
) -> None:
    """Whatever is sent, the bots' own events after one command are at most the acts each bot
    has left: an answer to the roll, one position on the open question, a consent decision, a
    note, and a signature and a pledge per draft (hardening issue: bots settle by construction)."""
    game = Game(bundled(path), seed=data.draw(st.integers(0, 20), label="seed"))  # type: ignore[arg-type]
    members = [m.id for m in game.state.setup.members]
    bots = data.draw(st.lists(st.sampled_from(members), unique=True, min_size=1), label="bots")
    for seat in bots:
        game.do(CHAIR, type="assign_bot", seat=seat)
    for _ in range(40):
        actor, fields = pick(candidates(game.state), data.draw(st.integers(0, 10**6)))
        game.now += data.draw(st.sampled_from([0.0, 1.0, 30.0]))
        try:
            command = parse_command({**fields, "actor": actor, "now": game.now})
            without_bots = apply(game.state, command)[1]
            state, events = play(game.state, command)
        except RuleViolation:
            continue
        bound = len(bots) * (4 + 2 * len(state.drafts))
        assert len(events) - len(without_bots) <= bound, (fields, len(events))
        game.state = state
