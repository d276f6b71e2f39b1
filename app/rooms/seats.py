"""The seats service: students claim seats; the chair renames, releases and reassigns them.

Each change is one function run by ``Database.run`` (the unit of work); the room's runtime then
takes the new seat list, and the hub tells the other workers. A seat a bot plays is handed to
the student in the same transaction as the claim (``bot_seats.py``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.database import Database
from app.errors import Conflict, Gone, InvalidInput, Locked, NotFound, shown
from app.hub import Hub, WakeUp
from app.models import Seat
from app.rooms.bot_seats import hand_back_from_bot, stored_rows
from app.rooms.repository import RoomRepository, StoredEvent
from app.rooms.runtime import RoomRuntime
from app.rooms.seat_list import public_seat
from app.security import hash_secret, new_secret

MAX_DISPLAY_NAME = 80
MAX_HANDBACK_ATTEMPTS = 5

_Written = TypeVar("_Written")


@dataclass(frozen=True)
class IssuedSeat:
    actor: str
    token: str


class SeatService:
    def __init__(
        self, db: Database, hub: Hub, clock: Callable[[], float], wake_origin: WakeUp
    ) -> None:
        self.db = db
        self.hub = hub
        self.clock = clock
        # The listener of this process's rooms: our own announcements must not wake it.
        self._wake_origin = wake_origin

    async def claim(
        self, runtime: RoomRuntime, actor: str, display_name: str | None
    ) -> IssuedSeat:
        room = runtime.room
        if room.closed:
            raise Gone("The chair has closed this room.")
        if room.locked:
            raise Locked("The chair has locked this room; ask the chair to let you in.")
        name = clean_display_name(display_name)
        token = new_secret()

        def claim(session: Session) -> list[Seat]:
            repository = RoomRepository(session)
            seat = repository.seat(runtime.room_id, actor)
            if seat is None:
                raise NotFound(f"This room has no seat {shown(actor)}.", code="seat_not_found")
            if seat.token_hash is not None:
                raise Conflict(
                    f"{seat.actor_name} is already taken. Pick another seat, "
                    "or ask the chair to release it.",
                    code="seat_taken",
                )
            if not repository.claim_free_seat(
                runtime.room_id, actor, hash_secret(token), name, self.clock()
            ):
                raise Conflict(
                    f"{seat.actor_name} was taken a moment ago. Pick another seat.",
                    code="seat_taken",
                )
            return repository.seats(runtime.room_id)

        seats = await self._give_seat_to_student(runtime, actor, claim)
        await self._seats_changed(runtime, seats)
        return IssuedSeat(actor=actor, token=token)

    async def _give_seat_to_student(
        self, runtime: RoomRuntime, actor: str, write: Callable[[Session], _Written]
    ) -> _Written:
        """Run ``write``, which gives ``actor``'s seat to a student. If a bot plays that seat,
        the engine's ``release_bot`` is stored in the same transaction, so the bot stops acting
        exactly when the student arrives (and keeps the seat if the claim fails)."""
        for _attempt in range(MAX_HANDBACK_ATTEMPTS):
            if not runtime.state.world.is_bot(actor):
                return await self.db.run(write)
            await runtime.sync()
            rows = stored_rows(
                hand_back_from_bot(runtime.state, actor, self.clock()), runtime.seq
            )
            if not rows:
                continue  # the chair took the seat back from the bot meanwhile

            def write_and_release(session: Session, rows: list[StoredEvent] = rows) -> _Written:
                written = write(session)
                RoomRepository(session).append_events(runtime.room_id, rows)
                return written

            try:
                written = await self.db.run(write_and_release)
            except IntegrityError:
                continue  # another command took these seqs: read it, then try again
            await runtime.sync()  # fold the release into this worker's room at once
            return written
        raise Conflict(
            "The room is very busy right now; please pick the seat again.", code="room_busy"
        )

    async def release(self, runtime: RoomRuntime, actor: str) -> dict[str, Any]:
        return await self._change_seat(runtime, actor, release=True)

    async def rename(
        self, runtime: RoomRuntime, actor: str, display_name: str | None
    ) -> dict[str, Any]:
        return await self._change_seat(
            runtime, actor, display_name=clean_display_name(display_name), rename=True
        )

    async def reassign(self, runtime: RoomRuntime, actor: str) -> IssuedSeat:
        token = new_secret()
        await self._change_seat(runtime, actor, new_token=token)
        return IssuedSeat(actor=actor, token=token)

    async def _change_seat(
        self,
        runtime: RoomRuntime,
        actor: str,
        *,
        release: bool = False,
        rename: bool = False,
        display_name: str | None = None,
        new_token: str | None = None,
    ) -> dict[str, Any]:
        def change(session: Session) -> tuple[Seat, list[Seat]]:
            repository = RoomRepository(session)
            seat = repository.seat(runtime.room_id, actor)
            if seat is None:
                raise NotFound(f"This room has no seat {shown(actor)}.", code="seat_not_found")
            if release:
                seat.token_hash = None
                seat.display_name = None
                seat.claimed_at = None
            if rename:
                seat.display_name = display_name
            if new_token is not None:
                seat.token_hash = hash_secret(new_token)
                seat.claimed_at = self.clock()
            repository.save_seat(seat)
            return seat, repository.seats(runtime.room_id)

        if new_token is not None:
            # A new device link hands the seat to a student: a bot playing it steps aside.
            seat, seats = await self._give_seat_to_student(runtime, actor, change)
        else:
            seat, seats = await self.db.run(change)
        await self._seats_changed(runtime, seats)
        return public_seat(seat, runtime.state)

    async def _seats_changed(self, runtime: RoomRuntime, seats: list[Seat]) -> None:
        runtime.replace_seats(seats)
        await self.hub.announce(runtime.room_id, runtime.seq, origin=self._wake_origin)


# Direction overrides and isolates can make a name read as someone else's on every screen.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def clean_display_name(display_name: str | None) -> str | None:
    """One line of visible text: NFC, no control characters (NUL breaks PostgreSQL text), no
    direction overrides, runs of spaces collapsed."""
    if display_name is None:
        return None
    try:
        display_name.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            "That name is not valid Unicode text (it holds a lone surrogate such as \\ud800). "
            "Type the name again.",
            code="invalid_text",
            extra={"field": "display_name"},
        ) from None
    visible = "".join(
        char
        for char in unicodedata.normalize("NFC", display_name)
        if char not in BIDI_CONTROLS and (char.isspace() or unicodedata.category(char) != "Cc")
    )
    name = " ".join(visible.split())
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidInput(
            f"A display name can be at most {MAX_DISPLAY_NAME} characters; "
            f"this one has {len(name)}. Shorten it (a first name is enough) and try again.",
            code="display_name_too_long",
            extra={"field": "display_name", "max_length": MAX_DISPLAY_NAME},
        )
    return name or None
