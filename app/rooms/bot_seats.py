"""Bots and students share the seats of a room.

The engine lets the chair hand any seat to a bot (``assign_bot``) and take it back
(``release_bot``); only the app knows which seats a student holds. So the app refuses a bot for
a seat a student holds (``admission.refuse_bot_on_held_seat``), and a student who claims a bot's
seat takes it over: the claim and the engine's ``release_bot`` are stored in one transaction, so
the bot never acts for a student.
"""

from __future__ import annotations

from app.rooms.codec import encode_event, event_type
from app.rooms.repository import StoredEvent
from game_rules.bots import play
from game_rules.session import commands as cmd
from game_rules.session.events import Event
from game_rules.session.state import SYSTEM, SessionState


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
