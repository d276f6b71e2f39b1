"""The secretariat's live socket: every committee of a conference at once, public parts only.

One socket subscribes to the fan-out of each committee's room as a read-only screen. It is
offered the very batches every projector is offered and sends each room's public view as the
projector's text (``CommittedBatch.public_json``, encoded once for all); nothing private (no
briefs, no notes, no open secret ballot) is in it. A busy room does not flood the socket: only
the newest view of each room waits to be sent (older ones are dropped unsent), so the socket
holds at most one view per committee. Every two seconds it sends the rooms' status (seats
taken, whether a chair has connected) when it changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from app.conferences.service import Committee
from app.protocol import CLOSE_FELL_BEHIND, PROTOCOL_VERSION
from app.rooms.connection import GONE_AWAY, close_with
from app.rooms.fanout import CommittedBatch
from app.rooms.runtime import RoomRuntime
from app.rooms.wire import dumps

STATUS_EVERY_SECONDS = 2.0


def committee_frame(committee: str, batch: CommittedBatch) -> str:
    """One room's public view, with the projector's very text inside."""
    head = dumps({"v": PROTOCOL_VERSION, "type": "committee", "committee": committee})
    return head[:-1] + f',"seq":{batch.seq},"view":' + batch.public_json() + "}"


class _RoomWatch:
    """The secretariat socket as one room's fan-out sees it (a read-only subscriber)."""

    role = "secretariat"

    def __init__(self, watch: SecretariatWatch, committee: str) -> None:
        self._watch = watch
        self._committee = committee

    def offer(self, batch: CommittedBatch) -> None:
        self._watch.newest[self._committee] = batch
        self._watch.wake.set()

    def offer_text(self, text: str) -> None:
        # Seats or the room's flags changed: the next status says so.
        self._watch.wake.set()

    def access_may_have_changed(self) -> None:
        self._watch.wake.set()

    def spectators_allowed_changed(self, allowed: bool) -> None:
        return None

    def end(self, code: int, reason: str) -> None:
        # A committee's room was deleted: the page reconnects and lists what is left.
        self._watch.ending = (code, reason)
        self._watch.wake.set()


class SecretariatWatch:
    """One secretariat socket, from its welcome until it closes."""

    def __init__(
        self,
        websocket: WebSocket,
        conference_frame: dict[str, Any],
        committees: list[tuple[Committee, RoomRuntime]],
    ) -> None:
        self.websocket = websocket
        self._conference = conference_frame
        self._committees = committees
        self.newest: dict[str, CommittedBatch] = {}
        self.wake = asyncio.Event()
        self.ending: tuple[int, str] | None = None
        self._watches = [
            (runtime, _RoomWatch(self, committee.place.committee))
            for committee, runtime in committees
        ]
        self._status_sent = ""

    def status_frame(self) -> str:
        rows = []
        for committee, runtime in self._committees:
            seats = list(runtime.seats.values())
            rows.append(
                {
                    "committee": committee.place.committee,
                    "seats": len(seats),
                    "claimed": sum(1 for seat in seats if seat.token_hash is not None),
                    "chair_seen_at": runtime.room.chair_seen_at,
                    "closed": runtime.room.closed,
                    "locked": runtime.room.locked,
                }
            )
        return dumps({"v": PROTOCOL_VERSION, "type": "status", "committees": rows})

    async def run(self) -> None:
        for runtime, watch in self._watches:
            self.newest[watch._committee] = runtime.subscribe(watch)
        try:
            await self.websocket.send_text(dumps({"v": PROTOCOL_VERSION, **self._conference}))
            reader = asyncio.create_task(self._read_until_closed())
            try:
                await self._send_forever(reader)
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, *GONE_AWAY):
                    await reader
        finally:
            for runtime, watch in self._watches:
                runtime.unsubscribe(watch)

    async def _read_until_closed(self) -> None:
        # The secretariat's screen only listens; what it sends after its hello is ignored.
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return

    async def _send_forever(self, reader: asyncio.Task[None]) -> None:
        next_status = 0.0
        while not reader.done():
            if self.ending is not None:
                await close_with(self.websocket, *self.ending)
                return
            pending, self.newest = self.newest, {}
            for committee, batch in pending.items():
                await self.websocket.send_text(committee_frame(committee, batch))
            now = time.monotonic()
            if now >= next_status:
                status = self.status_frame()
                if status != self._status_sent:
                    await self.websocket.send_text(status)
                    self._status_sent = status
                next_status = now + STATUS_EVERY_SECONDS
            self.wake.clear()
            if self.newest:
                continue
            waiter = asyncio.create_task(self.wake.wait())
            await asyncio.wait(
                {waiter, reader},
                timeout=max(0.05, next_status - time.monotonic()),
                return_when=asyncio.FIRST_COMPLETED,
            )
            waiter.cancel()
        if reader.done() and not reader.cancelled() and reader.exception() is not None:
            exception = reader.exception()
            if not isinstance(exception, WebSocketDisconnect):
                await close_with(self.websocket, CLOSE_FELL_BEHIND, "read_failed")
