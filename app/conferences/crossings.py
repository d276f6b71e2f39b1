"""What a room owes the other rooms of its conference: the crossings its state calls for that
it has not recorded as sent. Pure: worked out from the room's state and the conference file.

A crossing's key is made from the room and the vote (never from a seq or a clock), so every
worker, every retry and every restart names it the same: the receiving room lands a key once
(``game_rules/world/conference.py``), and the sending room records it once it has landed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from game_rules.session.state import SessionState, VoteResult

Kind = Literal["veto_debate", "resolution"]
# The limits of ``receive_from_conference`` (a longer draft is cut, never refused: a crossing
# refused for its length would stay owed for ever).
MAX_TITLE = 200
MAX_TEXT = 20000


class CrossingRule(BaseModel):
    """One crossing of the conference file, with its rooms resolved."""

    when: Literal["veto", "adopted"]
    from_committee: str
    to_committees: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    committee: str
    name: str
    room_id: str


@dataclass(frozen=True)
class Crossing:
    key: str
    kind: Kind
    title: str
    text: str
    targets: tuple[Target, ...]


def draft_title_and_text(state: SessionState, result: VoteResult) -> tuple[str, str]:
    """The draft the vote was on: its title, and its clauses as they stood, each under its id."""
    draft = state.draft(result.subject.draft_id or result.subject.ref)
    if draft is None:
        return result.title, ""
    return draft.title, "\n".join(f"{clause.id}. {clause.text}" for clause in draft.clauses)


def owed_crossings(
    room_id: str,
    committee: str,
    state: SessionState,
    rules: Sequence[CrossingRule],
    targets: dict[str, Target],
) -> list[Crossing]:
    owed: list[Crossing] = []
    sent = set(state.world.conference_sent)
    for result in state.results:
        # A whole draft: a veto or an adoption of an amendment or a motion goes nowhere.
        if result.subject.kind != "draft":
            continue
        for rule in rules:
            if rule.from_committee != committee:
                continue
            if rule.when == "veto" and result.vetoed_by:
                kind: Kind = "veto_debate"
            elif rule.when == "adopted" and result.adopted:
                kind = "resolution"
            else:
                continue
            to = tuple(targets[c] for c in rule.to_committees if c in targets)
            key = f"{room_id}:{result.vote_id}:{kind}:{'+'.join(t.committee for t in to)}"
            if key in sent or not to:
                continue
            title, text = draft_title_and_text(state, result)
            owed.append(
                Crossing(
                    key=key,
                    kind=kind,
                    title=_cut(title, MAX_TITLE),
                    text=_cut(text, MAX_TEXT),
                    targets=to,
                )
            )
    return owed


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
