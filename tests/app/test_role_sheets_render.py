"""The role sheets' HTML (issue 13, item 5): a brief's Markdown becomes text and emphasis,
never markup of its own; each seat of the room's variant gets a sheet, and the chair's script
lists the variant's events at their minutes."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from app.safe_markdown import markdown
from app.sheets.render import render_role_sheets
from game_rules.scenario.setup import load_scenario
from game_rules.scenario.variants import scenario_variant

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_brief_markdown_never_becomes_markup() -> None:
    html = str(markdown('**Firm** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x>'))
    assert "<strong>Firm</strong>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert "<img" not in html


def test_each_seat_of_the_variant_gets_a_sheet_and_the_script_follows_the_variant() -> None:
    scenario = load_scenario(SCENARIOS / "security-council-protection.yaml")
    cut = scenario_variant(scenario, "lesson-45")
    html = render_role_sheets(
        cut, cut.forum(), scenario.variant("lesson-45"), code="ABC234",
        join_url="http://10.0.0.5:8000/join/ABC234", paper="letter",
    )
    # 15 members, Karevia, MSF and the press desk (the 45-minute cut leaves out NRC).
    assert html.count('class="sheet seat-sheet"') == 18
    assert 'data-actor="NRC"' not in html and 'data-actor="KRV"' in html
    assert "size: letter" in html
    assert "Minute 20" in html and "Minute 40" not in html
    assert html.count("data:image/svg+xml;base64,") == 18


def test_a_seat_sheet_shows_its_brief_interests_allies_by_name_and_what_it_may_trade() -> None:
    scenario = load_scenario(SCENARIOS / "habitat-urban-agenda.yaml")
    html = render_role_sheets(
        scenario, scenario.forum(), None, code="ABC234", join_url="http://h/join/ABC234"
    )
    kenya = html.split('data-actor="KEN"', 1)[1].split("</section>", 1)[0]
    brief = scenario.briefs["KEN"]
    for line in [*brief.interests, *brief.may_trade]:
        assert f"<li>{escape(line.text)}</li>" in kenya, line.text
    # Its allies by name (Ecuador, India, Indonesia), then its group; no id shows.
    assert "You usually work with: Ecuador, India, Indonesia" in kenya
    assert "Group of 77 and China:" in kenya
    assert "What you want" in kenya and "What you may trade" in kenya


def test_a_role_sheet_rendered_in_spanish_shows_the_spanish_brief() -> None:
    """The sheets speak the language they are rendered in, the scenario's texts included;
    a text the scenario does not give in Spanish stays in its own language."""
    from game_rules.scenario.setup import parse_scenario

    fixture = Path(__file__).resolve().parents[1] / "game_rules" / "translated_scenarios"
    text = (fixture / "missing_translations.yaml").read_text(encoding="utf-8")
    text = text.replace("languages: [en, fr]", "languages: [en, fr, es]").replace(
        "fr: Le Ghana a besoin de puits.}",
        "fr: Le Ghana a besoin de puits., es: '**Ghana** necesita pozos.'}",
    ).replace("fr: Adopter le D1}", "fr: Adopter le D1, es: Aprobar el D1}").replace(
        "title: {en: Clean water, fr: De l'eau potable}",
        "title: {en: Clean water, fr: De l'eau potable, es: Agua potable}",
    )
    scenario = parse_scenario(text)
    html = render_role_sheets(
        scenario, scenario.forum(), None, code="ABC234",
        join_url="http://10.0.0.5:8000/join/ABC234", lang="es",
    )
    ghana = html.split('data-actor="GHA"', 1)[1]
    assert "<strong>Ghana</strong> necesita pozos." in ghana
    assert "Aprobar el D1" in ghana and "Adopt D1" not in ghana
    assert "Agua potable" in html  # the scenario's title
    assert 'lang="es"' in html
    france = html.split('data-actor="FRA"', 1)[1].split('data-actor="GHA"', 1)[0]
    assert "France supports wells." in france  # no Spanish given: the scenario's own words
