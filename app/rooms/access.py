"""Who a token makes its bearer in a room, and whether it still does.

A seat token holds its seat until the chair releases or reassigns it, a chair key the chair
until the chair replaces that co-chair key, a projector key the wall until the chair makes a
new projector link. What a socket may send (``admission``) and what it may read (``secrecy``)
both ask here, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.models import Room, Seat
from app.rooms.schemas import Identity
from app.security import hash_secret
from game_rules.session.state import CHAIR, PUBLIC


def identity_of(room: Room, seats: Iterable[Seat], token_hash: str) -> Identity | None:
    """The identity a token's hash stands for in this room, or None for a token it does not
    know."""
    if token_hash in (room.chair_key_hash, room.cochair_key_hash):
        return Identity(role="chair", viewer=CHAIR, actor=None, token_hash=token_hash)
    if room.projector_key is not None and token_hash == hash_secret(room.projector_key):
        return Identity(role="projector", viewer=PUBLIC, actor=None, token_hash=token_hash)
    for seat in seats:
        if seat.token_hash == token_hash:
            return Identity(
                role="delegate", viewer=seat.actor, actor=seat.actor, token_hash=token_hash
            )
    return None


SPECTATOR = Identity(role="spectator", viewer=PUBLIC, actor=None, token_hash=None)


def holds_seat(identity: Identity, seats: Mapping[str, Seat]) -> bool:
    seat = seats.get(identity.actor or "")
    return seat is not None and seat.token_hash == (identity.token_hash or "")


def holds_chair_key(identity: Identity, room: Room) -> bool:
    return identity.token_hash in (room.chair_key_hash, room.cochair_key_hash)


def holds_projector_key(identity: Identity, room: Room) -> bool:
    key = room.projector_key
    return key is not None and hash_secret(key) == identity.token_hash
