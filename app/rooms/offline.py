"""Reading a room straight from the database, for `plenary export` (no server needed)."""

from __future__ import annotations

import json

from sqlmodel import Session

from app.database import make_engine
from app.rooms.codec import decode_event, decode_state
from app.rooms.export import export_markdown, export_record
from app.rooms.fanout import CommittedEvent
from app.rooms.repository import RoomRepository
from app.security import normalise_room_code
from app.settings import Settings
from game_rules.engine.apply import evolve


def export_room_text(settings: Settings, code: str, *, format: str, include_notes: bool) -> str:
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            repository = RoomRepository(session)
            room = repository.room_by_code(normalise_room_code(code))
            if room is None:
                raise LookupError(f"No room with the code {code} in {settings.database_url}.")
            seats = repository.seats(room.id)
            first = repository.snapshot_at(room.id, 0)
            stored = repository.events_after(room.id, 0)
    finally:
        engine.dispose()
    if first is None:
        raise LookupError(f"Room {code} has no initial snapshot; the database is damaged.")
    state = decode_state(first.state)
    events = []
    for row in stored:
        event = decode_event(row.body)
        state = evolve(state, event)
        events.append(CommittedEvent(row.seq, event, state))
    seq = events[-1].seq if events else 0
    if format == "json":
        return (
            json.dumps(export_record(room, seats, events, state, seq), indent=2, ensure_ascii=False)
            + "\n"
        )
    return export_markdown(room, seats, events, state, include_notes=include_notes)
