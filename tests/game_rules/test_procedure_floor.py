"""Attendance, the agenda, the speakers list, yields, right of reply, points and the clock."""

from __future__ import annotations

import pytest
from procedure_helpers import Session, committee_setup

from game_rules import NotInOrder, NotPermitted, RuleViolation, next_deadline, parse_command


def opened(n: int = 10, **procedure: object) -> Session:
    s = Session(committee_setup(n, **procedure))
    s.all_present()
    s.chair("set_agenda", item="t1")
    return s


def test_nmun_present_and_voting_cannot_be_withdrawn_by_the_delegation() -> None:
    """NMUN rules of procedure (roll call): a delegation that declared itself present and voting
    keeps that declaration; only the chair can correct the record."""
    s = Session(committee_setup(3))
    s.do("S01", "record_attendance", member="S01", status="present_and_voting")
    with pytest.raises(NotInOrder, match="cannot change"):
        s.do("S01", "record_attendance", member="S01", status="present")
    with pytest.raises(NotPermitted, match="own delegation"):
        s.do("S01", "record_attendance", member="S02", status="present")
    s.chair("record_attendance", member="S01", status="present")
    assert s.state.attendance["S01"] == "present"


def test_observers_answer_present_not_present_and_voting() -> None:
    """UN Charter Art. 18(1): each *member* has one vote; observers do not vote."""
    s = Session(committee_setup(3))
    with pytest.raises(NotInOrder, match="observer"):
        s.chair("record_attendance", member="NGO", status="present_and_voting")


def test_absent_delegations_cannot_join_the_speakers_list() -> None:
    """GA rule 86: only members present take part; the roll call decides who is present."""
    s = Session(committee_setup(3))
    s.chair("set_agenda", item="t1")
    with pytest.raises(NotPermitted, match="not recorded as present"):
        s.do("S01", "add_speaker")


def test_speakers_list_needs_an_agenda_item_and_refuses_duplicates() -> None:
    """NMUN rules of procedure: one speakers list per topic; a delegation appears once."""
    s = Session(committee_setup(3))
    s.all_present()
    with pytest.raises(NotInOrder, match="agenda"):
        s.do("S01", "add_speaker")
    s.chair("set_agenda", item="t1")
    s.do("S01", "add_speaker")
    with pytest.raises(NotInOrder, match="already on the speakers list"):
        s.do("S01", "add_speaker")
    with pytest.raises(NotPermitted, match="own delegation"):
        s.do("S02", "add_speaker", member="S03")
    s.chair("add_speaker", member="S03")
    s.do("S01", "remove_speaker")
    assert s.state.speakers == ("S03",)


def test_ga_rule_72_speaking_time_runs_out_on_tick() -> None:
    """GA rule 72 / 114: the chair may call a speaker to order when the time is up; the engine
    ends the speech at the deadline, and the deadline is the app's next tick."""
    s = opened()
    s.chair("set_speaking_time", seconds=45)
    s.do("S01", "add_speaker")
    s.chair("recognize_speaker")
    assert next_deadline(s.state) == pytest.approx(s.now + 45)
    s.wait(44)
    assert s.chair("tick") == []
    s.wait(1)
    events = s.chair("tick")
    assert [e.type for e in events] == ["floor_ended"]
    assert s.state.floor is None


def test_pause_keeps_remaining_time() -> None:
    """Pausing the clock freezes every timer; resuming gives back exactly the time left."""
    s = opened()
    s.do("S01", "add_speaker")
    s.chair("recognize_speaker")
    s.wait(30)
    s.chair("pause_clock")
    assert next_deadline(s.state) is None
    s.wait(500)
    s.chair("tick")
    assert s.state.floor is not None
    s.chair("resume_clock")
    assert next_deadline(s.state) == pytest.approx(s.now + 60)


def test_nmun_yield_to_delegate_passes_remaining_time_and_cannot_be_yielded_again() -> None:
    """NMUN rules of procedure (yields): the remaining time goes to the other delegate, who may
    not yield it further."""
    s = opened()
    s.do("S01", "add_speaker")
    s.chair("recognize_speaker")
    s.wait(50)
    s.do("S01", "yield_floor", to="delegate", delegate="S02")
    floor = s.state.floor
    assert floor is not None and floor.speaker == "S02" and floor.yielded_by == "S01"
    assert floor.seconds == pytest.approx(40)
    with pytest.raises(NotInOrder, match="cannot yield"):
        s.do("S02", "yield_floor", to="questions")


def test_only_the_speaker_may_yield() -> None:
    """NMUN rules of procedure: a yield is the speaker's choice."""
    s = opened()
    s.do("S01", "add_speaker")
    s.chair("recognize_speaker")
    with pytest.raises(NotInOrder, match="while you have the floor"):
        s.do("S02", "yield_floor", to="chair")


def test_ga_rule_73_right_of_reply_at_the_chairs_discretion() -> None:
    """GA rule 73 / 115: the chair may accord a right of reply; none to a right of reply
    (NMUN rules of procedure)."""
    s = opened()
    s.do("S02", "request_right_of_reply", reason="Insulted by S01")
    request_id = s.state.reply_requests[0].id
    with pytest.raises(NotPermitted):
        s.do("S02", "rule_on_right_of_reply", request_id=request_id, granted=True)
    s.chair("rule_on_right_of_reply", request_id=request_id, granted=True)
    assert s.state.floor is not None and s.state.floor.kind == "reply"
    assert s.state.floor.seconds == s.state.procedure.reply_time
    with pytest.raises(NotInOrder, match="right of reply to a right of reply"):
        s.do("S01", "request_right_of_reply")


def test_points_that_may_interrupt_a_speaker() -> None:
    """NMUN rules of procedure: a point of personal privilege or of order may interrupt a
    speaker (GA rule 71: a point of order at any time); a parliamentary inquiry may not."""
    s = opened()
    s.do("S01", "add_speaker")
    s.chair("recognize_speaker")
    with pytest.raises(NotInOrder, match="may not interrupt"):
        s.do("S02", "raise_point", kind="parliamentary_inquiry", text="How long is a speech?")
    s.do("S02", "raise_point", kind="personal_privilege", text="We cannot hear.")
    s.do("S03", "raise_point", kind="order", text="Off topic.")
    assert [p.interrupted for p in s.state.points] == ["S01", "S01"]
    s.chair("rule_on_point", point_id=s.state.points[1].id, ruling="Not well taken.")
    assert s.state.rulings[-1].text == "Not well taken."


def test_parse_command_explains_unknown_types_and_bad_fields() -> None:
    """A bad command gets a message saying what was wrong and where."""
    with pytest.raises(RuleViolation, match="Unknown command 'fly'"):
        parse_command({"type": "fly", "actor": "S01", "now": 1})
    with pytest.raises(RuleViolation, match="kind"):
        parse_command({"type": "raise_point", "actor": "S01", "now": 1, "kind": "loud"})
    with pytest.raises(RuleViolation, match="now"):
        parse_command({"type": "tick", "actor": "system", "now": float("nan")})
