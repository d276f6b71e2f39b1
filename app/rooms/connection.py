"""One WebSocket of a room: its greeting, its receiving half, and what the room tells it.

The hello is read first (``read_hello``); then the connection joins the room's fan-out, greets
(``welcome``, the missed events or a snapshot, the seats) and hands its outbox to its sender
(``sender.py``). Frames it receives are parsed by ``wire``, commands checked by ``admission``
and submitted to the room's writer, and each answer queued in the outbox behind the events.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from functools import partial
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from app.protocol import (
    CLOSE_FELL_BEHIND,
    CLOSE_MESSAGE_TOO_BIG,
    CLOSE_READ_ONLY_CLOSED,
    CLOSE_UNAUTHORIZED,
    ClientId,
    ErrorCode,
    Hello,
    Ping,
)
from app.ratelimit import TokenBucket
from app.rooms.access import holds_projector_key
from app.rooms.admission import CommandAdmission
from app.rooms.codec import CommandRefused
from app.rooms.fanout import CommittedBatch, StateFrames
from app.rooms.outbox import FRESH_VIEW, FULL_STATE_WANTED, Outbox
from app.rooms.runtime import RoomRuntime
from app.rooms.schemas import Identity, Role
from app.rooms.secrecy import audience_at_join, audience_now, viewer_now
from app.rooms.sender import LiveSender
from app.rooms.wire import (
    BadFrame,
    CommandFrame,
    SecondHello,
    Sync,
    ack_frame,
    close_reason,
    error_frame,
    parse_client_frame,
    parse_hello,
    pong_frame,
    usable_id,
    welcome_frame,
)
from app.rooms.writer import CommandResult
from app.settings import Settings
from game_rules.session.state import PUBLIC

logger = logging.getLogger(__name__)

CLOSE_WAIT_SECONDS = 5.0
# What sending to or reading from a socket the client already closed raises.
GONE_AWAY = (WebSocketDisconnect, RuntimeError, OSError)


class LiveConnection:
    """One socket of a room, from its welcome until it closes (a subscriber of the fan-out)."""

    def __init__(
        self,
        websocket: WebSocket,
        runtime: RoomRuntime,
        identity: Identity,
        settings: Settings,
        clock: Any = time.time,
        *,
        hello: Hello | None = None,
        seat_commands: TokenBucket | None = None,
    ) -> None:
        self.websocket = websocket
        self.runtime = runtime
        self.identity = identity
        self.settings = settings
        self._clock = clock
        options = hello or Hello()
        # A chair may choose not to read delegations' notes (hello "show_notes": false).
        self._show_notes = options.show_notes
        self._batch_events = options.batch_events
        self._state_with_events = options.state_with_events
        self._states = StateFrames(options.state_patches, options.deep_patches)
        self._outbox = Outbox(settings.send_queue_limit)
        self._admission = CommandAdmission(identity, settings, seat_commands)
        self._viewer_shown = identity.viewer
        # Set when the server ends this socket (room deleted, read-only screens closed).
        self._ended = asyncio.Event()
        self._end_with: tuple[int, str] = (CLOSE_FELL_BEHIND, "")

    @property
    def role(self) -> Role:
        return self.identity.role

    # Subscriber interface used by the room's fan-out.

    def offer(self, batch: CommittedBatch) -> None:
        self._outbox.put(batch)

    def offer_text(self, text: str) -> None:
        self._outbox.put(text)

    def access_may_have_changed(self) -> None:
        identity = self.identity
        if identity.role == "projector" and not holds_projector_key(identity, self.runtime.room):
            self.end(
                CLOSE_UNAUTHORIZED,
                "projector_key_replaced: the chair made a new projector link; open that one.",
            )
            return
        viewer = viewer_now(identity, self.runtime)
        if viewer == self._viewer_shown:
            return
        self._viewer_shown = viewer
        if identity.role == "chair":
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
        read_only = (
            self.identity.role != "projector" and viewer_now(self.identity, self.runtime) == PUBLIC
        )
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
            await close_with(self.websocket, code, reason)

    async def _send_forever(self, joined: CommittedBatch, last_seq: int | None) -> None:
        await self._greet(joined, last_seq)
        sender = LiveSender(
            self.websocket.send_text,
            self._outbox,
            self.runtime,
            self._states,
            audience_now=partial(
                audience_now, self.identity, self.runtime, show_notes=self._show_notes
            ),
            batch_events=self._batch_events,
            state_with_events=self._state_with_events,
            state_interval=self.settings.state_interval_seconds,
            sent_seq=joined.seq,
        )
        await sender.run()

    async def _greet(self, joined: CommittedBatch, last_seq: int | None) -> None:
        """``welcome``; the events after ``last_seq`` and a state, or a snapshot; the seats."""
        send = self.websocket.send_text
        room = self.runtime.room
        gap_too_large = (
            last_seq is None
            or last_seq > joined.seq
            or joined.seq - last_seq > self.settings.resync_gap
        )
        await send(
            welcome_frame(
                self.identity,
                room_code=self.runtime.code,
                title=room.title,
                locked=room.locked,
                closed=room.closed,
                seq=joined.seq,
                server_time=self._clock(),
                resync="snapshot" if gap_too_large else "events",
            )
        )
        audience = audience_at_join(self.identity, self.runtime, show_notes=self._show_notes)
        if gap_too_large:
            await send(self._states.whole(joined, "snapshot", audience))
        else:
            assert last_seq is not None
            for committed in await self.runtime.events_between(last_seq, joined.seq):
                frame = committed.frame_for(audience)
                if frame is not None:
                    await send(frame)
            await send(self._states.whole(joined, "state", audience))
        await send(self.runtime.seats_message())

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
            frame = parse_client_frame(text)
        except BadFrame as bad:
            self._error(usable_id(bad.id), bad.code, bad.message)
            return
        if isinstance(frame, Ping):
            self._outbox.put(pong_frame(frame, self._clock()))
        elif isinstance(frame, SecondHello):
            self._error(None, ErrorCode.ALREADY_GREETED, "This connection already said hello.")
        elif isinstance(frame, Sync):
            self._outbox.put(FULL_STATE_WANTED)
        else:
            self._command(frame)

    def _command(self, frame: CommandFrame) -> None:
        command_id = frame.envelope.id
        runtime = self.runtime
        try:
            actor, fields = self._admission.admit(
                frame.envelope, frame.body, runtime.room, runtime.seats, runtime.students
            )
        except CommandRefused as refused:
            self._refused(command_id, refused)
            return

        def reply(result: CommandResult) -> None:
            if result.refusal is not None:
                self._refused(command_id, result.refusal)
            else:
                self._outbox.put(ack_frame(command_id, result.seq))

        runtime.submit(actor, fields, reply, self.identity.student)

    def _error(self, command_id: ClientId | None, code: str, message: str) -> None:
        self._outbox.put(error_frame(command_id, code, message))

    def _refused(self, command_id: ClientId | None, refused: CommandRefused) -> None:
        say = refused.say.as_json() if refused.say is not None else None
        self._outbox.put(error_frame(command_id, refused.code, refused.message, say))


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
    return parse_hello(text)


async def close_with(websocket: WebSocket, code: int, reason: str) -> None:
    """Close with a reason a person can read, without waiting on a peer that stopped reading."""
    with contextlib.suppress(RuntimeError, WebSocketDisconnect, TimeoutError):
        await asyncio.wait_for(
            websocket.close(code=code, reason=close_reason(reason)), CLOSE_WAIT_SECONDS
        )
