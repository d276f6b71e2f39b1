"""The engine's packages form a one-way stack, and no module imports itself round in a circle.

DESIGN.md: each package is a concept a newcomer looks for; a package may import only the ones
below it. Every import counts, also one inside a function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "game_rules"

#: Bottom first. A package may import itself and anything to its left.
STACK = (
    ("messages",),
    ("errors", "text"),
    ("session",),
    ("decision",),
    ("procedure",),
    ("world",),
    ("engine",),
    ("scenario",),
    ("bots",),
    ("report",),
)
LEVEL = {name: level for level, names in enumerate(STACK) for name in names}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ENGINE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in ENGINE.rglob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "game_rules":
                    found |= {f"game_rules.{alias.name}" for alias in node.names}
                elif node.module.startswith("game_rules."):
                    found.add(node.module)
                    found |= {f"{node.module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("game_rules.")}
        graph[_module_name(path)] = found
    modules = set(graph)
    return {
        name: {target for target in targets if target in modules and target != name}
        for name, targets in graph.items()
    }


def _package(module: str) -> str:
    return module.split(".")[1] if module != "game_rules" else "game_rules"


def test_every_module_sits_in_a_package_of_the_stack() -> None:
    outside = sorted(
        module
        for module in _imports()
        if module != "game_rules" and _package(module) not in LEVEL
    )
    assert outside == []


def test_no_package_imports_one_above_it() -> None:
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in _imports().items()
        if module != "game_rules"
        for target in targets
        if target != "game_rules" and LEVEL[_package(target)] > LEVEL[_package(module)]
    )
    assert upward == []


def test_no_module_imports_itself_round_a_circle() -> None:
    graph = _imports()
    graph.pop("game_rules", None)  # the public surface imports everything
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
