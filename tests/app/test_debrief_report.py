"""The debrief report over HTTP and the game layer's commands (`plenary simulate`, `replay`).

Security (developer guide): the chair key opens the whole report, a seat token only that
delegation's part; user text is never rendered as HTML.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import cli
from app.database import Database
from app.debrief.endpoints import router as debrief_router
from app.debrief.render import render_debrief
from app.main import create_app
from app.models import Room
from app.rooms.codec import encode_state
from app.rooms.repository import RoomRepository, StoredEvent
from app.rooms.service import seats_for
from app.settings import Settings
from game_rules.report.debrief import build_debrief, for_delegation
from game_rules.report.simulate import simulate
from game_rules.scenario.setup import load_scenario
from game_rules.session.state import SessionState

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
COUNCIL = ROOT / "scenarios" / "security-council-protection.yaml"


def _client(tmp_path: Path) -> TestClient:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'plenary.db'}")
    app = create_app(settings)
    try:
        app.url_path_for("debrief_page", code="X")
    except Exception:  # not wired into app.main yet: mount it here
        app.include_router(debrief_router)
    return TestClient(app)


def test_chair_sees_the_whole_debrief_a_seat_only_its_part_a_stranger_nothing(
    tmp_path: Path,
) -> None:
    with _client(tmp_path) as http:
        created = http.post("/api/rooms", json={"scenario_id": "tutorial"})
        assert created.status_code == 201, created.text
        code, chair_key = created.json()["code"], created.json()["chair_key"]
        token = http.post(f"/api/rooms/{code}/seats/KEN/claim", json={}).json()["token"]
        chair = http.get(
            f"/api/rooms/{code}/debrief.html", headers={"Authorization": f"Bearer {chair_key}"}
        )
        assert chair.status_code == 200, chair.text
        assert "Chair's report" in chair.text
        assert 'data-delegation="BGD"' in chair.text and 'data-delegation="KEN"' in chair.text
        assert chair.text.count("<svg") >= 6  # one chart per place and dimension
        seat = http.get(
            f"/api/rooms/{code}/debrief.html", headers={"Authorization": f"Bearer {token}"}
        )
        assert seat.status_code == 200
        assert "Report for Kenya" in seat.text
        assert 'data-delegation="KEN"' in seat.text
        assert 'data-delegation="BGD"' not in seat.text
        stranger = http.get(f"/api/rooms/{code}/debrief.html")
        assert stranger.status_code == 401
        download = http.get(
            f"/api/rooms/{code}/debrief.html?download=true",
            headers={"Authorization": f"Bearer {chair_key}"},
        )
        assert "attachment" in download.headers["content-disposition"]


def test_user_text_in_the_debrief_is_escaped() -> None:
    """A delegate's draft title reaches the report as text, never as markup."""
    from game_rules.engine.apply import apply
    from game_rules.scenario.setup import start_session
    from game_rules.session.commands import parse_command

    scenario = load_scenario(TUTORIAL)
    state = start_session(scenario)
    start = state
    events = []
    for member in ("BGD", "BRA", "DEU", "JPN", "KEN"):
        state, new = apply(
            state,
            parse_command(
                {
                    "type": "record_attendance",
                    "member": member,
                    "status": "present",
                    "actor": member,
                    "now": 1.0,
                }
            ),
        )
        events += new
    state, new = apply(
        state,
        parse_command(
            {
                "type": "submit_draft",
                "title": "<script>window.__xss=1</script>",
                "clauses": [{"text": "<img src=x onerror=alert(1)>"}],
                "actor": "DEU",
                "now": 2.0,
            }
        ),
    )
    events += new
    html = render_debrief(build_debrief(scenario, start, events, state=state))
    assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


def _pledges_then_abstains(state: SessionState, seat: str) -> dict[str, object] | None:
    """A student at Ecuador's seat who pledges a yes on D1 to Switzerland, then abstains."""
    if state.attendance.get(seat, "absent") == "absent":
        return {"type": "record_attendance", "member": seat, "status": "present"}
    if not any(p.pledger == seat for p in state.world.pledges):
        return {"type": "pledge_vote", "recipient": "CHE", "draft_id": "D1", "choice": "yes"}
    vote = state.vote
    if vote is None or seat not in vote.voters or vote.ballot_of(seat) is not None:
        return None
    return {"type": "cast_vote", "choice": "abstain" if vote.subject.kind == "draft" else "yes"}


def test_debrief_shows_a_broken_pledge_to_the_chair_and_the_two_parties_only() -> None:
    # Bots keep their word more often now that they never soften a red line, so a student
    # breaks the pledge.
    scenario = load_scenario(COUNCIL)
    result = simulate(scenario, seed=1, students={"ECU": _pledges_then_abstains})
    debrief = build_debrief(scenario, result.start, result.events, state=result.state)
    broken = [p for p in debrief.pledges if p.status == "broken"]
    assert broken
    pledge = broken[0]
    chair_html = render_debrief(debrief)
    assert chair_html.count('data-status="broken"') == len(broken)
    mine = render_debrief(for_delegation(debrief, pledge.pledger))
    assert 'data-status="broken"' in mine
    outsider = next(
        d
        for d in (m.id for m in result.state.setup.members)
        if all(d not in (p.pledger, p.recipient) for p in debrief.pledges)
    )
    assert 'data-status="broken"' not in render_debrief(for_delegation(debrief, outsider))


def test_plenary_simulate_prints_identical_bytes_for_the_same_seed(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["simulate", str(COUNCIL), "--seed", "4"])
    second = runner.invoke(cli, ["simulate", str(COUNCIL), "--seed", "4"])
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    assert "VOTES" in first.output and "FINAL INDICATORS" in first.output
    page = tmp_path / "debrief.html"
    written = runner.invoke(cli, ["simulate", str(TUTORIAL), "--seed", "4", "--debrief", str(page)])
    assert written.exit_code == 0, written.output
    assert "<svg" in page.read_text(encoding="utf-8")
    missing = runner.invoke(cli, ["simulate", str(tmp_path / "nope.yaml")])
    assert missing.exit_code != 0


def _stored_room(url: str, tamper_at: int | None) -> str:
    """A room written as the server writes it: initial snapshot, events, later snapshots."""
    scenario = load_scenario(TUTORIAL)
    result = simulate(scenario, seed=8)
    database = Database(url)
    database.migrate()
    code = "RPLAY1"
    room = Room(
        id="r" * 32,
        code=code,
        title="Replay",
        scenario_id="tutorial",
        scenario_source=TUTORIAL.read_text(encoding="utf-8"),
        chair_key_hash="0" * 64,
        created_at=0.0,
    )
    from game_rules.session.fold import evolve

    with Session(database.engine) as session:
        repository = RoomRepository(session)
        repository.add_room(room, seats_for(room.id, result.start), encode_state(result.start))
        repository.append_events(
            room.id,
            [
                StoredEvent(seq=n, type=e.type, at=e.at, body=json.dumps(e.model_dump(mode="json")))
                for n, e in enumerate(result.events, start=1)
            ],
        )
        state = result.start
        for n, event in enumerate(result.events, start=1):
            state = evolve(state, event)
            if n % 25 == 0:
                stored = state
                if n == tamper_at:
                    stored = state.model_copy(update={"speaking_time": 1.0})
                repository.add_snapshot(room.id, n, encode_state(stored))
        session.commit()
    database.close()
    return code


def test_plenary_replay_rebuilds_a_room_and_checks_its_snapshots(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'good.db'}"
    code = _stored_room(url, tamper_at=None)
    result = CliRunner().invoke(cli, ["replay", code, "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "OK: every snapshot agrees" in result.output


def test_plenary_replay_reports_a_snapshot_that_disagrees(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    code = _stored_room(url, tamper_at=50)
    result = CliRunner().invoke(cli, ["replay", code, "--database-url", url])
    assert result.exit_code == 2
    assert "seq 50" in result.output


def test_plenary_replay_of_an_unknown_room_says_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    Database(url).migrate()
    result = CliRunner().invoke(cli, ["replay", "NOPE99", "--database-url", url])
    assert result.exit_code == 1
    assert "no room" in result.output.lower()


def test_replay_timeline_for_the_projector_has_only_public_events(tmp_path: Path) -> None:
    with _client(tmp_path) as http:
        created = http.post("/api/rooms", json={"scenario_id": "tutorial"}).json()
        code = created["code"]
        timeline = http.get(f"/api/rooms/{code}/replay.json?speed=4")
        assert timeline.status_code == 200
        body = timeline.json()
        assert body["speed"] == 4 and body["code"] == code
        assert body["events"] == []  # a fresh room: nothing has happened yet
