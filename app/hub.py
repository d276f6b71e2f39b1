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

from app.metrics import HUB_WAKE_UPS

logger = logging.getLogger(__name__)

WakeUp = Callable[[str, int], Awaitable[None]]

# The room id of a wake-up that stands for every room: the hub may have missed some (Redis
# dropped and came back), so each listener catches up all the rooms it holds.
EVERY_ROOM = "*"


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

    async def reachable(self) -> bool:
        """Whether the hub can carry wake-ups now (for ``/healthz``)."""
        ...


class InMemoryHub:
    """The embedded default: every room service in this process shares one."""

    def __init__(self) -> None:
        self._listeners: list[WakeUp] = []

    async def start(self) -> None:
        return None

    async def reachable(self) -> bool:
        return True

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
    FIRST_RETRY_SECONDS = 0.5
    MAX_RETRY_SECONDS = 5.0

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis_asyncio

        self._process_id = uuid.uuid4().hex
        # Named, so an operator (and a test) can find this process's connections in CLIENT LIST.
        self.client_name = f"plenary-hub-{self._process_id[:12]}"
        self._redis = redis_asyncio.from_url(url, client_name=self.client_name)
        self._listeners: list[WakeUp] = []
        self._reader: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()
        # Set when redis-py reconnected the subscription by itself (its retries).
        self._reconnected = False
        self._retry_delay = self.FIRST_RETRY_SECONDS

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

    async def reachable(self) -> bool:
        return bool(await self._redis.ping())

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
        """Subscribe, read, and when Redis drops, subscribe again (backing off up to
        ``MAX_RETRY_SECONDS``); after a resubscription every listener catches up every room,
        since the wake-ups sent meanwhile are lost."""
        dropped = False
        while True:
            try:
                await self._read_until_dropped(dropped)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning(
                    "Redis hub lost its subscription; retrying in %.1f s", self._retry_delay
                )
            dropped = True
            await asyncio.sleep(self._retry_delay)
            self._retry_delay = min(self._retry_delay * 2, self.MAX_RETRY_SECONDS)

    async def _read_until_dropped(self, resubscribing: bool) -> None:
        pubsub = self._redis.pubsub()
        try:
            await pubsub.subscribe(self.CHANNEL)
            self._subscribed.set()
            self._retry_delay = self.FIRST_RETRY_SECONDS
            if pubsub.connection is not None:
                pubsub.connection.register_connect_callback(self._on_reconnect)
            self._reconnected = resubscribing
            while True:
                if self._reconnected:
                    self._reconnected = False
                    logger.info("Redis hub subscribed again; every room catches up")
                    await self._wake_listeners(EVERY_ROOM, 0)
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5.0)
                if message is None or message.get("type") != "message":
                    continue
                try:
                    wake = json.loads(message["data"])
                except (TypeError, ValueError):
                    continue
                if wake.get("from") == self._process_id:
                    continue
                await self._wake_listeners(str(wake["room"]), int(wake["seq"]))
        finally:
            # Typed from redis 8.2 on, untyped before: a typed alias serves both.
            close: Callable[[], Awaitable[None]] = pubsub.aclose
            with contextlib.suppress(Exception):
                await close()

    def _on_reconnect(self, _connection: object) -> None:
        self._reconnected = True

    async def _wake_listeners(self, room_id: str, seq: int) -> None:
        HUB_WAKE_UPS.inc()
        for listener in list(self._listeners):
            try:
                await listener(room_id, seq)
            except Exception:
                logger.exception("wake-up listener failed")
