"""The one place where the app turns engine values into JSON and back."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from app.protocol import ErrorCode
from game_rules.errors import RuleViolation
from game_rules.messages import Message
from game_rules.session.commands import Command, parse_command
from game_rules.session.events import Event, parse_event
from game_rules.session.state import SessionState

# The engine's parse errors, under the protocol's names (docs/protocol.md).
ENGINE_PARSE_CODES = {
    "unknown_command": ErrorCode.UNKNOWN_TYPE,
    "bad_command": ErrorCode.INVALID_COMMAND,
}


class CommandRefused(Exception):
    """A command the room will not take; ``code`` and ``message`` go back to the sender, and
    ``say``, the engine's refusal as a message, where the engine refused it (for translation)."""

    def __init__(self, code: str, message: str, say: Message | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.say = say


def encode_event(event: Event) -> str:
    return json.dumps(
        event.model_dump(mode="json"), separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def decode_event(body: str) -> Event:
    return parse_event(json.loads(body))


def encode_state(state: SessionState) -> str:
    return state.model_dump_json()


def decode_state(body: str) -> SessionState:
    return SessionState.model_validate_json(body)


def event_type(event: Event) -> str:
    return str(getattr(event, "type", type(event).__name__))


def build_command(
    fields: dict[str, Any], *, actor: str, now: float, by_student: str | None = None
) -> Command:
    """The client's fields as an engine command; ``actor``, ``now`` and ``by_student`` come
    from the server."""
    extra: dict[str, Any] = {"by_student": by_student} if by_student is not None else {}
    try:
        return parse_command({**fields, "actor": actor, "now": now, **extra})
    except RuleViolation as violation:
        code = ENGINE_PARSE_CODES.get(violation.code, violation.code)
        if code == ErrorCode.UNKNOWN_TYPE:
            # The engine lists every command; a student needs one clear sentence.
            raise CommandRefused(code, unknown_type_message(fields.get("type"))) from violation
        raise CommandRefused(code, violation.message, violation.say) from violation
    except ValidationError as invalid:
        raise _describe_invalid(invalid, str(fields.get("type"))) from invalid
    except (KeyError, TypeError, ValueError) as invalid:
        raise CommandRefused(
            ErrorCode.UNKNOWN_TYPE, unknown_type_message(fields.get("type"))
        ) from invalid


def unknown_type_message(command_type: object) -> str:
    return (
        f"'{command_type}' is not something this room can do. "
        "Use the buttons on the page; if this keeps happening, reload it."
    )


def _describe_invalid(invalid: ValidationError, command_type: str) -> CommandRefused:
    problems = invalid.errors(include_url=False)
    if any(problem["type"] in {"union_tag_invalid", "union_tag_not_found"} for problem in problems):
        return CommandRefused(ErrorCode.UNKNOWN_TYPE, unknown_type_message(command_type))
    parts = []
    for problem in problems[:3]:
        where = ".".join(str(part) for part in problem["loc"] if part != command_type)
        parts.append(f"{where}: {problem['msg']}" if where else str(problem["msg"]))
    return CommandRefused(
        ErrorCode.INVALID_COMMAND,
        f"The '{command_type}' command is not filled in correctly ({'; '.join(parts)}).",
    )
