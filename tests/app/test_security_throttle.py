"""Security review: room codes (~30 bits) cannot be enumerated and rooms cannot be created in bulk.

Unthrottled, a script at 2,000 guesses a second finds one of 50 live rooms in about 2.5 hours,
then claims its free seats. Each client address now gets 30 misses, then one guess every 2 s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.http_guard import RequestGuard
from app.main import create_app
from app.ratelimit import ClientThrottle
from app.settings import Settings


class FrozenClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _app(tmp_path: Path, **overrides: Any) -> TestClient:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'plenary.db'}",
        **overrides,
    )
    return TestClient(create_app(settings))


def test_guessing_room_codes_is_throttled_per_client_over_http_and_websocket(
    tmp_path: Path,
) -> None:
    with _app(tmp_path, room_code_miss_burst=3, room_code_misses_per_second=0.001) as client:
        created = client.post("/api/rooms", json={"scenario_id": "tutorial"})
        assert created.status_code == 201, created.text
        real = created.json()["code"]
        assert client.get(f"/api/rooms/{real}").status_code == 200
        for guess in ("AAAAAA", "BBBBBB"):
            assert client.get(f"/api/rooms/{guess}/seats").status_code == 404
        try:
            with client.websocket_connect("/ws/rooms/CCCCCC") as socket:
                socket.send_json({"type": "hello", "token": None})
                socket.receive_json()
        except WebSocketDisconnect as closed:
            assert closed.code == 4004
        # Out of guesses: even a real code gets no answer, so a hit cannot be told from a miss.
        refused = client.get(f"/api/rooms/{real}")
        assert refused.status_code == 429
        assert refused.json()["detail"]["code"] == "too_many_requests"
        try:
            with client.websocket_connect(f"/ws/rooms/{real}") as socket:
                socket.send_json({"type": "hello", "token": None})
                socket.receive_json()
            raise AssertionError("the WebSocket must be refused while throttled")
        except WebSocketDisconnect as closed:
            assert closed.code == 1008
        # Pages and the rest of the API are not affected.
        assert client.get("/").status_code == 200
        assert client.get("/api/scenarios").status_code == 200


def test_creating_rooms_in_bulk_is_throttled_per_client(tmp_path: Path) -> None:
    with _app(tmp_path, room_creation_burst=2, rooms_created_per_second=0.001) as client:
        for _ in range(2):
            assert client.post("/api/rooms", json={"scenario_id": "tutorial"}).status_code == 201
        refused = client.post("/api/rooms", json={"scenario_id": "tutorial"})
        assert refused.status_code == 429
        assert "new rooms" in refused.json()["detail"]["message"]


def test_the_throttle_refills_and_is_kept_per_client_address() -> None:
    clock = FrozenClock()
    throttle = ClientThrottle(rate=0.5, burst=2, clock=clock)
    assert throttle.try_take("10.0.0.1") and throttle.try_take("10.0.0.1")
    assert throttle.exhausted("10.0.0.1")
    assert not throttle.exhausted("10.0.0.2")
    clock.now += 2.0
    assert not throttle.exhausted("10.0.0.1")
    assert throttle.try_take("10.0.0.1")
    assert throttle.exhausted("10.0.0.1")


def test_the_throttle_forgets_the_oldest_client_when_full() -> None:
    throttle = ClientThrottle(rate=0.001, burst=1, max_clients=2)
    for client in ("a", "b", "c"):
        assert throttle.try_take(client)
    assert not throttle.exhausted("a")  # forgotten, so a fresh bucket
    assert throttle.exhausted("c")


def test_the_guard_defaults_to_throttling() -> None:
    async def nothing(scope: Any, receive: Any, send: Any) -> None:
        return None

    guard = RequestGuard(nothing, max_body_bytes=10)
    assert guard.code_misses.burst == 30
    assert guard.room_creations.burst == 60
