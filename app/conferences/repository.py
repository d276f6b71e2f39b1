"""SQL for conferences, their committees and rosters. Functions take a session; they never
commit (the unit of work does)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.models import Conference, ConferenceRoom, Room, RosterEntry, Seat
from app.rooms.seats import new_student


class ConferenceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_conference(self, conference: Conference, rooms: Sequence[ConferenceRoom]) -> None:
        self.session.add(conference)
        self.session.flush()
        self.session.add_all(list(rooms))
        self.session.flush()

    def conference_by_code(self, code: str) -> Conference | None:
        return self.session.exec(select(Conference).where(Conference.code == code)).first()

    def conference_by_id(self, conference_id: str) -> Conference | None:
        return self.session.get(Conference, conference_id)

    def committees(self, conference_id: str) -> list[tuple[ConferenceRoom, Room]]:
        query = (
            select(ConferenceRoom, Room)
            .join(Room, col(Room.id) == col(ConferenceRoom.room_id))
            .where(ConferenceRoom.conference_id == conference_id)
            .order_by(col(ConferenceRoom.position))
        )
        return [(place, room) for place, room in self.session.exec(query).all()]

    def place_of_room(self, room_id: str) -> ConferenceRoom | None:
        query = select(ConferenceRoom).where(ConferenceRoom.room_id == room_id)
        return self.session.exec(query).first()

    def save_conference(self, conference: Conference) -> None:
        self.session.add(conference)
        self.session.flush()

    # Rosters

    def seats_of(self, room_ids: Sequence[str]) -> list[Seat]:
        query = select(Seat).where(col(Seat.room_id).in_(list(room_ids)))
        return list(self.session.exec(query.order_by(col(Seat.room_id))).all())

    def give_free_seat(
        self, room_id: str, actor: str, token_hash: str, display_name: str, now: float
    ) -> bool:
        """The seat to ``token_hash`` only if still free (another worker, or a student on the
        join page, may have just taken it)."""
        result = self.session.execute(
            update(Seat)
            .where(
                col(Seat.room_id) == room_id,
                col(Seat.actor) == actor,
                col(Seat.token_hash).is_(None),
            )
            .values(token_hash=token_hash, display_name=display_name, claimed_at=now)
        )
        given = bool(getattr(result, "rowcount", 0) == 1)
        if given:
            # The roster's student is a student of the room like any other (the assessment).
            self.session.add(new_student(room_id, actor, display_name, token_hash, now))
            self.session.flush()
        return given

    def add_roster_entries(self, entries: Sequence[RosterEntry]) -> None:
        for entry in entries:
            self.session.merge(entry)
        self.session.flush()

    def roster(self, conference_id: str) -> list[RosterEntry]:
        query = (
            select(RosterEntry)
            .where(RosterEntry.conference_id == conference_id)
            .order_by(col(RosterEntry.school), col(RosterEntry.student))
        )
        return list(self.session.exec(query).all())
