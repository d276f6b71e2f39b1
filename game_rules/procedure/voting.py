"""Voting procedure: open a vote, take ballots or a roll call, close it and compute the result
once with :func:`game_rules.decision.decide.decide`.

:func:`close_open_vote` is the single place a vote closes; the game layer extends it to apply
clause effects after a draft is adopted.
"""

from __future__ import annotations

import random
from typing import Any, Literal

from game_rules.decision.decide import decide
from game_rules.errors import NotInOrder, NotPermitted
from game_rules.messages import Message, say, sentence
from game_rules.procedure.double_veto import (
    motion_threshold,
    pending_preliminary,
    preliminary_rule,
    preliminary_title,
    record_preliminary_decision,
)
from game_rules.procedure.drafts import conflicting_amendments, describe_item, get_draft
from game_rules.procedure.motions import decide_motion, finish_voting_if_done, motion_by
from game_rules.procedure.quotas import QUOTAS, QuotaExceeded, require_quota, used
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.state import (
    Choice,
    Draft,
    SessionState,
    Vote,
    VoteMethod,
    VoteResult,
    VotingItem,
)
from game_rules.session.turn import (
    Turn,
    require_chair,
    require_meeting_open,
    require_member,
    require_no_vote,
    require_present,
    who,
)
from game_rules.session.wording import joined, status_word

CONSENSUS_CHOICES: tuple[Choice, ...] = ("join", "object", "reservation")

CHOICE_VALUE: dict[str, str] = {
    "yes": "yes",
    "yes_with_rights": "yes",
    "no": "no",
    "no_with_rights": "no",
    "abstain": "abstain",
    "join": "yes",
    "object": "no",
    "reservation": "abstain",
}


def next_question(state: SessionState) -> VotingItem | None:
    """What a vote opened now would decide: the motion before the committee, else the next
    item of the voting procedure. A disputed motion's preliminary question comes first."""
    preliminary = pending_preliminary(state)
    if preliminary is not None:
        return preliminary
    motion = next((m for m in state.motions if m.status == "entertained"), None)
    if motion is not None:
        return VotingItem(kind="motion", ref=motion.id)
    if state.voting is not None and state.voting.queue:
        return state.voting.queue[0]
    return None


def _rule_for(state: SessionState, item: VotingItem) -> tuple[dict[str, Any], bool, Message]:
    """(rule mapping, substantive?, title) for a question."""
    procedure = state.procedure
    if item.kind == "preliminary":
        # Voted as a substantive question: the double veto (San Francisco Statement, 1945).
        return preliminary_rule(state), True, preliminary_title(state, item)
    if item.kind == "motion":
        motion = state.motion(item.ref)
        assert motion is not None
        title = motion_by(state, motion)
        substantive = motion.classification == "substantive"
        if substantive:
            title = say("{question} (a substantive question)", question=title)
        return state.setup.rule(motion_threshold(state, motion)), substantive, title
    draft = get_draft(state, item.draft_id or item.ref)
    if item.kind == "amendment":
        return state.setup.rule(procedure.amendment_rule), True, describe_item(state, item)
    return (
        state.setup.rule(draft.rule or procedure.substantive_rule),
        True,
        describe_item(state, item),
    )


def _voters(state: SessionState, substantive: bool, method: VoteMethod) -> tuple[str, ...]:
    members = tuple(m.id for m in state.setup.members)
    observers = tuple(o.id for o in state.setup.observers)
    if method == "consensus" and state.procedure.observers_may_object:
        return members + observers
    if not substantive and state.procedure.observers_vote_on_procedure:
        return members + observers
    return members


def _parties(state: SessionState, item: VotingItem, rule: dict[str, Any]) -> tuple[str, ...]:
    """Charter Art. 27(3): parties abstain in Chapter VI decisions, not under Chapter VII."""
    if item.kind == "motion" or not rule.get("parties_abstain"):
        return ()
    draft = get_draft(state, item.draft_id or item.ref)
    return () if draft.chapter_vii else draft.parties


def _roll_order(state: SessionState, vote_id: str, voters: tuple[str, ...]) -> tuple[str, ...]:
    """GA rule 87: English alphabetical order, beginning with a member drawn by lot."""
    present = sorted(
        (v for v in voters if state.is_present(v)), key=lambda v: state.setup.name_of(v).lower()
    )
    if not present:
        return ()
    start = random.Random(f"{state.setup.seed}:{vote_id}").randrange(len(present))
    return tuple(present[start:] + present[:start])


def check_can_open(state: SessionState, amendment_id: str | None = None) -> VotingItem:
    require_meeting_open(state)
    require_no_vote(state)
    if state.floor is not None:
        raise NotInOrder("{speaker} still has the floor.", speaker=who(state, state.floor.speaker))
    if amendment_id is not None:
        return _amendment_in_debate(state, amendment_id)
    item = next_question(state)
    if item is None:
        raise NotInOrder(
            "There is no question to put to the vote: no motion has been "
            "entertained and the committee is not in voting procedure."
        )
    return item


def _amendment_in_debate(state: SessionState, amendment_id: str) -> VotingItem:
    """THIMUN practice: an unfriendly amendment may be voted during debate, before the draft."""
    amendment = state.amendment(amendment_id)
    if amendment is None:
        raise NotInOrder("There is no amendment '{amendment}'.", amendment=amendment_id)
    if amendment.status != "pending":
        raise NotInOrder(
            "Amendment {amendment} is {status}; "
            "only a pending unfriendly amendment can be put to the vote.",
            amendment=amendment.id,
            status=status_word(amendment.status),
        )
    if state.voting is not None:
        head = state.voting.queue[0] if state.voting.queue else None
        if head is None or head.ref != amendment.id:
            raise NotInOrder(
                "In voting procedure the questions are put in order; this amendment is not next."
            )
    elif any(m.status != "pending" for m in state.motions):
        raise NotInOrder("Finish with the motion before the committee first.")
    return VotingItem(kind="amendment", ref=amendment.id, draft_id=amendment.draft_id)


def _open(turn: Turn, method: VoteMethod, amendment_id: str | None = None) -> None:
    state = turn.state
    item = check_can_open(state, amendment_id)
    rule, substantive, title = _rule_for(state, item)
    secret = substantive and state.procedure.secret_ballot and method != "consensus"
    if secret:
        method = "placard"
    voters = _voters(state, substantive, method)
    vote_id = turn.new_id("V")
    limit = state.procedure.vote_time_limit
    vote = Vote(
        id=vote_id,
        subject=item,
        title=sentence(title.english()),
        title_say=title,
        rule=rule,
        method=method,
        secret=secret,
        substantive=substantive,
        voters=voters,
        parties=_parties(state, item, rule),
        roll_order=_roll_order(state, vote_id, voters) if method == "roll_call" else (),
        opened_at=turn.now,
        deadline=turn.now + limit if limit is not None else None,
    )
    turn.emit(ev.VoteOpened(at=turn.now, vote=vote))


def check_open_vote(state: SessionState, command: cmd.OpenVote) -> VotingItem:
    require_chair(state, command.actor, "open a vote")
    return check_can_open(state, command.amendment_id)


def open_vote(turn: Turn, command: cmd.OpenVote) -> None:
    state = turn.state
    item = check_open_vote(state, command)
    if state.procedure.consensus_forum and item.kind != "motion":
        rule, _, _ = _rule_for(state, item)
        if rule.get("kind") == "consensus":
            # A consensus forum takes no vote on substance: the President proposes adoption and
            # listens for objections, so no yes/no tally is ever shown.
            _open(turn, "consensus", command.amendment_id)
            return
    roll_call = command.roll_call
    if roll_call is None:
        requested = state.voting is not None and bool(state.voting.roll_call_requested_by)
        roll_call = item.kind != "motion" and (
            state.procedure.roll_call_default
            or (requested and state.procedure.roll_call_on_request)
        )
    _open(turn, "roll_call" if roll_call else "placard", command.amendment_id)


def check_adoption_without_vote(
    state: SessionState, command: cmd.ProposeAdoptionWithoutVote
) -> VotingItem:
    require_chair(state, command.actor, "propose adoption without a vote")
    return check_can_open(state)


def propose_adoption_without_vote(turn: Turn, command: cmd.ProposeAdoptionWithoutVote) -> None:
    check_adoption_without_vote(turn.state, command)
    _open(turn, "consensus")


def check_request_roll_call(state: SessionState, command: cmd.RequestRollCall) -> None:
    """GA rule 87: any member present may ask, in voting procedure, before the vote opens."""
    require_member(state, command.actor, "request a roll-call vote")
    require_present(state, command.actor)
    if not state.procedure.roll_call_on_request:
        raise NotInOrder(
            "In {forum} the chair decides how votes are taken.", forum=state.setup.forum_name
        )
    if state.voting is None:
        raise NotInOrder(
            "A roll-call vote can be requested once the committee is in voting procedure."
        )
    require_no_vote(state)
    if command.actor in state.voting.roll_call_requested_by:
        raise NotInOrder("Your request for a roll-call vote is already recorded.")


def request_roll_call(turn: Turn, command: cmd.RequestRollCall) -> None:
    check_request_roll_call(turn.state, command)
    turn.emit(ev.RollCallRequested(at=turn.now, member=turn.actor))


def abstention_allowed(state: SessionState, vote: Vote) -> bool:
    """NMUN: no abstentions on procedural votes unless the forum allows them."""
    return vote.substantive or state.procedure.procedural_abstentions


def allowed_choices(state: SessionState, vote: Vote) -> list[Choice]:
    """The choices the rule allows on this question at all (whoever votes): what a tally
    counts. A voter's own choices now are :func:`legal_choices`."""
    if vote.method == "consensus":
        return list(CONSENSUS_CHOICES)
    choices: list[Choice] = ["yes", "no"]
    if abstention_allowed(state, vote):
        choices.append("abstain")
    if vote.method == "roll_call":
        choices.append("pass")
    return choices


def veto_holders(vote: Vote) -> tuple[str, ...]:
    """The members whose No alone defeats this question (Charter Art. 27(3)): a substantive
    question under a rule with a veto."""
    veto = vote.rule.get("veto") if vote.substantive else None
    return tuple(str(member) for member in veto or ()) if isinstance(veto, list | tuple) else ()


def legal_choices(state: SessionState, voter: str) -> tuple[list[Choice], Message]:
    """The choices ``voter`` may cast right now, and a one-line explanation (a message: its
    English is ``why.english()``)."""
    vote = state.vote
    if vote is None:
        return [], say("No vote is open.")
    if voter not in vote.voters:
        if state.setup.is_observer(voter):
            return [], say("Observers never vote on substance; they may speak and sign drafts.")
        return [], say("Only delegations can vote.")
    if not state.is_present(voter):
        return [], say("Your delegation is not recorded as present, so it cannot vote.")
    if vote.method == "consensus":
        # A delegation may change its position (withdraw an objection), never restate it,
        # and only so many times.
        if used(state, voter, "ballots_per_vote") >= QUOTAS["ballots_per_vote"].limit:
            return [], QuotaExceeded("ballots_per_vote").say
        current = vote.ballot_of(voter)
        changes = [c for c in CONSENSUS_CHOICES if current is None or c != current.choice]
        if current is None:
            return changes, say(
                "The chair proposes adoption without a vote: object to block it, or enter a "
                "reservation (stand aside) without blocking."
            )
        return changes, say(
            "Your delegation's position is recorded ({choice}); you may still change "
            "it until the chair closes the question.",
            choice=say(current.choice),
        )
    if vote.method == "roll_call":
        caller = vote.current_caller()
        if caller != voter:
            called = who(state, caller) if caller else say("nobody (the roll call is finished)")
            return [], say("It is not your turn: the chair is calling {member}.", member=called)
    elif vote.ballot_of(voter) is not None:
        return [], say("Your delegation has already voted.")
    if voter in vote.parties:
        return ["abstain"], say("As a party to the dispute you must abstain (Charter Art. 27(3)).")
    if vote.method == "roll_call" and vote.roll_round == 2:
        return ["yes", "no"], say("You passed on the first call: now you must vote yes or no.")
    choices: list[Choice] = ["yes", "no"]
    pv = state.attendance.get(voter) == "present_and_voting"
    abstain_allowed = abstention_allowed(state, vote)
    if abstain_allowed and not pv:
        choices.append("abstain")
    if vote.method == "roll_call":
        choices += ["pass", "yes_with_rights", "no_with_rights"]
    if pv:
        why = say("Your delegation declared itself present and voting, so it cannot abstain.")
    elif not abstain_allowed:
        why = say("Abstentions are not allowed on procedural votes.")
    else:
        why = say("Vote yes, no or abstain.")
    return choices, why


def cast_vote(turn: Turn, command: cmd.CastVote) -> None:
    state = turn.state
    vote = state.vote
    if vote is None:
        raise NotInOrder("No vote is open.")
    require_quota(state, turn.actor, "ballots_per_vote")
    choices, why = legal_choices(state, turn.actor)
    if not choices:
        raise NotPermitted("You cannot vote now: {why}", why=why)
    if command.choice not in choices:
        if command.choice == "abstain" and state.attendance.get(turn.actor) == (
            "present_and_voting"
        ):
            raise NotPermitted(
                "You cannot abstain: your delegation declared itself present and voting."
            )
        raise NotPermitted(
            "You cannot vote '{choice}' now. {why} Allowed: {allowed}.",
            choice=status_word(command.choice),
            why=why,
            allowed=joined([status_word(c) for c in choices], ", "),
        )
    turn.emit(
        ev.BallotCast(
            at=turn.now,
            vote_id=vote.id,
            voter=turn.actor,
            choice=command.choice,
            round=vote.roll_round,
            hidden=vote.secret
            or (vote.method == "placard" and not state.procedure.show_choices_live),
        )
    )


def check_skip_roll_call(state: SessionState, command: cmd.SkipRollCall) -> tuple[Vote, str]:
    """The open roll call, and the delegation being called."""
    require_chair(state, command.actor, "move the roll call on")
    vote = state.vote
    if vote is None or vote.method != "roll_call":
        raise NotInOrder("No roll-call vote is open.")
    caller = vote.current_caller()
    if caller is None:
        raise NotInOrder("Every delegation has been called.")
    return vote, caller


def skip_roll_call(turn: Turn, command: cmd.SkipRollCall) -> None:
    vote, caller = check_skip_roll_call(turn.state, command)
    turn.emit(ev.RollCallSkipped(at=turn.now, vote_id=vote.id, voter=caller))


def check_close_vote(state: SessionState, command: cmd.CloseVote) -> None:
    require_chair(state, command.actor, "close a vote")
    vote = state.vote
    if vote is None:
        raise NotInOrder("No vote is open.")
    caller = vote.current_caller()
    if caller is not None:
        raise NotInOrder(
            "The roll call is not finished: {member} has not answered yet.",
            member=who(state, caller),
        )


def close_vote(turn: Turn, command: cmd.CloseVote) -> None:
    check_close_vote(turn.state, command)
    close_open_vote(turn)


def _final_choices(vote: Vote) -> dict[str, str]:
    final: dict[str, str] = {}
    for ballot in vote.ballots:
        final[ballot.voter] = ballot.choice
    return final


def close_open_vote(turn: Turn) -> None:
    """Compute the result once (``decide``), record it, then let it take effect."""
    state = turn.state
    vote = state.vote
    assert vote is not None
    raw = _final_choices(vote)
    members = [
        d.as_decision_member()
        for voter in vote.voters
        if (d := state.setup.delegation(voter)) is not None
    ]
    rule = vote.rule
    if vote.method == "consensus":
        # Silence is consent: every present participant who did not object joins.
        votes = {v: CHOICE_VALUE[raw.get(v, "join")] for v in vote.voters if state.is_present(v)}
        objectors = tuple(v for v, c in votes.items() if c == "no")
        if rule.get("kind") != "consensus":
            if objectors:
                turn.emit(ev.ConsensusNotReached(at=turn.now, vote_id=vote.id, objectors=objectors))
                return
            rule = {"kind": "consensus"}
    else:
        votes = {v: CHOICE_VALUE[c] for v, c in raw.items() if c in CHOICE_VALUE}
    outcome = decide(rule, members, votes, parties=vote.parties)
    if vote.method == "consensus" and not outcome.adopted and _consults(state, vote):
        call = _consult(turn, vote, tuple(v for v, c in votes.items() if c == "no"))
        if call:
            return
    result = VoteResult(
        vote_id=vote.id,
        subject=vote.subject,
        title=vote.title,
        title_say=vote.title_say,
        method=vote.method,
        secret=vote.secret,
        adopted=outcome.adopted,
        reason=outcome.reason,
        # Consensus counts no heads: the record names objectors and reservations, no tally.
        tally={} if vote.method == "consensus" else dict(outcome.tally),
        choices={} if vote.secret else raw,
        with_rights=tuple(v for v, c in raw.items() if c.endswith("_with_rights")),
        vetoed_by=() if vote.secret else outcome.vetoed_by,
        closed_at=turn.now,
    )
    turn.emit(ev.VoteClosed(at=turn.now, result=result, outcome=outcome.to_dict()))
    _take_effect(turn, vote.subject, outcome.adopted, outcome.say)


CONSULTATIONS_SOURCE = (
    "UNFCCC draft rules of procedure (FCCC/CP/1996/2): rule 42 (voting) not adopted, so "
    "decisions are taken by consensus; the President consults and proposes a revised text; "
    "rule 16: an item not completed goes to the next session"
)


def consensus_deadline(state: SessionState) -> float:
    """When a consensus item still in consultations ends without a decision: the end of the
    scenario's planned session, on its clock (UNFCCC draft rule 16: an item not completed goes
    to the agenda of the next session)."""
    return state.scenario_clock_origin() + 60 * state.world.rules.session_minutes


def _consults(state: SessionState, vote: Vote) -> bool:
    """In a consensus forum an objection to a draft opens consultations, not a rejection."""
    return (
        state.procedure.consensus_forum
        and vote.subject.kind == "draft"
        and vote.rule.get("kind") == "consensus"
    )


def _consult(turn: Turn, vote: Vote, objectors: tuple[str, ...]) -> int:
    """The President consults the objectors and will put a revised text again; 0 when the
    scenario's time has run out (the draft is then decided as not adopted)."""
    state = turn.state
    draft = state.draft(vote.subject.ref)
    if draft is None or not objectors or turn.now >= consensus_deadline(state):
        return 0
    call = draft.consensus_calls + 1
    turn.emit(
        ev.ConsultationsOpened(
            at=turn.now, vote_id=vote.id, draft_id=draft.id, objectors=objectors, call=call
        )
    )
    voting = turn.state.voting
    if voting is not None and not voting.queue:
        # The agenda item is not concluded: its draft is still before the committee.
        turn.emit(ev.VotingProcedureEnded(at=turn.now, item_concluded=None))
    return call


def in_consultations(state: SessionState) -> tuple[Draft, ...]:
    """The drafts whose consensus call failed and that are still before the committee."""
    return tuple(d for d in state.drafts if d.status == "introduced" and d.consensus_calls)


def check_close_consultations(state: SessionState, command: cmd.CloseConsultations) -> Draft:
    require_chair(state, command.actor, "close consultations")
    draft = state.draft(command.draft_id)
    if draft is None or draft not in in_consultations(state):
        raise NotInOrder(
            "There are no consultations on '{draft}': only a draft whose call for objections "
            "failed in a consensus forum can be closed without consensus.",
            draft=command.draft_id,
        )
    vote = state.vote
    if vote is not None and draft.id in (vote.subject.draft_id, vote.subject.ref):
        raise NotInOrder("Close the open question on this draft first.")
    return draft


def close_consultations(turn: Turn, command: cmd.CloseConsultations) -> None:
    draft = check_close_consultations(turn.state, command)
    end_without_consensus(turn, draft, "chair")


def end_without_consensus(turn: Turn, draft: Draft, closed: Literal["chair", "deadline"]) -> None:
    reason = (
        f"The President closed the item without consensus after {draft.consensus_calls} "
        "call(s) for objections."
        if closed == "chair"
        else "The session's time ran out without consensus; the item goes to the next session "
        "(UNFCCC draft rule 16)."
    )
    turn.emit(
        ev.DraftDecided(
            at=turn.now, draft_id=draft.id, adopted=False, reason=reason, closed=closed
        )
    )


def _take_effect(turn: Turn, item: VotingItem, adopted: bool, reason: Message) -> None:
    state = turn.state
    if item.kind == "preliminary":
        record_preliminary_decision(turn, item, adopted, reason.english())
        return
    if item.kind == "motion":
        decide_motion(turn, item.ref, adopted, reason)
        return
    if item.kind == "amendment":
        amendment = state.amendment(item.ref)
        assert amendment is not None
        fallen = conflicting_amendments(state, amendment) if adopted else ()
        turn.emit(
            ev.AmendmentDecided(at=turn.now, amendment_id=item.ref, adopted=adopted, fallen=fallen)
        )
    elif item.kind == "division_part":
        assert item.part is not None and item.draft_id is not None
        turn.emit(
            ev.DivisionPartDecided(
                at=turn.now, draft_id=item.draft_id, part=item.part, adopted=adopted
            )
        )
        draft = get_draft(turn.state, item.draft_id)
        if not any(c.kind == "operative" for c in draft.clauses):
            turn.emit(
                ev.DraftDecided(
                    at=turn.now,
                    draft_id=draft.id,
                    adopted=False,
                    reason="Every operative part was rejected, so the draft is rejected as a whole "
                    "(GA rule 89).",
                )
            )
    else:
        turn.emit(
            ev.DraftDecided(
                at=turn.now,
                draft_id=item.ref,
                adopted=adopted,
                reason=reason.english(),
                reason_say=reason,
            )
        )
    finish_voting_if_done(turn)
