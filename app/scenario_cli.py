"""`plenary scenario ...`: check and describe scenario files."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from game_rules.scenario.setup import ScenarioError, read_scenario_text, scenario_json_schema
from game_rules.scenario.setup import scenario_problems as find_problems

scenario_app = typer.Typer(
    help="Check scenario files and print their JSON Schema.", no_args_is_help=True
)


@scenario_app.command("check")
def check(
    files: list[Path] = typer.Argument(..., help="Scenario YAML files to check."),
) -> None:
    """Check scenario files; print every problem as file:line:column and exit 1 if any is an
    error (a missing translation is a warning: printed, but the file is usable)."""
    failed = 0
    for path in files:
        try:
            _, problems = find_problems(read_scenario_text(path), str(path))
        except ScenarioError as error:
            problems = list(error.problems)
        for problem in problems:
            typer.echo(str(problem), err=False)
        errors = sum(problem.severity == "error" for problem in problems)
        warnings = len(problems) - errors
        noted = f", {warnings} warning(s)" if warnings else ""
        if errors:
            failed += 1
            typer.echo(f"{path}: {errors} problem(s){noted}", err=True)
        else:
            typer.echo(f"{path}: ok{noted}", err=True)
    if failed:
        raise typer.Exit(code=1)


@scenario_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of scenario files, for editors such as VS Code's YAML extension."""
    typer.echo(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False))
