"""How much one seat, and all seats together, may add to a room: the quotas.

A room's state is sent to every screen, so whatever one delegation adds (drafts, amendments,
notes, pledges) every other device pays for. Each seat's quota is generous for a real session (a
busy Model UN committee sees a handful of drafts per delegation) and small enough that one
student cannot grow a room without bound; the room's own quota bounds the sum, so one client
holding many seats cannot either. The chair is not limited: the chair key is the facilitator's.

Over a quota the engine refuses with :class:`QuotaExceeded` (code ``quota_exceeded``), whose
message names the limit. ``docs/protocol.md`` lists the same numbers (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game_rules.errors import RuleViolation
from game_rules.messages import say
from game_rules.session.state import CHAIR, SYSTEM, SessionState

QuotaKind = Literal[
    "drafts",
    "amendments",
    "notes",
    "pledges",
    "pending_motions",
    "pending_points",
    "ballots_per_vote",
    "press_items",
    "bloc_notes",
    "common_positions",
]


@dataclass(frozen=True)
class Quota:
    limit: int
    #: What the limit counts, for the refusal ("drafts submitted in this session"): a phrase
    #: to translate, passed to the refusal as a message.
    counts: str


QUOTAS: dict[QuotaKind, Quota] = {
    "drafts": Quota(12, "draft resolutions submitted in this session"),
    "amendments": Quota(40, "amendments proposed in this session"),
    "notes": Quota(300, "private notes sent in this session"),
    "pledges": Quota(60, "vote pledges made in this session"),
    "pending_motions": Quota(3, "motions waiting for the chair at once"),
    "pending_points": Quota(3, "points waiting for the chair at once"),
    # Under consensus a delegation may change its position; this many times per question.
    "ballots_per_vote": Quota(8, "positions taken on one question"),
    "press_items": Quota(40, "news items filed in this session"),
    "bloc_notes": Quota(300, "notes to negotiating groups sent in this session"),
    "common_positions": Quota(20, "common positions proposed in this session"),
}


#: What all the delegations of one room together may add (the chair's own are not counted).
ROOM_QUOTAS: dict[QuotaKind, Quota] = {
    "drafts": Quota(60, "draft resolutions submitted in this session"),
    "amendments": Quota(300, "amendments proposed in this session"),
    "notes": Quota(3000, "private notes sent in this session"),
    "pledges": Quota(600, "vote pledges made in this session"),
    "press_items": Quota(200, "news items filed in this session"),
    "bloc_notes": Quota(3000, "notes to negotiating groups sent in this session"),
    "common_positions": Quota(200, "common positions proposed in this session"),
}


class QuotaExceeded(RuleViolation):
    """A seat, or the room, reached one of its quotas; the message says which and how many."""

    code = "quota_exceeded"

    def __init__(self, kind: QuotaKind, *, room: bool = False) -> None:
        quota = (ROOM_QUOTAS if room else QUOTAS)[kind]
        text = (
            "This room may have at most {limit} {counts}, and it has reached that limit."
            if room
            else "A delegation may have at most {limit} {counts}, and yours has reached that "
            "limit."
        )
        super().__init__(text, limit=quota.limit, counts=say(quota.counts))
        self.kind = kind
        self.limit = quota.limit


def used(state: SessionState, actor: str | None, kind: QuotaKind) -> int:
    """How much of ``kind`` the seat ``actor`` (every delegation when None) has used, read from
    the state itself."""

    def by(who: str) -> bool:
        return who not in (CHAIR, SYSTEM) if actor is None else who == actor

    match kind:
        case "drafts":
            # The scenario's own drafts were not submitted by anyone in the room.
            return sum(1 for d in state.drafts if not d.scripted and by(d.sponsors[0]))
        case "amendments":
            return sum(1 for a in state.amendments if by(a.proposer))
        case "notes":
            return sum(1 for n in state.notes if by(n.sender))
        case "pledges":
            return sum(1 for p in state.world.pledges if by(p.pledger))
        case "pending_motions":
            return sum(1 for m in state.motions if by(m.mover) and m.status == "pending")
        case "pending_points":
            return sum(1 for p in state.points if by(p.actor))
        case "press_items":
            return sum(1 for p in state.world.press_items if by(p.by))
        case "bloc_notes":
            return sum(1 for n in state.world.bloc_notes if by(n.sender))
        case "common_positions":
            return sum(1 for p in state.world.common_positions if by(p.proposer))
        case "ballots_per_vote":
            vote = state.vote
            return 0 if vote is None else sum(1 for b in vote.ballots if by(b.voter))


def require_quota(state: SessionState, actor: str, kind: QuotaKind) -> None:
    """Refuse one more ``kind`` from ``actor`` when the seat, or the room, has used its quota."""
    if actor in (CHAIR, SYSTEM):
        return
    if used(state, actor, kind) >= QUOTAS[kind].limit:
        raise QuotaExceeded(kind)
    room = ROOM_QUOTAS.get(kind)
    if room is not None and used(state, None, kind) >= room.limit:
        raise QuotaExceeded(kind, room=True)
