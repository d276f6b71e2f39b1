"""The Security Council plays to a veto in Arabic, one delegate in French, and no screen shows a
word of English (issue 15: a browser test plays the Security Council scenario to a veto in
Arabic, with one delegate in French and the projector in Arabic, and finds no English string on
any screen and no horizontal overflow).

The chair opens the room on an Arabic device and makes Arabic the room's language; two delegates
join through the join page in the room's language, a third has chosen French on her phone; the
projector follows the room. The rest of the Council (nine affirmative votes are needed, Charter
Art. 27) is played over the protocol. The chair runs the floor to a vote on D1 and Russia, a
permanent member, votes no.

At each key moment every screen's visible text (``innerText``, the page title, and the
``placeholder``, ``aria-label`` and ``title`` of visible elements) is checked against the English
catalogue: no English-only piece of an ``en`` msgstr (the text between its placeholders, four
characters or more with a letter, and not also text of the screen's own catalogue, as "veto" or
"consensus" are French too) may appear. Arabic screens are held to more: no Latin word at all.

Not checked: the scenario's own text. The scenario gives its names, titles, drafts and news only
in English, and translating scenario content is other work (the scenario's YAML is read and every
string in it is removed from the screen text before the check); nor the names the delegates typed,
the room code, addresses (the join link), the brand "Plenary", the languages' own names in the
picker, the names of file formats (PDF, JSON, Markdown) and of the Model UN conferences a rule's
citation names (NMUN, THIMUN).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po
from e2e_steps import ProtocolSeat
from playwright.sync_api import expect
from screens import PHONE, SIZES, nothing_overflows, save_screenshot

from app.i18n.catalogues import LOCALE_DIR, NATIVE_NAMES

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_ID = "security-council-protection"
SCENARIO_FILE = ROOT / "scenarios" / f"{SCENARIO_ID}.yaml"
COUNCIL = ["CHN", "FRA", "RUS", "GBR", "USA", "DZA", "ECU", "GUY", "JPN", "MLT", "MOZ", "KOR",
           "SLE", "SVN", "CHE"]
# actor: (the name the delegate types, the device's own language or None to follow the room)
BROWSER_SEATS = {"RUS": ("Yusuf", None), "USA": ("Amal", None), "CHE": ("Léa", "fr")}
DEVICES = {"RUS": PHONE, "USA": {"viewport": SIZES["laptop"]}, "CHE": PHONE}
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")
LATIN_WORD = re.compile(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z'’-]{2,}(?![0-9A-Za-z])")
# Proper names the same in every language's text: file formats, a paper size, and the Model UN
# conferences whose rules of procedure a citation names.
PROPER_NAMES = ("PDF", "JSON", "Markdown", "CSV", "YAML", "Letter", "A4", "NMUN", "THIMUN")
URL = re.compile(r"https?://\S+")
MIN_FRAGMENT = 4

VISIBLE_TEXT = """() => {
  const shown = (node) => node.getClientRects().length > 0
    && getComputedStyle(node).visibility !== "hidden";
  const texts = [document.title, document.body.innerText];
  for (const node of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    if (!shown(node)) continue;
    for (const name of ["placeholder", "aria-label", "title"]) {
      const value = node.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts.join("\\n");
}"""


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub("[\u2066-\u2069\u200e\u200f]", "", text)  # bidi isolates and marks
    return re.sub(r"[ \t\r\f\v]+", " ", text)


def _fragments(text: str) -> Iterable[str]:
    """The literal pieces of a catalogue string, between its placeholders."""
    for piece in PLACEHOLDER.split(text):
        piece = _normal(piece).strip(" \n.,;:!?()[]«»\"'“”‘’—–-·/|…")
        if len(piece) >= MIN_FRAGMENT and re.search(r"[A-Za-z]", piece):
            yield piece


def _catalogue_strings(lang: str) -> list[str]:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as src:
        catalogue = read_po(src, locale=lang)
    found: list[str] = []
    for message in catalogue:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found.extend(s for s in strings if s)
    return found


# A Latin word's edges: Arabic letters may touch it (inline elements without a space).
LATIN = r"0-9A-Za-z\u00c0-\u024f"


def _bounded(piece: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![{LATIN}]){re.escape(piece)}(?![{LATIN}])", re.IGNORECASE)


class EnglishCheck:
    """The English-only pieces of the English catalogue, for a screen in ``lang``."""

    def __init__(self) -> None:
        self.english = sorted({f for s in _catalogue_strings("en") for f in _fragments(s)})
        self._own: dict[str, str] = {}
        self._only: dict[str, list[str]] = {}
        self.scenario = _scenario_strip(SCENARIO_FILE)

    def english_only(self, lang: str) -> list[str]:
        if lang not in self._only:
            own = "\n".join(_normal(s) for s in _catalogue_strings(lang)).lower()
            self._only[lang] = [
                piece for piece in self.english
                if piece.lower() not in own or not _bounded(piece).search(own)
            ]
        return self._only[lang]

    def leaks(self, text: str, lang: str, names: Iterable[str]) -> list[str]:
        """Each English piece found, with the line it is in."""
        text = self.strip(text, names)
        lowered = text.lower()
        found: list[str] = []
        for piece in self.english_only(lang):
            if piece.lower() in lowered:
                hit = _bounded(piece).search(text)
                if hit:
                    found.append(f"{piece!r} in {_line_of(text, hit.start())!r}")
        if lang == "ar":
            for hit in LATIN_WORD.finditer(text):
                found.append(f"Latin {hit.group()!r} in {_line_of(text, hit.start())!r}")
        return found

    def strip(self, text: str, names: Iterable[str]) -> str:
        """The screen's text without the scenario's strings and the proper names."""
        proper = [*names, "Plenary", *NATIVE_NAMES.values(), *PROPER_NAMES]
        lines = []
        for line in URL.sub(" ", _normal(text)).split("\n"):
            for name in proper:
                line = _bounded(name).sub(" ", line)
            lines.append(self.scenario.sub(" ", line))
        return "\n".join(lines)


def _line_of(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:end if end >= 0 else None].strip()[:160]


def _scenario_strip(path: Path) -> re.Pattern[str]:
    """Every string of the scenario file (its segments between line breaks and Markdown marks),
    longest first, as one pattern; one-word lower-case values (``yes``, ``operative``) are the
    file's enumerations, not text a screen shows as written."""
    texts: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            texts.add(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(str(key))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    segments: set[str] = set()
    for text in texts:
        if re.fullmatch(r"[a-z_]+", text):
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links: their words
        for segment in re.split(r"[\n*_`|#]|^\s*[-+]\s|^\s*\d+\.\s", text, flags=re.M):
            segment = _normal(segment).strip()
            if len(segment) >= 2:
                segments.add(segment)
    alternatives = "|".join(
        # A Latin edge must be a word's edge; a segment may start with punctuation (", where").
        (rf"(?<![{LATIN}])" if re.match(rf"[{LATIN}]", s) else "") + re.escape(s)
        + (rf"(?![{LATIN}])" if re.search(rf"[{LATIN}]$", s) else "")
        for s in sorted(segments, key=len, reverse=True)
    )
    return re.compile(alternatives, re.IGNORECASE)


class Screens:
    """The open screens, each with its language, checked together at each key moment."""

    def __init__(self, check: EnglishCheck, names: list[str]) -> None:
        self.check = check
        self.names = names
        self.pages: dict[str, tuple[Any, str]] = {}

    def add(self, name: str, page: Any, lang: str) -> None:
        self.pages[name] = (page, lang)

    def assert_no_english(self, moment: str, only: Iterable[str] | None = None) -> None:
        problems: dict[str, list[str]] = {}
        for name, (page, lang) in self.pages.items():
            if only is not None and name not in only:
                continue
            expect(page.locator("html")).to_have_attribute("lang", lang)
            text = page.evaluate(VISIBLE_TEXT)
            leaks = self.check.leaks(text, lang, self.names)
            if leaks:
                problems[name] = sorted(set(leaks))
        assert not problems, f"English on screen ({moment}): {problems}"

    def assert_no_overflow(self, moment: str) -> None:
        """No screen scrolls sideways at a phone's size or at the projector's."""
        spilled: list[str] = []
        for name, (page, _) in self.pages.items():
            own = page.viewport_size
            for size in ("phone", "projector"):
                page.set_viewport_size(SIZES[size])
                page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
                scroll, width = page.evaluate(
                    "() => [document.scrollingElement.scrollWidth, innerWidth]"
                )
                if scroll > width:
                    spilled.append(f"{name} at {size}: {scroll} px in {width} px")
            page.set_viewport_size(own)
        assert not spilled, f"sideways scroll ({moment}): {spilled}"


def test_the_check_finds_english_between_placeholders_and_spares_the_scenario() -> None:
    """The check itself: a template's English around a scenario name is found; the scenario's
    names, a typed name and the Arabic catalogue's own text are not."""
    check = EnglishCheck()
    arabic = "الكلمة الآن لـRussian Federation. Amal: حاضر"
    assert check.leaks(arabic, "ar", ["Amal"]) == []
    leaked = check.leaks("Russian Federation has the floor.", "ar", [])
    assert any("has the floor" in leak for leak in leaked), leaked
    assert check.leaks("Voting is open: Draft resolution D1", "fr", [])
    assert check.leaks("Vote par appel nominal : la Russian Federation a voté.", "fr", []) == []


def _choose_language(page: Any, lang: str) -> None:
    """The device's own choice, in the topbar picker (the page reloads in it)."""
    with page.expect_navigation():
        page.locator("#language-picker").select_option(lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)


def _vote(page: Any, choice: str) -> None:
    page.locator("#vote-card").wait_for(state="visible")
    page.locator(f"#vote .vote-choices button[data-choice='{choice}']").click()
    expect(page.locator("#my-vote")).to_be_visible()


def test_the_council_vetoes_a_draft_in_arabic_and_no_screen_shows_english(
    open_page: Any, base_url: str
) -> None:
    check = EnglishCheck()
    screens = Screens(check, [person for person, _ in BROWSER_SEATS.values()])

    # The chair's device speaks Arabic; the room is opened on /new, then given Arabic.
    chair = open_page("/", viewport=SIZES["chromebook"])
    _choose_language(chair, "ar")
    screens.add("landing", chair, "ar")
    screens.assert_no_english("the landing page")
    chair.goto("/new")
    chair.locator(f"input[name='scenario_id'][value='{SCENARIO_ID}']").check()
    chair.locator("#create-room").click()
    chair.locator("#room-created").wait_for()
    code = chair.locator("#created-code").inner_text().strip()
    chair_link = chair.locator("#created-chair").get_attribute("href")
    assert code and chair_link and "#key=" in chair_link
    screens.names.append(code)
    chair.goto(chair_link)
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    chair.locator("#room-language").select_option("ar")
    expect(chair.locator("#room-language")).to_have_value("ar")
    screens.pages.pop("landing")
    screens.add("chair", chair, "ar")

    projector = open_page(f"/projector/{code}", viewport=SIZES["projector"])
    screens.add("projector", projector, "ar")

    delegates: dict[str, Any] = {}
    for actor, (person, own_language) in BROWSER_SEATS.items():
        page = open_page("/", **DEVICES[actor])
        if own_language:
            _choose_language(page, own_language)
        page.goto(f"/join/{code}")
        lang = own_language or "ar"
        page.locator(f".seat[data-actor='{actor}']").wait_for()
        screens.add(f"join {actor}", page, lang)
        screens.assert_no_english("the join page", only=[f"join {actor}"])
        screens.pages.pop(f"join {actor}")
        page.locator("#display-name").fill(person)
        page.locator(f".seat[data-actor='{actor}']").click()
        page.wait_for_url(f"**/room/{code}")
        expect(page.locator("#connection")).to_have_attribute("data-state", "open")
        delegates[actor] = page
        screens.add(f"delegate {actor}", page, lang)
    rus, usa, che = delegates["RUS"], delegates["USA"], delegates["CHE"]
    bots = {
        a: ProtocolSeat(base_url, code, a, name=f"bot {a}")
        for a in COUNCIL if a not in BROWSER_SEATS
    }
    screens.names += [f"bot {a}" for a in bots]  # the names the other seats "typed"
    expect(projector.locator("#lobby-seats-heading")).to_contain_text("15")
    screens.assert_no_english("the lobby")
    screens.assert_no_overflow("the lobby")

    # The roll, then a speech: Switzerland (in French) has the floor.
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_contain_text("19/19")
    che.locator("#add-me").click()
    expect(chair.locator("#speakers-list li")).to_have_count(1)
    chair.keyboard.press("n")
    expect(che.locator("#my-speech")).to_be_visible()
    expect(projector.locator("#proj-speaker")).to_contain_text("Switzerland")
    screens.assert_no_english("a speech")
    chair.locator("#call-time").click()

    # Closure of debate, moved by the United States and carried; then the vote on D1.
    usa.locator("#motion-close_debate summary").click()
    expect(usa.locator("#motion-close_debate-submit")).to_be_visible()
    screens.assert_no_english("a motion's form, its majority and its rule", only=["delegate USA"])
    usa.locator("#motion-close_debate-submit").click()
    motion = chair.locator("#motion-queue li[data-kind='close_debate']")
    motion.locator("button[data-act='entertain']").click()
    screens.assert_no_english("a motion entertained")
    motion.locator("button[data-act='open-vote']").click()
    for page in delegates.values():
        _vote(page, "yes")
    for bot in bots.values():
        bot.send("cast_vote", choice="yes")
    expect(projector.locator("#proj-voted-count")).to_contain_text("15")
    screens.assert_no_english("a procedural vote")
    chair.locator("#close-vote").click()
    expect(chair.locator("#voting-order")).to_contain_text("D1")
    screens.assert_no_english("the voting order")

    chair.locator("#open-vote").click()
    _vote(che, "yes")
    _vote(usa, "yes")
    for actor in ("CHN", "FRA", "GBR", "JPN", "SLE"):
        bots[actor].send("cast_vote", choice="yes")
    expect(rus.locator("#veto-warning")).to_be_visible()
    screens.assert_no_english("the vote on D1, the veto warning")
    rus.locator("#vote button[data-choice='no']").click()
    expect(rus.locator("#veto-confirm")).to_be_visible()
    screens.assert_no_english("the veto confirmation", only=["delegate RUS"])
    save_screenshot(rus, "ar-phone-veto-confirm")
    rus.locator("#veto-confirm-button").click()
    for page, banner in ((chair, "#veto-now"), (projector, "#proj-veto-now"),
                         (rus, "#veto-now"), (che, "#veto-now"), (usa, "#veto-now")):
        expect(page.locator(banner)).to_be_visible()
    screens.assert_no_english("a veto on the table")
    screens.assert_no_overflow("a veto on the table")
    for phone in (rus, che):  # the tab's "Vote" badge holds its word, in either language
        expect(phone.locator("#tab-vote")).to_be_visible()
        nothing_overflows(phone, "#room-tabs button, #room-tabs .count")
    save_screenshot(projector, "ar-projector-veto")
    save_screenshot(chair, "ar-chromebook-chair-veto")
    save_screenshot(che, "fr-phone-veto")

    for actor, bot in bots.items():
        if actor not in ("CHN", "FRA", "GBR", "JPN", "SLE"):
            bot.send("cast_vote", choice="yes")
    expect(projector.locator("#proj-voted-count")).to_contain_text("15")
    chair.keyboard.press("c")
    for page in (chair, projector, *delegates.values()):
        expect(page.locator(".result-banner[data-veto='true']")).to_be_visible()
    screens.assert_no_english("the veto's result")
    screens.assert_no_overflow("the veto's result")
    save_screenshot(projector, "ar-projector-result")
    projector.set_viewport_size(SIZES["chromebook"])
    save_screenshot(projector, "ar-projector-1366-result")
    projector.set_viewport_size(SIZES["projector"])
    save_screenshot(chair, "ar-chromebook-chair-result")
    save_screenshot(rus, "ar-phone-result")
    save_screenshot(che, "fr-phone-result")
    for page in (chair, projector, *delegates.values()):
        assert page.evaluate("window.__xss") is None
        assert not page.console_errors, page.console_errors
