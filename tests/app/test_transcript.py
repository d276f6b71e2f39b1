"""The chair's transcript (export.md): each line in the narration's words, saying who did what
to what, and each adopted resolution's final text."""

from __future__ import annotations

from pathlib import Path

from app.models import Room
from app.rooms.export import export_markdown
from app.rooms.fanout import CommittedEvent
from game_rules.engine.apply import replay
from game_rules.report.simulate import simulate
from game_rules.scenario.setup import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _transcript(scenario: str, lang: str = "en") -> tuple[str, object]:
    result = simulate(load_scenario(SCENARIOS / scenario), seed=3)
    state = result.start
    events = []
    for seq, event in enumerate(result.events, start=1):
        state = replay(state, [event])
        events.append(CommittedEvent(seq, event, state))
    room = Room(
        id="r1",
        code="ABC234",
        title="Class 9B",
        scenario_id=scenario.removesuffix(".yaml"),
        scenario_source="",
        chair_key_hash="x",
        created_at=state.started_at,
    )
    return export_markdown(room, [], events, state, include_notes=False, lang=lang), state


def test_every_transcript_line_says_who_did_what() -> None:
    """The transcript once had "Indicator changed." with no who, what or why."""
    text, _state = _transcript("security-council-protection.yaml")
    lines = [line for line in text.splitlines() if line.startswith("- `")]
    assert lines
    assert not any(line.endswith("Indicator changed.") for line in lines)
    assert any("Russian Federation" in line and "voted" in line for line in lines)
    assert any("The chair called time" in line or "has the floor" in line for line in lines)


def test_the_transcript_holds_each_adopted_resolution_in_its_final_words() -> None:
    text, state = _transcript("security-council-protection.yaml")
    adopted = [draft for draft in state.drafts if draft.status == "adopted"]  # type: ignore[attr-defined]
    assert adopted
    section = text.split("## Adopted resolutions", 1)[1].split("## Votes", 1)[0]
    for draft in adopted:
        assert f"### {draft.id} — {draft.title}" in section
        for clause in draft.clauses:
            assert f"**{clause.id}** {' '.join(clause.text.split())}" in section
    rejected = [draft for draft in state.drafts if draft.status == "rejected"]  # type: ignore[attr-defined]
    assert all(f"### {draft.id} —" not in section for draft in rejected)


def test_a_french_transcript_gives_the_adopted_resolution_in_the_scenarios_french_words() -> None:
    """The tutorial is written in six languages: its adopted text is quoted in French."""
    text, _state = _transcript("tutorial.yaml", lang="fr")
    section = text.split("## Résolutions adoptées", 1)[1].split("\n## ", 1)[0]
    assert "### D1 — Des alertes précoces pour tous" in section
    assert "**PP1** Rappelant qu'une alerte donnée un jour avant une tempête" in section
    assert "**OP1** Demande à tous les États de partager gratuitement" in section
    assert "**OP2** Crée un fonds de contributions volontaires" in section
    assert "Calls upon" not in section
