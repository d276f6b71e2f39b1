"""The press seat: it reports on the session and takes no part in it.

A scenario's forum lists ``press:`` seats (actors of kind ``press``). A press seat files news
items (``publish_news``: a headline of at most 120 characters, a body of at most 600, and
optionally one of the scenario's frames); the chair approves or rejects each
(``moderate_press``) before it is public, as an editor or a conference's press office would. An
approved item becomes public news and, when it carries a frame, counts for that frame in the
battle of narratives (``frame_invoked`` via ``press``): the essay's forums are "a battlefield of
narratives", and coverage is part of it. Bots that hold no frame lean with the frame that holds
the floor (``world/narratives.py`` ``frame_leaning``).
"""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.procedure.quotas import require_quota
from game_rules.session import commands as cmd
from game_rules.session.state import CHAIR, SYSTEM, SessionState
from game_rules.session.turn import Turn, require_chair
from game_rules.session.world import (
    FrameInvoked,
    NewsItem,
    NewsPublished,
    PressItem,
    PressItemFiled,
    PressItemModerated,
)

#: What a press seat may send: it files news (and answers the roll, as any seat in the room);
#: everything else in the room is for delegations.
PRESS_COMMANDS = frozenset({"publish_news", "record_attendance"})


def check_press_seat(state: SessionState, command: cmd.Command) -> None:
    """A press seat files news and nothing else; only a press seat files news."""
    actor = command.actor
    if actor in (CHAIR, SYSTEM):
        if command.type == "publish_news":
            raise NotPermitted("Only a press seat files news items.")
        return
    press = state.setup.is_press(actor)
    if press and command.type not in PRESS_COMMANDS:
        raise NotPermitted(
            "{member} is a press seat: it reports on the session with news items the chair "
            "approves, and takes no other part in it.",
            member=state.setup.name_of(actor),
        )
    if not press and command.type == "publish_news":
        raise NotPermitted("Only a press seat files news items.")


def check_publish_news(state: SessionState, command: cmd.PublishNews) -> None:
    if not state.setup.is_press(command.actor):
        raise NotPermitted("Only a press seat files news items.")
    require_quota(state, command.actor, "press_items")
    frames = state.world.rules.frames
    if command.frame is not None and command.frame not in frames:
        raise NotInOrder(
            "'{frame}' is not a frame of this scenario (frames: {frames}).",
            frame=command.frame,
            frames=", ".join(sorted(frames)) or "none",
        )


def publish_news(turn: Turn, command: cmd.PublishNews) -> None:
    check_publish_news(turn.state, command)
    item = PressItem(
        id=turn.new_id("N"),
        by=command.actor,
        headline=command.headline,
        body=command.body,
        frame=command.frame,
        at=turn.now,
    )
    turn.emit(PressItemFiled(at=turn.now, item=item))


def check_moderate_press(state: SessionState, command: cmd.ModeratePress) -> PressItem:
    require_chair(state, command.actor, "approve news items")
    item = next((p for p in state.world.press_items if p.id == command.item_id), None)
    if item is None:
        raise NotInOrder("There is no news item '{item}'.", item=command.item_id)
    if item.status != "pending":
        raise NotInOrder(
            "News item {item} has already been {status}.",
            item=item.id,
            status="approved" if item.status == "approved" else "rejected",
        )
    return item


def moderate_press(turn: Turn, command: cmd.ModeratePress) -> None:
    item = check_moderate_press(turn.state, command)
    turn.emit(
        PressItemModerated(at=turn.now, item_id=item.id, by=item.by, approved=command.approve)
    )
    if not command.approve:
        return
    news = NewsItem(
        headline=item.headline,
        body=item.body or None,
        at=turn.now,
        by=item.by,
        frame=item.frame,
    )
    turn.emit(NewsPublished(at=turn.now, news=news))
    if item.frame is not None:
        turn.emit(FrameInvoked(at=turn.now, actor=item.by, frame=item.frame, via="press"))


def pending_press(state: SessionState) -> tuple[PressItem, ...]:
    return tuple(p for p in state.world.press_items if p.status == "pending")
