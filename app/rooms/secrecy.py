"""What each screen may read, decided here for the whole live layer.

- The viewer a socket reads as: its identity's while its token still holds the seat or the
  chair (``access``), the projector's (``public``) from the moment it does not, so a released
  seat's old device stops receiving that seat's notes, brief and pledges at once.
- A chair may choose not to read the delegations' notes (hello ``show_notes: false``), except
  where the scenario has the chair moderate them.
- Secret briefs: each seat reads its own, the chair reads all, nobody else any; they are never
  in the public view nor in events.

Everything else is the engine's to redact (``private_view``, ``view_event``), per viewer.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

from app.models import Room, Seat, Student
from app.rooms.access import holds_chair_key, holds_seat
from app.rooms.schemas import Identity
from app.rooms.wire import dumps
from app.scenarios.service import room_scenario
from game_rules.engine.views import brief_view
from game_rules.scenario.setup import ScenarioError
from game_rules.session.state import CHAIR, PUBLIC, SessionState

logger = logging.getLogger(__name__)


class Audience(NamedTuple):
    """Whom a frame is for: an engine viewer, less the notes a chair chose not to read."""

    viewer: str
    hide_notes: bool = False


class LiveRoom(Protocol):
    """The room as its writer holds it now (``RoomRuntime``)."""

    @property
    def room(self) -> Room: ...

    @property
    def seats(self) -> Mapping[str, Seat]: ...

    @property
    def students(self) -> Mapping[str, Student]: ...

    @property
    def state(self) -> SessionState: ...


def viewer_now(identity: Identity, live: LiveRoom) -> str:
    """The identity's viewer while its token holds what it joined as; ``public`` after."""
    if identity.role == "delegate" and not holds_seat(identity, live.seats, live.students):
        return PUBLIC
    if identity.role == "chair" and not holds_chair_key(identity, live.room):
        return PUBLIC
    return identity.viewer


def hides_notes(identity: Identity, live: LiveRoom, *, show_notes: bool) -> bool:
    # Where notes are moderated the chair must read them to pass or stop them.
    return (
        identity.role == "chair"
        and not show_notes
        and not live.state.procedure.notes_moderated
    )


def audience_now(identity: Identity, live: LiveRoom, *, show_notes: bool) -> Audience:
    return Audience(
        viewer_now(identity, live), hides_notes(identity, live, show_notes=show_notes)
    )


def audience_at_join(identity: Identity, live: LiveRoom, *, show_notes: bool) -> Audience:
    """A socket that was just identified reads as its identity."""
    return Audience(identity.viewer, hides_notes(identity, live, show_notes=show_notes))


def audience_of_request(identity: Identity) -> Audience:
    """An HTTP read: its token was identified for this request, and it has no notes setting."""
    return Audience(identity.viewer)


class SecretBriefs:
    """The scenario's private briefs: each seat reads its own, the chair reads all.

    Briefs never change during a session, so each viewer's JSON fragment is made once.
    """

    def __init__(self, briefs: dict[str, Any]) -> None:
        self._briefs = briefs
        self._fragments: dict[str, str] = {}

    def fragment(self, viewer: str) -> str:
        """The ``"brief": ...`` (or the chair's ``"briefs": ...``) member of ``me``, or ""."""
        if viewer not in self._fragments:
            if viewer == CHAIR:
                text = '"briefs":' + dumps(self._briefs) if self._briefs else ""
            elif viewer in self._briefs:
                text = '"brief":' + dumps(self._briefs[viewer])
            else:
                text = ""
            self._fragments[viewer] = text
        return self._fragments[viewer]


NO_BRIEFS = SecretBriefs({})


def briefs_of(room: Room) -> SecretBriefs:
    """The secret briefs of the room's scenario (the engine's state does not carry them)."""
    try:
        scenario = room_scenario(room.scenario_source, room.scenario_id, room.variant_id)
    except (ScenarioError, KeyError):
        logger.warning("room %s: its scenario no longer parses; briefs are not shown", room.code)
        return NO_BRIEFS
    return SecretBriefs(
        {actor: brief_view(brief) for actor, brief in scenario.briefs.items()}
    )
