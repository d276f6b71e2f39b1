"""Vote pledges: a private promise from one delegation to another, tested when the vote closes.

A kept pledge builds the recipient's trust in the pledger, and only that (trust is one-way: the
pledger's trust in the recipient does not move); a broken one costs more than a kept one earns,
because trust is slow to build and quick to lose. Only the pledger, the recipient
and the chair ever see a pledge (boardgame.io's ``playerView``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.messages import say
from game_rules.procedure.quotas import require_quota
from game_rules.procedure.voting import CHOICE_VALUE
from game_rules.session import events as ev
from game_rules.session.state import SessionState, Vote
from game_rules.session.turn import Turn, who
from game_rules.session.wording import choice_word, status_word
from game_rules.session.world import (
    BlocDefected,
    Cause,
    Pledge,
    PledgeChoice,
    PledgeMade,
    PledgeResolved,
    TrustChanged,
    clamp,
)

DID_NOT_VOTE = "did not vote"


def make_pledge(
    turn: Turn, recipient: str, draft_id: str, choice: PledgeChoice, text: str = ""
) -> Pledge:
    """``turn.actor`` pledges to vote ``choice`` on ``draft_id``; a new pledge on the same draft to
    the same recipient replaces the previous one."""
    state = turn.state
    pledger = turn.actor
    if state.setup.delegation(pledger) is None:
        raise NotPermitted("Only a delegation can pledge its vote.")
    if not state.setup.is_member(pledger):
        raise NotPermitted(
            "{member} does not vote in {forum}, so it cannot pledge a vote.",
            member=who(state, pledger),
            forum=state.setup.forum_name,
        )
    if state.setup.delegation(recipient) is None:
        raise NotInOrder("There is no delegation '{member}' in this forum.", member=recipient)
    if recipient == pledger:
        raise NotInOrder("A pledge is made to another delegation, not to yourself.")
    require_quota(state, pledger, "pledges")
    draft = state.draft(draft_id)
    if draft is None:
        raise NotInOrder("There is no draft '{draft}'.", draft=draft_id)
    if draft.status not in ("working", "introduced"):
        raise NotInOrder(
            "Draft {draft} has already been {status}: nothing to pledge.",
            draft=draft_id,
            status=status_word(draft.status),
        )
    world = state.world
    previous = next(
        (
            p
            for p in world.open_pledges(draft_id)
            if p.pledger == pledger and p.recipient == recipient
        ),
        None,
    )
    pledge = Pledge(
        id=f"P{state.serial + 1}",
        pledger=pledger,
        recipient=recipient,
        draft_id=draft_id,
        choice=choice,
        made_at=turn.now,
        text=text,
    )
    turn.emit(
        PledgeMade(
            at=turn.now, pledge=pledge, supersedes=previous.id if previous is not None else None
        )
    )
    return pledge


def final_choices(vote: Vote) -> dict[str, str]:
    """Each voter's last ballot, counted as yes, no or abstain."""
    final: dict[str, str] = {}
    for ballot in vote.ballots:
        value = CHOICE_VALUE.get(ballot.choice)
        if value is not None:
            final[ballot.voter] = value
    return final


def resolve_pledges(turn: Turn, before: SessionState, events: Sequence[Any]) -> None:
    """When the vote on a whole draft closes, every open pledge on it is kept or broken.

    ``before`` is the state before the command, which still holds the open vote's ballots (even
    a secret ballot's: the engine knows them, and the result only goes to the two parties).
    """
    for event in events:
        if not isinstance(event, ev.VoteClosed) or event.result.subject.kind != "draft":
            continue
        vote = before.vote
        if vote is None or vote.id != event.result.vote_id:
            continue
        draft_id = event.result.subject.ref
        choices = final_choices(vote)
        rules = turn.state.world.rules
        for pledge in turn.state.world.open_pledges(draft_id):
            actual = choices.get(pledge.pledger, DID_NOT_VOTE)
            kept = actual == pledge.choice
            turn.emit(
                PledgeResolved(
                    at=turn.now,
                    pledge_id=pledge.id,
                    pledger=pledge.pledger,
                    recipient=pledge.recipient,
                    kept=kept,
                    actual=actual,
                    vote_id=vote.id,
                )
            )
            change = rules.pledge_kept_trust if kept else rules.pledge_broken_trust
            world = turn.state.world
            # The recipient was promised: its trust in the pledger moves, not the reverse.
            trust_before = world.trust_between(pledge.recipient, pledge.pledger)
            trust_after = round(clamp(trust_before + change), 2)
            if trust_after == trust_before:
                continue
            pledger_name = turn.state.setup.name_of(pledge.pledger)
            recipient_name = turn.state.setup.name_of(pledge.recipient)
            turn.emit(
                TrustChanged(
                    at=turn.now,
                    between=(pledge.recipient, pledge.pledger),
                    before=trust_before,
                    after=trust_after,
                    one_way=True,
                    cause=Cause.said(
                        "pledge_kept" if kept else "pledge_broken",
                        pledge.id,
                        say(
                            "{member} kept its pledge to {recipient} to vote {choice} on {draft} "
                            "(voted: {actual})"
                            if kept
                            else "{member} broke its pledge to {recipient} to vote {choice} on "
                            "{draft} (voted: {actual})",
                            member=pledger_name,
                            recipient=recipient_name,
                            choice=choice_word(pledge.choice),
                            draft=draft_id,
                            actual=choice_word(actual),
                        ),
                    ),
                )
            )


def pledge_view(pledge: Pledge) -> dict[str, Any]:
    return pledge.model_dump(mode="json")


def record_defections(turn: Turn, before: SessionState, events: Sequence[Any]) -> None:
    """When the vote on a whole draft closes (or its call for objections fails), a member of a
    negotiating group that voted the other way from the group's line (its latest common
    position on the draft, else the scenario's) is recorded as
    defecting. Abstaining when the group votes yes (or no) is not voting against it; a secret
    ballot records nothing."""
    world = turn.state.world
    groups = sorted(world.rules.negotiating_blocs)
    if not groups:
        return
    for event in events:
        # A failed call for objections in a consensus forum (ConsultationsOpened) is a
        # decision moment too: an objection against the group's "yes" is a defection.
        if isinstance(event, ev.VoteClosed) and event.result.subject.kind == "draft":
            vote_id, draft_id = event.result.vote_id, event.result.subject.ref
        elif isinstance(event, ev.ConsultationsOpened):
            vote_id, draft_id = event.vote_id, event.draft_id
        else:
            continue
        vote = before.vote
        if vote is None or vote.id != vote_id or vote.secret:
            continue
        choices = final_choices(vote)
        for bloc in groups:
            # The group's latest common position on the draft, else the scenario's.
            position = world.group_line(bloc, draft_id)
            if position not in ("yes", "no"):
                continue
            against = "no" if position == "yes" else "yes"
            for member in vote.voters:
                delegation = turn.state.setup.delegation(member)
                if delegation is None or bloc not in delegation.blocs:
                    continue
                if choices.get(member) == against:
                    turn.emit(
                        BlocDefected(
                            at=turn.now,
                            bloc=bloc,
                            member=member,
                            draft_id=draft_id,
                            position=position,
                            choice=against,
                            vote_id=vote.id,
                        )
                    )
