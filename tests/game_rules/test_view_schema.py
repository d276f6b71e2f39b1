"""The view models and their JSON Schema (game_rules/view_models.py) describe exactly the views the
engine produces: every view of random sessions validates against both, the models give back the
very same JSON, and anything else (an unknown key, a wrong type, null for a key that may only be
left out) is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
from game_support import SECURITY_COUNCIL, Game
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from procedure_helpers import Session, committee_setup, security_council_setup
from pydantic import ValidationError
from random_sessions import candidates, pick

from game_rules import (
    RuleViolation,
    SessionSetup,
    SessionState,
    apply,
    new_session,
    parse_command,
    private_view,
    public_view,
)
from game_rules.engine.view_models import (
    JSON_SCHEMA_DIALECT,
    OrdinaryMotionKind,
    PlainChairAction,
    PlainDelegateAction,
    PublicRuling,
    View,
    view_json_schema,
)
from game_rules.engine.views import brief_view
from game_rules.scenario.setup import load_scenario, start_session
from game_rules.session.events import Event
from game_rules.session.rules_of_procedure import MOTION_KINDS
from game_rules.session.scripting import Brief
from game_rules.session.state import Ruling

JSON = dict[str, Any]
SCENARIOS = sorted(SECURITY_COUNCIL.parent.glob("*.yaml"))
CLIMATE_SUMMIT = SECURITY_COUNCIL.parent / "climate-summit.yaml"

# ---------------------------------------------------------------------------------------------
# Sessions to look at: the procedure tests' forums and every bundled scenario
# ---------------------------------------------------------------------------------------------


def fake_brief(position: str) -> JSON:
    """A brief as the server holds it: a scenario Brief dumped as JSON."""
    brief = Brief.model_validate(
        {
            "position": position,
            "red_lines": ["No new budget-funded body"],
            "objectives": [{"text": "Have D1 adopted", "check": {"draft_adopted": "D1"}}],
        }
    )
    return brief_view(brief)


def committee() -> tuple[SessionState, dict[str, JSON]]:
    """Five members with moderated notes; S01 and S02 have a brief, the others none."""
    state = new_session(committee_setup(5, notes_moderated=True), 100.0)
    return state, {"S01": fake_brief("Lead the small-arms draft."), "S02": fake_brief("Delay.")}


def council() -> tuple[SessionState, dict[str, JSON]]:
    """The Security Council (double veto, P5); only the United States has a brief."""
    state = new_session(security_council_setup(), 100.0)
    return state, {"USA": fake_brief("Keep the Council united.")}


@cache
def scenario_start(path: Path) -> tuple[SessionState, dict[str, JSON]]:
    """A bundled scenario's session with its full game layer, two seats played by bots, and
    its real briefs."""
    scenario = load_scenario(path)
    state = start_session(scenario, seed=1)
    for seat in [m.id for m in state.setup.members][1:3]:
        command = parse_command({"type": "assign_bot", "seat": seat, "actor": "chair", "now": 1.0})
        state, _ = apply(state, command)
    briefs = {seat: brief_view(brief) for seat, brief in scenario.briefs.items()}
    return state, briefs


SESSIONS: dict[str, Callable[[], tuple[SessionState, dict[str, JSON]]]] = {
    "committee": committee,
    "council": council,
    **{path.stem: (lambda path=path: scenario_start(path)) for path in SCENARIOS},
}


def game_candidates(state: SessionState) -> list[tuple[str, JSON]]:
    """The game layer's commands and the chair's controls, which ``candidates`` leaves out."""
    setup = state.setup
    members = [m.id for m in setup.members]
    actors = [d.id for d in (*setup.members, *setup.observers)]
    out: list[tuple[str, JSON]] = [("chair", {"type": "extend_time", "seconds": 30})]
    for actor in actors:
        out += [
            (actor, {"type": "decide_consent", "given": True}),
            (actor, {"type": "decide_consent", "given": False}),
        ]
        for draft in state.drafts:
            for choice in ("yes", "no"):
                pledge = {"recipient": members[-1], "draft_id": draft.id, "choice": choice}
                out.append((actor, {"type": "pledge_vote", "text": "You have my word.", **pledge}))
    for event in state.world.rules.events:
        out.append(("chair", {"type": "press_chair_button", "event_id": event.id}))
    for seat in members[-2:]:
        out += [("chair", {"type": "assign_bot", "seat": seat})]
        out += [("chair", {"type": "release_bot", "seat": seat})]
    for amendment in state.amendments:
        out.append(("chair", {"type": "rule_amendment_friendly", "amendment_id": amendment.id}))
    for motion in state.motions:
        for actor in ("chair", *members[:2]):
            out.append((actor, {"type": "contest_procedural", "motion_id": motion.id}))
    for draft in state.drafts:
        pending = [a.id for a in state.amendments if a.draft_id == draft.id]
        if len(pending) >= 2:
            order = {"draft_id": draft.id, "order": pending[::-1]}
            out.append(("chair", {"type": "order_amendments", **order}))
        for actor in members[:2]:
            important = {"kind": "declare_important", "target": draft.id}
            out.append((actor, {"type": "propose_motion", **important}))
    return out


# ---------------------------------------------------------------------------------------------
# Views as the server sends them (app/rooms/runtime.py, CommittedBatch.me_json)
# ---------------------------------------------------------------------------------------------


def viewers_of(state: SessionState) -> list[str]:
    """The chair, the projector, three members (first, second, last) and an observer."""
    members = [m.id for m in state.setup.members]
    observers = [o.id for o in state.setup.observers]
    return ["chair", "public", *members[:2], members[-1], *observers[:1]]


def me_for(
    state: SessionState, viewer: str, briefs: dict[str, JSON], *, hide_notes: bool = False
) -> JSON:
    """``me`` as the server builds it: the private view, without notes for a chair who asked
    not to see them, plus the seat's brief (or the chair's briefs of every seat)."""
    me = private_view(state, viewer)
    if hide_notes:
        me.pop("notes", None)
    if viewer == "chair":
        if briefs:
            me["briefs"] = briefs
    elif viewer in briefs:
        me["brief"] = briefs[viewer]
    return me


def on_the_wire(view: JSON) -> JSON:
    """The view as a client parses it: JSON text and back (tuples become lists)."""
    parsed: JSON = json.loads(json.dumps(view))
    return parsed


@cache
def validator() -> jsonschema.Draft202012Validator:
    schema = view_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@cache
def me_validator() -> jsonschema.Draft202012Validator:
    """The schema's ``me`` property on its own (with the schema's definitions)."""
    schema = view_json_schema()
    return jsonschema.Draft202012Validator({"$defs": schema["$defs"], **schema["properties"]["me"]})


def schema_errors(view: JSON, checker: jsonschema.Draft202012Validator | None = None) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in (checker or validator()).iter_errors(view)
    ]


def assert_models_describe(view: JSON) -> None:
    """View validates the view, strictly too, and gives it back key for key (nothing added,
    nothing lost, no default filled in)."""
    model = View.model_validate(view)
    assert model.model_dump(mode="json") == view
    View.model_validate_json(json.dumps(view), strict=True)


def assert_described_exactly(view: JSON) -> None:
    """The view validates against the JSON Schema and the models."""
    assert schema_errors(view) == []
    assert_models_describe(view)


class ViewChecker:
    """Checks every view of the states it is shown, and remembers what the views held.

    The schema of a view is the public view's keys plus ``me``, each checked on its own, so the
    JSON Schema check of a state's views is done as: the projector's whole view (``me: {}``),
    then each other viewer's ``me`` against the schema's ``me`` (a ``me`` already found valid
    is not checked twice: jsonschema is slow). The models check every viewer's whole view."""

    def __init__(self) -> None:
        self._valid_me: set[str] = set()
        self.action_types: set[tuple[str, str]] = set()
        self.parts: set[str] = set()

    def check(self, state: SessionState, briefs: dict[str, JSON], viewers: list[str]) -> None:
        public = on_the_wire(public_view(state))
        assert_described_exactly({**public, "me": {}})
        mes = [me_for(state, viewer, briefs) for viewer in viewers if viewer != "public"]
        mes.append(me_for(state, "chair", briefs, hide_notes=True))
        for me in map(on_the_wire, mes):
            text = json.dumps(me, sort_keys=True)
            if text not in self._valid_me:
                assert schema_errors(me, me_validator()) == []
                self._valid_me.add(text)
            assert_models_describe({**public, "me": me})
            self._remember(me)
        self._remember_public(public)

    def _remember(self, me: JSON) -> None:
        role = "chair" if me.get("role") == "chair" else "delegate"
        for action in me.get("actions", []):
            self.action_types.add((role, action["type"]))
            if action.get("kind") == "declare_important":
                self.action_types.add((role, "declare_important"))
        if any(ruling["motion"] for ruling in me.get("rulings", [])):
            self.parts.add("ruling with its motion")
        for key in ("notes", "reply_requests", "ballots", "my_ballots"):
            if me.get(key):
                self.parts.add(key)
        world = me.get("world", {})
        for key in ("pledges", "news"):
            if world.get(key):
                self.parts.add(f"{role} {key}")

    def _remember_public(self, public: JSON) -> None:
        for key, value in public.items():
            if key == "world":
                self.parts.update(f"world.{k}" for k, v in value.items() if v)
            elif value not in (None, [], False):
                self.parts.add(key)
        vote = public["vote"]
        if vote is not None:
            self.parts.add(f"vote by {vote['method']}")
            if vote["choices"] is None:
                self.parts.add("vote with hidden choices")
        if public["meeting"] != "open":
            self.parts.add(f"meeting {public['meeting']}")


def run_and_check(
    state: SessionState, briefs: dict[str, JSON], data: st.DataObject, steps: int
) -> None:
    """A random session in the manner of test_replay_properties.run_random_session, checking
    every viewer's view of every state it passes through (a refused command changes nothing,
    so it has nothing new to check)."""
    checker = ViewChecker()
    checker.check(state, briefs, viewers_of(state))
    now = state.last_event_at
    for _ in range(steps):
        now += data.draw(st.sampled_from([0.0, 1.0, 20.0, 95.0, 400.0]), label="wait")
        options = candidates(state) + game_candidates(state)
        actor, fields = pick(options, data.draw(st.integers(0, 10**6), label="pick"))
        command = parse_command({**fields, "actor": actor, "now": now})
        try:
            state, _ = apply(state, command)
        except RuleViolation:
            continue
        checker.check(state, briefs, viewers_of(state))


# ---------------------------------------------------------------------------------------------
# The property
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("session", sorted(SESSIONS))
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_view_of_a_random_session_is_described_by_the_models_and_the_schema(
    session: str, data: st.DataObject
) -> None:
    """For random command sequences in the procedure tests' committee and Security Council and
    in every bundled scenario (with bots in some seats), the view of the chair (with and
    without notes), the projector, members and an observer, briefs added as the server adds
    them, validates against view_json_schema() (draft 2020-12) and View, and View.model_dump
    gives the very same JSON back."""
    state, briefs = SESSIONS[session]()
    run_and_check(state, briefs, data, steps=40)


# ---------------------------------------------------------------------------------------------
# The schema is strict
# ---------------------------------------------------------------------------------------------


@cache
def sample_views() -> dict[str, JSON]:
    """A Security Council scenario's views after a few steps: a chair, a delegate, the public."""
    state, briefs = scenario_start(SECURITY_COUNCIL)
    for actor, fields in [
        ("chair", {"type": "record_attendance", "member": "USA", "status": "present"}),
        ("USA", {"type": "add_speaker"}),
        ("chair", {"type": "recognize_speaker"}),
    ]:
        state, _ = apply(state, parse_command({**fields, "actor": actor, "now": 5.0}))
    public = public_view(state)
    return {
        viewer: on_the_wire({**public, "me": me_for(state, viewer, briefs)})
        for viewer in ("chair", "USA", "public")
    }


def refused(view: JSON) -> tuple[bool, bool]:
    """(the schema refuses it, the models refuse it)."""
    by_schema = not validator().is_valid(view)
    try:
        View.model_validate(view)
    except ValidationError:
        by_models = True
    else:
        by_models = False
    return by_schema, by_models


def changed(viewer: str, change: Callable[[JSON], object]) -> JSON:
    view = json.loads(json.dumps(sample_views()[viewer]))
    change(view)
    assert isinstance(view, dict)
    return view


def test_sample_views_are_valid_so_the_refusals_below_are_about_the_change() -> None:
    """The views the strictness tests start from are themselves valid."""
    for view in sample_views().values():
        assert_described_exactly(view)


@pytest.mark.parametrize(
    ("viewer", "change"),
    [
        ("public", lambda v: v.update(secret_plans="leaked")),
        ("public", lambda v: v["forum"].update(motto="x")),
        ("public", lambda v: v["members"][0].update(score=3)),
        ("public", lambda v: v["world"].update(trust={})),
        ("USA", lambda v: v["me"].update(briefs={})),
        ("USA", lambda v: v["me"]["actions"][0].update(hint="x")),
        ("USA", lambda v: v["me"]["brief"].update(secret="x")),
        ("chair", lambda v: v["me"].update(brief=v["me"]["briefs"]["USA"])),
        ("chair", lambda v: v["me"]["world"].update(trust_start=50)),
    ],
    ids=[
        "top-level",
        "forum",
        "delegation",
        "public-world-trust",
        "delegate-briefs",
        "action",
        "brief",
        "chair-brief",
        "chair-trust-start",
    ],
)
def test_an_unknown_key_anywhere_is_refused(viewer: str, change: Callable[[JSON], object]) -> None:
    """Every object is closed (additionalProperties false, extra="forbid"): a key the engine
    does not write, at the top level or deep inside, fails validation, e.g. trust leaking into
    the public world or a delegate receiving every seat's briefs."""
    assert refused(changed(viewer, change)) == (True, True)


@pytest.mark.parametrize(
    ("viewer", "change"),
    [
        ("public", lambda v: v.update(paused=[True])),
        ("public", lambda v: v.update(speaking_time={"seconds": 90})),
        ("public", lambda v: v.update(members={"USA": {}})),
        ("public", lambda v: v.update(meeting="in recess")),
        ("public", lambda v: v["floor"].update(deadline=[1])),
        ("public", lambda v: v.update(me={"role": "chair"})),
        ("USA", lambda v: v["me"].update(role="chair")),
        ("USA", lambda v: v["me"]["vote_choices"].update(choices=["maybe"])),
        ("USA", lambda v: v["me"]["actions"][0].update(type="launch_missiles")),
        ("chair", lambda v: v["me"].update(notes=None)),
        ("USA", lambda v: v["me"].update(brief=None)),
    ],
    ids=[
        "bool",
        "number",
        "array",
        "enum",
        "nested-number",
        "incomplete-me",
        "role",
        "choice",
        "action-type",
        "null-notes",
        "null-brief",
    ],
)
def test_a_wrong_type_or_value_in_a_known_field_is_refused(
    viewer: str, change: Callable[[JSON], object]
) -> None:
    """A known key with a value of the wrong type or outside its enumeration fails validation;
    so does null for a key that a view leaves out rather than sending null."""
    assert refused(changed(viewer, change)) == (True, True)


@pytest.mark.parametrize(
    ("viewer", "path"),
    [
        ("public", ("vote",)),
        ("public", ("world",)),
        ("USA", ("me", "actions")),
        ("chair", ("me", "role")),
    ],
    ids=["vote", "world", "actions", "role"],
)
def test_a_key_the_engine_always_writes_may_not_be_missing(
    viewer: str, path: tuple[str, ...]
) -> None:
    """Every key the engine always writes is required, even where it is null or empty."""

    def remove(view: JSON) -> None:
        target = view
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    assert refused(changed(viewer, remove)) == (True, True)


# ---------------------------------------------------------------------------------------------
# The schema itself
# ---------------------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema_of_the_view() -> None:
    """view_json_schema() is a valid JSON Schema that says its dialect and names itself."""
    schema = view_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == JSON_SCHEMA_DIALECT
    assert schema["title"] == "Plenary view"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(schema["properties"])
    assert "me" in schema["required"]


def test_only_brief_briefs_the_hidden_notes_message_params_and_i18n_may_be_left_out() -> None:
    """Every key of every object is required except the ones the server sometimes leaves
    out: a delegate's brief (no brief for the seat), the chair's briefs (a scenario without
    briefs), the chair's notes (hidden at the chair's request), a message's params (a
    template without placeholders), and the ``i18n`` of a scenario text given in one language
    only."""
    optional = set()
    for name, definition in view_json_schema()["$defs"].items():
        for key in definition.get("properties", {}):
            if key not in definition.get("required", []):
                optional.add((name, key))
    translated = {name for name, key in optional if key == "i18n"}
    assert translated == {
        "AgendaItemView", "Clause", "ClauseVariant", "DraftView", "NewsItem", "FiredEventView",
        "ScenarioEventView", "BriefView", "ObjectiveView", "DelegationView", "ForumView",
        "BlocView",
    }
    assert optional - {(name, "i18n") for name in translated} == {
        ("DelegateMe", "brief"),
        ("ChairMe", "briefs"),
        ("ChairMe", "notes"),
        ("MessageJSON", "params"),
    }


def test_every_field_of_the_view_is_described() -> None:
    """Each property of the view's own models and of the state models it reuses has a
    description for client authors (the scenario format's own parts, such as objectives'
    checks, are described in scenario.schema.json)."""
    from game_rules.scenario import models
    from game_rules.session import scripting

    scenario_parts = {
        name
        for module in (models, scripting)
        for name, obj in vars(module).items()
        if isinstance(obj, type) and obj.__module__ == module.__name__
    } - {"Brief", "Objective", "BotGuidance"}
    missing = [
        f"{name}.{key}"
        for name, definition in view_json_schema()["$defs"].items()
        if name not in scenario_parts
        for key, prop in definition.get("properties", {}).items()
        if not prop.get("description")
    ]
    top = view_json_schema()["properties"]
    missing += [key for key, prop in top.items() if not prop.get("description")]
    assert missing == []


def test_view_models_follow_the_state_models_they_mirror() -> None:
    """The two view models that restate state fields rather than subclass them stay in step:
    a public ruling is a Ruling without its motion, and the ordinary motions of the actions
    list plus declare_important are exactly the engine's motion kinds."""
    assert set(PublicRuling.model_fields) == set(Ruling.model_fields) - {"motion"}
    for name, field in PublicRuling.model_fields.items():
        assert field.annotation == Ruling.model_fields[name].annotation, name
    assert {*get_args(OrdinaryMotionKind), "declare_important"} == set(MOTION_KINDS)
    assert "declare_important" not in get_args(OrdinaryMotionKind)


def test_a_spectator_view_has_an_empty_me_and_nothing_else_private() -> None:
    """The projector's view is the public view and me: {}; a public view given a chair's
    private part without the role is refused."""
    view = sample_views()["public"]
    assert view["me"] == {}
    assert_described_exactly(view)
    chair_me = dict(sample_views()["chair"]["me"])
    del chair_me["role"]
    assert refused({**view, "me": chair_me}) == (True, True)


# ---------------------------------------------------------------------------------------------
# Scripted sessions: every kind of action and every part of a view, for certain
# ---------------------------------------------------------------------------------------------


class CheckedSession(Session):
    """A procedure session whose every command is followed by a check of the views of the
    chair, the projector, the actor, whoever holds the floor or is called, and an observer."""

    def __init__(self, setup: SessionSetup, checker: ViewChecker, briefs: dict[str, JSON]) -> None:
        super().__init__(setup)
        self.checker = checker
        self.briefs = briefs
        self.checking = True
        self._check("chair")

    def do(self, actor: str, type_: str, **fields: Any) -> list[Event]:
        events = super().do(actor, type_, **fields)
        if self.checking:
            self._check(actor)
        return events

    def _check(self, actor: str) -> None:
        state = self.state
        viewers = {"chair", "public", actor, *(o.id for o in state.setup.observers[:1])}
        if state.floor is not None:
            viewers.add(state.floor.speaker)
        if state.vote is not None and (caller := state.vote.current_caller()) is not None:
            viewers.add(caller)
        self.checker.check(state, self.briefs, sorted(viewers))


def put_the_question(s: CheckedSession, choices: dict[str, str] | None = None) -> None:
    """Open a vote, every present member votes (yes unless ``choices`` says), close it. The
    views are checked after the first and the last ballot only: the ones between look alike."""
    s.chair("open_vote")
    assert s.state.vote is not None
    voters = [v for v in s.state.vote.voters if s.state.is_present(v)]
    for number, voter in enumerate(voters):
        s.checking = number in (0, len(voters) - 1)
        s.do(voter, "cast_vote", choice=(choices or {}).get(voter, "yes"))
    s.checking = True
    s.chair("close_vote")


def council_meeting(checker: ViewChecker) -> None:
    """Attendance, the clock, speeches with yields and questions, a point, a right of reply,
    caucus motions, a ruling and its appeal, a draft with friendly and unfriendly amendments,
    voting procedure with a roll call, a suspension and an adjournment."""
    s = CheckedSession(security_council_setup(), checker, {"USA": fake_brief("Lead.")})
    s.all_present(voting=("NOR",))
    s.chair("set_agenda", item="arda")
    s.chair("pause_clock")
    s.wait(5)
    s.chair("resume_clock")
    for delegation in ("USA", "RUS", "MSF", "KEN"):
        s.do(delegation, "add_speaker")
    s.do("KEN", "remove_speaker")
    s.chair("recognize_speaker")
    s.chair("extend_time", seconds=30)
    s.do("USA", "yield_floor", to="questions")
    s.chair("recognize_questioner", member="CHN")
    s.chair("end_speech")
    s.chair("recognize_speaker")
    s.do("GBR", "raise_point", kind="order", text="The speaker strays from the item.")
    s.chair("rule_on_point", point_id=s.state.points[-1].id, ruling="Not well taken.")
    s.do("RUS", "end_speech")
    s.do("GBR", "request_right_of_reply", reason="We were named.")
    s.chair("rule_on_right_of_reply", request_id=s.state.reply_requests[-1].id, granted=True)
    s.do("GBR", "end_speech")
    s.do("MSF", "send_note", to=["USA", "chair"], text="A word after the meeting?")

    s.do("IND", "propose_motion", kind="moderated_caucus", minutes=10, speaker_seconds=60)
    s.do("KEN", "propose_motion", kind="unmoderated_caucus", minutes=5)
    s.chair("rule_motion_out_of_order", motion_id=s.state.motions[0].id, reason="Dilatory.")
    s.do("IND", "propose_motion", kind="appeal_chair", target=s.state.rulings[-1].id)
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    put_the_question(s, {m: "no" for m in ("BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX")})
    s.chair("entertain_motion", motion_id=s.state.motions[0].id)
    put_the_question(s)
    assert s.state.caucus is not None
    s.chair("end_caucus")

    s.do(
        "USA",
        "submit_draft",
        title="Protection of civilians in Arda",
        clauses=[
            {"kind": "preambular", "text": "Gravely concerned,"},
            {"text": "Demands a ceasefire;"},
            {"text": "Requests humanitarian access;"},
        ],
    )
    draft_id = s.state.drafts[-1].id
    for signer in ("GBR", "FRA"):
        s.do(signer, "sign_draft", draft_id=draft_id)
    s.chair("introduce_draft", draft_id=draft_id)
    s.do(
        "GBR",
        "propose_amendment",
        draft_id=draft_id,
        action="modify",
        target_clause="OP1",
        clause={"text": "Demands an immediate ceasefire;"},
        friendly=True,
    )
    s.chair("rule_amendment_friendly", amendment_id=s.state.amendments[-1].id)
    for mover, text in (("CHN", "Review in 30 days."), ("ALB", "Review in 90 days.")):
        s.do(
            mover,
            "propose_amendment",
            draft_id=draft_id,
            action="modify",
            target_clause="OP2",
            clause={"text": text},
            friendly=False,
        )
    pending = [a.id for a in s.state.amendments if a.status == "pending"]
    s.chair("order_amendments", draft_id=draft_id, order=pending[::-1])
    s.do("FRA", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    put_the_question(s)
    assert s.state.voting is not None
    s.do("MEX", "request_roll_call")
    s.chair("open_vote")
    s.chair("skip_roll_call")
    while s.state.vote is not None and (caller := s.state.vote.current_caller()) is not None:
        first_round = s.state.vote.roll_round == 1
        s.checking = caller in ("GHA", "NOR") or not first_round
        s.do(caller, "cast_vote", choice="pass" if first_round and caller == "GHA" else "yes")
    s.checking = True
    s.chair("close_vote")
    while s.state.voting is not None:
        put_the_question(s)

    s.do("KEN", "propose_motion", kind="suspend_meeting", minutes=5)
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    put_the_question(s)
    assert s.state.meeting == "suspended"
    s.chair("resume_meeting")
    s.do("KEN", "propose_motion", kind="adjourn_meeting")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    put_the_question(s)
    assert s.state.meeting == "adjourned"
    s.chair("open_meeting")


def assembly_with_secret_ballots(checker: ViewChecker) -> None:
    """A committee with an 'important' rule, placard choices hidden until the result and
    secret ballots on substance: a draft declared an important question, then voted."""
    data: JSON = committee_setup(6, secret_ballot=True, show_choices_live=False).model_dump()
    data["rules"] = {
        "important": {"kind": "majority", "base": "present_and_voting", "at_least": "2/3"}
    }
    data["agenda_item"] = "t1"
    data["drafts"] = [
        {
            "id": "D1",
            "title": "A new working group",
            "agenda_item": "t1",
            "sponsors": ["S01"],
            "clauses": [{"text": "Decides to establish a working group;"}],
            "introduced": True,
        }
    ]
    s = CheckedSession(SessionSetup.model_validate(data), checker, {})
    s.all_present()
    s.do("S02", "add_speaker")
    s.do("S02", "propose_motion", kind="declare_important", target="D1")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    put_the_question(s, {"S06": "no"})
    s.do("S01", "propose_motion", kind="move_to_vote", target="D1")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    put_the_question(s)
    while s.state.voting is not None:
        put_the_question(s, {"S05": "no"})
    assert any(r.secret for r in s.state.results)


#: What the scripted sessions must have shown, so that every model of the schema met real data.
EVERY_ACTION = {
    *(("delegate", t) for t in get_args(PlainDelegateAction.model_fields["type"].annotation)),
    *(("chair", t) for t in get_args(PlainChairAction.model_fields["type"].annotation)),
    *(("delegate", t) for t in ("raise_point", "propose_motion", "declare_important")),
    *(("delegate", t) for t in ("contest_procedural", "yield_floor", "sign_draft")),
    *(("chair", t) for t in ("recognize_speaker", "entertain_motion", "contest_procedural")),
    *(("chair", t) for t in ("extend_time", "rule_amendment_friendly", "order_amendments")),
}
EVERY_PART = {
    "floor",
    "caucus",
    "points",
    "rulings",
    "ruling with its motion",
    "motions",
    "drafts",
    "amendments",
    "voting_procedure",
    "vote by placard",
    "vote by roll_call",
    "vote with hidden choices",
    "results",
    "paused",
    "paused_at",
    "suspension_deadline",
    "meeting suspended",
    "meeting adjourned",
    "notes",
    "reply_requests",
    "ballots",
    "my_ballots",
}


def test_scripted_meetings_show_every_action_and_every_part_of_a_view() -> None:
    """A whole Security Council meeting and a General Assembly committee with secret ballots
    and an important question, their views checked after every command, together offer every
    kind of action in the schema and fill every part of the view that is often empty."""
    checker = ViewChecker()
    council_meeting(checker)
    assembly_with_secret_ballots(checker)
    assert EVERY_ACTION - checker.action_types == set()
    assert EVERY_PART - checker.parts == set()


class CheckedGame(Game):
    """A bundled scenario's session whose views are checked after every command (while
    ``checking``): the chair's, the projector's, the actor's and those of ``watched`` seats."""

    def __init__(self, path: Path, checker: ViewChecker, watched: tuple[str, ...]) -> None:
        super().__init__(load_scenario(path))
        self.checker = checker
        self.watched = watched
        self.briefs = {s: brief_view(b) for s, b in self.scenario.briefs.items()}
        self.checking = True
        self.check("chair")

    def do(self, actor: str, **fields: Any) -> list[Event]:
        events = super().do(actor, **fields)
        if self.checking:
            self.check(actor)
        return events

    def check(self, actor: str) -> None:
        viewers = sorted({"chair", "public", actor, *self.watched})
        self.checker.check(self.state, self.briefs, viewers)

    def quietly(self, action: Callable[[], object]) -> None:
        """Run ``action`` unchecked (a whole vote, say), then check the views once."""
        self.checking = False
        action()
        self.checking = True
        self.check("chair")


def council_crisis(checker: ViewChecker) -> None:
    """The Security Council scenario: Karevia refuses consent, a pledge is made and kept,
    the chair releases injects, D1 passes with its clauses withheld, D2 sets statuses, a
    bot takes a seat, and the crisis drifts on."""
    game = CheckedGame(SECURITY_COUNCIL, checker, watched=("KRV", "USA"))
    game.quietly(game.everyone_present)
    game.do("KRV", type="record_attendance", member="KRV", status="present")
    game.do("KRV", type="decide_consent", given=False)
    game.do("USA", type="pledge_vote", recipient="KRV", draft_id="D1", choice="yes")
    game.do("chair", type="press_chair_button", event_id="leaked-orders")
    game.quietly(lambda: game.vote_on("D1", {}))
    game.do("chair", type="press_chair_button", event_id="camp-attack")  # files D2
    game.quietly(lambda: game.vote_on("D2", {"CHN": "abstain", "RUS": "abstain"}))
    game.do("chair", type="assign_bot", seat="MOZ")
    game.now += 3600
    game.do("chair", type="tick")


def summit_withdrawal(checker: ViewChecker) -> None:
    """The climate summit: at minute 30 the United States withdraws and sits as an observer."""
    game = CheckedGame(CLIMATE_SUMMIT, checker, watched=("USA",))
    game.now = 31 * 60.0
    game.do("chair", type="tick")


EVERY_WORLD_PART = {
    "world.consent",
    "world.withheld",
    "world.statuses",
    "world.seat_changes",
    "world.news",
    "world.events_fired",
    "world.bots",
    "world.round",
    "chair pledges",
    "delegate pledges",
    "chair news",
    "delegate news",
}


def test_scripted_crises_show_every_part_of_the_game_layer() -> None:
    """Two bundled scenarios played through their consequences, their views checked after
    every command, fill every part of the game layer's views: consent, withheld clauses,
    statuses, moved seats, public and addressed news, pledges, injects, bots and rounds."""
    checker = ViewChecker()
    council_crisis(checker)
    summit_withdrawal(checker)
    assert EVERY_WORLD_PART - checker.parts == set()
