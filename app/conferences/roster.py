"""A conference's roster: a CSV of schools, students and the delegations they asked for, and
the seat each student is given. Pure: the service reads the rooms' seats and writes the result.

Columns (a header row first; the order is free, names are case-insensitive)::

    school,student,committee,delegation
    Lycée Condorcet,Amina Diallo,sc,FRA
    Lycée Condorcet,Jules Martin,ga,
    Riverside High,Sam Lee,ga,USA

- ``school`` and ``student``: required (at most 120 and 80 characters).
- ``committee``: a committee id of the conference file (``sc``, ``ga``).
- ``delegation``: the delegation asked for (its id, ``FRA``); left empty, the student gets the
  committee's first free member seat, then its first free observer seat.

A committee with ``one_delegation_per_school`` seats at most one student of each school.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.conferences.plan import FileProblem, file_error

ROSTER_COLUMNS = ("school", "student", "committee", "delegation")
MAX_SCHOOL = 120
MAX_STUDENT = 80
MAX_ROSTER_ROWS = 5000


@dataclass(frozen=True)
class RosterRow:
    line: int
    school: str
    student: str
    committee: str
    delegation: str | None


@dataclass(frozen=True)
class CommitteeSeats:
    """What the roster may use of one committee: its free seats, members first, in order."""

    name: str
    free: tuple[str, ...]
    taken: frozenset[str]
    delegations: frozenset[str]
    one_delegation_per_school: bool


@dataclass(frozen=True)
class Assignment:
    line: int
    school: str
    student: str
    committee: str
    actor: str


def read_roster(content: bytes) -> list[RosterRow]:
    """The rows of the roster, or ``InvalidInput`` (``bad_roster``) naming each bad line."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        problem = FileProblem(line=None, message="the file is not UTF-8 text; save it as UTF-8.")
        raise file_error("bad_roster", [problem], "roster") from bad
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        problem = FileProblem(line=1, message="the file is empty; start with the header row.")
        raise file_error("bad_roster", [problem], "roster") from None
    missing = [c for c in ROSTER_COLUMNS[:3] if c not in header]
    unknown = [c for c in header if c and c not in ROSTER_COLUMNS]
    if missing or unknown:
        message = f"the header row must name the columns {', '.join(ROSTER_COLUMNS)}"
        if missing:
            message += f"; missing: {', '.join(missing)}"
        if unknown:
            message += f"; unknown: {', '.join(unknown)}"
        raise file_error("bad_roster", [FileProblem(line=1, message=message + ".")], "roster")
    at = {name: header.index(name) for name in ROSTER_COLUMNS if name in header}
    rows: list[RosterRow] = []
    problems: list[FileProblem] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROSTER_ROWS:
                problems.append(
                    FileProblem(
                        line=line,
                        message=f"a roster holds at most {MAX_ROSTER_ROWS} "
                        "students; split the file.",
                    )
                )
                break
            if len(cells) > len(header):
                problems.append(
                    FileProblem(
                        line=line,
                        message=f"{len(cells)} cells, but the header names "
                        f"{len(header)} columns (a comma inside a name needs quotes).",
                    )
                )
                continue

            def cell(name: str, cells: list[str] = cells) -> str:
                index = at.get(name)
                return cells[index].strip() if index is not None and index < len(cells) else ""

            row = RosterRow(
                line=line,
                school=cell("school"),
                student=cell("student"),
                committee=cell("committee").lower(),
                delegation=cell("delegation") or None,
            )
            for name, value, limit in (
                ("school", row.school, MAX_SCHOOL),
                ("student", row.student, MAX_STUDENT),
                ("committee", row.committee, 40),
            ):
                if not value:
                    problems.append(FileProblem(line=line, message=f"the {name} is empty."))
                elif len(value) > limit:
                    problems.append(
                        FileProblem(
                            line=line,
                            message=f"the {name} has {len(value)} characters; at most {limit}.",
                        )
                    )
            rows.append(row)
    except csv.Error as bad:
        problems.append(
            FileProblem(line=reader.line_num, message=f"this is not valid CSV ({bad}).")
        )
    if problems:
        raise file_error("bad_roster", problems, "roster")
    if not rows:
        problem = FileProblem(line=2, message="the roster has no students after its header row.")
        raise file_error("bad_roster", [problem], "roster")
    return rows


def assign_seats(
    rows: Sequence[RosterRow], committees: Mapping[str, CommitteeSeats]
) -> list[Assignment]:
    """A seat for every student: the delegation asked for where it is free, else the first
    free seat; one school per delegation in a committee that asks for it. All or nothing: any
    problem raises ``InvalidInput`` (``bad_roster``) listing every line that cannot be seated."""
    problems: list[FileProblem] = []
    held: dict[tuple[str, str], int] = {}  # (committee, actor) -> line that holds it
    schools: dict[tuple[str, str], int] = {}  # (committee, school) -> line of its delegation
    waiting: list[RosterRow] = []
    assignments: list[Assignment] = []

    def school_problem(row: RosterRow, seats: CommitteeSeats) -> FileProblem | None:
        first = schools.get((row.committee, row.school.casefold()))
        if seats.one_delegation_per_school and first is not None:
            return FileProblem(
                line=row.line,
                message=f"{row.school} already holds a delegation in {seats.name} (line "
                f"{first}); that committee seats one delegation per school.",
            )
        return None

    def seat(row: RosterRow, actor: str) -> None:
        held[(row.committee, actor)] = row.line
        schools.setdefault((row.committee, row.school.casefold()), row.line)
        assignments.append(Assignment(row.line, row.school, row.student, row.committee, actor))

    for row in rows:
        seats = committees.get(row.committee)
        if seats is None:
            problems.append(
                FileProblem(
                    line=row.line,
                    message=f"there is no committee {row.committee!r}; the committees are "
                    f"{', '.join(sorted(committees))}.",
                )
            )
            continue
        if row.delegation is None:
            waiting.append(row)
            continue
        actor = row.delegation.upper()
        if actor not in seats.delegations:
            problems.append(
                FileProblem(
                    line=row.line,
                    message=f"{seats.name} has no delegation {row.delegation!r}; it has "
                    f"{', '.join(sorted(seats.delegations))}.",
                )
            )
        elif (row.committee, actor) in held:
            problems.append(
                FileProblem(
                    line=row.line,
                    message=f"{actor} in {seats.name} is already given to line "
                    f"{held[(row.committee, actor)]}; ask for another or leave it empty.",
                )
            )
        elif actor in seats.taken:
            problems.append(
                FileProblem(
                    line=row.line,
                    message=f"{actor} in {seats.name} is already held by a student; the chair "
                    "can release it, or ask for another.",
                )
            )
        elif (problem := school_problem(row, seats)) is not None:
            problems.append(problem)
        else:
            seat(row, actor)
    for row in waiting:
        seats = committees[row.committee]
        if (problem := school_problem(row, seats)) is not None:
            problems.append(problem)
            continue
        free = next((a for a in seats.free if (row.committee, a) not in held), None)
        if free is None:
            problems.append(
                FileProblem(
                    line=row.line,
                    message=f"{seats.name} has no free seat left for {row.student}.",
                )
            )
            continue
        seat(row, free)
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise file_error("bad_roster", problems, "roster")
    return sorted(assignments, key=lambda a: a.line)
