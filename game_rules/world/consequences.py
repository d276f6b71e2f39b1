"""What decisions and time do to people: clause effects, consent, drift and scripted events.

Sources for the rules applied here:

- UN Charter Art. 2(7): the UN does not intervene in matters essentially within a state's
  domestic jurisdiction, "but this principle shall not prejudice the application of enforcement
  measures under Chapter VII". So a clause that acts in a state's territory takes effect with that
  state's consent, or when a forum with Chapter VII power (Art. 39-42) adopted it under Chapter VII.
- Chapter VI (Art. 33-38) decisions are recommendations: without consent they remain an appeal,
  whose effect is the scenario's ``non_coercive_effects``.
- 2005 World Summit Outcome (A/RES/60/1), paras 138-139: collective action "through the Security
  Council, in accordance with the Charter, including Chapter VII".
- UNDP Human Development Report 1994, ch. 2: the seven dimensions of human security.

Every change is emitted as an event carrying its :class:`~game_rules.session.world.Cause`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.state import CHAIR, SYSTEM, Clause, Draft, SessionState
from game_rules.session.world import (
    AgendaItemRevealed,
    BotSeatAssigned,
    BotSeatReleased,
    Cause,
    ConsentDecided,
    EffectWithheld,
    Emitter,
    IndicatorChanged,
    NewsItem,
    NewsPublished,
    RoundEnded,
    ScriptedEvent,
    ScriptedEventFired,
    SeatChanged,
    StatusChanged,
    TrustChanged,
    WithheldReleased,
    World,
    clamp,
    world_of,
)
from game_rules.world.pledges import make_pledge, resolve_pledges


def _name(state: SessionState, actor_id: str) -> str:
    return state.setup.name_of(actor_id)


def _place_name(state: SessionState, world: World, place: str) -> str:
    return world.rules.place_names.get(place) or _name(state, place)


# ---------------------------------------------------------------------------------------------
# Effects
# ---------------------------------------------------------------------------------------------


def effect_events(
    state: SessionState, effect: dict[str, Any], cause: Cause, at: float, scale: float = 1.0
) -> list[IndicatorChanged | TrustChanged | StatusChanged]:
    """The events one effect mapping (``{indicator: ...}``, ``{trust: ...}``, ``{status: ...}``)
    produces now. An indicator the scenario does not track produces nothing."""
    world = world_of(state)
    if "indicator" in effect:
        spec = effect["indicator"]
        place, dimension = str(spec["place"]), str(spec["dimension"])
        before = world.indicator(place, dimension)
        if before is None:
            return []
        after = round(clamp(before + float(spec["change"]) * scale), 2)
        if after == before:
            return []
        return [
            IndicatorChanged(
                at=at, place=place, dimension=dimension, before=before, after=after, cause=cause
            )
        ]
    if "trust" in effect:
        spec = effect["trust"]
        first, second = str(spec["between"][0]), str(spec["between"][1])
        before = world.trust_between(first, second)
        after = round(clamp(before + float(spec["change"]) * scale), 2)
        if after == before:
            return []
        return [
            TrustChanged(
                at=at, between=(first, second), before=before, after=after, cause=cause
            )
        ]
    if "status" in effect:
        spec = effect["status"]
        actor = str(spec["actor"])
        status = str(spec.get("set") or spec.get("clear"))
        label = str(spec.get("label") or status.replace("_", " "))
        return [
            StatusChanged(
                at=at,
                actor=actor,
                status=status,
                label=label,
                active=spec.get("set") is not None,
                cause=cause,
            )
        ]
    return []


def apply_effects(
    turn: Emitter, effects: Iterable[dict[str, Any]], cause: Cause, scale: float = 1.0
) -> None:
    for effect in effects:
        for event in effect_events(turn.state, effect, cause, turn.now, scale):
            before = world_of(turn.state)
            turn.emit(event)
            if isinstance(event, IndicatorChanged):
                check_thresholds(turn, before)


# ---------------------------------------------------------------------------------------------
# Sovereignty and consent (Charter Art. 2(7), Chapter VI and VII)
# ---------------------------------------------------------------------------------------------


def has_chapter_vii_authority(state: SessionState, draft: Draft) -> bool:
    """Art. 2(7) yields only to enforcement measures under Chapter VII (Art. 39-42), which only
    a forum with that power (the Security Council) can take."""
    return draft.chapter_vii and state.setup.chapter_vii


def consent_basis(state: SessionState, draft: Draft, host: str) -> str | None:
    """The legal basis on which a clause may act in ``host``, or None when it has none."""
    if has_chapter_vii_authority(state, draft):
        return f"a Chapter VII decision of {state.setup.forum_name} (Charter Art. 42)"
    record = world_of(state).consent_of(host)
    if record is not None and record.given:
        return f"the consent of {_name(state, host)}"
    return None


def _withheld_reason(state: SessionState, draft: Draft, host: str) -> str:
    record = world_of(state).consent_of(host)
    answer = (
        f"{_name(state, host)} refused its consent"
        if record is not None and not record.given
        else f"{_name(state, host)} has not given its consent"
    )
    basis = (
        "the draft was not adopted under Chapter VII"
        if state.setup.chapter_vii
        else f"{state.setup.forum_name} has no Chapter VII power"
    )
    return (
        f"{answer} and {basis}, so this clause stays words: it cannot act inside "
        f"{_name(state, host)} (UN Charter Art. 2(7))."
    )


def appeal_scale(state: SessionState, draft: Draft, host: str) -> float:
    """How much a non-coercive appeal achieves: 1, or scaled by the host's trust in the
    sponsors when the scenario asks (trust 50 gives the scenario's figure, 100 double)."""
    world = world_of(state)
    if not world.rules.appeal_scaled_by_trust or not draft.sponsors:
        return 1.0
    trust = sum(world.trust_between(host, s) for s in draft.sponsors) / len(draft.sponsors)
    return round(trust / 50.0, 4)


def authored_effects(state: SessionState, draft_id: str, clause_id: str) -> tuple[Any, ...]:
    """The effects the scenario (or the teacher's setup) wrote for this clause; a delegate's
    own clauses and drafts have none, whatever their message claims."""
    draft = state.draft(draft_id)
    if draft is None or not draft.scripted:
        return ()
    for spec in state.setup.drafts:
        if spec.id == draft_id:
            return next((c.effects for c in spec.clauses if c.id == clause_id), ())
    for hidden in world_of(state).rules.hidden_drafts:
        if hidden.id == draft_id:
            for clause in hidden.spec.get("clauses", ()):
                if clause.get("id") == clause_id:
                    return tuple(clause.get("effects") or ())
    return ()


def apply_adopted_draft(turn: Emitter, draft_id: str) -> None:
    """Carry out every operative clause of an adopted draft, respecting sovereignty."""
    state = turn.state
    draft = state.draft(draft_id)
    if draft is None:
        return
    rules = world_of(state).rules
    for clause in draft.clauses:
        if clause.kind != "operative" or not clause.effects:
            continue
        if tuple(clause.effects) != authored_effects(state, draft.id, clause.id):
            continue  # effects sent by a client are not the scenario's: they never apply
        ref = f"{draft.id}/{clause.id}"
        hosts = clause.requires_consent_of
        missing = [h for h in hosts if consent_basis(turn.state, draft, h) is None]
        if not missing:
            bases = sorted({b for h in hosts if (b := consent_basis(turn.state, draft, h))})
            on = f" on the basis of {' and '.join(bases)}" if bases else ""
            cause = Cause(
                kind="clause", ref=ref, text=f"{draft.id} {_clause_label(clause.id)} adopted{on}"
            )
            apply_effects(turn, clause.effects, cause)
            continue
        host = missing[0]
        appeal = rules.non_coercive.get(draft.id, {}).get(clause.id, ())
        turn.emit(
            EffectWithheld(
                at=turn.now,
                draft_id=draft.id,
                clause_id=clause.id,
                state=host,
                reason=_withheld_reason(turn.state, draft, host),
                appeal_applied=bool(appeal),
                effects=clause.effects,
            )
        )
        if appeal:
            scale = appeal_scale(turn.state, draft, host)
            cause = Cause(
                kind="non_coercive_appeal",
                ref=ref,
                text=f"{draft.id} {_clause_label(clause.id)} as a non-coercive appeal to "
                f"{_name(turn.state, host)}",
            )
            apply_effects(turn, appeal, cause, scale)


def _clause_label(clause_id: str) -> str:
    if clause_id.startswith("OP") and clause_id[2:].isdigit():
        return f"operative clause {clause_id[2:]}"
    return f"clause {clause_id}"


def decide_consent(turn: Emitter, host: str, given: bool) -> None:
    """Record the host state's answer; consent given later releases withheld clauses."""
    turn.emit(ConsentDecided(at=turn.now, state=host, given=given, by=turn.actor))
    if not given:
        return
    for withheld in world_of(turn.state).withheld:
        if withheld.state != host:
            continue
        turn.emit(
            WithheldReleased(
                at=turn.now,
                draft_id=withheld.draft_id,
                clause_id=withheld.clause_id,
                state=host,
            )
        )
        cause = Cause(
            kind="consent_given_later",
            ref=f"{withheld.draft_id}/{withheld.clause_id}",
            text=f"{withheld.draft_id} {_clause_label(withheld.clause_id)} takes effect: "
            f"{_name(turn.state, host)} consented after adoption",
        )
        apply_effects(turn, withheld.effects, cause)


# ---------------------------------------------------------------------------------------------
# Time: drift per round and scripted events at minute T
# ---------------------------------------------------------------------------------------------


def _has_drift(world: World) -> bool:
    return any(any(v != 0 for v in dims.values()) for dims in world.rules.drift.values())


def next_world_deadline(state: SessionState) -> float | None:
    """When the next round ends or the next timed event is due (the app ticks then).

    The scenario's clock stops while the chair's clock is paused, so a paused class does not
    come back to every missed round at once: None while paused, and later deadlines move by
    the time spent paused."""
    if state.paused_at is not None:
        return None
    world = world_of(state)
    origin = state.scenario_clock_origin()
    times: list[float] = []
    if _has_drift(world):
        times.append(origin + (world.rounds + 1) * world.rules.round_minutes * 60)
    for scripted in world.rules.events:
        minute = scripted.when.get("at_minute")
        if minute is not None and scripted.id not in world.fired:
            times.append(origin + float(minute) * 60)
    return min(times) if times else None


def advance_time(turn: Emitter) -> None:
    """Apply every round and timed event due by ``turn.now``, in time order."""
    while True:
        state = turn.state
        world = world_of(state)
        due = next_world_deadline(state)
        if due is None or due > turn.now:
            return
        timed = [
            s
            for s in world.rules.events
            if s.when.get("at_minute") is not None
            and s.id not in world.fired
            and state.scenario_clock_origin() + float(s.when["at_minute"]) * 60 == due
        ]
        if timed:
            for scripted in timed:
                minute = float(scripted.when["at_minute"])
                fire_scripted_event(turn, scripted, f"minute {minute:g} of the session")
            continue
        _end_round(turn, world.rounds + 1)


def _end_round(turn: Emitter, number: int) -> None:
    turn.emit(RoundEnded(at=turn.now, round=number))
    world = world_of(turn.state)
    minutes = world.rules.round_minutes
    for place in sorted(world.rules.drift):
        for dimension, change in world.rules.drift[place].items():
            if change == 0:
                continue
            cause = Cause(
                kind="drift",
                ref=str(number),
                text=f"the crisis drifts by {change:+g} per round of {minutes:g} minutes "
                f"(round {number})",
            )
            effect = {"indicator": {"place": place, "dimension": dimension, "change": change}}
            apply_effects(turn, [effect], cause)


# ---------------------------------------------------------------------------------------------
# Scripted events and their triggers
# ---------------------------------------------------------------------------------------------


def _may_fire(world: World, scripted: ScriptedEvent) -> bool:
    return not (scripted.once and scripted.id in world.fired)


def fire_scripted_event(turn: Emitter, scripted: ScriptedEvent, trigger: str) -> None:
    """Announce the event, then carry out its actions in order."""
    turn.emit(
        ScriptedEventFired(
            at=turn.now,
            event_id=scripted.id,
            title=scripted.title,
            trigger=trigger,
            chair_note=scripted.chair_note,
        )
    )
    cause = Cause(kind="scripted_event", ref=scripted.id, text=f"event: {scripted.title}")
    for action in scripted.actions:
        _carry_out(turn, scripted, action, cause)


def _carry_out(
    turn: Emitter, scripted: ScriptedEvent, action: dict[str, Any], cause: Cause
) -> None:
    state = turn.state
    world = world_of(state)
    if "news" in action:
        news = action["news"]
        turn.emit(
            NewsPublished(
                at=turn.now,
                news=NewsItem(
                    headline=str(news["headline"]),
                    body=news.get("body"),
                    to=tuple(news.get("to") or ()),
                    at=turn.now,
                    source_event=scripted.id,
                ),
            )
        )
    elif any(key in action for key in ("indicator", "trust", "status")):
        apply_effects(turn, [action], cause)
    elif "add_draft" in action:
        _add_draft(turn, str(action["add_draft"]), scripted)
    elif "add_agenda_item" in action:
        item = str(action["add_agenda_item"])
        title = world.rules.hidden_agenda.get(item, item)
        known = item in world.rules.hidden_agenda or item in world.revealed_agenda
        if known and item not in world.revealed_agenda:
            # Folding this puts the item on the forum's agenda, so it can be set and debated.
            turn.emit(
                AgendaItemRevealed(
                    at=turn.now,
                    item=item,
                    title=title,
                    description=world.rules.hidden_agenda_background.get(item, ""),
                )
            )
    elif "seat" in action:
        move_seat(turn, action["seat"], cause)


def move_seat(turn: Emitter, move: dict[str, Any], cause: Cause) -> None:
    """A scripted seat change, e.g. a withdrawal from an agreement (Paris Agreement Art. 28):
    an observer or withdrawn seat no longer votes on substance nor counts for consensus."""
    state = turn.state
    actor, becomes = str(move["actor"]), str(move["becomes"])
    if move.get("forum") not in (None, state.setup.forum_id):
        return  # the move is about another forum of the scenario
    if state.setup.delegation(actor) is None:
        return
    now_member = state.setup.is_member(actor)
    current = world_of(state).seats.get(actor, "member" if now_member else "observer")
    if current == becomes:
        return
    turn.emit(SeatChanged(at=turn.now, actor=actor, before=current, becomes=becomes, cause=cause))


def _add_draft(turn: Emitter, draft_id: str, scripted: ScriptedEvent) -> None:
    state = turn.state
    if state.draft(draft_id) is not None:
        return
    hidden = next((h for h in world_of(state).rules.hidden_drafts if h.id == draft_id), None)
    if hidden is None:
        return
    spec = hidden.spec
    draft = Draft(
        id=draft_id,
        title=str(spec["title"]),
        agenda_item=spec.get("agenda_item"),
        sponsors=tuple(spec["sponsors"]),
        signatories=tuple(spec.get("signatories") or ()),
        clauses=tuple(Clause.model_validate(c) for c in spec["clauses"]),
        rule=spec.get("rule"),
        parties=tuple(spec.get("parties") or ()),
        chapter_vii=bool(spec.get("chapter_vii")),
        status="introduced" if spec.get("introduced") else "working",
        submitted_at=turn.now,
        scripted=True,
    )
    turn.emit(ev.DraftSubmitted(at=turn.now, draft=draft))


def react_to_procedure(turn: Emitter, events: Sequence[Any]) -> None:
    """Triggers set off by what the procedure just decided: adopted or failed drafts, vetoes."""
    for event in events:
        if isinstance(event, ev.DraftDecided):
            if event.adopted:
                apply_adopted_draft(turn, event.draft_id)
            _fire_matching(
                turn,
                "draft_adopted" if event.adopted else "draft_failed",
                lambda when, draft_id=event.draft_id: when == draft_id,
                f"draft {event.draft_id} was {'adopted' if event.adopted else 'not adopted'}",
            )
        elif isinstance(event, ev.VoteClosed):
            vetoed_by = tuple(event.outcome.get("vetoed_by") or ())
            subject = event.result.subject
            if not vetoed_by or subject.kind == "motion":
                continue
            draft_id = subject.draft_id or subject.ref
            for voter in vetoed_by:
                _fire_matching(
                    turn,
                    "veto_cast",
                    lambda when, by=voter, d=draft_id: _veto_matches(when, d, by),
                    f"{_name(turn.state, voter)} cast a veto on draft {draft_id}",
                )


def _veto_matches(when: Any, draft_id: str, by: str) -> bool:
    if not isinstance(when, dict):
        return True
    return when.get("draft") in (None, draft_id) and when.get("by") in (None, by)


def _fire_matching(turn: Emitter, key: str, matches: Any, trigger: str) -> None:
    for scripted in world_of(turn.state).rules.events:
        if key not in scripted.when or not matches(scripted.when[key]):
            continue
        if _may_fire(world_of(turn.state), scripted):
            fire_scripted_event(turn, scripted, trigger)


def press_chair_button(turn: Emitter, event_id: str) -> ScriptedEvent:
    """The chair releases an inject by hand (a ``chair_button`` event, or any other)."""
    world = world_of(turn.state)
    scripted = world.rules.scripted_event(event_id)
    if scripted is None:
        known = ", ".join(e.id for e in world.rules.events) or "none"
        raise NotInOrder(f"The scenario has no event '{event_id}'. Its events: {known}.")
    if not _may_fire(world, scripted):
        raise NotInOrder(f"The event '{scripted.title}' has already happened and fires once.")
    label = scripted.when.get("chair_button")
    trigger = f"the chair pressed '{label}'" if label else "the chair released it"
    fire_scripted_event(turn, scripted, trigger)
    return scripted


def check_thresholds(turn: Emitter, before: World) -> None:
    """``indicator_below`` fires when an indicator falls below its threshold."""
    world = world_of(turn.state)
    for scripted in world.rules.events:
        spec = scripted.when.get("indicator_below")
        if not isinstance(spec, dict) or not _may_fire(world_of(turn.state), scripted):
            continue
        place, dimension, value = str(spec["place"]), str(spec["dimension"]), float(spec["value"])
        now_value = world_of(turn.state).indicator(place, dimension)
        old_value = before.indicator(place, dimension)
        if now_value is None or now_value >= value:
            continue
        if old_value is not None and old_value < value:
            continue  # it was already below: fire on crossing only
        fire_scripted_event(
            turn,
            scripted,
            f"{dimension} security in {_place_name(turn.state, world, place)} fell below "
            f"{value:g} ({now_value:g})",
        )


# ---------------------------------------------------------------------------------------------
# The game layer's part of ``apply``: its commands, and what follows every command
# ---------------------------------------------------------------------------------------------


def decide_consent_command(turn: Emitter, command: cmd.DecideConsent) -> None:
    state = turn.state
    host_id = command.state or turn.actor
    delegation = state.setup.delegation(host_id)
    if delegation is None:
        raise NotInOrder(f"There is no delegation '{host_id}' in this forum.")
    if delegation.kind not in ("state", "observer_state"):
        raise NotPermitted(
            f"{delegation.name} is not a state: only a state consents to action on its "
            "territory (UN Charter Art. 2(7))."
        )
    if turn.actor not in (host_id, CHAIR, SYSTEM):
        raise NotPermitted(f"Only {delegation.name} can give or refuse its own consent.")
    decide_consent(turn, host_id, command.given)


def pledge_vote_command(turn: Emitter, command: cmd.PledgeVote) -> None:
    make_pledge(turn, command.recipient, command.draft_id, command.choice, command.text)


def press_chair_button_command(turn: Emitter, command: cmd.PressChairButton) -> None:
    if turn.actor not in (CHAIR, SYSTEM):
        raise NotPermitted("Only the chair can release a scripted event.")
    press_chair_button(turn, command.event_id)


def _require_seat_change(turn: Emitter, seat: str, doing: str) -> None:
    if turn.actor not in (CHAIR, SYSTEM):
        raise NotPermitted(f"Only the chair can {doing}.")
    if turn.state.setup.delegation(seat) is None:
        raise NotInOrder(f"There is no delegation '{seat}' in this forum.")


def assign_bot_command(turn: Emitter, command: cmd.AssignBot) -> None:
    _require_seat_change(turn, command.seat, "hand a seat to a bot")
    if world_of(turn.state).is_bot(command.seat):
        raise NotInOrder(f"{_name(turn.state, command.seat)} is already played by a bot.")
    turn.emit(BotSeatAssigned(at=turn.now, seat=command.seat, by=turn.actor))


def release_bot_command(turn: Emitter, command: cmd.ReleaseBot) -> None:
    _require_seat_change(turn, command.seat, "hand a bot's seat back")
    if not world_of(turn.state).is_bot(command.seat):
        raise NotInOrder(f"{_name(turn.state, command.seat)} is not played by a bot.")
    turn.emit(BotSeatReleased(at=turn.now, seat=command.seat, by=turn.actor))


GAME_HANDLERS: dict[type[Any], Callable[[Any, Any], None]] = {
    cmd.DecideConsent: decide_consent_command,
    cmd.PledgeVote: pledge_vote_command,
    cmd.PressChairButton: press_chair_button_command,
    cmd.AssignBot: assign_bot_command,
    cmd.ReleaseBot: release_bot_command,
}


def follow_up(turn: Emitter, before: SessionState, events: Sequence[Any]) -> None:
    """After any command: pledges on a closed vote, what its decisions set off, and the time
    that passed (drift, events at minute T)."""
    resolve_pledges(turn, before, events)
    react_to_procedure(turn, events)
    advance_time(turn)
