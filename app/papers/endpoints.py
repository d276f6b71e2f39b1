"""Position papers over HTTP: a seat submits and reads its own; the chair reads all, scores
them on the rubric and exports them as CSV. docs/protocol.md lists the limits and errors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.errors import Forbidden, Gone, Unauthorized, error_responses
from app.papers.rubric import SCORE_EXAMPLE, ScoreRequest, checked_score, room_rubric
from app.papers.service import (
    MAX_PAPER_CHARS,
    as_papers,
    checked_text,
    paper_of,
    papers_csv,
    papers_of,
    score_paper,
    submit_paper,
)
from app.request_body import json_body
from app.rooms.endpoints import Rooms, Token
from app.rooms.runtime import RoomRuntime
from app.rooms.schemas import Identity
from app.rooms.service import RoomService

router = APIRouter(prefix="/api/rooms", tags=["position papers"])

PAPER = error_responses(401, 403, 404, 410, 413, 422, 429)


class PaperRequest(BaseModel):
    text: str = Field(description=f"Plain text or Markdown, at most {MAX_PAPER_CHARS} characters.")


async def _seat(rooms: RoomService, runtime: RoomRuntime, token: str | None) -> Identity:
    identity = await rooms.identify(runtime, token)
    if identity.role != "delegate" or identity.actor is None:
        if not token:
            raise Unauthorized(
                "A position paper belongs to a seat: open it from your seat's page.",
                code="paper_needs_a_seat",
            )
        raise Forbidden("Only a seat has a position paper of its own.", code="seat_only")
    return identity


def _names(runtime: RoomRuntime) -> dict[str, str]:
    """Each seat's delegation name, in the order the seat list shows them."""
    return {str(seat["actor"]): str(seat["name"]) for seat in runtime.seat_list()}


def _limits(runtime: RoomRuntime) -> dict[str, Any]:
    return {"max_chars": MAX_PAPER_CHARS, "rubric": room_rubric(runtime.room).as_json()}


@router.get("/{code}/papers/mine", responses=PAPER)
async def my_paper(code: str, rooms: Rooms, token: Token) -> dict[str, Any]:
    """The seat's own paper (and its score, once the chair has scored it), or ``paper: null``."""
    runtime = await rooms.runtime(code)
    identity = await _seat(rooms, runtime, token)
    actor = str(identity.actor)
    row = await rooms.db.run(lambda s: paper_of(s, runtime.room_id, actor))
    paper = as_papers([row], _names(runtime))[0].as_json() if row is not None else None
    return {**_limits(runtime), "actor": actor, "paper": paper}


@router.put("/{code}/papers/mine", responses=PAPER)
async def submit_my_paper(
    code: str, request: Request, rooms: Rooms, token: Token
) -> dict[str, Any]:
    """Submit or replace the seat's paper (a new text clears an earlier score)."""
    runtime = await rooms.runtime(code)
    identity = await _seat(rooms, runtime, token)
    if runtime.room.closed:
        raise Gone("The chair has closed this room; papers can no longer be submitted.")
    body = await json_body(request, PaperRequest, '{"text": "..."}')
    text = checked_text(body.text)
    actor = str(identity.actor)
    seat = runtime.seats.get(actor)
    student = runtime.students.get(identity.student or "")
    by = student.display_name if student is not None else (seat.display_name if seat else None)
    now = rooms.clock()
    row = await rooms.db.run(lambda s: submit_paper(s, runtime.room_id, actor, text, by, now))
    return {**_limits(runtime), "actor": actor,
            "paper": as_papers([row], _names(runtime))[0].as_json()}


@router.get("/{code}/papers", responses=PAPER)
async def all_papers(code: str, rooms: Rooms, token: Token) -> dict[str, Any]:
    """Every submitted paper, in seat order, with its score (chair only)."""
    runtime = await rooms.runtime(code)
    await rooms.require_chair(runtime, token)
    rows = await rooms.db.run(lambda s: papers_of(s, runtime.room_id))
    order = list(_names(runtime))
    papers = sorted(as_papers(rows, _names(runtime)),
                    key=lambda p: order.index(p.actor) if p.actor in order else len(order))
    return {**_limits(runtime), "seats": len(order), "papers": [p.as_json() for p in papers]}


@router.put("/{code}/papers/{actor}/score", responses=PAPER)
async def score(
    code: str, actor: str, request: Request, rooms: Rooms, token: Token
) -> dict[str, Any]:
    """Score a paper on every criterion of the rubric, with an optional comment (chair)."""
    runtime = await rooms.runtime(code)
    await rooms.require_chair(runtime, token)
    body = await json_body(request, ScoreRequest, SCORE_EXAMPLE)
    scores, comment = checked_score(room_rubric(runtime.room), body.scores, body.comment)
    now = rooms.clock()
    row = await rooms.db.run(
        lambda s: score_paper(s, runtime.room_id, actor, scores, comment, now)
    )
    return as_papers([row], _names(runtime))[0].as_json()


@router.get("/{code}/papers.csv", responses=PAPER)
async def papers_export(code: str, rooms: Rooms, token: Token) -> Response:
    """The papers for a gradebook: one row per seat, each criterion's score, total, comment."""
    runtime = await rooms.runtime(code)
    await rooms.require_chair(runtime, token)
    rows = await rooms.db.run(lambda s: papers_of(s, runtime.room_id))
    names = _names(runtime)
    text = papers_csv(as_papers(rows, names), room_rubric(runtime.room), list(names.items()))
    return Response(
        "\ufeff" + text,  # a BOM, so a spreadsheet reads the UTF-8 as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="plenary-{runtime.code}-papers.csv"'
        },
    )
