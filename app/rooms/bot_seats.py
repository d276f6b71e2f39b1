"""Bots and students share the seats of a room.

The engine lets the chair hand any seat to a bot (``assign_bot``) and take it back
(``release_bot``); only the app knows which seats a student holds. So the app refuses a bot for
a seat a student holds, and a student who claims a bot's seat takes it over: the claim and the
engine's ``release_bot`` are stored in one transaction, so the bot never acts for a student.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.models import Seat
from app.rooms.codec import CommandRefused, encode_event, event_type
from app.rooms.repository import StoredEvent
from game_rules.bots import play
from game_rules.session import commands as cmd
from game_rules.session.events import Event
from game_rules.session.state import SYSTEM, SessionState

SEAT_HELD = "seat_held_by_student"


def refuse_bot_on_held_seat(fields: Mapping[str, Any], seats: Mapping[str, Seat]) -> None:
    """Raise ``CommandRefused`` when an ``assign_bot`` names a seat a student holds."""
    if fields.get("type") != "assign_bot":
        return
    seat = seats.get(str(fields.get("seat")))
    if seat is None or seat.token_hash is None:
        return
    holder = f" ({seat.display_name})" if seat.display_name else ""
    raise CommandRefused(
        SEAT_HELD,
        f"A student{holder} holds the seat of {seat.actor_name}, so a bot cannot take it. "
        "Release the seat first (Seats: Release), then hand it to a bot.",
    )


def hand_back_from_bot(state: SessionState, actor: str, now: float) -> list[Event]:
    """The events that take ``actor``'s seat back from its bot, or none if no bot plays it."""
    if not state.world.is_bot(actor):
        return []
    command = cmd.ReleaseBot(actor=SYSTEM, now=max(now, state.last_event_at), seat=actor)
    return list(play(state, command)[1])


def stored_rows(events: list[Event], after_seq: int) -> list[StoredEvent]:
    """``events`` as the rows the room's log stores, numbered from ``after_seq + 1``."""
    return [
        StoredEvent(
            seq=after_seq + number,
            type=event_type(event),
            at=float(event.at),
            body=encode_event(event),
        )
        for number, event in enumerate(events, start=1)
    ]
