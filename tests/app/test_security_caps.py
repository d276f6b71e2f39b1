"""Security review, connection caps: opening more sockets buys no more commands, no more memory
and no way to push others out, and a reconnect far behind gets a snapshot, not thousands of events.

One server per database with its caps lowered through ``PLENARY_*`` settings, so each limit is
reached with a handful of sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
import websockets
from live_support import LiveClient, ServerProcess, database_url_for, write_scenarios
from room_helpers import RoomHandles, create_room

SEAT_CAP = 2
CHAIR_CAP = 2
SPECTATOR_CAP = 3
ADDRESS_CAP = 12
SEAT_BURST = 10
RESYNC_GAP = 5

CAPPED_SETTINGS = {
    "PLENARY_WS_CONNECTIONS_PER_SEAT": str(SEAT_CAP),
    "PLENARY_WS_CONNECTIONS_PER_CHAIR_KEY": str(CHAIR_CAP),
    "PLENARY_WS_SPECTATORS_PER_ROOM": str(SPECTATOR_CAP),
    "PLENARY_WS_CONNECTIONS_PER_ADDRESS": str(ADDRESS_CAP),
    "PLENARY_SEAT_RATE_LIMIT_PER_SECOND": "0.2",
    "PLENARY_SEAT_RATE_LIMIT_BURST": str(SEAT_BURST),
    "PLENARY_RESYNC_GAP": str(RESYNC_GAP),
}


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ],
)
def capped(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp(f"capped-{request.param}")
    scenarios = write_scenarios(folder / "scenarios")
    with database_url_for(request.param, folder) as url:
        process = ServerProcess(url, scenarios, env=CAPPED_SETTINGS).start()
        try:
            yield process
        finally:
            process.stop()


@pytest.fixture
def capped_room(capped: ServerProcess) -> RoomHandles:
    return create_room(capped.base_url, claim=["D01", "D02", "D03", "D04"])


async def _closed_with(client: LiveClient, what: str) -> tuple[int | None, str]:
    await client.wait_until(lambda: client.closed_with is not None, what=what)
    assert client.closed_with is not None
    return client.closed_with


async def _close_all(clients: list[Any]) -> None:
    for client in clients:
        with contextlib.suppress(Exception):
            await client.close()


async def test_a_seat_opened_on_one_device_too_many_closes_its_oldest_socket(
    capped: ServerProcess, capped_room: RoomHandles
) -> None:
    """A seat token could hold any number of sockets. Now the newest wins: a reload or a second
    device never locks the student out, and the oldest socket is told why it closed."""
    token = capped_room.tokens["D01"]
    sockets = [
        await LiveClient(capped.ws_url, capped_room.code, token, f"D01-{n}").connect()
        for n in range(SEAT_CAP + 1)
    ]
    chair_sockets = [
        await LiveClient(capped.ws_url, capped_room.code, capped_room.chair_key, f"chair-{n}")
        .connect()
        for n in range(CHAIR_CAP + 1)
    ]
    try:
        code, reason = await _closed_with(sockets[0], "the oldest D01 socket to close")
        assert code == 4009
        assert reason.startswith("opened_elsewhere:") and "reload" in reason
        code, reason = await _closed_with(chair_sockets[0], "the oldest chair socket to close")
        assert code == 4009 and "chair link" in reason
        # The newer sockets of the same seat and chair key go on working.
        for client in (*sockets[1:], *chair_sockets[1:]):
            assert client.closed_with is None
        await chair_sockets[-1].must("record_attendance", member="D01", status="present")
        seq = await sockets[-1].must("add_speaker")
        await sockets[1].wait_for_seq(seq)
        await chair_sockets[1].wait_for_seq(seq)
    finally:
        await _close_all([*sockets, *chair_sockets])


async def test_a_seats_sockets_share_one_command_budget(
    capped: ServerProcess, capped_room: RoomHandles
) -> None:
    """The rate limit was per socket, so two tabs of one seat sent twice as many commands into
    the room's writer. Now the seat's sockets draw from one bucket; other seats are untouched."""
    token = capped_room.tokens["D02"]
    tabs = [
        await LiveClient(capped.ws_url, capped_room.code, token, f"D02-{n}").connect()
        for n in range(2)
    ]
    other = LiveClient(capped.ws_url, capped_room.code, capped_room.chair_key, "chair")
    await other.connect()
    try:
        replies = await asyncio.gather(
            *(tab.send("add_speaker") for tab in tabs for _ in range(SEAT_BURST))
        )
        limited = [reply for reply in replies if reply.get("code") == "rate_limited"]
        # Each tab alone is far under the per-socket limit (burst 40); together they are not.
        assert len(limited) >= SEAT_BURST - 2, replies
        assert "screens together" in limited[0]["message"]
        assert all(tab.closed_with is None for tab in tabs)
        await other.must("record_attendance", member="D03", status="present")
    finally:
        await _close_all([*tabs, other])


async def test_read_only_screens_per_room_are_capped_with_a_readable_reason(
    capped: ServerProcess, capped_room: RoomHandles
) -> None:
    """Anyone with the room code could open unlimited spectator sockets, each one a full state
    view to build and send on every change."""
    screens = [
        await LiveClient(capped.ws_url, capped_room.code, None, f"screen-{n}").connect()
        for n in range(SPECTATOR_CAP)
    ]
    delegate = None
    try:
        extra = LiveClient(capped.ws_url, capped_room.code, None, "one-too-many")
        with pytest.raises(ConnectionError):
            await extra.connect()
        assert extra.closed_with is not None
        code, reason = extra.closed_with
        assert code == 4029
        assert reason.startswith("too_many_connections:") and "read-only" in reason
        # Seats are not spectators: a seat still gets in and the screens still follow.
        delegate = await LiveClient(
            capped.ws_url, capped_room.code, capped_room.chair_key, "chair"
        ).connect()
        seq = await delegate.must("record_attendance", member="D04", status="present")
        for screen in screens:
            await screen.wait_for_seq(seq)
        # A screen that leaves frees its place.
        await screens.pop().close()
        await asyncio.sleep(0.3)
        screens.append(
            await LiveClient(capped.ws_url, capped_room.code, None, "replacement").connect()
        )
    finally:
        await _close_all([*screens, *([delegate] if delegate else [])])


async def test_sockets_per_client_address_are_capped_even_before_hello(
    capped: ServerProcess, capped_room: RoomHandles
) -> None:
    """Sockets that never say hello still hold memory; one address could open thousands."""
    url = f"{capped.ws_url}/ws/rooms/{capped_room.code}"
    opened: list[Any] = []
    refused: websockets.ConnectionClosed | None = None
    try:
        for _ in range(ADDRESS_CAP + 1):
            socket = await websockets.connect(url)
            try:
                await asyncio.wait_for(socket.recv(), 0.2)
            except TimeoutError:
                opened.append(socket)
                continue
            except websockets.ConnectionClosed as closed:
                refused = closed
                break
        assert refused is not None, f"{len(opened)} silent sockets from one address got in"
        assert len(opened) <= ADDRESS_CAP
        assert refused.rcvd is not None and refused.rcvd.code == 4029
        assert "from this network" in refused.rcvd.reason
        # Closing one makes room for a real client again.
        await opened.pop().close()
        await asyncio.sleep(0.3)
        client = await LiveClient(
            capped.ws_url, capped_room.code, capped_room.tokens["D03"], "D03"
        ).connect()
        assert client.welcome is not None and client.welcome["seat"] == "D03"
        await client.close()
    finally:
        await _close_all(opened)


async def test_a_reconnect_far_behind_gets_a_snapshot_not_every_event(
    capped: ServerProcess, capped_room: RoomHandles
) -> None:
    """``hello`` with a ``last_seq`` more than ``PLENARY_RESYNC_GAP`` behind gets one snapshot;
    a small gap still gets exactly the missed events."""
    chair = LiveClient(capped.ws_url, capped_room.code, capped_room.chair_key, "chair")
    await chair.connect()
    delegate = LiveClient(capped.ws_url, capped_room.code, capped_room.tokens["D01"], "D01")
    await delegate.connect()
    try:
        await delegate.wait_until(lambda: delegate.state is not None, what="the first view")
        await delegate.close()
        left_at = delegate.last_seq or 0
        seq = left_at
        members = [f"D{number:02d}" for number in range(1, 21)]
        while seq - left_at <= RESYNC_GAP:
            seq = await chair.must("record_attendance", member=members.pop(0), status="present")

        far = LiveClient(capped.ws_url, capped_room.code, capped_room.tokens["D01"], "far")
        await far.connect(last_seq=left_at)
        assert far.welcome is not None and far.welcome["resync"] == "snapshot"
        snapshot = await far.next_message("snapshot")
        assert snapshot["seq"] == seq
        assert "Secret position of D01" in str(snapshot["view"]["me"])
        await far.next_message("seats")
        assert far.events == [], "a snapshot replaces the missed events"
        await far.close()

        near = LiveClient(capped.ws_url, capped_room.code, capped_room.tokens["D01"], "near")
        await near.connect(last_seq=seq - 2)
        assert near.welcome is not None and near.welcome["resync"] == "events"
        await near.next_message("seats")
        assert [event["seq"] for event in near.events] == [seq - 1, seq]
        await near.close()
    finally:
        await chair.close()
