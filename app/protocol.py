"""The WebSocket protocol's messages (version 1). ``docs/protocol.md`` is the prose for the same."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, TypeAdapter

PROTOCOL_VERSION = 1

# Message types the transport itself owns; every other ``type`` names an engine command.
HELLO = "hello"
PING = "ping"

# WebSocket close codes (4000-4999 are free for applications).
CLOSE_BAD_HELLO = 4000
CLOSE_UNAUTHORIZED = 4001
CLOSE_ROOM_NOT_FOUND = 4004
CLOSE_FELL_BEHIND = 4008
# The same seat token or chair key was opened on more devices than allowed; the oldest closes.
# Clients must not reconnect by themselves after it, or two tabs would push each other out.
CLOSE_OPENED_ELSEWHERE = 4009
# Too many sockets from this address, or too many spectators in this room; retry later.
CLOSE_TOO_MANY_CONNECTIONS = 4029
# The chair admits only the projector link as a read-only screen.
CLOSE_READ_ONLY_CLOSED = 4003
# RFC 6455 section 7.4.1: the WebSocket layer's codes for a message over the limit, and for a
# server going away (uvicorn closes every socket with 1012 "service restart" when it stops).
CLOSE_MESSAGE_TOO_BIG = 1009
CLOSE_SERVICE_RESTART = 1012

#: A client's id for a command: text of at most 64 characters, or a whole number that
#: JavaScript holds exactly. ``true`` or ``1.0`` are not ids.
ClientId = Annotated[str, StringConstraints(max_length=64), Field(strict=True)] | Annotated[
    int, Field(strict=True, ge=-(2**53 - 1), le=2**53 - 1)
]


CLIENT_ID: TypeAdapter[ClientId] = TypeAdapter(ClientId)


class ErrorCode:
    """Stable slugs of ``error.code``. The engine adds its own (``not_in_order``, ...)."""

    BAD_JSON = "bad_json"
    TOO_DEEP = "too_deep"
    INVALID_TEXT = "invalid_text"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    TEXT_TOO_LONG = "text_too_long"
    QUOTA_EXCEEDED = "quota_exceeded"
    BINARY_FRAME = "binary_frame"
    BAD_MESSAGE = "bad_message"
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_TYPE = "unknown_type"
    INVALID_COMMAND = "invalid_command"
    HELLO_REQUIRED = "hello_required"
    ALREADY_GREETED = "already_greeted"
    BAD_HELLO = "bad_hello"
    UNAUTHORIZED = "unauthorized"
    READ_ONLY = "read_only"
    NOT_PERMITTED = "not_permitted"
    SEAT_RELEASED = "seat_released"
    RATE_LIMITED = "rate_limited"
    CHAIR_KEY_REPLACED = "chair_key_replaced"
    OPENED_ELSEWHERE = "opened_elsewhere"
    TOO_MANY_CONNECTIONS = "too_many_connections"
    ROOM_CLOSED = "room_closed"
    ROOM_RELOADING = "room_reloading"
    READ_ONLY_CLOSED = "read_only_closed"
    ROOM_DELETED = "room_deleted"
    ROOM_NOT_FOUND = "room_not_found"
    FELL_BEHIND = "fell_behind"
    INTERNAL_ERROR = "internal_error"


class ClientMessage(BaseModel):
    # Strict: "1", true and 1.0 are not the version 1, nor a seq.
    model_config = ConfigDict(extra="forbid", strict=True)

    v: StrictInt = PROTOCOL_VERSION


class Hello(ClientMessage):
    type: Literal["hello"] = "hello"
    token: str | None = Field(
        default=None, description="A seat token or a chair key. Leave out to watch read-only."
    )
    last_seq: int | None = Field(
        default=None, ge=0, description="The last seq this client has applied; null for none."
    )
    batch_events: bool = Field(
        default=False,
        description="Receive live events that arrive together as one 'events' message.",
    )
    state_patches: bool = Field(
        default=False,
        description="After the first full state, receive only the top-level parts of the view "
        "that changed ('base', 'patch', 'removed', 'me'); see docs/protocol.md.",
    )
    state_with_events: bool = Field(
        default=False,
        description="With 'batch_events' and 'state_patches': a state patch may come inside "
        "the 'events' message it follows ('state'); see docs/protocol.md.",
    )
    deep_patches: bool = Field(
        default=False,
        description="With 'state_patches': a patch may change a part one level deeper "
        "('merge'); see docs/protocol.md.",
    )
    show_notes: bool = Field(
        default=True,
        description="Chair only: false hides the delegations' private notes (unless the "
        "scenario has the chair moderate notes).",
    )


class Ping(ClientMessage):
    type: Literal["ping"] = "ping"
    id: ClientId | None = Field(default=None, description="Echoed back in the pong.")
    t: float | None = Field(default=None, description="The client's clock, echoed back.")


class CommandEnvelope(BaseModel):
    """``{"v": 1, "id": ..., "type": "cast_vote", ...the command's own fields}``."""

    model_config = ConfigDict(extra="allow")

    v: StrictInt = PROTOCOL_VERSION
    id: ClientId
    type: Annotated[str, Field(strict=True, max_length=64)]


class ServerMessage(BaseModel):
    v: int = PROTOCOL_VERSION


class Welcome(ServerMessage):
    type: Literal["welcome"] = "welcome"
    room_code: str
    role: Literal["delegate", "chair", "projector", "spectator"]
    viewer: str = Field(description="The engine viewer: an actor id, 'chair' or 'public'.")
    seat: str | None = Field(description="The actor id of this seat, for delegates.")
    seq: int = Field(description="The room's newest seq when this connection joined.")
    server_time: float = Field(description="Seconds since the Unix epoch on the server's clock.")
    resync: Literal["events", "snapshot"]
    title: str
    locked: bool
    closed: bool


class SnapshotMessage(ServerMessage):
    type: Literal["snapshot"] = "snapshot"
    seq: int
    view: dict[str, Any]


class EventMessage(ServerMessage):
    type: Literal["event"] = "event"
    seq: int
    event: dict[str, Any]


class StateMessage(ServerMessage):
    type: Literal["state"] = "state"
    seq: int
    view: dict[str, Any]


class StatePatchMessage(ServerMessage):
    """Only to clients that said ``state_patches``: the view after ``seq`` as a change to the
    one of seq ``base`` (docs/protocol.md, State patches). Sent without its empty fields."""

    type: Literal["state"] = "state"
    seq: int
    base: int
    patch: dict[str, Any] = Field(description="Every top-level key whose JSON changed.")
    merge: dict[str, dict[str, Any]] | None = Field(
        default=None,
        description="Only to clients that said 'deep_patches': top-level parts patched one "
        "level deeper, each with the keys whose JSON changed; left out when none.",
    )
    removed: list[str] | None = Field(
        default=None, description="Top-level keys no longer in the view; left out when none."
    )
    me: dict[str, Any] | None = Field(
        default=None, description="The whole new private part; left out when unchanged."
    )


class EventsMessage(ServerMessage):
    """Only to clients that said ``batch_events``: several event messages, in seq order."""

    type: Literal["events"] = "events"
    events: list[EventMessage]
    state: StatePatchMessage | None = Field(
        default=None,
        description="Only to clients that said 'state_with_events': the state patch on the "
        "view after these events, in the same frame; left out when none goes with them.",
    )


class Ack(ServerMessage):
    type: Literal["ack"] = "ack"
    id: ClientId
    seq: int


class ErrorMessage(ServerMessage):
    type: Literal["error"] = "error"
    id: ClientId | None
    code: str
    message: str
    say: dict[str, Any] | None = Field(
        default=None,
        description="The engine's refusal as a message (docs/protocol.md, Messages), for a "
        "client that shows it in another language; left out when the server refused it.",
    )


class SeatsMessage(ServerMessage):
    type: Literal["seats"] = "seats"
    seats: list[dict[str, Any]]


class RoomStatusMessage(ServerMessage):
    type: Literal["room"] = "room"
    locked: bool
    closed: bool


class Pong(ServerMessage):
    type: Literal["pong"] = "pong"
    id: ClientId | None = None
    t: float | None
    server_time: float
