"""Helpers for conference tests: the bundled three-committee file, a roster of 60 students,
and driving a room's vote through its single writer (as the chair's and delegates' sockets do)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from app.rooms.runtime import RoomRuntime
from game_rules.session.state import CHAIR

FILES = Path(__file__).resolve().parent / "conference_files"
THREE_COMMITTEES = FILES / "three-committees.yaml"
BUNDLED_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
COUNCIL = (
    "CHN",
    "FRA",
    "RUS",
    "GBR",
    "USA",
    "DZA",
    "ECU",
    "GUY",
    "JPN",
    "MLT",
    "MOZ",
    "KOR",
    "SLE",
    "SVN",
    "CHE",
)


def sixty_students() -> bytes:
    """30 schools of two students: one in the General Assembly (which seats one delegation per
    school), the other in the Council (its seat asked for by name) or at the climate summit."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["school", "student", "committee", "delegation"])
    for index in range(30):
        school = f"School {index + 1:02d}"
        writer.writerow([school, f"Student {index * 2 + 1:02d}", "ga", ""])
        if index < 15:
            writer.writerow([school, f"Student {index * 2 + 2:02d}", "sc", COUNCIL[index]])
        else:
            writer.writerow([school, f"Student {index * 2 + 2:02d}", "cop", ""])
    return out.getvalue().encode("utf-8")


async def veto_first_draft(runtime: RoomRuntime, vetoer: str = "RUS") -> None:
    """Every member present, D1 moved to a vote, and a permanent member's no (Art. 27(3))."""

    async def do(actor: str, **fields: Any) -> None:
        await runtime.submit_and_wait(actor, fields)

    state = runtime.state
    for member in state.setup.members:
        await do(member.id, type="record_attendance", member=member.id, status="present")
    draft = runtime.state.draft("D1")
    assert draft is not None
    if draft.status == "working":
        await do(CHAIR, type="introduce_draft", draft_id="D1")
    mover = next(s for s in draft.sponsors if runtime.state.setup.is_member(s))
    await do(mover, type="propose_motion", kind="move_to_vote", target="D1")
    await do(CHAIR, type="entertain_motion", motion_id=runtime.state.motions[-1].id)
    while True:
        await do(CHAIR, type="open_vote", roll_call=False)
        vote = runtime.state.vote
        assert vote is not None
        is_draft = vote.subject.kind == "draft"
        for voter in vote.voters:
            if not runtime.state.is_present(voter):
                continue
            choice = "no" if is_draft and voter == vetoer else "yes"
            if voter in vote.parties:
                choice = "abstain"
            await do(voter, type="cast_vote", choice=choice)
        await do(CHAIR, type="close_vote")
        if is_draft or runtime.state.voting is None:
            return
