"""The rooms service: creates, loads and deletes rooms, keeps one live runtime per room, and
says who a token is; seats are ``seats.py``'s, when a room is in memory ``lifecycle.py``'s.

Services never commit: each change is one function run by ``Database.run``, the unit of work.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.database import Database
from app.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    ServerFull,
    TooManyRooms,
    Unauthorized,
    shown,
)
from app.hub import EVERY_ROOM, Hub
from app.metrics import ROOMS
from app.models import Room, Seat, Student
from app.rooms.access import SPECTATOR, identity_of
from app.rooms.codec import decode_event, decode_state, encode_state
from app.rooms.fanout import CommittedEvent
from app.rooms.lifecycle import RoomLifecycle
from app.rooms.repository import RoomRepository
from app.rooms.runtime import RoomRuntime
from app.rooms.schemas import Identity
from app.rooms.seats import SeatService
from app.rooms.secrecy import briefs_of
from app.rooms.socket_caps import ConnectionLimits
from app.scenarios.service import LoadedScenario
from app.security import (
    hash_secret,
    network_hash,
    new_room_code,
    new_secret,
    normalise_room_code,
)
from app.settings import Settings
from game_rules.engine.apply import evolve, next_deadline
from game_rules.session.state import SessionState

logger = logging.getLogger(__name__)



@dataclass(frozen=True)
class CreatedRoom:
    code: str
    chair_key: str
    projector_key: str
    title: str


class RoomService:
    """The rooms of this process: one runtime (and so one writer) per room in memory."""

    def __init__(
        self, db: Database, hub: Hub, settings: Settings, clock: Callable[[], float] = time.time
    ) -> None:
        self.db = db
        self.hub = hub
        self.settings = settings
        self.clock = clock
        self._runtimes: dict[str, RoomRuntime] = {}
        self._by_code: dict[str, RoomRuntime] = {}
        # Caps on live sockets (per address, per room, per seat token or chair key).
        self.connection_limits = ConnectionLimits(settings)
        self.lifecycle = RoomLifecycle(self, db, settings, clock)
        self.seats = SeatService(db, hub, clock, self.on_wake)
        self._loading: dict[str, asyncio.Lock] = {}
        # Rooms deleted while this process ran: a load that raced the delete must not bring
        # one back.
        self._deleted: set[str] = set()
        # One room creation at a time per worker, so the bounds per network hold exactly.
        self._creating = asyncio.Lock()
        self._address_key = ""
        self._unlisten: Callable[[], None] | None = None
        # Told of each room this process loads (a conference's crossings watch its rooms).
        self.load_listeners: list[Callable[[RoomRuntime], Awaitable[None]]] = []

    # Life cycle

    async def start(self) -> None:
        """Listen for other workers' commits and book every running room timer; rooms
        themselves load when first used (``app/rooms/lifecycle.py``)."""
        self._address_key = await self._shared_secret("address_key")
        self._unlisten = self.hub.listen(self.on_wake)
        await self.lifecycle.start()

    async def stop(self) -> None:
        if self._unlisten is not None:
            self._unlisten()
        await self.lifecycle.stop()
        for runtime in list(self._runtimes.values()):
            await runtime.stop()
        ROOMS.dec(len(self._runtimes))
        self._runtimes.clear()
        self._by_code.clear()

    async def _shared_secret(self, name: str) -> str:
        for _attempt in range(3):
            try:
                return await self.db.run(
                    lambda session: RoomRepository(session).secret(name, new_secret())
                )
            except IntegrityError:
                continue  # another worker stored it a moment ago: read that one
        raise RuntimeError(f"could not read the server secret {name}")

    def loaded_runtimes(self) -> list[RoomRuntime]:
        return list(self._runtimes.values())

    async def unload(self, room_id: str) -> None:
        """Let a room nobody has open leave memory; it loads again when next needed."""
        runtime = self._forget(room_id)
        if runtime is not None:
            await runtime.stop()

    def _forget(self, room_id: str) -> RoomRuntime | None:
        runtime = self._runtimes.pop(room_id, None)
        if runtime is not None:
            ROOMS.dec()
        if runtime is not None:
            self._by_code.pop(runtime.code, None)
        return runtime

    def _deleted_elsewhere(self, room_id: str) -> None:
        """A runtime found its room gone from the database (another worker deleted it)."""
        self._deleted.add(room_id)
        self._forget(room_id)
        self.lifecycle.cancel_wake(room_id)

    async def on_wake(self, room_id: str, seq: int) -> None:
        if room_id == EVERY_ROOM:
            for every in list(self._runtimes.values()):
                every.request_catch_up()
            return
        runtime = self._runtimes.get(room_id)
        # Also at an unchanged seq: seats or room flags may have changed.
        if runtime is not None:
            runtime.request_catch_up()

    # Rooms

    async def create_room(
        self,
        scenario: LoadedScenario,
        forum_id: str | None,
        *,
        variant_id: str | None = None,
        creator: str | None = None,
    ) -> CreatedRoom:
        """A new room; ``creator`` (the client's address) bounds how many rooms, and how many
        bytes, one network may hold (``rooms_per_address``, ``room_bytes_per_address``)."""
        if forum_id is not None and forum_id not in scenario.forum_ids:
            raise InvalidInput(
                f"This scenario has no forum {shown(forum_id)}. "
                f"Choose one of: {', '.join(scenario.forum_ids)}.",
                code="unknown_forum",
            )
        state = scenario.start(forum_id, self.clock(), variant_id)
        chair_key = new_secret()
        projector_key = new_secret()
        initial = encode_state(state)
        creator_hash = network_hash(creator, self._address_key) if creator else None
        size = len(scenario.source.encode("utf-8")) + len(initial.encode("utf-8"))
        for _attempt in range(20):
            room = Room(
                id=uuid.uuid4().hex,
                code=new_room_code(self.settings.room_code_length),
                title=scenario.title,
                scenario_id=scenario.id,
                forum_id=forum_id or state.setup.forum_id,
                variant_id=variant_id,
                scenario_source=scenario.source,
                chair_key_hash=hash_secret(chair_key),
                projector_key=projector_key,
                created_at=self.clock(),
                last_active_at=self.clock(),
                creator=creator_hash,
                stored_bytes=size,
                next_deadline=next_deadline(state),
            )
            seats = seats_for(room.id, state)
            add = partial(
                _add_room, room=room, seats=seats, initial=initial, settings=self.settings
            )
            try:
                async with self._creating:
                    await self.db.run(add)
            except IntegrityError:
                continue  # the code was taken a moment ago; draw another
            return CreatedRoom(
                code=room.code,
                chair_key=chair_key,
                projector_key=projector_key,
                title=room.title,
            )
        raise Conflict("Could not find a free room code; please try again.")

    async def runtime(self, code: str) -> RoomRuntime:
        code = normalise_room_code(code)
        runtime = self._by_code.get(code)
        if runtime is not None:
            runtime.touch()
            return runtime
        room = await self.db.run(lambda session: RoomRepository(session).room_by_code(code))
        if room is None:
            raise NotFound(
                f"There is no room with the code {shown(code, 'you typed')}. Check the code on "
                "the board.",
                code="room_not_found",
            )
        return await self.runtime_by_id(room.id)

    async def runtime_by_id(self, room_id: str) -> RoomRuntime:
        if room_id in self._runtimes:
            return self._runtimes[room_id]
        lock = self._loading.setdefault(room_id, asyncio.Lock())
        try:
            async with lock:
                if room_id in self._runtimes:
                    return self._runtimes[room_id]
                runtime = await self._load(room_id)
                if room_id in self._deleted:
                    raise NotFound("That room has been deleted.", code="room_not_found")
                # Registered before anything else is awaited: one room, one runtime, one writer.
                runtime.start()
                self.lifecycle.cancel_wake(room_id)  # a loaded room keeps its own timer
                self._runtimes[room_id] = runtime
                ROOMS.inc()
                self._by_code[runtime.code] = runtime
        finally:
            if not lock.locked():
                self._loading.pop(room_id, None)
        for listener in list(self.load_listeners):
            await listener(runtime)
        deadline = runtime.next_deadline()
        if runtime.room.next_deadline != deadline:
            # Booked from an older guess (rooms made before timers were stored): correct it.
            await self.db.run(
                lambda session: RoomRepository(session).record_deadline(room_id, deadline)
            )
        return runtime

    async def _load(self, room_id: str) -> RoomRuntime:
        """Rebuild a room from its newest snapshot and the events after it."""
        room, seats, students, state, seq, recent = await self.db.run(
            partial(_read_room, room_id=room_id)
        )
        return RoomRuntime(
            room=room,
            seats=seats,
            students=students,
            state=state,
            seq=seq,
            recent=recent,
            briefs=briefs_of(room),
            db=self.db,
            hub=self.hub,
            settings=self.settings,
            clock=self.clock,
            wake_origin=self.on_wake,
            on_deleted=self._deleted_elsewhere,
        )

    # Who is calling

    async def identify(self, runtime: RoomRuntime, token: str | None) -> Identity:
        if not token:
            return SPECTATOR
        token_hash = hash_secret(token)
        identity = identity_of(
            runtime.room, runtime.seats.values(), token_hash, runtime.students
        )
        if identity is None:
            # Maybe another worker just handed this seat out: read the seats once more.
            await runtime.sync()
            identity = identity_of(
                runtime.room, runtime.seats.values(), token_hash, runtime.students
            )
        if identity is None:
            raise Unauthorized(
                "This seat link is no longer valid (the chair may have released the seat). "
                "Pick a seat again or ask the chair.",
                code="unknown_token",
            )
        return identity

    async def require_chair(
        self, runtime: RoomRuntime, token: str | None, *, main_chair: bool = False
    ) -> Identity:
        if not token:
            raise Unauthorized(
                "This needs the chair key (Authorization: Bearer <key>).", code="chair_key_required"
            )
        identity = await self.identify(runtime, token)
        if identity.role != "chair":
            raise Forbidden("Only the chair can do this.", code="chair_only")
        if main_chair and identity.token_hash != runtime.room.chair_key_hash:
            raise Forbidden(
                "Only the chair's own link can do this, not a co-chair's.", code="main_chair_only"
            )
        return identity

    # Room flags

    async def set_locked(self, runtime: RoomRuntime, locked: bool) -> Room:
        return await self._change_room(runtime, locked=locked)

    async def close_room(self, runtime: RoomRuntime) -> Room:
        closed_at = runtime.room.closed_at or self.clock()
        return await self._change_room(runtime, closed=True, closed_at=closed_at)

    async def allow_spectators(self, runtime: RoomRuntime, allowed: bool) -> Room:
        """Admit read-only screens without a key, or only the projector link (closing the
        others at once, on every worker)."""
        return await self._change_room(runtime, spectators_allowed=allowed)

    async def set_language(self, runtime: RoomRuntime, language: str) -> Room:
        return await self._change_room(runtime, language=language)

    async def new_projector_key(self, runtime: RoomRuntime) -> str:
        """A new projector link: the old one stops admitting at once, on every worker (its
        screens are closed with 4001)."""
        key = new_secret()
        await self._change_room(runtime, projector_key=key)
        return key

    async def delete_room(self, runtime: RoomRuntime) -> None:
        await self.delete_room_by_id(runtime.room_id)

    async def delete_room_by_id(self, room_id: str) -> None:
        """Delete the room and everything in it; its screens are told and closed, here and
        (through the hub) on every other worker."""
        self._deleted.add(room_id)
        self.lifecycle.cancel_wake(room_id)
        await self.db.run(lambda session: RoomRepository(session).delete_room(room_id))
        runtime = self._forget(room_id)
        if runtime is not None:
            await runtime.delete()
        await self.hub.announce(room_id, 0, origin=self.on_wake)

    async def new_chair_key(self, runtime: RoomRuntime) -> str:
        """A new main chair key (a conference's secretariat hands it out): the old chair link
        stops chairing at once, on every worker."""
        key = new_secret()
        await self._change_room(runtime, chair_key_hash=hash_secret(key))
        return key

    async def chair_seen(self, runtime: RoomRuntime) -> None:
        """A chair's screen connected: noted once, for the secretariat's alerts."""
        if runtime.room.chair_seen_at is None:
            await self._change_room(runtime, chair_seen_at=self.clock())

    async def add_cochair(self, runtime: RoomRuntime) -> str:
        key = new_secret()
        await self._change_room(runtime, cochair_key_hash=hash_secret(key))
        return key

    async def _change_room(self, runtime: RoomRuntime, **changes: Any) -> Room:
        def change(session: Session) -> Room:
            repository = RoomRepository(session)
            room = repository.room_by_id(runtime.room_id)
            if room is None:
                raise NotFound("That room no longer exists.", code="room_not_found")
            for name, value in changes.items():
                setattr(room, name, value)
            return repository.save_room(room)

        room = await self.db.run(change)
        runtime.replace_room(room)
        await self.hub.announce(runtime.room_id, runtime.seq, origin=self.on_wake)
        return room

    # Reading

    async def all_events(self, runtime: RoomRuntime) -> list[CommittedEvent]:
        return await runtime.events_between(0, runtime.seq)


def _read_room(
    session: Session, *, room_id: str
) -> tuple[Room, list[Seat], list[Student], SessionState, int, list[CommittedEvent]]:
    """The room's row and seats, and its state and seq from its newest snapshot and the events
    after it (kept as the runtime's recent events)."""
    repository = RoomRepository(session)
    room = repository.room_by_id(room_id)
    snapshot = repository.latest_snapshot(room_id)
    if room is None or snapshot is None:
        raise NotFound("That room no longer exists.", code="room_not_found")
    # Decoding and folding run here, in the database thread, not on the event loop: a restart
    # that wakes many rooms at once keeps answering meanwhile.
    state, seq = decode_state(snapshot.state), snapshot.seq
    recent: list[CommittedEvent] = []
    for row in repository.events_after(room_id, snapshot.seq):
        event = decode_event(row.body)
        state = evolve(state, event)
        recent.append(CommittedEvent(row.seq, event, state))
        seq = row.seq
    return room, repository.seats(room_id), repository.students(room_id), state, seq, recent


def _add_room(
    session: Session, *, room: Room, seats: list[Seat], initial: str, settings: Settings
) -> None:
    """Store a new room, within the bounds per address and in total. The counts are read in
    the transaction that writes, with room creation serialised (within a worker by a lock, across
    PostgreSQL workers by an advisory lock), so the bounds hold exactly."""
    repository = RoomRepository(session)
    repository.serialise_room_creation()
    if room.creator is not None:
        count, size = repository.usage_of(room.creator)
        if count >= settings.rooms_per_address:
            raise TooManyRooms(
                f"This network already holds {count} rooms, the most one network may have. "
                "Close and delete rooms you no longer need (chair console, Session panel), or "
                "wait until old rooms expire.",
                extra={"limit": settings.rooms_per_address},
            )
        if size + room.stored_bytes > settings.room_bytes_per_address:
            raise TooManyRooms(
                f"The rooms of this network already store {size // 1024} KiB; one network may "
                f"store {settings.room_bytes_per_address // (1024 * 1024)} MiB. Delete rooms "
                "you no longer need, or wait until old rooms expire.",
                extra={"limit_bytes": settings.room_bytes_per_address},
            )
    count, size = repository.usage_of(None)
    if count >= settings.max_rooms or size + room.stored_bytes > settings.max_room_bytes:
        raise ServerFull(
            "This server holds as many rooms as it can; ask its administrator, or try again "
            "once old rooms have expired."
        )
    repository.add_room(room, seats, initial)


def seats_for(room_id: str, state: SessionState) -> list[Seat]:
    setup = state.setup
    seats = [
        Seat(room_id=room_id, actor=delegation.id, actor_name=delegation.name, kind="member")
        for delegation in setup.members
    ]
    seats += [
        Seat(room_id=room_id, actor=delegation.id, actor_name=delegation.name, kind="observer")
        for delegation in setup.observers
    ]
    return seats
