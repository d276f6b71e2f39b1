"""The authoring guide's walkthrough builds a scenario that really is valid."""

from __future__ import annotations

import re
from pathlib import Path

from game_rules.scenario.setup import parse_scenario, start_session

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def test_walkthrough_in_docs_scenarios_md_is_a_valid_scenario() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    part_one = text.split("### 2. Describe the scenario")[1].split("### 10. Check it")[0]
    yaml_text = "".join(re.findall(r"```yaml\n(.*?)```", part_one, re.S))
    scenario = parse_scenario(yaml_text, "docs/scenarios.md walkthrough")
    assert scenario.metadata.title.text == "Clean water in the Lake Region"
    state = start_session(scenario)
    assert [m.id for m in state.setup.members] == ["GHA", "NOR", "KEN"]
    assert [c.id for c in state.drafts[0].clauses] == ["PP1", "OP1", "OP2"]
