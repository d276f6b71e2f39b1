"""One connection's bounded send queue, and the markers that may wait in it.

Everything a connection sends goes through its outbox, drained by one sender task, so events,
acks and errors leave in the order they were produced. Putting never waits: a connection whose
outbox is full is marked ``overflowed`` and closed with "fell behind"; it reconnects with
``last_seq`` and loses nothing, and it never stalls the room.
"""

from __future__ import annotations

import asyncio

from app.metrics import SEND_QUEUES_CLOSED
from app.rooms.fanout import CommittedBatch


class FreshView:
    """Marker: this socket's access changed; send a state built for it now."""


class FullStateWanted:
    """Marker: the client sent ``sync``; its next state must be a whole one."""


FRESH_VIEW = FreshView()
FULL_STATE_WANTED = FullStateWanted()

# A committed batch, a ready frame, or a marker.
OutboxItem = CommittedBatch | str | FreshView | FullStateWanted


class Outbox:
    """A bounded queue of what to send: committed batches, ready frames or markers."""

    def __init__(self, limit: int) -> None:
        self._queue: asyncio.Queue[OutboxItem] = asyncio.Queue(maxsize=limit)
        self.overflowed = asyncio.Event()
        self._waiter: asyncio.Future[None] | None = None
        # The queue's own methods, not wrappers: the sender calls them for every item.
        self.get = self._queue.get
        self.get_nowait = self._queue.get_nowait
        self.empty = self._queue.empty

    def put(self, item: OutboxItem) -> None:
        if self.overflowed.is_set():
            return
        try:
            self._queue.put_nowait(item)
        except asyncio.QueueFull:
            self.overflowed.set()
            SEND_QUEUES_CLOSED.inc()
            return
        _wake(self._waiter)

    def take_waiting(self, first: OutboxItem) -> list[OutboxItem]:
        """``first`` and everything queued behind it."""
        items = [first]
        queue = self._queue
        while not queue.empty():
            items.append(queue.get_nowait())
        return items

    def drop_all(self) -> None:
        while not self._queue.empty():
            self._queue.get_nowait()

    async def wait_for_item(self, seconds: float) -> bool:
        """Wait until something is queued or ``seconds`` pass; True when something is.

        One future and one timer: ``asyncio.wait_for(queue.get(), ...)`` costs a task per wait,
        and in a room of 500 every connection waits like this after every event."""
        if not self._queue.empty():
            return True
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiter = waiter
        timer = loop.call_later(seconds, _wake, waiter)
        try:
            await waiter
        finally:
            timer.cancel()
            self._waiter = None
        return not self._queue.empty()


def _wake(waiter: asyncio.Future[None] | None) -> None:
    if waiter is not None and not waiter.done():
        waiter.set_result(None)
