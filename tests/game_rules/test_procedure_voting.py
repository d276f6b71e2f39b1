"""Drafts, amendments and voting procedure: roll call, consensus, secret ballots, Art. 27(3)."""

from __future__ import annotations

import pytest
from procedure_helpers import Session, committee_setup, security_council_setup

from game_rules import NotInOrder, NotPermitted, private_view, public_view, view_event


def with_draft(s: Session, sponsor: str, signers: tuple[str, ...], item: str) -> str:
    s.chair("set_agenda", item=item)
    s.do(
        sponsor,
        "submit_draft",
        title="Draft",
        clauses=[
            {"kind": "preambular", "text": "Recalling;"},
            {"text": "Decides A;"},
            {"text": "Decides B;"},
        ],
    )
    draft_id = s.state.drafts[-1].id
    for signer in signers:
        s.do(signer, "sign_draft", draft_id=draft_id)
    s.chair("introduce_draft", draft_id=draft_id)
    return draft_id


def close_debate(s: Session, mover: str) -> None:
    s.do(mover, "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")


def test_signatory_share_counts_members_only() -> None:
    """NMUN rules of procedure: a draft needs a set share of the committee as sponsors and
    signatories before the chair introduces it; observers' signatures are not counted."""
    s = Session(committee_setup(10, signatory_share="1/5", observers_may_sign=True))
    s.all_present()
    s.chair("set_agenda", item="t1")
    s.do("S01", "submit_draft", title="D", clauses=[{"text": "Decides;"}])
    draft_id = s.state.drafts[-1].id
    s.do("NGO", "sign_draft", draft_id=draft_id)
    with pytest.raises(NotInOrder, match="needs 2"):
        s.chair("introduce_draft", draft_id=draft_id)
    with pytest.raises(NotPermitted, match="Observers cannot sponsor"):
        s.do("NGO", "sign_draft", draft_id=draft_id, as_sponsor=True)
    s.do("S02", "sign_draft", draft_id=draft_id)
    s.chair("introduce_draft", draft_id=draft_id)
    with pytest.raises(NotInOrder, match="can no longer be signed"):
        s.do("S03", "sign_draft", draft_id=draft_id)


def test_friendly_amendment_needs_every_sponsor() -> None:
    """NMUN rules of procedure: a friendly amendment is incorporated only when signed by all
    sponsors."""
    s = Session(committee_setup(10))
    s.all_present()
    draft_id = with_draft(s, "S01", ("S02",), "t1")
    s.do(
        "S01",
        "propose_amendment",
        draft_id=draft_id,
        action="delete",
        target_clause="OP2",
        friendly=True,
    )
    # S01 is the only sponsor, so its own friendly amendment is incorporated at once.
    draft = s.state.draft(draft_id)
    assert draft is not None and [c.id for c in draft.clauses] == ["PP1", "OP1"]


def test_friendly_amendment_with_two_sponsors_waits_for_both() -> None:
    """NMUN rules of procedure: all sponsors must sign a friendly amendment."""
    s = Session(committee_setup(10))
    s.all_present()
    s.chair("set_agenda", item="t1")
    s.do("S01", "submit_draft", title="D", clauses=[{"text": "Decides;"}, {"text": "Asks;"}])
    draft_id = s.state.drafts[-1].id
    s.do("S02", "sign_draft", draft_id=draft_id, as_sponsor=True)
    s.do(
        "S05",
        "propose_amendment",
        draft_id=draft_id,
        action="modify",
        target_clause="OP1",
        clause={"text": "Decides firmly;"},
        friendly=True,
    )
    amendment_id = s.state.amendments[-1].id
    s.do("S01", "accept_amendment", amendment_id=amendment_id)
    assert s.state.draft(draft_id).clauses[0].text == "Decides;"  # type: ignore[union-attr]
    with pytest.raises(NotPermitted, match="sponsors"):
        s.do("S05", "accept_amendment", amendment_id=amendment_id)
    s.do("S02", "accept_amendment", amendment_id=amendment_id)
    assert s.state.draft(draft_id).clauses[0].text == "Decides firmly;"  # type: ignore[union-attr]


def test_ga_rule_90_amendments_before_the_draft_and_conflicting_ones_fall() -> None:
    """GA rule 90 / 130: amendments are voted before the proposal, furthest removed in
    substance first; when the adoption of one implies the rejection of another, the latter is
    not put to the vote."""
    s = Session(committee_setup(10))
    s.all_present()
    draft_id = with_draft(s, "S01", ("S02",), "t1")
    s.do(
        "S03",
        "propose_amendment",
        draft_id=draft_id,
        action="modify",
        target_clause="OP2",
        clause={"text": "Decides C;"},
    )
    modify = s.state.amendments[-1].id
    s.do("S04", "propose_amendment", draft_id=draft_id, action="delete", target_clause="OP2")
    delete = s.state.amendments[-1].id
    close_debate(s, "S05")
    assert s.state.voting is not None
    assert [i.ref for i in s.state.voting.queue] == [delete, modify, draft_id]
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")
    assert s.state.amendment(modify).status == "fallen"  # type: ignore[union-attr]
    assert [i.ref for i in s.state.voting.queue] == [draft_id]
    assert [c.id for c in s.state.draft(draft_id).clauses] == ["PP1", "OP1"]  # type: ignore[union-attr]


def test_nmun_no_friendly_amendments_once_an_amendment_was_voted() -> None:
    """NMUN rules of procedure: after an amendment to a draft has been voted on, its sponsors
    can no longer accept friendly amendments (THIMUN practice: amendments voted in debate)."""
    s = Session(committee_setup(10))
    s.all_present()
    draft_id = with_draft(s, "S01", ("S02",), "t1")
    s.do(
        "S06",
        "propose_amendment",
        draft_id=draft_id,
        action="add",
        clause={"text": "Invites;"},
        friendly=True,
    )
    friendly = s.state.amendments[-1].id
    s.do("S03", "propose_amendment", draft_id=draft_id, action="delete", target_clause="OP1")
    s.chair("open_vote", amendment_id=s.state.amendments[-1].id)
    s.vote_all({}, default="no")
    s.chair("close_vote")
    assert s.state.results[-1].adopted is False and s.state.voting is None
    with pytest.raises(NotInOrder, match="already been put to the vote"):
        s.do("S01", "accept_amendment", amendment_id=friendly)
    with pytest.raises(NotInOrder, match="already been put to the vote"):
        s.do(
            "S07",
            "propose_amendment",
            draft_id=draft_id,
            action="delete",
            target_clause="OP2",
            friendly=True,
        )


def test_ga_rule_89_division_rejected_parts_leave_the_draft() -> None:
    """GA rule 89 / 129: parts voted separately; those rejected are removed, and the draft as
    a whole is then put to the vote; if every operative part is rejected, so is the draft."""
    s = Session(committee_setup(10))
    s.all_present()
    draft_id = with_draft(s, "S01", ("S02",), "t1")
    s.do("S03", "propose_motion", kind="divide_question", target=draft_id, parts=[["OP1"], ["OP2"]])
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")
    close_debate(s, "S04")
    for _ in range(2):
        s.chair("open_vote")
        s.vote_all({}, default="no")
        s.chair("close_vote")
    draft = s.state.draft(draft_id)
    assert draft is not None and draft.status == "rejected"
    assert "GA rule 89" in s.events[-2].reason  # type: ignore[union-attr]
    assert s.state.voting is None


def test_charter_27_3_party_to_dispute_must_abstain_under_chapter_vi() -> None:
    """UN Charter Art. 27(3): in decisions under Chapter VI a party to a dispute abstains; under
    Chapter VII it votes."""
    setup = security_council_setup(
        drafts=[
            {
                "id": "D-VI",
                "title": "Pacific settlement",
                "sponsors": ["FRA"],
                "parties": ["KEN"],
                "agenda_item": "arda",
                "introduced": True,
                "clauses": [{"text": "Calls upon;"}],
            },
            {
                "id": "D-VII",
                "title": "Measures",
                "sponsors": ["FRA"],
                "parties": ["KEN"],
                "agenda_item": "arda",
                "chapter_vii": True,
                "introduced": True,
                "clauses": [{"text": "Decides;"}],
            },
        ]
    )
    s = Session(setup)
    s.all_present()
    s.chair("set_agenda", item="arda")
    s.do("FRA", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({"KEN": "abstain"})
    s.chair("close_vote")
    s.chair("open_vote")
    assert private_view(s.state, "KEN")["vote_choices"]["choices"] == ["abstain"]
    with pytest.raises(NotPermitted, match=r"Art\. 27"):
        s.do("KEN", "cast_vote", choice="yes")
    s.vote_all({"KEN": "abstain"})
    s.chair("close_vote")
    assert s.state.results[-1].adopted
    s.chair("open_vote")
    assert s.state.vote is not None and s.state.vote.parties == ()
    s.do("KEN", "cast_vote", choice="no")


def test_observers_never_vote_on_substance() -> None:
    """UN Charter Art. 18(1) and 27(1): only members vote."""
    s = Session(committee_setup(10))
    s.all_present()
    with_draft(s, "S01", ("S02",), "t1")
    close_debate(s, "S03")
    s.chair("open_vote")
    with pytest.raises(NotPermitted, match="Observers never vote"):
        s.do("NGO", "cast_vote", choice="yes")


def test_wto_ix_1_consensus_forum_objection_blocks_and_reservation_does_not() -> None:
    """WTO Agreement Art. IX:1 and footnote 1: consensus means no member present formally
    objects; standing aside (a reservation) does not block."""
    s = Session(
        committee_setup(6, consensus_forum=True).model_copy(
            update={"rules": {"substantive": {"kind": "consensus"}}}
        )
    )
    s.all_present()
    draft_id = with_draft(s, "S01", ("S02",), "t1")
    close_debate(s, "S03")
    s.chair("propose_adoption_without_vote")
    assert private_view(s.state, "S04")["vote_choices"]["choices"] == [
        "join",
        "object",
        "reservation",
    ]
    s.do("S04", "cast_vote", choice="reservation")
    s.do("S05", "cast_vote", choice="object")
    events = s.chair("close_vote")
    # The objection blocks: in a consensus forum the item stays open for consultations
    # (FCCC/CP/1996/2, rule 42 never adopted; tests/game_rules/test_consensus_consultations.py).
    first = events[0]
    assert first.type == "consultations_opened" and getattr(first, "objectors", ()) == ("S05",)
    assert s.state.draft(draft_id).status == "introduced"  # type: ignore[union-attr]
    close_debate(s, "S03")
    s.chair("propose_adoption_without_vote")
    s.do("S04", "cast_vote", choice="reservation")
    s.chair("close_vote")
    result = s.state.results[-1]
    assert result.adopted and "S04" in result.reason and result.tally == {}


def test_ga_adoption_without_a_vote_turns_into_a_vote_on_objection() -> None:
    """GA practice (rule 87 and the decisions adopted without a vote): if a delegation objects
    to adoption without a vote, a recorded vote is taken instead."""
    s = Session(committee_setup(6))
    s.all_present()
    draft_id = with_draft(s, "S01", ("S02",), "t1")
    close_debate(s, "S03")
    s.chair("propose_adoption_without_vote")
    s.do("S06", "cast_vote", choice="object")
    events = s.chair("close_vote")
    assert [e.type for e in events] == ["consensus_not_reached"]
    assert s.state.voting is not None and s.state.voting.queue[0].ref == draft_id
    s.chair("propose_adoption_without_vote")
    s.chair("close_vote")
    result = s.state.results[-1]
    # No tally in a consensus outcome: nobody counts heads when nobody objects.
    assert result.adopted and result.method == "consensus" and result.tally == {}
    assert s.state.draft(draft_id).status == "adopted"  # type: ignore[union-attr]


def test_secret_ballot_hides_choices_but_shows_who_voted() -> None:
    """GA rule 92 (elections by secret ballot): choices stay secret, while the projector shows
    how many have voted."""
    s = Session(committee_setup(6, secret_ballot=True))
    s.all_present()
    with_draft(s, "S01", ("S02",), "t1")
    close_debate(s, "S03")
    s.chair("open_vote")
    events = s.do("S04", "cast_vote", choice="no")
    view = public_view(s.state)["vote"]
    assert view["voted"] == ["S04"] and view["choices"] is None
    assert view_event(events[0], "S05")["choice"] is None  # type: ignore[index]
    assert view_event(events[0], "S04")["choice"] == "no"  # type: ignore[index]
    assert view_event(events[0], "chair")["choice"] == "no"  # type: ignore[index]
    assert private_view(s.state, "S04")["my_ballots"][0]["choice"] == "no"
    for voter in ("S01", "S02", "S03", "S05", "S06"):
        s.do(voter, "cast_vote", choice="yes")
    s.chair("close_vote")
    assert s.state.results[-1].choices == {}


def test_private_notes_reach_only_sender_recipients_and_chair() -> None:
    """Notes between delegations are private (DESIGN.md: secrets only to their owners); when the
    forum moderates notes, recipients see a note only after the chair passes it."""
    s = Session(committee_setup(4, notes_moderated=True))
    s.all_present()
    (sent,) = s.do("S01", "send_note", to=["S02", "S03"], text="Meet at the coffee bar")
    assert view_event(sent, "S02") is None  # not yet passed by the chair
    assert view_event(sent, "chair") is not None and view_event(sent, "S01") is not None
    (passed,) = s.chair("moderate_note", note_id=s.state.notes[0].id, approve=True)
    assert view_event(passed, "S02") is not None and view_event(passed, "S04") is None
    assert [n["id"] for n in private_view(s.state, "S03")["notes"]] == [s.state.notes[0].id]
    assert private_view(s.state, "S04")["notes"] == []
    assert "coffee" not in str(public_view(s.state))


def test_charter_27_3_views_say_who_holds_a_veto_and_when_it_is_used() -> None:
    """UN Charter Art. 27(3): on a substantive question a permanent member's No defeats the
    draft; an abstention does not (Council practice since 1946, ICJ Namibia opinion para. 22).
    The views say who holds a veto, which No is a veto as it is cast, and the result's line."""
    setup = security_council_setup(
        drafts=[
            {
                "id": "D-1",
                "title": "Protection of civilians",
                "sponsors": ["FRA"],
                "agenda_item": "arda",
                "chapter_vii": True,
                "introduced": True,
                "clauses": [{"text": "Decides;"}],
            }
        ]
    )
    s = Session(setup)
    s.all_present()
    s.chair("set_agenda", item="arda")
    s.do("FRA", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")  # the motion to close debate: procedural, no veto
    assert private_view(s.state, "RUS")["vote_choices"]["veto"] is False
    s.vote_all({})
    s.chair("close_vote")
    s.chair("open_vote")
    vote = public_view(s.state)["vote"]
    assert vote["allowed"] == ["yes", "no", "abstain"]
    assert private_view(s.state, "RUS")["vote_choices"]["veto"] is True
    assert private_view(s.state, "BRA")["vote_choices"]["veto"] is False
    s.do("CHN", "cast_vote", choice="abstain")
    assert public_view(s.state)["vote"]["veto_now"] == []
    s.do("RUS", "cast_vote", choice="no")
    assert public_view(s.state)["vote"]["veto_now"] == ["RUS"]
    for voter in s.state.vote.voters:  # type: ignore[union-attr]
        if voter not in ("CHN", "RUS"):
            s.do(voter, "cast_vote", choice="yes")
    s.chair("close_vote")
    result = public_view(s.state)["results"][-1]
    assert result["adopted"] is False
    assert result["say"]["text"] == "{title}: not adopted, vetoed by {vetoers} ({counts})."
    assert result["say"]["params"]["vetoers"] == {"text": "Russian Federation"}
    assert result["say"]["params"]["counts"]["params"] == {"yes": 13, "no": 1, "abstain": 1}
