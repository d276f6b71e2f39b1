"""The per-student record of a session, from its event log alone (issue 13, item 2).

Co-delegates share a seat, so the seat alone cannot say who did what: each event a student
caused carries ``by_student``. An event without it (a seat claimed before students were kept,
or a speech the chair gave the floor for) counts for the student who asked for it, else for the
seat's first student. Notes are counted, never read. Objectives are the seat's, so every
student of a seat shares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

from game_rules.report.debrief import FLOOR_CLOSERS, ObjectiveResult
from game_rules.session import events as ev
from game_rules.session import world as wev
from game_rules.session.events import Event


@dataclass(frozen=True)
class StudentSeat:
    """A student as the assessment knows them: an id and a seat (None: a role without one)."""

    student: str
    seat: str | None


@dataclass(frozen=True)
class StudentRecord:
    """What one student did in the session; every field after ``seat`` is a count."""

    student: str
    seat: str | None
    speeches: int = 0
    speaking_seconds: float = 0.0
    points: int = 0
    motions: int = 0
    amendments_proposed: int = 0
    amendments_accepted: int = 0
    drafts_sponsored: int = 0
    drafts_signed: int = 0
    notes_sent: int = 0
    pledges_made: int = 0
    pledges_kept: int = 0
    objectives_met: int = 0
    objectives: int = 0


#: The record's counts, in the order the CSV gives them.
COUNTS: tuple[str, ...] = tuple(f.name for f in fields(StudentRecord)[2:])


@dataclass
class _Tally:
    records: dict[str, StudentRecord]
    first_of_seat: dict[str, str]
    # Who asked for the floor for each seat, who proposed each amendment and made each pledge.
    asked_to_speak: dict[str, str] = field(default_factory=dict)
    proposer_of: dict[str, str] = field(default_factory=dict)
    pledger_of: dict[str, str] = field(default_factory=dict)

    def student(self, seat: str, by_student: str | None) -> str | None:
        """The student an event of ``seat`` counts for, or None (a bot, or nobody's seat)."""
        if by_student is not None:
            record = self.records.get(by_student)
            if record is not None and record.seat == seat:
                return by_student
        return self.first_of_seat.get(seat)

    def add(self, student: str | None, **counts: float) -> None:
        if student is None:
            return
        record = self.records[student]
        self.records[student] = replace(
            record,
            **{name: getattr(record, name) + value for name, value in counts.items()},
        )


def assess(
    students: Sequence[StudentSeat],
    events: Iterable[Event],
    objectives: Iterable[ObjectiveResult] = (),
) -> list[StudentRecord]:
    """One record per student, in the order given."""
    tally = _Tally(
        records={s.student: StudentRecord(s.student, s.seat) for s in students},
        first_of_seat={},
    )
    for s in students:
        if s.seat is not None:
            tally.first_of_seat.setdefault(s.seat, s.student)
    speaking: tuple[str | None, float] | None = None
    last_at = 0.0
    for event in events:
        last_at = max(last_at, event.at)
        if isinstance(event, (ev.FloorGiven, *FLOOR_CLOSERS)) and speaking is not None:
            tally.add(speaking[0], speaking_seconds=event.at - speaking[1])
            speaking = None
        if isinstance(event, ev.FloorGiven):
            speaker = tally.asked_to_speak.pop(event.speaker, None) or tally.student(
                event.speaker, event.by_student
            )
            tally.add(speaker, speeches=1)
            speaking = (speaker, event.at)
        else:
            _count(tally, event)
    if speaking is not None:
        tally.add(speaking[0], speaking_seconds=last_at - speaking[1])
    met: dict[str, int] = {}
    total: dict[str, int] = {}
    for objective in objectives:
        total[objective.delegation] = total.get(objective.delegation, 0) + 1
        met[objective.delegation] = met.get(objective.delegation, 0) + int(objective.met is True)
    return [
        replace(
            record,
            speaking_seconds=round(record.speaking_seconds, 1),
            objectives_met=met.get(record.seat or "", 0),
            objectives=total.get(record.seat or "", 0),
        )
        for record in (tally.records[s.student] for s in students)
    ]


def _count(tally: _Tally, event: Event) -> None:
    by = event.by_student
    match event:
        case ev.SpeakerAdded(member=seat):
            student = tally.student(seat, by)
            if student is not None:
                tally.asked_to_speak[seat] = student
        case ev.PointRaised(point=point):
            tally.add(tally.student(point.actor, by), points=1)
        case ev.MotionProposed(motion=motion):
            tally.add(tally.student(motion.mover, by), motions=1)
        case ev.AmendmentSubmitted(amendment=amendment):
            student = tally.student(amendment.proposer, by)
            if student is not None:
                tally.proposer_of[amendment.id] = student
            tally.add(student, amendments_proposed=1)
        case ev.AmendmentIncorporated(amendment_id=amendment_id):
            tally.add(tally.proposer_of.get(amendment_id), amendments_accepted=1)
        case ev.AmendmentDecided(amendment_id=amendment_id, adopted=True):
            tally.add(tally.proposer_of.get(amendment_id), amendments_accepted=1)
        case ev.DraftSubmitted(draft=draft):
            for seat in draft.sponsors:
                tally.add(tally.student(seat, by), drafts_sponsored=1)
        case ev.DraftSigned(signer=seat, as_sponsor=as_sponsor):
            if as_sponsor:
                tally.add(tally.student(seat, by), drafts_sponsored=1)
            else:
                tally.add(tally.student(seat, by), drafts_signed=1)
        case ev.NoteSent(note=note):
            tally.add(tally.student(note.sender, by), notes_sent=1)
        case wev.PledgeMade(pledge=pledge):
            student = tally.student(pledge.pledger, by)
            if student is not None:
                tally.pledger_of[pledge.id] = student
            tally.add(student, pledges_made=1)
        case wev.PledgeResolved(pledge_id=pledge_id, kept=True):
            tally.add(tally.pledger_of.get(pledge_id), pledges_kept=1)
        case _:
            pass


def records_by_student(records: Iterable[StudentRecord]) -> Mapping[str, StudentRecord]:
    return {record.student: record for record in records}
