"""Every refusal, reason and ``why`` is a message: a template written once and its parameters.

Issue 11, item 4 ("One narration"): a client in any language looks the template up in its
catalogue and fills the placeholders in, so no value may be formatted into a template before it
reaches :class:`~game_rules.errors.RuleViolation`, and the placeholders must be exactly the
parameters given. Random sessions (driven as in test_replay_properties) raise hundreds of
different refusals; each is checked, with every message nested in it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from procedure_helpers import committee_setup, security_council_setup
from random_sessions import candidates, pick
from test_view_schema import SCENARIOS, game_candidates, scenario_start

from game_rules import RuleViolation, SessionState, apply, decide, new_session, parse_command
from game_rules.engine.legality import legal_actions
from game_rules.messages import Message, render
from game_rules.procedure.voting import legal_choices

CASES_DIR = Path(__file__).parent / "cases"


def messages_in(message: Message) -> Iterator[Message]:
    """``message`` and every message nested in its parameters."""
    yield message
    for value in message.params.values():
        if isinstance(value, Message):
            yield from messages_in(value)


def placeholders(template: str) -> list[tuple[str, str, str | None]]:
    """``(name, format spec, conversion)`` of each placeholder; ValueError for a lone brace."""
    return [
        (name, spec or "", conversion)
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    ]


def names_of(state: SessionState) -> list[str]:
    """What a template must never contain: the delegations' ids and names, the agenda's ids and
    titles, and the ids of the session's drafts, amendments, motions, points, rulings and notes
    (all of them are parameters)."""
    delegations = (*state.setup.members, *state.setup.observers)
    found = [d.id for d in delegations] + [d.name for d in delegations]
    found += [i.id for i in state.setup.agenda] + [i.title for i in state.setup.agenda]
    for things in (state.drafts, state.amendments, state.motions, state.points, state.rulings):
        found += [thing.id for thing in things]
    return found + [note.id for note in state.notes]


def assert_is_a_template(message: Message, names: list[str]) -> None:
    """Placeholders are plain ``{name}`` fields, exactly the parameters; it renders, in English
    and through a catalogue; no value was formatted into it."""
    english = message.english()
    for part in messages_in(message):
        found = placeholders(part.text)  # no literal brace: a lone one raises ValueError
        assert all(spec == "" and conversion is None for _, spec, conversion in found), part
        assert all(name.isidentifier() for name, _, _ in found), part
        assert {name for name, _, _ in found} == set(part.params), part
        if part.params:
            assert part.text != part.english(), part
        for name in names:
            # A name is a parameter, never part of the sentence written once.
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", part.text), (name, part)
    assert render(message, lambda template: f"«{template}»").count("«") == sum(
        1 for _ in messages_in(message)
    )
    assert english == render(message, lambda template: template)


def run(state: SessionState, data: st.DataObject, steps: int, game: bool) -> int:
    """A random session; every refusal, every offer's ``why`` and the vote choices' ``why`` of
    the states it passes through are checked. How many refusals it met."""
    now = state.last_event_at
    refused = 0
    viewers = ["chair", *(d.id for d in (*state.setup.members[:3], *state.setup.observers[:1]))]
    for step in range(steps):
        now += data.draw(st.sampled_from([0.0, 1.0, 20.0, 95.0, 400.0]), label="wait")
        options = candidates(state) + (game_candidates(state) if game else [])
        actor, fields = pick(options, data.draw(st.integers(0, 10**6), label="pick"))
        command = parse_command({**fields, "actor": actor, "now": now})
        names = names_of(state)
        try:
            state, _ = apply(state, command)
        except RuleViolation as violation:
            refused += 1
            assert str(violation) == violation.say.english() == violation.message
            assert_is_a_template(violation.say, names)
            continue
        if step % 4 == 0:
            names = names_of(state)
            for viewer in viewers:
                for offer in legal_actions(state, viewer):
                    assert_is_a_template(offer.why, names)
                    view = offer.view()
                    assert view["why"] == offer.why.english()
                    assert view["why_say"] == offer.why.as_json()
                if viewer != "chair":
                    assert_is_a_template(legal_choices(state, viewer)[1], names)
    return refused


SESSIONS: dict[str, Callable[[], SessionState]] = {
    "committee": lambda: new_session(committee_setup(5, notes_moderated=True), 100.0),
    "council": lambda: new_session(security_council_setup(), 100.0),
}


@pytest.mark.parametrize("forum", sorted(SESSIONS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_refusal_of_a_random_session_is_a_template_and_its_parameters(
    forum: str, data: st.DataObject
) -> None:
    """For random command sequences in a committee and the Security Council, every
    RuleViolation (and every offer's and vote choice's ``why``) is a template whose
    placeholders are exactly its parameters, that renders without KeyError, and into which no
    value was formatted: with parameters it differs from its rendering, and no template
    contains a delegation's id or name."""
    run(SESSIONS[forum](), data, steps=60, game=False)


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_refusal_of_the_game_layer_is_a_template_and_its_parameters(
    path: Path, data: st.DataObject
) -> None:
    """The same in every bundled scenario, with the game layer's commands too (consent,
    pledges, the chair's buttons, bot seats, the preliminary question)."""
    state, _ = scenario_start(path)
    run(state, data, steps=50, game=True)


def test_random_sessions_meet_many_different_refusals() -> None:
    """The property above is not vacuous: a fixed run meets many refusals, many with
    parameters, nested messages among them."""
    seen: dict[str, Message] = {}
    for forum, start in sorted(SESSIONS.items()):
        state = start()
        now = state.last_event_at
        for seed in range(400):
            now += (0.0, 1.0, 20.0, 95.0, 400.0)[seed % 5]
            actor, fields = pick(candidates(state), seed * 7919 + len(forum))
            try:
                state, _ = apply(state, parse_command({**fields, "actor": actor, "now": now}))
            except RuleViolation as violation:
                seen[violation.say.text] = violation.say
    assert len(seen) >= 40
    assert sum(1 for m in seen.values() if m.params) >= 20
    assert any(isinstance(v, Message) for m in seen.values() for v in m.params.values())


def _cases() -> list[dict[str, Any]]:
    return [
        case
        for path in sorted(CASES_DIR.glob("*.yaml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    ]


def test_every_outcome_reason_is_its_message_in_english() -> None:
    """Outcome.say is the reason as a template and parameters (the rule's verdict, the tally,
    the failed criteria, who vetoed or objected): ``reason == say.english()`` for every
    conformance case, and each criterion's detail is its own message; a malformed case's
    refusal is a template too."""
    with_params = 0
    for case in _cases():
        arguments = (case["rule"], case["members"], case["votes"], case.get("parties", []))
        try:
            outcome = decide(*arguments)
        except RuleViolation as violation:
            assert_is_a_template(violation.say, [])
            continue
        assert outcome.reason == outcome.say.english()
        assert_is_a_template(outcome.say, [])
        for criterion in outcome.criteria:
            assert criterion.detail == criterion.say.english()
            assert_is_a_template(criterion.say, [])
        with_params += bool(outcome.say.params)
    assert with_params > 100


def test_a_vetoed_draft_names_the_veto_holder_as_a_parameter() -> None:
    """The veto holder is a parameter of the failed criterion, not part of its template."""
    members = ["CHN", "FRA", "GBR", "RUS", "USA", "ALB", "BRA", "GAB", "GHA"]
    votes = {m: "yes" for m in members} | {"RUS": "no"}
    rule = {"kind": "majority", "min_yes": 9, "veto": ["CHN", "FRA", "GBR", "RUS", "USA"]}
    outcome = decide(rule, members, votes)
    assert outcome.reason.startswith("Failed — vetoed by RUS")
    assert outcome.say.text == "Failed — {failures} ({tally})."
    veto = next(c for c in outcome.criteria if c.name == "veto")
    assert veto.say.text == "vetoed by {members}" and veto.say.params == {"members": "RUS"}
