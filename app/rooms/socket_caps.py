"""Caps on live connections, so opening more sockets buys no more commands, memory or views.

Per server process: sockets per client address (a whole school may share one), read-only sockets
per room, and sockets per seat token or chair key. A secret that opens one socket too many closes
its *oldest* one, so a reload or a new device never locks a student out, while the devices of one
seat still share one command budget (``command_bucket``).
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from dataclasses import dataclass

from starlette.websockets import WebSocket

from app.protocol import (
    CLOSE_OPENED_ELSEWHERE,
    CLOSE_READ_ONLY_CLOSED,
    CLOSE_TOO_MANY_CONNECTIONS,
    ErrorCode,
)
from app.ratelimit import ClientThrottle, TokenBucket
from app.rooms.connection import close_with
from app.rooms.schemas import Identity
from app.settings import Settings

# Buckets outlive their sockets (closing and reopening must not refill them); at most this many.
MAX_COMMAND_BUCKETS = 20_000


@dataclass(frozen=True)
class Refusal:
    """Why a socket was not let in: a close reason a person can read, and its close code."""

    reason: str
    code: int = CLOSE_TOO_MANY_CONNECTIONS


class ConnectionLimits:
    """The caps of this process on live sockets, and the command budgets of seats and keys."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._per_address: Counter[str] = Counter()
        self._spectators: Counter[str] = Counter()
        self._per_secret: dict[tuple[str, str], deque[WebSocket]] = {}
        self._commands = ClientThrottle(
            settings.seat_rate_limit_per_second,
            settings.seat_rate_limit_burst,
            max_clients=MAX_COMMAND_BUCKETS,
        )
        self._closing: set[asyncio.Task[None]] = set()

    # Client addresses (counted from the handshake on, before the hello).

    def open_address(self, address: str) -> Refusal | None:
        cap = self.settings.ws_connections_per_address
        if self._per_address[address] >= cap:
            return Refusal(
                f"{ErrorCode.TOO_MANY_CONNECTIONS}: {cap} connections from this network "
                "are open already; close some tabs or try again in a minute."
            )
        self._per_address[address] += 1
        return None

    def close_address(self, address: str) -> None:
        self._per_address[address] -= 1
        if self._per_address[address] <= 0:
            del self._per_address[address]

    # Rooms: spectators are refused when full; a seat or chair key pushes out its oldest socket.

    def join(
        self,
        room_id: str,
        identity: Identity,
        websocket: WebSocket,
        *,
        spectators_allowed: bool = True,
    ) -> Refusal | None:
        if identity.token_hash is None:
            if not spectators_allowed:
                return Refusal(
                    f"{ErrorCode.READ_ONLY_CLOSED}: the chair admits only the projector link "
                    "as a read-only screen; join a seat, or ask the chair for the link.",
                    CLOSE_READ_ONLY_CLOSED,
                )
            cap = self.settings.ws_spectators_per_room
            if self._spectators[room_id] >= cap:
                return Refusal(
                    f"{ErrorCode.TOO_MANY_CONNECTIONS}: this room's {cap} read-only screens "
                    "are all in use; try again later, or ask the chair for a seat (the "
                    "projector link always gets in)."
                )
            self._spectators[room_id] += 1
            return None
        sockets = self._per_secret.setdefault((room_id, identity.token_hash), deque())
        cap = self._cap_for(identity)
        if identity.role == "projector" and len(sockets) >= cap:
            # The wall must not be pushed off by copies of its link: the newest waits instead.
            return Refusal(
                f"{ErrorCode.TOO_MANY_CONNECTIONS}: this room's projector link is open on {cap} "
                "screens already; close one, or ask the chair for a new projector link."
            )
        sockets.append(websocket)
        while len(sockets) > cap:
            self._close_later(sockets.popleft(), _opened_elsewhere(identity, cap))
        return None

    def leave(self, room_id: str, identity: Identity, websocket: WebSocket) -> None:
        if identity.token_hash is None:
            self._spectators[room_id] -= 1
            if self._spectators[room_id] <= 0:
                del self._spectators[room_id]
            return
        key = (room_id, identity.token_hash)
        sockets = self._per_secret.get(key)
        if sockets is None:
            return
        if websocket in sockets:
            sockets.remove(websocket)
        if not sockets:
            del self._per_secret[key]

    def command_bucket(self, room_id: str, identity: Identity) -> TokenBucket | None:
        """The command budget every socket of this seat token or chair key shares."""
        if identity.token_hash is None:
            return None
        return self._commands.bucket(f"{room_id}:{identity.token_hash}")

    def _cap_for(self, identity: Identity) -> int:
        if identity.role == "chair":
            return self.settings.ws_connections_per_chair_key
        if identity.role == "projector":
            return self.settings.ws_connections_per_projector_key
        return self.settings.ws_connections_per_seat

    def _close_later(self, websocket: WebSocket, reason: str) -> None:
        task = asyncio.create_task(close_with(websocket, CLOSE_OPENED_ELSEWHERE, reason))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)


def _opened_elsewhere(identity: Identity, cap: int) -> str:
    who = {"chair": "chair link", "projector": "projector link"}.get(identity.role, "seat")
    return (
        f"{ErrorCode.OPENED_ELSEWHERE}: this {who} is open on {cap} newer screens; "
        "reload here to use it on this one."
    )
