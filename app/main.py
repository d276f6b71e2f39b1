"""The ASGI application: ``create_app(settings)``; ``app`` is the default one for uvicorn."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from app.database import Database
from app.debrief.endpoints import router as debrief_router
from app.errors import PlenaryError, request_error_detail
from app.http_guard import RequestGuard
from app.hub import Hub, InMemoryHub, RedisHub
from app.pages.endpoints import router as pages_router
from app.ratelimit import ClientThrottle
from app.rooms.endpoints import router as rooms_router
from app.rooms.endpoints import websocket_router
from app.rooms.service import RoomService
from app.scenarios.endpoints import router as scenarios_router
from app.scenarios.service import ScenarioCatalog
from app.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def make_hub(settings: Settings) -> Hub:
    return RedisHub(settings.redis_url) if settings.redis_url else InMemoryHub()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(settings.database_url)
        database.migrate()
        hub = make_hub(settings)
        await hub.start()
        rooms = RoomService(database, hub, settings)
        app.state.rooms = rooms
        await rooms.start()
        try:
            yield
        finally:
            await rooms.stop()
            await hub.close()
            database.close()

    app = FastAPI(
        title="Plenary",
        summary="Live diplomatic negotiation role-play: rooms, seats and a WebSocket protocol.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_middleware(
        RequestGuard,
        max_body_bytes=settings.max_request_bytes,
        code_misses=ClientThrottle(
            settings.room_code_misses_per_second, settings.room_code_miss_burst
        ),
        room_creations=ClientThrottle(
            settings.rooms_created_per_second, settings.room_creation_burst
        ),
    )
    app.state.catalog = ScenarioCatalog(settings.scenarios_dir)
    app.state.templates = Jinja2Templates(directory=str(settings.web_dir / "templates"))

    @app.exception_handler(PlenaryError)
    async def plenary_error(_request: Request, error: PlenaryError) -> JSONResponse:
        return JSONResponse(status_code=error.status_code, content={"detail": error.detail()})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422, content={"detail": request_error_detail(error.errors())}
        )

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(scenarios_router)
    app.include_router(rooms_router)
    app.include_router(debrief_router)
    app.include_router(websocket_router)
    app.include_router(pages_router)
    static_dir = settings.web_dir / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir), check_dir=False), name="static")
    return app


app = create_app()
