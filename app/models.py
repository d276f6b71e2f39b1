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
