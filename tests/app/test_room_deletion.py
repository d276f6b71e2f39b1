"""Deleting a room deletes everything in it (issue 13, item 6): after the chair's DELETE no row
of any table that belongs to a room is left for it, and another room's rows are untouched. Only
the chair's own key may do it."""

from __future__ import annotations

from typing import Any

import httpx
from live_support import LiveClient, ServerProcess
from room_helpers import create_room
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

import app.models  # noqa: F401 - registers every table on SQLModel.metadata


def _rows_per_table(database_url: str, room_id: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            counts = {
                "rooms": db.execute(
                    text("SELECT count(*) FROM rooms WHERE id = :id"), {"id": room_id}
                ).scalar_one()
            }
            for table in SQLModel.metadata.sorted_tables:
                if "room_id" in table.c:
                    counts[table.name] = db.execute(
                        text(f"SELECT count(*) FROM {table.name} WHERE room_id = :id"),
                        {"id": room_id},
                    ).scalar_one()
            return counts
    finally:
        engine.dispose()


def _room_id(database_url: str, code: str) -> str:
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            found: Any = db.execute(
                text("SELECT id FROM rooms WHERE code = :code"), {"code": code}
            ).scalar_one()
            return str(found)
    finally:
        engine.dispose()


async def test_deleting_a_room_leaves_no_row_of_it_in_any_table(server: ServerProcess) -> None:
    room = create_room(server.base_url, claim=["D01", "D02"])
    other = create_room(server.base_url, claim=["D01"])
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    await chair.must("send_note", to=["D01"], text="A private word.")
    await chair.close()
    paper = httpx.put(
        f"{server.base_url}/api/rooms/{room.code}/papers/mine",
        headers={"Authorization": f"Bearer {room.tokens['D01']}"},
        json={"text": "Our position."},
    )
    assert paper.status_code == 200, paper.text
    room_id = _room_id(server.database_url, room.code)
    other_id = _room_id(server.database_url, other.code)
    before = _rows_per_table(server.database_url, room_id)
    assert before["rooms"] == 1 and before["seats"] > 0 and before["events"] > 0
    assert before["snapshots"] > 0 and before["position_papers"] == 1
    assert before["students"] == 2  # the students of the two seats claimed
    other_before = _rows_per_table(server.database_url, other_id)
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        cochair = (
            await http.post(
                f"/api/rooms/{room.code}/cochairs",
                headers={"Authorization": f"Bearer {room.chair_key}"},
            )
        ).json()["chair_key"]
        refused = await http.delete(
            f"/api/rooms/{room.code}", headers={"Authorization": f"Bearer {cochair}"}
        )
        assert refused.status_code == 403 and refused.json()["detail"]["code"] == "main_chair_only"
        seat = await http.delete(
            f"/api/rooms/{room.code}", headers={"Authorization": f"Bearer {room.tokens['D01']}"}
        )
        assert seat.status_code == 403
        nobody = await http.delete(f"/api/rooms/{room.code}")
        assert nobody.status_code == 401
        deleted = await http.delete(
            f"/api/rooms/{room.code}", headers={"Authorization": f"Bearer {room.chair_key}"}
        )
        assert deleted.status_code == 204
        assert (await http.get(f"/api/rooms/{room.code}")).status_code == 404
    after = _rows_per_table(server.database_url, room_id)
    assert set(after) == set(before)
    assert all(count == 0 for count in after.values()), after
    assert _rows_per_table(server.database_url, other_id) == other_before
