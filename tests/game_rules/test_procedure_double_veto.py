"""The "double veto" in a live Security Council session.

Statement by the Delegations of the Four Sponsoring Governments on Voting Procedure in the
Security Council, San Francisco, 7 June 1945, part II, para. 2: the preliminary question whether
a matter is procedural is decided by the vote of seven (now nine) members including the
concurring votes of the permanent members. Charter Art. 27(2) (procedural: nine votes) and
27(3) (other matters: nine votes including the permanent members').
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from procedure_helpers import ELECTED, P5, Session, committee_setup, security_council_setup

from game_rules import NotInOrder, NotPermitted, parse_event, private_view, replay
from game_rules.decision.security_council import decide_preliminary_question
from game_rules.scenario.setup import load_scenario, start_session
from game_rules.session import events as ev

MEMBERS = (*P5, *ELECTED)


def council() -> Session:
    s = Session(security_council_setup())
    s.all_present()
    s.chair("set_agenda", item="arda")
    return s


def move_adjourn_debate(s: Session, mover: str = "IRL") -> str:
    s.do(mover, "propose_motion", kind="adjourn_debate")
    return s.last_motion_id()


def vote(s: Session, choices: dict[str, str], default: str = "yes") -> bool:
    s.chair("open_vote")
    s.vote_all(choices, default)
    s.chair("close_vote")
    return s.state.results[-1].adopted


def test_san_francisco_statement_double_veto_p5_no_makes_question_substantive() -> None:
    """A permanent member's no on the preliminary question makes the matter substantive; it
    can then veto the matter itself, which fourteen votes would otherwise have carried under
    Art. 27(2)."""
    s = council()
    motion_id = move_adjourn_debate(s)
    s.do("RUS", "contest_procedural", motion_id=motion_id)
    s.chair("entertain_motion", motion_id=motion_id)

    s.chair("open_vote")
    assert s.state.vote is not None and s.state.vote.subject.kind == "preliminary"
    assert "Preliminary question" in s.state.vote.title
    s.vote_all({"RUS": "no"})
    s.chair("close_vote")
    assert s.state.results[-1].adopted is False
    decided = [e for e in s.events if isinstance(e, ev.PreliminaryQuestionDecided)]
    assert [d.classification for d in decided] == ["substantive"]
    assert "RUS" in decided[0].reason
    assert s.state.motion(motion_id).classification == "substantive"  # type: ignore[union-attr]

    # The motion itself is now decided under the substantive rule: Russia vetoes it again.
    assert vote(s, {"RUS": "no"}) is False
    result = s.state.results[-1]
    assert "substantive question" in result.title and "RUS" in result.reason
    assert s.state.motion(motion_id) is None and s.state.agenda_item == "arda"


def test_charter_27_2_uncontested_procedural_motion_carries_over_a_p5_no() -> None:
    """Art. 27(2): without the preliminary question, the same vote carries the motion."""
    s = council()
    motion_id = move_adjourn_debate(s)
    s.chair("entertain_motion", motion_id=motion_id)
    assert vote(s, {"RUS": "no"}) is True
    assert s.state.agenda_item is None


def test_san_francisco_statement_preliminary_question_carried_keeps_procedural_rule() -> None:
    """Nine votes with no permanent member against (abstentions do not veto: Namibia opinion,
    para. 22) decide the matter is procedural, so a later P5 no on the motion does not veto."""
    s = council()
    motion_id = move_adjourn_debate(s)
    s.do("RUS", "contest_procedural", motion_id=motion_id)
    s.chair("entertain_motion", motion_id=motion_id)
    assert vote(s, {"RUS": "abstain", "CHN": "abstain"}) is True
    assert s.state.motion(motion_id).classification == "procedural"  # type: ignore[union-attr]
    assert vote(s, {"RUS": "no", "CHN": "no"}) is True
    assert s.state.agenda_item is None


def test_san_francisco_statement_preliminary_question_fails_without_nine_votes() -> None:
    """The preliminary question needs nine affirmative votes: eight make the matter
    substantive even with no permanent member against."""
    s = council()
    motion_id = move_adjourn_debate(s)
    s.do("GBR", "contest_procedural", motion_id=motion_id)
    s.chair("entertain_motion", motion_id=motion_id)
    abstainers = {m: "abstain" for m in MEMBERS[8:]}
    assert vote(s, abstainers) is False
    assert s.state.motion(motion_id).classification == "substantive"  # type: ignore[union-attr]


def test_san_francisco_statement_chair_may_put_the_preliminary_question() -> None:
    """The President may put the preliminary question to the Council of its own motion."""
    s = council()
    motion_id = move_adjourn_debate(s)
    s.chair("entertain_motion", motion_id=motion_id)
    s.chair("contest_procedural", motion_id=motion_id)
    assert s.state.motion(motion_id).contested_by == "chair"  # type: ignore[union-attr]
    s.chair("open_vote")
    assert s.state.vote is not None and s.state.vote.subject.kind == "preliminary"


def test_preliminary_question_is_raised_once_and_only_by_a_council_member() -> None:
    """Observers never vote on substance (Charter Art. 31-32: non-members participate without
    a vote), so they cannot dispute a question's character; a dispute is raised once."""
    s = council()
    motion_id = move_adjourn_debate(s)
    with pytest.raises(NotPermitted):
        s.do("MSF", "contest_procedural", motion_id=motion_id)
    s.do("RUS", "contest_procedural", motion_id=motion_id)
    with pytest.raises(NotInOrder, match="already disputed"):
        s.do("CHN", "contest_procedural", motion_id=motion_id)
    with pytest.raises(NotInOrder, match="no motion M99"):
        s.do("CHN", "contest_procedural", motion_id="M99")


def test_double_veto_refused_outside_the_security_council() -> None:
    """The preliminary question is Security Council practice; a General Assembly committee
    decides every procedural motion by its own rule (GA rule 85), so the command is refused."""
    s = Session(committee_setup(10))
    s.all_present()
    s.chair("set_agenda", item="t1")
    s.do("S01", "propose_motion", kind="close_debate")
    with pytest.raises(NotInOrder, match="does not vote on whether a question is procedural"):
        s.do("S02", "contest_procedural", motion_id=s.last_motion_id())
    types = {a["type"] for a in private_view(s.state, "S02")["actions"]}
    assert "contest_procedural" not in types


def test_preliminary_question_offered_to_council_members_in_their_actions() -> None:
    """The delegate's view lists the dispute with the motions it can be raised on."""
    s = council()
    motion_id = move_adjourn_debate(s)
    (entry,) = [
        a for a in private_view(s.state, "RUS")["actions"] if a["type"] == "contest_procedural"
    ]
    assert entry["in_order"] and entry["motions"][0]["motion_id"] == motion_id
    assert "San Francisco" in entry["source"]
    s.do("RUS", "contest_procedural", motion_id=motion_id)
    (entry,) = [
        a for a in private_view(s.state, "RUS")["actions"] if a["type"] == "contest_procedural"
    ]
    assert not entry["in_order"] and "already disputed" in entry["why"]


def test_sc_rule_32_disputed_division_is_granted_once_found_procedural() -> None:
    """SC provisional rule 32 makes division automatic; when a member disputes that it is
    procedural, the preliminary question is put first, and a procedural finding grants it."""
    s = council()
    s.do("USA", "submit_draft", title="Arda", clauses=[{"text": "A;"}, {"text": "B;"}])
    draft_id = s.state.drafts[-1].id
    for signer in ("GBR", "FRA"):
        s.do(signer, "sign_draft", draft_id=draft_id)
    s.chair("introduce_draft", draft_id=draft_id)
    s.do("IRL", "propose_motion", kind="divide_question", target=draft_id, parts=[["OP1"]])
    motion_id = s.last_motion_id()
    s.do("RUS", "contest_procedural", motion_id=motion_id)
    s.chair("entertain_motion", motion_id=motion_id)
    assert s.state.motion(motion_id) is not None  # not granted before the preliminary vote
    assert vote(s, {}) is True
    assert s.state.motion(motion_id) is None
    assert s.state.draft(draft_id).division == (("OP1",),)  # type: ignore[union-attr]


def test_a_motion_under_a_preliminary_vote_cannot_be_withdrawn() -> None:
    """GA rule 80 (applied by the Council): a motion may be withdrawn before voting on it has
    begun; the preliminary vote is part of voting on it."""
    s = council()
    motion_id = move_adjourn_debate(s)
    s.do("RUS", "contest_procedural", motion_id=motion_id)
    s.chair("entertain_motion", motion_id=motion_id)
    s.chair("open_vote")
    with pytest.raises(NotInOrder, match="can no longer be withdrawn"):
        s.do("IRL", "withdraw_motion", motion_id=motion_id)


def test_double_veto_replay_equals_live_state() -> None:
    """The stored log (JSON) folds back into the live state, preliminary events included."""
    s = council()
    motion_id = move_adjourn_debate(s)
    s.do("RUS", "contest_procedural", motion_id=motion_id)
    s.chair("entertain_motion", motion_id=motion_id)
    vote(s, {"RUS": "no"})
    middle = s.state
    assert replay(s.initial, s.events) == middle
    vote(s, {"RUS": "no"})
    stored = [e.model_dump(mode="json") for e in s.events]
    assert {"procedural_character_contested", "preliminary_question_decided"} <= {
        e["type"] for e in stored
    }
    assert replay(s.initial, [parse_event(e) for e in stored]) == s.state


CHOICES = st.sampled_from(["yes", "no", "abstain"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({m: CHOICES for m in MEMBERS}))
def test_session_preliminary_vote_agrees_with_decide_preliminary_question(
    choices: dict[str, str],
) -> None:
    """Property: the session's classification is exactly what H1's
    ``decide_preliminary_question`` gives for the same ballots (San Francisco Statement)."""
    s = council()
    motion_id = move_adjourn_debate(s)
    s.do("FRA", "contest_procedural", motion_id=motion_id)
    s.chair("entertain_motion", motion_id=motion_id)
    vote(s, choices)
    expected = decide_preliminary_question(list(MEMBERS), choices).classification
    assert s.state.motion(motion_id).classification == expected  # type: ignore[union-attr]


def test_bundled_council_scenario_enables_the_preliminary_question_and_the_assembly_does_not() -> (
    None
):
    """Only the Security Council votes on whether a matter is procedural (San Francisco
    Statement, 1945); the General Assembly decides that by its own rules (GA rule 85)."""
    scenarios = Path(__file__).resolve().parents[2] / "scenarios"
    council_state = start_session(load_scenario(scenarios / "security-council-protection.yaml"))
    assembly_state = start_session(load_scenario(scenarios / "general-assembly-2030.yaml"))
    assert council_state.procedure.double_veto
    assert not assembly_state.procedure.double_veto
