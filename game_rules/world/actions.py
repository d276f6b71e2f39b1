"""An actor's own levers (scenario ``actions:``): what a non-state actor can do besides speak.

Observers at the Council speak under rule 39 of its provisional rules of procedure; in the field
an NGO has levers a state does not: a field report that makes a figure public, aid that only it
can deliver (with the host's consent to it as a provider, Charter Art. 2(7)), naming who blocks,
convening a side event. Each has limited uses.
"""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.session import commands as cmd
from game_rules.session.scripting import ActorAction
from game_rules.session.state import SessionState
from game_rules.session.turn import Turn
from game_rules.session.world import (
    ActorActionTaken,
    Cause,
    NewsItem,
    NewsPublished,
    consent_scope,
)
from game_rules.world.injects import apply_effects


def check_take_action(state: SessionState, command: cmd.TakeAction) -> ActorAction:
    """The one check of ``take_action``: the handler and the offers both run it."""
    world = state.world
    action = world.rules.actor_action(command.actor, command.action_id)
    if action is None:
        raise NotPermitted(
            "{member} has no action '{action}'.",
            member=state.setup.name_of(command.actor),
            action=command.action_id,
        )
    if world.uses_left(command.actor, action) <= 0:
        raise NotInOrder("'{title}' has been used up.", title=action.title)
    host = action.needs_consent_of
    if host is not None:
        record = world.consent_limited.get(consent_scope(host, None, command.actor))
        record = record or world.consent_of(host)
        if record is None or not record.given:
            raise NotInOrder(
                "{host} has not consented to {member} working on its territory "
                "(UN Charter Art. 2(7)).",
                host=state.setup.name_of(host),
                member=state.setup.name_of(command.actor),
            )
    return action


def take_action_command(turn: Turn, command: cmd.TakeAction) -> None:
    action = check_take_action(turn.state, command)
    left = turn.state.world.uses_left(command.actor, action) - 1
    turn.emit(
        ActorActionTaken(
            at=turn.now,
            actor=command.actor,
            action_id=action.id,
            kind=action.kind,
            title=action.title,
            uses_left=left,
        )
    )
    if action.headline is not None:
        news = NewsItem(headline=action.headline, at=turn.now, source_event=None)
        turn.emit(NewsPublished(at=turn.now, news=news))
    name = turn.state.setup.name_of(command.actor)
    cause = Cause(
        kind="actor_action", ref=f"{command.actor}/{action.id}", text=f"{name}: {action.title}"
    )
    apply_effects(turn, action.effects, cause)
