"""The server owns every clock: deadlines fire by themselves, also after a restart."""

from __future__ import annotations

import time
from pathlib import Path

from live_support import LiveClient, ServerProcess
from room_helpers import RoomHandles, create_room
from session_script import last_event


async def give_floor_for(
    chair: LiveClient, speaker: LiveClient, actor: str, seconds: float
) -> float:
    await speaker.must("record_attendance", member=actor, status="present_and_voting")
    await chair.must("set_speaking_time", seconds=seconds)
    await speaker.must("add_speaker")
    await chair.must("recognize_speaker")
    assert chair.state is not None
    await chair.wait_until(lambda: chair.state is not None and chair.state.get("floor") is not None)
    given = last_event(chair, "floor_given")
    return float(given["at"]) + seconds


async def test_speaker_time_runs_out_on_the_server_clock(
    server: ServerProcess, room: RoomHandles
) -> None:
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    speaker = await LiveClient(server.ws_url, room.code, room.tokens["D01"], "D01").connect()
    try:
        assert chair.welcome is not None
        assert abs(chair.welcome["server_time"] - time.time()) < 2, "clients need the server clock"
        deadline = await give_floor_for(chair, speaker, "D01", 1)
        await speaker.wait_until(
            lambda: any(m["event"]["type"] == "floor_ended" for m in speaker.events),
            timeout=5,
            what="the speaker's time to run out",
        )
        ended = last_event(speaker, "floor_ended")
        assert ended["reason"] == "time_up"
        assert deadline <= ended["at"] < deadline + 1.0
    finally:
        await chair.close()
        await speaker.close()


async def test_timers_resume_after_a_restart(database_url: str, scenarios_dir: Path) -> None:
    server = ServerProcess(database_url, scenarios_dir).start()
    clients: list[LiveClient] = []
    try:
        room = create_room(server.base_url, claim=["D01"])
        chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
        speaker = await LiveClient(server.ws_url, room.code, room.tokens["D01"], "D01").connect()
        clients = [chair, speaker]
        deadline = await give_floor_for(chair, speaker, "D01", 3)
        server.kill()
        for client in clients:
            await client.close()
        server.start()
        watcher = await LiveClient(server.ws_url, room.code, None, "projector").connect(
            last_seq=chair.last_seq
        )
        clients = [watcher]
        await watcher.wait_until(
            lambda: any(m["event"]["type"] == "floor_ended" for m in watcher.events),
            timeout=10,
            what="the floor to end after the restart",
        )
        ended = last_event(watcher, "floor_ended")
        assert ended["reason"] == "time_up"
        assert ended["at"] >= deadline
    finally:
        for client in clients:
            await client.close()
        server.stop()
