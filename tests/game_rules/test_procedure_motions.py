"""Motions: precedence, thresholds, debate, and what each carried motion does."""

from __future__ import annotations

import pytest
from procedure_helpers import Session, committee_setup, security_council_setup

from game_rules import NotInOrder, NotPermitted, private_view


def opened(n: int = 10, **procedure: object) -> Session:
    s = Session(committee_setup(n, **procedure))
    s.all_present()
    s.chair("set_agenda", item="t1")
    return s


def carry(s: Session, mover: str, *, yes: int | None = None, **motion: object) -> bool:
    s.do(mover, "propose_motion", **motion)
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    if s.state.vote is None and not any(m.status != "pending" for m in s.state.motions):
        return True  # decided without a vote
    s.chair("open_vote")
    voters = [m.id for m in s.state.setup.members]
    count = len(voters) if yes is None else yes
    s.vote_all({v: "no" for v in voters[count:]})
    s.chair("close_vote")
    return s.state.results[-1].adopted


def test_ga_rule_77_motions_are_entertained_in_order_of_precedence() -> None:
    """GA rule 77 / 119: suspend, adjourn the meeting, adjourn debate, close debate, in that
    order, before any other motion."""
    s = opened()
    s.do("S01", "propose_motion", kind="close_debate")
    s.do("S02", "propose_motion", kind="adjourn_debate")
    s.do("S03", "propose_motion", kind="suspend_meeting", minutes=10)
    close, adjourn, suspend = (m.id for m in s.state.motions)
    for motion_id in (close, adjourn):
        with pytest.raises(NotInOrder, match="suspend the meeting"):
            s.chair("entertain_motion", motion_id=motion_id)
    actions = private_view(s.state, "chair")["actions"]
    assert next(a for a in actions if a["type"] == "entertain_motion")["motion_id"] == suspend
    s.chair("entertain_motion", motion_id=suspend)


def test_nmun_longer_caucus_is_entertained_first() -> None:
    """NMUN rules of procedure: among motions of the same kind the most disruptive (longest)
    is voted on first."""
    s = opened()
    s.do("S01", "propose_motion", kind="unmoderated_caucus", minutes=5)
    s.do("S02", "propose_motion", kind="unmoderated_caucus", minutes=15)
    with pytest.raises(NotInOrder):
        s.chair("entertain_motion", motion_id=s.state.motions[0].id)
    s.chair("entertain_motion", motion_id=s.state.motions[1].id)


def test_close_debate_needs_two_thirds_under_nmun_defaults() -> None:
    """NMUN rules of procedure: closure of debate needs two-thirds of members present and
    voting (Charter Art. 18(2) threshold); 6 of 10 fails, 7 of 10 carries."""
    s = opened()
    assert carry(s, "S01", yes=6, kind="close_debate") is False
    assert s.state.voting is None
    assert carry(s, "S01", yes=7, kind="close_debate") is True
    # No drafts were introduced, so voting procedure ends at once and the item is concluded.
    assert s.state.agenda_done == ("t1",) and s.state.agenda_item is None


def test_procedural_votes_allow_no_abstentions_in_model_un() -> None:
    """NMUN rules of procedure: all members vote yes or no on procedural motions."""
    s = opened()
    s.do("S01", "propose_motion", kind="close_speakers_list")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    with pytest.raises(NotPermitted, match="abstain"):
        s.do("S02", "cast_vote", choice="abstain")
    assert private_view(s.state, "S02")["vote_choices"]["choices"] == ["yes", "no"]


def test_ga_rule_76_suspension_resumes_when_its_time_is_up() -> None:
    """GA rule 76 / 118: suspension of the meeting; it resumes at the end of the suspension."""
    s = opened()
    assert carry(s, "S01", kind="suspend_meeting", minutes=10)
    assert s.state.meeting == "suspended"
    with pytest.raises(NotInOrder, match="suspended"):
        s.do("S02", "propose_motion", kind="close_debate")
    s.wait(600)
    s.chair("tick")
    assert s.state.meeting == "open"


def test_caucus_motions_start_and_end_caucuses() -> None:
    """NMUN rules of procedure: moderated caucus with a speaking time, unmoderated caucus;
    during an unmoderated caucus no motions are in order."""
    s = opened()
    assert carry(s, "S01", kind="unmoderated_caucus", minutes=5)
    with pytest.raises(NotInOrder, match="unmoderated caucus"):
        s.do("S02", "propose_motion", kind="close_debate")
    s.chair("end_caucus")
    assert carry(s, "S01", kind="moderated_caucus", minutes=5, speaker_seconds=30)
    s.chair("recognize_speaker", member="S04")
    assert s.state.floor is not None and s.state.floor.kind == "caucus"
    assert s.state.floor.seconds == 30
    with pytest.raises(NotInOrder, match="may not interrupt"):
        s.do("S02", "propose_motion", kind="unmoderated_caucus", minutes=9)
    s.chair("end_speech")
    with pytest.raises(NotInOrder, match="at most"):
        s.do("S02", "propose_motion", kind="unmoderated_caucus", minutes=90)


def test_carried_motion_makes_the_others_lapse() -> None:
    """NMUN rules of procedure: once a motion carries, the pending ones are no longer before
    the committee."""
    s = opened()
    s.do("S02", "propose_motion", kind="close_speakers_list")
    assert carry(s, "S01", kind="suspend_meeting", minutes=1)
    assert s.state.motions == ()


def test_ga_rule_71_appeal_overturns_a_ruling_and_restores_the_motion() -> None:
    """GA rule 71 / 113: a ruling of the chair stands unless overruled by a majority present
    and voting; overruling a ruling that a motion was out of order restores the motion."""
    s = opened()
    s.do("S01", "propose_motion", kind="close_speakers_list")
    s.chair("rule_motion_out_of_order", motion_id=s.last_motion_id(), reason="premature")
    ruling = s.state.rulings[-1].id
    assert s.state.motions == ()
    assert carry(s, "S02", kind="appeal_chair", target=ruling)
    assert s.state.rulings[-1].overturned
    assert [m.kind for m in s.state.motions] == ["close_speakers_list"]


def test_observers_do_not_make_motions_by_default() -> None:
    """Observers may speak but do not take part in decisions (GA resolution 3237 (XXIX) for
    observer status; NMUN rules of procedure for NGOs)."""
    s = opened()
    with pytest.raises(NotPermitted, match="Observers"):
        s.do("NGO", "propose_motion", kind="close_debate")


def test_sc_rule_32_division_is_automatic_unless_the_sponsor_objects() -> None:
    """SC provisional rule 32: parts of a motion or draft are voted separately at a member's
    request unless the original mover objects; then the request is put to a procedural vote."""
    s = Session(security_council_setup())
    s.all_present()
    s.chair("set_agenda", item="arda")
    s.do("USA", "submit_draft", title="T", clauses=[{"text": "A;"}, {"text": "B;"}])
    draft_id = s.state.drafts[-1].id
    s.do("GBR", "sign_draft", draft_id=draft_id)
    s.do("FRA", "sign_draft", draft_id=draft_id)
    s.chair("introduce_draft", draft_id=draft_id)
    s.do("RUS", "propose_motion", kind="divide_question", target=draft_id, parts=[["OP2"]])
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    assert s.state.draft(draft_id).division == (("OP2",),)  # type: ignore[union-attr]
    s.do("CHN", "propose_motion", kind="divide_question", target=draft_id, parts=[["OP1"]])
    s.do("USA", "object_to_motion", motion_id=s.last_motion_id())
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    assert s.state.vote is None
    s.chair("open_vote")
    assert s.state.vote is not None and "veto" not in s.state.vote.rule
