"""A room's own commits do not wake it; another service on the same hub is still woken."""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml
from live_support import DELEGATIONS, scenario_document

from app.database import Database
from app.hub import InMemoryHub
from app.rooms.service import RoomService
from app.scenarios.service import ScenarioCatalog
from app.settings import Settings


async def test_a_commit_wakes_other_workers_but_never_reloads_its_own_room(
    database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "test_assembly.yaml").write_text(yaml.safe_dump(scenario_document()), "utf-8")
    settings = Settings(database_url=database_url, scenarios_dir=folder)
    db = Database(database_url)
    db.migrate()
    hub = InMemoryHub()
    writer, watcher = (
        RoomService(db, hub, settings),
        RoomService(Database(database_url), hub, settings),
    )
    await writer.start()
    await watcher.start()
    try:
        created = await writer.create_room(ScenarioCatalog(folder).get("test_assembly"), None)
        writing, watching = await writer.runtime(created.code), await watcher.runtime(created.code)
        reloads = {"writing": 0, "watching": 0}

        def counted(name: str, original):  # type: ignore[no-untyped-def]
            async def catch_up() -> None:
                reloads[name] += 1
                await original()

            return catch_up

        writing._catch_up = counted("writing", writing._catch_up)  # type: ignore[method-assign]
        watching._catch_up = counted("watching", watching._catch_up)  # type: ignore[method-assign]
        for actor in DELEGATIONS[:5]:
            await writing.submit_and_wait(
                actor, {"type": "record_attendance", "member": actor, "status": "present"}
            )
        for _ in range(100):
            if watching.seq == writing.seq:
                break
            await asyncio.sleep(0.05)
        assert reloads["writing"] == 0, "the writer re-read its own commits from the table"
        assert reloads["watching"] >= 1
        assert watching.seq == writing.seq == 5
        assert watching.state == writing.state
    finally:
        await writer.stop()
        await watcher.stop()
