"""One WebSocket of a room: the hello, the bounded outbox, and the command loop.

Everything a connection sends goes through one bounded outbox, drained by one sender task, so
events, acks and errors leave in the order they were produced. A connection that lets the outbox
fill up is closed with "fell behind"; it reconnects with ``last_seq`` and loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from app.protocol import (
    CLIENT_ID,
    CLOSE_BAD_HELLO,
    CLOSE_FELL_BEHIND,
    CLOSE_MESSAGE_TOO_BIG,
    CLOSE_READ_ONLY_CLOSED,
    CLOSE_UNAUTHORIZED,
    HELLO,
    PING,
    PROTOCOL_VERSION,
    ClientId,
    CommandEnvelope,
    ErrorCode,
    Hello,
    Ping,
    Pong,
    Welcome,
)
from app.ratelimit import TokenBucket
from app.rooms.runtime import CommandResult, CommittedBatch, RoomRuntime, dumps, join_parts
from app.rooms.wire import BadFrame, loads_strict
from app.security import hash_secret
from app.settings import Settings

logger = logging.getLogger(__name__)

Role = Literal["delegate", "chair", "projector", "spectator"]
RESERVED_FIELDS = ("actor", "now")
SERVER_ONLY_COMMANDS = frozenset({"tick"})
PUBLIC_VIEWER = "public"
# RFC 6455 section 5.5.1: a close frame's reason is at most 123 bytes of UTF-8.
MAX_CLOSE_REASON_BYTES = 123
CLOSE_WAIT_SECONDS = 5.0
# What sending to or reading from a socket the client already closed raises.
GONE_AWAY = (WebSocketDisconnect, RuntimeError, OSError)


@dataclass(frozen=True)
class Identity:
    """Who a connection speaks for, decided from its token alone."""

    role: Role
    viewer: str
    actor: str | None
    token_hash: str | None

    @property
    def acts_as(self) -> str | None:
        return (
            self.actor if self.role == "delegate" else ("chair" if self.role == "chair" else None)
        )


class Unauthorized(Exception):
    pass


class _FreshView:
    """Outbox marker: this socket's access changed; send a state built for it now."""


FRESH_VIEW = _FreshView()


class _FullStateWanted:
    """Outbox marker: the client sent ``sync``; its next state must be a full one."""


FULL_STATE_WANTED = _FullStateWanted()
SYNC = "sync"


OutboxItem = CommittedBatch | str | _FreshView | _FullStateWanted


@dataclass
class _ShownView:
    """What a state-patch connection's client holds: the view of ``seq`` as top-level texts."""

    seq: int
    viewer: str
    parts: dict[str, str]
    me: str


class _Outbox:
    """A bounded queue of what to send: committed batches, ready texts or ``FRESH_VIEW``."""

    def __init__(self, limit: int) -> None:
        self.queue: asyncio.Queue[OutboxItem] = asyncio.Queue(maxsize=limit)
        self.overflowed = asyncio.Event()
        self._waiter: asyncio.Future[None] | None = None

    def drop_all(self) -> None:
        while not self.queue.empty():
            self.queue.get_nowait()

    def put(self, item: OutboxItem) -> None:
        if self.overflowed.is_set():
            return
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.overflowed.set()
            return
        _wake(self._waiter)

    async def wait_for_item(self, seconds: float) -> bool:
        """Wait until something is queued or ``seconds`` pass; True when something is.

        One future and one timer: ``asyncio.wait_for(queue.get(), ...)`` costs a task per wait,
        and in a room of 500 every connection waits like this after every event."""
        if not self.queue.empty():
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
        return not self.queue.empty()


def _wake(waiter: asyncio.Future[None] | None) -> None:
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


class LiveConnection:
    def __init__(
        self,
        websocket: WebSocket,
        runtime: RoomRuntime,
        identity: Identity,
        settings: Settings,
        clock: Any = time.time,
    ) -> None:
        self.websocket = websocket
        self.runtime = runtime
        self.identity = identity
        self.settings = settings
        self._clock = clock
        self._outbox = _Outbox(settings.send_queue_limit)
        self._rate = TokenBucket(settings.rate_limit_per_second, settings.rate_limit_burst)
        # Shared by every socket of the same seat token or chair key (see app/rooms/admission).
        self.seat_commands: TokenBucket | None = None
        self._viewer_shown = identity.viewer
        self._sent_seq = 0
        # Opt-in (hello "batch_events"): everything drained at once goes out in one frame.
        self.batch_events = False
        # A chair may choose not to read delegations' notes (hello "show_notes": false).
        self.show_notes = True
        # Opt-in (hello "state_patches"): later states carry only the top-level keys that
        # changed since the view this client holds (``_shown``; None means send a full one).
        self.state_patches = False
        self._shown: _ShownView | None = None
        # Set when the server ends this socket (room deleted, read-only screens closed).
        self._ended = asyncio.Event()
        self._end_with: tuple[int, str] = (CLOSE_FELL_BEHIND, "")

    @property
    def role(self) -> Role:
        return self.identity.role

    def viewer_now(self) -> str:
        """The identity's viewer while its token still holds the seat or the chair; "public"
        once the chair released or reassigned the seat or replaced the co-chair key, so the
        old device stops receiving that seat's notes, brief and pledges at once."""
        identity = self.identity
        if identity.role == "delegate" and not self.runtime.seat_holds(
            identity.actor or "", identity.token_hash or ""
        ):
            return PUBLIC_VIEWER
        if identity.role == "chair" and not self._chair_key_still_valid():
            return PUBLIC_VIEWER
        return identity.viewer

    @property
    def hides_notes(self) -> bool:
        # Where notes are moderated the chair must read them to pass or stop them.
        return (
            self.identity.role == "chair"
            and not self.show_notes
            and not self.runtime.state.procedure.notes_moderated
        )

    # Subscriber interface used by the room writer.

    def offer(self, batch: CommittedBatch) -> None:
        self._outbox.put(batch)

    def offer_text(self, text: str) -> None:
        self._outbox.put(text)

    def access_may_have_changed(self) -> None:
        if self.identity.role == "projector" and not self._projector_key_still_valid():
            self.end(
                CLOSE_UNAUTHORIZED,
                "projector_key_replaced: the chair made a new projector link; open that one.",
            )
            return
        viewer = self.viewer_now()
        if viewer == self._viewer_shown:
            return
        self._viewer_shown = viewer
        if self.identity.role == "chair":
            code, message = (
                ErrorCode.CHAIR_KEY_REPLACED,
                "The chair made a new co-chair link, so this one no longer chairs. This screen "
                "now shows what the projector shows; ask the chair for the new link.",
            )
        else:
            code, message = (
                ErrorCode.SEAT_RELEASED,
                "The chair released this seat or moved it to another device. This screen now "
                "shows what the projector shows; pick a seat again or ask the chair.",
            )
        self._error(None, code, message)
        self._outbox.put(FRESH_VIEW)

    def spectators_allowed_changed(self, allowed: bool) -> None:
        # Every read-only screen but the projector's: spectators, and sockets whose seat was
        # released or whose co-chair key was replaced (they show only the public view now).
        read_only = self.identity.role != "projector" and self.viewer_now() == PUBLIC_VIEWER
        if not allowed and read_only:
            self.end(
                CLOSE_READ_ONLY_CLOSED,
                "read_only_closed: the chair admits only the projector link as a read-only "
                "screen now.",
            )

    def end(self, code: int, reason: str) -> None:
        self._end_with = (code, reason)
        self._ended.set()

    # The life of the connection.

    async def run(self, last_seq: int | None) -> None:
        joined = self.runtime.subscribe(self)
        sender = asyncio.create_task(self._send_forever(joined, last_seq))
        receiver = asyncio.create_task(self._receive_forever())
        overflow = asyncio.create_task(self._outbox.overflowed.wait())
        ended = asyncio.create_task(self._ended.wait())
        tasks = (sender, receiver, overflow, ended)
        try:
            done, _pending = await asyncio.wait(set(tasks), return_when=asyncio.FIRST_COMPLETED)
            if ended in done:
                await self._close(*self._end_with)
            elif overflow in done:
                await self._close(
                    CLOSE_FELL_BEHIND,
                    "fell_behind: this device could not keep up; reconnect to catch up.",
                )
            for task in done:
                failure = None if task.cancelled() else task.exception()
                if failure is None or isinstance(failure, GONE_AWAY):
                    continue
                logger.error("room %s: connection failed", self.runtime.code, exc_info=failure)
        finally:
            self.runtime.unsubscribe(self)
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                    await task

    async def _close(self, code: int, reason: str) -> None:
        # What was queued for this socket goes now: it is never sent, and may be large.
        self._outbox.drop_all()
        if self.websocket.application_state == WebSocketState.CONNECTED:
            # A peer that stopped reading never lets the close frame out; do not wait for it.
            with contextlib.suppress(RuntimeError, WebSocketDisconnect, TimeoutError):
                await asyncio.wait_for(
                    self.websocket.close(code=code, reason=close_reason(reason)),
                    CLOSE_WAIT_SECONDS,
                )

    async def _send_forever(self, joined: CommittedBatch, last_seq: int | None) -> None:
        send = self.websocket.send_text
        viewer = self.identity.viewer
        gap_too_large = (
            last_seq is None
            or last_seq > joined.seq
            or joined.seq - last_seq > self.settings.resync_gap
        )
        await send(
            Welcome(
                room_code=self.runtime.code,
                role=self.identity.role,
                viewer=viewer,
                seat=self.identity.actor,
                seq=joined.seq,
                server_time=self._clock(),
                resync="snapshot" if gap_too_large else "events",
                title=self.runtime.room.title,
                locked=self.runtime.room.locked,
                closed=self.runtime.room.closed,
            ).model_dump_json()
        )
        if gap_too_large:
            await send(self._full_state(joined, "snapshot", viewer, hide_notes=self.hides_notes))
        else:
            assert last_seq is not None
            for committed in await self.runtime.events_between(last_seq, joined.seq):
                if self.hides_notes and committed.is_note:
                    continue
                text = committed.message_for(viewer)
                if text is not None:
                    await send(text)
            await send(self._full_state(joined, "state", viewer, hide_notes=self.hides_notes))
        self._sent_seq = joined.seq
        await send(self.runtime.seats_message())

        await self._send_live(send, viewer)

    async def _send_live(self, send: Any, viewer: str) -> None:
        """Events, acks and errors at once and in order; the state view at most once per
        interval (leading and trailing edge), so a vote storm does not recompute every seat's
        private view for every ballot. Whatever is queued goes before a state, and the room's
        ``ViewBudget`` caps the CPU its views take, so views never hold up events."""
        queue = self._outbox.queue
        loop = asyncio.get_running_loop()
        budget = self.runtime.view_budget
        pending_state: CommittedBatch | None = None
        last_state_at = -1e9
        not_before = -1e9
        fresh_view_due = False
        while True:
            if pending_state is None:
                first = await queue.get()
            elif not queue.empty():
                first = queue.get_nowait()
            else:
                wait = max(last_state_at + self._state_interval(), not_before) - loop.time()
                if wait <= 0:
                    wait = budget.delay()
                    if wait > 0:
                        # Over budget: take a random place in the next round of views, so the
                        # waiting connections do not all wake at once.
                        crowd = self.runtime.connection_count
                        wait += random.uniform(0, budget.round_seconds(crowd))
                        not_before = loop.time() + wait
                if wait <= 0:
                    viewer = self.viewer_now()
                    started = time.perf_counter()
                    view = self._state_message(pending_state, viewer, hide_notes=self.hides_notes)
                    # The write counts too: a state of a room of 500 is ~100 KB on the wire.
                    await send(view)
                    budget.spend(time.perf_counter() - started)
                    last_state_at = loop.time()
                    pending_state = None
                    continue
                if not await self._outbox.wait_for_item(wait):
                    continue
                first = queue.get_nowait()
            items = [first]
            while not queue.empty():
                items.append(queue.get_nowait())
            # Read after the wait: a seat released meanwhile must not get this batch's secrets.
            viewer = self.viewer_now()
            grouped: list[str] = []
            for item in items:
                if isinstance(item, _FreshView):
                    fresh_view_due = True
                    continue
                if isinstance(item, _FullStateWanted):
                    # The client's view is not the one patches build on: the next state is
                    # full, and comes even if nothing changes meanwhile.
                    self._shown = None
                    if pending_state is None and self.runtime.latest.seq == self._sent_seq:
                        pending_state = self.runtime.latest
                    continue
                if isinstance(item, str):
                    if grouped:
                        await send(events_message(grouped))
                        grouped = []
                    await send(item)
                    continue
                if item.seq <= self._sent_seq:
                    continue
                for committed in item.events:
                    if committed.seq <= self._sent_seq:
                        continue
                    if self.hides_notes and committed.is_note:
                        continue
                    text = committed.message_for(viewer)
                    if text is None:
                        continue
                    if self.batch_events:
                        grouped.append(text)
                    else:
                        await send(text)
                self._sent_seq = item.seq
                pending_state = item
            if grouped:
                await send(events_message(grouped))
            if fresh_view_due:
                # Lost the seat or chair: replace the secrets on screen now, bypassing the
                # interval, but never ahead of events still queued.
                newest = pending_state or self.runtime.latest
                if newest.seq == self._sent_seq:
                    fresh_view_due = False
                    await send(self._full_state(newest, "state", self.viewer_now()))
                    last_state_at = loop.time()
                    pending_state = None

    def _full_state(
        self, batch: CommittedBatch, kind: str, viewer: str, *, hide_notes: bool = False
    ) -> str:
        """A whole ``state`` or ``snapshot``; patches that follow build on it."""
        if not self.state_patches:
            return batch.message(kind, viewer, hide_notes=hide_notes)
        parts = batch.public_parts()
        me = batch.me_json(viewer, hide_notes=hide_notes)
        self._shown = _ShownView(batch.seq, viewer, parts, me)
        public = join_parts(parts)
        view = '{"me":' + me + "}" if public == "{}" else public[:-1] + ',"me":' + me + "}"
        return f'{{"v":{PROTOCOL_VERSION},"type":"{kind}","seq":{batch.seq},"view":{view}}}'

    def _state_message(self, batch: CommittedBatch, viewer: str, *, hide_notes: bool) -> str:
        """The next live ``state``: a patch on the view this client holds where it may be one.

        Unchanged parts are the very same str objects (``ViewEncoder``), so comparing costs an
        identity check per key; only a changed part is compared by text."""
        shown = self._shown
        if not self.state_patches or shown is None or shown.viewer != viewer:
            return self._full_state(batch, "state", viewer, hide_notes=hide_notes)
        parts = batch.public_parts()
        me = batch.me_json(viewer, hide_notes=hide_notes)
        old = shown.parts
        changed = [
            dumps(key) + ":" + text for key, text in parts.items() if old.get(key) != text
        ]
        removed = [key for key in old if key not in parts]
        head = f'{{"v":{PROTOCOL_VERSION},"type":"state","seq":{batch.seq},"base":{shown.seq}'
        text = head + ',"patch":{' + ",".join(changed) + "}"
        if removed:
            text += ',"removed":' + dumps(removed)
        if me != shown.me:
            text += ',"me":' + me
        self._shown = _ShownView(batch.seq, viewer, parts, me)
        return text + "}"

    def _state_interval(self) -> float:
        # Bigger rooms get a longer interval: every state costs one private view per connection,
        # plus the changed public parts (or the whole view for clients without patches).
        crowd = max(1.0, self.runtime.connection_count / 100)
        return self.settings.state_interval_seconds * crowd

    async def _receive_forever(self) -> None:
        # Frames over ``max_message_bytes`` (after decompression) never get here: the WebSocket
        # layer closes the socket with 1009 (see ``app/cli.py`` and docs/protocol.md).
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                self._error(
                    None,
                    ErrorCode.BINARY_FRAME,
                    "Send messages as JSON text frames; binary frames are not read.",
                )
                continue
            if len(text) > self.settings.max_message_bytes // 4 and (
                len(text.encode("utf-8")) > self.settings.max_message_bytes
            ):
                # Only reached when the WebSocket layer was not given the limit (a server not
                # started by `plenary serve`): answer as the layer would.
                self.end(
                    CLOSE_MESSAGE_TOO_BIG,
                    f"message_too_large: messages are at most "
                    f"{self.settings.max_message_bytes} bytes.",
                )
                return
            self._take(text)

    def _take(self, text: str) -> None:
        try:
            body = loads_strict(text)
        except BadFrame as bad:
            self._error(_usable_id(bad.id), bad.code, bad.message)
            return
        if not isinstance(body, dict):
            self._error(
                None, ErrorCode.BAD_JSON, 'Send one JSON object, like {"id": 1, "type": "..."}.'
            )
            return
        kind = body.get("type")
        if kind in (PING, SYNC, HELLO) and body.get("v", PROTOCOL_VERSION) != PROTOCOL_VERSION:
            self._error(
                _usable_id(body.get("id")),
                ErrorCode.UNSUPPORTED_VERSION,
                f"This server speaks protocol version {PROTOCOL_VERSION}; reload the page.",
            )
            return
        if kind == PING:
            try:
                ping = Ping.model_validate(body)
            except ValidationError:
                self._error(
                    _usable_id(body.get("id")),
                    ErrorCode.BAD_MESSAGE,
                    'A ping is {"type": "ping", "t": <number>} with an optional "id".',
                )
                return
            pong = Pong(id=ping.id, t=ping.t, server_time=self._clock())
            self._outbox.put(pong.model_dump_json(exclude_none=ping.id is None))
            return
        if kind == HELLO:
            self._error(None, ErrorCode.ALREADY_GREETED, "This connection already said hello.")
            return
        if kind == SYNC:
            self._outbox.put(FULL_STATE_WANTED)
            return
        try:
            envelope = CommandEnvelope.model_validate(body)
        except ValidationError:
            self._error(
                _usable_id(body.get("id")),
                ErrorCode.BAD_MESSAGE,
                'Every command needs an "id" (text of up to 64 characters, or a whole number) '
                'and a "type"; "v", if sent, is the number 1.',
            )
            return
        if envelope.v != PROTOCOL_VERSION:
            self._error(
                envelope.id,
                ErrorCode.UNSUPPORTED_VERSION,
                f"This server speaks protocol version {PROTOCOL_VERSION}; reload the page.",
            )
            return
        self._command(envelope, body)

    def _command(self, envelope: CommandEnvelope, body: dict[str, Any]) -> None:
        command_id = envelope.id
        if not self._rate.try_take():
            self._error(
                command_id,
                ErrorCode.RATE_LIMITED,
                "You are sending too fast; wait a moment and try again.",
            )
            return
        if self.seat_commands is not None and not self.seat_commands.try_take():
            self._error(
                command_id,
                ErrorCode.RATE_LIMITED,
                "Your screens together are sending too fast; wait a moment and try again.",
            )
            return
        identity = self.identity
        if identity.acts_as is None:
            self._error(
                command_id,
                ErrorCode.READ_ONLY,
                "This is a read-only screen; join a seat to take part.",
            )
            return
        if identity.role == "delegate" and not self.runtime.seat_holds(
            identity.actor or "", identity.token_hash or ""
        ):
            self._error(
                command_id,
                ErrorCode.SEAT_RELEASED,
                "The chair has released this seat, so it no longer acts from this device. "
                "Ask the chair, or pick a seat again.",
            )
            return
        if identity.role == "chair" and not self._chair_key_still_valid():
            self._error(command_id, ErrorCode.UNAUTHORIZED, "This chair key is no longer valid.")
            return
        if envelope.type in SERVER_ONLY_COMMANDS:
            self._error(
                command_id,
                ErrorCode.NOT_PERMITTED,
                "The server's clock sends this by itself; nobody needs to.",
            )
            return
        for reserved in RESERVED_FIELDS:
            if reserved in body:
                self._error(
                    command_id,
                    ErrorCode.INVALID_COMMAND,
                    f'Do not send "{reserved}": the server fills it in from who you are '
                    "and its clock.",
                )
                return
        fields = {key: value for key, value in body.items() if key not in ("id", "v")}

        def reply(result: CommandResult) -> None:
            if result.refusal is not None:
                self._error(command_id, result.refusal.code, result.refusal.message)
            else:
                self._outbox.put(
                    dumps(
                        {"v": PROTOCOL_VERSION, "type": "ack", "id": command_id, "seq": result.seq}
                    )
                )

        self.runtime.submit(identity.acts_as, fields, reply)

    def _projector_key_still_valid(self) -> bool:
        key = self.runtime.room.projector_key
        return key is not None and hash_secret(key) == self.identity.token_hash

    def _chair_key_still_valid(self) -> bool:
        room = self.runtime.room
        return self.identity.token_hash in (room.chair_key_hash, room.cochair_key_hash)

    def _error(self, command_id: ClientId | None, code: str, message: str) -> None:
        self._outbox.put(
            dumps(
                {
                    "v": PROTOCOL_VERSION,
                    "type": "error",
                    "id": command_id,
                    "code": code,
                    "message": message,
                }
            )
        )


def events_message(texts: list[str]) -> str:
    """Several ``event`` messages, in order, as one ``events`` frame."""
    return f'{{"v":{PROTOCOL_VERSION},"type":"events","events":[' + ",".join(texts) + "]}"


def _usable_id(value: Any) -> ClientId | None:
    """The id to answer with, when it is one (a refusal must not echo anything else back)."""
    try:
        return CLIENT_ID.validate_python(value)
    except ValidationError:
        return None


async def read_hello(websocket: WebSocket, settings: Settings) -> Hello:
    """Wait for the first message; raise ``ValueError`` with a reason the client can show."""
    try:
        message = await asyncio.wait_for(
            websocket.receive(), timeout=settings.hello_timeout_seconds
        )
    except TimeoutError as late:
        raise ValueError("bad_hello: say hello within 10 seconds of connecting.") from late
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    text = message.get("text")
    if text is None:
        raise ValueError("binary_frame: send the hello as JSON text, not binary.")
    try:
        body = loads_strict(text)
    except BadFrame as bad:
        raise ValueError(f"{bad.code}: {bad.message}") from bad
    if not isinstance(body, dict) or body.get("type") != HELLO:
        raise ValueError(
            'hello_required: start with {"type": "hello", "token": ..., "last_seq": ...}.'
        )
    try:
        hello = Hello.model_validate(body)
    except ValidationError as invalid:
        raise ValueError(
            'bad_hello: hello takes "token" (text or null) and "last_seq" '
            "(a whole number ≥ 0 or null)."
        ) from invalid
    if hello.v != PROTOCOL_VERSION:
        raise ValueError(
            f"unsupported_version: this server speaks protocol version {PROTOCOL_VERSION}; "
            "reload the page."
        )
    return hello


def close_reason(reason: str) -> str:
    """``reason`` cut to the 123 bytes of UTF-8 a close frame can carry, at a character."""
    encoded = reason.encode("utf-8")
    if len(encoded) <= MAX_CLOSE_REASON_BYTES:
        return reason
    return encoded[: MAX_CLOSE_REASON_BYTES - 3].decode("utf-8", errors="ignore") + "..."


async def close_with(websocket: WebSocket, code: int, reason: str) -> None:
    with contextlib.suppress(RuntimeError, WebSocketDisconnect, TimeoutError):
        await asyncio.wait_for(
            websocket.close(code=code, reason=close_reason(reason)), CLOSE_WAIT_SECONDS
        )


__all__ = [
    "CLOSE_BAD_HELLO",
    "CLOSE_UNAUTHORIZED",
    "Identity",
    "LiveConnection",
    "Unauthorized",
    "close_with",
    "read_hello",
]
