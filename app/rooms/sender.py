"""The sending half of one live connection: its outbox, drained in order, to its socket.

Events, acks and errors go at once and in order; the state view at most once per interval
(leading and trailing edge), so a vote storm does not recompute every seat's private view for
every ballot. Whatever is queued goes before a state, and the room's ``ViewBudget`` caps the CPU
its views take, so views never hold up events.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from app.rooms.fanout import CommittedBatch, StateFrames, ViewBudget
from app.rooms.outbox import FreshView, FullStateWanted, Outbox, OutboxItem
from app.rooms.secrecy import Audience
from app.rooms.wire import events_frame
from game_rules.session.state import CHAIR, SYSTEM

Send = Callable[[str], Awaitable[None]]


class SendingRoom(Protocol):
    """What the sender reads of its room (``RoomRuntime``)."""

    @property
    def latest(self) -> CommittedBatch: ...

    @property
    def view_budget(self) -> ViewBudget: ...

    @property
    def connection_count(self) -> int: ...


class LiveSender:
    """Drains one connection's outbox from ``sent_seq`` on (what the greeting sent)."""

    def __init__(
        self,
        send: Send,
        outbox: Outbox,
        room: SendingRoom,
        states: StateFrames,
        *,
        audience_now: Callable[[], Audience],
        batch_events: bool,
        state_interval: float,
        state_with_events: bool = False,
        sent_seq: int,
    ) -> None:
        self._send = send
        self._outbox = outbox
        self._room = room
        self._states = states
        self._audience_now = audience_now
        # Opt-in (hello "batch_events"): everything drained at once goes out in one frame.
        self._batch_events = batch_events
        # Opt-in (hello "state_with_events"): the state patch rides in the events frame.
        self._state_with_events = state_with_events and batch_events and states.patches
        self._state_interval = state_interval
        self._budget = room.view_budget
        self.sent_seq = sent_seq
        # The newest batch whose state is still to send, and the pacing of states.
        self._pending: CommittedBatch | None = None
        self._last_state_at = -1e9
        self._not_before = -1e9
        self._fresh_view_due = False

    async def run(self) -> None:
        outbox = self._outbox
        while True:
            pending = self._pending
            if pending is None:
                first = await outbox.get()
            elif not outbox.empty():
                first = outbox.get_nowait()
            else:
                taken = await self._state_or_next_item(pending)
                if taken is None:
                    continue
                first = taken
            await self._send_items(outbox.take_waiting(first))
            if self._fresh_view_due:
                await self._send_fresh_view()

    async def _state_or_next_item(self, pending: CommittedBatch) -> OutboxItem | None:
        """A state is pending and nothing is queued: send the state once its interval and the
        room's budget allow, or take what gets queued first (None: neither happened yet)."""
        loop = asyncio.get_running_loop()
        wait = max(self._last_state_at + self._interval(), self._not_before) - loop.time()
        if wait <= 0:
            budget = self._budget
            wait = budget.delay()
            if wait > 0:
                # Over budget: take a random place in the next round of views, so the waiting
                # connections do not all wake at once.
                crowd = self._room.connection_count
                wait += random.uniform(0, budget.round_seconds(crowd))
                self._not_before = loop.time() + wait
        if wait <= 0:
            await self._send_state(pending)
            return None
        if not await self._outbox.wait_for_item(wait):
            return None
        return self._outbox.get_nowait()

    async def _send_state(self, pending: CommittedBatch) -> None:
        audience = self._audience_now()
        frame = self._build_state(pending, audience)
        await self._send(frame)
        self._last_state_at = asyncio.get_running_loop().time()
        self._pending = None

    async def _send_items(self, items: list[OutboxItem]) -> None:
        # Read after the wait: a seat released meanwhile must not get this batch's secrets.
        audience = self._audience_now()
        send, batch_events = self._send, self._batch_events
        grouped: list[str] = []
        # The one batch every frame in ``grouped`` came from (None: none, or several).
        source: CommittedBatch | None = None
        for item in items:
            if isinstance(item, FreshView):
                self._fresh_view_due = True
                continue
            if isinstance(item, FullStateWanted):
                # The client's view is not the one patches build on: the next state is whole,
                # and comes even if nothing changes meanwhile.
                self._states.forget()
                latest = self._room.latest
                if self._pending is None and latest.seq == self.sent_seq:
                    self._pending = latest
                continue
            if isinstance(item, str):
                if grouped:
                    await self._send_events(grouped, source, audience)
                    grouped, source = [], None
                await send(item)
                continue
            sent = self.sent_seq
            if item.seq <= sent:
                continue
            before = len(grouped)
            # The hot path: one batch, hundreds of connections; shared frames, sent as they are.
            for committed in item.events:
                if committed.seq <= sent:
                    continue
                frame = committed.frame_for(audience)
                if frame is None:
                    continue
                if batch_events:
                    grouped.append(frame)
                else:
                    await send(frame)
            if len(grouped) > before:
                source = item if before == 0 else None
            self.sent_seq = item.seq
            self._pending = item
        if grouped:
            await self._send_events(grouped, source, audience)

    async def _send_events(
        self, frames: list[str], source: CommittedBatch | None, audience: Audience
    ) -> None:
        """One ``events`` frame, with the pending state in it where it may go now."""
        state = self._state_to_attach(audience) if self._state_with_events else None
        await self._send(_events_text(frames, source, state))
        if state is not None:
            self._last_state_at = asyncio.get_running_loop().time()

    def _state_to_attach(self, audience: Audience) -> str | None:
        """The pending state as a patch to go in the events frame, when the room's budget
        allows one now (no interval: it costs no write of its own); None: it waits."""
        pending = self._pending
        if (
            pending is None
            or self._fresh_view_due
            or not self._states.can_patch(audience)
            or self._budget.delay() > 0
        ):
            return None
        if audience.viewer in (CHAIR, SYSTEM) and (
            asyncio.get_running_loop().time() < self._last_state_at + self._interval()
        ):
            # The chair's view holds every ballot: rebuilt for each state, it keeps the
            # interval (ten a second at most), as a state of its own.
            return None
        frame = self._build_state(pending, audience)
        self._pending = None
        return frame

    def _build_state(self, pending: CommittedBatch, audience: Audience) -> str:
        """The next state, charged to the room's budget for the CPU time of what it built.

        Only the building is timed, never the send: a send may wait on a slow socket while
        other tasks run, and charging that starved every state of a big room for seconds
        (issue 16). A patch is mostly texts shared by every connection: the batch times what it
        builds once (a patch's public part, a changed ``me``) and the state that asked for it
        pays; timing each of 500 connections' states cost more than the patches."""
        budget = self._budget
        budget.start()
        if self._states.can_patch(audience):
            frame = self._states.next(pending, audience)
        else:
            # A whole view: its join is this connection's own (its ``me`` owes for itself).
            owed, started = budget.owed, time.thread_time()
            frame = self._states.next(pending, audience)
            budget.owe(max(0.0, time.thread_time() - started - (budget.owed - owed)))
        budget.settle()
        return frame

    async def _send_fresh_view(self) -> None:
        # Lost the seat or chair: replace the secrets on screen now, bypassing the interval,
        # but never ahead of events still queued.
        newest = self._pending or self._room.latest
        if newest.seq != self.sent_seq:
            return
        self._fresh_view_due = False
        await self._send(self._states.whole(newest, "state", self._audience_now()))
        self._last_state_at = asyncio.get_running_loop().time()
        self._pending = None

    def _interval(self) -> float:
        if self._states.patches:
            # A patch is mostly one text shared by every connection and ``me`` only where it
            # changed, so the interval grows only as far as one round of them costs.
            rounds = self._budget.round_seconds(self._room.connection_count)
            return max(self._state_interval, rounds)
        # A whole view (~100 KB in a room of 500) per state: bigger rooms get a longer interval.
        crowd = max(1.0, self._room.connection_count / 100)
        return self._state_interval * crowd


def _events_text(frames: list[str], source: CommittedBatch | None, state: str | None) -> str:
    """The ``events`` frame; one text for every connection where ``source`` can share it."""
    return events_frame(frames, state) if source is None else source.events_frame(frames, state)
