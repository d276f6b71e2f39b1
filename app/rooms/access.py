"""Who a token makes its bearer in a room, and whether it still does.

A seat token holds its seat until the chair releases or reassigns it, a chair key the chair
until the chair replaces that co-chair key, a projector key the wall until the chair makes a
new projector link. What a socket may send (``admission``) and what it may read (``secrecy``)
both ask here, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.models import Room, Seat, Student
from app.rooms.schemas import Identity
from app.security import hash_secret
from game_rules.session.state import CHAIR, PUBLIC


def identity_of(
    room: Room,
    seats: Iterable[Seat],
    token_hash: str,
    students: Mapping[str, Student] | None = None,
) -> Identity | None:
    """The identity a token's hash stands for in this room, or None for a token it does not
    know. A co-delegate's own token acts for the seat it shares; a student without a seat
    (rapporteur) reads what the projector reads."""
    if token_hash in (room.chair_key_hash, room.cochair_key_hash):
        return Identity(role="chair", viewer=CHAIR, actor=None, token_hash=token_hash)
    if room.projector_key is not None and token_hash == hash_secret(room.projector_key):
        return Identity(role="projector", viewer=PUBLIC, actor=None, token_hash=token_hash)
    student = student_of(students or {}, token_hash)
    held = {seat.actor for seat in seats if seat.token_hash is not None}
    for seat in seats:
        if seat.token_hash == token_hash:
            return Identity(
                role="delegate",
                viewer=seat.actor,
                actor=seat.actor,
                token_hash=token_hash,
                student=student.id if student is not None else None,
            )
    if student is None:
        return None
    if student.actor is None:
        return Identity(
            role="spectator", viewer=PUBLIC, actor=None, token_hash=token_hash, student=student.id
        )
    if student.actor not in held:
        return None
    return Identity(
        role="delegate",
        viewer=student.actor,
        actor=student.actor,
        token_hash=token_hash,
        student=student.id,
    )


def student_of(students: Mapping[str, Student], token_hash: str | None) -> Student | None:
    if token_hash is None:
        return None
    for student in students.values():
        if student.token_hash == token_hash:
            return student
    return None


SPECTATOR = Identity(role="spectator", viewer=PUBLIC, actor=None, token_hash=None)


def holds_seat(
    identity: Identity, seats: Mapping[str, Seat], students: Mapping[str, Student] | None = None
) -> bool:
    """The seat's own token, or a co-delegate's while the seat is held and the student still
    sits on it."""
    seat = seats.get(identity.actor or "")
    if seat is None or seat.token_hash is None:
        return False
    if seat.token_hash == (identity.token_hash or ""):
        return True
    student = (students or {}).get(identity.student or "")
    return (
        student is not None
        and student.actor == seat.actor
        and student.token_hash is not None
        and student.token_hash == identity.token_hash
    )


def holds_chair_key(identity: Identity, room: Room) -> bool:
    return identity.token_hash in (room.chair_key_hash, room.cochair_key_hash)


def holds_projector_key(identity: Identity, room: Room) -> bool:
    key = room.projector_key
    return key is not None and hash_secret(key) == identity.token_hash
