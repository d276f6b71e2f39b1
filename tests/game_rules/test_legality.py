"""One source of legality: what the views offer as in order is exactly what ``apply`` accepts.

The offers (``game_rules.engine.legality``) are decided by the same check each command's
handler runs first, so they cannot drift; these properties hold it so over random sessions.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from procedure_helpers import Session, committee_setup, security_council_setup
from random_sessions import candidates, pick

from game_rules import RuleViolation, apply, new_session, parse_command
from game_rules.engine.legality import Offer, legal_actions
from game_rules.session.commands import Command
from game_rules.session.state import CHAIR, SessionSetup, SessionState

SETUPS = {
    "committee": committee_setup(5, notes_moderated=True),
    "council": security_council_setup(),
}

# Commands a viewer sends with no details of its own: apply accepting one means it was offered.
PARAMETERLESS = {
    "delegate": (
        "add_speaker",
        "remove_speaker",
        "request_right_of_reply",
        "request_roll_call",
        "end_speech",
    ),
    "chair": (
        "recognize_speaker",
        "open_vote",
        "propose_adoption_without_vote",
        "close_vote",
        "skip_roll_call",
        "end_speech",
        "end_caucus",
        "pause_clock",
        "resume_clock",
        "resume_meeting",
        "open_meeting",
    ),
}


def _accepts(state: SessionState, actor: str, fields: dict[str, Any]) -> str | None:
    """None when ``apply`` accepts the command, else its refusal."""
    command = parse_command({**fields, "actor": actor, "now": state.last_event_at})
    try:
        apply(state, command)
    except RuleViolation as violation:
        return violation.message
    return None


def _probes(offer: Offer, actor: str, state: SessionState) -> list[Command]:
    """The commands an in-order offer stands for: its probe, or one per item it lists in order."""
    if offer.probe is not None:
        return [offer.probe.model_copy(update={"now": state.last_event_at})]
    now = state.last_event_at
    listed: list[dict[str, Any]] = []
    if offer.type == "sign_draft":
        listed = [{"draft_id": d["draft_id"]} for d in offer.extras["drafts"] if d["in_order"]]
    elif offer.type == "contest_procedural":
        listed = [{"motion_id": m["motion_id"]} for m in offer.extras["motions"] if m["in_order"]]
    elif offer.type == "rule_amendment_friendly":
        listed = [
            {"amendment_id": a["amendment_id"]} for a in offer.extras["amendments"] if a["in_order"]
        ]
    return [
        parse_command({"type": offer.type, **fields, "actor": actor, "now": now})
        for fields in listed
    ]


def _viewers(state: SessionState) -> list[str]:
    return [CHAIR, *(d.id for d in (*state.setup.members, *state.setup.observers))]


def _walk(setup: SessionSetup, data: st.DataObject, steps: int) -> list[SessionState]:
    state = new_session(setup, 100.0)
    states = [state]
    now = 100.0
    for _ in range(steps):
        now += data.draw(st.sampled_from([0.0, 1.0, 20.0, 95.0]), label="wait")
        actor, fields = pick(candidates(state), data.draw(st.integers(0, 10**6), label="pick"))
        try:
            state, _ = apply(state, parse_command({**fields, "actor": actor, "now": now}))
        except RuleViolation:
            continue
        states.append(state)
    return states


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), forum=st.sampled_from(sorted(SETUPS)))
def test_every_action_offered_as_in_order_is_accepted(data: st.DataObject, forum: str) -> None:
    for state in _walk(SETUPS[forum], data, steps=60)[::3]:
        for viewer in _viewers(state):
            for offer in legal_actions(state, viewer):
                if not offer.in_order:
                    continue
                for probe in _probes(offer, viewer, state):
                    try:
                        apply(state, probe)
                    except RuleViolation as violation:
                        raise AssertionError(
                            f"{viewer} was offered {probe.type} as in order, and apply "
                            f"refused it: {violation.message}"
                        ) from violation


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), forum=st.sampled_from(sorted(SETUPS)))
def test_every_parameterless_command_apply_accepts_was_offered(
    data: st.DataObject, forum: str
) -> None:
    for state in _walk(SETUPS[forum], data, steps=60)[::3]:
        for viewer in _viewers(state):
            offered = {
                offer.type for offer in legal_actions(state, viewer) if offer.in_order
            }
            role = "chair" if viewer == CHAIR else "delegate"
            for command_type in PARAMETERLESS[role]:
                if _accepts(state, viewer, {"type": command_type}) is None:
                    assert command_type in offered, (
                        f"apply accepts {command_type} from {viewer}, but it was not offered"
                    )


def test_ga_rule_87_an_absent_member_is_not_offered_a_roll_call() -> None:
    """GA rule 87: a member may ask for a recorded vote; one recorded absent cannot, and is
    no longer offered the request (the views once offered it, and apply then refused it)."""
    s = Session(committee_setup(5))
    s.all_present()
    s.chair("record_attendance", member="S05", status="absent")
    s.chair("set_agenda", item="t1")
    s.do("S01", "submit_draft", title="Draft", clauses=[{"text": "Decides;"}])
    draft_id = s.state.drafts[-1].id
    s.do("S02", "sign_draft", draft_id=draft_id)
    s.chair("introduce_draft", draft_id=draft_id)
    s.do("S01", "propose_motion", kind="close_debate")
    s.chair("entertain_motion", motion_id=s.last_motion_id())
    s.chair("open_vote")
    s.vote_all({})
    s.chair("close_vote")
    assert s.state.voting is not None, "close debate should start voting procedure"
    offer = next(o for o in legal_actions(s.state, "S05") if o.type == "request_roll_call")
    assert not offer.in_order and "present" in offer.why.english()
    assert _accepts(s.state, "S05", {"type": "request_roll_call"}) is not None
    offer = next(o for o in legal_actions(s.state, "S01") if o.type == "request_roll_call")
    assert offer.in_order
    assert _accepts(s.state, "S01", {"type": "request_roll_call"}) is None
