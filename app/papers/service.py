"""Storing, reading and scoring position papers. Limits are in docs/protocol.md; every check
here gives its error code, what is wrong and how to fix it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from app.errors import InvalidInput, NotFound, shown
from app.models import PositionPaper, Room
from app.papers.rubric import Rubric
from game_rules.text import text_problem

#: The longest paper, in characters (Unicode code points): about four pages of text.
MAX_PAPER_CHARS = 20_000


@dataclass(frozen=True)
class Paper:
    actor: str
    name: str
    text: str
    submitted_by: str | None
    submitted_at: float
    scores: dict[str, int] | None
    comment: str | None
    scored_at: float | None

    @property
    def total(self) -> int | None:
        return None if self.scores is None else sum(self.scores.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "name": self.name,
            "text": self.text,
            "chars": len(self.text),
            "submitted_by": self.submitted_by,
            "submitted_at": self.submitted_at,
            "scores": self.scores,
            "comment": self.comment,
            "total": self.total,
            "scored_at": self.scored_at,
        }


def checked_text(text: str) -> str:
    if not text.strip():
        raise InvalidInput(
            "The position paper is empty. Write it, then submit it.", code="paper_empty"
        )
    if len(text) > MAX_PAPER_CHARS:
        raise InvalidInput(
            f"A position paper may be at most {MAX_PAPER_CHARS:,} characters; this one has "
            f"{len(text):,}. Shorten it by {len(text) - MAX_PAPER_CHARS:,} and submit again.",
            code="paper_too_long",
            extra={"max_chars": MAX_PAPER_CHARS, "chars": len(text)},
        )
    problem = text_problem(text)
    if problem is not None:
        raise InvalidInput(
            f"The position paper cannot be stored: {problem}. Remove that character.",
            code="invalid_text",
            extra={"field": "text"},
        )
    return text


def _paper(row: PositionPaper, names: Mapping[str, str]) -> Paper:
    return Paper(
        actor=row.actor,
        name=names.get(row.actor, row.actor),
        text=row.text,
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
        scores=json.loads(row.scores) if row.scores else None,
        comment=row.comment,
        scored_at=row.scored_at,
    )


def submit_paper(
    session: Session, room_id: str, actor: str, text: str, by: str | None, now: float
) -> PositionPaper:
    """Store (or replace) the seat's paper; a new text clears an earlier score. The room's
    stored size follows, so the bounds per network count papers too."""
    row = session.get(PositionPaper, (room_id, actor))
    room = session.get(Room, room_id)
    if room is None:
        raise NotFound("That room no longer exists.", code="room_not_found")
    before = len(row.text.encode("utf-8")) if row is not None else 0
    if row is None:
        row = PositionPaper(room_id=room_id, actor=actor, text=text, submitted_at=now)
    row.text, row.submitted_by, row.submitted_at = text, by, now
    row.scores, row.comment, row.scored_at = None, None, None
    room.stored_bytes += len(text.encode("utf-8")) - before
    session.add(row)
    session.add(room)
    session.flush()
    return row


def score_paper(
    session: Session, room_id: str, actor: str, scores: dict[str, int], comment: str | None,
    now: float,
) -> PositionPaper:
    row = session.get(PositionPaper, (room_id, actor))
    if row is None:
        raise NotFound(
            f"{shown(actor, 'That seat')} has not submitted a position paper yet.",
            code="paper_not_found",
        )
    row.scores, row.comment, row.scored_at = json.dumps(scores), comment, now
    session.add(row)
    session.flush()
    return row


def papers_of(session: Session, room_id: str) -> list[PositionPaper]:
    query = (
        select(PositionPaper)
        .where(col(PositionPaper.room_id) == room_id)
        .order_by(col(PositionPaper.actor))
    )
    return list(session.exec(query).all())


def paper_of(session: Session, room_id: str, actor: str) -> PositionPaper | None:
    return session.get(PositionPaper, (room_id, actor))


def as_papers(rows: list[PositionPaper], names: Mapping[str, str]) -> list[Paper]:
    return [_paper(row, names) for row in rows]


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def papers_csv(papers: list[Paper], rubric: Rubric, seats: list[tuple[str, str]]) -> str:
    """One row per seat (in seat order, those without a paper too) for a gradebook."""
    by_actor = {paper.actor: paper for paper in papers}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["seat", "delegation", "submitted_by", "submitted_at", "characters",
         *rubric.criteria, "total", "comment", "paper"]
    )
    for actor, name in seats:
        paper = by_actor.get(actor)
        if paper is None:
            writer.writerow([actor, _cell(name), "", "", 0, *([""] * len(rubric.criteria)),
                             "", "", ""])
            continue
        when = datetime.fromtimestamp(paper.submitted_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        scores = paper.scores or {}
        writer.writerow(
            [actor, _cell(name), _cell(paper.submitted_by), when, len(paper.text),
             *(scores.get(c, "") for c in rubric.criteria),
             "" if paper.total is None else paper.total, _cell(paper.comment), _cell(paper.text)]
        )
    return out.getvalue()

