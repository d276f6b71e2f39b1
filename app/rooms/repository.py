"""SQL for rooms, seats, events and snapshots. Functions take a session; they never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, text, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from app.models import (
    ConferenceRoom,
    EventRecord,
    Room,
    RosterEntry,
    Seat,
    ServerSecret,
    Snapshot,
    Student,
)

# A room's seats as the rows the table holds, in actor order (``RoomRepository.seat_rows``).
SeatRows = tuple[tuple[object, ...], ...]


def seats_from_rows(rows: SeatRows) -> list[Seat]:
    names = [column.name for column in Seat.__table__.columns]  # type: ignore[attr-defined]
    return [Seat(**dict(zip(names, row, strict=True))) for row in rows]


# The advisory lock that room creations take on PostgreSQL (any fixed number will do).
ROOM_LOCK = 7_346_101


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    type: str
    at: float
    body: str


class RoomRepository:
    """Every query the rooms domain makes, in one place."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # Rooms

    def add_room(self, room: Room, seats: Sequence[Seat], initial_state: str) -> None:
        self.session.add(room)
        self.session.flush()
        self.session.add_all(list(seats))
        self.session.add(Snapshot(room_id=room.id, seq=0, state=initial_state))

    def room_by_code(self, code: str) -> Room | None:
        return self.session.exec(select(Room).where(Room.code == code)).first()

    def room_by_id(self, room_id: str) -> Room | None:
        return self.session.get(Room, room_id)

    def pending_deadlines(self) -> list[tuple[str, float]]:
        """Open rooms with a timer running: they must tick even if nobody opens them."""
        query = select(Room.id, Room.next_deadline).where(
            col(Room.closed).is_(False), col(Room.next_deadline).is_not(None)
        )
        return [
            (room_id, deadline)
            for room_id, deadline in self.session.exec(query)
            if deadline is not None
        ]

    def secret(self, name: str, make: str) -> str:
        """The deployment's secret ``name``, stored as ``make`` if there is none yet."""
        found = self.session.get(ServerSecret, name)
        if found is not None:
            return found.value
        self.session.add(ServerSecret(name=name, value=make))
        self.session.flush()
        return make

    def serialise_room_creation(self) -> None:
        """Make concurrent room creations on several PostgreSQL workers take turns (until the
        transaction ends). Within one worker the service's lock does it; several workers on one
        SQLite file are not made to take turns."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ROOM_LOCK})

    def usage_of(self, creator: str | None) -> tuple[int, int]:
        """Rooms and stored bytes of one creator (every creator when None)."""
        query = select(func.count(col(Room.id)), func.coalesce(func.sum(Room.stored_bytes), 0))
        if creator is not None:
            query = query.where(Room.creator == creator)
        count, size = self.session.exec(query).one()
        return int(count), int(size)

    def expired_room_ids(self, idle_before: float, closed_before: float) -> list[str]:
        """Rooms unused since ``idle_before``, or closed before ``closed_before``."""
        last_use = func.coalesce(Room.last_active_at, Room.created_at)
        closed_at = func.coalesce(Room.closed_at, last_use)
        query = select(Room.id).where(
            or_(last_use < idle_before, col(Room.closed).is_(True) & (closed_at < closed_before))
        )
        return list(self.session.exec(query).all())

    def delete_room(self, room_id: str) -> None:
        """The room and everything in it: every row of every table that belongs to a room
        (``room_id``: events, snapshots, seats, its place in a conference, and whatever a later
        table keeps per room), so a new table cannot be forgotten here; dependants first. The
        roster's students seated in it are keyed by their committee, so they go first."""
        for place in self.session.exec(
            select(ConferenceRoom).where(ConferenceRoom.room_id == room_id)
        ).all():
            self.session.execute(
                delete(RosterEntry).where(
                    col(RosterEntry.conference_id) == place.conference_id,
                    col(RosterEntry.committee) == place.committee,
                )
            )
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name != Room.__tablename__ and "room_id" in table.c:
                self.session.execute(delete(table).where(table.c.room_id == room_id))
        self.session.execute(delete(Room).where(col(Room.id) == room_id))

    def record_deadline(self, room_id: str, next_deadline: float | None) -> None:
        self.session.execute(
            update(Room).where(col(Room.id) == room_id).values(next_deadline=next_deadline)
        )

    def record_activity(
        self, room_id: str, now: float | None, next_deadline: float | None
    ) -> None:
        """The room's next timer, and when a person last used it (``now``; None: the server's
        own tick, which is not use)."""
        values: dict[str, float | None] = {"next_deadline": next_deadline}
        if now is not None:
            values["last_active_at"] = now
        self.session.execute(update(Room).where(col(Room.id) == room_id).values(**values))

    def mark_used(self, room_ids: list[str], now: float) -> None:
        """Rooms a person has open (on this worker) are in use, whether or not they send."""
        if room_ids:
            self.session.execute(
                update(Room).where(col(Room.id).in_(room_ids)).values(last_active_at=now)
            )

    def save_room(self, room: Room) -> Room:
        self.session.add(room)
        self.session.flush()
        return room

    # Seats

    def seats(self, room_id: str) -> list[Seat]:
        query = select(Seat).where(Seat.room_id == room_id).order_by(col(Seat.actor))
        return list(self.session.exec(query).all())

    def seat_rows(self, room_id: str) -> SeatRows:
        """The room's seats as plain tuples (cheap to compare: building 50 Seat models on every
        wake-up from another worker was the catch-up's largest cost)."""
        columns = list(Seat.__table__.columns)  # type: ignore[attr-defined]
        query = sa_select(*columns).where(col(Seat.room_id) == room_id).order_by(col(Seat.actor))
        return tuple(tuple(row) for row in self.session.execute(query).all())

    def seat(self, room_id: str, actor: str) -> Seat | None:
        return self.session.get(Seat, (room_id, actor))

    def claim_free_seat(
        self, room_id: str, actor: str, token_hash: str, display_name: str | None, now: float
    ) -> bool:
        """Give the seat to ``token_hash`` only if it is still free (one atomic UPDATE, so two
        students clicking the same seat at once cannot both get it)."""
        result = self.session.execute(
            update(Seat)
            .where(
                col(Seat.room_id) == room_id,
                col(Seat.actor) == actor,
                col(Seat.token_hash).is_(None),
            )
            .values(token_hash=token_hash, display_name=display_name, claimed_at=now)
        )
        self.session.expire_all()
        return bool(getattr(result, "rowcount", 0) == 1)

    def save_seat(self, seat: Seat) -> Seat:
        self.session.add(seat)
        self.session.flush()
        return seat

    # Students (co-delegates and roles without a seat)

    def students(self, room_id: str) -> list[Student]:
        query = select(Student).where(Student.room_id == room_id).order_by(
            col(Student.joined_at), col(Student.id)
        )
        return list(self.session.exec(query).all())

    def student(self, room_id: str, student_id: str) -> Student | None:
        return self.session.get(Student, (room_id, student_id))

    def add_student(self, student: Student) -> Student:
        self.session.add(student)
        self.session.flush()
        return student

    def save_student(self, student: Student) -> Student:
        self.session.add(student)
        self.session.flush()
        return student

    # Events and snapshots

    def append_events(self, room_id: str, events: Sequence[StoredEvent]) -> None:
        """Insert in one flush; a taken ``(room_id, seq)`` raises ``IntegrityError``."""
        self.session.add_all(
            [
                EventRecord(
                    room_id=room_id, seq=event.seq, type=event.type, at=event.at, body=event.body
                )
                for event in events
            ]
        )
        self.session.flush()

    def add_snapshot(self, room_id: str, seq: int, state: str) -> None:
        self.session.merge(Snapshot(room_id=room_id, seq=seq, state=state))
        self.session.flush()

    def latest_snapshot(self, room_id: str) -> Snapshot | None:
        query = (
            select(Snapshot).where(Snapshot.room_id == room_id).order_by(col(Snapshot.seq).desc())
        )
        return self.session.exec(query.limit(1)).first()

    def snapshot_at(self, room_id: str, seq: int) -> Snapshot | None:
        return self.session.get(Snapshot, (room_id, seq))

    def events_after(
        self, room_id: str, seq: int, *, up_to: int | None = None
    ) -> list[StoredEvent]:
        query = select(EventRecord).where(EventRecord.room_id == room_id, EventRecord.seq > seq)
        if up_to is not None:
            query = query.where(EventRecord.seq <= up_to)
        rows = self.session.exec(query.order_by(col(EventRecord.seq))).all()
        return [StoredEvent(seq=row.seq, type=row.type, at=row.at, body=row.body) for row in rows]
