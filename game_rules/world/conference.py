"""Crossings between the rooms of a conference, as each room records them.

The engine knows nothing of other rooms: the app turns an event committed in one room (a veto,
an adopted resolution) or the secretariat's crisis into ``receive_from_conference`` for the
room it goes to, and ``record_sent_to_conference`` for the room it came from. Each carries a
``key`` naming that one crossing; a key a room already holds changes nothing, so a retry after
a crash or a lost reply never lands it twice. Both are events of their rooms: replay has them.

A veto opens the General Assembly's debate that A/RES/76/262 (26 April 2022, adopted without a
vote) requires: its operative paragraph 1 has the President of the Assembly convene a formal
meeting "within ten working days of the casting of a veto by one or more permanent members of
the Security Council, to hold a debate on the situation as to which the veto was cast";
paragraph 4 names the agenda item "Use of the veto".
"""

from __future__ import annotations

from game_rules.errors import NotPermitted
from game_rules.session import commands as cmd
from game_rules.session.state import SYSTEM
from game_rules.session.turn import Turn
from game_rules.session.world import (
    AgendaItemRevealed,
    ConferenceItemReceived,
    ConferenceItemSent,
    NewsItem,
    NewsPublished,
)

#: The agenda item's title, as A/RES/76/262 para. 4 names it.
VETO_ITEM_TITLE = "Use of the veto"


def _server_only(turn: Turn) -> None:
    if turn.actor != SYSTEM:
        raise NotPermitted("Only the server sends what other rooms of the conference decided.")


def veto_item_id(turn: Turn) -> str:
    """``use-of-veto-N``: the room's Nth veto debate."""
    held = sum(1 for key in turn.state.world.revealed_agenda if key.startswith("use-of-veto-"))
    return f"use-of-veto-{held + 1}"


def receive_from_conference(turn: Turn, command: cmd.ReceiveFromConference) -> None:
    _server_only(turn)
    if command.key in turn.state.world.conference_received:
        return  # already landed: a retry changes nothing
    item = veto_item_id(turn) if command.kind == "veto_debate" else None
    turn.emit(
        ConferenceItemReceived(
            at=turn.now,
            key=command.key,
            kind=command.kind,
            from_committee=command.from_committee,
            title=command.title,
            text=command.text,
            agenda_item=item,
        )
    )
    if item is not None:
        # Folding this puts the debate on the Assembly's agenda, where the chair can set it.
        turn.emit(
            AgendaItemRevealed(
                at=turn.now,
                item=item,
                title=f"{VETO_ITEM_TITLE}: {command.title}",
                description=command.text,
            )
        )
    else:
        news = NewsItem(
            headline=command.title,
            body=command.text or None,
            at=turn.now,
            source_event=command.key,
        )
        turn.emit(NewsPublished(at=turn.now, news=news))


def record_sent_to_conference(turn: Turn, command: cmd.RecordSentToConference) -> None:
    _server_only(turn)
    if command.key in turn.state.world.conference_sent:
        return
    turn.emit(
        ConferenceItemSent(
            at=turn.now,
            key=command.key,
            kind=command.kind,
            to_committees=command.to_committees,
            title=command.title,
        )
    )
