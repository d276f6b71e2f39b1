"""``GET /api/scenarios``: what a facilitator can start a room from."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from app.errors import InvalidInput
from app.scenarios.class_fit import MAX_CLASS_SIZE, class_fits
from game_rules.session.localized import Translations, i18n_field

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


class ForumSummary(BaseModel):
    id: str
    name: str


class VariantSummary(BaseModel):
    id: str
    name: str
    minutes: int
    description: str | None = None
    seats: int = Field(description="Seats students can take in this variant's first forum.")


class ScenarioSummary(BaseModel):
    id: str
    title: str
    summary: str
    level: str | None = None
    duration_minutes: int | None = None
    language: str | None = None
    languages: list[str] = Field(
        default=[], description="Every language its texts are given in, its own first."
    )
    forums: list[ForumSummary]
    actors: int
    seats: int = Field(description="Seats students can take in the first forum, as written.")
    variants: list[VariantSummary] = []
    i18n: Translations = i18n_field()


@router.get("", response_model=list[ScenarioSummary])
async def list_scenarios(request: Request) -> list[dict[str, Any]]:
    catalog = request.app.state.catalog
    return [loaded.summary() for loaded in catalog.list()]


class ClassFitResponse(BaseModel):
    scenario_id: str
    title: str
    variant_id: str | None = Field(description="null: the scenario as written.")
    variant_name: str | None
    minutes: int
    seats: int
    students: int
    bots: int = Field(description="Seats no student takes; bots play them.")
    shared: int = Field(description="Seats with two or three students (co-delegates).")
    three: int = Field(description="Of those, seats with three students.")
    without_seat: int = Field(description="Students in roles without a seat (press, rapporteur).")
    without_role: int = Field(description="Students left without any role.")
    fits: bool = Field(description="Every student has a role and every seat a student.")


@router.get("/fit", response_model=list[ClassFitResponse])
async def fit_class(request: Request, students: str) -> list[dict[str, Any]]:
    """For a class of ``students``, how each scenario and variant seats them: the ones where
    every student has a role and every seat a student first, then by length."""
    digits = students.isascii() and students.isdigit() and len(students) <= 4
    if not digits or not 1 <= int(students) <= MAX_CLASS_SIZE:
        raise InvalidInput(
            f"The class size must be a whole number from 1 to {MAX_CLASS_SIZE}.",
            code="invalid_class_size",
            extra={"min": 1, "max": MAX_CLASS_SIZE},
        )
    catalog = request.app.state.catalog
    return [fit.as_json() for fit in class_fits(catalog.list(), int(students))]
