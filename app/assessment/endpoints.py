"""The assessment over HTTP: a student reads their own record and writes their answers to the
debrief's prompts (a rapporteur, the report too); the chair reads every student's, scores them
on the room's rubric and exports ``assessment.csv``. docs/protocol.md lists limits and errors."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.assessment.service import (
    answer_prompt,
    assessment_csv,
    room_assessment,
    score_student,
    write_report,
)
from app.errors import Forbidden, Gone, Unauthorized, error_responses
from app.papers.rubric import SCORE_EXAMPLE, ScoreRequest, checked_score, room_rubric
from app.request_body import json_body
from app.rooms.endpoints import Rooms, Token
from app.rooms.runtime import RoomRuntime
from app.rooms.service import RoomService
from app.scenarios.service import room_scenario

router = APIRouter(prefix="/api/rooms", tags=["assessment"])

ERRORS = error_responses(401, 403, 404, 410, 413, 422, 429)


class TextRequest(BaseModel):
    text: str = Field(description="Plain text; an empty text clears it.")


async def _student_id(rooms: RoomService, runtime: RoomRuntime, token: str | None) -> str:
    if not token:
        raise Unauthorized(
            "Your record belongs to you: open it from your own seat's or role's page.",
            code="student_token_required",
        )
    identity = await rooms.identify(runtime, token)
    if identity.student is None:
        raise Forbidden(
            "Only a student (on a seat, or in a role without one) has a record of their own.",
            code="student_only",
        )
    return identity.student


@router.get("/{code}/students/me", responses=ERRORS)
async def my_record(code: str, rooms: Rooms, token: Token) -> dict[str, Any]:
    """The student's own record, score and answers; nobody else's."""
    runtime = await rooms.runtime(code)
    student = await _student_id(rooms, runtime, token)
    found = await room_assessment(rooms, runtime)
    mine = next(row for row in found.rows if row.student.id == student)
    return {**found.limits(), "student": mine.as_json()}


@router.put("/{code}/students/me/answers/{prompt}", responses=ERRORS)
async def answer(
    code: str, prompt: int, request: Request, rooms: Rooms, token: Token
) -> dict[str, Any]:
    """``answer_prompt``: the student's written answer to the debrief's prompt ``prompt``
    (from 1), at most 2,000 characters."""
    runtime = await rooms.runtime(code)
    student = await _student_id(rooms, runtime, token)
    body = await json_body(request, TextRequest, '{"text": "..."}')
    room = runtime.room
    prompts = len(room_scenario(room.scenario_source, room.scenario_id, room.variant_id)
                  .debrief.prompts)
    row = await rooms.db.run(
        lambda s: answer_prompt(s, runtime.room_id, student, prompt, prompts, body.text)
    )
    return {"student": row.id, "prompt": prompt, "answers": _answers(row.answers)}


@router.put("/{code}/students/me/report", responses=ERRORS)
async def report(code: str, request: Request, rooms: Rooms, token: Token) -> dict[str, Any]:
    """The rapporteur's report of the session, at most 5,000 characters."""
    runtime = await rooms.runtime(code)
    student = await _student_id(rooms, runtime, token)
    if runtime.room.closed:
        raise Gone("The chair has closed this room; the report can no longer be changed.")
    body = await json_body(request, TextRequest, '{"text": "..."}')
    row = await rooms.db.run(lambda s: write_report(s, runtime.room_id, student, body.text))
    return {"student": row.id, "report": row.report}


@router.get("/{code}/students", responses=ERRORS)
async def every_record(code: str, rooms: Rooms, token: Token) -> dict[str, Any]:
    """Every student's record, score, answers and report (chair only)."""
    runtime = await rooms.runtime(code)
    await rooms.require_chair(runtime, token)
    found = await room_assessment(rooms, runtime)
    return {**found.limits(), "students": [row.as_json() for row in found.rows]}


@router.put("/{code}/students/{student}/score", responses=ERRORS)
async def score(
    code: str, student: str, request: Request, rooms: Rooms, token: Token
) -> dict[str, Any]:
    """Score a student on every criterion of the room's rubric, with a comment (chair)."""
    runtime = await rooms.runtime(code)
    await rooms.require_chair(runtime, token)
    body = await json_body(request, ScoreRequest, SCORE_EXAMPLE)
    scores, comment = checked_score(room_rubric(runtime.room), body.scores, body.comment)
    now = rooms.clock()
    row = await rooms.db.run(
        lambda s: score_student(s, runtime.room_id, student, scores, comment, now)
    )
    return {"student": row.id, "scores": scores, "total": sum(scores.values()),
            "comment": row.comment}


@router.get("/{code}/assessment.csv", responses=ERRORS)
async def assessment_export(code: str, rooms: Rooms, token: Token) -> Response:
    """One row per student for a gradebook (chair only); columns in docs/assessment.md."""
    runtime = await rooms.runtime(code)
    await rooms.require_chair(runtime, token)
    found = await room_assessment(rooms, runtime)
    text = assessment_csv(runtime.code, found.rows, found.rubric, len(found.prompts))
    return Response(
        "\ufeff" + text,  # a BOM, so a spreadsheet reads the UTF-8 as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="plenary-{runtime.code}-assessment.csv"'
        },
    )


def _answers(stored: str | None) -> dict[str, str]:
    return dict(json.loads(stored)) if stored else {}
