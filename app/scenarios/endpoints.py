"""``GET /api/scenarios``: what a facilitator can start a room from."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


class ForumSummary(BaseModel):
    id: str
    name: str


class ScenarioSummary(BaseModel):
    id: str
    title: str
    summary: str
    level: str | None = None
    duration_minutes: int | None = None
    language: str | None = None
    forums: list[ForumSummary]
    actors: int


@router.get("", response_model=list[ScenarioSummary])
async def list_scenarios(request: Request) -> list[dict[str, Any]]:
    catalog = request.app.state.catalog
    return [loaded.summary() for loaded in catalog.list()]
