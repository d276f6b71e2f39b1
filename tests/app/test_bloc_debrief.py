"""The debrief page shows each negotiating group's cohesion and who defected (user text and names
are escaped by the template, like every part of the report)."""

from __future__ import annotations

from pathlib import Path

from app.debrief.render import render_debrief
from game_rules.report.debrief import build_debrief
from game_rules.report.simulate import simulate
from game_rules.scenario.setup import load_scenario
from game_rules.session.state import SessionState

CLIMATE = Path(__file__).resolve().parents[2] / "scenarios" / "climate-summit.yaml"


def _objects(state: SessionState, seat: str) -> dict[str, object] | None:
    """A student at Saudi Arabia's seat who objects to the decision, against the G77's line."""
    if state.attendance.get(seat, "absent") == "absent":
        return {"type": "record_attendance", "member": seat, "status": "present"}
    vote = state.vote
    if vote is None or seat not in vote.voters or vote.ballot_of(seat) is not None:
        return None
    return {"type": "cast_vote", "choice": "object" if vote.subject.kind == "draft" else "join"}


def test_the_debrief_page_lists_the_defector_under_its_group() -> None:
    scenario = load_scenario(CLIMATE)
    result = simulate(scenario, seed=1, students={"SAU": _objects})
    debrief = build_debrief(scenario, result.start, result.events, state=result.state)
    html = render_debrief(debrief)
    assert 'id="blocs"' in html
    row = html.split('data-bloc="G77" data-draft="D1"', 1)[1].split("</tr>", 1)[0]
    assert "Saudi Arabia" in row
    assert "common position" in row
