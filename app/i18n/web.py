"""The catalogues over HTTP, and each request's language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from jinja2 import Environment

from app.i18n.catalogues import LANGUAGES, catalogue_json, normalise, pick_language, translations

router = APIRouter(tags=["i18n"])
# The device's own choice, set by the language picker (web/static/js/i18n.js).
COOKIE = "plenary_lang"


@router.get("/api/i18n/{lang}.json", summary="The compiled catalogue of one language")
async def catalogue(lang: str) -> JSONResponse:
    """Every translated client key (plural ones as ``{CLDR category: text}``) and engine
    template of ``lang``, with the CLDR category of each plural form, for the browser's ``t()``
    and ``say()``; no build step. Cached by the browser for an hour."""
    code = normalise(lang)
    if code is None or code != lang:
        raise HTTPException(status_code=404)
    return JSONResponse(
        catalogue_json(code), headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/api/i18n", summary="The languages Plenary speaks")
async def languages() -> dict[str, Any]:
    from app.i18n.catalogues import NATIVE_NAMES, direction

    return {
        "languages": [
            {"code": code, "name": NATIVE_NAMES[code], "dir": direction(code)} for code in LANGUAGES
        ]
    }


def request_language(
    request: Request, *, room: str | None = None, follow_room: bool = False
) -> str:
    """``?lang=``, the device's cookie, the room's default, ``Accept-Language``. The projector
    (``follow_room``) shows the room's language whatever the device that opened it prefers."""
    if follow_room:
        return pick_language(query=request.query_params.get("lang"), room=room)
    return pick_language(
        query=request.query_params.get("lang"),
        cookie=request.cookies.get(COOKIE),
        room=room,
        accept_language=request.headers.get("accept-language"),
    )


def install(environment: Environment, lang: str) -> Environment:
    """A Jinja2 environment (with ``jinja2.ext.i18n``) rendering through ``lang``'s catalogue."""
    environment.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return environment
