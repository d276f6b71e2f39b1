"""Bad input gets a clear error code; the connection and the room go on."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets
import yaml
from live_support import LiveClient, ServerProcess, scenario_document
from room_helpers import RoomHandles

from app.rooms.connection import LiveConnection
from app.rooms.fanout import CommittedBatch
from app.rooms.schemas import Identity
from app.settings import Settings
from game_rules.scenario.setup import parse_scenario, start_session
from game_rules.session.state import SessionState


async def still_works(client: LiveClient) -> None:
    """The connection survived: a ping is answered and the room takes a command."""
    await client.send_raw(json.dumps({"type": "ping", "t": 1.5}))
    pong = await client.next_message("pong", after=len(client.messages) - 1)
    assert pong["t"] == 1.5 and pong["server_time"] > 0


async def test_malformed_oversized_and_unknown_messages_get_error_codes(
    server: ServerProcess, room: RoomHandles
) -> None:
    client = await LiveClient(server.ws_url, room.code, room.tokens["D01"], "D01").connect()
    try:
        cases = [
            ("{not json", "bad_json"),
            ("[1, 2, 3]", "bad_json"),
            (json.dumps({"type": "cast_vote", "choice": "yes"}), "bad_message"),
            (json.dumps({"id": 1}), "bad_message"),
            (json.dumps({"id": 2, "type": "launch_missiles"}), "unknown_type"),
            (
                json.dumps({"id": 3, "type": "record_attendance", "member": "D01"}),
                "invalid_command",
            ),
            (json.dumps({"id": 4, "type": "add_speaker", "now": 0}), "invalid_command"),
            (json.dumps({"id": 5, "v": 99, "type": "add_speaker"}), "unsupported_version"),
            (
                json.dumps({"id": 6, "type": "send_note", "to": ["D02"], "text": "x" * 5_000}),
                "text_too_long",
            ),
            (json.dumps({"type": "hello", "token": None}), "already_greeted"),
        ]
        for text, code in cases:
            before = len(client.messages)
            await client.send_raw(text)
            error = await client.next_message("error", after=before)
            assert error["code"] == code, (text[:60], error)
            assert error["message"] and len(error["message"]) < 600
        unknown = next(m for m in client.messages if m.get("code") == "unknown_type")
        assert unknown["id"] == 2
        assert "launch_missiles" in unknown["message"]
        await still_works(client)
        seq = await client.must("record_attendance", member="D01", status="present_and_voting")
        assert seq >= 1
    finally:
        await client.close()


async def test_a_released_seat_can_no_longer_act_but_stays_connected(
    server: ServerProcess, room: RoomHandles
) -> None:
    client = await LiveClient(server.ws_url, room.code, room.tokens["D02"], "D02").connect()
    try:
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            released = await http.post(
                f"/api/rooms/{room.code}/seats/D02/release",
                headers={"Authorization": f"Bearer {room.chair_key}"},
            )
        assert released.status_code == 200, released.text
        assert released.json()["claimed"] is False
        await client.wait_until(
            lambda: any(
                m["type"] == "seats"
                and not next(s for s in m["seats"] if s["actor"] == "D02")["claimed"]
                for m in client.messages
            ),
            what="the seat list without D02",
        )
        reply = await client.send("record_attendance", member="D02", status="present")
        assert reply["type"] == "error" and reply["code"] == "seat_released"
        await still_works(client)
        # The old token no longer opens the room.
        again = LiveClient(server.ws_url, room.code, room.tokens["D02"], "D02-again")
        with pytest.raises(ConnectionError):
            await again.connect()
        assert again.closed_with is not None and again.closed_with[0] == 4001
    finally:
        await client.close()


async def test_flooding_is_rate_limited_per_connection(
    server: ServerProcess, room: RoomHandles
) -> None:
    flooder = await LiveClient(server.ws_url, room.code, room.tokens["D03"], "D03").connect()
    neighbour = await LiveClient(server.ws_url, room.code, room.tokens["D04"], "D04").connect()
    try:
        replies = await asyncio.gather(
            *(flooder.send("remove_speaker") for _ in range(120)), return_exceptions=False
        )
        codes = [reply.get("code") for reply in replies]
        assert codes.count("rate_limited") >= 60, codes
        limited = next(reply for reply in replies if reply.get("code") == "rate_limited")
        assert "too fast" in limited["message"]
        # Someone else in the room is not affected, and the flooder recovers after a pause.
        await neighbour.must("record_attendance", member="D04", status="present")
        await asyncio.sleep(1.0)
        await flooder.must("record_attendance", member="D03", status="present")
    finally:
        await flooder.close()
        await neighbour.close()


async def test_a_bad_hello_closes_with_a_reason(server: ServerProcess, room: RoomHandles) -> None:
    url = f"{server.ws_url}/ws/rooms/{room.code}"
    cases = [
        (url, json.dumps({"id": 1, "type": "add_speaker"}), 4000, "hello"),
        (url, json.dumps({"type": "hello", "last_seq": -3}), 4000, "last_seq"),
        (url, json.dumps({"type": "hello", "token": "not-a-token"}), 4001, "no longer valid"),
        (f"{server.ws_url}/ws/rooms/ZZZZZZ", json.dumps({"type": "hello"}), 4004, "ZZZZZZ"),
    ]
    for address, hello, code, words in cases:
        async with websockets.connect(address) as socket:
            await socket.send(hello)
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), 5)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == code, (hello, closed.value.rcvd)
        assert words in closed.value.rcvd.reason


class StuckSocket:
    """A phone on a bad network: every send hangs."""

    application_state = None

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed: tuple[int, str] | None = None
        self._never = asyncio.Event()

    async def send_text(self, text: str) -> None:
        self.sent.append(text)
        if len(self.sent) > 1:
            await self._never.wait()

    async def receive(self) -> dict[str, str]:
        await self._never.wait()
        return {"type": "websocket.disconnect"}

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)


def fresh_state() -> SessionState:
    return start_session(parse_scenario(yaml.safe_dump(scenario_document())))


class FakeRuntime:
    code = "ABCDEF"
    seq = 0
    connection_count = 1

    def __init__(self) -> None:
        from types import SimpleNamespace

        self.room = SimpleNamespace(title="t", locked=False, closed=False)
        self.subscribers: list[LiveConnection] = []

    def subscribe(self, connection: LiveConnection) -> CommittedBatch:
        self.subscribers.append(connection)
        return CommittedBatch(0, (), fresh_state())

    def unsubscribe(self, connection: LiveConnection) -> None:
        self.subscribers.remove(connection)

    def seat_list(self) -> list[dict[str, str]]:
        return []


async def test_a_client_that_falls_behind_is_closed_and_never_stalls_the_room(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from starlette.websockets import WebSocketState

    socket = StuckSocket()
    socket.application_state = WebSocketState.CONNECTED  # type: ignore[assignment]
    runtime = FakeRuntime()
    settings = Settings(send_queue_limit=5)
    connection = LiveConnection(
        socket,  # type: ignore[arg-type]
        runtime,  # type: ignore[arg-type]
        Identity(role="spectator", viewer="public", actor=None, token_hash=None),
        settings,
    )
    state = fresh_state()
    running = asyncio.create_task(connection.run(last_seq=None))
    await asyncio.sleep(0.05)
    for seq in range(1, 50):
        # The writer only ever offers; it never waits for a connection.
        connection.offer(CommittedBatch(seq, (), state))
    await asyncio.wait_for(running, 5)
    assert socket.closed is not None
    assert socket.closed[0] == 4008
    assert "fell_behind" in socket.closed[1]
    assert runtime.subscribers == []
