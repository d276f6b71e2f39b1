"""An actor's own levers (scenario ``actions:``): what a non-state actor can do besides speak.

Observers at the Council speak under rule 39 of its provisional rules of procedure; in the field
an NGO has levers a state does not: a field report that makes a figure public, aid that only it
can deliver (with the host's consent to it as a provider, Charter Art. 2(7)), naming who blocks,
convening a side event. Each has limited uses.
"""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.messages import say
from game_rules.session import commands as cmd
from game_rules.session.scripting import ActorAction
from game_rules.session.state import SessionState
from game_rules.session.turn import Turn
from game_rules.session.world import (
    ActorActionTaken,
    Cause,
    NewsItem,
    NewsPublished,
    TrustChanged,
    clamp,
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
    _check_target(state, command, action)
    return action


def blocker_candidates(state: SessionState, actor: str) -> list[str]:
    """Whom ``actor`` may name as blocking: the delegations with a vote in the room, the host
    state included, and never itself, a press seat or the chair."""
    setup = state.setup
    return [
        d.id
        for d in (*setup.members, *setup.observers)
        if d.id != actor and not setup.is_press(d.id)
    ]


def likely_blocker(state: SessionState, actor: str) -> str | None:
    """The delegation a bot names: whoever vetoed or cast the deciding "no" on the last draft
    that failed, else None (nobody has blocked anything yet)."""
    candidates = set(blocker_candidates(state, actor))
    for result in reversed(state.results):
        if result.adopted or result.subject.kind != "draft":
            continue
        against = [v for v in result.vetoed_by if v in candidates] or sorted(
            v for v, c in result.choices.items() if c == "no" and v in candidates
        )
        if against:
            return against[0]
    return None


def _check_target(state: SessionState, command: cmd.TakeAction, action: ActorAction) -> None:
    if action.kind != "name_blocker":
        if command.target is not None:
            raise NotInOrder(
                "'{title}' names nobody: send it without a target.", title=action.title
            )
        return
    if command.target is None:
        raise NotInOrder(
            "Say which delegation {member} names as blocking (target).",
            member=state.setup.name_of(command.actor),
        )
    if command.target not in blocker_candidates(state, command.actor):
        raise NotInOrder(
            "'{target}' cannot be named: name a delegation in the room other than your own.",
            target=command.target,
        )


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
            target=command.target,
        )
    )
    setup = turn.state.setup
    if action.headline is not None:
        headline = action.headline
        if command.target is not None:
            headline = headline.replace("{target}", setup.name_of(command.target))
        news = NewsItem(headline=headline, at=turn.now, source_event=None)
        turn.emit(NewsPublished(at=turn.now, news=news))
    if command.target is not None:
        _named(turn, command.actor, command.target, action)
    name = turn.state.setup.name_of(command.actor)
    cause = Cause.said(
        "actor_action",
        f"{command.actor}/{action.id}",
        say("{member}: {action}", member=name, action=action.title),
    )
    apply_effects(turn, action.effects, cause)


def _named(turn: Turn, actor: str, target: str, action: ActorAction) -> None:
    """Being named in public costs the namer the named delegation's trust (one way)."""
    world = turn.state.world
    before = world.trust_between(target, actor)
    after = round(clamp(before + action.named_trust), 2)
    if after == before:
        return
    setup = turn.state.setup
    turn.emit(
        TrustChanged(
            at=turn.now,
            between=(target, actor),
            before=before,
            after=after,
            one_way=True,
            cause=Cause.said(
                "named_as_blocker",
                f"{actor}/{action.id}",
                say(
                    "{member} named {target} as blocking",
                    member=setup.name_of(actor),
                    target=setup.name_of(target),
                ),
            ),
        )
    )
