"""Errors that carry their HTTP status (Polar's pattern); endpoints turn them into responses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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

    def headers(self) -> dict[str, str] | None:
        return None


class NotFound(PlenaryError):
    status_code = 404
    code = "not_found"


class Unauthorized(PlenaryError):
    status_code = 401
    code = "unauthorized"

    def headers(self) -> dict[str, str] | None:
        # RFC 9110 §15.5.2: a 401 names the scheme that would be accepted.
        return {"WWW-Authenticate": 'Bearer realm="plenary"'}


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


_SAFE_TO_SHOW = re.compile(r"[A-Za-z0-9_.-]{1,40}")


def shown(value: str, instead: str = "that one") -> str:
    """``value`` as an error message may quote it: a short plain id, or else ``instead`` (an
    answer never echoes a long or strange text someone sent)."""
    return f"'{value}'" if _SAFE_TO_SHOW.fullmatch(value) else instead


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


class ErrorDetail(BaseModel):
    """What went wrong, for a person (``message``) and for a program (``code``)."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(description="A stable slug: room_not_found, seat_taken, ...")
    message: str = Field(description="A sentence for the person at the screen: what to do.")
    errors: list[dict[str, str]] | None = Field(
        default=None,
        description="Each problem with its location: a field (body.display_name) or a place "
        "in an uploaded scenario (file.yaml:12:5), with a message and, for files, a hint.",
    )


class ErrorResponse(BaseModel):
    """Every error answer of the HTTP API has this body. Some carry more keys in ``detail``
    (``field`` and ``max_length`` for a text over its limit, ``limit`` for a quota)."""

    detail: ErrorDetail


ERROR_DESCRIPTIONS = {
    400: "The body is not JSON the server can read (invalid, too deep, a number too long).",
    401: "No key or token, or one this room does not know.",
    403: "A valid token, but only the chair may do this.",
    404: "No such room (or seat, or scenario).",
    409: "Someone else got there first (a seat taken a moment ago).",
    410: "The chair has closed this room.",
    413: "The request body is over its limit.",
    422: "A field is missing, of the wrong kind or over its limit; or an uploaded scenario "
    "has problems, each with its line and column.",
    423: "The chair has locked this room.",
    429: "Too many requests of this kind from this network; the message says how long to wait.",
    503: "The server holds as many rooms as it can.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each error status it can answer, with its body."""
    # The body is spelled out (not ``model=``): FastAPI would file a model under the route's
    # own media type, and errors are JSON even where the answer is Markdown or HTML.
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
    return {
        status: {"description": ERROR_DESCRIPTIONS[status], "content": body}
        for status in statuses
    }
