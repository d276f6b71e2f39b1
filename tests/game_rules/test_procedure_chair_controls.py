"""Chair controls: extending a timer, ruling an amendment friendly, ordering unfriendly
amendments, and the veto recorded in the vote result.

Sources: GA rule 72 (the chair keeps the speaking time), GA rule 90 (the amendment furthest
removed in substance is voted first: the chair rules which one that is), THIMUN and NMUN rules
of procedure (an amendment every sponsor accepts is friendly and incorporated without a vote),
Charter Art. 27(3) (the concurring votes of the permanent members).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from procedure_helpers import Session, committee_setup, security_council_setup

from game_rules import (
    NotInOrder,
    NotPermitted,
    RuleViolation,
    next_deadline,
    parse_command,
    parse_event,
    private_view,
    public_view,
    replay,
)
from game_rules.session import events as ev


def committee() -> Session:
    s = Session(committee_setup(10))
    s.all_present()
    s.chair("set_agenda", item="t1")
    return s


def with_speaker(s: Session, member: str = "S01") -> None:
    s.do(member, "add_speaker")
    s.chair("recognize_speaker")


def assert_replays(s: Session) -> None:
    stored = [parse_event(e.model_dump(mode="json")) for e in s.events]
    assert replay(s.initial, stored) == s.state


def chair_action(s: Session, kind: str) -> dict[str, object]:
    found = next((a for a in private_view(s.state, "chair")["actions"] if a["type"] == kind), None)
    assert found is not None, f"the chair's actions do not list {kind}"
    return found


# -- extend the timer ------------------------------------------------------------------------


def test_ga_rule_72_chair_extends_the_speakers_time() -> None:
    """GA rule 72: the chair keeps the speaking time; extending it moves the deadline and the
    allotted time by the same amount, and the app's next tick with it."""
    s = committee()
    with_speaker(s)
    assert s.state.floor is not None
    deadline, allotted = s.state.floor.deadline, s.state.floor.seconds
    s.wait(20)
    events = s.chair("extend_time", seconds=30)
    assert [e.type for e in events] == ["time_extended"]
    assert isinstance(events[0], ev.TimeExtended) and events[0].timer == "floor"
    assert s.state.floor.deadline == deadline + 30
    assert s.state.floor.seconds == allotted + 30
    assert next_deadline(s.state) == deadline + 30
    # The old deadline passes without ending the speech; the new one ends it.
    s.now = deadline + 1
    s.do("system", "tick")
    assert s.state.floor is not None
    s.now = deadline + 30
    s.do("system", "tick")
    assert s.state.floor is None
    assert_replays(s)


def test_ga_rule_72_extension_while_paused_adds_to_the_remaining_time() -> None:
    """Pausing freezes every timer; an extension while paused adds to the time that was left,
    and resuming gives back exactly that (procedure.md: pause and resume)."""
    s = committee()
    with_speaker(s)
    s.wait(30)
    s.chair("pause_clock")
    remaining = public_view(s.state)["floor"]["paused_remaining"]
    assert remaining == pytest.approx(s.state.speaking_time - 30)
    s.wait(100)
    s.chair("extend_time", seconds=60)
    assert public_view(s.state)["floor"]["paused_remaining"] == pytest.approx(remaining + 60)
    assert next_deadline(s.state) is None
    s.wait(5)
    s.chair("resume_clock")
    assert s.state.floor is not None
    assert s.state.floor.deadline == pytest.approx(s.now + remaining + 60)
    assert_replays(s)


def test_nmun_chair_extends_a_caucus_and_an_open_votes_deadline() -> None:
    """NMUN rules of procedure: the caucus's duration is the chair's to keep. Without a speaker
    the caucus is extended; ``timer`` chooses the vote deadline (``vote_time_limit``)."""
    s = Session(committee_setup(10, vote_time_limit=120))
    s.all_present()
    s.chair("set_agenda", item="t1")
    s.do("S01", "propose_motion", kind="unmoderated_caucus", minutes=5)
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    assert s.state.vote is not None and s.state.vote.deadline is not None
    vote_deadline = s.state.vote.deadline
    s.chair("extend_time", seconds=45, timer="vote")
    assert s.state.vote.deadline == vote_deadline + 45
    s.vote_all({})
    s.chair("close_vote")
    assert s.state.caucus is not None
    caucus_deadline = s.state.caucus.deadline
    s.chair("extend_time", seconds=60)
    assert s.state.caucus.deadline == caucus_deadline + 60
    assert_replays(s)


def test_extend_time_refused_without_a_timer_or_from_a_delegate() -> None:
    """Only the chair keeps time, and only a running timer can be extended."""
    s = committee()
    with pytest.raises(NotInOrder, match="no running timer"):
        s.chair("extend_time", seconds=30)
    with_speaker(s)
    with pytest.raises(NotInOrder, match="no caucus"):
        s.chair("extend_time", seconds=30, timer="caucus")
    with pytest.raises(NotPermitted, match="Only the chair"):
        s.do("S02", "extend_time", seconds=30)
    assert chair_action(s, "extend_time")["timers"] == ["floor"]


@pytest.mark.parametrize("seconds", [0, -10, 601, float("nan"), "soon"])
def test_extend_time_seconds_must_be_positive_and_bounded(seconds: object) -> None:
    """A bad amount is refused with a message naming the field and the bound."""
    with pytest.raises(RuleViolation, match="seconds"):
        parse_command({"type": "extend_time", "actor": "chair", "now": 1.0, "seconds": seconds})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=5))
def test_extensions_add_up_and_replay_equals_live_state(extensions: list[int]) -> None:
    """Every extension adds exactly its seconds; the log rebuilds the same state."""
    s = committee()
    with_speaker(s)
    assert s.state.floor is not None
    start = s.state.floor.deadline
    for seconds in extensions:
        s.wait(1)
        s.chair("extend_time", seconds=seconds)
    assert s.state.floor.deadline == start + sum(extensions)
    assert_replays(s)


# -- amendments: ruled friendly, ordered ------------------------------------------------------


def introduced_draft(s: Session, sponsors: tuple[str, ...] = ("S01",)) -> str:
    s.do(
        sponsors[0],
        "submit_draft",
        title="Small arms",
        clauses=[{"kind": "preambular", "text": "Recalling;"}, {"text": "A;"}, {"text": "B;"}],
    )
    draft_id = s.state.drafts[-1].id
    for sponsor in sponsors[1:]:
        s.do(sponsor, "sign_draft", draft_id=draft_id, as_sponsor=True)
    s.do("S09", "sign_draft", draft_id=draft_id)
    s.chair("introduce_draft", draft_id=draft_id)
    return draft_id


def amend(s: Session, who: str, draft_id: str, action: str, **fields: object) -> str:
    s.do(who, "propose_amendment", draft_id=draft_id, action=action, **fields)
    return s.state.amendments[-1].id


def test_thimun_chair_declares_an_amendment_friendly_when_every_sponsor_agrees() -> None:
    """THIMUN / NMUN: the chair asks the sponsors on the floor; when all agree, the chair
    declares the amendment friendly and it is incorporated without a vote."""
    s = committee()
    draft_id = introduced_draft(s, ("S01", "S02"))
    amendment_id = amend(
        s, "S05", draft_id, "modify", target_clause="OP1", clause={"text": "A, as amended;"}
    )
    assert s.state.amendment(amendment_id).status == "pending"  # type: ignore[union-attr]
    assert chair_action(s, "rule_amendment_friendly")["in_order"] is True
    events = s.chair("rule_amendment_friendly", amendment_id=amendment_id)
    assert [e.type for e in events] == ["amendment_ruled_friendly", "amendment_incorporated"]
    amendment = s.state.amendment(amendment_id)
    assert amendment is not None and amendment.status == "incorporated" and amendment.friendly
    assert amendment.accepted_by == ("S01", "S02")
    draft = s.state.draft(draft_id)
    assert draft is not None and draft.clauses[1].text == "A, as amended;"
    assert_replays(s)


def test_nmun_no_friendly_ruling_once_amendments_were_voted() -> None:
    """NMUN: once an amendment to the draft has been voted, no amendment becomes friendly; a
    delegate cannot make the ruling, and an incorporated amendment cannot be ruled again."""
    s = committee()
    draft_id = introduced_draft(s)
    first = amend(s, "S05", draft_id, "delete", target_clause="OP2")
    second = amend(s, "S06", draft_id, "modify", target_clause="OP1", clause={"text": "X;"})
    with pytest.raises(NotPermitted, match="Only the chair"):
        s.do("S01", "rule_amendment_friendly", amendment_id=first)
    s.chair("open_vote", amendment_id=first)
    s.vote_all({}, default="no")
    s.chair("close_vote")
    with pytest.raises(NotInOrder, match="Voting on amendments to this draft has begun"):
        s.chair("rule_amendment_friendly", amendment_id=second)
    with pytest.raises(NotInOrder, match="rejected"):
        s.chair("rule_amendment_friendly", amendment_id=first)


def test_ga_rule_90_chair_orders_the_unfriendly_amendments() -> None:
    """GA rule 90: the chair rules which amendment is furthest removed in substance; voting
    procedure puts the amendments in that order, before the draft."""
    s = committee()
    draft_id = introduced_draft(s)
    add = amend(s, "S03", draft_id, "add", clause={"text": "C;"})
    modify = amend(s, "S04", draft_id, "modify", target_clause="OP1", clause={"text": "Z;"})
    delete = amend(s, "S05", draft_id, "delete", target_clause="OP2")
    drafts = {d["id"]: d for d in public_view(s.state)["drafts"]}
    assert drafts[draft_id]["amendment_voting_order"] == [delete, modify, add]
    s.chair("order_amendments", draft_id=draft_id, order=[add, delete, modify])
    drafts = {d["id"]: d for d in public_view(s.state)["drafts"]}
    assert drafts[draft_id]["amendment_voting_order"] == [add, delete, modify]
    s.do("S06", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")
    assert s.state.voting is not None
    assert [i.ref for i in s.state.voting.queue] == [add, delete, modify, draft_id]
    assert_replays(s)


def test_ga_rule_90_reordering_in_voting_procedure_until_the_first_amendment_vote() -> None:
    """The order may still change after debate closes, but not once voting on the draft's
    amendments has begun."""
    s = committee()
    draft_id = introduced_draft(s)
    modify = amend(s, "S04", draft_id, "modify", target_clause="OP1", clause={"text": "Z;"})
    delete = amend(s, "S05", draft_id, "delete", target_clause="OP2")
    s.do("S06", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")
    assert [i.ref for i in s.state.voting.queue] == [delete, modify, draft_id]  # type: ignore[union-attr]
    s.chair("order_amendments", draft_id=draft_id, order=[modify, delete])
    assert [i.ref for i in s.state.voting.queue] == [modify, delete, draft_id]  # type: ignore[union-attr]
    s.chair("open_vote")
    with pytest.raises(NotInOrder, match="has begun"):
        s.chair("order_amendments", draft_id=draft_id, order=[delete, modify])
    assert chair_action(s, "order_amendments")["in_order"] is False
    assert_replays(s)


def test_order_amendments_must_list_each_pending_amendment_once() -> None:
    """A readable refusal names the amendments to list."""
    s = committee()
    draft_id = introduced_draft(s)
    modify = amend(s, "S04", draft_id, "modify", target_clause="OP1", clause={"text": "Z;"})
    with pytest.raises(NotInOrder, match="fewer than two"):
        s.chair("order_amendments", draft_id=draft_id, order=[modify])
    delete = amend(s, "S05", draft_id, "delete", target_clause="OP2")
    with pytest.raises(NotInOrder, match="exactly once"):
        s.chair("order_amendments", draft_id=draft_id, order=[modify, modify])
    with pytest.raises(NotInOrder, match="exactly once"):
        s.chair("order_amendments", draft_id=draft_id, order=[delete])
    with pytest.raises(NotPermitted):
        s.do("S02", "order_amendments", draft_id=draft_id, order=[modify, delete])


# -- the veto in the result --------------------------------------------------------------------


def test_charter_27_3_vote_result_names_the_vetoing_member() -> None:
    """Art. 27(3): a permanent member's no defeats a substantive question; the result records
    who vetoed (``vetoed_by``), in the state, the stored event and the public view."""
    s = Session(security_council_setup())
    s.all_present()
    s.chair("set_agenda", item="arda")
    s.do("GBR", "submit_draft", title="Arda", clauses=[{"text": "Demands a ceasefire;"}])
    draft_id = s.state.drafts[-1].id
    for signer in ("FRA", "IRL"):
        s.do(signer, "sign_draft", draft_id=draft_id)
    s.chair("introduce_draft", draft_id=draft_id)
    s.do("IRL", "propose_motion", kind="move_to_vote", target=draft_id)
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({"RUS": "no"})
    s.chair("close_vote")
    assert s.state.results[-1].vetoed_by == ()  # a procedural motion: no veto
    s.chair("open_vote")
    s.vote_all({"RUS": "no", "CHN": "abstain"})
    s.chair("close_vote")
    result = s.state.results[-1]
    assert result.adopted is False and result.vetoed_by == ("RUS",)
    assert public_view(s.state)["results"][-1]["vetoed_by"] == ["RUS"]
    closed = [e for e in s.events if isinstance(e, ev.VoteClosed)][-1]
    assert closed.result.vetoed_by == ("RUS",)
    assert_replays(s)
