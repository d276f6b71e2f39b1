"""Scripted events (injects): what sets them off, and what they do.

A scenario event fires when its trigger happens (a draft adopted or failed, a veto, an indicator
falling below a threshold, a minute of the session, the chair's button) and carries out its
actions in order: news, effects, an agenda item or a draft added, a seat moved. Triggers and
actions are the scenario's own typed values (:mod:`game_rules.session.scripting`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game_rules.errors import NotInOrder
from game_rules.messages import Message, say
from game_rules.session import events as ev
from game_rules.session.localized import translations
from game_rules.session.scripting import (
    Action,
    AddAgendaItemAction,
    AddDraftAction,
    AtMinute,
    ChairButtonTrigger,
    DraftAdoptedTrigger,
    DraftFailedTrigger,
    Effect,
    IndicatorBelowTrigger,
    IndicatorEffect,
    NewsAction,
    ScenarioEvent,
    SeatAction,
    SeatMove,
    StatusEffect,
    Trigger,
    TrustEffect,
    VetoCastTrigger,
)
from game_rules.session.state import Draft, SessionState
from game_rules.session.turn import Turn
from game_rules.session.wording import dimension_name
from game_rules.session.world import (
    AgendaItemRevealed,
    Cause,
    NewsItem,
    NewsPublished,
    ScriptedEventFired,
    SeatChanged,
    World,
)
from game_rules.world.effects import emit_effects


def apply_effects(turn: Turn, effects: Iterable[Effect], cause: Cause, scale: float = 1.0) -> None:
    """Emit the effects' events; an indicator that falls below a threshold sets off the
    scenario events waiting for it."""
    emit_effects(turn, effects, cause, scale, after_indicator=check_thresholds)


def _name(state: SessionState, actor_id: str) -> str:
    return state.setup.name_of(actor_id)


def may_fire(world: World, scripted: ScenarioEvent) -> bool:
    return not (scripted.once and scripted.id in world.fired)


def fire_scripted_event(turn: Turn, scripted: ScenarioEvent, trigger: Message) -> None:
    """Announce the event, then carry out its actions in order."""
    turn.emit(
        ScriptedEventFired(
            at=turn.now,
            event_id=scripted.id,
            title=scripted.title.text,
            trigger=trigger.english(),
            trigger_say=trigger,
            chair_note=scripted.chair_note,
        )
    )
    cause = Cause.said(
        "scripted_event", scripted.id, say("event: {title}", title=scripted.title.text)
    )
    for action in scripted.actions:
        carry_out(turn, scripted, action, cause)


def carry_out(turn: Turn, scripted: ScenarioEvent, action: Action, cause: Cause) -> None:
    world = turn.state.world
    match action:
        case NewsAction(news=news):
            item = NewsItem(
                headline=news.headline.text,
                body=None if news.body is None else news.body.text,
                i18n=translations(headline=news.headline, body=news.body),
                to=tuple(news.to),
                at=turn.now,
                source_event=scripted.id,
            )
            turn.emit(NewsPublished(at=turn.now, news=item))
        case IndicatorEffect() | TrustEffect() | StatusEffect():
            apply_effects(turn, [action], cause)
        case AddDraftAction(add_draft=draft_id):
            _add_draft(turn, draft_id)
        case AddAgendaItemAction(add_agenda_item=item):
            known = item in world.rules.hidden_agenda or item in world.revealed_agenda
            if known and item not in world.revealed_agenda:
                # Folding this puts the item on the forum's agenda, so it can be set and debated.
                turn.emit(
                    AgendaItemRevealed(
                        at=turn.now,
                        item=item,
                        title=world.rules.hidden_agenda.get(item, item),
                        description=world.rules.hidden_agenda_background.get(item, ""),
                        i18n=world.rules.hidden_agenda_i18n.get(item, {}),
                    )
                )
        case SeatAction(seat=move):
            move_seat(turn, move, cause)


def move_seat(turn: Turn, move: SeatMove, cause: Cause) -> None:
    """A scripted seat change, e.g. a withdrawal from an agreement (Paris Agreement Art. 28):
    an observer or withdrawn seat no longer votes on substance nor counts for consensus."""
    state = turn.state
    if move.forum not in (None, state.setup.forum_id):
        return  # the move is about another forum of the scenario
    if state.setup.delegation(move.actor) is None:
        return
    now_member = state.setup.is_member(move.actor)
    current = state.world.seats.get(move.actor, "member" if now_member else "observer")
    if current == move.becomes:
        return
    changed = SeatChanged(
        at=turn.now, actor=move.actor, before=current, becomes=move.becomes, cause=cause
    )
    turn.emit(changed)


def _add_draft(turn: Turn, draft_id: str) -> None:
    state = turn.state
    if state.draft(draft_id) is not None:
        return
    hidden = next((h for h in state.world.rules.hidden_drafts if h.id == draft_id), None)
    if hidden is None:
        return
    spec = hidden.spec
    draft = Draft(
        id=draft_id,
        title=spec.title,
        agenda_item=spec.agenda_item,
        sponsors=spec.sponsors,
        signatories=spec.signatories,
        clauses=spec.clauses,
        rule=spec.rule,
        parties=spec.parties,
        chapter_vii=spec.chapter_vii,
        status="introduced" if spec.introduced else "working",
        submitted_at=turn.now,
        scripted=True,
        i18n=spec.i18n,
    )
    turn.emit(ev.DraftSubmitted(at=turn.now, draft=draft))


# ---------------------------------------------------------------------------------------------
# What sets them off
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Happening:
    """Something the procedure just decided, as triggers see it."""

    draft_adopted: str | None = None
    draft_failed: str | None = None
    veto: tuple[str, str] | None = None  # (draft id, the member that vetoed)


def set_off_by(when: Trigger, happening: Happening) -> bool:
    match when:
        case DraftAdoptedTrigger(draft_adopted=draft_id):
            return happening.draft_adopted == draft_id
        case DraftFailedTrigger(draft_failed=draft_id):
            return happening.draft_failed == draft_id
        case VetoCastTrigger(veto_cast=spec):
            if happening.veto is None:
                return False
            draft_id, by = happening.veto
            return spec.draft in (None, draft_id) and spec.by in (None, by)
        case _:
            return False


def fire_set_off(turn: Turn, happening: Happening, trigger: Message) -> None:
    for scripted in turn.state.world.rules.events:
        if set_off_by(scripted.when, happening) and may_fire(turn.state.world, scripted):
            fire_scripted_event(turn, scripted, trigger)


def timed_minute(scripted: ScenarioEvent) -> float | None:
    """The minute of the session an ``at_minute`` event is due at, or None."""
    return scripted.when.at_minute if isinstance(scripted.when, AtMinute) else None


def press_chair_button(turn: Turn, event_id: str) -> ScenarioEvent:
    """The chair releases an inject by hand (a ``chair_button`` event, or any other)."""
    world = turn.state.world
    scripted = world.rules.scripted_event(event_id)
    if scripted is None:
        known = ", ".join(e.id for e in world.rules.events) or say("none")
        raise NotInOrder(
            "The scenario has no event '{event}'. Its events: {known}.", event=event_id, known=known
        )
    if not may_fire(world, scripted):
        raise NotInOrder(
            "The event '{title}' has already happened and fires once.", title=scripted.title.text
        )
    if isinstance(scripted.when, ChairButtonTrigger):
        trigger = say("the chair pressed '{button}'", button=scripted.when.chair_button)
    else:
        trigger = say("the chair released it")
    fire_scripted_event(turn, scripted, trigger)
    return scripted


def check_thresholds(turn: Turn, before: World) -> None:
    """``indicator_below`` fires when an indicator falls below its threshold (on crossing it,
    not again while it stays below)."""
    for scripted in turn.state.world.rules.events:
        if not isinstance(scripted.when, IndicatorBelowTrigger):
            continue
        threshold = scripted.when.indicator_below
        if not may_fire(turn.state.world, scripted):
            continue
        now_value = turn.state.world.indicator(threshold.place, threshold.dimension)
        old_value = before.indicator(threshold.place, threshold.dimension)
        if now_value is None or now_value >= threshold.value:
            continue
        if old_value is not None and old_value < threshold.value:
            continue
        place = turn.state.world.rules.place_names.get(threshold.place) or _name(
            turn.state, threshold.place
        )
        fire_scripted_event(
            turn,
            scripted,
            say(
                "{dimension} security in {place} fell below {value} ({now})",
                dimension=dimension_name(threshold.dimension),
                place=place,
                value=threshold.value,
                now=now_value,
            ),
        )
