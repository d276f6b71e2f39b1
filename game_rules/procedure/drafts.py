"""Draft resolutions: sponsors and signatories, clauses, friendly and unfriendly amendments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.messages import Message, say
from game_rules.procedure.quotas import require_quota
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.drafting import Clause, ClauseVariant
from game_rules.session.state import CHAIR, SYSTEM, Amendment, Draft, SessionState, VotingItem
from game_rules.session.turn import (
    Turn,
    member_supporters,
    name,
    require_chair,
    require_delegation,
    require_member,
    required_signatures,
)
from game_rules.session.wording import status_word

# GA rule 90: the amendment furthest removed in substance is voted first. Deleting a clause is
# further removed than rewriting it, which is further than adding one.
REMOTENESS = {"delete": 3, "modify": 2, "add": 1}


def get_draft(state: SessionState, draft_id: str) -> Draft:
    draft = state.draft(draft_id)
    if draft is None:
        known = ", ".join(d.id for d in state.drafts) or say("none yet")
        raise NotInOrder(
            "There is no draft '{draft}' (drafts: {known}).", draft=draft_id, known=known
        )
    return draft


def get_amendment(state: SessionState, amendment_id: str) -> Amendment:
    amendment = state.amendment(amendment_id)
    if amendment is None:
        raise NotInOrder("There is no amendment '{amendment}'.", amendment=amendment_id)
    return amendment


def _draft_label(draft: Draft) -> Message:
    return say("draft {draft} ('{title}')", draft=draft.id, title=draft.title)


def _check_not_voting_on(state: SessionState, draft: Draft) -> None:
    if state.voting is not None and any(i.draft_id == draft.id for i in state.voting.queue):
        raise NotInOrder(
            "The committee is voting on {draft}; it cannot change now.", draft=_draft_label(draft)
        )


def free_draft_id(state: SessionState) -> str:
    """``D<n>`` from the session's counter, skipping every id a draft of the room or of the
    scenario (at the start, or one an event will add) already has: ids name drafts for good."""
    taken = {d.id for d in state.drafts} | {spec.id for spec in state.setup.drafts}
    taken |= {hidden.id for hidden in state.world.rules.hidden_drafts}
    number = state.serial + 1
    while f"D{number}" in taken:
        number += 1
    return f"D{number}"


def submit_draft(turn: Turn, command: cmd.SubmitDraft) -> None:
    state = turn.state
    require_member(state, turn.actor, "sponsor a draft resolution")
    require_quota(state, turn.actor, "drafts")
    item = command.agenda_item or state.agenda_item
    if item is not None and item not in {i.id for i in state.setup.agenda}:
        raise NotInOrder("'{item}' is not on the agenda.", item=item)
    draft_id = free_draft_id(state)
    counters = {"preambular": 0, "operative": 0}
    clauses: list[Clause] = []
    for given in command.clauses:
        counters[given.kind] += 1
        prefix = "PP" if given.kind == "preambular" else "OP"
        clauses.append(
            Clause(
                id=f"{prefix}{counters[given.kind]}",
                kind=given.kind,
                text=given.text,
                requires_consent_of=given.requires_consent_of,
            )
        )
    if counters["operative"] == 0:
        raise NotInOrder("A draft resolution needs at least one operative clause.")
    draft = Draft(
        id=draft_id,
        title=command.title,
        agenda_item=item,
        sponsors=(turn.actor,),
        clauses=tuple(clauses),
        submitted_at=turn.now,
    )
    turn.emit(ev.DraftSubmitted(at=turn.now, draft=draft))


def check_sign(state: SessionState, actor: str, draft: Draft, as_sponsor: bool) -> None:
    require_delegation(state, actor, "sign a draft")
    if (
        state.setup.is_observer(actor)
        and actor not in state.procedure.observers_with_proposal_rights
    ):
        if as_sponsor:
            raise NotPermitted("Observers cannot sponsor drafts; they may only sign them.")
        if not state.procedure.observers_may_sign:
            raise NotPermitted(
                "Observers may not sign drafts in {forum}.", forum=state.setup.forum_name
            )
    if draft.status != "working":
        raise NotInOrder(
            "{draft} has already been introduced; it can no longer be signed.",
            draft=_draft_label(draft),
        )
    if actor in draft.sponsors or actor in draft.signatories:
        raise NotInOrder(
            "Your delegation has already signed {draft}.", draft=_draft_label(draft)
        )


def sign_draft(turn: Turn, command: cmd.SignDraft) -> None:
    draft = get_draft(turn.state, command.draft_id)
    check_sign(turn.state, turn.actor, draft, command.as_sponsor)
    turn.emit(
        ev.DraftSigned(
            at=turn.now, draft_id=draft.id, signer=turn.actor, as_sponsor=command.as_sponsor
        )
    )


def unsign_draft(turn: Turn, command: cmd.UnsignDraft) -> None:
    draft = get_draft(turn.state, command.draft_id)
    if turn.actor not in draft.signatories:
        raise NotInOrder(
            "Only signatories can remove their signature."
            if turn.actor not in draft.sponsors
            else "Sponsors cannot unsign; a sponsor withdraws the draft instead."
        )
    if draft.status != "working":
        raise NotInOrder(
            "{draft} has been introduced; signatures are final.", draft=_draft_label(draft)
        )
    turn.emit(ev.DraftUnsigned(at=turn.now, draft_id=draft.id, signer=turn.actor))


def introduce_draft(turn: Turn, command: cmd.IntroduceDraft) -> None:
    state = turn.state
    require_chair(state, turn.actor, "introduce a draft")
    draft = get_draft(state, command.draft_id)
    if draft.status != "working":
        raise NotInOrder(
            "{draft} is {status}, not a working draft.",
            draft=_draft_label(draft),
            status=status_word(draft.status),
        )
    needed = required_signatures(state)
    have = member_supporters(state, draft.sponsors, draft.signatories)
    if have < needed:
        raise NotInOrder(
            "{draft} has {have} member sponsors and signatories; it needs "
            "{needed} ({share} of the members) before it can be introduced.",
            draft=_draft_label(draft),
            have=have,
            needed=needed,
            share=state.procedure.signatory_share,
        )
    if draft.agenda_item is not None and state.agenda_item not in (None, draft.agenda_item):
        raise NotInOrder("{draft} belongs to another agenda item.", draft=_draft_label(draft))
    turn.emit(ev.DraftIntroduced(at=turn.now, draft_id=draft.id))


def withdraw_draft(turn: Turn, command: cmd.WithdrawDraft) -> None:
    """GA rule 80: a proposal may be withdrawn by its sponsor before voting on it begins."""
    state = turn.state
    draft = get_draft(state, command.draft_id)
    if turn.actor not in draft.sponsors:
        raise NotPermitted("Only a sponsor can withdraw a draft.")
    if draft.status not in ("working", "introduced"):
        raise NotInOrder(
            "{draft} is already {status}.",
            draft=_draft_label(draft),
            status=status_word(draft.status),
        )
    if state.vote is not None and state.vote.subject.draft_id == draft.id:
        raise NotInOrder("Voting on this draft has begun; it can no longer be withdrawn.")
    turn.emit(ev.DraftWithdrawn(at=turn.now, draft_id=draft.id))


def propose_amendment(turn: Turn, command: cmd.ProposeAmendment) -> None:
    state = turn.state
    require_delegation(state, turn.actor, "propose an amendment")
    require_quota(state, turn.actor, "amendments")
    draft = get_draft(state, command.draft_id)
    if draft.status not in ("working", "introduced"):
        raise NotInOrder(
            "{draft} is {status}; it cannot be amended.",
            draft=_draft_label(draft),
            status=status_word(draft.status),
        )
    _check_not_voting_on(state, draft)
    if state.voting is not None:
        raise NotInOrder("Amendments cannot be submitted during voting procedure.")
    if not command.friendly:
        require_member(state, turn.actor, "propose an unfriendly amendment")
        if draft.status != "introduced":
            raise NotInOrder(
                "Only friendly amendments can change a working draft; unfriendly amendments "
                "are in order once the chair has introduced it."
            )
    elif draft.amendment_voted:
        raise NotInOrder(_NO_MORE_FRIENDLY)
    clause_ids = {c.id for c in draft.clauses}
    if command.action in ("modify", "delete") and command.target_clause not in clause_ids:
        raise NotInOrder(
            "Say which clause of {draft} to {action} (clauses: {clauses}).",
            draft=draft.id,
            action=say(command.action),
            clauses=", ".join(c.id for c in draft.clauses),
        )
    target = next((c for c in draft.clauses if c.id == command.target_clause), None)
    chosen: ClauseVariant | None = None
    if command.variant is not None:
        if command.action != "modify" or target is None:
            raise NotInOrder("Only an amendment that modifies a clause can choose a variant.")
        chosen = next((v for v in target.variants if v.id == command.variant), None)
        if chosen is None:
            raise NotInOrder(
                "Clause {clause} has no variant '{variant}' (variants: {variants}).",
                clause=target.id,
                variant=command.variant,
                variants=", ".join(v.id for v in target.variants) or "none",
            )
    if command.action in ("add", "modify") and command.clause is None and chosen is None:
        raise NotInOrder(
            "An amendment to {action} a clause needs the new clause text.",
            action=say(command.action),
        )
    if command.action == "delete" and command.clause is not None:
        raise NotInOrder("An amendment that deletes a clause has no new text.")
    if command.after_clause is not None and command.after_clause not in clause_ids:
        raise NotInOrder(
            "{draft} has no clause '{clause}'.", draft=draft.id, clause=command.after_clause
        )
    if command.action == "delete":
        operative = [c for c in draft.clauses if c.kind == "operative"]
        if [c.id for c in operative] == [command.target_clause]:
            raise NotInOrder("You cannot delete the only operative clause of a draft.")
    amendment_id = turn.new_id("A")
    clause: Clause | None = None
    if command.action == "modify" and target is not None:
        clause = _reworded(target, command.clause, chosen)
    elif command.clause is not None:
        given = command.clause
        clause = Clause(
            id=amendment_id,
            kind=given.kind,
            text=given.text,
            requires_consent_of=given.requires_consent_of,
        )
    accepted = (turn.actor,) if command.friendly and turn.actor in draft.sponsors else ()
    amendment = Amendment(
        id=amendment_id,
        draft_id=draft.id,
        proposer=turn.actor,
        action=command.action,
        target_clause=command.target_clause if command.action != "add" else None,
        clause=clause,
        after_clause=command.after_clause,
        friendly=command.friendly,
        accepted_by=accepted,
        status="awaiting_sponsors" if command.friendly else "pending",
        submitted_at=turn.now,
        note=command.note,
    )
    turn.emit(ev.AmendmentSubmitted(at=turn.now, amendment=amendment))
    if command.friendly and set(draft.sponsors) <= set(accepted):
        turn.emit(ev.AmendmentIncorporated(at=turn.now, amendment_id=amendment_id))


def _reworded(
    target: Clause, given: cmd.ClauseInput | None, chosen: ClauseVariant | None
) -> Clause:
    """The clause as an amendment rewords it. Its effects follow the scenario's wording it names
    (a chosen variant, else the clause's current one): new words never erase what the clause
    does, and a delegate's text never writes effects of its own."""
    text = given.text if given is not None else chosen.text if chosen is not None else target.text
    kind = given.kind if given is not None else target.kind
    consent = (given.requires_consent_of if given is not None else ()) or target.requires_consent_of
    update: dict[str, Any] = {"text": text, "kind": kind, "requires_consent_of": consent}
    if chosen is not None:
        update |= {"effects": chosen.effects, "variant": chosen.id}
    # The scenario's translations follow its own wording; a delegate's words show as written.
    update["i18n"] = (
        {} if given is not None else chosen.i18n if chosen is not None else target.i18n
    )
    return target.model_copy(update=update)


_NO_MORE_FRIENDLY = (
    "An amendment to this draft has already been put to the vote, so the sponsors can no longer "
    "accept friendly amendments (NMUN rules of procedure). Submit it as an unfriendly amendment."
)


def _awaiting(state: SessionState, amendment_id: str, actor: str) -> tuple[Amendment, Draft]:
    amendment = get_amendment(state, amendment_id)
    draft = get_draft(state, amendment.draft_id)
    if actor not in draft.sponsors:
        raise NotPermitted("Only the sponsors of the draft can accept or decline an amendment.")
    if amendment.status != "awaiting_sponsors":
        raise NotInOrder(
            "Amendment {amendment} is {status}.",
            amendment=amendment.id,
            status=status_word(amendment.status),
        )
    return amendment, draft


def accept_amendment(turn: Turn, command: cmd.AcceptAmendment) -> None:
    """A friendly amendment is incorporated once every sponsor has signed it."""
    state = turn.state
    amendment, draft = _awaiting(state, command.amendment_id, turn.actor)
    if draft.amendment_voted:
        raise NotInOrder(_NO_MORE_FRIENDLY)
    _check_not_voting_on(state, draft)
    if turn.actor in amendment.accepted_by:
        raise NotInOrder("Your delegation has already accepted this amendment.")
    if amendment.target_clause is not None and amendment.target_clause not in {
        c.id for c in draft.clauses
    }:
        raise NotInOrder(
            "Clause {clause} is no longer in the draft.", clause=amendment.target_clause
        )
    turn.emit(ev.AmendmentAccepted(at=turn.now, amendment_id=amendment.id, sponsor=turn.actor))
    if set(draft.sponsors) <= {*amendment.accepted_by, turn.actor}:
        turn.emit(ev.AmendmentIncorporated(at=turn.now, amendment_id=amendment.id))


def decline_amendment(turn: Turn, command: cmd.DeclineAmendment) -> None:
    amendment, _ = _awaiting(turn.state, command.amendment_id, turn.actor)
    turn.emit(ev.AmendmentDeclined(at=turn.now, amendment_id=amendment.id, by=turn.actor))


def withdraw_amendment(turn: Turn, command: cmd.WithdrawAmendment) -> None:
    state = turn.state
    amendment = get_amendment(state, command.amendment_id)
    if turn.actor != amendment.proposer and turn.actor not in (CHAIR, SYSTEM):
        raise NotPermitted("Only the delegation that proposed an amendment can withdraw it.")
    if amendment.status not in ("awaiting_sponsors", "pending"):
        raise NotInOrder(
            "Amendment {amendment} is already {status}.",
            amendment=amendment.id,
            status=status_word(amendment.status),
        )
    if state.vote is not None and state.vote.subject.ref == amendment.id:
        raise NotInOrder("The vote on this amendment has begun.")
    turn.emit(ev.AmendmentWithdrawn(at=turn.now, amendment_id=amendment.id))


def conflicting_amendments(state: SessionState, adopted: Amendment) -> tuple[str, ...]:
    """GA rule 90: once an amendment is adopted, those it necessarily excludes fall. Here: the
    other pending amendments to the same clause."""
    if adopted.target_clause is None:
        return ()
    return tuple(
        a.id
        for a in state.amendments
        if a.id != adopted.id
        and a.draft_id == adopted.draft_id
        and a.status == "pending"
        and a.target_clause == adopted.target_clause
    )


def default_amendment_key(state: SessionState) -> Callable[[Amendment], tuple[int, int]]:
    """GA rule 90 by kind of change (delete, modify, add), then in order of submission."""
    order = {a.id: n for n, a in enumerate(state.amendments)}
    return lambda a: (-REMOTENESS[a.action], order[a.id])


def voting_items_for(state: SessionState, draft: Draft) -> tuple[VotingItem, ...]:
    """Unfriendly amendments (furthest removed first: the chair's order when it ruled on it,
    else :func:`default_amendment_key`), then divided parts, then the draft."""
    ruled = {amendment_id: n for n, amendment_id in enumerate(draft.amendment_order)}
    default = default_amendment_key(state)
    pending = sorted(
        (a for a in state.amendments if a.draft_id == draft.id and a.status == "pending"),
        key=lambda a: (0, ruled[a.id], 0, 0) if a.id in ruled else (1, 0, *default(a)),
    )
    items = [VotingItem(kind="amendment", ref=a.id, draft_id=draft.id) for a in pending]
    items += [
        VotingItem(kind="division_part", ref=draft.id, draft_id=draft.id, part=n)
        for n in range(len(draft.division))
    ]
    items.append(VotingItem(kind="draft", ref=draft.id, draft_id=draft.id))
    return tuple(items)


AMENDMENT_TITLES = {
    "add": "Amendment {id} by {member} to add a clause to {draft}",
    "modify": "Amendment {id} by {member} to rewrite {clause} of {draft}",
    "delete": "Amendment {id} by {member} to delete {clause} from {draft}",
}


def describe_item(state: SessionState, item: VotingItem) -> Message:
    """An amendment, a part of a divided draft or a draft, as the question put to the vote."""
    if item.kind == "amendment":
        amendment = state.amendment(item.ref)
        assert amendment is not None
        # "add" names no clause: a template's parameters are exactly its placeholders.
        target = {} if amendment.action == "add" else {"clause": amendment.target_clause or ""}
        return say(
            AMENDMENT_TITLES[amendment.action],
            id=amendment.id,
            member=name(state, amendment.proposer),
            draft=amendment.draft_id,
            **target,
        )
    draft = state.draft(item.draft_id or item.ref)
    assert draft is not None
    if item.kind == "division_part":
        assert item.part is not None
        return say(
            "Part {number} of {draft} ({clauses})",
            number=item.part + 1,
            draft=draft.id,
            clauses=", ".join(draft.division[item.part]),
        )
    return say("Draft resolution {draft}: {title}", draft=draft.id, title=draft.title)
