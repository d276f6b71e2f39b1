"""A scenario cut to one of its variants: the same file, with the events, drafts, seats and
timings the variant keeps or changes.

:func:`scenario_variant` returns an ordinary :class:`Scenario`, so everything that starts,
plays, simulates or debriefs a session works on a variant unchanged. What the variant leaves out
is left out everywhere it is named: a dropped draft's bloc positions, bot votes and amendments; a
dropped seat's brief, signatures and place among other briefs' allies. An objective whose check
a dropped draft decides is settled by the cut (a draft that is never filed is never adopted):
``any_of`` keeps the parts that can still happen, and an objective the cut decides outright is
left out, as nothing is left to achieve. ``checks.py`` checks the rest (a kept event that adds
a dropped draft) with positions.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from game_rules.scenario.models import (
    Bloc,
    Draft,
    Forum,
    ForumSeat,
    Scenario,
    Variant,
)
from game_rules.session.scripting import (
    AllOfCondition,
    AnyOfCondition,
    AtMinute,
    Brief,
    Condition,
    DraftAdoptedCondition,
    DraftNotAdoptedCondition,
    NoneOfCondition,
    Objective,
    ScenarioEvent,
    VetoCastCondition,
)


def kept_ids(all_ids: list[str], keep: list[str] | None, drop: Collection[str]) -> list[str]:
    """The ids a ``keep:``/``drop:`` pair leaves, in the file's order."""
    if keep is not None:
        return [item for item in all_ids if item in keep]
    return [item for item in all_ids if item not in drop]


def dropped_drafts(scenario: Scenario, variant: Variant) -> set[str]:
    ids = [draft.id for draft in scenario.drafts]
    return set(ids) - set(kept_ids(ids, variant.drafts.keep, variant.drafts.drop))


def dropped_seats(scenario: Scenario, variant: Variant) -> set[str]:
    """Actors that have a seat in the scenario as written and none in the variant."""
    before = {seat for forum in scenario.forums for seat in forum.seat_ids()}
    after = {seat for forum in _forums(scenario, variant) for seat in forum.seat_ids()}
    return before - after


def variant_seat_ids(scenario: Scenario) -> set[str]:
    """Every actor seated by some variant (and so in need of a brief)."""
    return {
        actor
        for variant in scenario.variants
        for change in variant.seats
        for actor in (*(seat.actor for seat in change.add_members), *change.add_observers)
    }


def settle(condition: Condition, gone: Collection[str]) -> Condition | bool:
    """``condition`` with what the dropped drafts ``gone`` decide settled: True or False when
    that decides all of it, else the condition that is still open."""
    if isinstance(condition, DraftAdoptedCondition):
        return False if condition.draft_adopted in gone else condition
    if isinstance(condition, DraftNotAdoptedCondition):
        return True if condition.draft_not_adopted in gone else condition
    if isinstance(condition, VetoCastCondition):
        draft = condition.veto_cast.draft
        return False if draft is not None and draft in gone else condition
    if isinstance(condition, AllOfCondition | AnyOfCondition | NoneOfCondition):
        parts = (
            condition.all_of if isinstance(condition, AllOfCondition)
            else condition.any_of if isinstance(condition, AnyOfCondition)
            else condition.none_of
        )
        settled = [settle(part, gone) for part in parts]
        open_parts = [part for part in settled if not isinstance(part, bool)]
        if isinstance(condition, AllOfCondition):
            if False in settled:
                return False
            if not open_parts:
                return True
            return open_parts[0] if len(open_parts) == 1 else AllOfCondition(all_of=open_parts)
        if isinstance(condition, AnyOfCondition):
            if True in settled:
                return True
            if not open_parts:
                return False
            return open_parts[0] if len(open_parts) == 1 else AnyOfCondition(any_of=open_parts)
        if True in settled:
            return False
        return NoneOfCondition(none_of=open_parts) if open_parts else True
    return condition


def _objectives(objectives: list[Objective], gone: Collection[str]) -> list[Objective]:
    kept: list[Objective] = []
    for objective in objectives:
        if objective.check is None or not gone:
            kept.append(objective)
            continue
        check = settle(objective.check, gone)
        if not isinstance(check, bool):
            kept.append(objective.model_copy(update={"check": check}))
    return kept


def _brief(brief: Brief, gone: Collection[str], absent: Collection[str]) -> Brief:
    allies = [ally for ally in brief.allies if ally not in absent]
    if not gone:
        return brief.model_copy(update={"allies": allies}) if absent else brief
    bot = brief.bot.model_copy(
        update={
            "votes": {d: v for d, v in brief.bot.votes.items() if d not in gone},
            "red_line_votes": [d for d in brief.bot.red_line_votes if d not in gone],
            "amendments": [a for a in brief.bot.amendments if a.draft not in gone],
        }
    )
    return brief.model_copy(
        update={"objectives": _objectives(brief.objectives, gone), "bot": bot, "allies": allies}
    )


def _forums(scenario: Scenario, variant: Variant) -> list[Forum]:
    changes = {
        (change.forum or scenario.forums[0].id): change for change in variant.seats
    }
    timings = variant.timings.model_dump(exclude_none=True)
    timings.pop("round_minutes", None)
    forums: list[Forum] = []
    for forum in scenario.forums:
        update: dict[str, object] = {}
        change = changes.get(forum.id)
        if change is not None:
            drop = set(change.drop)
            update["members"] = [
                *(seat for seat in forum.members if seat.actor not in drop),
                *(ForumSeat(actor=seat.actor, weight=seat.weight) for seat in change.add_members),
            ]
            update["observers"] = [
                *(actor for actor in forum.observers if actor not in drop),
                *change.add_observers,
            ]
        if timings:
            update["procedure"] = forum.procedure.model_copy(update=timings)
        forums.append(forum.model_copy(update=update) if update else forum)
    return forums


def _event(event: ScenarioEvent, minutes: Mapping[str, float]) -> ScenarioEvent:
    if event.id in minutes and isinstance(event.when, AtMinute):
        return event.model_copy(update={"when": AtMinute(at_minute=minutes[event.id])})
    return event


def _draft(draft: Draft, absent: Collection[str]) -> Draft:
    if not any(actor in absent for actor in draft.signatories):
        return draft
    return draft.model_copy(
        update={"signatories": [a for a in draft.signatories if a not in absent]}
    )


def _bloc(bloc: Bloc, gone: Collection[str]) -> Bloc:
    if not any(draft in gone for draft in bloc.positions):
        return bloc
    return bloc.model_copy(
        update={"positions": {d: p for d, p in bloc.positions.items() if d not in gone}}
    )


def scenario_variant(scenario: Scenario, variant_id: str | None) -> Scenario:
    """The scenario as variant ``variant_id`` cuts it (as written when None); a KeyError
    names an unknown variant. The scenario must have passed its checks."""
    if variant_id is None:
        return scenario
    variant = scenario.variant(variant_id)
    gone = dropped_drafts(scenario, variant)
    forums = _forums(scenario, variant)
    seated = {seat for forum in forums for seat in forum.seat_ids()}
    absent = dropped_seats(scenario, variant)
    event_ids = kept_ids(
        [event.id for event in scenario.events], variant.events.keep, variant.events.drop
    )
    events = [
        _event(event, variant.events.at_minute)
        for event in scenario.events
        if event.id in event_ids
    ]
    indicators = scenario.indicators
    if variant.timings.round_minutes is not None:
        indicators = indicators.model_copy(
            update={"round_minutes": variant.timings.round_minutes}
        )
    return scenario.model_copy(
        update={
            "metadata": scenario.metadata.model_copy(
                update={"duration_minutes": variant.minutes}
            ),
            "forums": forums,
            "drafts": [_draft(d, absent) for d in scenario.drafts if d.id not in gone],
            "events": events,
            "blocs": [_bloc(bloc, gone) for bloc in scenario.blocs],
            "briefs": {
                actor: _brief(brief, gone, absent)
                for actor, brief in scenario.briefs.items()
                if actor in seated
            },
            "indicators": indicators,
            "variants": [],
        }
    )
