"""The rooms service: creates rooms, hands out seats, keeps one live runtime per room.

Services never commit: each change is one function run by ``Database.run``, the unit of work.
"""

from __future__ import annotations

import asyncio
import logging
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.database import Database
from app.errors import (
    Conflict,
    Forbidden,
    Gone,
    InvalidInput,
    Locked,
    NotFound,
    ServerFull,
    TooManyRooms,
    Unauthorized,
    shown,
)
from app.hub import Hub
from app.models import Room, Seat
from app.rooms.admission import ConnectionLimits
from app.rooms.bot_seats import hand_back_from_bot, stored_rows
from app.rooms.codec import decode_event, decode_state, encode_state
from app.rooms.connection import Identity
from app.rooms.lifecycle import RoomLifecycle
from app.rooms.repository import RoomRepository, StoredEvent
from app.rooms.runtime import NO_BRIEFS, CommittedEvent, RoomRuntime, SecretBriefs, public_seat
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
from game_rules.scenario.setup import ScenarioError, parse_scenario
from game_rules.session.state import CHAIR, PUBLIC, SessionState

logger = logging.getLogger(__name__)

MAX_DISPLAY_NAME = 80
MAX_HANDBACK_ATTEMPTS = 5

_Written = TypeVar("_Written")


@dataclass(frozen=True)
class CreatedRoom:
    code: str
    chair_key: str
    projector_key: str
    title: str


@dataclass(frozen=True)
class IssuedSeat:
    actor: str
    token: str


class RoomService:
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
        self._loading: dict[str, asyncio.Lock] = {}
        # Rooms deleted while this process ran: a load that raced the delete must not bring
        # one back.
        self._deleted: set[str] = set()
        # One room creation at a time per worker, so the bounds per network hold exactly.
        self._creating = asyncio.Lock()
        self._address_key = ""
        self._unlisten: Callable[[], None] | None = None

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
            self._by_code.pop(runtime.code, None)
        return runtime

    def _deleted_elsewhere(self, room_id: str) -> None:
        """A runtime found its room gone from the database (another worker deleted it)."""
        self._deleted.add(room_id)
        self._forget(room_id)
        self.lifecycle.cancel_wake(room_id)

    async def on_wake(self, room_id: str, seq: int) -> None:
        runtime = self._runtimes.get(room_id)
        # Also at an unchanged seq: seats or room flags may have changed.
        if runtime is not None:
            runtime.request_catch_up()

    # Rooms

    async def create_room(
        self, scenario: LoadedScenario, forum_id: str | None, *, creator: str | None = None
    ) -> CreatedRoom:
        """A new room; ``creator`` (the client's address) bounds how many rooms, and how many
        bytes, one network may hold (``rooms_per_address``, ``room_bytes_per_address``)."""
        if forum_id is not None and forum_id not in scenario.forum_ids:
            raise InvalidInput(
                f"This scenario has no forum {shown(forum_id)}. "
                f"Choose one of: {', '.join(scenario.forum_ids)}.",
                code="unknown_forum",
            )
        state = scenario.start(forum_id, self.clock())
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
                self._by_code[runtime.code] = runtime
        finally:
            if not lock.locked():
                self._loading.pop(room_id, None)
        deadline = runtime.next_deadline()
        if runtime.room.next_deadline != deadline:
            # Booked from an older guess (rooms made before timers were stored): correct it.
            await self.db.run(
                lambda session: RoomRepository(session).record_deadline(room_id, deadline)
            )
        return runtime

    async def _load(self, room_id: str) -> RoomRuntime:
        """Rebuild a room from its newest snapshot and the events after it."""

        def read(
            session: Session,
        ) -> tuple[Room, list[Seat], SessionState, int, list[CommittedEvent]]:
            repository = RoomRepository(session)
            room = repository.room_by_id(room_id)
            snapshot = repository.latest_snapshot(room_id)
            if room is None or snapshot is None:
                raise NotFound("That room no longer exists.", code="room_not_found")
            # Decoding and folding run here, in the database thread, not on the event loop:
            # a restart that wakes many rooms at once keeps answering meanwhile.
            state, seq = decode_state(snapshot.state), snapshot.seq
            recent: list[CommittedEvent] = []
            for row in repository.events_after(room_id, snapshot.seq):
                event = decode_event(row.body)
                state = evolve(state, event)
                recent.append(CommittedEvent(row.seq, event))
                seq = row.seq
            return room, repository.seats(room_id), state, seq, recent

        room, seats, state, seq, recent = await self.db.run(read)
        return RoomRuntime(
            room=room,
            seats=seats,
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
            return Identity(role="spectator", viewer=PUBLIC, actor=None, token_hash=None)
        token_hash = hash_secret(token)
        identity = self._match(runtime, token_hash)
        if identity is None:
            # Maybe another worker just handed this seat out: read the seats once more.
            await runtime.sync()
            identity = self._match(runtime, token_hash)
        if identity is None:
            raise Unauthorized(
                "This seat link is no longer valid (the chair may have released the seat). "
                "Pick a seat again or ask the chair.",
                code="unknown_token",
            )
        return identity

    @staticmethod
    def _match(runtime: RoomRuntime, token_hash: str) -> Identity | None:
        room = runtime.room
        if token_hash in (room.chair_key_hash, room.cochair_key_hash):
            return Identity(role="chair", viewer=CHAIR, actor=None, token_hash=token_hash)
        if room.projector_key is not None and token_hash == hash_secret(room.projector_key):
            return Identity(role="projector", viewer=PUBLIC, actor=None, token_hash=token_hash)
        for seat in runtime.seats.values():
            if seat.token_hash == token_hash:
                return Identity(
                    role="delegate", viewer=seat.actor, actor=seat.actor, token_hash=token_hash
                )
        return None

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

    # Seats

    async def claim_seat(self, code: str, actor: str, display_name: str | None) -> IssuedSeat:
        runtime = await self.runtime(code)
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

    async def release_seat(self, runtime: RoomRuntime, actor: str) -> dict[str, Any]:
        return await self._change_seat(runtime, actor, release=True)

    async def rename_seat(
        self, runtime: RoomRuntime, actor: str, display_name: str | None
    ) -> dict[str, Any]:
        return await self._change_seat(
            runtime, actor, display_name=clean_display_name(display_name), rename=True
        )

    async def reassign_seat(self, runtime: RoomRuntime, actor: str) -> IssuedSeat:
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
        await self.hub.announce(runtime.room_id, runtime.seq, origin=self.on_wake)

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


def briefs_of(room: Room) -> SecretBriefs:
    """The secret briefs of the room's scenario (the engine's state does not carry them)."""
    try:
        scenario = parse_scenario(room.scenario_source, source=f"{room.scenario_id}.yaml")
    except ScenarioError:
        logger.warning("room %s: its scenario no longer parses; briefs are not shown", room.code)
        return NO_BRIEFS
    return SecretBriefs(
        {actor: brief.model_dump(mode="json") for actor, brief in scenario.briefs.items()}
    )


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
