"""When a room is in memory, and when it is gone.

- Rooms load lazily. At start the server reads only which rooms have a timer running (a speech,
  a caucus, a vote deadline, a scripted event) and wakes each one at its deadline; every other
  room loads when someone opens it. Starting takes the same time with 10 rooms or 10,000.
- A room that nobody has had open, on any worker, for ``room_unload_seconds`` pauses its clock
  (the class has gone: a crisis must not run on for weeks, nor a speaker's time run out
  unheard) and leaves memory. The chair restarts the clock when the class is back.
- A room nobody has used for ``room_idle_days``, or closed ``closed_room_days`` ago, is deleted
  with everything in it; until then the chair can export it (``docs/protocol.md``). "Used" means
  a person had it open or sent it something; the server's own ticks do not count.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Protocol

from app.database import Database
from app.errors import NotFound
from app.models import Room
from app.rooms.codec import CommandRefused
from app.rooms.repository import RoomRepository
from app.rooms.runtime import RoomRuntime
from app.settings import Settings
from game_rules.session.state import SYSTEM

logger = logging.getLogger(__name__)

DAY_SECONDS = 86_400.0
#: Rooms loaded at once when their timers come due together (after a restart, say).
WAKE_CONCURRENCY = 4


def expires_at(room: Room, settings: Settings) -> float:
    """When the room will be deleted unless it is used again (closed rooms: for good)."""
    last_use = room.last_active_at or room.created_at
    if room.closed:
        return (room.closed_at or last_use) + settings.closed_room_days * DAY_SECONDS
    return last_use + settings.room_idle_days * DAY_SECONDS


class LoadedRooms(Protocol):
    """The rooms this process holds (``RoomService``), as their life cycle sees them."""

    def loaded_runtimes(self) -> list[RoomRuntime]: ...

    async def runtime_by_id(self, room_id: str) -> RoomRuntime: ...

    async def unload(self, room_id: str) -> None: ...

    async def delete_room_by_id(self, room_id: str) -> None: ...


class RoomLifecycle:
    def __init__(
        self, service: LoadedRooms, db: Database, settings: Settings, clock: Callable[[], float]
    ) -> None:
        self._service = service
        self._db = db
        self._settings = settings
        self._clock = clock
        self._wakeups: dict[str, asyncio.TimerHandle] = {}
        self._maintenance: asyncio.Task[None] | None = None
        self._loading: set[asyncio.Task[object]] = set()
        self._wake_slots = asyncio.Semaphore(WAKE_CONCURRENCY)

    async def start(self) -> None:
        pending = await self._db.run(lambda session: RoomRepository(session).pending_deadlines())
        for room_id, deadline in pending:
            self.wake_at(room_id, deadline)
        self._maintenance = asyncio.create_task(self._maintain_forever(), name="room-lifecycle")

    async def stop(self) -> None:
        for handle in self._wakeups.values():
            handle.cancel()
        self._wakeups.clear()
        if self._maintenance is not None:
            self._maintenance.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._maintenance

    def wake_at(self, room_id: str, deadline: float) -> None:
        """Load the room (which then ticks by itself) when ``deadline`` comes."""
        self.cancel_wake(room_id)
        delay = max(0.0, deadline - self._clock())
        self._wakeups[room_id] = asyncio.get_running_loop().call_later(
            delay, self._wake, room_id
        )

    def cancel_wake(self, room_id: str) -> None:
        handle = self._wakeups.pop(room_id, None)
        if handle is not None:
            handle.cancel()

    def _wake(self, room_id: str) -> None:
        self._wakeups.pop(room_id, None)
        task: asyncio.Task[object] = asyncio.create_task(self._load_quietly(room_id))
        self._loading.add(task)
        task.add_done_callback(self._loading.discard)

    async def _load_quietly(self, room_id: str) -> object:
        async with self._wake_slots:
            try:
                return await self._service.runtime_by_id(room_id)
            except NotFound:
                return None  # deleted meanwhile
            except Exception:
                logger.exception("room %s: could not load it for its timer", room_id)
                return None

    async def _maintain_forever(self) -> None:
        while True:
            await asyncio.sleep(self._settings.room_maintenance_seconds)
            try:
                await self.maintain()
            except Exception:
                logger.exception("room maintenance failed; trying again later")

    async def maintain(self) -> None:
        """Note which rooms are in use, let go of the ones nobody has open, and delete expired
        ones."""
        now = self._clock()
        loaded = self._service.loaded_runtimes()
        in_use = [runtime.room_id for runtime in loaded if runtime.idle_for(now) == 0]
        await self._db.run(lambda session: RoomRepository(session).mark_used(in_use, now))
        for runtime in loaded:
            if runtime.idle_for(now) >= self._settings.room_unload_seconds:
                await self._let_go(runtime, now)
        settings = self._settings
        idle_before = now - settings.room_idle_days * DAY_SECONDS
        closed_before = now - settings.closed_room_days * DAY_SECONDS
        expired = await self._db.run(
            lambda session: RoomRepository(session).expired_room_ids(idle_before, closed_before)
        )
        for room_id in expired:
            logger.info("room %s expired; deleting it and everything in it", room_id)
            self.cancel_wake(room_id)
            await self._service.delete_room_by_id(room_id)

    async def _let_go(self, runtime: RoomRuntime, now: float) -> None:
        """Unload a room nobody here has open. If nobody anywhere has used it for as long
        (another worker may serve its class), pause its clock first."""
        room_id = runtime.room_id
        room = await self._db.run(lambda session: RoomRepository(session).room_by_id(room_id))
        if room is None:
            await self._service.unload(room_id)
            return
        last_use = room.last_active_at or room.created_at
        if runtime.clock_running and now - last_use >= self._settings.room_unload_seconds:
            try:
                await runtime.submit_and_wait(SYSTEM, {"type": "pause_clock"})
            except CommandRefused as refused:
                logger.info("room %s: could not pause its clock: %s", room_id, refused.message)
        await self._service.unload(room_id)
        deadline = runtime.next_deadline()
        if deadline is not None:
            self.wake_at(room_id, deadline)
