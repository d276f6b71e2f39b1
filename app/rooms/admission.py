"""Every check on a command before the engine sees it.

At the socket, in this order: the socket's own rate, the rate of every socket of its seat token
or chair key together, a read-only screen, a seat the chair released, a chair key that was
replaced, a command only the server's clock sends, and the fields the server fills in itself.
In the room's writer, in the order commands are applied: a room the chair closed, and a bot
sent to a seat a student holds (the engine lets a bot take any seat; only the app knows which
ones students hold). The engine then decides whether the command is in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.models import Room, Seat, Student
from app.protocol import CommandEnvelope, ErrorCode
from app.ratelimit import TokenBucket
from app.rooms.access import holds_chair_key, holds_seat
from app.rooms.codec import CommandRefused
from app.rooms.schemas import Identity
from app.settings import Settings
from game_rules.session.state import SYSTEM, SessionState

RESERVED_FIELDS = ("actor", "now", "by_student")
# The server sends these itself: its clock, and what other rooms of the conference decided.
SERVER_ONLY_COMMANDS = frozenset(
    {"tick", "receive_from_conference", "record_sent_to_conference"}
)
SEAT_HELD = "seat_held_by_student"
VOTE_CAST_BY_CO_DELEGATE = "vote_cast_by_co_delegate"


class CommandAdmission:
    """The checks one socket's commands pass before they go to the room's writer."""

    def __init__(
        self, identity: Identity, settings: Settings, seat_commands: TokenBucket | None = None
    ) -> None:
        self.identity = identity
        self._rate = TokenBucket(settings.rate_limit_per_second, settings.rate_limit_burst)
        # Shared by every socket of the same seat token or chair key (see socket_caps).
        self._seat_commands = seat_commands

    def admit(
        self,
        envelope: CommandEnvelope,
        body: dict[str, Any],
        room: Room,
        seats: Mapping[str, Seat],
        students: Mapping[str, Student] | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """The actor and the fields to submit, or ``CommandRefused``."""
        if not self._rate.try_take():
            raise CommandRefused(
                ErrorCode.RATE_LIMITED, "You are sending too fast; wait a moment and try again."
            )
        if self._seat_commands is not None and not self._seat_commands.try_take():
            raise CommandRefused(
                ErrorCode.RATE_LIMITED,
                "Your screens together are sending too fast; wait a moment and try again.",
            )
        identity = self.identity
        actor = identity.acts_as
        if actor is None:
            raise CommandRefused(
                ErrorCode.READ_ONLY, "This is a read-only screen; join a seat to take part."
            )
        if identity.role == "delegate" and not holds_seat(identity, seats, students):
            raise CommandRefused(
                ErrorCode.SEAT_RELEASED,
                "The chair has released this seat, so it no longer acts from this device. "
                "Ask the chair, or pick a seat again.",
            )
        if identity.role == "chair" and not holds_chair_key(identity, room):
            raise CommandRefused(ErrorCode.UNAUTHORIZED, "This chair key is no longer valid.")
        if envelope.type in SERVER_ONLY_COMMANDS:
            raise CommandRefused(
                ErrorCode.NOT_PERMITTED,
                "Only the server sends this (its clock, or what another room of the "
                "conference decided); nobody needs to.",
            )
        for reserved in RESERVED_FIELDS:
            if reserved in body:
                raise CommandRefused(
                    ErrorCode.INVALID_COMMAND,
                    f'Do not send "{reserved}": the server fills it in from who you are '
                    "and its clock.",
                )
        return actor, {key: value for key, value in body.items() if key not in ("id", "v")}


def admit_in_order(
    room: Room,
    seats: Mapping[str, Seat],
    actor: str,
    fields: Mapping[str, Any],
    *,
    state: SessionState | None = None,
    student: str | None = None,
    students: Mapping[str, Student] | None = None,
) -> None:
    """The checks the writer makes as it reaches the command; raise ``CommandRefused``."""
    if room.closed and actor != SYSTEM:
        raise CommandRefused(
            ErrorCode.ROOM_CLOSED,
            "The chair has closed this room; it can be read but not changed.",
        )
    refuse_bot_on_held_seat(fields, seats)
    if state is not None:
        refuse_second_co_delegate_vote(state, actor, fields, student, students or {})


def refuse_second_co_delegate_vote(
    state: SessionState,
    actor: str,
    fields: Mapping[str, Any],
    student: str | None,
    students: Mapping[str, Student],
) -> None:
    """One vote per seat: once one co-delegate has cast the seat's ballot in this round, the
    others may not (the engine sees one seat; only the app knows who sits on it)."""
    vote = state.vote
    if fields.get("type") != "cast_vote" or vote is None or student is None:
        return
    ballot = vote.ballot_of(actor)
    if ballot is None or ballot.round != vote.roll_round or ballot.by_student in (None, student):
        return
    caster = students.get(ballot.by_student or "")
    name = caster.display_name if caster is not None and caster.display_name else "A co-delegate"
    raise CommandRefused(
        VOTE_CAST_BY_CO_DELEGATE,
        f"{name} has already cast the vote of {state.setup.name_of(actor)}: a seat has one "
        "vote, whoever of its co-delegates casts it. Agree on it together next time.",
    )


def refuse_bot_on_held_seat(fields: Mapping[str, Any], seats: Mapping[str, Seat]) -> None:
    """Raise ``CommandRefused`` when an ``assign_bot`` names a seat a student holds."""
    if fields.get("type") != "assign_bot":
        return
    seat = seats.get(str(fields.get("seat")))
    if seat is None or seat.token_hash is None:
        return
    holder = f" ({seat.display_name})" if seat.display_name else ""
    raise CommandRefused(
        SEAT_HELD,
        f"A student{holder} holds the seat of {seat.actor_name}, so a bot cannot take it. "
        "Release the seat first (Seats: Release), then hand it to a bot.",
    )
