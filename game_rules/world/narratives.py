"""Contested narratives: the frames a scenario names, and the speeches, notes and drafts that
argue from them.

The essay calls multilateral forums "a battlefield of narratives". A scenario names its frames
(``frames:``, with the actors that hold each); a delegation may tag a speech (``add_speaker``),
a note (``send_note``) or a draft (``submit_draft``) with one; the public view counts the tagged
speeches and drafts per frame over time (notes stay private), and bots lean by frame when they
vote on a clause's written variants.
"""

from __future__ import annotations

from typing import Literal

from game_rules.errors import NotInOrder
from game_rules.session import commands as cmd
from game_rules.session.turn import Turn
from game_rules.session.world import FrameInvoked, World

Via = Literal["speech", "note", "draft", "press"]


def tag_frame(turn: Turn, command: cmd.Command) -> None:
    """After a speech request, note or draft with ``frame``: record the frame it argues from.
    An unknown frame refuses the whole command."""
    via: Via
    if isinstance(command, cmd.AddSpeaker):
        via, actor = "speech", command.member or turn.actor
    elif isinstance(command, cmd.SendNote):
        via, actor = "note", turn.actor
    elif isinstance(command, cmd.SubmitDraft):
        via, actor = "draft", turn.actor
    else:
        return
    if command.frame is None:
        return
    frames = turn.state.world.rules.frames
    if command.frame not in frames:
        raise NotInOrder(
            "'{frame}' is not a frame of this scenario (frames: {frames}).",
            frame=command.frame,
            frames=", ".join(sorted(frames)) or "none",
        )
    turn.emit(FrameInvoked(at=turn.now, actor=actor, frame=command.frame, via=via))


def frame_share(world: World) -> dict[str, int]:
    """How many public speeches, drafts and approved press items argued from each frame (notes
    are private)."""
    share = {frame: 0 for frame in world.rules.frames}
    for use in world.frame_uses:
        if use.via != "note":
            share[use.frame] = share.get(use.frame, 0) + 1
    return share


def dominant_frame(world: World) -> str | None:
    """The frame that holds the floor: the most tagged speeches, drafts and approved press
    items; None on a tie or before any."""
    ranked = sorted(frame_share(world).items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def frame_leaning(world: World, seat: str, frame: str | None) -> str | None:
    """A bot's lean on a wording that carries ``frame``: yes when it holds that frame, abstain when
    it holds only others (it stands aside: a frame is argued, not a veto). A bot that holds no
    frame follows the frame that holds the floor (coverage counts: approved press items weigh
    in); None when frames say nothing to it."""
    held = world.rules.frames_held.get(seat, ())
    if frame is None:
        return None
    if not held:
        return "yes" if frame == dominant_frame(world) else None
    return "yes" if frame in held else "abstain"
