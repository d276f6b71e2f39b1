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

from game_rules.session.scripting import Effect
from game_rules.session.state import Draft, SessionState
from game_rules.session.turn import Turn
from game_rules.session.world import Cause, ConsentDecided, EffectWithheld, WithheldReleased
from game_rules.world.injects import apply_effects


def _name(state: SessionState, actor_id: str) -> str:
    return state.setup.name_of(actor_id)


def has_chapter_vii_authority(state: SessionState, draft: Draft) -> bool:
    """Art. 2(7) yields only to enforcement measures under Chapter VII (Art. 39-42), which only
    a forum with that power (the Security Council) can take."""
    return draft.chapter_vii and state.setup.chapter_vii


def consent_basis(
    state: SessionState, draft: Draft, host: str, article: str | None = None
) -> str | None:
    """The legal basis on which a clause may act in ``host``, or None when it has none.
    ``article`` is the clause's own basis: Art. 41 for measures short of force, Art. 42 for
    force; without one the decision cites Chapter VII as a whole."""
    if has_chapter_vii_authority(state, draft):
        cited = article or "Charter Chapter VII"
        return f"a Chapter VII decision of {state.setup.forum_name} ({cited})"
    record = state.world.consent_of(host)
    if record is not None and record.given:
        return f"the consent of {_name(state, host)}"
    return None


def _withheld_reason(state: SessionState, draft: Draft, host: str) -> str:
    record = state.world.consent_of(host)
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
    for clause in draft.clauses:
        if clause.kind != "operative" or not clause.effects:
            continue
        if tuple(clause.effects) != authored_effects(state, draft.id, clause.id, clause.variant):
            continue  # effects sent by a client are not the scenario's: they never apply
        ref = f"{draft.id}/{clause.id}"
        hosts = clause.requires_consent_of
        missing = [h for h in hosts if consent_basis(turn.state, draft, h) is None]
        if not missing:
            bases = sorted(
                {b for h in hosts if (b := consent_basis(turn.state, draft, h, clause.basis))}
            )
            if not bases and clause.basis:
                bases = [clause.basis]
            on = f" on the basis of {' and '.join(bases)}" if bases else ""
            cause = Cause(
                kind="clause", ref=ref, text=f"{draft.id} {_clause_label(clause.id)} adopted{on}"
            )
            apply_effects(turn, clause.effects, cause)
            continue
        host = missing[0]
        appeal = rules.non_coercive.get(draft.id, {}).get(clause.id, ())
        turn.emit(
            EffectWithheld(
                at=turn.now,
                draft_id=draft.id,
                clause_id=clause.id,
                state=host,
                reason=_withheld_reason(turn.state, draft, host),
                appeal_applied=bool(appeal),
                effects=clause.effects,
            )
        )
        if appeal:
            scale = appeal_scale(turn.state, draft, host)
            cause = Cause(
                kind="non_coercive_appeal",
                ref=ref,
                text=f"{draft.id} {_clause_label(clause.id)} as a non-coercive appeal to "
                f"{_name(turn.state, host)}",
            )
            apply_effects(turn, appeal, cause, scale)


def _clause_label(clause_id: str) -> str:
    if clause_id.startswith("OP") and clause_id[2:].isdigit():
        return f"operative clause {clause_id[2:]}"
    return f"clause {clause_id}"


def decide_consent(turn: Turn, host: str, given: bool) -> None:
    """Record the host state's answer; consent given later releases withheld clauses."""
    turn.emit(ConsentDecided(at=turn.now, state=host, given=given, by=turn.actor))
    if not given:
        return
    for withheld in turn.state.world.withheld:
        if withheld.state != host:
            continue
        turn.emit(
            WithheldReleased(
                at=turn.now,
                draft_id=withheld.draft_id,
                clause_id=withheld.clause_id,
                state=host,
            )
        )
        cause = Cause(
            kind="consent_given_later",
            ref=f"{withheld.draft_id}/{withheld.clause_id}",
            text=f"{withheld.draft_id} {_clause_label(withheld.clause_id)} takes effect: "
            f"{_name(turn.state, host)} consented after adoption",
        )
        apply_effects(turn, withheld.effects, cause)
