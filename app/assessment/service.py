"""Each student's record: what the log says they did (``game_rules.report.assessment``), the
chair's rubric score and comment, their written answers to the debrief's prompts, the
rapporteur's report, and the seat's position paper score. Only display names are kept, and all
of it goes with the room. Services never commit; every check gives its error code."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.debrief.service import debrief_of, read_room_log
from app.errors import Forbidden, InvalidInput, NotFound, shown
from app.models import Student
from app.papers.rubric import Rubric, room_rubric
from app.papers.service import Paper, as_papers, papers_of
from app.rooms.repository import RoomRepository
from app.rooms.runtime import RoomRuntime
from app.rooms.service import RoomService
from game_rules.report.assessment import (
    COUNTS,
    StudentRecord,
    StudentSeat,
    assess,
    records_by_student,
)
from game_rules.session.state import CHAIR
from game_rules.text import text_problem

#: The longest written answer to one discussion prompt, in characters.
MAX_ANSWER_CHARS = 2_000
#: The longest rapporteur's report, in characters.
MAX_REPORT_CHARS = 5_000


@dataclass(frozen=True)
class Assessed:
    """One student as the chair (or that student) reads them."""

    student: Student
    delegation: str | None
    record: StudentRecord
    paper_total: int | None

    @property
    def scores(self) -> dict[str, int] | None:
        return json.loads(self.student.scores) if self.student.scores else None

    @property
    def answers(self) -> dict[str, str]:
        return json.loads(self.student.answers) if self.student.answers else {}

    def as_json(self) -> dict[str, Any]:
        scores = self.scores
        return {
            "student": self.student.id,
            "display_name": self.student.display_name,
            "role": self.student.role,
            "seat": self.student.actor,
            "delegation": self.delegation,
            "on_seat": self.student.token_hash is not None,
            "counts": {name: getattr(self.record, name) for name in COUNTS},
            "scores": scores,
            "total": None if scores is None else sum(scores.values()),
            "comment": self.student.comment,
            "scored_at": self.student.scored_at,
            "answers": self.answers,
            "report": self.student.report,
            "paper_total": self.paper_total,
        }


def _stored_text(text: str, *, limit: int, code: str, what: str) -> str | None:
    if len(text) > limit:
        raise InvalidInput(
            f"{what} may be at most {limit:,} characters; this one has {len(text):,}. "
            f"Shorten it by {len(text) - limit:,} and send it again.",
            code=code,
            extra={"max_chars": limit, "chars": len(text)},
        )
    problem = text_problem(text)
    if problem is not None:
        raise InvalidInput(
            f"{what} cannot be stored: {problem}. Remove that character.",
            code="invalid_text",
            extra={"field": "text"},
        )
    return text.strip() or None


def _student(session: Session, room_id: str, student_id: str) -> Student:
    student = RoomRepository(session).student(room_id, student_id)
    if student is None:
        raise NotFound(
            f"This room has no student {shown(student_id)}.", code="student_not_found"
        )
    return student


def answer_prompt(
    session: Session, room_id: str, student_id: str, prompt: int, prompts: int, text: str
) -> Student:
    """Store (or replace, or with an empty text clear) one written answer; ``prompt`` counts
    from 1."""
    if not 1 <= prompt <= prompts:
        raise InvalidInput(
            f"The debrief has {prompts} discussion prompts; answer one numbered 1 to {prompts}.",
            code="unknown_prompt",
            extra={"prompts": prompts},
        )
    answer = _stored_text(
        text, limit=MAX_ANSWER_CHARS, code="answer_too_long", what="An answer to a prompt"
    )
    student = _student(session, room_id, student_id)
    answers: dict[str, str] = json.loads(student.answers) if student.answers else {}
    if answer is None:
        answers.pop(str(prompt), None)
    else:
        answers[str(prompt)] = answer
    student.answers = json.dumps(answers, ensure_ascii=False) if answers else None
    return RoomRepository(session).save_student(student)


def write_report(session: Session, room_id: str, student_id: str, text: str) -> Student:
    student = _student(session, room_id, student_id)
    if student.role != "rapporteur":
        raise Forbidden(
            "Only a rapporteur writes the report of the session; join as the rapporteur "
            "to write it.",
            code="rapporteur_only",
        )
    student.report = _stored_text(
        text, limit=MAX_REPORT_CHARS, code="report_too_long", what="A rapporteur's report"
    )
    return RoomRepository(session).save_student(student)


def score_student(
    session: Session, room_id: str, student_id: str, scores: dict[str, int],
    comment: str | None, now: float,
) -> Student:
    student = _student(session, room_id, student_id)
    student.scores = json.dumps(scores)
    student.comment = comment
    student.scored_at = now
    return RoomRepository(session).save_student(student)


def assessed(
    students: Sequence[Student],
    records: Mapping[str, StudentRecord],
    names: Mapping[str, str],
    papers: Sequence[Paper],
) -> list[Assessed]:
    paper_totals = {paper.actor: paper.total for paper in papers}
    return [
        Assessed(
            student=student,
            delegation=names.get(student.actor) if student.actor else None,
            record=records[student.id],
            paper_total=paper_totals.get(student.actor or ""),
        )
        for student in students
    ]


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def assessment_csv(room_code: str, rows: Sequence[Assessed], rubric: Rubric, prompts: int) -> str:
    """One row per student, for a gradebook: who and where, every count, the objectives the
    seat met, the rubric's scores and total, the comment, the paper's score, the reflections
    and the rapporteur's report."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "room", "seat", "delegation", "student", "role", *COUNTS, *rubric.criteria,
            "rubric_total", "comment", "paper_score",
            *(f"reflection_{n}" for n in range(1, prompts + 1)), "report",
        ]
    )
    for row in rows:
        scores = row.scores or {}
        answers = row.answers
        writer.writerow(
            [
                room_code,
                row.student.actor or "",
                _cell(row.delegation or ""),
                _cell(row.student.display_name or ""),
                row.student.role,
                *(getattr(row.record, name) for name in COUNTS),
                *(scores.get(c, "") for c in rubric.criteria),
                sum(scores.values()) if scores else "",
                _cell(row.student.comment),
                "" if row.paper_total is None else row.paper_total,
                *(_cell(answers.get(str(n), "")) for n in range(1, prompts + 1)),
                _cell(row.student.report),
            ]
        )
    return out.getvalue()


@dataclass(frozen=True)
class RoomAssessment:
    rows: list[Assessed]
    rubric: Rubric
    prompts: tuple[str, ...]

    def limits(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric.as_json(),
            "prompts": list(self.prompts),
            "max_answer_chars": MAX_ANSWER_CHARS,
            "max_report_chars": MAX_REPORT_CHARS,
        }


async def room_assessment(rooms: RoomService, runtime: RoomRuntime) -> RoomAssessment:
    """Every student's record, from the whole log and what the room stores of them."""
    code, room_id = runtime.code, runtime.room_id
    log = await rooms.db.run(lambda s: read_room_log(s, code))
    debrief = debrief_of(log, CHAIR)
    students, paper_rows = await rooms.db.run(
        lambda s: (RoomRepository(s).students(room_id), papers_of(s, room_id))
    )
    records = records_by_student(
        assess(
            [StudentSeat(s.id, s.actor) for s in students],
            [event for _, event in log.events],
            debrief.objectives,
        )
    )
    names = {str(seat["actor"]): str(seat["name"]) for seat in runtime.seat_list()}
    rows = assessed(students, records, names, as_papers(paper_rows, names))
    return RoomAssessment(rows, room_rubric(runtime.room), debrief.prompts)
