# ruff: noqa: E501 - the expected texts are quoted whole
"""Scenario texts in several languages on the wire: one shared frame carries every language, and
each screen shows its own (web/static/js/scenario_text.js, run here under Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from app.rooms.fanout import CommittedBatch, ViewEncoder
from app.rooms.secrecy import Audience, SecretBriefs
from game_rules.engine.apply import apply
from game_rules.engine.views import brief_view
from game_rules.scenario.setup import parse_scenario, start_session
from game_rules.session.commands import parse_command
from game_rules.session.state import PUBLIC

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "game_rules" / "translated_scenarios" / "missing_translations.yaml"
LOCALIZE = ROOT / "web" / "static" / "js" / "scenario_text.js"


def in_three_languages() -> str:
    return (
        FIXTURE.read_text(encoding="utf-8")
        .replace("languages: [en, fr]", "languages: [en, fr, ar]")
        .replace("fr: Demande des puits.}", "fr: Demande des puits., ar: يدعو إلى حفر آبار.}")
        .replace(
            "fr: La France soutient les puits.}",
            "fr: La France soutient les puits., ar: تؤيد فرنسا حفر الآبار.}",
        )
    )


def localize(view: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the browser shows: the page's own localize() on the view as received."""
    node = shutil.which("node")
    assert node is not None, "Node runs the browser's localize() here"
    script = (
        f"import {{ localize }} from {json.dumps(LOCALIZE.as_uri())};\n"
        "let input = ''; process.stdin.on('data', (c) => (input += c));\n"
        "process.stdin.on('end', () => {\n"
        f"  process.stdout.write(JSON.stringify(localize(JSON.parse(input), {json.dumps(lang)})));\n"
        "});\n"
    )
    done = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(view), capture_output=True, text=True, check=True, timeout=60,
    )
    shown: dict[str, Any] = json.loads(done.stdout)
    return shown


def test_a_french_delegate_and_an_arabic_projector_read_one_shared_frame_each_in_their_language() -> None:
    scenario = parse_scenario(in_three_languages())
    state = start_session(scenario, now=1000.0)
    # The sponsor rewords the first preambular clause: a delegate's words have no translation.
    state, _ = apply(state, parse_command({
        "type": "propose_amendment", "actor": "GHA", "now": 1001.0, "draft_id": "D1",
        "action": "modify", "target_clause": "PP1", "friendly": True,
        "clause": {"kind": "preambular", "text": "Recalling the human right to water"},
    }))
    briefs = SecretBriefs({actor: brief_view(b) for actor, b in scenario.briefs.items()})
    batch = CommittedBatch(2, (), state, briefs, ViewEncoder())

    shared = batch.public_json()
    delegate_frame = batch.view_json(Audience("FRA"))
    projector_frame = batch.view_json(Audience(PUBLIC))
    # One public text for every screen, whatever its language: the frame is not per language.
    assert delegate_frame.startswith(shared[:-1]) and projector_frame.startswith(shared[:-1])
    assert '"ar":{"text":"يدعو إلى حفر آبار."}' in shared and '"fr":{"text":"Demande des puits."}' in shared

    french = localize(json.loads(delegate_frame), "fr")
    arabic = localize(json.loads(projector_frame), "ar")
    english = localize(json.loads(projector_frame), "en")
    clauses = {lang: [c["text"] for c in view["drafts"][0]["clauses"]]
               for lang, view in (("fr", french), ("ar", arabic), ("en", english))}
    assert clauses == {
        "fr": ["Recalling the human right to water", "Demande des puits.", "Prie de faire rapport."],
        "ar": ["Recalling the human right to water", "يدعو إلى حفر آبار.", "Requests a report."],
        "en": ["Recalling the human right to water", "Calls for wells.", "Requests a report."],
    }
    assert french["drafts"][0]["title"] == "De l'eau pour tous"
    assert arabic["drafts"][0]["title"] == "Water for all"  # not given in Arabic: the scenario's own
    assert french["agenda"][0]["title"] == "De l'eau potable"
    assert french["me"]["brief"]["position"] == "La France soutient les puits."
    assert french["me"]["brief"]["interests"] == ["Des puits"]
    assert localize(json.loads(delegate_frame), "ar")["me"]["brief"]["position"] == "تؤيد فرنسا حفر الآبار."


def test_a_view_without_translations_is_shown_as_it_came() -> None:
    view = {"drafts": [{"title": "T", "clauses": [{"text": "x"}]}], "me": {}}
    assert localize(view, "fr") == view


def test_the_scenario_list_gives_each_scenarios_languages_and_its_title_in_them(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}")
    with TestClient(create_app(settings)) as client:
        listed = {s["id"]: s for s in client.get("/api/scenarios").json()}
    tutorial = listed["tutorial"]
    assert tutorial["languages"] == ["en", "fr", "es", "ar", "ru", "zh"]
    assert tutorial["title"] == "Tutorial: warning people before the flood"
    assert localize(tutorial, "es")["title"] == "Tutorial: alertar a la población antes de la inundación"
    assert "i18n" not in listed["climate-summit"] and listed["climate-summit"]["languages"] == ["en"]


def test_an_upload_with_missing_translations_is_used_and_one_with_an_error_names_the_error() -> None:
    import pytest

    from app.errors import InvalidInput
    from app.scenarios.service import load_uploaded_scenario

    text = FIXTURE.read_text(encoding="utf-8")
    loaded = load_uploaded_scenario("water.yaml", text.encode(), 512 * 1024)
    assert loaded.scenario.metadata.title.in_language("fr") == "De l'eau potable"
    # An error after the warnings (line 19 and 31): the message names the error.
    broken = text.replace("{draft_adopted: D1}}", "{draft_adopted: D9}}")
    with pytest.raises(InvalidInput) as caught:
        load_uploaded_scenario("water.yaml", broken.encode(), 512 * 1024)
    assert str(caught.value).startswith("water.yaml:45:")
    assert "'D9' names no draft" in str(caught.value)
    errors = caught.value.extra["errors"]
    assert [e["severity"] for e in errors] == ["warning", "warning", "error"]
