"""The debrief page: the chair's whole report, or a delegation's own part of it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.assessment.service import room_assessment
from app.debrief.render import render_debrief
from app.debrief.service import debrief_of, read_room_log
from app.errors import Unauthorized, error_responses
from app.i18n.catalogues import pick_language
from app.i18n.web import COOKIE
from app.papers.rubric import room_rubric
from app.papers.service import as_papers, papers_of
from app.rooms.endpoints import Rooms, Token
from app.security import normalise_room_code
from game_rules.engine.views import view_event
from game_rules.session.fold import evolve
from game_rules.session.state import CHAIR, PUBLIC

router = APIRouter(prefix="/api/rooms", tags=["debrief"])



@router.get(
    "/{code}/debrief.html",
    response_class=HTMLResponse,
    responses=error_responses(401, 404, 422, 429),
)
async def debrief_page(
    code: str,
    request: Request,
    rooms: Rooms,
    token: Token,
    download: Annotated[bool, Query(description="Send as a file to save.")] = False,
    lang: Annotated[
        str | None,
        Query(description="ar, zh, en, fr, ru or es; by default the reader's or the room's."),
    ] = None,
) -> Response:
    """The chair key gives the whole report; a seat token gives that delegation's part."""
    runtime = await rooms.runtime(code)
    identity = await rooms.identify(runtime, token)
    if identity.viewer != CHAIR and identity.actor is None and identity.student is None:
        raise Unauthorized(
            "The debrief is for the chair and the delegations: open it from your seat or the "
            "chair's page.",
            code="debrief_needs_a_seat",
        )
    # A student without a seat (rapporteur) reads the public part.
    viewer = CHAIR if identity.viewer == CHAIR else str(identity.actor or PUBLIC)
    room_code = normalise_room_code(code)
    log = await rooms.db.run(lambda session: read_room_log(session, room_code))
    language = pick_language(
        query=lang,
        cookie=request.cookies.get(COOKIE),
        room=runtime.room.language,
        accept_language=request.headers.get("accept-language"),
    )
    rows = await rooms.db.run(lambda session: papers_of(session, runtime.room_id))
    names = {str(seat["actor"]): str(seat["name"]) for seat in runtime.seat_list()}
    papers = [p for p in as_papers(rows, names) if viewer == CHAIR or p.actor == viewer]
    # Secrecy of the assessment, decided here: the chair reads every student, a student only
    # their own record (a co-delegate not even their seat-mate's).
    found = await room_assessment(rooms, runtime)
    students = [
        row.as_json() for row in found.rows
        if viewer == CHAIR or (identity.student is not None and row.student.id == identity.student)
    ]
    html = render_debrief(
        debrief_of(log, viewer, language), lang=language, papers=papers,
        rubric=room_rubric(runtime.room), students=students,
    )
    headers = {}
    if download:
        suffix = "" if viewer == CHAIR else f"-{viewer}"
        headers["Content-Disposition"] = (
            f'attachment; filename="plenary-{runtime.code}-debrief{suffix}.html"'
        )
    return HTMLResponse(html, headers=headers)


@router.get("/{code}/replay.json", responses=error_responses(404, 422, 429))
async def replay_timeline(
    code: str,
    rooms: Rooms,
    speed: Annotated[float, Query(gt=0, le=1000, description="Times faster than real time.")] = 10,
) -> dict[str, Any]:
    """The session's public events with the moment each should appear when replayed at
    ``speed`` (for the projector after the session). Only what the projector saw live."""
    runtime = await rooms.runtime(code)
    room_code = normalise_room_code(code)
    log = await rooms.db.run(lambda session: read_room_log(session, room_code))
    start = log.initial.started_at
    frames = []
    state = log.initial
    for seq, event in log.events:
        state = evolve(state, event)
        public = view_event(event, PUBLIC, state)
        if public is not None:
            frames.append({"seq": seq, "play_at": round((event.at - start) / speed, 3), **public})
    return {"code": runtime.code, "speed": speed, "events": frames}
