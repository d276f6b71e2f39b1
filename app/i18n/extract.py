"""Extraction of every translatable string into ``messages.pot``, and the update of each ``.po``.

The sources and their extraction methods are listed once, in ``babel.cfg`` at the top of the
repository, so the stock ``pybabel extract -F babel.cfg -o messages.pot .`` and
``scripts/i18n-extract`` find the same messages. Plenary's two methods are Babel extractors
(entry points ``plenary_engine`` and ``plenary_client`` in ``pyproject.toml``):

* **Engine messages** (``plenary_engine``: ``game_rules``, the transcript's module): the English
  template of every :class:`Message` is its ``msgid`` (no context). Templates are not always
  literal at the ``say(...)`` call (they sit in tables such as ``FLOOR_ENDINGS``, in a
  ``text = ... if ... else ...``, in a rule's ``explanation=``), so the extractor follows a
  template expression back through the AST of every engine source: literal, conditional, local
  or module variable, function parameter (to the literals at its call sites), subscript or
  ``.get`` of a module-level dict, and attribute (to the literals passed as that keyword
  anywhere). Each file yields the literals that sit in it. ``tests/app/test_i18n.py`` harvests
  every message the bundled sessions really say and checks each is in the catalogue, so a
  template the AST walk misses fails a test.
* **Client keys** (``plenary_client``: ``web/static/i18n/en.js``): ``msgctxt`` is the key
  (``floor.addme``), ``msgid`` the English text, so translators read English and the key stays
  stable when wording changes. ``key.one`` / ``key.other`` become one entry with
  ``msgid_plural``.
* **Jinja2 templates** (``web/templates``): ``{{ _("...") }}`` via Jinja2's own Babel extractor.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from babel.util import pathmatch

from app.i18n.catalogues import LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
MAPPING = "babel.cfg"
ENGINE_METHOD = "plenary_engine"
CLIENT_CATALOGUE = ROOT / "web" / "static" / "i18n" / "en.js"
PLURAL_SUFFIXES = ("zero", "one", "two", "few", "many", "other")
# What a Babel extractor yields: (line, keyword, message or its parts, comments).
Extracted = tuple[int, str | None, str | tuple[str, ...], list[str]]

# Callables whose first argument is a message template.
_SAYERS = {"say", "Message", "tr"}  # tr: a server-side sentence (the transcript's headings)
_RULE_VIOLATIONS = {
    "RuleViolation", "MalformedRule", "InvalidVote", "NotInOrder", "NotPermitted", "TextTooLong",
}


@dataclass
class _Module:
    path: str
    tree: ast.Module
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)


class _EngineWalk:
    """Follow each template expression of ``game_rules`` back to its string literals."""

    def __init__(self, root: Path, sources: Iterable[str]) -> None:
        self.modules: list[_Module] = []
        for source in sources:
            tree = ast.parse((root / source).read_text(encoding="utf-8"))
            module = _Module(source, tree)
            for parent in ast.walk(tree):
                for child in ast.iter_child_nodes(parent):
                    module.parents[child] = parent
            self.modules.append(module)
        self.sayers = _SAYERS | _RULE_VIOLATIONS | self._violation_subclasses()
        self.found: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._seen: set[tuple[str, str, int, int]] = set()

    def _violation_subclasses(self) -> set[str]:
        names: set[str] = set()
        changed = True
        while changed:
            changed = False
            for module in self.modules:
                for node in ast.walk(module.tree):
                    if isinstance(node, ast.ClassDef) and node.name not in names:
                        bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                        if bases & (_RULE_VIOLATIONS | names):
                            names.add(node.name)
                            changed = True
        return names

    def run(self) -> dict[str, list[tuple[str, int]]]:
        for module in self.modules:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and _callee(node) in self.sayers:
                    template = node.args[0] if node.args else _keyword(node, "text")
                    if template is not None:
                        self._resolve(module, template)
                elif isinstance(node, ast.ClassDef) and node.name in self.sayers:
                    # super().__init__(text, ...) inside a RuleViolation subclass
                    for call in ast.walk(node):
                        if isinstance(call, ast.Call) and _callee(call) == "__init__" and call.args:
                            self._resolve(module, call.args[0])
        return self.found

    def _add(self, module: _Module, node: ast.Constant) -> None:
        # A literal without a letter ("-", a probe's text) has nothing to translate.
        if isinstance(node.value, str) and any(c.isalpha() for c in node.value):
            self.found[node.value].append((module.path, node.lineno))

    def _resolve(self, module: _Module, node: ast.AST) -> None:
        # The node's type too: a conditional starts where its first branch does.
        where = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        key = (module.path, type(node).__name__, *where)
        if key in self._seen:
            return
        self._seen.add(key)
        if isinstance(node, ast.Constant):
            self._add(module, node)
        elif isinstance(node, ast.IfExp):
            self._resolve(module, node.body)
            self._resolve(module, node.orelse)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self._resolve(module, value)
        elif isinstance(node, ast.Name):
            self._resolve_name(module, node)
        elif isinstance(node, ast.Subscript):
            self._resolve_table(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "get":
                self._resolve_table(node.func.value)
                if len(node.args) > 1:
                    self._resolve(module, node.args[1])
        elif isinstance(node, ast.Attribute):
            self._resolve_keyword(node.attr)

    def _resolve_name(self, module: _Module, name: ast.Name) -> None:
        scope: ast.AST | None = module.parents.get(name)
        while scope is not None:
            if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params = [a.arg for a in scope.args.args + scope.args.kwonlyargs]
                if name.id in params:
                    self._resolve_parameter(scope, params.index(name.id), name.id)
                    return
                if self._resolve_assignments(module, scope, name.id):
                    return
            scope = module.parents.get(scope)
        if not self._resolve_assignments(module, module.tree, name.id, top_level=True):
            self._resolve_table(name)

    def _resolve_assignments(
        self, module: _Module, scope: ast.AST, name: str, *, top_level: bool = False
    ) -> bool:
        nodes: Iterable[ast.AST] = scope.body if top_level else ast.walk(scope)  # type: ignore[attr-defined]
        found = False
        for node in nodes:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                if not isinstance(node.value, ast.Dict):
                    self._resolve(module, node.value)
                    found = True
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == name
                and node.value is not None
                and not isinstance(node.value, ast.Dict)
            ):
                self._resolve(module, node.value)
                found = True
        return found

    def _resolve_parameter(self, function: ast.AST, index: int, name: str) -> None:
        """A template passed in: the literals at every call of that function."""
        fname = getattr(function, "name", "")
        for module in self.modules:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and _callee(node) == fname:
                    if index < len(node.args):
                        self._resolve(module, node.args[index])
                    argument = _keyword(node, name)
                    if argument is not None:
                        self._resolve(module, argument)

    def _resolve_table(self, node: ast.AST) -> None:
        """Values of the module-level dict of that name (wherever it is defined)."""
        table = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        if table is None:
            return
        for module in self.modules:
            for statement in module.tree.body:
                value: ast.AST | None = None
                if (isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == table for t in statement.targets
                )) or (
                    isinstance(statement, ast.AnnAssign)
                    and isinstance(statement.target, ast.Name)
                    and statement.target.id == table
                ):
                    value = statement.value
                if isinstance(value, ast.Dict):
                    for item in value.values:
                        self._resolve(module, item)

    def _resolve_keyword(self, attr: str) -> None:
        """``spec.explanation``: the literals passed as ``explanation=`` anywhere."""
        for module in self.modules:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call):
                    argument = _keyword(node, attr)
                    if argument is not None:
                        self._resolve(module, argument)


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _mapping(root: Path) -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """``babel.cfg``: ``[(pattern, method)]`` and each pattern's options."""
    with open(root / MAPPING, encoding="utf-8") as src:
        method_map, options_map = parse_mapping_cfg(  # type: ignore[no-untyped-call]
            src, filename=str(root / MAPPING)
        )
    return list(method_map), dict(options_map)


def _method_of(path: str, method_map: list[tuple[str, str]]) -> str | None:
    """The method of the first pattern matching ``path``, as ``extract_from_dir`` picks it."""
    return next((method for pattern, method in method_map if pathmatch(pattern, path)), None)


def _sources(root: Path, method: str) -> list[str]:
    """The files ``babel.cfg`` gives to ``method``, relative to ``root``, in Babel's walk order."""
    method_map, _ = _mapping(root)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        # Babel's walk skips dot and underscore folders (.venv, __pycache__) too.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for filename in sorted(filenames):
            relative = Path(dirpath, filename).relative_to(root).as_posix()
            if _method_of(relative, method_map) == method:
                found.append(relative)
    return found


def _project_root(path: Path) -> Path:
    """The checkout a file belongs to: the nearest folder holding ``babel.cfg``."""
    for folder in path.parents:
        if (folder / MAPPING).is_file():
            return folder
    return ROOT


@cache
def _engine_messages(root: Path) -> dict[str, list[tuple[int, str]]]:
    """Every engine template of the checkout, as ``{source: [(line, msgid)]}``: the walk needs
    all the engine's modules at once (a template may be a literal in another file)."""
    found = _EngineWalk(root, _sources(root, ENGINE_METHOD)).run()
    by_file: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for text, places in found.items():
        for source, lineno in places:
            by_file[source].add((lineno, text))
    return {source: sorted(lines) for source, lines in by_file.items()}


def extract_engine(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel extractor ``plenary_engine``: the engine templates whose literal is in this file."""
    path = Path(str(fileobj.name)).resolve()
    root = _project_root(path)
    for lineno, text in _engine_messages(root).get(path.relative_to(root).as_posix(), []):
        yield lineno, None, text, []


_CLIENT_LINE = re.compile(r'^\s*"(?P<key>[^"]+)":\s*(?P<value>"(?:[^"\\]|\\.)*"),?\s*$')


def _client_lines(source: str) -> Iterator[tuple[int, str, str]]:
    """``en.js`` as ``(line, key, English)`` (one ``"key": "value",`` a line, as the file is
    kept)."""
    for lineno, line in enumerate(source.splitlines(), start=1):
        match = _CLIENT_LINE.match(line)
        if match:
            yield lineno, match["key"], json.loads(match["value"])


def client_strings(path: Path = CLIENT_CATALOGUE) -> dict[str, str]:
    """``en.js`` as ``{key: English}``."""
    return {key: text for _, key, text in _client_lines(path.read_text(encoding="utf-8"))}


def split_plural(key: str) -> tuple[str, str | None]:
    base, _, suffix = key.rpartition(".")
    return (base, suffix) if base and suffix in PLURAL_SUFFIXES else (key, None)


def extract_client(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel extractor ``plenary_client``: each key of ``en.js`` as ``pgettext(key, English)``,
    a plural family as ``npgettext(key, one, other)``."""
    if not {"pgettext", "npgettext"} <= set(keywords):
        raise ValueError("plenary_client needs Babel's default keywords pgettext and npgettext")
    lines = list(_client_lines(fileobj.read().decode("utf-8")))
    keys = {key for _, key, _ in lines}
    plurals: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for lineno, key, text in lines:
        base, suffix = split_plural(key)
        # A plural is a family with a .one form: "floor.kind.other" alone is a plain key.
        if suffix is not None and f"{base}.one" in keys:
            plurals[base][suffix] = (lineno, text)
        elif text:  # an empty English string has nothing to translate
            yield lineno, "pgettext", (key, text), []
    for base, forms in plurals.items():
        lineno, one = forms.get("one", forms.get("other", (0, "")))
        other = forms.get("other", (lineno, one))[1]
        yield lineno, "npgettext", (base, one, other), []


def build_template(root: Path = ROOT) -> Catalog:
    """What ``pybabel extract -F babel.cfg .`` finds (the same call, Babel's default keywords),
    with the engine's templates in alphabetical order ahead of the client keys and the pages, as
    translators have always had them."""
    method_map, options_map = _mapping(root)
    methods = list(dict.fromkeys(method for _, method in method_map))
    found = list(extract_from_dir(str(root), method_map, options_map))

    def order(row: tuple[str, int, Any, list[str], str | None]) -> tuple[int, str]:
        method = _method_of(row[0], method_map) or ""
        first = row[2][0] if isinstance(row[2], tuple) else row[2]
        return (methods.index(method), first if method == ENGINE_METHOD else "")

    catalog = Catalog(project="Plenary", msgid_bugs_address="", fuzzy=False)
    for filename, lineno, message, comments, context in sorted(found, key=order):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write_catalogues(locale_dir: Path = LOCALE_DIR) -> Catalog:
    """Write ``messages.pot`` and merge it into each language's ``messages.po`` (as
    ``pybabel update`` does: new msgids added empty, vanished ones made obsolete)."""
    template = build_template()
    locale_dir.mkdir(parents=True, exist_ok=True)
    with open(locale_dir / "messages.pot", "wb") as out:
        write_po(out, template, width=100, omit_header=False)
    for lang in LANGUAGES:
        # A fresh template each time: Catalog.update shares the template's Message objects
        # with the catalogue it updates, so filling in English would leak into the next one.
        template = build_template()
        po_path = locale_dir / lang / "LC_MESSAGES" / "messages.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        if po_path.exists():
            with open(po_path, "rb") as src:
                catalog = read_po(src, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="Plenary", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        if lang == "en":
            _fill_english(catalog)
        with open(po_path, "wb") as out:
            write_po(out, catalog, width=100, ignore_obsolete=True)
    return template


def _fill_english(catalog: Catalog) -> None:
    """English is the source language: its msgstr is its msgid (so English has a complete
    catalogue, and a client key's English text comes from the same place as every other's)."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple) or not message.string:
            message.string = message.id


def coverage(locale_dir: Path = LOCALE_DIR) -> dict[str, tuple[int, int]]:
    """``{lang: (translated, total)}``."""
    out: dict[str, tuple[int, int]] = {}
    for lang in LANGUAGES:
        with open(locale_dir / lang / "LC_MESSAGES" / "messages.po", "rb") as src:
            catalog = read_po(src, locale=lang)
        entries = [m for m in catalog if m.id]
        done = [
            m for m in entries
            if (all(m.string) if isinstance(m.string, tuple) else bool(m.string))
        ]
        out[lang] = (len(done), len(entries))
    return out


def main() -> None:
    template = write_catalogues()
    print(f"messages.pot: {len(template)} messages; updated {', '.join(LANGUAGES)}")
    for lang, (done, total) in coverage().items():
        print(f"  {lang}: {done}/{total} translated ({100 * done // max(total, 1)}%)")


if __name__ == "__main__":
    main()
