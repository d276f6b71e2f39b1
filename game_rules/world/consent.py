"""Sovereignty and consent: when an adopted clause acts on the world, and how much.

- UN Charter Art. 2(7): the UN does not intervene in matters essentially within a state's
  domestic jurisdiction, "but this principle shall not prejudice the application of enforcement
  measures under Chapter VII". So a clause that acts in a state's territory takes effect with that
  state's consent, or when a forum with Chapter VII power (Art. 39-42) adopted it under Chapter VII.
- Chapter VI (Art. 33-38) decisions are recommendations: without consent they remain an appeal,
  whose effect is the scenario's ``non_coercive_effects``.
- 2005 World Summit Outcome (A/RES/60/1), paras 138-139: collective action "through the Security
  Council, in accordance with the Charter, including Chapter VII".
"""

from __future__ import annotations

from game_rules.messages import Message, say
from game_rules.session.scripting import Effect
from game_rules.session.state import Draft, SessionState
from game_rules.session.turn import Turn
from game_rules.session.world import (
    Cause,
    ClausePartApplied,
    ClausePhasedIn,
    ClauseStopped,
    ConsentDecided,
    ConsentRecord,
    EffectWithheld,
    WithheldReleased,
    consent_scope,
)
from game_rules.world.effects import trust_changes
from game_rules.world.injects import apply_effects

#: An actor that trusts a state this much counts as its ally when Chapter VII costs trust.
ALLY_TRUST = 60.0


def _name(state: SessionState, actor_id: str) -> str:
    return state.setup.name_of(actor_id)


def has_chapter_vii_authority(state: SessionState, draft: Draft) -> bool:
    """Art. 2(7) yields only to enforcement measures under Chapter VII (Art. 39-42), which only
    a forum with that power (the Security Council) can take."""
    return draft.chapter_vii and state.setup.chapter_vii


def _answer(
    state: SessionState, draft_id: str, clause_id: str | None, host: str
) -> ConsentRecord | None:
    """The host's answer that governs this clause: for the clause, its provider, or all."""
    world = state.world
    if clause_id is None:
        return world.consent_of(host)
    provider = world.rules.terms(draft_id, clause_id).provider
    return world.consent_for(host, f"{draft_id}/{clause_id}", provider)


def consent_basis(
    state: SessionState,
    draft: Draft,
    host: str,
    clause_id: str | None = None,
    article: str | None = None,
) -> str | None:
    """The legal basis on which a clause may act in ``host``, or None when it has none.
    ``article`` is the clause's own basis: Art. 41 for measures short of force, Art. 42 for
    force; without one the decision cites Chapter VII as a whole."""
    if has_chapter_vii_authority(state, draft):
        cited = article or "Charter Chapter VII"
        return f"a Chapter VII decision of {state.setup.forum_name} ({cited})"
    record = _answer(state, draft.id, clause_id, host)
    if record is not None and record.given:
        through = f" to {_name(state, record.provider)}" if record.provider else ""
        return f"the consent of {_name(state, host)}{through}"
    return None


def _withheld_reason(state: SessionState, draft: Draft, host: str, clause_id: str) -> str:
    record = _answer(state, draft.id, clause_id, host)
    answer = (
        f"{_name(state, host)} refused its consent"
        if record is not None and not record.given
        else f"{_name(state, host)} has not given its consent"
    )
    basis = (
        "the draft was not adopted under Chapter VII"
        if state.setup.chapter_vii
        else f"{state.setup.forum_name} has no Chapter VII power"
    )
    return (
        f"{answer} and {basis}, so this clause stays words: it cannot act inside "
        f"{_name(state, host)} (UN Charter Art. 2(7))."
    )


def _take_effect(
    turn: Turn,
    draft_id: str,
    clause_id: str,
    hosts: tuple[str, ...],
    effects: tuple[Effect, ...],
    cause: Cause,
) -> None:
    """All at once, or phased over the clause's rounds (the first part at the end of this
    round), so that a basis lost later stops what has not yet come."""
    parts = turn.state.world.rules.terms(draft_id, clause_id).over_rounds
    if parts <= 1:
        apply_effects(turn, effects, cause)
        return
    turn.emit(
        ClausePhasedIn(
            at=turn.now,
            draft_id=draft_id,
            clause_id=clause_id,
            hosts=hosts,
            effects=effects,
            parts=parts,
            scale=round(1 / parts, 4),
            basis=cause.text,
        )
    )


def continue_phased_clauses(turn: Turn) -> None:
    """At the end of a round, each phased clause pays one more part while its basis holds:
    a consent withdrawn during the round stops it from this round on."""
    for ongoing in turn.state.world.ongoing:
        state = turn.state
        draft = state.draft(ongoing.draft_id)
        if draft is None:
            continue
        missing = [
            h for h in ongoing.hosts if consent_basis(state, draft, h, ongoing.clause_id) is None
        ]
        if missing:
            turn.emit(
                ClauseStopped(
                    at=turn.now,
                    draft_id=ongoing.draft_id,
                    clause_id=ongoing.clause_id,
                    state=missing[0],
                    parts_left=ongoing.parts_left,
                )
            )
            continue
        left = ongoing.parts_left - 1
        turn.emit(
            ClausePartApplied(
                at=turn.now,
                draft_id=ongoing.draft_id,
                clause_id=ongoing.clause_id,
                parts_left=left,
            )
        )
        cause = Cause(
            kind="clause_round",
            ref=f"{ongoing.draft_id}/{ongoing.clause_id}",
            text=f"{ongoing.basis}: one part, {left} to come",
        )
        apply_effects(turn, ongoing.effects, cause, ongoing.scale)


def _one_way_trust(
    turn: Turn, trusters: set[str], trusted: set[str], change: float, cause: Cause
) -> None:
    for truster in sorted(trusters):
        for other in sorted(trusted - {truster}):
            for event in trust_changes(
                turn.state.world, truster, other, change, cause, turn.now, one_way=True
            ):
                turn.emit(event)


def _chapter_vii_cost(turn: Turn, draft: Draft, host: str) -> None:
    """Coercion costs trust: the host trusts the sponsors, signatories and aid providers less,
    and so do its allies (those that trust it 60 or more) the sponsors."""
    world = turn.state.world
    cost = world.rules.chapter_vii_cost
    if cost == 0:
        return
    # Every provider at work in the host, not only this draft's: a coerced host turns on
    # all foreign presences (Sudan expelled 13 aid agencies in March 2009).
    providers = {
        p
        for other in turn.state.drafts
        for clause in other.clauses
        if host in clause.requires_consent_of
        and (p := world.rules.terms(other.id, clause.id).provider) is not None
    }
    cause = Cause.said(
        "chapter_vii_cost",
        draft.id,
        say(
            "{draft} acts in {host} under Chapter VII, without its consent",
            draft=draft.id,
            host=_name(turn.state, host),
        ),
    )
    _one_way_trust(
        turn, {host}, {*draft.sponsors, *draft.signatories, *providers}, cost, cause
    )
    allies = {
        a.id
        for a in (*turn.state.setup.members, *turn.state.setup.observers)
        if a.id != host and turn.state.world.trust_between(a.id, host) >= ALLY_TRUST
    }
    _one_way_trust(turn, allies, set(draft.sponsors) - {host}, cost, cause)


def appeal_scale(state: SessionState, draft: Draft, host: str) -> float:
    """How much a non-coercive appeal achieves: 1, or scaled by the host's trust in the
    sponsors when the scenario asks (trust 50 gives the scenario's figure, 100 double)."""
    world = state.world
    if not world.rules.appeal_scaled_by_trust or not draft.sponsors:
        return 1.0
    trust = sum(world.trust_between(host, s) for s in draft.sponsors) / len(draft.sponsors)
    return round(trust / 50.0, 4)


def authored_effects(
    state: SessionState, draft_id: str, clause_id: str, variant: str | None = None
) -> tuple[Effect, ...]:
    """The effects the scenario (or the teacher's setup) wrote for this clause, in the wording
    ``variant`` (None: as filed); a delegate's own clauses and drafts have none, whatever their
    message claims."""
    draft = state.draft(draft_id)
    if draft is None or not draft.scripted:
        return ()
    specs = (*state.setup.drafts, *(h.spec for h in state.world.rules.hidden_drafts))
    for spec in specs:
        if spec.id == draft_id:
            filed = next((c for c in spec.clauses if c.id == clause_id), None)
            if filed is None:
                return ()
            if variant is None:
                return filed.effects
            return next((v.effects for v in filed.variants if v.id == variant), ())
    return ()


def clauses_as_filed(state: SessionState, draft_id: str) -> set[str]:
    """The ids of the draft's clauses that still stand as the scenario filed them: present, in
    their filed wording and variant. A clause reworded or swapped for a variant no longer counts
    as "clause 2 as filed" for an objective."""
    draft = state.draft(draft_id)
    if draft is None:
        return set()
    specs = (*state.setup.drafts, *(h.spec for h in state.world.rules.hidden_drafts))
    spec = next((s for s in specs if s.id == draft_id), None)
    if spec is None:
        return {c.id for c in draft.clauses}
    filed = {c.id: c.text for c in spec.clauses}
    return {
        c.id for c in draft.clauses if c.variant is None and filed.get(c.id, c.text) == c.text
    }


def apply_adopted_draft(turn: Turn, draft_id: str) -> None:
    """Carry out every operative clause of an adopted draft, respecting sovereignty."""
    state = turn.state
    draft = state.draft(draft_id)
    if draft is None:
        return
    rules = state.world.rules
    coerced: set[str] = set()
    for clause in draft.clauses:
        if clause.kind != "operative" or not clause.effects:
            continue
        if tuple(clause.effects) != authored_effects(state, draft.id, clause.id, clause.variant):
            continue  # effects sent by a client are not the scenario's: they never apply
        ref = f"{draft.id}/{clause.id}"
        hosts = clause.requires_consent_of
        missing = [h for h in hosts if consent_basis(turn.state, draft, h, clause.id) is None]
        if not missing:
            bases = sorted(
                {
                    b
                    for h in hosts
                    if (b := consent_basis(turn.state, draft, h, clause.id, clause.basis))
                }
            )
            if not bases and clause.basis:
                bases = [clause.basis]
            adopted = (
                say(
                    "{draft} {clause} adopted on the basis of {bases}",
                    draft=draft.id,
                    clause=_clause_label(clause.id),
                    bases=" and ".join(bases),
                )
                if bases
                else say(
                    "{draft} {clause} adopted", draft=draft.id, clause=_clause_label(clause.id)
                )
            )
            cause = Cause.said("clause", ref, adopted)
            _take_effect(turn, draft.id, clause.id, tuple(hosts), tuple(clause.effects), cause)
            for host in hosts:
                record = _answer(turn.state, draft.id, clause.id, host)
                if has_chapter_vii_authority(turn.state, draft) and not (record and record.given):
                    coerced.add(host)
            continue
        host = missing[0]
        appeal = rules.non_coercive.get(draft.id, {}).get(clause.id, ())
        turn.emit(
            EffectWithheld(
                at=turn.now,
                draft_id=draft.id,
                clause_id=clause.id,
                state=host,
                reason=_withheld_reason(turn.state, draft, host, clause.id),
                appeal_applied=bool(appeal),
                effects=clause.effects,
            )
        )
        if appeal:
            scale = appeal_scale(turn.state, draft, host)
            cause = Cause.said(
                "non_coercive_appeal",
                ref,
                say(
                    "{draft} {clause} as a non-coercive appeal to {host}",
                    draft=draft.id,
                    clause=_clause_label(clause.id),
                    host=_name(turn.state, host),
                ),
            )
            apply_effects(turn, appeal, cause, scale)
    for host in sorted(coerced):
        _chapter_vii_cost(turn, draft, host)


def _clause_label(clause_id: str) -> Message:
    if clause_id.startswith("OP") and clause_id[2:].isdigit():
        return say("operative clause {number}", number=int(clause_id[2:]))
    return say("clause {id}", id=clause_id)


def decide_consent(
    turn: Turn,
    host: str,
    given: bool,
    clause: str | None = None,
    provider: str | None = None,
) -> None:
    """Record the host state's answer (to all, to one clause or to one provider). Consent
    given later releases withheld clauses; consent withdrawn stops phased clauses from the next
    round and costs the host the trust of their sponsors and providers."""
    world = turn.state.world
    if clause is not None:
        draft_id, _, clause_id = clause.partition("/")
        previous = _answer(turn.state, draft_id, clause_id, host)
    elif provider is not None:
        previous = world.consent_limited.get(consent_scope(host, None, provider))
        previous = previous or world.consent_of(host)
    else:
        previous = world.consent_of(host)
    withdrawn = not given and previous is not None and previous.given
    turn.emit(
        ConsentDecided(
            at=turn.now,
            state=host,
            given=given,
            by=turn.actor,
            clause=clause,
            provider=provider,
            withdrawn=withdrawn,
        )
    )
    if withdrawn:
        _withdrawal_cost(turn, host)
    if not given:
        return
    for withheld in turn.state.world.withheld:
        state = turn.state
        draft = state.draft(withheld.draft_id)
        if withheld.state != host or draft is None:
            continue
        if consent_basis(state, draft, host, withheld.clause_id) is None:
            continue
        turn.emit(
            WithheldReleased(
                at=turn.now,
                draft_id=withheld.draft_id,
                clause_id=withheld.clause_id,
                state=host,
            )
        )
        cause = Cause.said(
            "consent_given_later",
            f"{withheld.draft_id}/{withheld.clause_id}",
            say(
                "{draft} {clause} takes effect: {host} consented after adoption",
                draft=withheld.draft_id,
                clause=_clause_label(withheld.clause_id),
                host=_name(turn.state, host),
            ),
        )
        _take_effect(
            turn, withheld.draft_id, withheld.clause_id, (host,), withheld.effects, cause
        )


def _withdrawal_cost(turn: Turn, host: str) -> None:
    """The sponsors and providers of the phased clauses that now stop trust the host less."""
    state = turn.state
    trusters: set[str] = set()
    for ongoing in state.world.ongoing:
        draft = state.draft(ongoing.draft_id)
        if draft is None or host not in ongoing.hosts:
            continue
        if consent_basis(state, draft, host, ongoing.clause_id) is not None:
            continue
        trusters.update(draft.sponsors)
        provider = state.world.rules.terms(draft.id, ongoing.clause_id).provider
        if provider is not None:
            trusters.add(provider)
    cause = Cause.said(
        "consent_withdrawn",
        host,
        say("{host} withdrew its consent", host=_name(state, host)),
    )
    for truster in sorted(trusters - {host}):
        for event in trust_changes(
            state.world, truster, host, state.world.rules.withdrawal_cost, cause, turn.now,
            one_way=True,
        ):
            turn.emit(event)
