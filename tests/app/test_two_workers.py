"""Two server processes on one database, woken through the real Redis: one room, two workers."""

from __future__ import annotations

import asyncio
from pathlib import Path

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
