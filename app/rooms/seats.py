"""The seats service: students claim seats; the chair renames, releases and reassigns them.

Each change is one function run by ``Database.run`` (the unit of work); the room's runtime then
takes the new seat list, and the hub tells the other workers. A seat a bot plays is handed to
the student in the same transaction as the claim (``bot_seats.py``).
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.database import Database
from app.errors import Conflict, Gone, InvalidInput, Locked, NotFound, shown
from app.hub import Hub, WakeUp
from app.models import Seat, Student
from app.rooms.bot_seats import hand_back_from_bot, stored_rows
from app.rooms.repository import RoomRepository, StoredEvent
from app.rooms.runtime import RoomRuntime
from app.rooms.seat_list import CO_DELEGATES_PER_SEAT, MAX_SEATLESS, public_seat
from app.security import hash_secret, new_secret

MAX_DISPLAY_NAME = 80
MAX_HANDBACK_ATTEMPTS = 5
#: Roles a student may take without a seat (the press desk and observers are seats).
SEATLESS_ROLES = ("rapporteur",)

_Written = TypeVar("_Written")


@dataclass(frozen=True)
class IssuedSeat:
    actor: str
    token: str
    student: str | None = None


@dataclass(frozen=True)
class IssuedRole:
    role: str
    token: str
    student: str


def new_student(
    room_id: str, actor: str | None, name: str | None, token_hash: str, now: float,
    role: str = "delegate",
) -> Student:
    return Student(
        room_id=room_id,
        id=uuid.uuid4().hex[:10],
        actor=actor,
        role=role,
        display_name=name,
        token_hash=token_hash,
        joined_at=now,
    )


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
        self,
        runtime: RoomRuntime,
        actor: str,
        display_name: str | None,
        *,
        co_delegate: bool = False,
    ) -> IssuedSeat:
        """Take a free seat; with ``co_delegate``, join a seat a student already holds (one
        of at most ``CO_DELEGATES_PER_SEAT``), with a token of one's own."""
        room = runtime.room
        if room.closed:
            raise Gone("The chair has closed this room.")
        if room.locked:
            raise Locked("The chair has locked this room; ask the chair to let you in.")
        name = clean_display_name(display_name)
        token = new_secret()
        token_hash = hash_secret(token)
        now = self.clock()

        def claim(session: Session) -> tuple[list[Seat], str]:
            repository = RoomRepository(session)
            seat = repository.seat(runtime.room_id, actor)
            if seat is None:
                raise NotFound(f"This room has no seat {shown(actor)}.", code="seat_not_found")
            if seat.token_hash is not None and co_delegate:
                return repository.seats(runtime.room_id), join_seat(
                    session, seat, name, token_hash, now
                )
            if seat.token_hash is not None:
                raise Conflict(
                    f"{seat.actor_name} is already taken. Pick another seat, join it as a "
                    "co-delegate, or ask the chair to release it.",
                    code="seat_taken",
                )
            if not repository.claim_free_seat(runtime.room_id, actor, token_hash, name, now):
                raise Conflict(
                    f"{seat.actor_name} was taken a moment ago. Pick another seat.",
                    code="seat_taken",
                )
            student = repository.add_student(
                new_student(runtime.room_id, actor, name, token_hash, now)
            )
            return repository.seats(runtime.room_id), student.id

        seats, student = await self._give_seat_to_student(runtime, actor, claim)
        await self._seats_changed(runtime, seats)
        return IssuedSeat(actor=actor, token=token, student=student)

    async def join_role(
        self, runtime: RoomRuntime, role: str, display_name: str | None
    ) -> IssuedRole:
        """A role without a seat (``SEATLESS_ROLES``): one of at most ``MAX_SEATLESS``."""
        room = runtime.room
        if room.closed:
            raise Gone("The chair has closed this room.")
        if room.locked:
            raise Locked("The chair has locked this room; ask the chair to let you in.")
        if role not in SEATLESS_ROLES:
            raise InvalidInput(
                f"There is no role {shown(role)} without a seat; choose one of "
                f"{', '.join(SEATLESS_ROLES)} (the press desk and observers are seats).",
                code="unknown_role",
                extra={"roles": list(SEATLESS_ROLES)},
            )
        name = clean_display_name(display_name)
        token = new_secret()
        now = self.clock()

        def join(session: Session) -> Student:
            repository = RoomRepository(session)
            taken = [s for s in repository.students(runtime.room_id) if s.actor is None]
            if len(taken) >= MAX_SEATLESS:
                raise Conflict(
                    f"This room already has {MAX_SEATLESS} students in roles without a seat, "
                    "the most it takes. Join a seat as a co-delegate instead.",
                    code="roles_full",
                    extra={"limit": MAX_SEATLESS},
                )
            return repository.add_student(
                new_student(runtime.room_id, None, name, hash_secret(token), now, role)
            )

        student = await self.db.run(join)
        await self._students_changed(runtime)
        return IssuedRole(role=role, token=token, student=student.id)

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
            on_seat = [
                s for s in repository.students(runtime.room_id)
                if s.actor == actor and s.token_hash is not None
            ]
            first = next((s for s in on_seat if s.token_hash == seat.token_hash), None)
            if release:
                # Its students keep their record; their tokens stop acting.
                for student in on_seat:
                    student.token_hash = None
                    repository.save_student(student)
                seat.token_hash = None
                seat.display_name = None
                seat.claimed_at = None
            if rename:
                seat.display_name = display_name
                if first is not None:
                    first.display_name = display_name
                    repository.save_student(first)
            if new_token is not None:
                seat.token_hash = hash_secret(new_token)
                seat.claimed_at = self.clock()
                if first is not None:
                    first.token_hash = seat.token_hash
                    repository.save_student(first)
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
        students = await self.db.run(lambda s: RoomRepository(s).students(runtime.room_id))
        runtime.replace_seats(seats, students)
        await self.hub.announce(runtime.room_id, runtime.seq, origin=self._wake_origin)

    async def _students_changed(self, runtime: RoomRuntime) -> None:
        await self._seats_changed(
            runtime, await self.db.run(lambda s: RoomRepository(s).seats(runtime.room_id))
        )


def join_seat(
    session: Session, seat: Seat, name: str | None, token_hash: str, now: float
) -> str:
    """Add a co-delegate to a held seat; the seat's row is locked first (PostgreSQL), so two
    joining at once cannot make four."""
    session.execute(
        update(Seat)
        .where(col(Seat.room_id) == seat.room_id, col(Seat.actor) == seat.actor)
        .values(claimed_at=seat.claimed_at)
    )
    repository = RoomRepository(session)
    sitting = [
        s for s in repository.students(seat.room_id)
        if s.actor == seat.actor and s.token_hash is not None
    ]
    # A seat claimed before students were kept has its holder only on the seat row.
    if not any(s.token_hash == seat.token_hash for s in sitting) and seat.token_hash:
        sitting.append(
            repository.add_student(
                new_student(seat.room_id, seat.actor, seat.display_name, seat.token_hash,
                            seat.claimed_at or now)
            )
        )
    if len(sitting) >= CO_DELEGATES_PER_SEAT:
        names = ", ".join(s.display_name or "?" for s in sitting)
        raise Conflict(
            f"{seat.actor_name} already has {len(sitting)} students ({names}); a seat takes "
            f"at most {CO_DELEGATES_PER_SEAT} co-delegates. Join another seat, or a role "
            "without a seat.",
            code="seat_full",
            extra={"limit": CO_DELEGATES_PER_SEAT},
        )
    return repository.add_student(new_student(seat.room_id, seat.actor, name, token_hash, now)).id


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
