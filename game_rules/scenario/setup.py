"""Scenarios: the file format, loading with exact errors, and starting a session from one.

- :class:`Scenario` and its parts are in ``scenario_models.py``;
- :func:`load_scenario` / :func:`parse_scenario` read a file or text and raise
  :class:`ScenarioError` listing every problem as ``file:line:column: what — how to fix``;
- :func:`start_session` turns a scenario into the engine's :class:`SessionSetup` and opens it.
"""

from __future__ import annotations

from typing import Any

from game_rules.engine.apply import new_session
from game_rules.scenario.loading import (
    ScenarioError,
    ScenarioProblem,
    load_scenario,
    parse_scenario,
    read_scenario_text,
    scenario_problems,
)
from game_rules.scenario.models import Actor, Draft, Forum, Scenario
from game_rules.scenario.world_setup import world_setup
from game_rules.scenario.yaml_parser import YamlLimits
from game_rules.session.drafting import Clause, ClauseVariant, DraftSpec
from game_rules.session.localized import translations
from game_rules.session.state import (
    AgendaItem,
    Delegation,
    DelegationKind,
    SessionSetup,
    SessionState,
)

__all__ = [
    "Scenario",
    "ScenarioError",
    "ScenarioProblem",
    "YamlLimits",
    "load_scenario",
    "parse_scenario",
    "read_scenario_text",
    "scenario_json_schema",
    "scenario_problems",
    "session_setup",
    "start_session",
]

_DELEGATION_KINDS: dict[str, DelegationKind] = {
    "state": "state",
    "ngo": "ngo",
    "igo": "organisation",
    "local_government": "other",
    "academic": "other",
    "civil_society": "other",
    "press": "press",
}


def _delegation(actor: Actor, weight: float | None, observer: bool) -> Delegation:
    kind = _DELEGATION_KINDS[actor.kind]
    if observer and kind == "state":
        kind = "observer_state"
    return Delegation(
        id=actor.id,
        name=actor.name.text,
        i18n=translations(name=actor.name),
        kind=kind,
        weight=weight,
        population=None if actor.population is None else float(actor.population),
        blocs=tuple(actor.blocs),
        flag=actor.flag,
    )


def _draft_spec(draft: Draft) -> DraftSpec:
    preambular = tuple(
        Clause(id=f"PP{n}", kind="preambular", text=text.text, i18n=translations(text=text))
        for n, text in enumerate(draft.preambular, start=1)
    )
    operative = tuple(
        Clause(
            id=f"OP{n}",
            kind="operative",
            text=clause.text.text,
            i18n=translations(text=clause.text),
            effects=tuple(effect.model_dump(mode="json") for effect in clause.effects),
            requires_consent_of=() if clause.acts_in is None else (clause.acts_in,),
            basis=clause.basis,
            variants=tuple(
                ClauseVariant(
                    id=v.id,
                    text=v.text.text,
                    i18n=translations(text=v.text),
                    effects=tuple(effect.model_dump(mode="json") for effect in v.effects),
                    frame=v.frame,
                )
                for v in clause.variants
            ),
        )
        for n, clause in enumerate(draft.operative, start=1)
    )
    return DraftSpec(
        id=draft.id,
        title=draft.title.text,
        i18n=translations(title=draft.title),
        agenda_item=draft.agenda_item,
        sponsors=tuple(draft.sponsors),
        signatories=tuple(draft.signatories),
        clauses=preambular + operative,
        rule=draft.rule,
        parties=tuple(draft.parties),
        chapter_vii=draft.chapter == "vii",
        introduced=draft.introduced,
    )


def _in_forum(forum: Forum, forum_id: str | None) -> bool:
    return forum_id is None or forum_id == forum.id


def session_setup(scenario: Scenario, forum_id: str | None = None, seed: int = 0) -> SessionSetup:
    """The engine's input for a session of one forum of the scenario (the first by default)."""
    try:
        forum = scenario.forum(forum_id)
    except KeyError:
        known = ", ".join(f.id for f in scenario.forums)
        raise ValueError(
            f"the scenario has no forum {forum_id!r}; its forums are {known}"
        ) from None
    actors = {actor.id: actor for actor in scenario.actors}
    agenda = tuple(
        AgendaItem(
            id=item.id,
            title=item.title.text,
            description=item.background.text,
            i18n=translations(title=item.title, description=item.background),
        )
        for item in scenario.agenda
        if _in_forum(forum, item.forum) and not item.hidden
    )
    world = world_setup(scenario, forum.id, _draft_spec)
    return SessionSetup(
        forum_id=forum.id,
        forum_name=forum.name.text,
        forum_i18n=translations(name=forum.name),
        members=tuple(
            _delegation(actors[seat.actor], seat.weight, observer=False) for seat in forum.members
        ),
        observers=tuple(
            _delegation(actors[actor_id], None, observer=True)
            for actor_id in (*forum.observers, *forum.press)
        ),
        rules={name: rule.to_dict() for name, rule in forum.rules.items()},
        procedure=forum.procedure,
        agenda=agenda,
        # With one item the agenda needs no motion to set it; with several the forum sets it.
        agenda_item=agenda[0].id if len(agenda) == 1 else None,
        drafts=tuple(
            _draft_spec(draft)
            for draft in scenario.drafts
            if _in_forum(forum, draft.forum) and not draft.hidden
        ),
        chapter_vii=forum.chapter_vii,
        language=scenario.metadata.language,
        seed=seed,
        world=world,
    )


def start_session(
    scenario: Scenario, forum_id: str | None = None, now: float = 0.0, *, seed: int = 0
) -> SessionState:
    """Open a live session of one forum of the scenario at time ``now``; ``seed`` is what the
    bots' choices are drawn from."""
    return new_session(session_setup(scenario, forum_id, seed=seed), now)


def _schema_without_required(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("required", None)
        for value in node.values():
            _schema_without_required(value)
    elif isinstance(node, list):
        for value in node:
            _schema_without_required(value)


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, for editors (the VS Code YAML extension, for one).

    ``procedure`` is an override laid over defaults, so nothing inside it is required.
    """
    schema = Scenario.model_json_schema(mode="validation")
    for name in ("ProcedureSettings", "MotionSpec", "PointSpec"):
        _schema_without_required(schema.get("$defs", {}).get(name))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Plenary scenario"
    return schema
