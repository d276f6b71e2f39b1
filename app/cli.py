"""The `plenary` command line."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import typer

from app.conference_cli import conference_app
from app.game_cli import register_game_commands
from app.scenario_cli import scenario_app

cli = typer.Typer(help="Plenary: live diplomatic negotiation role-play.", no_args_is_help=True)
cli.add_typer(scenario_app, name="scenario")
cli.add_typer(conference_app, name="conference")
register_game_commands(cli)

# uvicorn's names; wsproto needs the wsproto package, which Plenary does not install.
WS_IMPLEMENTATIONS = ("auto", "websockets", "websockets-sansio", "wsproto")


def websocket_protocol(name: str) -> Any:
    """uvicorn's ``ws`` option: Plenary's own protocol for the default implementation, which
    cuts off peers that stop reading (``app/transport.py``); the others as uvicorn has them."""
    if name in ("auto", "websockets-sansio"):
        from app.transport import PlenaryWebSocketProtocol

        return PlenaryWebSocketProtocol
    return name


def print_addresses(settings: Any) -> None:
    """Every address a device can open, as Vite and Jupyter print them."""
    from app.join_links import listens_on_all_interfaces, served_addresses

    lines = served_addresses(settings)
    typer.echo("\n  Plenary is running. Open it at:")
    width = max(len(label) for label, _ in lines) + 1
    for label, address in lines:
        typer.echo(f"    {label + ':':<{width}} {address}")
    if any(label in ("Network", "Public") for label, _ in lines):
        typer.echo(
            "  Students' devices join at the Network address; the projector shows it "
            "with a QR code.\n"
        )
    elif listens_on_all_interfaces(settings.host):
        typer.echo(
            "  This computer has no network address: connect it to the classroom's "
            "network and start again.\n"
        )
    else:
        typer.echo(
            "  Only this computer can open it. To let students' devices in, serve on "
            "the network:\n    scripts/serve --lan   (or: plenary serve --lan)\n"
        )


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    lan: bool = typer.Option(
        False,
        "--lan",
        help="Serve on the network (all interfaces, --host 0.0.0.0), so that "
        "students' devices can join.",
    ),
    public_url: str = typer.Option(
        None,
        envvar="PLENARY_PUBLIC_URL",
        help="The address devices open when the server is behind a proxy, e.g. "
        "https://mun.example.org; join links and QR codes use it.",
    ),
    database_url: str = typer.Option(
        None,
        envvar="PLENARY_DATABASE_URL",
        help="SQLAlchemy URL; default: SQLite file plenary.db in the current folder.",
    ),
    scenarios_dir: Path = typer.Option(
        None,
        envvar="PLENARY_SCENARIOS_DIR",
        help="Folder of scenario YAML files; default: the bundled scenarios.",
    ),
    redis_url: str = typer.Option(
        None, envvar="PLENARY_REDIS_URL", help="Redis URL, to run several workers on one database."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        help="Worker processes on the one port (uvicorn's supervisor restarts one that dies); "
        "more than 1 needs PostgreSQL and Redis.",
    ),
    ws: str = typer.Option(
        "auto",
        envvar="PLENARY_WS",
        help="uvicorn's WebSocket implementation: auto (websockets-sansio, with peers that "
        "stop reading cut off), websockets, websockets-sansio or wsproto.",
    ),
) -> None:
    """Run the Plenary server."""
    import uvicorn
    from pydantic import ValidationError

    from app.logs import uvicorn_log_config
    from app.metrics import MULTIPROC_DIR, prepare_multiprocess_dir
    from app.settings import Settings

    if lan:
        host = "0.0.0.0"
    overrides: dict[str, Any] = {"host": host, "port": port}
    if public_url:
        overrides["public_url"] = public_url
    if database_url:
        overrides["database_url"] = database_url
    if scenarios_dir:
        overrides["scenarios_dir"] = scenarios_dir
    if redis_url:
        overrides["redis_url"] = redis_url
    if ws not in WS_IMPLEMENTATIONS:
        raise typer.BadParameter(
            f"{ws!r} is not one of {', '.join(WS_IMPLEMENTATIONS)}.", param_hint="--ws"
        )
    try:
        settings = Settings(**overrides)
    except ValidationError as invalid:
        for error in invalid.errors():
            reason = str(error["msg"]).removeprefix("Value error, ")
            typer.echo(f"Plenary cannot start: {reason}", err=True)
        raise typer.Exit(2) from None
    if not settings.scenarios_dir.is_dir():
        raise typer.BadParameter(
            f"{settings.scenarios_dir} is not a folder.", param_hint="--scenarios-dir"
        )
    refusal = workers_refusal(workers, settings)
    if refusal is not None:
        typer.echo(refusal, err=True)
        raise typer.Exit(2)
    print_addresses(settings)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        # One limit for a client's message, enforced by the WebSocket layer on the message
        # after decompression (so a small compressed frame cannot inflate to megabytes).
        "ws_max_size": settings.max_message_bytes,
        "ws": websocket_protocol(ws),
        "ws_per_message_deflate": settings.ws_compression,
        "ws_ping_interval": settings.ws_ping_interval_seconds,
        "ws_ping_timeout": settings.ws_ping_timeout_seconds,
        "log_level": "info",
        "log_config": uvicorn_log_config(settings.log_format),
    }
    if workers == 1:
        # Imported only now: app.main builds its default app from the environment's settings.
        from app.main import create_app

        uvicorn.run(create_app(settings), **options)
        return
    # uvicorn's supervisor starts each worker afresh: it builds its app from the environment.
    for name, value in overrides.items():
        os.environ[f"PLENARY_{name.upper()}"] = str(value)
    # Before any worker imports prometheus-client, which picks its mode then.
    chosen_dir = os.environ.get(MULTIPROC_DIR)
    metrics_dir = chosen_dir or tempfile.mkdtemp(prefix="plenary-metrics-")
    prepare_multiprocess_dir(Path(metrics_dir))
    os.environ[MULTIPROC_DIR] = metrics_dir
    try:
        uvicorn.run("app.main:create_app", factory=True, workers=workers, **options)
    finally:
        if chosen_dir is None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def workers_refusal(workers: int, settings: Any) -> str | None:
    """Why ``workers`` processes cannot serve these settings, or None when they can."""
    from app.database import is_sqlite

    if workers <= 1:
        return None
    if is_sqlite(settings.database_url):
        return (
            f"--workers {workers} needs a PostgreSQL database (PLENARY_DATABASE_URL="
            "postgresql+psycopg://...): SQLite has one writer, so several processes would "
            "queue on its lock. Run one worker on SQLite."
        )
    if not settings.redis_url:
        return (
            f"--workers {workers} needs Redis (PLENARY_REDIS_URL=redis://...): the workers "
            "wake each other through it after every commit, or their screens fall behind. "
            "Run one worker without Redis."
        )
    return None


@cli.command("export")
def export_room(
    room: str = typer.Argument(..., help="The room code, e.g. K7QXM2."),
    format: str = typer.Option(
        "md", "--format", "-f", help="md (transcript) or json (full record)."
    ),
    notes: bool = typer.Option(False, help="Include private notes in the transcript."),
    database_url: str = typer.Option(None, envvar="PLENARY_DATABASE_URL", help="As for serve."),
    output: Path = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
) -> None:
    """Print a room's record: a Markdown transcript or the full JSON export."""
    from app.rooms.offline import export_room_text
    from app.settings import Settings

    if format not in ("md", "json"):
        raise typer.BadParameter("use md or json", param_hint="--format")
    chosen: dict[str, Any] = {"database_url": database_url} if database_url else {}
    settings = Settings(**chosen)
    try:
        text = export_room_text(settings, room, format=format, include_notes=notes)
    except LookupError as missing:
        typer.echo(str(missing), err=True)
        raise typer.Exit(1) from missing
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
