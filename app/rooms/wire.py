"""The edge of the WebSocket protocol: a client's text becomes a checked JSON object here.

Everything a client sends is checked once, before anything else looks at it: strict JSON (no
``NaN`` or ``Infinity``, no number too large to be finite), valid Unicode in every text (no lone
surrogate), and a bounded depth and size. Field-by-field ranges and lengths are the engine's
command models (``game_rules/commands.py``); ``docs/protocol.md`` lists both.
"""

from __future__ import annotations

import json
import math
from typing import Any

from app.protocol import ErrorCode

#: Commands are flat: a draft's clauses are the deepest part (message, clauses, clause, list).
MAX_DEPTH = 6
#: Lists, objects and values in one message, all levels together.
MAX_NODES = 2_000
#: The largest whole number a client id or any field may be (JavaScript's safe integers).
MAX_SAFE_INTEGER = 2**53 - 1


class BadFrame(Exception):
    """A frame refused before it reached the room; ``code`` and ``message`` go back, with the
    ``id`` the frame carried when one could be read, so the sender can tell which it was."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.id: Any = None


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
