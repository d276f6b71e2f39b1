"""``GET /api/rooms/{code}/role-sheets.html``: the room's printable role sheets (chair only:
they carry every seat's secret brief)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.errors import error_responses
from app.i18n.catalogues import pick_language
from app.i18n.web import COOKIE
from app.join_links import SettingsOf, join_base
from app.rooms.endpoints import Rooms, Token
from app.scenarios.service import room_scenario
from app.sheets.render import Paper, render_role_sheets
from game_rules.scenario.setup import parse_scenario

router = APIRouter(prefix="/api/rooms", tags=["role sheets"])



@router.get(
    "/{code}/role-sheets.html",
    response_class=HTMLResponse,
    responses=error_responses(401, 403, 404, 422, 429),
)
async def role_sheets(
    code: str,
    request: Request,
    rooms: Rooms,
    token: Token,
    settings: SettingsOf,
    paper: Annotated[Paper, Query(description="a4 or letter: the paper it prints on.")] = "a4",
    lang: Annotated[
        str | None,
        Query(description="ar, zh, en, fr, ru or es; by default the reader's or the room's."),
    ] = None,
) -> Response:
    """One page per seat (brief, objectives, allies, red lines, the forum's rules, the join
    code and QR) and the chair's script of the room's variant, to print."""
    runtime = await rooms.runtime(code)
    await rooms.require_chair(runtime, token)
    room = runtime.room
    scenario = room_scenario(room.scenario_source, room.scenario_id, room.variant_id)
    variant = None
    if room.variant_id is not None:
        written = parse_scenario(room.scenario_source, source=f"{room.scenario_id}.yaml")
        variant = written.variant(room.variant_id)
    language = pick_language(
        query=lang,
        cookie=request.cookies.get(COOKIE),
        room=room.language,
        accept_language=request.headers.get("accept-language"),
    )
    html = render_role_sheets(
        scenario,
        scenario.forum(room.forum_id),
        variant,
        code=runtime.code,
        join_url=join_base(settings, request).join_url(runtime.code),
        paper=paper,
        lang=language,
    )
    return HTMLResponse(html)
