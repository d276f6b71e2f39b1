"""Reading a scenario file: safe YAML, then the models, then the whole-file checks.

Every problem is reported as ``file:line:column: what is wrong — how to fix it``, pointing at the
key or value at fault. All problems of a stage are reported together; the whole-file checks run
once every part is valid on its own.
"""

from __future__ import annotations

import re
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from game_rules.scenario.checks import (
    Finding,
    Severity,
    check_scenario,
    did_you_mean,
    missing_translations,
)
from game_rules.scenario.models import Scenario
from game_rules.scenario.yaml_parser import Path, SourceMap, YamlLimits, YamlProblem, parse_yaml
from game_rules.session.localized import LANGUAGE_PATTERN, ScenarioLanguages
from game_rules.session.scripting import ID_PATTERN

GUIDE = "see docs/scenarios.md"
_UNKNOWN_RULE_KEY = re.compile(r"Unknown key '([^']+)' in a \w+ rule; allowed keys are ([\w, ]+)")


@dataclass(frozen=True, order=True)
class ScenarioProblem:
    """One problem in a scenario file, with its 1-based line and column. A warning (a missing
    translation) does not refuse the file."""

    source: str
    line: int
    column: int
    message: str
    hint: str
    severity: Severity = "error"

    def __str__(self) -> str:
        warning = "warning: " if self.severity == "warning" else ""
        return f"{self.source}:{self.line}:{self.column}: {warning}{self.message} — {self.hint}"


class ScenarioError(ValueError):
    """A scenario file that cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[ScenarioProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# ---------------------------------------------------------------------------------------------
# From a pydantic error location to the model that was being validated there
# ---------------------------------------------------------------------------------------------


def _strip_annotated(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> tuple[Any, ...]:
    return get_args(tp) if get_origin(tp) in (Union, types.UnionType) else ()


def _tag_of(tp: Any) -> str | None:
    if get_origin(tp) is Annotated:
        for meta in get_args(tp)[1:]:
            if isinstance(meta, Tag):
                return meta.tag
    return None


def _model_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class validated at ``loc``, following lists, dicts and tagged unions."""
    tp: Any = root
    parts = list(loc)
    while True:
        members = _union_members(_strip_annotated(tp))
        if members:
            concrete = [m for m in members if m is not type(None)]
            tagged: dict[str | int, Any] = {}
            for member in concrete:
                tag = _tag_of(member)
                if tag is not None:
                    tagged[tag] = member
            if parts and parts[0] in tagged:
                tp = tagged[parts.pop(0)]
                continue
            if len(concrete) == 1:
                tp = concrete[0]
                continue
            return None
        tp = _strip_annotated(tp)
        if not parts:
            return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None
        part = parts.pop(0)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return None
            tp = field.annotation
        elif get_origin(tp) is list and isinstance(part, int):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return None


# ---------------------------------------------------------------------------------------------
# From a pydantic error to a problem with a position
# ---------------------------------------------------------------------------------------------


def _data_path(data: Any, loc: Sequence[str | int]) -> tuple[Path, bool]:
    """The path inside the YAML data that ``loc`` points at, and whether it ends at a key."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if part == "[key]":
            return tuple(path), True
        in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            path.append(part)
            node = node[part]
    return tuple(path), False


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list (lines starting with '-')"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    return repr(value)


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (one `- item` per line)",
    "dict_type": "a mapping (`key: value` lines)",
    "model_type": "a mapping (`key: value` lines)",
    "model_attributes_type": "a mapping (`key: value` lines)",
}


def _explain(error: ErrorDetails, data: Any) -> tuple[str, str]:
    kind = error["type"]
    loc = error["loc"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    given = error.get("input")
    field = str(loc[-1]) if loc else "value"
    if kind == "missing":
        parent = next((str(part) for part in reversed(loc[:-1]) if isinstance(part, str)), None)
        where = f" under `{parent}`" if parent is not None and len(loc) > 1 else ""
        place = f"inside `{parent}`" if where else "at the top level"
        return f"`{field}` is missing{where}", f"add `{field}:` {place} ({GUIDE})"
    if kind == "extra_forbidden":
        model = _model_at(Scenario, loc[:-1])
        allowed = sorted(model.model_fields) if model is not None else []
        return (
            f"unknown key {field!r}{did_you_mean(field, allowed)}",
            f"allowed keys here: {', '.join(allowed)}" if allowed else GUIDE,
        )
    if kind == "unknown_variant":
        keys = list(given) if isinstance(given, dict) else []
        message = str(error["msg"])
        expected = message.split("one of: ", 1)[-1].split(", ")
        hints = [did_you_mean(str(key), expected) for key in keys]
        found = f"; found {', '.join(map(repr, keys))}" if keys else ""
        example = next((h.split("'")[1] for h in hints if h), expected[0])
        return message + found + "".join(h for h in hints if h), (
            f"write it as a mapping whose key names what it is, e.g. `{example}: ...` ({GUIDE})"
        )
    if kind in ("literal_error", "enum"):
        expected_text = str(ctx.get("expected", ""))
        options = [part.strip(" '\"") for part in expected_text.replace(" or ", ", ").split(",")]
        return (
            f"{_describe(given)} is not allowed here{did_you_mean(str(given), options)}",
            f"use one of: {expected_text}",
        )
    if kind == "unknown_language":
        known = [part.strip() for part in str(ctx.get("known", "")).split(",")]
        return str(error["msg"]) + did_you_mean(str(ctx.get("code", "")), known), (
            "list it under `languages:` in `metadata`, or correct the code "
            "(see 'Several languages' in docs/scenarios.md)"
        )
    if kind == "source_language_missing":
        return str(error["msg"]), (
            f"give the text in '{ctx.get('language')}' too: a reader whose language the "
            "scenario does not have sees that one"
        )
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == ID_PATTERN:
            return (
                f"{_describe(given)} is not a valid id",
                "an id starts with a letter and has only letters, digits, '_' or '-' "
                "(no spaces), at most 40 characters",
            )
        if pattern.startswith("^#"):
            return f"{_describe(given)} is not a colour", "write a colour as '#RRGGBB', in quotes"
        return f"{_describe(given)} has the wrong form", f"it must match {pattern} ({GUIDE})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        words = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        scale = "indicator and trust values go from 0 to 100; " if bound in (0, 100) else ""
        return (
            f"{_describe(given)} is out of range: it must be {words} {bound}",
            f"{scale}change the number",
        )
    if kind in ("too_short", "too_long"):
        if isinstance(given, str):
            return str(error["msg"]), "shorten or fill in the text"
        return str(error["msg"]).replace("List", "This list"), GUIDE
    if kind == "string_too_short":
        return "this text is empty", "write something, or remove the key"
    if kind == "string_too_long":
        return str(error["msg"]), "shorten the text"
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, found {_describe(given)}", (
            "put text that starts with a special character in quotes"
            if kind == "string_type" else GUIDE
        )
    message = str(error["msg"]).removeprefix("Value error, ").rstrip(".")
    unknown_rule_key = _UNKNOWN_RULE_KEY.search(message)
    if unknown_rule_key is not None:
        allowed = unknown_rule_key.group(2).split(", ")
        suggestion = did_you_mean(unknown_rule_key.group(1), allowed)
        message = message.replace(";", suggestion + ";", 1)
    in_rules = "rules" in loc[:-1]
    return message, "see docs/rules.md for the keys of each rule kind" if in_rules else GUIDE


def _problem(source: str, source_map: SourceMap, path: Path, at_key: bool, message: str,
             hint: str, severity: Severity = "error") -> ScenarioProblem:
    position = source_map.key_at(path) if at_key else source_map.value_at(path)
    return ScenarioProblem(source, position.line, position.column, message, hint, severity)


def _validation_problems(
    error: ValidationError, data: Any, source: str, source_map: SourceMap
) -> list[ScenarioProblem]:
    problems: list[ScenarioProblem] = []
    details = error.errors(include_url=False)
    # A wrong key (a motion name, a brief's seat) also makes its value fail; report the key only.
    bad_keys = [d["loc"][:-1] for d in details if d["loc"] and d["loc"][-1] == "[key]"]
    for detail in details:
        loc = detail["loc"]
        if any(loc[: len(key)] == key and loc[-1] != "[key]" for key in bad_keys):
            continue
        path, at_key = _data_path(data, loc)
        at_key = at_key or detail["type"] in ("extra_forbidden", "missing")
        message, hint = _explain(detail, data)
        problems.append(_problem(source, source_map, path, at_key, message, hint))
    return problems


def _finding_problem(finding: Finding, source: str, source_map: SourceMap) -> ScenarioProblem:
    return _problem(source, source_map, finding.path, finding.at_key, finding.message,
                    finding.hint, finding.severity)


def _declared_languages(data: dict[str, Any]) -> ScenarioLanguages:
    """The languages ``metadata`` declares, read before validation: every text is checked
    against them (a plain string is in ``language``)."""
    metadata = data.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    language = metadata.get("language", "en")
    if not (isinstance(language, str) and re.fullmatch(LANGUAGE_PATTERN, language)):
        language = "en"
    listed = metadata.get("languages")
    others = [code for code in listed if isinstance(code, str)] if isinstance(listed, list) else []
    return ScenarioLanguages(
        language, (language, *dict.fromkeys(code for code in others if code != language))
    )


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def scenario_problems(
    text: str, source: str = "<scenario>", limits: YamlLimits = YamlLimits()
) -> tuple[Scenario | None, list[ScenarioProblem]]:
    """Parse and check a scenario; return it (None when an error refuses it) and every problem
    found, warnings too, in file order."""
    try:
        data, source_map = parse_yaml(text, limits)
    except YamlProblem as problem:
        position = problem.position
        return None, [
            ScenarioProblem(source, position.line, position.column, problem.message, problem.hint)
        ]
    if not isinstance(data, dict):
        return None, [
            ScenarioProblem(
                source, 1, 1, f"a scenario is a mapping of parts, found {_describe(data)}",
                "start the file with `metadata:` (see docs/scenarios.md)",
            )
        ]
    try:
        scenario = Scenario.model_validate(data, context=_declared_languages(data))
    except ValidationError as error:
        return None, sorted(set(_validation_problems(error, data, source, source_map)))
    findings = [*check_scenario(scenario), *missing_translations(scenario)]
    problems = sorted({_finding_problem(f, source, source_map) for f in findings})
    refused = any(problem.severity == "error" for problem in problems)
    return (None if refused else scenario), problems


def parse_scenario(
    text: str, source: str = "<scenario>", limits: YamlLimits = YamlLimits()
) -> Scenario:
    """Parse a scenario from YAML text; raise :class:`ScenarioError` listing every problem."""
    scenario, problems = scenario_problems(text, source, limits)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def read_scenario_text(path: str | FilePath, limits: YamlLimits = YamlLimits()) -> str:
    """The text of a scenario file, refusing oversized or non-UTF-8 files before parsing."""
    file_path = FilePath(path)
    source = str(path)
    try:
        size = file_path.stat().st_size
        if size > limits.max_bytes:
            raise ScenarioError([
                ScenarioProblem(
                    source, 1, 1,
                    f"the file is {size:,} bytes, more than the limit of {limits.max_bytes:,}",
                    "split long texts, or ask the server admin to raise the limit",
                )
            ])
        with file_path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as error:
        raise ScenarioError([
            ScenarioProblem(source, 1, 1, f"cannot read the file: {error.strerror}",
                            "check the file name and that the file exists")
        ]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ScenarioError([
            ScenarioProblem(source, line, 1, "the file is not UTF-8 text",
                            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
        ]) from None


def load_scenario(path: str | FilePath, limits: YamlLimits = YamlLimits()) -> Scenario:
    """Read and check a scenario file; raise :class:`ScenarioError` listing every problem."""
    return parse_scenario(read_scenario_text(path, limits), str(path), limits)
