"""A live room in this process: its state, its single writer, its timer and its fan-out.

Commands go into one queue per room. The writer takes everything waiting, applies it in order,
commits the events in one transaction (group commit), then hands the batch to every connection
and only then acknowledges. Another process that wrote the same ``seq`` first wins: the writer
reloads from the table and applies the same commands again on the fresh state.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.database import Database
from app.hub import Hub, WakeUp
from app.models import Room, Seat
from app.protocol import CLOSE_ROOM_NOT_FOUND, PROTOCOL_VERSION, ErrorCode
from app.rooms.bot_seats import refuse_bot_on_held_seat
from app.rooms.codec import (
    CommandRefused,
    build_command,
    decode_event,
    encode_event,
    encode_state,
    event_type,
)
from app.rooms.repository import RoomRepository, StoredEvent
from app.settings import Settings
from game_rules.bots import play
from game_rules.engine.apply import evolve, next_deadline
from game_rules.engine.views import private_view, public_view, view_event
from game_rules.errors import RuleViolation
from game_rules.session.events import Event
from game_rules.session.state import Delegation, SessionSetup, SessionState

logger = logging.getLogger(__name__)

CHAIR_VIEWER = "chair"
PUBLIC_VIEWER = "public"
SYSTEM_ACTOR = "system"
MAX_WRITE_ATTEMPTS = 8
MAX_COMMANDS_PER_COMMIT = 500
# A timer may fire a hair early by the wall clock; wait this much past a deadline.
TICK_SLACK_SECONDS = 0.01


def dumps(value: Any) -> str:
    # allow_nan=False: a non-finite number is a bug on our side, refused here, never sent to
    # every browser (JSON.parse rejects Infinity and NaN).
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


NOTE_EVENTS = frozenset({"note_sent", "note_moderated"})
# At most this share of one core goes to building state views for one room, so that in a big
# room the per-seat views (hundreds of them) never hold up events and acks.
STATE_VIEW_CPU_SHARE = 0.25
# A quiet room may spend this much CPU on views at once (the leading edge of a small room).
STATE_VIEW_BURST_SECONDS = 0.05


class ViewBudget:
    """A token bucket of CPU seconds for a room's state views (see ``STATE_VIEW_CPU_SHARE``).

    Connections spend what a view cost them once it is built; while the bucket is below zero
    they wait, spread over the time one round of every connection's view costs."""

    def __init__(
        self,
        share: float = STATE_VIEW_CPU_SHARE,
        burst: float = STATE_VIEW_BURST_SECONDS,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._share = share
        self._burst = burst
        self._clock = clock
        self._tokens = burst
        self._at = clock()
        self.average_cost = 0.0

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._at) * self._share)
        self._at = now

    def delay(self) -> float:
        """Seconds until a view may be built (0: now)."""
        self._refill()
        return 0.0 if self._tokens > 0 else -self._tokens / self._share

    def spend(self, seconds: float) -> None:
        self._refill()
        self._tokens -= seconds
        self.average_cost = (
            seconds if not self.average_cost else (0.9 * self.average_cost + 0.1 * seconds)
        )

    def round_seconds(self, connections: int) -> float:
        """How long building one view for each of ``connections`` takes within the share."""
        return connections * self.average_cost / self._share


class CommittedEvent:
    """One stored event, with its wire form cached once when every viewer sees it alike."""

    __slots__ = ("_shared", "_uniform", "event", "seq")

    def __init__(self, seq: int, event: Event) -> None:
        self.seq = seq
        self.event = event
        self._uniform: bool | None = None
        self._shared: str | None = None

    @property
    def is_note(self) -> bool:
        return getattr(self.event, "type", "") in NOTE_EVENTS

    def message_for(self, viewer: str) -> str | None:
        if self._uniform is None:
            seen_by_public = view_event(self.event, PUBLIC_VIEWER)
            # Visibility only grows from public to a delegate to the chair, so when the public
            # sees all the chair sees, every viewer gets the same text.
            self._uniform = seen_by_public is not None and seen_by_public == view_event(
                self.event, CHAIR_VIEWER
            )
            if self._uniform:
                self._shared = self._wire(seen_by_public)
        if self._uniform:
            return self._shared
        seen = view_event(self.event, viewer)
        return None if seen is None else self._wire(seen)

    def _wire(self, seen: dict[str, Any] | None) -> str:
        return dumps({"v": PROTOCOL_VERSION, "type": "event", "seq": self.seq, "event": seen})


class SecretBriefs:
    """The scenario's private briefs: each seat reads its own, the chair reads all.

    Briefs never change during a session, so each viewer's JSON fragment is made once.
    """

    def __init__(self, briefs: dict[str, Any]) -> None:
        self._briefs = briefs
        self._fragments: dict[str, str] = {}

    def fragment(self, viewer: str) -> str:
        if viewer not in self._fragments:
            if viewer == CHAIR_VIEWER:
                text = '"briefs":' + dumps(self._briefs) if self._briefs else ""
            elif viewer in self._briefs:
                text = '"brief":' + dumps(self._briefs[viewer])
            else:
                text = ""
            self._fragments[viewer] = text
        return self._fragments[viewer]


NO_BRIEFS = SecretBriefs({})


class ViewEncoder:
    """``dumps`` for the successive public views of one room, reusing the text of every part
    that is the very same object as in the view before.

    ``public_view`` hands back the same objects for parts that did not change (the delegations
    of a room of hundreds, the world, the voters), so a ballot re-encodes only what it changed.
    The text is exactly ``dumps(view)``: objects are joined with the same separators."""

    # Objects this deep are encoded part by part; deeper ones whole.
    DEPTH = 2

    def __init__(self) -> None:
        # The path of a part -> (the object last seen there, its text). Holding the object
        # keeps its id from being reused by another.
        self._parts: dict[tuple[str, ...], tuple[Any, str]] = {}

    def encode(self, view: dict[str, Any]) -> str:
        return self._encode(view, (), self.DEPTH + 1)

    def encode_parts(self, view: dict[str, Any]) -> dict[str, str]:
        """The text of each top-level part; unchanged parts give back the very same str, so
        comparing two views' parts costs an identity check each (see ``public_parts``)."""
        return {key: self._encode(item, (key,), self.DEPTH) for key, item in view.items()}

    def _encode(self, value: Any, path: tuple[str, ...], depth: int) -> str:
        kept = self._parts.get(path)
        if kept is not None and kept[0] is value:
            return kept[1]
        if depth > 0 and isinstance(value, dict) and all(isinstance(k, str) for k in value):
            text = (
                "{"
                + ",".join(
                    dumps(key) + ":" + self._encode(item, (*path, key), depth - 1)
                    for key, item in value.items()
                )
                + "}"
            )
        else:
            text = dumps(value)
        self._parts[path] = (value, text)
        return text


def join_parts(parts: dict[str, str]) -> str:
    """The JSON object whose top-level parts are these texts; equals ``dumps`` of the object."""
    return "{" + ",".join(dumps(key) + ":" + text for key, text in parts.items()) + "}"


class CommittedBatch:
    """Events committed together and the state after them; public view serialised at most once."""

    __slots__ = ("_encoder", "_public_json", "_public_parts", "briefs", "events", "seq", "state")

    def __init__(
        self,
        seq: int,
        events: Sequence[CommittedEvent],
        state: SessionState,
        briefs: SecretBriefs = NO_BRIEFS,
        encoder: ViewEncoder | None = None,
    ) -> None:
        self.seq = seq
        self.events = tuple(events)
        self.state = state
        self.briefs = briefs
        self._encoder = encoder
        self._public_json: str | None = None
        self._public_parts: dict[str, str] | None = None

    def public_parts(self) -> dict[str, str]:
        """The JSON text of each top-level key of the public view (what state patches compare)."""
        if self._public_parts is None:
            view = public_view(self.state)
            encoder = self._encoder
            self._public_parts = (
                {key: dumps(item) for key, item in view.items()}
                if encoder is None
                else encoder.encode_parts(view)
            )
        return self._public_parts

    def public_json(self) -> str:
        if self._public_json is None:
            self._public_json = join_parts(self.public_parts())
        return self._public_json

    def view_json(self, viewer: str, *, hide_notes: bool = False) -> str:
        """``{**public_view, "me": private_view}`` as JSON text, without re-serialising public."""
        public = self.public_json()
        me = self.me_json(viewer, hide_notes=hide_notes)
        if public == "{}":
            return '{"me":' + me + "}"
        return public[:-1] + ',"me":' + me + "}"

    def me_json(self, viewer: str, *, hide_notes: bool = False) -> str:
        """The ``me`` part of a view: the viewer's private view and its secret brief."""
        mine = private_view(self.state, viewer) if viewer != PUBLIC_VIEWER else {}
        if hide_notes:
            mine.pop("notes", None)
        me = dumps(mine)
        secret = self.briefs.fragment(viewer)
        if secret:
            me = "{" + secret + "}" if me == "{}" else me[:-1] + "," + secret + "}"
        return me

    def view(self, viewer: str, *, hide_notes: bool = False) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.view_json(viewer, hide_notes=hide_notes))
        return parsed

    def message(self, kind: str, viewer: str, *, hide_notes: bool = False) -> str:
        return (
            f'{{"v":{PROTOCOL_VERSION},"type":"{kind}","seq":{self.seq},"view":'
            + self.view_json(viewer, hide_notes=hide_notes)
            + "}"
        )


class Subscriber(Protocol):
    """A live connection of this room, as the writer sees it."""

    @property
    def role(self) -> str: ...

    def offer(self, batch: CommittedBatch) -> None: ...

    def offer_text(self, text: str) -> None: ...

    def access_may_have_changed(self) -> None:
        """Seats or chair keys changed: a socket whose token lost its seat must say so and
        show a fresh, public view at once (not the secrets it already shows)."""

    def spectators_allowed_changed(self, allowed: bool) -> None:
        """The chair admits read-only screens without a key, or only the projector link."""

    def end(self, code: int, reason: str) -> None:
        """Close this socket with ``code`` and ``reason`` (the room was deleted...)."""


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


@dataclass
class _CatchUp:
    """Marker in the writer queue: another process committed; read the table.

    Only the writer task reads and folds new rows, so nothing is ever applied twice."""

    done: asyncio.Future[None] | None = None


class RoomRuntime:
    def __init__(
        self,
        *,
        room: Room,
        seats: Sequence[Seat],
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
        self.state = state
        self.seq = seq
        self.briefs = briefs
        self._view_encoder = ViewEncoder()
        self.latest = CommittedBatch(seq, (), state, briefs, self._view_encoder)
        self.view_budget = ViewBudget()
        self._seats_text: tuple[dict[str, Seat], SessionSetup, frozenset[str], str] | None = None
        self._db = db
        self._hub = hub
        # The hub listener that stands for this process's rooms: our own announcements must not
        # wake it, or every commit would reload the room's seats and events from the table.
        self._wake_origin: WakeUp = wake_origin or self.on_wake
        self._settings = settings
        self._clock = clock
        self._recent: deque[CommittedEvent] = deque(recent, maxlen=settings.recent_events_kept)
        self._queue: asyncio.Queue[PendingCommand | _CatchUp] = asyncio.Queue()
        self._subscribers: set[Subscriber] = set()
        self._writer: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._idle_deadline: float | None = None
        self._last_used = clock()
        self._stopped = False
        self.deleted = False
        # Told when this room turns out to be deleted (the service forgets it).
        self._on_deleted = on_deleted

    # Life cycle

    @property
    def room_id(self) -> str:
        return self.room.id

    @property
    def code(self) -> str:
        return self.room.code

    def start(self) -> None:
        self._writer = asyncio.create_task(self._write_forever(), name=f"room-writer-{self.code}")
        self._schedule_tick()

    async def stop(self) -> None:
        """Stop the writer and the timer; commands sent from now on are refused at once."""
        self._halt()
        writer, self._writer = self._writer, None
        if writer is not None and writer is not asyncio.current_task():
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    def _halt(self) -> None:
        self._stopped = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        # Whatever still waits in the queue gets its answer now, never a silence.
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if isinstance(item, PendingCommand):
                _safe_reply(item, CommandResult(self.seq, False, self._stopped_refusal()))
            elif item.done is not None and not item.done.done():
                item.done.set_result(None)

    def _stopped_refusal(self) -> CommandRefused:
        if self.deleted:
            return CommandRefused(ErrorCode.ROOM_DELETED, "This room has been deleted.")
        return CommandRefused(
            ErrorCode.ROOM_RELOADING, "The room was just reloaded; send that again."
        )

    async def delete(self) -> None:
        """The room was deleted (here, by another worker, or by expiry): every screen is told
        and closed, and the room stops. Safe from inside the writer itself."""
        if self.deleted:
            return
        self.deleted = True
        for subscriber in list(self._subscribers):
            subscriber.end(
                CLOSE_ROOM_NOT_FOUND,
                "room_deleted: this room has been deleted with everything in it.",
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
        if self._subscribers:
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
        self._subscribers.add(subscriber)
        self.touch()
        return self.latest

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)
        self.touch()

    def role_count(self, role: str) -> int:
        """Open sockets of one role (``projector``, ``spectator``...) in this process."""
        return sum(1 for subscriber in self._subscribers if subscriber.role == role)

    @property
    def connection_count(self) -> int:
        return len(self._subscribers)

    def broadcast_text(self, text: str) -> None:
        for subscriber in list(self._subscribers):
            subscriber.offer_text(text)

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
        return [CommittedEvent(row.seq, decode_event(row.body)) for row in stored]

    # Commands

    def submit(self, actor: str, fields: dict[str, Any], reply: Reply) -> None:
        if self._stopped:
            # Unloaded or deleted meanwhile: nothing would ever answer from this queue.
            result = CommandResult(self.seq, False, self._stopped_refusal())
            _safe_reply(PendingCommand(actor, fields, reply), result)
            return
        if actor != SYSTEM_ACTOR:
            self._last_used = self._clock()
        self._queue.put_nowait(PendingCommand(actor=actor, fields=fields, reply=reply))

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
        self._queue.put_nowait(_CatchUp())

    async def sync(self) -> None:
        """Return once the writer has read everything other processes committed until now
        (at once when the room has stopped: there is nothing more to read)."""
        if self._stopped:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_CatchUp(done))
        await done

    async def _write_forever(self) -> None:
        while not self._stopped:
            first = await self._queue.get()
            items: list[PendingCommand | _CatchUp] = [first]
            while not self._queue.empty() and len(items) < MAX_COMMANDS_PER_COMMIT:
                items.append(self._queue.get_nowait())
            commands = [item for item in items if isinstance(item, PendingCommand)]
            waiting = [item.done for item in items if isinstance(item, _CatchUp) and item.done]
            try:
                if len(commands) < len(items):
                    await self._catch_up()
                for done in waiting:
                    if not done.done():
                        done.set_result(None)
                if commands and self._stopped:
                    refused = CommandResult(self.seq, False, self._stopped_refusal())
                    for pending in commands:
                        _safe_reply(pending, refused)
                elif commands:
                    await self._write(commands)
            except asyncio.CancelledError:
                raise
            except Exception as failure:
                for done in waiting:
                    if not done.done():
                        done.set_exception(failure)
                logger.exception(
                    "room %s: writer failed; nothing of this batch was stored", self.code
                )
                refusal = CommandRefused(
                    ErrorCode.INTERNAL_ERROR,
                    "The server could not store this just now; nothing was changed. "
                    "Please try again.",
                )
                for pending in commands:
                    _safe_reply(pending, CommandResult(self.seq, False, refusal))

    async def _write(self, commands: list[PendingCommand]) -> None:
        for _attempt in range(MAX_WRITE_ATTEMPTS):
            state, seq = self.state, self.seq
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
                    produced.append(CommittedEvent(seq, event))
                outcomes.append(CommandResult(seq, bool(events)))
            if produced:
                # The server's own ticks are not use: a room left alone still expires.
                used = any(p.actor != SYSTEM_ACTOR for p in commands)
                try:
                    await self._persist(produced, state, used=used)
                except IntegrityError:
                    # Another process took these seqs (or deleted the room): read what it wrote
                    # and try again.
                    logger.info(
                        "room %s: lost the race at seq %s; retrying", self.code, self.seq + 1
                    )
                    await self._catch_up()
                    if self._stopped:
                        refused = CommandResult(self.seq, False, self._stopped_refusal())
                        for pending in commands:
                            _safe_reply(pending, refused)
                        return
                    continue
                self._commit_in_memory(produced, state)
            for pending, outcome in zip(commands, outcomes, strict=True):
                _safe_reply(pending, outcome)
            if produced:
                await self._hub.announce(self.room_id, self.seq, origin=self._wake_origin)
            return
        busy = CommandRefused(
            ErrorCode.INTERNAL_ERROR, "The room is very busy right now; please send that again."
        )
        for pending in commands:
            _safe_reply(pending, CommandResult(self.seq, False, busy))

    def _apply_one(
        self, state: SessionState, pending: PendingCommand
    ) -> tuple[SessionState, list[Event]]:
        if self.room.closed and pending.actor != SYSTEM_ACTOR:
            raise CommandRefused(
                ErrorCode.ROOM_CLOSED,
                "The chair has closed this room; it can be read but not changed.",
            )
        # The engine lets a bot take any seat; only the app knows which ones students hold.
        refuse_bot_on_held_seat(pending.fields, self.seats)
        # Never before the last event: a wall clock stepped back (NTP) must not stall the room.
        now = max(self._clock(), state.last_event_at)
        command = build_command(pending.fields, actor=pending.actor, now=now)
        try:
            new_state, events = play(state, command)
        except RuleViolation as violation:
            raise CommandRefused(violation.code, violation.message) from violation
        except Exception as failure:
            logger.exception("room %s: engine failed on %s", self.code, pending.fields.get("type"))
            raise CommandRefused(
                ErrorCode.INTERNAL_ERROR,
                "Something went wrong on the server with that command; nothing was changed.",
            ) from failure
        return new_state, list(events)

    async def _persist(
        self, produced: list[CommittedEvent], state: SessionState, *, used: bool
    ) -> None:
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
        snapshot = encode_state(state) if last // every > self.seq // every else None
        now = self._clock() if used else None
        deadline = None if self.room.closed else next_deadline(state)

        def store(session: Session) -> None:
            repository = RoomRepository(session)
            repository.append_events(self.room_id, stored)
            if snapshot is not None:
                repository.add_snapshot(self.room_id, last, snapshot)
            # In the same transaction: when the room was used, and when its timer is due.
            repository.record_activity(self.room_id, now, deadline)

        await self._db.run(store)

    def _commit_in_memory(self, produced: list[CommittedEvent], state: SessionState) -> None:
        self.state = state
        self.seq = produced[-1].seq
        self._recent.extend(produced)
        self.latest = CommittedBatch(self.seq, produced, state, self.briefs, self._view_encoder)
        for subscriber in list(self._subscribers):
            subscriber.offer(self.latest)
        self._schedule_tick()

    # Other processes

    async def on_wake(self, room_id: str, seq: int) -> None:
        if room_id == self.room_id:
            self.request_catch_up()

    async def _catch_up(self) -> None:
        """Read what other processes committed (events, seats, room flags) and fan it out.

        Runs only in the writer task (see ``sync``)."""

        def load(session: Session) -> tuple[Room | None, list[Seat], list[StoredEvent]]:
            repository = RoomRepository(session)
            return (
                repository.room_by_id(self.room_id),
                repository.seats(self.room_id),
                repository.events_after(self.room_id, self.seq),
            )

        room, seats, stored = await self._db.run(load)
        if room is None:
            # Deleted by another worker (or by expiry there): nothing left to serve. This runs
            # in the writer, which then ends (``_write_forever`` checks ``_stopped``).
            await self.delete()
            return
        self.replace_room(room)
        self.replace_seats(seats)
        if not stored:
            return
        state = self.state
        produced = []
        for row in stored:
            event = decode_event(row.body)
            state = evolve(state, event)
            produced.append(CommittedEvent(row.seq, event))
        self._commit_in_memory(produced, state)

    # Seats and room flags (kept current by the service)

    def replace_seats(self, seats: Sequence[Seat]) -> None:
        fresh = {seat.actor: seat for seat in seats}
        if _seat_rows(fresh) != _seat_rows(self.seats):
            self.seats = fresh
            self.broadcast_text(self.seats_message())
            self._recheck_access()

    def replace_room(self, room: Room) -> None:
        changed = (room.locked, room.closed) != (self.room.locked, self.room.closed)
        keys_changed = (room.chair_key_hash, room.cochair_key_hash, room.projector_key) != (
            self.room.chair_key_hash,
            self.room.cochair_key_hash,
            self.room.projector_key,
        )
        spectators_changed = room.spectators_allowed != self.room.spectators_allowed
        self.room = room
        if keys_changed:
            self._recheck_access()
        if spectators_changed:
            for subscriber in list(self._subscribers):
                subscriber.spectators_allowed_changed(room.spectators_allowed)
        if changed:
            self.broadcast_text(
                dumps(
                    {
                        "v": PROTOCOL_VERSION,
                        "type": "room",
                        "locked": room.locked,
                        "closed": room.closed,
                    }
                )
            )
            self._schedule_tick()

    def _recheck_access(self) -> None:
        for subscriber in list(self._subscribers):
            subscriber.access_may_have_changed()

    def seat_list(self) -> list[dict[str, Any]]:
        setup = self.state.setup
        delegations = {d.id: d for d in (*setup.members, *setup.observers)}
        bots = bot_seats(self.state)
        return [
            public_seat(seat, self.state, delegations.get(seat.actor), bots)
            for seat in self.seats.values()
        ]

    def seats_message(self) -> str:
        """The ``seats`` message, made once per seat list (every joining connection sends it)."""
        # Bots and scripted seat moves change the list too, not only claims and releases.
        setup, bots = self.state.setup, bot_seats(self.state)
        cached = self._seats_text
        if cached is not None and cached[:2] == (self.seats, setup) and cached[2] == bots:
            return cached[3]
        text = dumps({"v": PROTOCOL_VERSION, "type": "seats", "seats": self.seat_list()})
        self._seats_text = (self.seats, setup, bots, text)
        return text

    def seat_holds(self, actor: str, token_hash: str) -> bool:
        seat = self.seats.get(actor)
        return seat is not None and seat.token_hash == token_hash

    # Timers

    def _schedule_tick(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.room.closed:
            return
        deadline = next_deadline(self.state)
        if deadline is None or deadline == self._idle_deadline:
            return
        delay = max(0.0, deadline - self._clock()) + TICK_SLACK_SECONDS
        self._timer = asyncio.get_running_loop().call_later(delay, self._fire_tick, deadline)

    def _fire_tick(self, deadline: float) -> None:
        self._timer = None
        if self._clock() < deadline:
            self._schedule_tick()
            return

        def after_tick(result: CommandResult) -> None:
            if not result.changed:
                # Nothing was due after all; do not spin on the same deadline.
                self._idle_deadline = deadline
                if result.refusal is not None:
                    logger.warning("room %s: tick refused: %s", self.code, result.refusal.message)

        self.submit(SYSTEM_ACTOR, {"type": "tick"}, after_tick)


def bot_seats(state: SessionState) -> frozenset[str]:
    """The seats a bot plays."""
    return frozenset(state.world.bots)


def public_seat(
    seat: Seat,
    state: SessionState,
    delegation: Delegation | None = None,
    bots: frozenset[str] | None = None,
) -> dict[str, Any]:
    if delegation is None:
        delegation = state.setup.delegation(seat.actor)
    if bots is None:
        bots = bot_seats(state)
    # A scripted seat move (a withdrawal) can make a member an observer while the room runs.
    kind = seat.kind if delegation is None else (
        "member" if state.setup.is_member(seat.actor) else "observer"
    )
    return {
        "actor": seat.actor,
        "name": seat.actor_name,
        "kind": kind,
        "bot": seat.actor in bots,
        "delegation_kind": delegation.kind if delegation is not None else None,
        "flag": delegation.flag if delegation is not None else None,
        "claimed": seat.token_hash is not None,
        "display_name": seat.display_name,
    }


def _seat_rows(seats: dict[str, Seat]) -> list[tuple[str, str | None, str | None]]:
    return sorted((actor, seat.display_name, seat.token_hash) for actor, seat in seats.items())


def _safe_reply(pending: PendingCommand, result: CommandResult) -> None:
    try:
        pending.reply(result)
    except Exception:
        logger.exception("reply callback failed")
