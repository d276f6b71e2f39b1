# ruff: noqa: E501 - the expected messages are quoted whole
"""Scenario texts in several languages: a plain string or a mapping of language code to text,
an undeclared code refused where it is written, a missing translation a warning with its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from app.cli import cli
from game_rules.scenario.setup import (
    ScenarioError,
    load_scenario,
    parse_scenario,
    read_scenario_text,
    scenario_problems,
    start_session,
)
from game_rules.session.localized import LocalizedShort, translations

HERE = Path(__file__).parent
TRANSLATED = HERE / "translated_scenarios" / "missing_translations.yaml"
PLAIN = HERE / "broken_scenarios" / "missing_title.yaml"


def plain_text() -> str:
    """The validator's small committee, valid and in one language."""
    return PLAIN.read_text(encoding="utf-8").replace(
        "metadata:\n", "metadata:\n  title: Clean water\n", 1
    )


def test_plain_strings_are_texts_in_the_scenarios_own_language() -> None:
    scenario = parse_scenario(plain_text())
    assert scenario.metadata.all_languages() == ("en",)
    assert scenario.metadata.title.text == "Clean water"
    assert scenario.metadata.title.texts == {"en": "Clean water"}
    assert scenario.drafts[0].operative[0].text.in_language("fr") == "Calls for wells."


def test_a_plain_string_is_in_the_language_metadata_names() -> None:
    text = plain_text().replace("  level: secondary\n", "  level: secondary\n  language: fr\n")
    scenario = parse_scenario(text)
    assert scenario.agenda[0].title.language == "fr"
    assert scenario.agenda[0].title.texts == {"fr": "Clean water"}


def test_a_mapping_gives_each_language_and_falls_back_to_the_scenarios_own() -> None:
    scenario = load_scenario(TRANSLATED)
    title = scenario.drafts[0].title
    assert title.in_language("fr") == "De l'eau pour tous"
    assert title.in_language("es") == "Water for all"
    assert title.in_language(None) == "Water for all"
    clause = scenario.drafts[0].operative[0]
    assert clause.text.in_language("fr") == "Demande des puits."
    assert scenario.briefs["FRA"].interests[0].in_language("fr") == "Des puits"
    assert scenario.briefs["GHA"].objectives[0].text.in_language("fr") == "Adopter le D1"
    assert scenario.events[0].actions[0].news.headline.in_language("fr") == "La sécheresse s'aggrave"  # type: ignore[union-attr]


def test_a_session_holds_the_scenarios_own_text_and_its_translations_beside_it() -> None:
    state = start_session(load_scenario(TRANSLATED))
    draft = state.drafts[0]
    assert draft.title == "Water for all"
    assert draft.i18n == {"fr": {"title": "De l'eau pour tous"}}
    assert [c.text for c in draft.clauses] == ["Recalling the right to water", "Calls for wells.", "Requests a report."]
    assert draft.clauses[1].i18n == {"fr": {"text": "Demande des puits."}}
    assert draft.clauses[2].variants[0].i18n == {}  # the variant is in English only
    assert state.setup.agenda[0].i18n == {"fr": {"title": "De l'eau potable"}}


def test_an_undeclared_language_code_is_an_error_at_its_key() -> None:
    text = TRANSLATED.read_text(encoding="utf-8").replace(
        "fr: Demande des puits.}", "fr: Demande des puits., fre: Demande des puits.}"
    )
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "f.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (28, 56)
    assert problem.message == "'fre' is not one of the scenario's languages (en, fr) (did you mean 'fr'?)"
    assert "`languages:`" in problem.hint


def test_a_mapping_without_the_scenarios_own_language_is_an_error() -> None:
    text = TRANSLATED.read_text(encoding="utf-8").replace(
        "title: {en: Drought, fr: Sécheresse}", "title: {fr: Sécheresse}"
    )
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "f.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.message) == (
        34, 12, "this text has no 'en', the scenario's own language"
    )


def test_languages_must_include_the_scenarios_own() -> None:
    text = TRANSLATED.read_text(encoding="utf-8").replace("languages: [en, fr]", "languages: [fr, es]")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "f.yaml")
    assert any("must include the scenario's own language 'en'" in p.message for p in caught.value.problems)


def test_a_missing_translation_is_a_warning_with_its_position_and_the_file_is_used() -> None:
    scenario, problems = scenario_problems(read_scenario_text(TRANSLATED), str(TRANSLATED))
    assert scenario is not None
    assert [(p.severity, p.line, p.column, p.message) for p in problems] == [
        ("warning", 19, 17, "agenda[0].background has no 'fr' (the scenario's languages are en, fr)"),
        ("warning", 31, 30, "drafts[0].operative[1].variants[0].text has no 'fr' (the scenario's languages are en, fr)"),
    ]
    assert str(problems[0]).startswith(f"{TRANSLATED}:19:17: warning: agenda[0].background has no 'fr'")
    assert "{en: ..., fr: ...}" in problems[0].hint
    load_scenario(TRANSLATED)  # warnings never refuse the file


def test_plenary_scenario_check_prints_warnings_and_passes() -> None:
    result = CliRunner().invoke(cli, ["scenario", "check", str(TRANSLATED)])
    assert result.exit_code == 0, result.output
    assert f"{TRANSLATED}:31:30: warning: drafts[0].operative[1].variants[0].text has no 'fr'" in result.output
    assert f"{TRANSLATED}: ok, 2 warning(s)" in result.output


def test_an_amendments_own_words_lose_the_translations_and_a_variant_brings_its_own() -> None:
    from game_rules.procedure.drafts import _reworded
    from game_rules.session.commands import ClauseInput

    state = start_session(load_scenario(TRANSLATED))
    clause = state.drafts[0].clauses[1]
    assert _reworded(clause, ClauseInput(text="Calls for deep wells."), None).i18n == {}
    assert _reworded(clause, None, None).i18n == clause.i18n


languages = st.sampled_from(["en", "fr", "es", "ar", "ru", "zh"])
words = st.text(st.characters(categories=["L"]), min_size=1, max_size=30)


@given(st.dictionaries(languages, words, min_size=1), languages)
def test_a_text_in_a_language_it_has_is_that_text_and_any_other_is_its_own(
    texts: dict[str, str], asked: str
) -> None:
    own = next(iter(texts))
    text = LocalizedShort.model_validate({"language": own, "texts": texts})
    assert text.in_language(asked) == texts.get(asked, texts[own])
    assert translations(title=text) == {code: {"title": t} for code, t in sorted(texts.items()) if code != own}


def test_the_debrief_gives_the_scenarios_texts_in_the_language_it_is_rendered_in() -> None:
    from game_rules.report.debrief import build_debrief

    scenario = load_scenario(TRANSLATED)
    start = start_session(scenario)
    french = build_debrief(scenario, start, [], language="fr")
    assert french.title == "De l'eau potable"
    assert [o.text for o in french.objectives] == ["Adopter le D1"]
    assert build_debrief(scenario, start, [], language="es").title == "Clean water"


def test_the_tutorial_ships_in_the_six_official_languages_with_no_text_missing() -> None:
    tutorial = HERE.parents[1] / "scenarios" / "tutorial.yaml"
    scenario, problems = scenario_problems(read_scenario_text(tutorial), str(tutorial))
    assert scenario is not None and problems == []
    assert set(scenario.metadata.all_languages()) == {"ar", "en", "es", "fr", "ru", "zh"}
    for seat, brief in scenario.briefs.items():
        assert brief.interests and brief.allies and brief.may_trade, seat
        assert seat not in brief.allies
    assert scenario.briefs["KEN"].position.in_language("fr").startswith("Le Kenya souffre")
    assert scenario.drafts[0].operative[1].text.in_language("ar").startswith("تنشئ صندوقاً")


def test_the_guides_several_languages_example_is_valid_and_warns_where_it_says() -> None:
    """docs/scenarios.md, "Several languages": its example laid over the walkthrough's scenario."""
    import re

    import yaml

    guide = (HERE.parents[1] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    walkthrough = guide.split("### 2. Describe the scenario")[1].split("### 10. Check it")[0]
    data = yaml.safe_load("".join(re.findall(r"```yaml\n(.*?)```", walkthrough, re.S)))
    section = guide.split("### Several languages")[1].split("\n## ")[0]
    example = yaml.safe_load(re.findall(r"```yaml\n(.*?)```", section, re.S)[0])
    data["metadata"].update(example["metadata"])
    data["drafts"] = example["drafts"]
    data["briefs"]["KEN"] = example["briefs"]["KEN"]
    scenario, problems = scenario_problems(yaml.safe_dump(data, allow_unicode=True))
    assert scenario is not None
    assert {p.severity for p in problems} == {"warning"}
    assert "drafts[0].operative[1].text has no 'es' (the scenario's languages are en, fr, es)" in [
        p.message for p in problems
    ]
    assert scenario.drafts[0].title.in_language("es") == "Pozos para cada aldea"
    assert scenario.briefs["KEN"].position.in_language("fr") == "Le Kenya a besoin de **puits**."


def test_the_debrief_names_the_delegations_in_its_language() -> None:
    from game_rules.report.debrief import build_debrief

    tutorial = load_scenario(HERE.parents[1] / "scenarios" / "tutorial.yaml")
    start = start_session(tutorial)
    assert build_debrief(tutorial, start, [], language="ar").name("BRA") == "البرازيل"
    assert build_debrief(tutorial, start, []).name("BRA") == "Brazil"


def test_the_debrief_asks_the_tutorials_prompts_in_its_language() -> None:
    from game_rules.report.debrief import build_debrief

    tutorial = load_scenario(HERE.parents[1] / "scenarios" / "tutorial.yaml")
    prompts = build_debrief(tutorial, start_session(tutorial), [], language="es").prompts
    assert prompts[0] == "¿Qué moción o control fue el más difícil de usar, y por qué?"
