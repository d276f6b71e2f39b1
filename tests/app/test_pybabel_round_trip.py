"""The stock Babel tools round-trip the catalogues (issue 15: "pybabel round-trips the catalogues
in the test command: extract finds no string missing from a catalogue").

The real ``pybabel`` command line, as a translator would run it: ``extract`` with ``babel.cfg``
(Plenary's extractors are entry points), ``update`` of copies of the six catalogues, and
``compile`` with statistics. Nothing under ``app/i18n/locale`` is written.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from app.i18n.catalogues import LANGUAGES, LOCALE_DIR
from app.i18n.extract import ROOT

PYBABEL = Path(sys.executable).with_name("pybabel")
STATISTICS = re.compile(r"(\d+) of (\d+) messages \((\d+)%\) translated in (\S+)")
Key = tuple[str | None, str | tuple[str, ...]]


def _pybabel(*args: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [str(PYBABEL), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=240
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def _read(path: Path) -> Catalog:
    with open(path, "rb") as src:
        return read_po(src)


def _key(message: Message) -> Key:
    return (message.context, tuple(message.id) if isinstance(message.id, tuple) else message.id)


def _keys(catalog: Catalog) -> set[Key]:
    return {_key(m) for m in catalog if m.id}


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s.strip() for s in strings)


@pytest.fixture(scope="module")
def pot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pybabel extract -F babel.cfg -o <tmp>/messages.pot .`` from the repository's top."""
    path = tmp_path_factory.mktemp("extract") / "messages.pot"
    _pybabel("extract", "-F", "babel.cfg", "-o", path, ".")
    return path


@pytest.fixture(scope="module")
def extracted(pot: Path) -> Catalog:
    return _read(pot)


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory, pot: Path) -> Path:
    """Copies of the six catalogues after ``pybabel update`` (fuzzy matching left on, so a new
    msgid close to an old one would show up as fuzzy)."""
    locale = tmp_path_factory.mktemp("update") / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    _pybabel("update", "-i", pot, "-d", locale)
    return locale


def test_pybabel_extract_finds_the_messages_and_contexts_of_messages_pot(
    extracted: Catalog,
) -> None:
    committed = _keys(_read(LOCALE_DIR / "messages.pot"))
    found = _keys(extracted)
    assert len(found) > 1000  # the engine, the browser keys and the pages, not one of them
    assert {"nav.skip", "floor.addme"} <= {context for context, _ in found}
    assert found - committed == set(), "messages.pot is stale: run scripts/i18n-extract"
    assert committed - found == set(), "messages.pot holds what pybabel no longer finds"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_pybabel_extracts_is_translated_in_the_catalogue(
    extracted: Catalog, lang: str
) -> None:
    catalogue = {_key(m): m for m in _read(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po")}
    missing = [key for key in _keys(extracted) if key not in catalogue]
    untranslated = [key for key in _keys(extracted) if key in catalogue and not
                    _translated(catalogue[key])]
    assert missing == [], missing[:5]
    assert untranslated == [], untranslated[:5]


def test_no_msgid_reads_to_babel_as_percent_format(extracted: Catalog) -> None:
    """Only the pages' Jinja2 strings use ``%(name)s``; an engine template Babel takes for
    %-format (``{percent}% of`` is ``% o``) would make ``pybabel compile`` reject translations."""
    percent = [m.id for m in extracted if m.id and "python-format" in m.flags]
    assert percent, "the pages' %(name)s strings are flagged"
    assert [m for m in percent if "{" in str(m)] == []
    assert all("web/templates/" in path for m in extracted if "python-format" in m.flags
               for path, _ in m.locations)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pybabel_update_adds_nothing_new_and_marks_nothing_fuzzy(
    updated: Path, lang: str
) -> None:
    before = _read(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po")
    after = _read(updated / lang / "LC_MESSAGES" / "messages.po")
    assert _keys(after) == _keys(before)
    assert [m.id for m in after if m.id and m.fuzzy] == []
    assert [m.id for m in after if m.id and not _translated(m)] == []
    assert list(after.obsolete) == []
    assert {_key(m): m.string for m in after if m.id} == {
        _key(m): m.string for m in before if m.id
    }


def test_pybabel_compile_reports_every_catalogue_complete(updated: Path) -> None:
    output = _pybabel("compile", "-d", updated, "--statistics")
    assert "error" not in output.lower(), output
    total = len(_keys(_read(LOCALE_DIR / "messages.pot")))
    statistics = {Path(path).parts[-3]: (int(done), int(of), int(percent))
                  for done, of, percent, path in STATISTICS.findall(output)}
    assert statistics == {lang: (total, total, 100) for lang in LANGUAGES}, output
    for lang in LANGUAGES:
        with open(updated / lang / "LC_MESSAGES" / "messages.mo", "rb") as mo:
            compiled = gettext.GNUTranslations(mo)
        source = _read(updated / lang / "LC_MESSAGES" / "messages.po")
        for message in source:
            if message.id and not message.pluralizable:
                got = (compiled.pgettext(message.context, message.id) if message.context
                       else compiled.gettext(message.id))
                assert got == message.string, (lang, message.context, message.id)
