"""Safe YAML reading for scenario files, keeping where every value was written.

A scenario is written by a teacher and may be uploaded by anyone, so the reader:

- refuses files above a size limit before parsing them;
- counts aliases, nesting depth and the size of the tree once aliases are expanded, so a
  "billion laughs" file fails in milliseconds instead of exhausting memory;
- builds only plain data (mappings, lists, text, numbers, true/false, null), never objects;
- reads scalars by the YAML 1.2 core schema, so ``no`` and ``NO`` stay text (a vote, or Norway's
  two-letter code) instead of turning into ``false`` as YAML 1.1 would have it;
- rejects duplicate keys, which YAML libraries otherwise let the last one win silently.

Every value's and every key's line and column are kept in :class:`SourceMap`, so a later
validation error can point at the exact place in the file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game_rules.text import text_problem

Path = tuple[str | int, ...]

_PLAIN_TAG = "tag:plenary,2026:plain"
_YAML_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})


@dataclass(frozen=True)
class YamlLimits:
    """Bounds that keep a hostile file from exhausting memory or time."""

    max_bytes: int = 1_000_000
    max_aliases: int = 100
    max_depth: int = 40
    max_nodes: int = 200_000


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the source text."""

    line: int
    column: int


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document was written."""

    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def value_at(self, path: Path) -> Position:
        """The position of the value at ``path``, or of its nearest written ancestor."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def key_at(self, path: Path) -> Position:
        """The position of the key that introduces ``path`` (falls back to its value)."""
        return self.keys.get(path) or self.value_at(path)


class YamlProblem(ValueError):
    """The text is not YAML we accept; carries the position and a hint on how to fix it."""

    def __init__(self, position: Position, message: str, hint: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message
        self.hint = hint


def _position(node_or_mark: Any) -> Position:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return Position(mark.line + 1, mark.column + 1)


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that composes nodes only, counting aliases and depth as it goes."""

    def __init__(self, text: str, limits: YamlLimits) -> None:
        super().__init__(text)
        self.limits = limits
        self.alias_count = 0
        self.depth = 0

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Plain untagged scalars are typed later by the YAML 1.2 core schema (see module doc).
        if kind is ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > self.limits.max_aliases:
                raise YamlProblem(
                    _position(event.start_mark),
                    f"the file uses more than {self.limits.max_aliases} aliases (*name)",
                    "write the values out instead of repeating them with aliases",
                )
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise YamlProblem(
                _position(event.start_mark),
                f"the file is nested more than {self.limits.max_depth} levels deep",
                "a scenario never needs this much nesting; check the indentation",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _expanded_size(root: Node, limits: YamlLimits) -> None:
    """Refuse a tree that would be too large once aliases are expanded, or that loops."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise YamlProblem(
                _position(node),
                "an alias refers to the list or mapping that contains it, making an endless loop",
                "remove the alias (*name) inside the anchored block",
            )
        in_progress.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        in_progress.discard(key)
        sizes[key] = total
        if total > limits.max_nodes:
            raise YamlProblem(
                _position(node),
                f"once its aliases are expanded the file holds more than {limits.max_nodes:,} "
                "values",
                "this looks like a 'billion laughs' file; write a scenario without nested aliases",
            )
        return total

    size(root)


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


#: No number in a scenario needs more digits than this (a population, a weight, a minute).
MAX_NUMBER_DIGITS = 15


def _number(node: ScalarNode, kind: type[int] | type[float]) -> int | float:
    """A finite number of sensible size, or a problem at the number's position."""
    text: str = node.value
    digits = sum(char.isdigit() for char in text)
    if digits > MAX_NUMBER_DIGITS:
        raise YamlProblem(
            _position(node),
            f"the number has {digits} digits; a scenario's numbers have at most "
            f"{MAX_NUMBER_DIGITS}",
            "check the value: it looks like a typing slip",
        )
    value = kind(text)
    if not math.isfinite(value):
        raise YamlProblem(
            _position(node),
            f"{text} is not a finite number",
            "write an ordinary number; .inf and .nan are not allowed in scenarios",
        )
    return value


def _text(node: ScalarNode) -> str:
    """A text that every screen can show (:mod:`game_rules.text`; a ``"\\0"`` escape in a
    double-quoted string writes a NUL)."""
    text: str = node.value
    problem = text_problem(text)
    if problem is not None:
        raise YamlProblem(
            _position(node),
            f"this text cannot be used: {problem}",
            "delete the character (an escape such as \\0 or \\x07 in a double-quoted string "
            "writes one, and a copy and paste can bring one in)",
        )
    return text


def _scalar(node: ScalarNode) -> Any:
    text: str = node.value
    if node.tag == _PLAIN_TAG:
        if text in _NULLS:
            return None
        if text in _TRUES:
            return True
        if text in _FALSES:
            return False
        if _INT.fullmatch(text):
            return _number(node, int)
        if _FLOAT.fullmatch(text):
            return _number(node, float)
        return _text(node)
    tag = node.tag.removeprefix(_YAML_TAG) if node.tag.startswith(_YAML_TAG) else None
    if tag == "str":
        return _text(node)
    try:
        if tag == "int":
            return _number(node, int)
        if tag == "float":
            return _number(node, float)
        if tag == "bool" and text.lower() in {"true", "false"}:
            return text.lower() == "true"
        if tag == "null":
            return None
    except ValueError:
        pass
    raise YamlProblem(
        _position(node),
        f"the tag {_tag_name(node.tag)} is not allowed here",
        "remove the tag (the word starting with '!'); scenarios hold only plain text, numbers, "
        "true/false, lists and mappings",
    )


def _to_data(node: Node, path: Path, source_map: SourceMap) -> Any:
    source_map.values.setdefault(path, _position(node))
    if not isinstance(node, ScalarNode) and node.tag not in _COLLECTION_TAGS:
        raise YamlProblem(
            _position(node),
            f"the tag {_tag_name(node.tag)} is not allowed here",
            "remove the tag (the word starting with '!'); scenarios hold only plain text, "
            "numbers, true/false, lists and mappings",
        )
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [_to_data(child, (*path, i), source_map) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(
                    _position(key_node),
                    "merge keys (<<) are not supported",
                    "write the keys out in full",
                )
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(
                    _position(key_node),
                    "a key must be a single word or text, not a list or mapping",
                    "write the key as plain text followed by a colon, e.g. `title: ...`",
                )
            key = _scalar(key_node)
            key_text = "null" if key is None else str(key).lower() if isinstance(key, bool) else (
                str(key)
            )
            if key_text in result:
                raise YamlProblem(
                    _position(key_node),
                    f"the key {key_text!r} appears twice in the same mapping",
                    "keep one of them; YAML would otherwise silently drop the first",
                )
            child_path = (*path, key_text)
            source_map.keys[child_path] = _position(key_node)
            result[key_text] = _to_data(value_node, child_path, source_map)
        return result
    raise YamlProblem(_position(node), "unsupported YAML node", "use plain YAML")


def _unprintable(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    character = error.character if isinstance(error.character, int) else ord(error.character)
    return YamlProblem(
        Position(line, column),
        f"the file contains the character U+{character:04X}, which a text file cannot hold",
        "the file may not be a text file, or a copy and paste brought in a hidden character; "
        "delete it or save the file again as plain UTF-8 text",
    )


def _syntax_problem(error: yaml.YAMLError) -> YamlProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    position = _position(mark) if mark is not None else Position(1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    if "'\\t'" in problem or "tab" in problem:
        hint = "replace the tab character with spaces; YAML indents with spaces only"
    elif "mapping values are not allowed" in problem:
        hint = "put quotes around text that contains ': ' (a colon followed by a space)"
    elif "flow" in (context or ""):
        hint = (
            "inside [ ] or { }, put text that contains , ? : [ ] { } or # in quotes, "
            "or write one `- item` per line"
        )
    elif "expected a single document" in problem:
        hint = "a scenario is one document; remove the extra '---' line"
    else:
        hint = (
            "check the indentation (spaces, the same amount for items at the same level) and "
            "that every `key: value` has a space after the colon"
        )
    return YamlProblem(position, message, hint)


def parse_yaml(text: str, limits: YamlLimits = YamlLimits()) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data plus the positions of its keys and values."""
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise YamlProblem(
            Position(1, 1),
            f"the file is larger than the limit of {limits.max_bytes:,} bytes",
            "split long background texts or briefs, or ask the server admin to raise the limit",
        )
    try:
        # The reader refuses unprintable characters (NUL...) when it is made.
        loader = _BoundedLoader(text, limits)
    except yaml.reader.ReaderError as error:
        raise _unprintable(text, error) from None
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        raise _unprintable(text, error) from None
    except yaml.YAMLError as error:
        raise _syntax_problem(error) from None
    except RecursionError:
        raise YamlProblem(
            Position(1, 1),
            "the file is nested too deeply",
            "a scenario never needs this much nesting; check the indentation",
        ) from None
    finally:
        loader.dispose()
    if root is None:
        raise YamlProblem(
            Position(1, 1), "the file is empty", "start with `metadata:` (see docs/scenarios.md)"
        )
    _expanded_size(root, limits)
    source_map = SourceMap()
    return _to_data(root, (), source_map), source_map
