"""Operations: /metrics (off by default, then behind a bearer token, summed over workers),
/healthz (the database and Redis), JSON logs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from live_support import (
    DELEGATIONS,
    PROJECT_ROOT,
    LiveClient,
    ServerProcess,
    postgres_schema_url,
    spread_over_workers,
    write_scenarios,
)
from room_helpers import create_room
from session_script import roll_call

from app.database import Database
from app.hub import RedisHub
from app.main import create_app
from app.settings import Settings

TOKEN = "s3cret-metrics-token-0123"
REDIS_URL = "redis://127.0.0.1:6379/0"


def app_client(tmp_path: Path, **settings: object) -> TestClient:
    chosen = Settings(
        database_url=f"sqlite:///{tmp_path / 'plenary.db'}",
        scenarios_dir=write_scenarios(tmp_path / "scenarios"),
        **settings,  # type: ignore[arg-type]
    )
    return TestClient(create_app(chosen))


def sample(text: str, name: str, default: float | None = None, **labels: str) -> float:
    """The value of one sample in Prometheus's text format (labels in any order)."""
    for line in text.splitlines():
        match = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if match is None or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(match.group(3))
    if default is not None:
        return default
    raise AssertionError(f"no sample {name} {labels} in:\n{text[:3000]}")


def test_metrics_are_off_unless_a_token_is_set(tmp_path: Path) -> None:
    with app_client(tmp_path) as client:
        answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 404
    assert answer.json()["detail"]["code"] == "metrics_disabled"
    assert "PLENARY_METRICS_TOKEN" in answer.json()["detail"]["message"]


def test_metrics_want_the_bearer_token(tmp_path: Path) -> None:
    with app_client(tmp_path, metrics_token=TOKEN) as client:
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        # The registry is the test process's: compare with what it held before.
        before = client.get("/metrics", headers=bearer).text
        for headers in ({}, {"Authorization": "Bearer wrong-token-wrong-token"},
                        {"Authorization": TOKEN}, {"Authorization": "Bearer ünïcode".encode()}):
            answer = client.get("/metrics", headers=headers)
            assert answer.status_code == 401, headers
            assert answer.json()["detail"]["code"] == "metrics_unauthorized"
            # RFC 9110 §15.5.2: a 401 says which scheme would be accepted.
            assert answer.headers["WWW-Authenticate"] == 'Bearer realm="plenary"'

        room = client.post("/api/rooms", json={"scenario_id": "test_assembly"}).json()
        token = client.post(
            f"/api/rooms/{room['code']}/seats/D01/claim", json={"display_name": "A"}
        ).json()["token"]
        with client.websocket_connect(f"/ws/rooms/{room['code']}") as socket:
            socket.send_json({"type": "hello", "token": token})
            while socket.receive_json()["type"] != "welcome":
                pass
            socket.send_json({"id": "1", "type": "record_attendance", "member": "D01",
                              "status": "present"})
            socket.send_json({"id": "2", "type": "no_such_command"})
            replies = 0
            while replies < 2:
                message = socket.receive_json()
                replies += message.get("type") in ("ack", "error")
            answer = client.get("/metrics", headers=bearer)
            assert answer.status_code == 200
            assert answer.headers["content-type"].startswith("text/plain")
            text = answer.text

            def grew(name: str, **labels: str) -> float:
                return sample(text, name, **labels) - sample(before, name, **labels, default=0)

            assert grew("plenary_connections") == 1
            assert grew("plenary_rooms_loaded") == 1
        assert grew("plenary_commands_total", type="record_attendance", outcome="accepted") == 1
        assert grew("plenary_commit_seconds_count") >= 1
        assert grew("plenary_send_queues_closed_total") == 0
        assert grew("plenary_hub_wake_ups_total") == 0
        assert 'type="no_such_command"' not in text  # clients cannot mint label values


def test_a_short_metrics_token_is_refused_at_start(tmp_path: Path) -> None:
    started = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--database-url",
         f"sqlite:///{tmp_path / 'p.db'}"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "PLENARY_METRICS_TOKEN": "short"},
    )
    assert started.returncode == 2
    assert "PLENARY_METRICS_TOKEN must be at least 16 characters" in started.stderr
    assert "Traceback" not in started.stderr


def test_healthz_reports_the_database_and_redis(tmp_path: Path) -> None:
    with app_client(tmp_path) as client:
        answer = client.get("/healthz")
        assert answer.status_code == 200
        assert answer.json() == {"status": "ok", "database": "ok", "redis": "not_configured"}
        state = client.app.state  # type: ignore[attr-defined]
        working = state.database
        state.database = Database("postgresql+psycopg://nobody@127.0.0.1:1/none")
        try:
            down = client.get("/healthz")
        finally:
            state.database.close()
            state.database = working
        assert down.status_code == 503
        assert down.json()["status"] == "unavailable"
        assert down.json()["unavailable"] == ["database"]
    with app_client(tmp_path / "r", redis_url=REDIS_URL) as client:
        assert client.get("/healthz").json()["redis"] == "ok"
        state = client.app.state  # type: ignore[attr-defined]
        working_hub, state.hub = state.hub, RedisHub("redis://127.0.0.1:1/0")
        try:
            down = client.get("/healthz")
        finally:
            state.hub = working_hub
        assert down.status_code == 503
        assert down.json()["unavailable"] == ["redis"]
        assert down.json()["database"] == "ok"


def test_json_logs_when_asked(tmp_path: Path) -> None:
    scenarios = write_scenarios(tmp_path / "scenarios")
    server = ServerProcess(
        f"sqlite:///{tmp_path / 'p.db'}", scenarios, env={"PLENARY_LOG_FORMAT": "json"}
    ).start()
    try:
        httpx.get(f"{server.base_url}/healthz")
    finally:
        server.stop()
    lines = [line for line in server.log().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines if not line.startswith(" ")]
    startup = [e for e in entries if e["message"] == "Application startup complete."]
    assert startup and startup[0]["level"] == "INFO" and startup[0]["logger"] == "uvicorn.error"
    # Every line the server wrote through logging is one JSON object (the banner is printed).
    logged = [line for line in lines if line.startswith("{")]
    assert len(logged) >= 3 and all(json.loads(line)["time"] for line in logged)


@pytest.fixture
def two_workers_with_metrics(tmp_path: Path) -> Iterator[ServerProcess]:
    scenarios = write_scenarios(tmp_path / "scenarios")
    with postgres_schema_url() as url:
        server = ServerProcess(
            url, scenarios, redis_url=REDIS_URL, workers=2,
            env={"PLENARY_METRICS_TOKEN": TOKEN},
        ).start(timeout=60)
        try:
            yield server
        finally:
            server.stop()


@pytest.mark.postgres
async def test_metrics_add_up_every_worker(two_workers_with_metrics: ServerProcess) -> None:
    server = two_workers_with_metrics
    room = create_room(server.base_url)
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    delegates = {
        actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect()
        for actor in DELEGATIONS
    }
    try:
        await spread_over_workers(server, delegates, room.code, room.tokens)
        await roll_call(chair, delegates)
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            text = (await http.get(
                "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
            )).text
        assert sample(text, "plenary_connections") == len(DELEGATIONS) + 1
        assert sample(text, "plenary_rooms_loaded") == 2  # the room, on each worker
        recorded = sample(
            text, "plenary_commands_total", type="record_attendance", outcome="accepted"
        )
        assert recorded == len(DELEGATIONS)
        assert sample(text, "plenary_hub_wake_ups_total") >= 1
    finally:
        for client in [chair, *delegates.values()]:
            await client.close()
