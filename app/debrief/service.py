"""The debrief of a live room, and the replay check of its log.

Services never commit: reading is all they do here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.errors import NotFound, shown
from app.models import Snapshot
from app.rooms.codec import decode_event, decode_state
from app.rooms.repository import RoomRepository
from app.scenarios.service import room_scenario
from game_rules.report.debrief import Debrief, build_debrief, for_delegation
from game_rules.session.events import Event
from game_rules.session.fold import evolve
from game_rules.session.state import CHAIR, SessionState


@dataclass(frozen=True)
class RoomLog:
    """A room's initial state, its whole event log and its scenario text."""

    code: str
    scenario_id: str
    scenario_source: str
    initial: SessionState
    events: tuple[tuple[int, Event], ...]
    snapshots: tuple[tuple[int, str], ...] = ()
    variant_id: str | None = None


def read_room_log(session: Session, code: str) -> RoomLog:
    """Everything needed to rebuild the room ``code`` (its snapshot at seq 0 and every event)."""
    repository = RoomRepository(session)
    room = repository.room_by_code(code)
    if room is None:
        raise NotFound(
            f"There is no room with the code {shown(code, 'you typed')}.", code="room_not_found"
        )
    initial = repository.snapshot_at(room.id, 0)
    if initial is None:
        raise NotFound(
            f"Room {code} has no initial snapshot (seq 0), so it cannot be rebuilt.",
            code="snapshot_missing",
        )
    rows = repository.events_after(room.id, 0)
    snapshots = session.exec(
        select(Snapshot).where(Snapshot.room_id == room.id).order_by(col(Snapshot.seq))
    ).all()
    return RoomLog(
        code=room.code,
        scenario_id=room.scenario_id,
        scenario_source=room.scenario_source,
        initial=decode_state(initial.state),
        events=tuple((row.seq, decode_event(row.body)) for row in rows),
        snapshots=tuple((s.seq, s.state) for s in snapshots if s.seq > 0),
        variant_id=room.variant_id,
    )


def debrief_of(log: RoomLog, viewer: str, language: str | None = None) -> Debrief:
    """The chair's whole debrief, or one delegation's part of it; the scenario's texts in
    ``language`` where it gives them."""
    scenario = room_scenario(log.scenario_source, log.scenario_id, log.variant_id)
    events = [event for _, event in log.events]
    debrief = build_debrief(scenario, log.initial, events, language=language)
    return debrief if viewer == CHAIR else for_delegation(debrief, viewer)


@dataclass
class ReplayReport:
    """What ``plenary replay`` found: the rebuilt state and any snapshot that disagrees."""

    code: str
    events: int
    snapshots_checked: int = 0
    mismatches: list[int] = field(default_factory=list)
    final: SessionState | None = None

    @property
    def ok(self) -> bool:
        return not self.mismatches


def replay_room(log: RoomLog) -> ReplayReport:
    """Fold the log from the initial state; at each stored snapshot, compare."""
    snapshots = dict(log.snapshots)
    report = ReplayReport(code=log.code, events=len(log.events))
    state = log.initial
    for seq, event in log.events:
        state = evolve(state, event)
        stored = snapshots.get(seq)
        if stored is not None:
            report.snapshots_checked += 1
            if decode_state(stored) != state:
                report.mismatches.append(seq)
    report.final = state
    return report
