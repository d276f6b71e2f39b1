"""Negotiating groups: who coordinates a common position, who follows it, who breaks with it.

- The G77/China, the EU, the African Group, AOSIS, the A3+ negotiate as groups; the P5 (Charter
  Art. 23) and the elected members are categories with no common line.
- TEU Art. 34: EU members on the Security Council "concert and keep the other Member States
  ... fully informed" - Malta and Slovenia sign and vote for the Chapter VII draft.
- A red line in a brief (Algeria: no foreign troops without Karevia's consent) is not traded away
  for bloc loyalty.
"""

from __future__ import annotations

from game_support import SCENARIOS, SECURITY_COUNCIL, Game, bundled

from game_rules.engine.narration import narrate
from game_rules.report.simulate import format_report, simulate
from game_rules.session.state import CHAIR, SYSTEM, SessionState
from game_rules.session.world import BlocDefected

CLIMATE = SCENARIOS / "climate-summit.yaml"


def _d2_choices(seed: int) -> dict[str, str]:
    result = simulate(bundled(SECURITY_COUNCIL), seed=seed)
    d2 = next(
        r for r in result.state.results if r.subject.kind == "draft" and r.subject.ref == "D2"
    )
    return dict(d2.choices)


def test_bots_follow_only_negotiating_groups_and_never_soften_a_red_line_vote() -> None:
    """Seven seeds: the P5 line no longer turns Russia's and China's veto into abstentions,
    Algeria never votes for the troops, Malta never abstains on the draft it signed."""
    for seed in range(1, 8):
        choices = _d2_choices(seed)
        assert choices["RUS"] == "no" and choices["CHN"] == "no", seed
        assert choices["DZA"] != "yes", seed
        assert choices["MLT"] == "yes", seed


def test_a_bloc_member_that_votes_against_the_common_position_is_shown_as_a_defection() -> None:
    game = Game(bundled(CLIMATE))
    game.everyone_present()
    game.do("MDV", type="propose_motion", kind="move_to_vote", target="D1")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    vote = game.state.vote
    assert vote is not None
    for voter in vote.voters:
        # Saudi Arabia objects although the G77's common position is to adopt; Tuvalu stands
        # aside, which is not voting against AOSIS.
        choice = {"SAU": "object", "TUV": "reservation"}.get(voter, "join")
        game.do(voter, type="cast_vote", choice=choice)
    game.do(CHAIR, type="close_vote")
    defections = [e for e in game.events if isinstance(e, BlocDefected)]
    assert [(e.bloc, e.member, e.position, e.choice) for e in defections] == [
        ("G77", "SAU", "yes", "no")
    ]
    said = narrate(defections[0], game.state, SYSTEM)
    assert said is not None
    assert said.english().startswith("Saudi Arabia broke with the G77 common position on D1")
    assert said.english().endswith("the group voted yes, it voted no.")


def _objects_to_the_draft(state: SessionState, seat: str) -> dict[str, object] | None:
    """A student at Saudi Arabia's seat who objects to the decision itself."""
    if state.attendance.get(seat, "absent") == "absent":
        return {"type": "record_attendance", "member": seat, "status": "present"}
    vote = state.vote
    if vote is None or seat not in vote.voters or vote.ballot_of(seat) is not None:
        return None
    return {"type": "cast_vote", "choice": "object" if vote.subject.kind == "draft" else "join"}


def test_simulate_shows_the_defection() -> None:
    result = simulate(bundled(CLIMATE), seed=1, students={"SAU": _objects_to_the_draft})
    report = format_report(result)
    assert "SAU DEFECTED from the G77 common position on D1 (yes; voted no)" in report
