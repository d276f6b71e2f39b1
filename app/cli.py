"""The `plenary` command line."""

from __future__ import annotations

import typer

from app.scenario_cli import scenario_app

cli = typer.Typer(help="Plenary: live diplomatic negotiation role-play.", no_args_is_help=True)
cli.add_typer(scenario_app, name="scenario")


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Run the Plenary server."""
    import uvicorn

    uvicorn.run("app.main:app", host=host, port=port)


def main() -> None:
    cli()
