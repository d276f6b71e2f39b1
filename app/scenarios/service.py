"""Finds, loads and checks scenario files for the rooms service."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput, NotFound, shown
from game_rules.scenario.setup import (
    Scenario,
    ScenarioError,
    load_scenario,
    parse_scenario,
    start_session,
)
from game_rules.scenario.variants import scenario_variant
from game_rules.session.localized import i18n_entry
from game_rules.session.state import SessionState

logger = logging.getLogger(__name__)

SCENARIO_SUFFIXES = (".yaml", ".yml")
SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class LoadedScenario:
    id: str
    scenario: Scenario
    source: str

    @property
    def title(self) -> str:
        return self.scenario.metadata.title.text

    @property
    def forum_ids(self) -> list[str]:
        return [str(forum.id) for forum in self.scenario.forums]

    @property
    def variant_ids(self) -> list[str]:
        return [str(variant.id) for variant in self.scenario.variants]

    def cut(self, variant_id: str | None) -> Scenario:
        """The scenario as written (None) or as one of its variants cuts it."""
        if variant_id is not None and variant_id not in self.variant_ids:
            known = ", ".join(self.variant_ids) or "none (start it as written)"
            raise InvalidInput(
                f"This scenario has no variant {shown(variant_id)}. Choose one of: {known}.",
                code="unknown_variant",
            )
        return scenario_variant(self.scenario, variant_id)

    def start(
        self, forum_id: str | None, now: float, variant_id: str | None = None
    ) -> SessionState:
        return start_session(self.cut(variant_id), forum_id=forum_id, now=now)

    def summary(self) -> dict[str, Any]:
        metadata = self.scenario.metadata
        return {
            "id": self.id,
            "title": metadata.title.text,
            "summary": metadata.summary.text,
            "level": metadata.level,
            "duration_minutes": metadata.duration_minutes,
            "language": getattr(metadata, "language", None),
            "languages": list(metadata.all_languages()),
            **i18n_entry(title=metadata.title, summary=metadata.summary),
            "forums": [
                {"id": forum.id, "name": forum.name.text} for forum in self.scenario.forums
            ],
            "actors": len(self.scenario.actors),
            "seats": seat_count(self.scenario),
            "variants": [
                {
                    "id": variant.id,
                    "name": variant.name,
                    "minutes": variant.minutes,
                    "description": variant.description,
                    "seats": seat_count(scenario_variant(self.scenario, variant.id)),
                }
                for variant in self.scenario.variants
            ],
        }


def seat_count(scenario: Scenario, forum_id: str | None = None) -> int:
    """The seats a student can take in a session of the forum (the first by default)."""
    return len(scenario.forum(forum_id).seat_ids())


def room_scenario(source: str, scenario_id: str, variant_id: str | None) -> Scenario:
    """The scenario a room plays: its stored text, cut to its variant."""
    scenario = parse_scenario(source, source=f"{scenario_id}.yaml")
    return scenario_variant(scenario, variant_id)


class ScenarioCatalog:
    """The scenarios folder; files are re-read when they change on disk."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache: dict[Path, tuple[float, LoadedScenario]] = {}

    def paths(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(
            path
            for path in self.directory.iterdir()
            if path.suffix in SCENARIO_SUFFIXES and path.is_file()
        )

    def list(self) -> list[LoadedScenario]:
        found = []
        for path in self.paths():
            try:
                found.append(self._load(path))
            except Exception as failure:
                logger.warning("skipping scenario %s: %s", path, failure)
        return found

    def get(self, scenario_id: str) -> LoadedScenario:
        for path in self.paths():
            if path.stem == scenario_id:
                return self._load(path)
        known = ", ".join(path.stem for path in self.paths()) or "none"
        raise NotFound(
            f"There is no bundled scenario {shown(scenario_id)}. Known scenarios: {known}.",
            code="scenario_not_found",
        )

    def _load(self, path: Path) -> LoadedScenario:
        mtime = path.stat().st_mtime
        cached = self._cache.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        loaded = LoadedScenario(
            id=path.stem, scenario=load_scenario(path), source=path.read_text(encoding="utf-8")
        )
        self._cache[path] = (mtime, loaded)
        return loaded


def load_uploaded_scenario(filename: str | None, content: bytes, max_bytes: int) -> LoadedScenario:
    """Check an uploaded file; problems come back as ``file:line:column: message``."""
    name = SAFE_FILENAME.sub("_", Path(filename or "scenario.yaml").name) or "scenario.yaml"
    if not name.endswith(SCENARIO_SUFFIXES):
        name += ".yaml"
    if len(content) > max_bytes:
        raise InvalidInput(
            f"{name} is {len(content) // 1024} KiB; "
            f"a scenario file may be at most {max_bytes // 1024} KiB.",
            code="invalid_scenario",
            extra={"errors": [{"location": name, "message": "file too large"}]},
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as broken:
        raise InvalidInput(
            f"{name} is not UTF-8 text. Save it as UTF-8 and upload it again.",
            code="invalid_scenario",
            extra={"errors": [{"location": f"{name}:1:1", "message": "not UTF-8 text"}]},
        ) from broken
    try:
        scenario = parse_scenario(text, source=name)
    except ScenarioError as failure:
        problems = [
            {
                "location": f"{problem.source}:{problem.line}:{problem.column}",
                "message": problem.message,
                "hint": problem.hint,
                "severity": problem.severity,
            }
            for problem in failure.problems
        ]
        # A missing translation never refuses a file: the message names the first error.
        first = next(p for p in failure.problems if p.severity == "error")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidInput(
            f"{first}{more}", code="invalid_scenario", extra={"errors": problems}
        ) from failure
    return LoadedScenario(id=Path(name).stem, scenario=scenario, source=text)
