"""`plenary scenario ...`: check and describe scenario files."""

from __future__ import annotations

import typer

scenario_app = typer.Typer(help="Check scenario files and print their JSON Schema.", no_args_is_help=True)
