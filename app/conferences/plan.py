"""The conference file: its committees (each a scenario, a forum, a variant) and the crossings
between them, read from YAML or CSV into typed values, every problem with its line.

YAML::

    title: Model UN 2027
    committees:
      - id: sc
        name: Security Council
        scenario: security-council-protection
      - id: ga
        name: General Assembly
        scenario: general-assembly-2030
        one_delegation_per_school: true
    crossings:
      - when: veto          # a veto on a draft in ``from`` opens the 76/262 debate in ``to``
        from: sc
        to: [ga]
      - when: adopted       # a resolution adopted in ``from`` becomes an inject in ``to``
        from: ga
        to: [sc]

CSV (committees only; a header row, then one committee a line)::

    id,name,scenario,forum,variant,one_delegation_per_school
    sc,Security Council,security-council-protection,,,no
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from app.errors import InvalidInput

CommitteeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
MAX_COMMITTEES = 50
MAX_PROBLEMS = 50
CSV_COLUMNS = ("id", "name", "scenario", "forum", "variant", "one_delegation_per_school")
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class CommitteePlan(_Part):
    id: CommitteeId = Field(description="Short id used in crossings and rosters: 'sc', 'ga'.")
    name: Name = Field(description="What the conference calls it: 'Security Council'.")
    scenario: Slug = Field(description="A bundled scenario id (GET /api/scenarios).")
    forum: Slug | None = Field(default=None, description="The scenario's forum; its first.")
    variant: Slug | None = Field(
        default=None, description="The scenario's variant, where it has `variants:`."
    )
    one_delegation_per_school: bool = Field(
        default=False,
        description="A school holds at most one delegation in this committee (rosters).",
    )


class CrossingPlan(_Part):
    when: Literal["veto", "adopted"]
    from_: CommitteeId = Field(alias="from")
    to: Annotated[list[CommitteeId], Field(min_length=1, max_length=MAX_COMMITTEES)]


class ConferencePlan(_Part):
    title: Name
    committees: Annotated[list[CommitteePlan], Field(min_length=1, max_length=MAX_COMMITTEES)]
    crossings: list[CrossingPlan] = Field(default_factory=list, max_length=200)

    def committee(self, committee_id: str) -> CommitteePlan | None:
        return next((c for c in self.committees if c.id == committee_id), None)


class FileProblem(BaseModel):
    line: int | None = Field(description="1-based line of the file, where known.")
    message: str


def file_error(code: str, problems: list[FileProblem], what: str) -> InvalidInput:
    first = problems[0]
    where = f"line {first.line}: " if first.line is not None else ""
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return InvalidInput(
        f"The {what} has problems; {where}{first.message}{more}",
        code=code,
        extra={"problems": [p.model_dump() for p in problems[:MAX_PROBLEMS]]},
    )


def parse_plan(content: bytes, filename: str | None, *, default_title: str = "") -> ConferencePlan:
    """The conference file, YAML or (by its name ending in .csv) CSV; ``InvalidInput`` with
    code ``bad_conference_file`` and each problem's line otherwise."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        raise file_error(
            "bad_conference_file",
            [FileProblem(line=None, message="the file is not UTF-8 text; save it as UTF-8.")],
            "conference file",
        ) from bad
    if (filename or "").lower().endswith(".csv"):
        return _plan_from_csv(text, default_title or _title_from(filename))
    return _plan_from_yaml(text)


def parse_plan_json(content: bytes) -> ConferencePlan:
    """The conference as the new-room page sends it (JSON of the YAML's shape)."""
    try:
        plan = ConferencePlan.model_validate_json(content)
    except ValidationError as invalid:
        problems = [FileProblem(line=None, message=_say(error)) for error in invalid.errors()]
        raise file_error("bad_conference_file", problems, "conference") from invalid
    return _checked(plan, lambda _path: None)


def _title_from(filename: str | None) -> str:
    stem = (filename or "Conference").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("-", " ").replace("_", " ").strip() or "Conference"


def _plan_from_yaml(text: str) -> ConferencePlan:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as bad:
        mark = getattr(bad, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = FileProblem(line=line, message=f"this is not valid YAML ({bad}).")
        raise file_error("bad_conference_file", [problem], "conference file") from bad
    if not isinstance(raw, dict):
        problem = FileProblem(
            line=1, message="the file must be a mapping with title, committees and crossings."
        )
        raise file_error("bad_conference_file", [problem], "conference file")
    try:
        plan = ConferencePlan.model_validate(raw)
    except ValidationError as invalid:
        problems = [
            FileProblem(line=_line_of(root, error["loc"]), message=_say(error))
            for error in invalid.errors()
        ]
        raise file_error("bad_conference_file", problems, "conference file") from invalid
    return _checked(plan, lambda path: _line_of(root, path))


def _plan_from_csv(text: str, title: str) -> ConferencePlan:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [c for c in ("id", "name", "scenario") if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        message = (
            f"the header row must name the columns {', '.join(CSV_COLUMNS)} "
            "(forum, variant and one_delegation_per_school may be left out)"
        )
        if missing:
            message += f"; missing: {', '.join(missing)}"
        if unknown:
            message += f"; unknown: {', '.join(unknown)}"
        raise file_error(
            "bad_conference_file", [FileProblem(line=1, message=message + ".")], "conference file"
        )
    committees: list[dict[str, Any]] = []
    lines: list[int] = []
    problems: list[FileProblem] = []
    for row in reader:
        line = reader.line_num
        cells = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue
        flag = cells.get("one_delegation_per_school", "").lower()
        if flag not in YES | NO:
            problems.append(
                FileProblem(
                    line=line,
                    message=f"one_delegation_per_school is {flag!r}; write yes or no.",
                )
            )
        committees.append(
            {
                "id": cells.get("id", ""),
                "name": cells.get("name", ""),
                "scenario": cells.get("scenario", ""),
                "forum": cells.get("forum") or None,
                "variant": cells.get("variant") or None,
                "one_delegation_per_school": flag in YES,
            }
        )
        lines.append(line)
    try:
        plan = ConferencePlan.model_validate({"title": title, "committees": committees})
    except ValidationError as invalid:
        for error in invalid.errors():
            loc = error["loc"]
            index = loc[1] if len(loc) > 1 else None
            at = lines[index] if isinstance(index, int) and index < len(lines) else None
            problems.append(FileProblem(line=at, message=_say(error)))
    if problems:
        raise file_error("bad_conference_file", problems, "conference file")
    return _checked(plan, lambda path: lines[path[1]] if len(path) > 1 else None)


def _checked(plan: ConferencePlan, line_of: Any) -> ConferencePlan:
    """References within the file: unique committee ids, crossings between known ones."""
    problems: list[FileProblem] = []
    seen: set[str] = set()
    for index, committee in enumerate(plan.committees):
        if committee.id in seen:
            problems.append(
                FileProblem(
                    line=line_of(("committees", index, "id")),
                    message=f"the committee id {committee.id!r} is used twice; "
                    "give each committee its own.",
                )
            )
        seen.add(committee.id)
    for index, crossing in enumerate(plan.crossings):
        for field, ref in [("from", crossing.from_), *[("to", t) for t in crossing.to]]:
            if ref not in seen:
                problems.append(
                    FileProblem(
                        line=line_of(("crossings", index, field)),
                        message=f"crossing {field} {ref!r}: there is no such committee "
                        f"(the committees are {', '.join(sorted(seen))}).",
                    )
                )
        if crossing.from_ in crossing.to:
            problems.append(
                FileProblem(
                    line=line_of(("crossings", index, "to")),
                    message=f"a crossing goes from {crossing.from_!r} to another room, "
                    "not back to itself.",
                )
            )
    if problems:
        raise file_error("bad_conference_file", problems, "conference file")
    return plan


def _say(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}." if where else f"{error['msg']}."


def _line_of(root: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    """The line of the YAML node at ``path`` (or of the nearest parent found)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            found = node.value[part] if part < len(node.value) else None
        else:
            found = None
        if found is None:
            break
        node = found
        line = node.start_mark.line + 1
    return line
