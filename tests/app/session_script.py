"""A whole committee session driven over real WebSockets: roll call, speakers, a motion, a draft
and a vote. Shared by the live-session test and the crash test."""

from __future__ import annotations

import asyncio
from typing import Any

from live_support import DELEGATIONS, LiveClient


def last_event(client: LiveClient, kind: str) -> dict[str, Any]:
    for message in reversed(client.events):
        if message["event"]["type"] == kind:
            return dict(message["event"])
    raise AssertionError(f"{client.name} saw no {kind} event; saw {client.event_types()[-10:]}")


async def everyone_at(clients: list[LiveClient], seq: int) -> None:
    await asyncio.gather(*(client.wait_for_seq(seq) for client in clients))


# Delegations answering "present and voting" may not abstain later (NMUN roll call), so the
# last four answer "present".
ROLL_CALL_ANSWERS = {
    actor: "present_and_voting" if index < 16 else "present"
    for index, actor in enumerate(DELEGATIONS)
}


async def roll_call(chair: LiveClient, delegates: dict[str, LiveClient]) -> int:
    seqs = await asyncio.gather(
        *(
            client.must("record_attendance", member=actor, status=ROLL_CALL_ANSWERS[actor])
            for actor, client in delegates.items()
        )
    )
    return max(seqs)


async def speakers(chair: LiveClient, delegates: dict[str, LiveClient]) -> int:
    await delegates["D01"].must("add_speaker")
    await delegates["D02"].must("add_speaker")
    await chair.must("recognize_speaker")
    await delegates["D01"].must("end_speech")
    await chair.must("recognize_speaker")
    return await chair.must("end_speech")


async def vote_everyone(delegates: dict[str, LiveClient], choices: dict[str, str]) -> list[int]:
    return list(
        await asyncio.gather(
            *(
                delegates[actor].must("cast_vote", choice=choice)
                for actor, choice in choices.items()
            )
        )
    )


async def caucus_motion(chair: LiveClient, delegates: dict[str, LiveClient]) -> int:
    await delegates["D03"].must(
        "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Dams"
    )
    motion = last_event(delegates["D03"], "motion_proposed")["motion"]
    await chair.must("entertain_motion", motion_id=motion["id"])
    await chair.must("open_vote")
    await vote_everyone(delegates, {actor: "yes" for actor in DELEGATIONS[:15]})
    await chair.must("close_vote")
    return await chair.must("end_caucus")


async def submit_draft(chair: LiveClient, delegates: dict[str, LiveClient]) -> str:
    author = delegates["D01"]
    await author.must(
        "submit_draft",
        title="Shared rivers",
        clauses=[
            {"kind": "preambular", "text": "Recognising that rivers cross borders,"},
            {"kind": "operative", "text": "Calls for a joint river commission;"},
        ],
    )
    draft_id = str(last_event(author, "draft_submitted")["draft"]["id"])
    for actor in DELEGATIONS[1:8]:
        await delegates[actor].must("sign_draft", draft_id=draft_id)
    await chair.must("introduce_draft", draft_id=draft_id)
    return draft_id


async def close_debate(chair: LiveClient, delegates: dict[str, LiveClient]) -> None:
    await delegates["D04"].must("propose_motion", kind="close_debate")
    motion = last_event(delegates["D04"], "motion_proposed")["motion"]
    await chair.must("entertain_motion", motion_id=motion["id"])
    await chair.must("open_vote")
    await vote_everyone(delegates, {actor: "yes" for actor in DELEGATIONS})
    await chair.must("close_vote")
    await chair.must("open_vote")  # the draft is the next question


DRAFT_CHOICES = {
    actor: ("yes" if index < 12 else "no" if index < 16 else "abstain")
    for index, actor in enumerate(DELEGATIONS)
}
