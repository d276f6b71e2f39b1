"""The text of the WebSocket protocol, both ways.

In: a client's text becomes a checked JSON object (``loads_strict``), then one of the frames a
client may send (``parse_client_frame``, ``parse_hello``). Everything a client sends is checked
once, before anything else looks at it: strict JSON (no ``NaN`` or ``Infinity``, no number too
large to be finite), valid Unicode in every text (no lone surrogate), and a bounded depth and
size. Field-by-field ranges and lengths are the engine's command models
(``game_rules/session/commands.py``); ``docs/protocol.md`` lists both.

Out: every server frame is built here. Small ones are the ``app/protocol.py`` models dumped as
they are; the large ones (``event``, ``events``, ``state``, ``snapshot``, state patches) splice
text encoded once for many connections, and a test checks each equals its model's dump.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from app.protocol import (
    CLIENT_ID,
    HELLO,
    PING,
    PROTOCOL_VERSION,
    Ack,
    ClientId,
    CommandEnvelope,
    ErrorCode,
    ErrorMessage,
    Hello,
    Ping,
    Pong,
    RoomStatusMessage,
    SeatsMessage,
    Welcome,
)
from app.rooms.schemas import Identity

SYNC = "sync"
# RFC 6455 section 5.5.1: a close frame's reason is at most 123 bytes of UTF-8.
MAX_CLOSE_REASON_BYTES = 123

#: Commands are flat: a draft's clauses are the deepest part (message, clauses, clause, list).
MAX_DEPTH = 6
#: Lists, objects and values in one message, all levels together.
MAX_NODES = 2_000
#: The largest whole number a client id or any field may be (JavaScript's safe integers).
MAX_SAFE_INTEGER = 2**53 - 1


class BadFrame(Exception):
    """A frame refused before it reached the room; ``code`` and ``message`` go back, with the
    ``id`` the frame carried when one could be read, so the sender can tell which it was."""

    def __init__(self, code: str, message: str, frame_id: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.id = frame_id


def _no_constants(name: str) -> Any:
    raise BadFrame(
        ErrorCode.BAD_JSON,
        f"{name} is not a JSON number; send finite numbers only (JSON has no NaN or Infinity).",
    )


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadFrame(
            ErrorCode.NUMBER_OUT_OF_RANGE,
            f"The number {text[:20]} is too large to be finite; send a number in range.",
        )
    return value


def _bounded_int(text: str) -> int:
    # Checked on the digits first: int() of thousands of digits is slow, then refused.
    if len(text) > len(str(MAX_SAFE_INTEGER)) + 1 or abs(value := int(text)) > MAX_SAFE_INTEGER:
        raise BadFrame(
            ErrorCode.NUMBER_OUT_OF_RANGE,
            f"Whole numbers can be at most {MAX_SAFE_INTEGER} in size; send a smaller one.",
        )
    return value


def loads_strict(text: str) -> Any:
    """Parse ``text`` as strict, bounded JSON or raise :class:`BadFrame`."""
    try:
        body = json.loads(
            text,
            parse_constant=_no_constants,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except RecursionError:
        raise BadFrame(ErrorCode.TOO_DEEP, _too_deep()) from None
    except BadFrame as bad:
        bad.id = _lenient_id(text)
        raise
    except ValueError:
        raise BadFrame(
            ErrorCode.BAD_JSON, "That message is not valid JSON; send one JSON object."
        ) from None
    try:
        check_shape(body)
    except BadFrame as bad:
        bad.id = body.get("id") if isinstance(body, dict) else None
        raise
    return body


def _lenient_id(text: str) -> Any:
    """The ``id`` of a frame the strict parse refused for a number, read with every number
    taken as 0 (the id is checked like any other before it is used)."""
    try:
        body = json.loads(text, parse_constant=lambda _: 0, parse_float=lambda _: 0.0,
                          parse_int=lambda digits: int(digits) if len(digits) < 20 else 0)
    except (ValueError, RecursionError):
        return None
    return body.get("id") if isinstance(body, dict) else None


def check_shape(body: Any) -> None:
    """Depth, size and Unicode of a parsed message, walked once without recursion."""
    stack: list[tuple[Any, int]] = [(body, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise BadFrame(
                ErrorCode.TOO_DEEP,
                f"That message holds more than {MAX_NODES} values; send plain command fields.",
            )
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise BadFrame(ErrorCode.TOO_DEEP, _too_deep())
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    _check_text(key)
                stack.append((item, depth + 1))


def _check_text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadFrame(
            ErrorCode.INVALID_TEXT,
            "A text in that message is not valid Unicode (it holds a lone surrogate such as "
            "\\ud800); send it again from the page.",
        ) from None


def _too_deep() -> str:
    return (
        f"That message nests lists or objects more than {MAX_DEPTH} levels deep; "
        "send plain command fields."
    )


def dumps(value: Any) -> str:
    """The server's JSON text: compact, UTF-8 as it is."""
    # allow_nan=False: a non-finite number is a bug on our side, refused here, never sent to
    # every browser (JSON.parse rejects Infinity and NaN).
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


# Client frames


class Sync:
    """A client's ``sync``: its next state must be a whole one."""


class SecondHello:
    """A ``hello`` on a socket that already said hello."""


@dataclass(frozen=True)
class CommandFrame:
    """A command: its checked envelope, and every field as sent (``id`` and ``v`` included)."""

    envelope: CommandEnvelope
    body: dict[str, Any]


ClientFrame = Ping | Sync | SecondHello | CommandFrame


def _wrong_version() -> str:
    return f"This server speaks protocol version {PROTOCOL_VERSION}; reload the page."


def parse_client_frame(text: str) -> ClientFrame:
    """One frame of a greeted client, or :class:`BadFrame` (its ``id`` as sent, if any)."""
    body = loads_strict(text)
    if not isinstance(body, dict):
        raise BadFrame(ErrorCode.BAD_JSON, 'Send one JSON object, like {"id": 1, "type": "..."}.')
    kind = body.get("type")
    if kind in (PING, SYNC, HELLO) and body.get("v", PROTOCOL_VERSION) != PROTOCOL_VERSION:
        raise BadFrame(ErrorCode.UNSUPPORTED_VERSION, _wrong_version(), body.get("id"))
    if kind == PING:
        try:
            return Ping.model_validate(body)
        except ValidationError:
            raise BadFrame(
                ErrorCode.BAD_MESSAGE,
                'A ping is {"type": "ping", "t": <number>} with an optional "id".',
                body.get("id"),
            ) from None
    if kind == HELLO:
        return SecondHello()
    if kind == SYNC:
        return Sync()
    try:
        envelope = CommandEnvelope.model_validate(body)
    except ValidationError:
        raise BadFrame(
            ErrorCode.BAD_MESSAGE,
            'Every command needs an "id" (text of up to 64 characters, or a whole number) '
            'and a "type"; "v", if sent, is the number 1.',
            body.get("id"),
        ) from None
    if envelope.v != PROTOCOL_VERSION:
        raise BadFrame(ErrorCode.UNSUPPORTED_VERSION, _wrong_version(), envelope.id)
    return CommandFrame(envelope, body)


def usable_id(value: Any) -> ClientId | None:
    """The id to answer with, when it is one (a refusal must not echo anything else back)."""
    try:
        return CLIENT_ID.validate_python(value)
    except ValidationError:
        return None


def parse_hello(text: str) -> Hello:
    """The first frame of a socket; raise ``ValueError`` with a close reason the client shows."""
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


# Server frames with small bodies: the protocol models, dumped.


def welcome_frame(
    identity: Identity,
    *,
    room_code: str,
    title: str,
    locked: bool,
    closed: bool,
    seq: int,
    server_time: float,
    resync: Literal["events", "snapshot"],
) -> str:
    return Welcome(
        room_code=room_code,
        role=identity.role,
        viewer=identity.viewer,
        seat=identity.actor,
        seq=seq,
        server_time=server_time,
        resync=resync,
        title=title,
        locked=locked,
        closed=closed,
    ).model_dump_json()


def ack_frame(command_id: ClientId, seq: int) -> str:
    return Ack(id=command_id, seq=seq).model_dump_json()


def error_frame(
    command_id: ClientId | None, code: str, message: str, say: dict[str, Any] | None = None
) -> str:
    error = ErrorMessage(id=command_id, code=code, message=message, say=say)
    return error.model_dump_json(exclude={"say"} if say is None else None)


def pong_frame(ping: Ping, server_time: float) -> str:
    pong = Pong(id=ping.id, t=ping.t, server_time=server_time)
    return pong.model_dump_json(exclude_none=ping.id is None)


def room_frame(*, locked: bool, closed: bool) -> str:
    return RoomStatusMessage(locked=locked, closed=closed).model_dump_json()


def seats_frame(seats: list[dict[str, Any]]) -> str:
    return SeatsMessage(seats=seats).model_dump_json()


def close_reason(reason: str) -> str:
    """``reason`` cut to the 123 bytes of UTF-8 a close frame can carry, at a character."""
    encoded = reason.encode("utf-8")
    if len(encoded) <= MAX_CLOSE_REASON_BYTES:
        return reason
    return encoded[: MAX_CLOSE_REASON_BYTES - 3].decode("utf-8", errors="ignore") + "..."


# Large server frames, spliced from text encoded once (EventMessage, EventsMessage,
# StateMessage, SnapshotMessage, StatePatchMessage in app/protocol.py).


class SharedText(str):
    """A frame's text sent as it is to many sockets: its UTF-8 is made once for all of them
    (uvicorn encodes every text frame it sends with ``str.encode``)."""

    _utf8: bytes | None = None

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        if encoding.lower().replace("-", "") != "utf8" or errors != "strict":
            return str.encode(self, encoding, errors)
        utf8 = self._utf8
        if utf8 is None:
            utf8 = self._utf8 = str.encode(self, "utf-8")
        return utf8


def event_frame(seq: int, seen: dict[str, Any]) -> str:
    """One ``event`` as a viewer may see it."""
    return dumps({"v": PROTOCOL_VERSION, "type": "event", "seq": seq, "event": seen})


def events_frame(event_frames: list[str], state: str | None = None) -> str:
    """Several ``event`` frames, in order, as one ``events`` frame; ``state`` (hello
    ``state_with_events``) is the text of a state patch on the view after them."""
    text = f'{{"v":{PROTOCOL_VERSION},"type":"events","events":[' + ",".join(event_frames) + "]"
    return text + "}" if state is None else text + ',"state":' + state + "}"


def join_parts(parts: dict[str, str]) -> str:
    """The JSON object whose top-level parts are these texts; equals ``dumps`` of the object."""
    return "{" + ",".join([dumps(key) + ":" + text for key, text in parts.items()]) + "}"


def join_view(public: str, me: str) -> str:
    """``{...public, "me": me}`` from the two texts, without parsing either."""
    if public == "{}":
        return '{"me":' + me + "}"
    return public[:-1] + ',"me":' + me + "}"


def state_frame(kind: Literal["state", "snapshot"], seq: int, view: str) -> str:
    """A whole ``state`` or ``snapshot`` around the view's text."""
    return f'{{"v":{PROTOCOL_VERSION},"type":"{kind}","seq":{seq},"view":' + view + "}"


def state_patch_frame(
    seq: int,
    base: int,
    patch: dict[str, str],
    removed: list[str],
    me: str | None,
    merge: dict[str, dict[str, str]] | None = None,
) -> str:
    """A state patch: ``patch`` holds the texts of the changed parts, ``merge`` (hello
    ``deep_patches``) the texts of the changed keys of parts patched one level deeper, ``me``
    is None when the private part did not change."""
    text = (
        f'{{"v":{PROTOCOL_VERSION},"type":"state","seq":{seq},"base":{base},"patch":'
        + join_parts(patch)
    )
    if merge:
        text += ',"merge":{' + ",".join(
            [dumps(key) + ":" + join_parts(parts) for key, parts in merge.items()]
        ) + "}"
    if removed:
        text += ',"removed":' + dumps(removed)
    if me is not None:
        text += ',"me":' + me
    return text + "}"
