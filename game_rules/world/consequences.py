"""The game layer's part of ``apply``: its commands (consent, pledges, the chair's buttons, bot
seats), and what follows every command: pledges tested when a vote closes, the consequences of
what the procedure decided (effects, scripted events), and the time that passed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.messages import say
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.state import CHAIR, SYSTEM, SessionState
from game_rules.session.turn import Turn, who
from game_rules.session.world import BotSeatAssigned, BotSeatReleased
from game_rules.world.actions import take_action_command
from game_rules.world.blocs import (
    name_bloc_speaker,
    propose_common_position,
    send_bloc_note,
    sign_common_position,
)
from game_rules.world.conference import receive_from_conference, record_sent_to_conference
from game_rules.world.consent import apply_adopted_draft, decide_consent
from game_rules.world.drift import advance_time
from game_rules.world.injects import Happening, fire_set_off, press_chair_button
from game_rules.world.pledges import make_pledge, record_defections, resolve_pledges
from game_rules.world.press import moderate_press, publish_news


def _name(state: SessionState, actor_id: str) -> str:
    return state.setup.name_of(actor_id)


def react_to_procedure(turn: Turn, events: Sequence[Any]) -> None:
    """Triggers set off by what the procedure just decided: adopted or failed drafts, vetoes."""
    for event in events:
        if isinstance(event, ev.DraftDecided):
            if event.adopted:
                apply_adopted_draft(turn, event.draft_id)
                happening = Happening(draft_adopted=event.draft_id)
            else:
                happening = Happening(draft_failed=event.draft_id)
            fire_set_off(
                turn,
                happening,
                say(
                    "draft {draft} was adopted"
                    if event.adopted
                    else "draft {draft} was not adopted",
                    draft=event.draft_id,
                ),
            )
        elif isinstance(event, ev.VoteClosed):
            vetoed_by = tuple(event.outcome.get("vetoed_by") or ())
            subject = event.result.subject
            if not vetoed_by or subject.kind == "motion":
                continue
            draft_id = subject.draft_id or subject.ref
            for voter in vetoed_by:
                fire_set_off(
                    turn,
                    Happening(veto=(draft_id, voter)),
                    say(
                        "{member} cast a veto on draft {draft}",
                        member=_name(turn.state, voter),
                        draft=draft_id,
                    ),
                )


# ---------------------------------------------------------------------------------------------
# The game layer's part of ``apply``: its commands, and what follows every command
# ---------------------------------------------------------------------------------------------


def decide_consent_command(turn: Turn, command: cmd.DecideConsent) -> None:
    state = turn.state
    host_id = command.state or turn.actor
    delegation = state.setup.delegation(host_id)
    if delegation is None:
        raise NotInOrder("There is no delegation '{member}' in this forum.", member=host_id)
    if delegation.kind not in ("state", "observer_state"):
        raise NotPermitted(
            "{member} is not a state: only a state consents to action on its "
            "territory (UN Charter Art. 2(7)).",
            member=delegation.name,
        )
    if turn.actor not in (host_id, CHAIR, SYSTEM):
        raise NotPermitted(
            "Only {member} can give or refuse its own consent.", member=delegation.name
        )
    if command.clause:
        draft_id, _, clause_id = command.clause.partition("/")
        draft = state.draft(draft_id)
        clause = (
            next((c for c in draft.clauses if c.id == clause_id), None) if draft else None
        )
        if clause is None or host_id not in clause.requires_consent_of:
            raise NotInOrder(
                "No clause '{clause}' acts in {member}: write it as D1/OP3.",
                clause=command.clause,
                member=delegation.name,
            )
    if command.provider is not None and state.setup.delegation(command.provider) is None:
        raise NotInOrder(
            "There is no delegation '{member}' in this forum.", member=command.provider
        )
    decide_consent(turn, host_id, command.given, command.clause or None, command.provider)


def pledge_vote_command(turn: Turn, command: cmd.PledgeVote) -> None:
    make_pledge(turn, command.recipient, command.draft_id, command.choice, command.text)


def press_chair_button_command(turn: Turn, command: cmd.PressChairButton) -> None:
    if turn.actor not in (CHAIR, SYSTEM):
        raise NotPermitted("Only the chair can release a scripted event.")
    press_chair_button(turn, command.event_id)


def _require_seat_change(turn: Turn, seat: str, doing: str) -> None:
    if turn.actor not in (CHAIR, SYSTEM):
        raise NotPermitted("Only the chair can {doing}.", doing=say(doing))
    if turn.state.setup.delegation(seat) is None:
        raise NotInOrder("There is no delegation '{member}' in this forum.", member=seat)


def assign_bot_command(turn: Turn, command: cmd.AssignBot) -> None:
    _require_seat_change(turn, command.seat, "hand a seat to a bot")
    if turn.state.world.is_bot(command.seat):
        raise NotInOrder(
            "{member} is already played by a bot.", member=who(turn.state, command.seat)
        )
    turn.emit(BotSeatAssigned(at=turn.now, seat=command.seat, by=turn.actor))


def release_bot_command(turn: Turn, command: cmd.ReleaseBot) -> None:
    _require_seat_change(turn, command.seat, "hand a bot's seat back")
    if not turn.state.world.is_bot(command.seat):
        raise NotInOrder("{member} is not played by a bot.", member=who(turn.state, command.seat))
    turn.emit(BotSeatReleased(at=turn.now, seat=command.seat, by=turn.actor))


GAME_HANDLERS: dict[type[Any], Callable[[Any, Any], None]] = {
    cmd.DecideConsent: decide_consent_command,
    cmd.TakeAction: take_action_command,
    cmd.PledgeVote: pledge_vote_command,
    cmd.PressChairButton: press_chair_button_command,
    cmd.AssignBot: assign_bot_command,
    cmd.ReleaseBot: release_bot_command,
    cmd.ReceiveFromConference: receive_from_conference,
    cmd.RecordSentToConference: record_sent_to_conference,
    cmd.PublishNews: publish_news,
    cmd.ModeratePress: moderate_press,
    cmd.SendBlocNote: send_bloc_note,
    cmd.ProposeCommonPosition: propose_common_position,
    cmd.SignCommonPosition: sign_common_position,
    cmd.NameBlocSpeaker: name_bloc_speaker,
}


def follow_up(turn: Turn, before: SessionState, events: Sequence[Any]) -> None:
    """After any command: pledges on a closed vote, what its decisions set off, and the time
    that passed (drift, events at minute T)."""
    resolve_pledges(turn, before, events)
    record_defections(turn, before, events)
    react_to_procedure(turn, events)
    advance_time(turn)
