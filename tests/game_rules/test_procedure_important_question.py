"""The motion to declare a question important: UN Charter Art. 18(2)-(3), GA rules 83 and 85."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from procedure_helpers import Session, committee_setup

from game_rules import NotInOrder, SessionSetup, parse_event, private_view, replay
from game_rules.scenario.setup import load_scenario, start_session
from game_rules.session import events as ev

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
MEMBERS = [f"S{i:02d}" for i in range(1, 13)]
IMPORTANT = {
    "kind": "majority",
    "base": "present_and_voting",
    "at_least": "2/3",
    "source": "UN Charter Art. 18(2)",
}


def assembly_setup(*, important: bool = True, introduced: bool = True) -> SessionSetup:
    """Twelve members; D1 (sponsored by S01) before the committee; an `important` rule."""
    data: dict[str, Any] = committee_setup(12).model_dump()
    data["rules"] = {"important": IMPORTANT} if important else {}
    data["agenda_item"] = "t1"
    data["drafts"] = [
        {
            "id": "D1",
            "title": "A new working group",
            "agenda_item": "t1",
            "sponsors": ["S01"],
            "clauses": [{"text": "Decides to establish a working group;"}],
            "introduced": introduced,
        }
    ]
    return SessionSetup.model_validate(data)


def opened(**setup: bool) -> Session:
    s = Session(assembly_setup(**setup))
    s.all_present()
    return s


def placard(s: Session, yes: int) -> bool:
    """Open the next question; the first ``yes`` members vote yes, the rest no."""
    s.chair("open_vote")
    s.vote_all({m: "no" for m in MEMBERS[yes:]})
    s.chair("close_vote")
    return s.state.results[-1].adopted


def declare_important(s: Session, mover: str, yes: int, target: str = "D1") -> bool:
    s.do(mover, "propose_motion", kind="declare_important", target=target)
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    return placard(s, yes)


def close_debate_and_vote_d1(s: Session, yes: int) -> bool:
    s.do("S03", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    assert placard(s, 12)
    return placard(s, yes)


def test_charter_18_3_majority_declares_question_important_then_two_thirds_applies() -> None:
    """Charter Art. 18(3) and GA rule 85: whether a question is important is decided by a
    majority of the members present and voting; once it is, Art. 18(2) and GA rule 83 require
    two-thirds of the members present and voting, so 7 yes to 5 no no longer adopts the draft."""
    s = opened()
    # 7 of 12 is a simple majority but short of two-thirds: the motion itself still carries.
    assert declare_important(s, "S02", yes=7)
    assert s.state.draft("D1").rule == "important"  # type: ignore[union-attr]
    assert any(isinstance(e, ev.QuestionDeclaredImportant) for e in s.events)
    assert close_debate_and_vote_d1(s, yes=7) is False
    result = s.state.results[-1]
    assert result.subject.ref == "D1" and result.tally["yes"] == 7
    assert "2/3" in result.reason or "two-thirds" in result.reason.lower()
    assert s.state.draft("D1").status == "rejected"  # type: ignore[union-attr]


def test_ga_rule_86_without_the_motion_a_simple_majority_adopts_the_same_draft() -> None:
    """GA rules 85-86: a question not declared important is adopted by a majority of the members
    present and voting, so the same 7 to 5 vote adopts D1."""
    s = opened()
    assert close_debate_and_vote_d1(s, yes=7) is True
    assert s.state.draft("D1").status == "adopted"  # type: ignore[union-attr]


def test_charter_18_2_important_question_adopted_with_exactly_two_thirds() -> None:
    """Charter Art. 18(2): two-thirds of the members present and voting; 8 of 12 is exactly
    two-thirds ("at least")."""
    s = opened()
    assert declare_important(s, "S02", yes=12)
    assert close_debate_and_vote_d1(s, yes=8) is True


def test_ga_rule_85_motion_fails_without_a_simple_majority() -> None:
    """GA rule 85: 6 yes to 6 no is not a majority; the draft keeps the simple-majority rule."""
    s = opened()
    assert declare_important(s, "S02", yes=6) is False
    assert s.state.draft("D1").rule is None  # type: ignore[union-attr]
    assert close_debate_and_vote_d1(s, yes=7) is True


def test_declare_important_refused_clearly_where_the_forum_has_no_important_rule() -> None:
    """Art. 18(2) categories exist only where the forum defines them: a forum without an
    `important` rule refuses the motion and says how a scenario enables it."""
    s = opened(important=False)
    with pytest.raises(NotInOrder, match="no decision rule named 'important'") as caught:
        s.do("S02", "propose_motion", kind="declare_important", target="D1")
    assert "rules: {important:" in caught.value.message
    kinds = {a.get("kind") for a in private_view(s.state, "S02")["actions"]}
    assert "declare_important" not in kinds and "close_debate" in kinds


def test_declare_important_is_offered_in_actions_only_when_in_order() -> None:
    """The delegate's action list offers the motion only when it can be made: a draft must be
    before the committee and not already an important question (GA rule 83)."""

    def offered(s: Session) -> list[dict[str, Any]]:
        actions = private_view(s.state, "S02")["actions"]
        return [a for a in actions if a.get("kind") == "declare_important"]

    s = opened(introduced=False)
    assert offered(s) == []
    s.do("S02", "sign_draft", draft_id="D1")
    s.do("S03", "sign_draft", draft_id="D1")
    s.chair("introduce_draft", draft_id="D1")
    (entry,) = offered(s)
    assert entry["in_order"] and entry["targets"] == ["D1"]
    precedence = {
        a["kind"]: a["precedence"]
        for a in private_view(s.state, "S02")["actions"]
        if a["type"] == "propose_motion"
    }
    assert precedence["adjourn_debate"] < entry["precedence"] < precedence["close_debate"]
    assert "important question" in entry["why"]
    assert declare_important(s, "S02", yes=12)
    assert offered(s) == []


def test_declare_important_needs_an_introduced_draft_not_already_important() -> None:
    """GA rule 83: the motion names a question before the Assembly."""
    s = opened()
    with pytest.raises(NotInOrder, match="Say which draft"):
        s.do("S02", "propose_motion", kind="declare_important")
    with pytest.raises(NotInOrder, match="no draft"):
        s.do("S02", "propose_motion", kind="declare_important", target="D9")
    assert declare_important(s, "S02", yes=12)
    with pytest.raises(NotInOrder, match="already an important question"):
        s.do("S04", "propose_motion", kind="declare_important", target="D1")


def test_declare_important_is_entertained_before_close_debate_and_does_not_lapse_it() -> None:
    """GA rule 77 orders the motions that end debate last; the question's majority is settled
    before debate closes, and settling it leaves the motion to close debate before the chair."""
    s = opened()
    s.do("S03", "propose_motion", kind="close_debate")
    close = s.last_motion_id()
    s.do("S02", "propose_motion", kind="declare_important", target="D1")
    declare = s.last_motion_id()
    with pytest.raises(NotInOrder, match="declare the question important"):
        s.chair("entertain_motion", motion_id=close)
    s.chair("entertain_motion", motion_id=declare)
    assert placard(s, 7)
    assert [m.id for m in s.state.motions] == [close]


def test_declare_important_is_in_order_in_voting_procedure() -> None:
    """GA rule 83 decisions may be taken once debate is closed, before the draft is voted."""
    s = opened()
    s.do("S03", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    assert placard(s, 12)
    assert s.state.voting is not None
    assert declare_important(s, "S02", yes=7)
    assert placard(s, 7) is False  # D1 now needs two-thirds


def test_declare_important_replay_equals_live_state() -> None:
    """boardgame.io-style log: folding the stored events rebuilds the live state."""
    s = opened()
    assert declare_important(s, "S02", yes=7)
    close_debate_and_vote_d1(s, yes=9)
    stored = [e.model_dump(mode="json") for e in s.events]
    assert replay(s.initial, [parse_event(e) for e in stored]) == s.state
    assert s.state.draft("D1").rule == "important"  # type: ignore[union-attr]


def test_general_assembly_scenario_offers_the_motion_and_two_thirds_follows() -> None:
    """The bundled GA scenario (issue #3 item 5): simple majority, a motion to declare a
    question important, after which two-thirds applies (Charter Art. 18(2)-(3))."""
    scenario = load_scenario(SCENARIOS / "general-assembly-2030.yaml")
    s = Session(scenario_setup := start_session(scenario, now=1000.0).setup)
    assert scenario_setup.rule("important")["at_least"] == "2/3"
    s.all_present()
    actions = private_view(s.state, "USA")["actions"]
    (entry,) = [a for a in actions if a.get("kind") == "declare_important"]
    assert entry["targets"] == ["D1"] and entry["threshold"].startswith("procedural")
    s.do("USA", "propose_motion", kind="declare_important", target="D1")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")
    assert s.state.draft("D1").rule == "important"  # type: ignore[union-attr]
