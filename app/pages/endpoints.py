"""Page routes. The templates live in ``web/templates``; these pick one and fill the context."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import TemplateNotFound

from app.errors import PlenaryError
from app.i18n.catalogues import LANGUAGES, NATIVE_NAMES, direction
from app.i18n.web import install, request_language
from app.join_links import join_base
from app.protocol import PROTOCOL_VERSION
from app.security import normalise_room_code
from app.settings import Settings

router = APIRouter(include_in_schema=False)


def public_settings(settings: Settings) -> dict[str, Any]:
    """What pages may know about the server; never secrets or the database URL."""
    return {
        "protocol_version": PROTOCOL_VERSION,
        "max_message_bytes": settings.max_message_bytes,
        "rate_limit_per_second": settings.rate_limit_per_second,
        "room_code_length": settings.room_code_length,
    }


def join_context(request: Request, settings: Settings, room_code: str | None) -> dict[str, Any]:
    """Where students' devices open Plenary (app/join_links.py), for the page to show."""
    base = join_base(settings, request)
    return {
        "base_url": base.url,
        "join_url": base.join_url(room_code) if room_code else None,
        "other_base_urls": list(base.others),
        "source": base.source,
        "warning": base.warning,
    }


async def room_language(request: Request, code: str) -> str | None:
    """The room's default language, set by the chair (None for a room that does not exist: the
    page says so itself)."""
    try:
        runtime = await request.app.state.rooms.runtime(code)
    except PlenaryError:
        return None
    return str(runtime.room.language)


async def render(
    request: Request, template: str, room_code: str | None, *, follow_room: bool = False
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    settings: Settings = request.app.state.settings
    room = await room_language(request, room_code) if room_code else None
    lang = request_language(request, room=room, follow_room=follow_room)
    install(templates.env, lang)  # rendering below is synchronous: no other request interleaves
    context = {
        "room_code": room_code,
        "lang": lang,
        "room_language": room,
        "dir": direction(lang),
        "languages": [{"code": c, "name": NATIVE_NAMES[c]} for c in LANGUAGES],
        "settings": public_settings(settings),
        "join": join_context(request, settings, room_code),
    }
    try:
        return templates.TemplateResponse(request, template, context)
    except TemplateNotFound:
        return PlainTextResponse(
            f"This page cannot be shown: the template '{template}' is missing from "
            f"{settings.web_dir / 'templates'}.",
            status_code=500,
        )


@router.get("/", response_class=HTMLResponse)
async def landing(request: Request) -> Response:
    return await render(request, "landing.html", None)


@router.get("/new", response_class=HTMLResponse)
async def new_room(request: Request) -> Response:
    return await render(request, "new_room.html", None)


@router.get("/join/{code}", response_class=HTMLResponse)
async def join(request: Request, code: str) -> Response:
    return await render(request, "join.html", normalise_room_code(code))


@router.get("/room/{code}", response_class=HTMLResponse)
async def room(request: Request, code: str) -> Response:
    return await render(request, "room.html", normalise_room_code(code))


@router.get("/chair/{code}", response_class=HTMLResponse)
async def chair(request: Request, code: str) -> Response:
    return await render(request, "chair.html", normalise_room_code(code))


@router.get("/projector/{code}", response_class=HTMLResponse)
async def projector(request: Request, code: str) -> Response:
    return await render(request, "projector.html", normalise_room_code(code), follow_room=True)


@router.get("/secretariat/{code}", response_class=HTMLResponse)
async def secretariat(request: Request, code: str) -> Response:
    return await render(request, "secretariat.html", None)


@router.get("/secretariat/{code}/roster", response_class=HTMLResponse)
async def roster(request: Request, code: str) -> Response:
    return await render(request, "roster.html", None)
