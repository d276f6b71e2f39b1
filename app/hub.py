"""Wake-ups between room writers: "room R now has events up to seq N".

The event table stays the truth; a wake-up only tells a process to read it. Pub/sub may drop a
message, so a runtime also catches up before each write and on every reconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol

logger = logging.getLogger(__name__)

WakeUp = Callable[[str, int], Awaitable[None]]


class Hub(Protocol):
    """Carries ``(room_id, seq)`` from the process that committed to every other listener."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def listen(self, on_wake: WakeUp) -> Callable[[], None]:
        """Call ``on_wake(room_id, seq)`` for commits made by other listeners; returns unlisten."""
        ...

    async def announce(self, room_id: str, seq: int, *, origin: WakeUp | None = None) -> None:
        """Tell every listener but ``origin`` (the caller's own) that ``room_id`` is at ``seq``."""
        ...


class InMemoryHub:
    """The embedded default: every room service in this process shares one."""

    def __init__(self) -> None:
        self._listeners: list[WakeUp] = []

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self._listeners.clear()

    def listen(self, on_wake: WakeUp) -> Callable[[], None]:
        self._listeners.append(on_wake)

        def unlisten() -> None:
            if on_wake in self._listeners:
                self._listeners.remove(on_wake)

        return unlisten

    async def announce(self, room_id: str, seq: int, *, origin: WakeUp | None = None) -> None:
        for listener in list(self._listeners):
            if listener == origin:
                continue
            await listener(room_id, seq)


class RedisHub:
    """Redis pub/sub for several workers or hosts sharing one database."""

    CHANNEL = "plenary:commits"

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis_asyncio

        self._redis = redis_asyncio.from_url(url)
        self._process_id = uuid.uuid4().hex
        self._listeners: list[WakeUp] = []
        self._reader: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        self._reader = asyncio.create_task(self._read_forever(), name="redis-hub-reader")
        await asyncio.wait_for(self._subscribed.wait(), timeout=10)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        await self._redis.aclose()

    def listen(self, on_wake: WakeUp) -> Callable[[], None]:
        self._listeners.append(on_wake)

        def unlisten() -> None:
            if on_wake in self._listeners:
                self._listeners.remove(on_wake)

        return unlisten

    async def announce(self, room_id: str, seq: int, *, origin: WakeUp | None = None) -> None:
        # Local listeners first (other services in this process), then every other process.
        for listener in list(self._listeners):
            if listener == origin:
                continue
            await listener(room_id, seq)
        payload = json.dumps({"room": room_id, "seq": seq, "from": self._process_id})
        try:
            await self._redis.publish(self.CHANNEL, payload)
        except Exception:  # Redis down: the table is still the truth; peers catch up later.
            logger.warning("could not announce %s@%s on Redis", room_id, seq, exc_info=True)

    async def _read_forever(self) -> None:
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(self.CHANNEL)
        self._subscribed.set()
        async for message in pubsub.listen():
            if message.get("type") != "message":
                continue
            try:
                wake = json.loads(message["data"])
            except (TypeError, ValueError):
                continue
            if wake.get("from") == self._process_id:
                continue
            for listener in list(self._listeners):
                try:
                    await listener(str(wake["room"]), int(wake["seq"]))
                except Exception:
                    logger.exception("wake-up listener failed")
