"""``GET /healthz``: whether this worker reaches its database and (when set) Redis."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlmodel import Session

from app.database import Database
from app.hub import Hub

logger = logging.getLogger(__name__)

# A check that takes longer than this counts as down: a health probe must answer quickly.
CHECK_SECONDS = 3.0

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The body of ``/healthz``, 200 and 503 alike: a load balancer reads the status code, an
    operator reads which part is down."""

    status: str
    database: str
    redis: str
    unavailable: list[str] | None = None


async def database_reachable(database: Database) -> bool:
    def ping(session: Session) -> None:
        session.execute(text("SELECT 1"))

    try:
        await asyncio.wait_for(database.run(ping), CHECK_SECONDS)
        return True
    except Exception:
        logger.warning("health: the database did not answer", exc_info=True)
        return False


async def hub_reachable(hub: Hub) -> bool:
    try:
        return await asyncio.wait_for(hub.reachable(), CHECK_SECONDS)
    except Exception:
        logger.warning("health: Redis did not answer", exc_info=True)
        return False


@router.get(
    "/healthz",
    response_model=Health,
    responses={
        200: {"description": "The database and Redis (or 'not_configured') answer."},
        503: {
            "description": "A part is down; 'unavailable' lists which.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}},
        },
    },
)
async def healthz(request: Request) -> JSONResponse:
    database: Database = request.app.state.database
    hub: Hub = request.app.state.hub
    parts: dict[str, str] = {}
    database_ok, hub_ok = await asyncio.gather(database_reachable(database), hub_reachable(hub))
    parts["database"] = "ok" if database_ok else "unavailable"
    if request.app.state.settings.redis_url:
        parts["redis"] = "ok" if hub_ok else "unavailable"
    else:
        parts["redis"] = "not_configured"
    down = [part for part, status in parts.items() if status == "unavailable"]
    body: dict[str, Any] = {"status": "unavailable" if down else "ok", **parts}
    if down:
        body["unavailable"] = down
    return JSONResponse(body, status_code=503 if down else 200)
