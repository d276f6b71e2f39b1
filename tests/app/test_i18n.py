"""The six UN languages: one gettext catalogue (Babel), its extraction, rendering and choice.

Issue 15: "pybabel round-trips the catalogues in the test command (extract finds no string
missing from a catalogue)".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from app.i18n import LANGUAGES, catalogue_json, pick_language, render
from app.i18n.catalogues import LOCALE_DIR, catalog, plural_categories
from app.i18n.extract import build_template, client_strings
from app.i18n.web import COOKIE
from app.main import create_app
from app.settings import Settings
from game_rules.engine.apply import replay
from game_rules.engine.narration import narrate
from game_rules.messages import Message, say
from game_rules.report.simulate import simulate
from game_rules.scenario.loading import load_scenario
from game_rules.session.state import CHAIR

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _ids(entries: object) -> set[tuple[str | None, str]]:
    out: set[tuple[str | None, str]] = set()
    for entry in entries:  # type: ignore[attr-defined]
        if entry.id:
            first = entry.id[0] if isinstance(entry.id, tuple) else entry.id
            out.add((entry.context, first))
    return out


def test_the_committed_template_and_every_catalogue_hold_every_extracted_string() -> None:
    """Extraction finds no string missing from messages.pot or from any language's .po (run
    ``python -m app.i18n.extract`` after adding a message)."""
    extracted = _ids(build_template())
    with open(LOCALE_DIR / "messages.pot", "rb") as src:
        committed = _ids(read_po(src))
    assert extracted - committed == set(), "messages.pot is stale: run python -m app.i18n.extract"
    for lang in LANGUAGES:
        missing = extracted - _ids(catalog(lang))
        assert missing == set(), (lang, sorted(missing)[:5])


def _templates(message: Message) -> set[str]:
    found = {message.text}
    for value in message.params.values():
        if isinstance(value, Message):
            found |= _templates(value)
    return found


def test_every_message_the_bundled_sessions_say_is_in_the_catalogue() -> None:
    """The AST extractor follows templates through tables and variables; this proves it misses
    none that a real session says (names of delegations and titles are the scenario's, not the
    catalogue's)."""
    known = {m.id for m in build_template() if m.id and not m.context}
    missing: set[str] = set()
    said = 0
    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(path)
        result = simulate(scenario, seed=3)
        state = result.start
        proper = {actor.name.text for actor in scenario.actors}
        proper |= set(state.world.rules.place_names.values())
        proper |= {d.title for d in result.state.drafts}
        for event in result.events:
            state = replay(state, [event])
            message = narrate(event, state, CHAIR)
            if message is None:
                continue
            said += 1
            missing |= {t for t in _templates(message) if t not in proper} - known
    assert said > 100
    assert missing == set(), sorted(missing)[:10]


def test_client_keys_are_context_and_plural_keys_one_entry_with_a_plural() -> None:
    template = build_template()
    strings = client_strings()
    entry = template.get(strings["nav.skip"], context="nav.skip")
    assert entry is not None
    plural = template.get(strings["conn.caughtup.one"], context="conn.caughtup")
    assert plural is not None and plural.id == (
        strings["conn.caughtup.one"], strings["conn.caughtup.other"]
    )


def test_arabic_has_six_plural_forms_and_russian_three_by_cldr() -> None:
    """CLDR plural rules: Arabic zero/one/two/few/many/other, Russian one/few/many."""
    assert plural_categories("ar") == ["zero", "one", "two", "few", "many", "other"]
    assert plural_categories("ru") == ["one", "few", "many"]
    assert plural_categories("zh") == ["other"]
    assert catalogue_json("ar")["plural"]["forms"] == 6


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"query": "fr", "cookie": "es", "room": "ar"}, "fr"),
        ({"cookie": "es", "room": "ar"}, "es"),
        ({"room": "ar", "accept_language": "ru"}, "ar"),
        ({"accept_language": "de;q=1, zh-CN;q=0.8, en;q=0.5"}, "zh"),
        ({"query": "klingon", "accept_language": "xx"}, "en"),
    ],
)
def test_the_language_is_the_device_choice_then_the_room_then_the_browser(
    kwargs: dict[str, str], expected: str
) -> None:
    assert pick_language(**kwargs) == expected


def test_an_untranslated_message_stays_english_and_nested_messages_are_rendered() -> None:
    message = say("{a} and {b}", a=say("nobody-such-template"), b=3)
    for lang in LANGUAGES:
        rendered = render(message, lang)
        assert "nobody-such-template" in rendered and "3" in rendered


def _client(tmp_path: Path) -> TestClient:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'plenary.db'}")
    return TestClient(create_app(settings))


def test_the_browser_gets_a_language_catalogue_as_json_with_its_plural_categories(
    tmp_path: Path,
) -> None:
    with _client(tmp_path) as client:
        body = client.get("/api/i18n/ar.json").json()
        assert body["dir"] == "rtl" and body["lang"] == "ar"
        assert body["plural"]["categories"] == ["zero", "one", "two", "few", "many", "other"]
        assert set(body) >= {"keys", "messages"}
        assert client.get("/api/i18n/de.json").status_code == 404
        assert client.get("/api/i18n/FR.json").status_code == 404
        codes = [lang["code"] for lang in client.get("/api/i18n").json()["languages"]]
        assert sorted(codes) == sorted(LANGUAGES)


def test_an_arabic_page_is_right_to_left_and_the_projector_ignores_the_device_cookie(
    tmp_path: Path,
) -> None:
    with _client(tmp_path) as client:
        page = client.get("/", headers={"Accept-Language": "ar-EG,ar;q=0.9"}).text
        assert '<html lang="ar" dir="rtl">' in page
        client.cookies.set(COOKIE, "fr")
        assert '<html lang="fr" dir="ltr">' in client.get("/").text
        assert '<html lang="en" dir="ltr">' in client.get("/projector/ABC234").text
        assert '<html lang="ru" dir="ltr">' in client.get("/projector/ABC234?lang=ru").text


def test_a_number_in_a_sentence_takes_the_language_decimal_sign_and_no_grouping() -> None:
    """French writes 45,5; English and Arabic (Western digits, as UN Arabic documents) 45.5;
    a year keeps its four digits together in every language."""
    share = say("{percent}%", percent=45.5)
    assert render(share, "fr") == "45,5 %"
    assert render(share, "en") == "45.5%"
    assert render(share, "ar").startswith("45.5")
    year = say("minute {minute} of the session", minute=1945)
    assert "1945" in render(year, "fr") and "1945" in render(year, "ru")


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/", "ar", "<title>Plenary — الانضمام إلى قاعة</title>"),
        ("/new", "fr", "<title>Plenary — ouvrir une nouvelle salle</title>"),
        ("/projector/ABC234", "zh", "<title>Plenary — 投影屏幕</title>"),
        ("/room/ABC234", "ru", "<title>Plenary — делегация</title>"),
    ],
)
def test_the_server_renders_each_page_title_in_the_page_language(
    tmp_path: Path, path: str, lang: str, title: str
) -> None:
    """The tab's title before the page's script retitles it (and without script)."""
    with _client(tmp_path) as client:
        assert title in client.get(f"{path}?lang={lang}").text


def test_the_chair_sets_the_room_language_and_the_projector_and_new_devices_follow_it(
    tmp_path: Path,
) -> None:
    with _client(tmp_path) as client:
        room = client.post("/api/rooms", json={"scenario_id": "tutorial"}).json()
        code, chair = room["code"], {"Authorization": f"Bearer {room['chair_key']}"}
        assert client.get(f"/api/rooms/{code}").json()["language"] == "en"
        refused = client.post(f"/api/rooms/{code}/language", json={"language": "ar"})
        assert refused.status_code in (401, 403)
        bad = client.post(f"/api/rooms/{code}/language", json={"language": "de"}, headers=chair)
        assert bad.status_code == 422
        done = client.post(f"/api/rooms/{code}/language", json={"language": "ar"}, headers=chair)
        assert done.json()["language"] == "ar"
        assert '<html lang="ar" dir="rtl">' in client.get(f"/projector/{code}").text
        assert '<html lang="ar" dir="rtl">' in client.get(f"/room/{code}").text
        # A student's own choice on their device (the picker's cookie) wins on their screens;
        # the projector still follows the room.
        client.cookies.set(COOKIE, "fr")
        assert '<html lang="fr" dir="ltr">' in client.get(f"/room/{code}").text
        assert '<html lang="ar" dir="rtl">' in client.get(f"/projector/{code}").text


# The languages whose catalogue is complete (every msgid translated). The others are partial
# (docs/translating.md gives the coverage; `scripts/i18n-extract` prints it): untranslated
# strings fall back to English. A language is added here when its catalogue is finished.
COMPLETE_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


def _translated(lang: str) -> list[tuple[str, list[str]]]:
    """(msgid or plural forms' msgid, translations) for every translated entry of ``lang``."""
    out: list[tuple[str, list[str]]] = []
    for entry in catalog(lang):
        if not entry.id or not entry.string:
            continue
        strings = list(entry.string) if isinstance(entry.string, tuple) else [entry.string]
        if not any(strings):
            continue
        source = entry.id[-1] if isinstance(entry.id, tuple) else entry.id
        out.append((str(source), [str(s) for s in strings]))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_english(lang: str) -> None:
    """{name} in the msgid means {name} in the msgstr, no more and no fewer: a lost placeholder
    drops a delegation's name from a sentence, an extra one prints braces."""
    wrong = [
        (source, text)
        for source, texts in _translated(lang)
        for text in texts
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source))
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_a_complete_catalogue_translates_every_msgid(lang: str) -> None:
    missing = [m.id for m in catalog(lang) if m.id and not m.string]
    assert missing == []


# The UN's official procedural vocabulary in each language (UNTERM; the General Assembly's rules
# of procedure, A/520/Rev.20, in its six language versions).
UN_TERMS = {
    ("", "A draft resolution needs at least one operative clause."): {
        "fr": "projet de résolution", "es": "proyecto de resolución", "ar": "مشروع القرار",
        "ru": "Проект резолюции", "zh": "决议草案",
    },
    ("", "point of order"): {
        "fr": "motion d'ordre", "es": "cuestión de orden", "ar": "نقطة نظام",
        "ru": "по порядку ведения заседания", "zh": "程序问题",
    },
    ("vote.method.roll_call", "roll call"): {
        "fr": "vote par appel nominal", "es": "votación nominal", "ar": "تصويت بنداء الأسماء",
        "ru": "поименное голосование", "zh": "唱名表决",
    },
    ("", "abstain"): {
        "fr": "abstention", "es": "abstención", "ar": "امتناع عن التصويت", "ru": "воздерж",
        "zh": "弃权",
    },
    ("vote.veto.chip", "VETO"): {
        "fr": "VETO", "es": "VETO", "ar": "نقض", "ru": "ВЕТО", "zh": "否决",
    },
    ("", "consensus"): {
        "fr": "consensus", "es": "consenso", "ar": "توافق الآراء", "ru": "консенсус",
        "zh": "协商一致",
    },
}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_each_catalogue_uses_the_un_official_procedural_terms(lang: str) -> None:
    for (context, msgid), terms in UN_TERMS.items():
        entry = catalog(lang).get(msgid, context=context or None)
        assert entry is not None and entry.string, (lang, msgid)
        assert terms[lang] in entry.string, (lang, msgid, entry.string)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_security_council_veto_is_told_in_each_language(lang: str) -> None:
    """The narration of a vetoed draft renders whole through the catalogue: no English left but
    the names, which are the scenario's."""
    vetoed = say(
        "{title}: not adopted, vetoed by {vetoers} ({counts}).",
        title="S/2026/1",
        vetoers=say("{first} and {last}", first="A", last="B"),
        counts=say("{yes} yes, {no} no, {abstain} abstain", yes=13, no=2, abstain=0),
    )
    text = render(vetoed, lang)
    assert "vetoed" not in text and " yes" not in text and " and " not in text
    assert "S/2026/1" in text and "13" in text


def _council_session() -> tuple[object, object]:
    scenario = load_scenario(SCENARIOS / "security-council-protection.yaml")
    return scenario, simulate(scenario, seed=3)


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("fr", ["## Délégations", "## Compte rendu", "## Votes"]),
        ("ar", ["## الوفود", "## المحضر", "## عمليات التصويت"]),
        ("zh", ["## 代表团", "## 会议记录", "## 表决"]),
        ("en", ["## Delegations", "## Transcript", "## Votes"]),
    ],
)
def test_the_transcript_renders_in_a_language(lang: str, headings: list[str]) -> None:
    from app.models import Room
    from app.rooms.export import export_markdown
    from app.rooms.fanout import CommittedEvent

    _scenario, result = _council_session()
    state = result.start  # type: ignore[attr-defined]
    events = []
    for seq, event in enumerate(result.events, start=1):  # type: ignore[attr-defined]
        state = replay(state, [event])
        events.append(CommittedEvent(seq, event, state))
    room = Room(
        id="r1", code="ABC234", title="Class 9B", scenario_id="sc", scenario_source="",
        chair_key_hash="x", created_at=state.started_at,
    )
    text = export_markdown(room, [], events, state, include_notes=False, lang=lang)
    for heading in headings:
        assert heading in text
    assert "{" not in text.replace("{}", "")
    english = export_markdown(room, [], events, state, include_notes=False)
    if lang != "en":
        assert text != english and "## Delegations" not in text


@pytest.mark.parametrize(("lang", "title"), [("ar", "مؤشرات الأمن البشري"), ("ru", "Голосования")])
def test_the_debrief_renders_in_a_language(lang: str, title: str) -> None:
    from app.debrief.render import render_debrief
    from game_rules.report.debrief import build_debrief

    scenario, result = _council_session()
    debrief = build_debrief(
        scenario, result.start, result.events, state=result.state  # type: ignore[attr-defined]
    )
    page = render_debrief(debrief, lang=lang)
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
    assert title in page and "Human security indicators" not in page
    assert "Human security indicators" in render_debrief(debrief)


def test_the_debrief_says_why_each_indicator_moved_in_its_language() -> None:
    """The cause of each change (a clause adopted, an event) is an engine message, so the debrief
    says it in its own language, as the room's log does."""
    from app.debrief.render import render_debrief
    from game_rules.report.debrief import build_debrief

    scenario, result = _council_session()
    debrief = build_debrief(
        scenario, result.start, result.events, state=result.state  # type: ignore[attr-defined]
    )
    english, french = render_debrief(debrief), render_debrief(debrief, lang="fr")
    # The event's title is the scenario's own text (the Council's is given in English only).
    assert ": event: Mass flight from the valley</li>" in english and "Rule:" in english
    assert ": événement : Mass flight from the valley</li>" in french and "Règle :" in french
    assert ": event: " not in french and "Rule:" not in french
