"""The ASGI application: ``create_app(settings)``; ``app`` is the default one for uvicorn."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.assessment.endpoints import router as assessment_router
from app.conferences.endpoints import router as conferences_router
from app.conferences.endpoints import websocket_router as conference_websocket_router
from app.conferences.service import ConferenceService
from app.database import Database
from app.debrief.endpoints import router as debrief_router
from app.errors import ERROR_DESCRIPTIONS, ErrorResponse, PlenaryError, request_error_detail
from app.health import router as health_router
from app.http_guard import RequestGuard
from app.hub import Hub, InMemoryHub, RedisHub
from app.i18n.web import router as i18n_router
from app.join_links import router as join_links_router
from app.metrics import router as metrics_router
from app.pages.endpoints import router as pages_router
from app.papers.endpoints import router as papers_router
from app.ratelimit import ClientThrottle
from app.rooms.endpoints import router as rooms_router
from app.rooms.endpoints import websocket_router
from app.rooms.service import RoomService
from app.scenarios.endpoints import router as scenarios_router
from app.scenarios.service import ScenarioCatalog
from app.schema.endpoints import router as schema_router
from app.settings import Settings, get_settings
from app.sheets.endpoints import router as sheets_router

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
        app.state.database = database
        app.state.hub = hub
        rooms = RoomService(database, hub, settings)
        app.state.rooms = rooms
        conferences = ConferenceService(database, rooms, app.state.catalog)
        app.state.conferences = conferences
        conferences.start()
        await rooms.start()
        try:
            yield
        finally:
            await conferences.stop()
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
    # jinja2.ext.i18n: pages render their {{ _("...") }} through the reader's catalogue.
    app.state.templates = Jinja2Templates(
        env=Environment(
            loader=FileSystemLoader(str(settings.web_dir / "templates")),
            autoescape=select_autoescape(default=True),
            extensions=["jinja2.ext.i18n"],
        )
    )

    @app.exception_handler(PlenaryError)
    async def plenary_error(_request: Request, error: PlenaryError) -> JSONResponse:
        return JSONResponse(
            status_code=error.status_code,
            content={"detail": error.detail()},
            headers=error.headers(),
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        # Starlette's own refusals (a body it cannot parse, a path or method that does not
        # exist) in the same shape as every other error.
        detail = HTTP_ERRORS.get(error.status_code)
        if detail is None:
            detail = ("http_error", f"The request was refused ({error.status_code}).")
        code, message = detail
        return JSONResponse(
            status_code=error.status_code,
            content={"detail": {"code": code, "message": message}},
            headers=getattr(error, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422, content={"detail": request_error_detail(error.errors())}
        )

    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    app.include_router(health_router)
    app.include_router(metrics_router)
    app.include_router(scenarios_router)
    app.include_router(schema_router)
    app.include_router(rooms_router)
    app.include_router(debrief_router)
    app.include_router(sheets_router)
    app.include_router(papers_router)
    app.include_router(assessment_router)
    app.include_router(websocket_router)
    app.include_router(conferences_router)
    app.include_router(conference_websocket_router)
    app.include_router(join_links_router)
    app.include_router(i18n_router)
    app.include_router(pages_router)
    static_dir = settings.web_dir / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir), check_dir=False), name="static")
    return app


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with its 422 told as the server sends it: our ``ErrorResponse``
    where a body or query parameter can be wrong, and not at all where nothing can be."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    spec = get_openapi(
        title=app.title, version=app.version, summary=app.summary, routes=app.routes
    )
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            default = responses.get("422")
            if default is None or "HTTPValidationError" not in str(default):
                continue
            checked = "requestBody" in operation or any(
                parameter.get("in") == "query" for parameter in operation.get("parameters", [])
            )
            if checked:
                responses["422"] = {
                    "description": ERROR_DESCRIPTIONS[422],
                    "content": {"application/json": {"schema": error}},
                }
            else:
                del responses["422"]
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    error_schema = ErrorResponse.model_json_schema(ref_template=REF)
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorResponse"] = error_schema
    app.openapi_schema = spec
    return spec


REF = "#/components/schemas/{model}"
HTTP_ERRORS = {
    400: (
        "bad_json",
        "The request body is not valid JSON, nests too deeply or holds a number too long; "
        "send plain JSON.",
    ),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not take that method."),
}

app = create_app()
