"""HTTP hardening in one ASGI middleware: security headers on every answer, a cap on the size of
a request body (uvicorn has none, so one 1 GB upload could fill memory or disk), and per-client
throttles on guessing room codes and on creating rooms in bulk."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PlenaryError, RequestTooLarge, TooManyRequests
from app.ratelimit import ClientThrottle

# Pages load only their own scripts (no inline script, no eval), so injected markup cannot run
# even if it reached a page. Inline styles stay allowed: templates and the debrief use them.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    # Chair keys and seat tokens travel in URL fragments; never hand any URL to another site.
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# FastAPI's Swagger and ReDoc pages run an inline script and hold no user text.
API_DOC_PATHS = ("/docs", "/redoc")


# Where an unknown room code answers 404 (HTTP) or closes with 4004 (WebSocket).
ROOM_LOOKUP_PREFIXES = ("/api/rooms/", "/ws/rooms/")
CLOSE_ROOM_NOT_FOUND = 4004


class RequestGuard:
    """Adds :data:`SECURITY_HEADERS` (and the CSP), refuses bodies over ``max_body_bytes``, and
    throttles clients that miss many room codes (``code_misses``) or create many rooms."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        code_misses: ClientThrottle | None = None,
        room_creations: ClientThrottle | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # A room code has ~30 bits; unthrottled, a script finds live rooms in hours.
        self.code_misses = code_misses or ClientThrottle(rate=0.5, burst=30)
        self.room_creations = room_creations or ClientThrottle(rate=0.5, burst=60)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        client = _client_of(scope)
        looks_up_code = path.startswith(ROOM_LOOKUP_PREFIXES)
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send, client, looks_up_code)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        headers = self._headers_for(path)
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if looks_up_code and message["status"] == 404:
                    self.code_misses.try_take(client)
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in headers if name not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if looks_up_code and self.code_misses.exhausted(client):
            await _refuse(send_guarded, TooManyRequests("unknown room codes"))
            return
        if (
            path.rstrip("/") == "/api/rooms"
            and scope.get("method") == "POST"
            and not self.room_creations.try_take(client)
        ):
            await _refuse(send_guarded, TooManyRequests("new rooms"))
            return
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send_guarded, RequestTooLarge(limit))
            return
        received = 0

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise RequestTooLarge(limit)
            return message

        try:
            await self.app(scope, receive_limited, send_guarded)
        except RequestTooLarge as too_large:
            if not started:
                await _refuse(send_guarded, too_large)

    async def _websocket(
        self, scope: Scope, receive: Receive, send: Send, client: str, looks_up_code: bool
    ) -> None:
        if not looks_up_code:
            await self.app(scope, receive, send)
            return
        if self.code_misses.exhausted(client):
            # Refused before the handshake completes: the browser sees a failed connection.
            await send({"type": "websocket.close", "code": 1008, "reason": "too_many_requests"})
            return

        async def send_counting(message: Message) -> None:
            if message["type"] == "websocket.close" and message.get("code") == (
                CLOSE_ROOM_NOT_FOUND
            ):
                self.code_misses.try_take(client)
            await send(message)

        await self.app(scope, receive, send_counting)

    @staticmethod
    def _headers_for(path: str) -> list[tuple[bytes, bytes]]:
        headers = list(SECURITY_HEADERS)
        if not any(path == doc or path.startswith(doc + "/") for doc in API_DOC_PATHS):
            headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
        return headers


def _client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Any, error: PlenaryError) -> None:
    body = json.dumps({"detail": error.detail()}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": error.status_code,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
