"""Two server processes on one database, woken through the real Redis: one room, two workers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from live_support import DELEGATIONS, LiveClient, ServerProcess
from room_helpers import create_room
from session_script import roll_call

REDIS_URL = "redis://127.0.0.1:6379/0"


async def test_clients_on_two_workers_see_one_room_in_one_order(
    database_url: str, scenarios_dir: Path
) -> None:
    first = ServerProcess(database_url, scenarios_dir, redis_url=REDIS_URL).start()
    second = ServerProcess(database_url, scenarios_dir, redis_url=REDIS_URL).start()
    clients: list[LiveClient] = []
    try:
        room = create_room(first.base_url)
        chair = await LiveClient(first.ws_url, room.code, room.chair_key, "chair").connect()
        delegates = {
            actor: await LiveClient(
                (first if index % 2 else second).ws_url, room.code, room.tokens[actor], actor
            ).connect()
            for index, actor in enumerate(DELEGATIONS)
        }
        clients = [chair, *delegates.values()]
        last = await roll_call(chair, delegates)
        await delegates["D02"].must("add_speaker")  # on the second worker
        await delegates["D01"].must("add_speaker")  # on the first
        last = await chair.must("recognize_speaker")
        await asyncio.gather(*(client.wait_for_seq(last) for client in clients))
        expected = list(range(1, last + 1))
        for client in clients:
            assert [m["seq"] for m in client.events] == expected, client.name
        assert len({tuple(c.event_types()) for c in clients}) == 1
    finally:
        for client in clients:
            await client.close()
        first.stop()
        second.stop()


async def test_a_room_deleted_on_one_worker_is_gone_on_the_other(
    database_url: str, scenarios_dir: Path
) -> None:
    """The chair deletes the room on the first worker: the second closes its screens, refuses
    new ones and serves none of its data (the review found it still serving the chair's notes)."""
    first = ServerProcess(database_url, scenarios_dir, redis_url=REDIS_URL).start()
    second = ServerProcess(database_url, scenarios_dir, redis_url=REDIS_URL).start()
    try:
        room = create_room(first.base_url, claim=["D01", "D02"])
        on_second = await LiveClient(second.ws_url, room.code, room.tokens["D01"], "D01").connect()
        chair = await LiveClient(second.ws_url, room.code, room.chair_key, "chair").connect()
        await chair.must("send_note", to=["D01"], text="A private word.")
        await chair.close()
        async with httpx.AsyncClient() as http:
            deleted = await http.delete(
                f"{first.base_url}/api/rooms/{room.code}",
                headers={"Authorization": f"Bearer {room.chair_key}"},
            )
            assert deleted.status_code == 204
            await on_second.wait_until(lambda: on_second.closed_with is not None, what="4004")
            assert on_second.closed_with is not None
            assert on_second.closed_with[0] == 4004
            assert on_second.closed_with[1].startswith("room_deleted")
            for path in ("", "/state", "/seats"):
                answer = await http.get(
                    f"{second.base_url}/api/rooms/{room.code}{path}",
                    headers={"Authorization": f"Bearer {room.chair_key}"},
                )
                assert answer.status_code == 404, (path, answer.text)
        late = LiveClient(second.ws_url, room.code, None, "late")
        with pytest.raises(ConnectionError):
            await late.connect()
        assert late.closed_with is not None and late.closed_with[0] == 4004
        assert "Traceback" not in second.log(), second.log()[-2000:]
    finally:
        first.stop()
        second.stop()
