"""``GET /api/schema/view.json``: the JSON Schema of what a state's ``view`` holds."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter

from game_rules.engine.view_models import view_json_schema

router = APIRouter(prefix="/api/schema", tags=["protocol"])


@lru_cache(maxsize=1)
def _view_schema() -> dict[str, Any]:
    return view_json_schema()


@router.get("/view.json")
async def view_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ``view`` in every ``state`` and ``snapshot``
    message and in ``GET /api/rooms/{code}/state``: the public view plus ``me``."""
    return _view_schema()
