"""A scenario's game layer as the session's initial :class:`~game_rules.session.world.World`."""

from __future__ import annotations

from collections.abc import Callable

from game_rules.scenario.models import Draft, Scenario
from game_rules.session.drafting import DraftSpec
from game_rules.session.localized import translations
from game_rules.session.scripting import Effect
from game_rules.session.world import (
    BlocRules,
    ClauseTerms,
    HiddenDraft,
    World,
    WorldRules,
    trust_key,
)


def world_setup(
    scenario: Scenario, forum_id: str | None, draft_spec: Callable[[Draft], DraftSpec]
) -> World:
    """The full initial world of a session of one forum of ``scenario``.

    ``draft_spec`` is the scenario's draft conversion, used for drafts that events add later.
    """
    forum = scenario.forum(forum_id)
    seated = set(forum.seat_ids())
    place_names = {a.id: a.name.text for a in scenario.actors}
    place_names.update({r.id: r.name for r in scenario.regions})
    non_coercive: dict[str, dict[str, tuple[Effect, ...]]] = {}
    for draft in scenario.drafts:
        for number, clause in enumerate(draft.operative, start=1):
            if clause.non_coercive_effects:
                non_coercive.setdefault(draft.id, {})[f"OP{number}"] = tuple(
                    clause.non_coercive_effects
                )
    hidden = tuple(
        HiddenDraft(id=d.id, spec=draft_spec(d))
        for d in scenario.drafts
        if d.hidden and d.forum in (None, forum.id)
    )
    hidden_agenda = [
        a for a in scenario.agenda if a.hidden and a.forum in (None, forum.id)
    ]
    rules = WorldRules(
        place_names=place_names,
        round_minutes=scenario.indicators.round_minutes,
        session_minutes=scenario.metadata.duration_minutes,
        drift={p.place: dict(p.drift) for p in scenario.indicators.places if p.drift},
        trust_start=scenario.trust.start,
        appeal_scaled_by_trust=scenario.trust.scales_appeals,
        non_coercive=non_coercive,
        events=tuple(scenario.events),
        hidden_drafts=hidden,
        hidden_agenda={a.id: a.title.text for a in hidden_agenda},
        hidden_agenda_background={a.id: a.background.text for a in hidden_agenda},
        hidden_agenda_i18n={
            a.id: translations(title=a.title, description=a.background)
            for a in hidden_agenda
            if translations(title=a.title, description=a.background)
        },
        bot_guidance={seat: brief.bot for seat, brief in scenario.briefs.items()},
        negotiating_blocs={b.id: dict(b.positions) for b in scenario.blocs if b.negotiating},
        blocs={
            b.id: BlocRules(
                name=b.name.text,
                i18n=translations(name=b.name),
                # A coordinator without a seat in this forum (or variant) coordinates nothing.
                coordinator=b.coordinator if b.coordinator in seated else None,
                chair_reads_notes=b.chair_reads_notes,
            )
            for b in scenario.blocs
            if b.negotiating
        },
        frames={f.id: f.name for f in scenario.frames},
        frames_held={
            actor.id: tuple(f.id for f in scenario.frames if actor.id in f.held_by)
            for actor in scenario.actors
            if any(actor.id in f.held_by for f in scenario.frames)
        },
        clause_terms={
            f"{draft.id}/OP{number}": ClauseTerms(
                provider=clause.provider, over_rounds=clause.over_rounds
            )
            for draft in scenario.drafts
            for number, clause in enumerate(draft.operative, start=1)
            if clause.provider is not None or clause.over_rounds > 1
        },
        actor_actions={a.id: tuple(a.actions) for a in scenario.actors if a.actions},
        chapter_vii_cost=scenario.trust.chapter_vii_cost,
        withdrawal_cost=scenario.trust.withdrawal_cost,
    )
    world = World(
        rules=rules,
        indicators={p.place: dict(p.start) for p in scenario.indicators.places},
        trust=_starting_trust(scenario),
    )
    return world


def _starting_trust(scenario: Scenario) -> dict[str, float]:
    """Each pair sets both directions unless it is ``one_way``; a one-way pair wins over a
    two-way one for its own direction, whatever the order they are written in."""
    trust: dict[str, float] = {}
    for pair in scenario.trust.pairs:
        if not pair.one_way:
            trust[trust_key(pair.between[1], pair.between[0])] = pair.value
            trust[trust_key(pair.between[0], pair.between[1])] = pair.value
    for pair in scenario.trust.pairs:
        if pair.one_way:
            trust[trust_key(pair.between[0], pair.between[1])] = pair.value
    return trust
