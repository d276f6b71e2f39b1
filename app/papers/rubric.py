"""The one rubric of a room: position papers and students are scored on it alike.

The default follows the issue's criteria (preparation, diplomacy, use of procedure, use of
evidence) on a scale of 1 (beginning) to 4 (excellent); a scenario's own ``rubric:`` block
replaces it. ``checked_score`` is the one check of a score against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, Field, StrictInt

from app.errors import InvalidInput, shown
from app.models import Room
from app.scenarios.service import room_scenario
from game_rules.text import text_problem

MAX_COMMENT_CHARS = 2_000
SCORE_EXAMPLE = '{"scores": {"preparation": 3, ...}, "comment": "..."}'


class ScoreRequest(BaseModel):
    """The body of a score on the rubric: a paper's or a student's."""

    scores: dict[str, StrictInt] = Field(description="A whole score for every criterion.")
    comment: str | None = None


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[str, ...]
    lowest: int
    highest: int

    def as_json(self) -> dict[str, object]:
        return {"criteria": list(self.criteria), "lowest": self.lowest, "highest": self.highest}


DEFAULT_RUBRIC = Rubric(
    criteria=("preparation", "diplomacy", "procedure", "evidence"), lowest=1, highest=4
)


def room_rubric(room: Room) -> Rubric:
    return scenario_rubric(room.scenario_source, room.scenario_id, room.variant_id)


@lru_cache(maxsize=64)
def scenario_rubric(source: str, scenario_id: str, variant_id: str | None) -> Rubric:
    spec = room_scenario(source, scenario_id, variant_id).rubric
    if spec is None:
        return DEFAULT_RUBRIC
    return Rubric(criteria=tuple(spec.criteria), lowest=spec.lowest, highest=spec.highest)


def checked_score(
    rubric: Rubric, scores: Mapping[str, int], comment: str | None
) -> tuple[dict[str, int], str | None]:
    """Every criterion scored, each within the scale, and a comment that can be stored."""
    for criterion, value in scores.items():
        if criterion not in rubric.criteria:
            raise InvalidInput(
                f"The rubric has no criterion {shown(criterion)}; it has "
                f"{', '.join(rubric.criteria)}.",
                code="unknown_criterion",
                extra={"criteria": list(rubric.criteria)},
            )
        if not rubric.lowest <= value <= rubric.highest:
            raise InvalidInput(
                f"A score is a whole number from {rubric.lowest} to {rubric.highest}; "
                f"{criterion} was given {value}.",
                code="score_out_of_range",
                extra={"lowest": rubric.lowest, "highest": rubric.highest},
            )
    missing = [c for c in rubric.criteria if c not in scores]
    if missing:
        raise InvalidInput(
            f"Score every criterion of the rubric; missing: {', '.join(missing)}.",
            code="score_incomplete",
            extra={"criteria": list(rubric.criteria)},
        )
    if comment is not None:
        if len(comment) > MAX_COMMENT_CHARS:
            raise InvalidInput(
                f"A comment may be at most {MAX_COMMENT_CHARS:,} characters; this one has "
                f"{len(comment):,}.",
                code="comment_too_long",
                extra={"max_chars": MAX_COMMENT_CHARS},
            )
        problem = text_problem(comment)
        if problem is not None:
            raise InvalidInput(
                f"The comment cannot be stored: {problem}.",
                code="invalid_text",
                extra={"field": "comment"},
            )
        comment = comment.strip() or None
    return {c: int(scores[c]) for c in rubric.criteria}, comment
