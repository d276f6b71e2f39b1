"""SQL tables. The event table is the truth; snapshots only make loading fast."""

from __future__ import annotations

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Room(SQLModel, table=True):
    __tablename__ = "rooms"

    id: str = Field(primary_key=True, max_length=32)
    code: str = Field(max_length=16, unique=True, index=True)
    title: str = Field(max_length=200)
    scenario_id: str = Field(max_length=200)
    forum_id: str | None = Field(default=None, max_length=200)
    # The scenario's variant (its `variants:` id), or None for the scenario as written.
    variant_id: str | None = Field(default=None, max_length=40)
    scenario_source: str = Field(sa_column=Column(Text, nullable=False))
    chair_key_hash: str = Field(max_length=64)
    cochair_key_hash: str | None = Field(default=None, max_length=64)
    locked: bool = False
    closed: bool = False
    created_at: float
    # Kept readable (not hashed) so the chair console can show the projector link again: it
    # admits one to the projector's read-only view and nothing more.
    projector_key: str | None = Field(default=None, max_length=64)
    spectators_allowed: bool = True
    # The room's default language (one of app.i18n.LANGUAGES), set by the chair: the projector
    # shows it, and every device that has not chosen its own language.
    language: str = Field(default="en", max_length=8)
    # A hash of the creating client's address: rooms per address are bounded.
    creator: str | None = Field(default=None, max_length=64, index=True)
    stored_bytes: int = 0
    last_active_at: float | None = Field(default=None, index=True)
    closed_at: float | None = None
    # The room's next timer, so a room nobody has opened since a restart still ticks on time.
    next_deadline: float | None = Field(default=None, index=True)
    # When a chair's screen first connected: a conference's secretariat is warned of a room
    # whose chair never came.
    chair_seen_at: float | None = None


class Seat(SQLModel, table=True):
    __tablename__ = "seats"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_seats_token_hash"),)

    room_id: str = Field(primary_key=True, foreign_key="rooms.id", max_length=32)
    actor: str = Field(primary_key=True, max_length=100)
    actor_name: str = Field(max_length=200)
    kind: str = Field(max_length=40)
    display_name: str | None = Field(default=None, max_length=80)
    token_hash: str | None = Field(default=None, max_length=64)
    claimed_at: float | None = None


class EventRecord(SQLModel, table=True):
    __tablename__ = "events"

    room_id: str = Field(primary_key=True, foreign_key="rooms.id", max_length=32)
    seq: int = Field(primary_key=True)
    type: str = Field(max_length=80)
    at: float
    body: str = Field(sa_column=Column(Text, nullable=False))


class Snapshot(SQLModel, table=True):
    __tablename__ = "snapshots"

    room_id: str = Field(primary_key=True, foreign_key="rooms.id", max_length=32)
    seq: int = Field(primary_key=True)
    state: str = Field(sa_column=Column(Text, nullable=False))


class ServerSecret(SQLModel, table=True):
    """Secrets every worker of a deployment shares (the key that hashes client addresses)."""

    __tablename__ = "server_secrets"

    name: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


class Conference(SQLModel, table=True):
    """Rooms run together under one secretariat (``app/conferences``)."""

    __tablename__ = "conferences"

    id: str = Field(primary_key=True, max_length=32)
    code: str = Field(max_length=16, unique=True, index=True)
    title: str = Field(max_length=200)
    secretariat_key_hash: str = Field(max_length=64)
    # The conference file's crossings between rooms (JSON, ``app/conferences/plan.py``).
    crossings: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    created_at: float


class ConferenceRoom(SQLModel, table=True):
    """One committee of a conference: a room, and what the conference calls it."""

    __tablename__ = "conference_rooms"
    __table_args__ = (UniqueConstraint("room_id", name="uq_conference_rooms_room"),)

    conference_id: str = Field(primary_key=True, foreign_key="conferences.id", max_length=32)
    committee: str = Field(primary_key=True, max_length=40)
    room_id: str = Field(foreign_key="rooms.id", max_length=32)
    name: str = Field(max_length=200)
    position: int = 0
    one_delegation_per_school: bool = False


class RosterEntry(SQLModel, table=True):
    """A student of the roster and the seat they were given. The seat token is kept readable,
    as the projector key is: the secretariat prints the links again, and a token admits to one
    seat only (the chair releasing or reassigning the seat ends it)."""

    __tablename__ = "roster_entries"

    conference_id: str = Field(primary_key=True, foreign_key="conferences.id", max_length=32)
    committee: str = Field(primary_key=True, max_length=40)
    actor: str = Field(primary_key=True, max_length=100)
    school: str = Field(max_length=120, index=True)
    student: str = Field(max_length=80)
    seat_token: str = Field(max_length=64)
    line: int = 0


class PositionPaper(SQLModel, table=True):
    """A seat's position paper, written before the session, and the chair's rubric score."""

    __tablename__ = "position_papers"

    room_id: str = Field(primary_key=True, foreign_key="rooms.id", max_length=32)
    actor: str = Field(primary_key=True, max_length=100)
    text: str = Field(sa_column=Column(Text, nullable=False))
    # The display name of whoever submitted it last (a co-delegate may resubmit).
    submitted_by: str | None = Field(default=None, max_length=80)
    submitted_at: float
    # {criterion id: score} as JSON, the chair's comment; null until scored.
    scores: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    scored_at: float | None = None


class Student(SQLModel, table=True):
    """One student of a room, by display name only: on a seat (alone or as one of its
    co-delegates) or in a role without one (rapporteur). Their own token acts for the seat; the
    chair's rubric score, the rapporteur's report and their written reflections are kept here,
    and go with the room."""

    __tablename__ = "students"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_students_token_hash"),)

    room_id: str = Field(primary_key=True, foreign_key="rooms.id", max_length=32)
    id: str = Field(primary_key=True, max_length=16)
    # The seat, or None for a role without a seat.
    actor: str | None = Field(default=None, max_length=100)
    role: str = Field(default="delegate", max_length=20)
    display_name: str | None = Field(default=None, max_length=80)
    # None once the chair released the seat: the record stays, the token no longer acts.
    token_hash: str | None = Field(default=None, max_length=64)
    joined_at: float
    # {criterion: score} as JSON and the chair's comment; null until scored.
    scores: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    scored_at: float | None = None
    # The rapporteur's report of the session.
    report: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # {prompt number: answer} as JSON: written answers to the debrief's discussion prompts.
    answers: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
