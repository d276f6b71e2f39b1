"""Shared fixtures for the procedure tests: forums and a small driver that uses ``apply`` only."""

from __future__ import annotations

from typing import Any

from game_rules import (
    SessionSetup,
    SessionState,
    apply,
    new_session,
    parse_command,
)
from game_rules.decision.security_council import security_council_rule
from game_rules.session.events import Event
from game_rules.session.rules_of_procedure import ProcedureSettings, security_council_procedure

P5 = ("CHN", "FRA", "GBR", "RUS", "USA")
ELECTED = ("ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE")
NAMES = {
    "CHN": "China",
    "FRA": "France",
    "GBR": "United Kingdom",
    "RUS": "Russian Federation",
    "USA": "United States",
    "ALB": "Albania",
    "BRA": "Brazil",
    "GAB": "Gabon",
    "GHA": "Ghana",
    "IND": "India",
    "IRL": "Ireland",
    "KEN": "Kenya",
    "MEX": "Mexico",
    "NOR": "Norway",
    "ARE": "United Arab Emirates",
}


def security_council_setup(**changes: Any) -> SessionSetup:
    """15 members, P5 veto, nine votes (Charter Art. 23 and 27)."""
    data: dict[str, Any] = {
        "forum_id": "unsc",
        "forum_name": "Security Council",
        "members": [{"id": code, "name": NAMES[code]} for code in (*P5, *ELECTED)],
        "observers": [{"id": "MSF", "name": "Médecins Sans Frontières", "kind": "ngo"}],
        "rules": {
            "procedural": security_council_rule("procedural"),
            "substantive": security_council_rule("substantive", chapter="VI"),
        },
        "procedure": security_council_procedure(),
        "agenda": [{"id": "arda", "title": "The situation in Arda"}],
        "chapter_vii": True,
        "seed": 7,
    }
    data.update(changes)
    return SessionSetup.model_validate(data)


def committee_setup(n: int = 10, **procedure: Any) -> SessionSetup:
    """A General Assembly committee with the Model UN long-form defaults."""
    codes = [f"S{i:02d}" for i in range(1, n + 1)]
    return SessionSetup.model_validate(
        {
            "forum_id": "disec",
            "forum_name": "First Committee",
            "members": [{"id": c, "name": f"State {c}"} for c in codes],
            "observers": [{"id": "NGO", "name": "Civil Society Forum", "kind": "ngo"}],
            "procedure": ProcedureSettings.model_validate(procedure).model_dump(),
            "agenda": [
                {"id": "t1", "title": "Small arms"},
                {"id": "t2", "title": "Cyber security"},
            ],
        }
    )


class Session:
    """Drives a session through ``apply`` only, keeping every event for replay checks."""

    def __init__(self, setup: SessionSetup, now: float = 1000.0) -> None:
        self.initial = new_session(setup, now)
        self.state: SessionState = self.initial
        self.events: list[Event] = []
        self.now = now

    def do(self, actor: str, type_: str, **fields: Any) -> list[Event]:
        command = parse_command({"type": type_, "actor": actor, "now": self.now, **fields})
        self.state, new_events = apply(self.state, command)
        self.events.extend(new_events)
        return new_events

    def chair(self, type_: str, **fields: Any) -> list[Event]:
        return self.do("chair", type_, **fields)

    def wait(self, seconds: float) -> None:
        self.now += seconds

    def all_present(self, voting: tuple[str, ...] = ()) -> None:
        for member in self.state.setup.members:
            status = "present_and_voting" if member.id in voting else "present"
            self.chair("record_attendance", member=member.id, status=status)
        for observer in self.state.setup.observers:
            self.chair("record_attendance", member=observer.id, status="present")

    def last_motion_id(self) -> str:
        return self.state.motions[-1].id

    def vote_all(self, choices: dict[str, str], default: str = "yes") -> None:
        """Placard vote: every present member votes (``choices`` overrides ``default``)."""
        assert self.state.vote is not None
        for voter in self.state.vote.voters:
            if self.state.is_present(voter) and self.state.setup.is_member(voter):
                self.do(voter, "cast_vote", choice=choices.get(voter, default))
