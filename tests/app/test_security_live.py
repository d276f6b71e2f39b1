"""Security review, WebSocket side: a token that no longer holds its seat (or chair) stops reading
that seat's secrets at once, and hostile messages get a clear error instead of a dead socket."""

from __future__ import annotations

import json

import httpx
import websockets
from live_support import LiveClient, ServerProcess
from room_helpers import RoomHandles


def _chair(server: ServerProcess, room: RoomHandles) -> httpx.Client:
    return httpx.Client(
        base_url=server.base_url,
        timeout=20,
        headers={"Authorization": f"Bearer {room.chair_key}"},
    )


async def test_a_released_seat_stops_receiving_its_notes_and_brief_at_once(
    server: ServerProcess, room: RoomHandles
) -> None:
    """Releasing a seat must cut the old device off the seat's secrets, not only its commands:
    otherwise a student who handed the seat back keeps reading the next holder's notes."""
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    old = await LiveClient(server.ws_url, room.code, room.tokens["D03"], "D03").connect()
    try:
        await old.wait_until(lambda: old.state is not None, what="the snapshot")
        assert "Secret position of D03" in json.dumps(old.state)
        seats_before = len(old.messages)
        with _chair(server, room) as http:
            released = http.post(f"/api/rooms/{room.code}/seats/D03/release")
            assert released.status_code == 200, released.text
            claimed = http.post(
                f"/api/rooms/{room.code}/seats/D03/claim", json={"display_name": "New"}
            )
            assert claimed.status_code == 200, claimed.text
        await old.next_message("seats", after=seats_before)
        before = len(old.messages)
        seq = await chair.must("send_note", to=["D03"], text="For the new holder of D03 only")
        await old.wait_until(
            lambda: any(
                m.get("type") == "state" and m["seq"] >= seq for m in old.messages[before:]
            ),
            what="the state after the note",
        )
        seen_after = json.dumps(old.messages[before:])
        assert "For the new holder of D03 only" not in seen_after
        assert "Secret position of D03" not in seen_after
        assert old.state is not None and old.state["me"] == {}
        refused = await old.send("add_speaker")
        assert refused["code"] == "seat_released"
    finally:
        await old.close()
        await chair.close()


async def test_a_replaced_cochair_key_stops_receiving_the_chairs_view(
    server: ServerProcess, room: RoomHandles
) -> None:
    """Issuing a new co-chair key revokes the old one for reading, too: no more notes, ballots
    or briefs to the old co-chair's screen."""
    with _chair(server, room) as http:
        first = http.post(f"/api/rooms/{room.code}/cochairs").json()["chair_key"]
    cochair = await LiveClient(server.ws_url, room.code, first, "cochair").connect()
    sender = await LiveClient(server.ws_url, room.code, room.tokens["D05"], "D05").connect()
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    try:
        assert cochair.welcome is not None and cochair.welcome["role"] == "chair"
        with _chair(server, room) as http:
            assert http.post(f"/api/rooms/{room.code}/cochairs").status_code == 200
        await chair.must("record_attendance", member="D05", status="present")
        before = len(cochair.messages)
        seq = await sender.must("send_note", to=["D06"], text="Not for a revoked co-chair")
        await cochair.wait_until(
            lambda: any(
                m.get("type") == "state" and m["seq"] >= seq for m in cochair.messages[before:]
            ),
            what="the state after the note",
        )
        seen_after = json.dumps(cochair.messages[before:])
        assert "Not for a revoked co-chair" not in seen_after
        assert '"briefs"' not in seen_after
        refused = await cochair.send("record_attendance", member="D06", status="present")
        assert refused["code"] == "unauthorized"
    finally:
        for client in (cochair, sender, chair):
            await client.close()


async def test_deeply_nested_json_gets_too_deep_and_the_socket_stays_open(
    server: ServerProcess, room: RoomHandles
) -> None:
    """json.loads raises RecursionError (not ValueError) on deep nesting; it used to kill the
    connection without a word."""
    client = await LiveClient(server.ws_url, room.code, room.tokens["D07"], "D07").connect()
    try:
        for text in (
            "[" * 15_000,
            '{"id": 9, "type": "send_note", "to": ' + "[" * 5_000 + "]" * 5_000 + "}",
        ):
            before = len(client.messages)
            await client.send_raw(text)
            error = await client.next_message("error", after=before)
            assert error["code"] == "too_deep"
            assert "levels deep" in error["message"]
        assert client.closed_with is None
        await client.must("record_attendance", member="D07", status="present")
    finally:
        await client.close()


async def test_a_deeply_nested_hello_closes_with_a_reason(
    server: ServerProcess, room: RoomHandles
) -> None:
    async with websockets.connect(f"{server.ws_url}/ws/rooms/{room.code}") as socket:
        await socket.send("[" * 15_000)
        try:
            await socket.recv()
        except websockets.ConnectionClosed as closed:
            assert closed.rcvd is not None
            assert closed.rcvd.code == 4000
            assert closed.rcvd.reason.startswith("too_deep")
        else:
            raise AssertionError("a nested hello must close the socket with 4000")


async def _fresh_view_after(client: LiveClient, before: int, code: str) -> dict:
    """The notice and the public state a socket gets, unprompted, once it lost its access."""
    notice = await client.next_message("error", after=before)
    assert notice["id"] is None and notice["code"] == code
    await client.wait_until(
        lambda: any(m.get("type") == "state" for m in client.messages[before:]),
        what="a fresh state without any new event",
    )
    return next(m for m in client.messages[before:] if m.get("type") == "state")


async def test_a_released_or_reassigned_seat_loses_its_secrets_on_screen_at_once(
    server: ServerProcess, room: RoomHandles
) -> None:
    """The old screen used to keep the brief and notes it already showed until the room next
    changed. Now it is told why (seat_released, id null) and gets a public view at once, and it
    stays open, read-only."""
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    await chair.must("record_attendance", member="D08", status="present")
    await chair.must("send_note", to=["D08"], text="Chair to D08 only")
    released = await LiveClient(server.ws_url, room.code, room.tokens["D08"], "D08").connect()
    moved = await LiveClient(server.ws_url, room.code, room.tokens["D09"], "D09").connect()
    try:
        for client, secret in ((released, "Chair to D08 only"), (moved, "Secret position of D09")):
            await client.wait_until(lambda c=client: c.state is not None, what="the first view")
            assert secret in json.dumps(client.state)
        seq = chair.last_seq
        before_release, before_move = len(released.messages), len(moved.messages)
        with _chair(server, room) as http:
            assert http.post(f"/api/rooms/{room.code}/seats/D08/release").status_code == 200
            assert http.post(f"/api/rooms/{room.code}/seats/D09/reassign").status_code == 200
        for client, before in ((released, before_release), (moved, before_move)):
            state = await _fresh_view_after(client, before, "seat_released")
            assert state["view"]["me"] == {}
            assert state["seq"] == seq, "no new event was needed to clear the screen"
            seen = json.dumps(client.messages[before:])
            assert "Secret position" not in seen and "Chair to D08 only" not in seen
            assert client.closed_with is None
        refused = await released.send("add_speaker")
        assert refused["code"] == "seat_released"
    finally:
        for client in (released, moved, chair):
            await client.close()


async def test_a_replaced_cochair_key_loses_the_chairs_view_on_screen_at_once(
    server: ServerProcess, room: RoomHandles
) -> None:
    with _chair(server, room) as http:
        first = http.post(f"/api/rooms/{room.code}/cochairs").json()["chair_key"]
    cochair = await LiveClient(server.ws_url, room.code, first, "cochair").connect()
    try:
        await cochair.wait_until(lambda: cochair.state is not None, what="the first view")
        assert '"briefs"' in json.dumps(cochair.state)
        before = len(cochair.messages)
        with _chair(server, room) as http:
            assert http.post(f"/api/rooms/{room.code}/cochairs").status_code == 200
        state = await _fresh_view_after(cochair, before, "chair_key_replaced")
        assert state["view"]["me"] == {}
        assert '"briefs"' not in json.dumps(cochair.messages[before:])
    finally:
        await cochair.close()
