"""The room's single writer: one queue, one task, commands applied in the order they came.

The writer takes everything waiting, applies it in order, commits the events in one
transaction (group commit), hands the batch to the room (which fans it out) and only then
acknowledges. Another process that stored the same ``seq`` first wins: the writer reads what it
stored (catch-up) and applies the same commands again on the fresh state. Catch-ups asked for
by other processes' wake-ups run in this task too, so nothing is ever folded twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.database import Database
from app.hub import Hub, WakeUp
from app.metrics import COMMANDS, COMMIT_SECONDS, command_type
from app.protocol import ErrorCode
from app.rooms.admission import admit_in_order
from app.rooms.codec import CommandRefused, build_command, encode_event, encode_state, event_type
from app.rooms.fanout import CommittedEvent
from app.rooms.repository import RoomRepository, StoredEvent
from app.rooms.secrecy import LiveRoom
from app.settings import Settings
from game_rules.bots import play
from game_rules.engine.apply import next_deadline
from game_rules.errors import RuleViolation
from game_rules.session.commands import COMMAND_TYPES
from game_rules.session.events import Event
from game_rules.session.state import SYSTEM, SessionState

logger = logging.getLogger(__name__)

MAX_WRITE_ATTEMPTS = 8
MAX_COMMANDS_PER_COMMIT = 500


@dataclass(frozen=True)
class CommandResult:
    seq: int
    changed: bool
    refusal: CommandRefused | None = None


Reply = Callable[[CommandResult], None]


@dataclass
class PendingCommand:
    actor: str
    fields: dict[str, Any]
    reply: Reply
    # The student of the seat who sent it (co-delegates share a seat); its events carry it.
    student: str | None = None


@dataclass
class _CatchUp:
    """Marker in the writer queue: another process committed; read the table."""

    done: asyncio.Future[None] | None = None


class WrittenRoom(LiveRoom, Protocol):
    """The room a writer writes for (``RoomRuntime``): what it holds now, and the two ways
    that changes: a batch this writer stored, and what other processes stored."""

    @property
    def seq(self) -> int: ...

    def commit(self, produced: list[CommittedEvent], state: SessionState) -> None:
        """Hold the state after ``produced``, which are stored, and fan them out."""

    async def _catch_up(self) -> None:
        """Read and fold what other processes stored (events, seats, room flags). The room's
        own, not a public method: only its writer may run it, in the writer task."""


# Refusals are made afresh each time: an exception raised again keeps growing its traceback.
BUSY = "The room is very busy right now; please send that again."
NOT_STORED = "The server could not store this just now; nothing was changed. Please try again."
ENGINE_FAILED = "Something went wrong on the server with that command; nothing was changed."
RELOADING = "The room was just reloaded; send that again."


class RoomWriter:
    """The one writer of one room in this process (its queue, and the task that drains it)."""

    def __init__(
        self,
        room: WrittenRoom,
        *,
        db: Database,
        hub: Hub,
        settings: Settings,
        clock: Callable[[], float],
        wake_origin: WakeUp,
    ) -> None:
        self._room = room
        self._db = db
        self._hub = hub
        self._settings = settings
        self._clock = clock
        # Our own announcements must not wake this process's rooms (see ``RoomRuntime``).
        self._wake_origin = wake_origin
        self._queue: asyncio.Queue[PendingCommand | _CatchUp] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.stopped = False
        self._stopped_because = (ErrorCode.ROOM_RELOADING, RELOADING)

    def start(self) -> None:
        code = self._room.room.code
        self._task = asyncio.create_task(self._write_forever(), name=f"room-writer-{code}")

    def halt(self, code: str = ErrorCode.ROOM_RELOADING, message: str = RELOADING) -> None:
        """Take no more commands: each one waiting, or sent from now on, is refused so."""
        self.stopped = True
        self._stopped_because = (code, message)
        # Whatever still waits in the queue gets its answer now, never a silence.
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if isinstance(item, PendingCommand):
                _safe_reply(item, self._refused())
            elif item.done is not None and not item.done.done():
                item.done.set_result(None)

    async def stop(self) -> None:
        """End the writer task (unless this is it: it then ends by itself, being halted)."""
        task, self._task = self._task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _refused(self) -> CommandResult:
        return CommandResult(self._room.seq, False, CommandRefused(*self._stopped_because))

    # Commands

    def submit(
        self, actor: str, fields: dict[str, Any], reply: Reply, student: str | None = None
    ) -> bool:
        """Queue one command; False (and ``reply`` has its refusal) when the room stopped."""
        pending = PendingCommand(actor=actor, fields=fields, reply=reply, student=student)
        if self.stopped:
            # Unloaded or deleted meanwhile: nothing would ever answer from this queue.
            _safe_reply(pending, self._refused())
            return False
        self._queue.put_nowait(pending)
        return True

    def request_catch_up(self) -> None:
        self._queue.put_nowait(_CatchUp())

    async def sync(self) -> None:
        """Return once the writer has read everything other processes committed until now
        (at once when the room has stopped: there is nothing more to read)."""
        if self.stopped:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_CatchUp(done))
        await done

    async def _write_forever(self) -> None:
        while not self.stopped:
            first = await self._queue.get()
            items: list[PendingCommand | _CatchUp] = [first]
            while not self._queue.empty() and len(items) < MAX_COMMANDS_PER_COMMIT:
                items.append(self._queue.get_nowait())
            commands = [item for item in items if isinstance(item, PendingCommand)]
            waiting = [item.done for item in items if isinstance(item, _CatchUp) and item.done]
            try:
                if len(commands) < len(items):
                    await self._room._catch_up()
                for done in waiting:
                    if not done.done():
                        done.set_result(None)
                if commands and self.stopped:
                    for pending in commands:
                        _safe_reply(pending, self._refused())
                elif commands:
                    await self._write(commands)
            except asyncio.CancelledError:
                raise
            except Exception as failure:
                for done in waiting:
                    if not done.done():
                        done.set_exception(failure)
                logger.exception(
                    "room %s: writer failed; nothing of this batch was stored", self._room.room.code
                )
                refusal = CommandRefused(ErrorCode.INTERNAL_ERROR, NOT_STORED)
                for pending in commands:
                    _safe_reply(pending, CommandResult(self._room.seq, False, refusal))

    async def _write(self, commands: list[PendingCommand]) -> None:
        """Group commit: apply every command, store all their events in one transaction."""
        room = self._room
        for _attempt in range(MAX_WRITE_ATTEMPTS):
            state, seq = room.state, room.seq
            outcomes: list[CommandResult] = []
            produced: list[CommittedEvent] = []
            for pending in commands:
                try:
                    state, events = self._apply_one(state, pending)
                except CommandRefused as refusal:
                    outcomes.append(CommandResult(seq, False, refusal))
                    continue
                for event in events:
                    seq += 1
                    produced.append(CommittedEvent(seq, event, state))
                outcomes.append(CommandResult(seq, bool(events)))
            if produced:
                # The server's own ticks are not use: a room left alone still expires.
                used = any(p.actor != SYSTEM for p in commands)
                try:
                    await self._persist(produced, state, used=used)
                except IntegrityError:
                    # Another process took these seqs (or deleted the room): read what it wrote
                    # and try again.
                    logger.info(
                        "room %s: lost the race at seq %s; retrying", room.room.code, room.seq + 1
                    )
                    await room._catch_up()
                    if self.stopped:
                        for pending in commands:
                            _safe_reply(pending, self._refused())
                        return
                    continue
                room.commit(produced, state)
            for pending, outcome in zip(commands, outcomes, strict=True):
                _safe_reply(pending, outcome)
                outcome_label = "accepted" if outcome.refusal is None else "refused"
                COMMANDS.labels(command_type(pending.fields, COMMAND_TYPES), outcome_label).inc()
            if produced:
                await self._hub.announce(room.room.id, room.seq, origin=self._wake_origin)
            return
        busy = CommandRefused(ErrorCode.INTERNAL_ERROR, BUSY)
        for pending in commands:
            _safe_reply(pending, CommandResult(room.seq, False, busy))

    def _apply_one(
        self, state: SessionState, pending: PendingCommand
    ) -> tuple[SessionState, list[Event]]:
        admit_in_order(
            self._room.room,
            self._room.seats,
            pending.actor,
            pending.fields,
            state=state,
            student=pending.student,
            students=self._room.students,
        )
        # Never before the last event: a wall clock stepped back (NTP) must not stall the room.
        now = max(self._clock(), state.last_event_at)
        command = build_command(
            pending.fields, actor=pending.actor, now=now, by_student=pending.student
        )
        try:
            new_state, events = play(state, command)
        except RuleViolation as violation:
            raise CommandRefused(violation.code, violation.message, violation.say) from violation
        except Exception as failure:
            logger.exception(
                "room %s: engine failed on %s", self._room.room.code, pending.fields.get("type")
            )
            raise CommandRefused(ErrorCode.INTERNAL_ERROR, ENGINE_FAILED) from failure
        return new_state, list(events)

    async def _persist(
        self, produced: list[CommittedEvent], state: SessionState, *, used: bool
    ) -> None:
        room = self._room
        room_id = room.room.id
        stored = [
            StoredEvent(
                seq=item.seq,
                type=event_type(item.event),
                at=float(item.event.at),
                body=encode_event(item.event),
            )
            for item in produced
        ]
        every = self._settings.snapshot_every
        last = produced[-1].seq
        snapshot = encode_state(state) if last // every > room.seq // every else None
        now = self._clock() if used else None
        deadline = None if room.room.closed else next_deadline(state)

        def store(session: Session) -> None:
            repository = RoomRepository(session)
            repository.append_events(room_id, stored)
            if snapshot is not None:
                repository.add_snapshot(room_id, last, snapshot)
            # In the same transaction: when the room was used, and when its timer is due.
            repository.record_activity(room_id, now, deadline)

        started = time.perf_counter()
        await self._db.run(store)
        COMMIT_SECONDS.observe(time.perf_counter() - started)


def _safe_reply(pending: PendingCommand, result: CommandResult) -> None:
    try:
        pending.reply(result)
    except Exception:
        logger.exception("reply callback failed")
