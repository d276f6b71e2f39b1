"""Errors that carry their HTTP status (Polar's pattern); endpoints turn them into responses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class PlenaryError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(
        self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.extra = extra or {}

    def detail(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.extra}


class NotFound(PlenaryError):
    status_code = 404
    code = "not_found"


class Unauthorized(PlenaryError):
    status_code = 401
    code = "unauthorized"


class Forbidden(PlenaryError):
    status_code = 403
    code = "forbidden"


class Conflict(PlenaryError):
    status_code = 409
    code = "conflict"


class Gone(PlenaryError):
    status_code = 410
    code = "room_closed"


class Locked(PlenaryError):
    status_code = 423
    code = "room_locked"


class InvalidInput(PlenaryError):
    status_code = 422
    code = "invalid_input"


class RequestTooLarge(PlenaryError):
    status_code = 413
    code = "request_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The request is larger than {limit // 1024} KiB; send a smaller file or shorter text."
        )


class TooManyRequests(PlenaryError):
    status_code = 429
    code = "too_many_requests"

    def __init__(self, what: str) -> None:
        super().__init__(f"Too many {what} from this network; wait a minute and try again.")


class TooManyRooms(PlenaryError):
    status_code = 429
    code = "room_quota_exceeded"


class ServerFull(PlenaryError):
    status_code = 503
    code = "server_full"


def request_error_detail(errors: Sequence[Any]) -> dict[str, Any]:
    """FastAPI's validation errors as our ``{"code", "message", "errors"}``, without the
    ``input`` FastAPI echoes by default (it can be megabytes, or someone else's text)."""
    found = [
        {
            "location": ".".join(str(part) for part in error.get("loc", ())),
            "message": str(error.get("msg", "invalid")),
        }
        for error in errors[:20]
    ]
    where = ", ".join(item["location"] for item in found) or "the request"
    return {
        "code": "invalid_request",
        "message": f"Some fields are missing or of the wrong kind ({where}); "
        "correct them and send again.",
        "errors": found,
    }
