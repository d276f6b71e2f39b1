"""Blocs you can play: a negotiating group's channel, its common position and who speaks for it.

- ``send_bloc_note``: a note to the group's channel. Its members read it; the chair only where
  the scenario says ``chair_reads_notes: true`` (who reads is decided in
  :mod:`game_rules.engine.world_views`, from the readers the note carries).
- ``propose_common_position``: the coordinator (any member, if the group has none) puts a text
  of at most 600 characters to the group, optionally with a line on a draft; it signs it at
  once. A later one on the same draft replaces it as the group's line.
- ``sign_common_position``: a member signs the group's latest position.
- ``name_bloc_speaker``: the coordinator names the member that takes the floor "on behalf of"
  the group (``add_speaker`` with ``on_behalf_of``, checked in
  :func:`game_rules.session.blocs.check_speaks_for`).

When the vote on a whole draft closes, a member that voted against the group's line is recorded
as a defection (:mod:`game_rules.world.pledges`); the debrief shows cohesion per group.
"""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.procedure.meeting import check_note_in_order, check_note_length
from game_rules.procedure.quotas import require_quota
from game_rules.session import commands as cmd
from game_rules.session.blocs import bloc_members, require_bloc_member, require_coordinator
from game_rules.session.state import CHAIR, SYSTEM, SessionState
from game_rules.session.turn import Turn, who
from game_rules.session.world import (
    BlocNote,
    BlocNoteSent,
    BlocSpeakerNamed,
    CommonPosition,
    CommonPositionProposed,
    CommonPositionSigned,
)


def check_send_bloc_note(state: SessionState, command: cmd.SendBlocNote) -> None:
    rules = require_bloc_member(state, command.actor, command.bloc)
    if command.actor in (CHAIR, SYSTEM) and not rules.chair_reads_notes:
        raise NotPermitted(
            "The chair does not take part in the coordination of {bloc}: its notes are for its "
            "members only.",
            code="not_in_bloc",
            bloc=rules.name,
        )
    check_note_in_order(state, command.actor, "bloc_notes")
    check_note_length(state, command.text)


def send_bloc_note(turn: Turn, command: cmd.SendBlocNote) -> None:
    state = turn.state
    check_send_bloc_note(state, command)
    rules = state.world.rules.blocs[command.bloc]
    note = BlocNote(
        id=turn.new_id("BN"),
        bloc=command.bloc,
        sender=command.actor,
        text=command.text,
        at=turn.now,
        readers=bloc_members(state, command.bloc),
        chair_reads=rules.chair_reads_notes,
    )
    turn.emit(BlocNoteSent(at=turn.now, note=note))


def check_propose_common_position(
    state: SessionState, command: cmd.ProposeCommonPosition
) -> None:
    require_coordinator(state, command.actor, command.bloc, "propose the group's common position")
    require_quota(state, command.actor, "common_positions")
    if (command.draft_id is None) != (command.position is None):
        raise NotInOrder(
            "A common position takes a line on a draft with both `draft_id` and `position` "
            "(yes, no or abstain); give both, or neither for a text alone.",
            code="incomplete_common_position",
        )
    if command.draft_id is not None and state.draft(command.draft_id) is None:
        raise NotInOrder("There is no draft {draft}.", draft=command.draft_id)


def propose_common_position(turn: Turn, command: cmd.ProposeCommonPosition) -> None:
    state = turn.state
    check_propose_common_position(state, command)
    rules = state.world.rules.blocs[command.bloc]
    position = CommonPosition(
        id=turn.new_id("CP"),
        bloc=command.bloc,
        proposer=command.actor,
        text=command.text,
        at=turn.now,
        readers=bloc_members(state, command.bloc),
        chair_reads=rules.chair_reads_notes,
        draft_id=command.draft_id,
        position=command.position,
        signatures=(command.actor,),
    )
    turn.emit(CommonPositionProposed(at=turn.now, position=position))


def latest_position(state: SessionState, bloc: str) -> CommonPosition | None:
    """The group's position now open for signature: the latest it proposed."""
    return next((p for p in reversed(state.world.common_positions) if p.bloc == bloc), None)


def check_sign_common_position(
    state: SessionState, command: cmd.SignCommonPosition
) -> CommonPosition:
    position = state.world.common_position(command.position_id)
    if position is None:
        raise NotInOrder(
            "There is no common position {position}.", position=command.position_id
        )
    require_bloc_member(state, command.actor, position.bloc)
    if command.actor in (CHAIR, SYSTEM):
        raise NotPermitted("Only the group's members sign its common position.")
    if command.actor in position.signatures:
        raise NotInOrder(
            "{member} has already signed common position {position}.",
            member=who(state, command.actor),
            position=position.id,
        )
    latest = latest_position(state, position.bloc)
    if latest is not None and latest.id != position.id:
        raise NotInOrder(
            "Common position {position} was replaced by {latest}: sign that one.",
            position=position.id,
            latest=latest.id,
        )
    return position


def sign_common_position(turn: Turn, command: cmd.SignCommonPosition) -> None:
    position = check_sign_common_position(turn.state, command)
    turn.emit(
        CommonPositionSigned(
            at=turn.now,
            position_id=position.id,
            bloc=position.bloc,
            member=command.actor,
            readers=position.readers,
            chair_reads=position.chair_reads,
        )
    )


def check_name_bloc_speaker(state: SessionState, command: cmd.NameBlocSpeaker) -> None:
    rules = require_coordinator(
        state, command.actor, command.bloc, "name who speaks on behalf of the group"
    )
    if rules.coordinator is None:
        raise NotInOrder(
            "{bloc} has no coordinator, so any of its members may speak on its behalf.",
            bloc=rules.name,
        )
    require_bloc_member(state, command.member, command.bloc)


def name_bloc_speaker(turn: Turn, command: cmd.NameBlocSpeaker) -> None:
    check_name_bloc_speaker(turn.state, command)
    turn.emit(
        BlocSpeakerNamed(at=turn.now, bloc=command.bloc, member=command.member, by=command.actor)
    )
