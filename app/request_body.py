"""A JSON request body read into its model, or a 422 that shows the shape to send.

The body is read outside the ``try``: a body over the size cap must stay a 413, not a 422."""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel

from app.errors import InvalidInput

Body = TypeVar("Body", bound=BaseModel)


async def json_body(
    request: Request, model: type[Body], example: str, or_else: str = ""
) -> Body:
    raw = await request.body()
    try:
        return model.model_validate_json(raw)
    except Exception as invalid:
        raise InvalidInput(f"Send {example} as JSON{or_else}.", code="invalid_request") from invalid
