"""A live room in this process: what it holds now, and the parts that keep it live.

``RoomRuntime`` holds the room's row, its seats, its state and seq, and its recent events. It
owns how these change: a batch its writer stored (``commit``), and what other processes stored
(``_catch_up``, run by the writer). Its parts do the rest: the single writer (``writer.py``),
the fan-out to its connections (``fanout.py``) and the timer that ticks it (``timer.py``).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session

from app.database import Database
from app.hub import Hub, WakeUp
from app.models import Room, Seat, Student
from app.protocol import CLOSE_ROOM_NOT_FOUND, ErrorCode
from app.rooms.codec import decode_event
from app.rooms.fanout import CommittedBatch, CommittedEvent, Fanout, Subscriber, ViewBudget
from app.rooms.repository import RoomRepository, SeatRows, StoredEvent, seats_from_rows
from app.rooms.seat_list import SeatsFrame, same_to_screens, seat_list
from app.rooms.secrecy import NO_BRIEFS, SecretBriefs
from app.rooms.timer import RoomTimer
from app.rooms.wire import room_frame
from app.rooms.writer import CommandResult, Reply, RoomWriter
from app.settings import Settings
from game_rules.engine.apply import evolve, next_deadline
from game_rules.session.state import SYSTEM, SessionState


class RoomRuntime:
    """One room loaded in this process (one per room: the service sees to it)."""

    def __init__(
        self,
        *,
        room: Room,
        seats: Sequence[Seat],
        students: Sequence[Student] = (),
        state: SessionState,
        seq: int,
        recent: Sequence[CommittedEvent],
        briefs: SecretBriefs = NO_BRIEFS,
        db: Database,
        hub: Hub,
        settings: Settings,
        clock: Callable[[], float] = time.time,
        wake_origin: WakeUp | None = None,
        on_deleted: Callable[[str], None] | None = None,
    ) -> None:
        self.room = room
        self.seats: dict[str, Seat] = {seat.actor: seat for seat in seats}
        # Every student of the room by id: co-delegates of a seat, roles without a seat.
        self.students: dict[str, Student] = {student.id: student for student in students}
        # The seat rows the last catch-up read; None: read them into seats next time.
        self._seat_rows: SeatRows | None = None
        self.state = state
        self.seq = seq
        self._fanout = Fanout(briefs)
        self.latest = self._fanout.batch(seq, (), state)
        self._seats_frame = SeatsFrame()
        self._db = db
        self._clock = clock
        self._recent: deque[CommittedEvent] = deque(recent, maxlen=settings.recent_events_kept)
        # The hub listener that stands for this process's rooms: our own announcements must not
        # wake it, or every commit would reload the room's seats and events from the table.
        self._writer = RoomWriter(
            self,
            db=db,
            hub=hub,
            settings=settings,
            clock=clock,
            wake_origin=wake_origin or self.on_wake,
        )
        self._timer = RoomTimer(
            room.code, next_deadline=self.next_deadline, submit=self.submit, clock=clock
        )
        self._last_used = clock()
        self.deleted = False
        # Told when this room turns out to be deleted (the service forgets it).
        self._on_deleted = on_deleted
        # Told after every batch this room holds (its own and other processes'): a
        # conference's crossings to other rooms (``app/conferences/service.py``).
        self.commit_listeners: list[Callable[[RoomRuntime], None]] = []

    # Life cycle

    @property
    def room_id(self) -> str:
        return self.room.id

    @property
    def code(self) -> str:
        return self.room.code

    def start(self) -> None:
        self._writer.start()
        self._timer.schedule()

    async def stop(self) -> None:
        """Stop the writer and the timer; commands sent from now on are refused at once."""
        self._halt()
        await self._writer.stop()

    def _halt(self) -> None:
        self._timer.cancel()
        if self.deleted:
            self._writer.halt(ErrorCode.ROOM_DELETED, "This room has been deleted.")
        else:
            self._writer.halt()

    async def delete(self) -> None:
        """The room was deleted (here, by another worker, or by expiry): every screen is told
        and closed, and the room stops. Safe from inside the writer itself."""
        if self.deleted:
            return
        self.deleted = True
        self._fanout.end_all(
            CLOSE_ROOM_NOT_FOUND, "room_deleted: this room has been deleted with everything in it."
        )
        await self.stop()
        if self._on_deleted is not None:
            self._on_deleted(self.room_id)

    def touch(self) -> None:
        """Someone is using the room (an HTTP call, a connection, a command of a person)."""
        self._last_used = self._clock()

    def idle_for(self, now: float) -> float:
        """How long nobody has had the room open or used it (0 while in use). The server's own
        ticks are not use: a room left alone with a running clock is idle all the same."""
        if self._fanout.count:
            return 0.0
        return max(0.0, now - self._last_used)

    @property
    def clock_running(self) -> bool:
        return not self.room.closed and self.state.paused_at is None and (
            next_deadline(self.state) is not None
        )

    def next_deadline(self) -> float | None:
        return None if self.room.closed else next_deadline(self.state)

    # Connections

    def subscribe(self, subscriber: Subscriber) -> CommittedBatch:
        """Join the fan-out; everything after the returned batch's seq reaches ``subscriber``."""
        self._fanout.add(subscriber)
        self.touch()
        return self.latest

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._fanout.discard(subscriber)
        self.touch()

    def role_count(self, role: str) -> int:
        """Open sockets of one role (``projector``, ``spectator``...) in this process."""
        return self._fanout.role_count(role)

    @property
    def connection_count(self) -> int:
        return self._fanout.count

    @property
    def view_budget(self) -> ViewBudget:
        return self._fanout.view_budget

    def recent_events(self, after: int, up_to: int) -> list[CommittedEvent] | None:
        """Events ``after < seq <= up_to`` from memory, or None when memory does not reach back."""
        if after >= up_to:
            return []
        if not self._recent or self._recent[0].seq > after + 1:
            return None
        return [event for event in self._recent if after < event.seq <= up_to]

    async def events_between(self, after: int, up_to: int) -> list[CommittedEvent]:
        in_memory = self.recent_events(after, up_to)
        if in_memory is not None:
            return in_memory
        stored = await self._db.run(
            lambda session: RoomRepository(session).events_after(self.room_id, after, up_to=up_to)
        )
        return [CommittedEvent(row.seq, decode_event(row.body), self.state) for row in stored]

    # Commands (through the single writer)

    def submit(
        self, actor: str, fields: dict[str, Any], reply: Reply, student: str | None = None
    ) -> None:
        if self._writer.submit(actor, fields, reply, student) and actor != SYSTEM:
            self.touch()

    async def submit_and_wait(self, actor: str, fields: dict[str, Any]) -> int:
        """Apply one command; return the seq after it or raise ``CommandRefused``."""
        done: asyncio.Future[CommandResult] = asyncio.get_running_loop().create_future()

        def reply(result: CommandResult) -> None:
            if not done.done():
                done.set_result(result)

        self.submit(actor, fields, reply)
        result = await done
        if result.refusal is not None:
            raise result.refusal
        return result.seq

    def request_catch_up(self) -> None:
        self._writer.request_catch_up()

    async def sync(self) -> None:
        """Return once the writer has read everything other processes committed until now
        (at once when the room has stopped: there is nothing more to read)."""
        await self._writer.sync()

    def commit(self, produced: list[CommittedEvent], state: SessionState) -> None:
        """Hold the state after ``produced`` (stored), fan the batch out, book the next tick."""
        self.state = state
        self.seq = produced[-1].seq
        self._recent.extend(produced)
        self.latest = self._fanout.batch(self.seq, produced, state)
        self._fanout.offer(self.latest)
        self._timer.schedule()
        for listener in list(self.commit_listeners):
            listener(self)

    # Other processes

    async def on_wake(self, room_id: str, seq: int) -> None:
        if room_id == self.room_id:
            self.request_catch_up()

    async def _catch_up(self) -> None:
        """Read what other processes committed (events, seats, room flags) and fan it out.

        Runs only in the writer task (see ``sync``)."""

        def load(
            session: Session,
        ) -> tuple[Room | None, SeatRows, list[Student], list[StoredEvent]]:
            repository = RoomRepository(session)
            return (
                repository.room_by_id(self.room_id),
                repository.seat_rows(self.room_id),
                repository.students(self.room_id),
                repository.events_after(self.room_id, self.seq),
            )

        room, seat_rows, students, stored = await self._db.run(load)
        if room is None:
            # Deleted by another worker (or by expiry there): nothing left to serve. This runs
            # in the writer, which then ends (it is halted).
            await self.delete()
            return
        self.replace_room(room)
        # Seat models are rebuilt only when their rows changed (the largest cost of a wake-up).
        same_rows = seat_rows == self._seat_rows
        self.replace_seats(
            list(self.seats.values()) if same_rows else seats_from_rows(seat_rows), students
        )
        self._seat_rows = seat_rows
        if not stored:
            return
        state = self.state
        produced = []
        for row in stored:
            event = decode_event(row.body)
            state = evolve(state, event)
            produced.append(CommittedEvent(row.seq, event, state))
        self.commit(produced, state)

    # Seats and room flags (kept current by the service)

    def replace_seats(
        self, seats: Sequence[Seat], students: Sequence[Student] | None = None
    ) -> None:
        self._seat_rows = None  # the next catch-up compares with the table afresh
        fresh = {seat.actor: seat for seat in seats}
        fresh_students = (
            self.students if students is None else {student.id: student for student in students}
        )
        if not same_to_screens(fresh, self.seats, fresh_students, self.students):
            self.seats = fresh
            self.students = fresh_students
            self._fanout.broadcast(self.seats_message())
            self._fanout.access_may_have_changed()
        else:
            self.students = fresh_students

    def replace_room(self, room: Room) -> None:
        old = self.room
        changed = (room.locked, room.closed) != (old.locked, old.closed)
        keys_changed = (room.chair_key_hash, room.cochair_key_hash, room.projector_key) != (
            old.chair_key_hash,
            old.cochair_key_hash,
            old.projector_key,
        )
        spectators_changed = room.spectators_allowed != old.spectators_allowed
        self.room = room
        if keys_changed:
            self._fanout.access_may_have_changed()
        if spectators_changed:
            self._fanout.spectators_allowed_changed(room.spectators_allowed)
        if changed:
            self._fanout.broadcast(room_frame(locked=room.locked, closed=room.closed))
            self._timer.schedule()

    def seat_list(self) -> list[dict[str, Any]]:
        return seat_list(self.seats, self.state, self.students)

    def seats_message(self) -> str:
        """The ``seats`` frame (made once per seat list)."""
        return self._seats_frame.text(self.seats, self.state, self.students)
