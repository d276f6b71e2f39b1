"""How far each negotiating group held together, vote by vote on the whole of a draft.

A group's line on a draft is its latest common position proposed before the vote closed, else
the position the scenario declares, else the majority of its members' votes (yes, no or
abstain; a tie gives no line). A member that voted the other way (yes against a "no" line, no
against a "yes" line) defected; an abstention or a reservation is not voting against. Cohesion
is the share of the group's voting members that voted the line. Secret ballots count nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from game_rules.procedure.voting import CHOICE_VALUE
from game_rules.session.blocs import bloc_members
from game_rules.session.state import SessionState

LineSource = Literal["common_position", "scenario", "majority"]


@dataclass(frozen=True)
class BlocCohesion:
    bloc: str
    name: str
    vote_id: str
    draft_id: str
    line: str
    source: LineSource
    voted: int
    with_line: int
    defectors: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.with_line / self.voted if self.voted else 1.0


@dataclass(frozen=True)
class DraftVote:
    """What the cohesion needs of one closed vote on a whole draft."""

    vote_id: str
    draft_id: str
    closed_at: float
    choices: Mapping[str, str]


def _line(
    state: SessionState, bloc: str, vote: DraftVote, values: Mapping[str, str]
) -> tuple[str, LineSource] | None:
    world = state.world
    for position in reversed(world.common_positions):
        if (
            position.bloc == bloc
            and position.draft_id == vote.draft_id
            and position.position is not None
            and position.at <= vote.closed_at
        ):
            return position.position, "common_position"
    declared = world.rules.negotiating_blocs.get(bloc, {}).get(vote.draft_id)
    if declared is not None:
        return declared, "scenario"
    counts: dict[str, int] = {}
    for value in values.values():
        counts[value] = counts.get(value, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    leaders = [v for v, n in counts.items() if n == best]
    return (leaders[0], "majority") if len(leaders) == 1 else None


def bloc_cohesion(state: SessionState, votes: Sequence[DraftVote]) -> list[BlocCohesion]:
    """Every negotiating group's cohesion on every open vote on a whole draft, in vote order."""
    records = []
    for vote in votes:
        if not vote.choices:
            continue  # a secret ballot
        for bloc, rules in sorted(state.world.rules.blocs.items()):
            values = {
                m: CHOICE_VALUE.get(vote.choices[m], "abstain")
                for m in bloc_members(state, bloc)
                if m in vote.choices
            }
            if not values:
                continue
            found = _line(state, bloc, vote, values)
            if found is None:
                continue
            line, source = found
            against = {"yes": "no", "no": "yes"}.get(line)
            records.append(
                BlocCohesion(
                    bloc=bloc,
                    name=rules.name,
                    vote_id=vote.vote_id,
                    draft_id=vote.draft_id,
                    line=line,
                    source=source,
                    voted=len(values),
                    with_line=sum(1 for v in values.values() if v == line),
                    defectors=tuple(m for m, v in values.items() if v == against),
                )
            )
    return records
