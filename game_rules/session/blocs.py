"""Negotiating groups in the room: who belongs, who coordinates, who speaks for the group.

Only the scenario's negotiating groups (``negotiating: true``: the G77 and China, the EU,
AOSIS...) have a channel, a common position and a voice on the speakers list; a category such
as the P5 has none. A group's members are the delegations whose ``blocs`` name it; its
coordinator (the G77's chair, the EU's presidency) proposes the common position and speaks for
it, or names a member who does. A group without a coordinator lets any member do both.
"""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.session.state import CHAIR, SYSTEM, SessionState
from game_rules.session.turn import Doing, doing_said, who
from game_rules.session.world import BlocRules


def bloc_members(state: SessionState, bloc: str) -> tuple[str, ...]:
    """The group's delegations in this forum, members first, in the forum's order."""
    setup = state.setup
    return tuple(d.id for d in (*setup.members, *setup.observers) if bloc in d.blocs)


def blocs_of(state: SessionState, seat: str) -> tuple[str, ...]:
    """The negotiating groups ``seat`` belongs to, in the order its delegation lists them."""
    delegation = state.setup.delegation(seat)
    groups = state.world.rules.blocs
    return tuple(b for b in delegation.blocs if b in groups) if delegation is not None else ()


def require_bloc(state: SessionState, bloc: str) -> BlocRules:
    rules = state.world.rules.blocs.get(bloc)
    if rules is None:
        raise NotInOrder(
            "'{bloc}' is not a negotiating group in this scenario (groups: {groups}).",
            code="unknown_bloc",
            bloc=bloc,
            groups=", ".join(sorted(state.world.rules.blocs)) or "none",
        )
    return rules


def require_bloc_member(state: SessionState, actor: str, bloc: str) -> BlocRules:
    """``actor`` belongs to the group (the chair writes to any group's channel)."""
    rules = require_bloc(state, bloc)
    if actor not in (CHAIR, SYSTEM) and actor not in bloc_members(state, bloc):
        raise NotPermitted(
            "{member} is not a member of {bloc}: only its members take part in its "
            "coordination.",
            code="not_in_bloc",
            member=who(state, actor),
            bloc=rules.name,
        )
    return rules


def require_coordinator(state: SessionState, actor: str, bloc: str, doing: Doing) -> BlocRules:
    """Only the coordinator (any member, when the group has none) may ``doing``."""
    rules = require_bloc_member(state, actor, bloc)
    if actor in (CHAIR, SYSTEM):
        raise NotPermitted(
            "The chair cannot {doing}: only a member of the group can.", doing=doing_said(doing)
        )
    if rules.coordinator is not None and actor != rules.coordinator:
        raise NotPermitted(
            "Only {coordinator}, the coordinator of {bloc}, can {doing}.",
            code="not_bloc_coordinator",
            coordinator=who(state, rules.coordinator),
            bloc=rules.name,
            doing=doing_said(doing),
        )
    return rules


def spokesperson(state: SessionState, bloc: str) -> str | None:
    """Who speaks on behalf of the group: the member the coordinator named, else the
    coordinator; None when any member may."""
    rules = state.world.rules.blocs.get(bloc)
    if rules is None:
        return None
    return state.world.bloc_speakers.get(bloc) or rules.coordinator


def check_speaks_for(state: SessionState, member: str, bloc: str) -> None:
    """``member`` may take the floor on behalf of ``bloc``."""
    rules = require_bloc_member(state, member, bloc)
    speaker = spokesperson(state, bloc)
    if speaker is not None and member != speaker:
        raise NotPermitted(
            "{member} cannot speak on behalf of {bloc}: {speaker} does, as its coordinator "
            "decided.",
            code="not_bloc_spokesperson",
            member=who(state, member),
            bloc=rules.name,
            speaker=who(state, speaker),
        )
