"""Two room services on one database: the unique (room_id, seq) key decides; the loser retries."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
import yaml
from live_support import DELEGATIONS, scenario_document

from app.database import Database
from app.hub import InMemoryHub
from app.rooms.repository import RoomRepository
from app.rooms.service import RoomService
from app.scenarios.service import ScenarioCatalog
from app.settings import Settings


async def test_two_services_on_one_database_never_lose_or_duplicate_a_seq(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.rooms.writer")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "test_assembly.yaml").write_text(yaml.safe_dump(scenario_document()), "utf-8")
    settings = Settings(database_url=database_url, scenarios_dir=folder, snapshot_every=7)
    first_db, second_db = Database(database_url), Database(database_url)
    first_db.migrate()
    # Separate hubs: neither worker hears the other, so every race goes to the database.
    first = RoomService(first_db, InMemoryHub(), settings)
    second = RoomService(second_db, InMemoryHub(), settings)
    await first.start()
    await second.start()
    try:
        created = await first.create_room(ScenarioCatalog(folder).get("test_assembly"), None)
        rooms = [await first.runtime(created.code), await second.runtime(created.code)]

        async def answer_roll(index: int, actor: str) -> int:
            runtime = rooms[index % 2]
            return await runtime.submit_and_wait(
                actor, {"type": "record_attendance", "member": actor, "status": "present"}
            )

        seqs = await asyncio.gather(
            *(answer_roll(index, actor) for index, actor in enumerate(DELEGATIONS))
        )
        assert sorted(seqs) == list(range(1, len(DELEGATIONS) + 1)), seqs
        assert any("lost the race" in record.message for record in caplog.records), (
            "the two writers never collided, so the retry path was not exercised"
        )

        stored = await first_db.run(
            lambda session: RoomRepository(session).events_after(rooms[0].room_id, 0)
        )
        assert [row.seq for row in stored] == list(range(1, len(DELEGATIONS) + 1))
        assert sorted(row.body.count('"member":"') for row in stored) == [1] * len(DELEGATIONS)

        for runtime in rooms:
            await runtime.sync()
            assert runtime.seq == len(DELEGATIONS)
            assert set(runtime.state.attendance) == set(DELEGATIONS)
        assert rooms[0].state == rooms[1].state

        # A fresh process rebuilds the room from its newest snapshot plus the events after it.
        snapshot = await first_db.run(
            lambda session: RoomRepository(session).latest_snapshot(rooms[0].room_id)
        )
        assert snapshot is not None and snapshot.seq >= 14  # every 7 events, at a commit's end
        restarted = RoomService(Database(database_url), InMemoryHub(), settings)
        await restarted.start()
        try:
            reloaded = await restarted.runtime(created.code)
            assert reloaded.seq == len(DELEGATIONS)
            assert reloaded.state == rooms[0].state
        finally:
            await restarted.stop()
            restarted.db.close()
    finally:
        await first.stop()
        await second.stop()
        first_db.close()
        second_db.close()


async def test_one_room_loads_into_one_runtime_however_many_ask_at_once(
    database_url: str, tmp_path: Path
) -> None:
    """Many requests for a room that is not in memory yet (a class opening its pages at once,
    while the loader corrects the room's booked timer): they all get the same runtime, or two
    writers in one process would each hold their own idea of the room."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "test_assembly.yaml").write_text(yaml.safe_dump(scenario_document()), "utf-8")
    settings = Settings(database_url=database_url, scenarios_dir=folder)
    database = Database(database_url)
    database.migrate()
    creator = RoomService(database, InMemoryHub(), settings)
    await creator.start()
    created = await creator.create_room(ScenarioCatalog(folder).get("test_assembly"), None)
    room_id = (await creator.runtime(created.code)).room_id
    await creator.stop()
    # A booked timer that loading must correct: the await that once let a second load in.
    await database.run(lambda session: RoomRepository(session).record_deadline(room_id, 0.0))
    service = RoomService(database, InMemoryHub(), settings)
    await service.start()
    try:
        asking = []
        for _ in range(40):  # arriving one after another, all through the load
            asking.append(asyncio.create_task(service.runtime(created.code)))
            await asyncio.sleep(0.002)
        runtimes = await asyncio.gather(*asking)
        assert len({id(runtime) for runtime in runtimes}) == 1
        assert len(service.loaded_runtimes()) == 1
    finally:
        await service.stop()
        database.close()
