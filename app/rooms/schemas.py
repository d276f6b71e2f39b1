"""HTTP request and response bodies of the rooms API, and ``Identity``: who a token makes its
bearer, for HTTP and WebSocket alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from game_rules.session.state import CHAIR

Role = Literal["delegate", "chair", "projector", "spectator"]


@dataclass(frozen=True)
class Identity:
    """Who a connection or a request speaks for, decided from its token alone."""

    role: Role
    viewer: str
    actor: str | None
    token_hash: str | None
    # The student (``students`` row) the token belongs to, if any: co-delegates share a seat.
    student: str | None = None

    @property
    def acts_as(self) -> str | None:
        """The engine actor of its commands; None for a read-only screen."""
        if self.role == "delegate":
            return self.actor
        return CHAIR if self.role == "chair" else None


class CreateRoomRequest(BaseModel):
    scenario_id: str = Field(description="A bundled scenario, as listed by GET /api/scenarios.")
    forum_id: str | None = Field(
        default=None, description="The scenario's forum; its first if left out."
    )
    variant_id: str | None = Field(
        default=None,
        description="One of the scenario's variants (GET /api/scenarios lists them), e.g. "
        "lesson-45; the scenario as written if left out.",
    )


class CreatedRoomResponse(BaseModel):
    code: str
    title: str
    chair_key: str = Field(description="Secret. Whoever has it chairs the room.")
    chair_url: str
    join_url: str
    room_url: str
    projector_url: str


class RoomSummary(BaseModel):
    code: str
    title: str
    scenario_id: str
    forum_id: str | None
    variant_id: str | None = Field(
        default=None, description="The scenario variant the room plays; null: as written."
    )
    locked: bool
    closed: bool
    seq: int
    language: str = Field(
        default="en",
        description="The room's default language (ar, zh, en, fr, ru or es), set by the chair: "
        "the projector shows it, and every device that has not chosen its own.",
    )
    expires_at: float = Field(
        description="When the room and its record will be deleted unless it is used again "
        "(seconds since the Unix epoch); export it before then."
    )


class ScreensResponse(BaseModel):
    """The room's read-only screens, as the worker that answers sees them."""

    projector_url: str | None = Field(
        description="The projector link, with its key (null for a room made before projector "
        "links: POST .../projector makes one)."
    )
    projectors: int = Field(description="Sockets open with the projector link.")
    spectators: int = Field(description="Read-only sockets open without a key.")
    spectators_allowed: bool = Field(
        description="False: only the projector link may watch; other read-only screens are "
        "closed (4003) and refused."
    )


class SpectatorsRequest(BaseModel):
    allowed: bool


class LanguageRequest(BaseModel):
    language: Literal["ar", "zh", "en", "fr", "ru", "es"] = Field(
        description="One of the six official languages of the UN."
    )


class CoDelegate(BaseModel):
    student: str
    display_name: str | None


class SeatResponse(BaseModel):
    actor: str
    name: str
    kind: str
    delegation_kind: str | None = None
    flag: str | None = None
    claimed: bool
    display_name: str | None
    bot: bool = Field(
        default=False,
        description="A bot plays this seat; a student who claims it takes over from the bot.",
    )
    co_delegates: list[CoDelegate] = Field(
        default_factory=list,
        description="The students on this seat (one, or two or three co-delegates), by "
        "display name, first come first.",
    )
    max_students: int = Field(
        description="How many students the seat takes (co-delegates included); one more is "
        "refused with seat_full.",
    )


class ClaimSeatRequest(BaseModel):
    # No max_length here: the service refuses long names with display_name_too_long.
    display_name: str | None = Field(
        default=None, description="At most 80 characters after spaces are tidied."
    )
    co_delegate: bool = Field(
        default=False,
        description="Join a seat a student already holds, as one of its co-delegates (at most "
        "3 students per seat, one vote per seat); without it a held seat is seat_taken.",
    )


class JoinRoleRequest(BaseModel):
    display_name: str | None = Field(
        default=None, description="At most 80 characters after spaces are tidied."
    )


class IssuedRoleResponse(BaseModel):
    role: str
    student: str
    token: str = Field(description="Secret. Keep it in the browser; it is the role.")
    room_url: str


class RenameSeatRequest(BaseModel):
    # No max_length here: the service refuses long names with display_name_too_long.
    display_name: str | None = Field(
        default=None, description="At most 80 characters after spaces are tidied."
    )


class IssuedSeatResponse(BaseModel):
    actor: str
    token: str = Field(description="Secret. Keep it in the browser; it is the seat.")
    room_url: str
    student: str | None = Field(
        default=None, description="This student's id (the events they cause carry it)."
    )


class LockRequest(BaseModel):
    locked: bool = True


class CoChairResponse(BaseModel):
    chair_key: str
    chair_url: str


class RoomStateResponse(BaseModel):
    seq: int
    role: Role
    viewer: str
    seat: str | None
    server_time: float
    view: dict[str, Any]


class WhoAmIResponse(BaseModel):
    role: Role
    actor: str | None
    display_name: str | None
    student: str | None = None
    student_role: str | None = Field(
        default=None, description="delegate, or a role without a seat (rapporteur)."
    )
