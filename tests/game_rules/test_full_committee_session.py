"""A whole Security Council meeting driven through ``apply`` only, then replayed from its events."""

from __future__ import annotations

import pytest
from procedure_helpers import P5, Session, security_council_setup

from game_rules import NotInOrder, NotPermitted, SessionState, replay
from game_rules.session.rules_of_procedure import security_council_procedure


def test_full_security_council_session_ends_in_a_veto() -> None:
    """Roll call, speakers with yields, a caucus motion, a draft with amendments, a roll-call
    vote with a pass, and a draft that fails on a veto whose reason names the vetoing member.

    Sources: UN Charter Art. 27(2) (procedural: nine votes) and 27(3) (substantive: nine votes
    including the concurring votes of the permanent members); SC provisional rules 30-32
    (Chapter VI of the provisional rules: conduct of business); GA rules 87 (roll call in
    alphabetical order from a name drawn by lot) and 90 (amendments voted furthest removed
    first); yields, passes and friendly amendments follow the NMUN rules of procedure.
    """
    # Observers sign only where the forum allows it (opt-in); this meeting allows it.
    procedure = security_council_procedure().model_copy(update={"observers_may_sign": True})
    s = Session(security_council_setup(procedure=procedure))

    # Roll call (the chair takes it). Norway declares itself present and voting.
    s.all_present(voting=("NOR",))
    assert s.state.attendance["NOR"] == "present_and_voting"
    assert s.state.attendance["MSF"] == "present"

    # Agenda, then a speakers list with yields.
    s.chair("set_agenda", item="arda")
    for delegation in ("USA", "RUS", "MSF"):
        s.do(delegation, "add_speaker")
    assert s.state.speakers == ("USA", "RUS", "MSF")
    s.chair("recognize_speaker")
    assert s.state.floor is not None and s.state.floor.speaker == "USA"
    s.wait(30)
    s.do("USA", "yield_floor", to="delegate", delegate="GBR")
    assert s.state.floor is not None and s.state.floor.speaker == "GBR"
    assert s.state.floor.seconds == pytest.approx(60)  # the 30 seconds USA had left... of 90
    with pytest.raises(NotInOrder, match="cannot yield again"):
        s.do("GBR", "yield_floor", to="delegate", delegate="FRA")
    s.do("GBR", "end_speech")
    s.chair("recognize_speaker")
    s.do("RUS", "yield_floor", to="questions")
    s.chair("recognize_questioner", member="CHN")
    s.wait(100)
    s.chair("tick")
    assert s.state.floor is None  # time ran out while answering questions
    s.chair("recognize_speaker")
    assert s.state.floor is not None and s.state.floor.speaker == "MSF"  # observers may speak
    s.do("MSF", "yield_floor", to="chair")
    assert s.state.floor is None and s.state.speakers == ()

    # Two caucus motions: the chair must take the unmoderated one (higher precedence) first.
    s.do("IND", "propose_motion", kind="moderated_caucus", minutes=10, speaker_seconds=60)
    moderated = s.last_motion_id()
    s.do("KEN", "propose_motion", kind="unmoderated_caucus", minutes=5)
    unmoderated = s.last_motion_id()
    with pytest.raises(NotInOrder, match="order of precedence"):
        s.chair("entertain_motion", motion_id=moderated)
    s.chair("entertain_motion", motion_id=unmoderated)
    s.chair("open_vote")
    s.vote_all({}, default="no")
    s.chair("close_vote")
    assert s.state.results[-1].adopted is False
    s.chair("entertain_motion", motion_id=moderated)
    s.chair("open_vote")
    s.vote_all({"RUS": "no", "CHN": "no"})  # procedural: no veto (Art. 27(2))
    s.chair("close_vote")
    assert s.state.results[-1].adopted is True
    assert s.state.caucus is not None and s.state.caucus.kind == "moderated"
    s.chair("recognize_speaker", member="BRA")
    assert s.state.floor is not None and s.state.floor.seconds == 60
    s.wait(600)
    s.chair("tick")
    assert s.state.caucus is None and s.state.floor is None

    # A draft: sponsored by the USA, signed by two more members (1/5 of 15 = 3).
    s.do(
        "USA",
        "submit_draft",
        title="Protection of civilians in Arda",
        clauses=[
            {"kind": "preambular", "text": "Gravely concerned by attacks on hospitals,"},
            {"text": "Demands an immediate ceasefire;"},
            {"text": "Requests humanitarian access;"},
            {"text": "Decides to remain seized of the matter."},
        ],
    )
    draft_id = s.state.drafts[-1].id
    with pytest.raises(NotInOrder, match="needs 3"):
        s.chair("introduce_draft", draft_id=draft_id)
    s.do("GBR", "sign_draft", draft_id=draft_id)
    s.do("FRA", "sign_draft", draft_id=draft_id)
    s.do("MSF", "sign_draft", draft_id=draft_id)  # observers may sign, but do not count
    s.chair("introduce_draft", draft_id=draft_id)

    # A friendly amendment, accepted by the only sponsor, is incorporated at once.
    s.do(
        "GBR",
        "propose_amendment",
        draft_id=draft_id,
        action="modify",
        target_clause="OP2",
        clause={"text": "Requests safe and unhindered humanitarian access;"},
        friendly=True,
    )
    s.do("USA", "accept_amendment", amendment_id=s.state.amendments[-1].id)
    draft = s.state.draft(draft_id)
    assert draft is not None and draft.clauses[2].text.startswith("Requests safe")

    # Unfriendly amendments: two to OP3 and one new clause.
    def amend(actor: str, **fields: object) -> str:
        s.do(actor, "propose_amendment", draft_id=draft_id, **fields)
        return s.state.amendments[-1].id

    add_clause = amend("BRA", action="add", clause={"text": "Calls for an inquiry;"})
    rewrite = amend(
        "CHN",
        action="modify",
        target_clause="OP3",
        clause={"text": "Decides to review the situation in 30 days."},
    )
    rival = amend(
        "ALB",
        action="modify",
        target_clause="OP3",
        clause={"text": "Decides to review the situation in 90 days."},
    )
    delete = amend("RUS", action="delete", target_clause="OP3")

    # Close debate: the committee moves into voting procedure.
    s.do("FRA", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")
    assert s.state.voting is not None
    queue = [item.ref for item in s.state.voting.queue]
    assert queue == [delete, rewrite, rival, add_clause, draft_id]  # furthest removed first

    # Delete OP3: rejected.
    s.chair("open_vote")
    s.vote_all({"RUS": "yes"}, default="no")
    s.chair("close_vote")
    assert s.state.results[-1].adopted is False
    with pytest.raises(NotInOrder):
        s.do(
            "GBR",
            "propose_amendment",
            draft_id=draft_id,
            action="delete",
            target_clause="OP1",
            friendly=True,
        )

    # Rewrite OP3 (30 days): adopted; the rival rewrite of the same clause falls.
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")
    assert s.state.results[-1].adopted is True
    rival_amendment = s.state.amendment(rival)
    assert rival_amendment is not None and rival_amendment.status == "fallen"
    assert [item.ref for item in s.state.voting.queue] == [add_clause, draft_id]

    # Mexico asks for a roll call on the new clause; Ghana passes on the first call.
    s.do("MEX", "request_roll_call")
    s.chair("open_vote")
    vote = s.state.vote
    assert vote is not None and vote.method == "roll_call"
    assert sorted(vote.roll_order) == sorted(m.id for m in s.state.setup.members)
    with pytest.raises(NotInOrder, match="not finished"):
        s.chair("close_vote")
    while (caller := s.state.vote.current_caller()) is not None:
        if s.state.vote.roll_round == 1 and caller == "GHA":
            s.do("GHA", "cast_vote", choice="pass")
        elif s.state.vote.roll_round == 2:
            with pytest.raises(NotPermitted, match="yes or no"):
                s.do(caller, "cast_vote", choice="abstain")
            s.do(caller, "cast_vote", choice="yes")
        elif caller == "NOR":
            with pytest.raises(NotPermitted, match="present and voting"):
                s.do("NOR", "cast_vote", choice="abstain")
            s.do("NOR", "cast_vote", choice="yes_with_rights")
        else:
            s.do(caller, "cast_vote", choice="yes")
    assert s.state.vote.roll_round == 2
    s.chair("close_vote")
    result = s.state.results[-1]
    assert result.adopted is True
    assert result.choices["GHA"] == "yes" and result.with_rights == ("NOR",)
    assert result.tally["yes"] == 15

    # The draft as amended: Russia votes no, a veto.
    s.chair("open_vote")
    s.vote_all({"RUS": "no", "CHN": "abstain"})
    s.chair("close_vote")
    final = s.state.results[-1]
    assert final.adopted is False
    assert "RUS" in final.reason, final.reason
    assert final.tally == {"yes": 13, "no": 1, "abstain": 1, "absent": 0}
    rejected = s.state.draft(draft_id)
    assert rejected is not None and rejected.status == "rejected"
    assert [c.text for c in rejected.clauses][-2:] == [
        "Decides to review the situation in 30 days.",
        "Calls for an inquiry;",
    ]
    assert s.state.voting is None and s.state.agenda_done == ("arda",)
    assert all(code in {m.id for m in s.state.setup.members} for code in P5)

    # Replay: folding the events from the initial state rebuilds the final state.
    assert replay(s.initial, s.events) == s.state
    dumped = s.state.model_dump(mode="json")
    assert SessionState.model_validate(dumped) == s.state
