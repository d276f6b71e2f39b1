"""`plenary simulate`, `plenary replay` and `plenary debrief`: the game layer's commands."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.settings import Settings

if TYPE_CHECKING:
    from app.debrief.service import RoomLog


def simulate_command(
    scenario: Path = typer.Argument(..., help="A scenario file (YAML).", exists=False),
    seed: int = typer.Option(0, "--seed", "-s", help="The same seed gives the same session."),
    forum: str = typer.Option(None, help="The forum to play (the scenario's first by default)."),
    variant: str = typer.Option(
        None, help="One of the scenario's variants (its `variants:` ids), e.g. lesson-45."
    ),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    debrief: Path = typer.Option(
        None, "--debrief", help="Also write the chair's debrief page (HTML) to this file."
    ),
) -> None:
    """Play a whole session with bots in every seat, no server: votes with each delegation's
    choice and the deciding rule, the events that fired, and the final indicators."""
    from game_rules.report.simulate import format_report, simulate
    from game_rules.scenario.setup import ScenarioError, load_scenario

    if not scenario.is_file():
        raise typer.BadParameter(f"{scenario} is not a file.", param_hint="SCENARIO")
    try:
        loaded = load_scenario(scenario)
    except ScenarioError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    if variant is not None:
        from game_rules.scenario.variants import scenario_variant

        try:
            loaded = scenario_variant(loaded, variant)
        except KeyError:
            known = ", ".join(v.id for v in loaded.variants) or "none"
            raise typer.BadParameter(
                f"{scenario} has no variant {variant!r}; its variants are: {known}.",
                param_hint="--variant",
            ) from None
    try:
        result = simulate(loaded, seed, forum_id=forum)
    except ValueError as error:  # an unknown forum
        raise typer.BadParameter(str(error), param_hint="--forum") from error
    report = format_report(result)
    if output is not None:
        output.write_bytes(report.encode("utf-8"))
    else:
        typer.echo(report, nl=False)
    if debrief is not None:
        from app.debrief.render import render_debrief
        from game_rules.report.debrief import build_debrief

        page = render_debrief(
            build_debrief(loaded, result.start, result.events, state=result.state)
        )
        debrief.write_text(page, encoding="utf-8")


def replay_command(
    room: str = typer.Argument(..., help="The room code, e.g. K7QXM2."),
    database_url: str = typer.Option(None, envvar="PLENARY_DATABASE_URL", help="As for serve."),
    speed: float = typer.Option(
        0.0,
        help="Replay at this many times real speed for the projector (0: as fast as possible, "
        "checking only).",
    ),
) -> None:
    """Rebuild a room from its event log and check that every stored snapshot agrees."""
    from sqlmodel import Session

    from app.database import make_engine
    from app.debrief.service import read_room_log, replay_room
    from app.errors import NotFound
    from app.security import normalise_room_code

    settings = Settings(database_url=database_url) if database_url else Settings()
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            log = read_room_log(session, normalise_room_code(room))
    except NotFound as missing:
        typer.echo(missing.message, err=True)
        raise typer.Exit(1) from missing
    finally:
        engine.dispose()
    if speed > 0:
        _replay_at_speed(log, speed)
    report = replay_room(log)
    typer.echo(
        f"Room {report.code}: {report.events} events replayed, "
        f"{report.snapshots_checked} snapshots checked."
    )
    if not report.ok:
        seqs = ", ".join(str(seq) for seq in report.mismatches)
        typer.echo(f"MISMATCH: stored snapshots at seq {seqs} differ from the replay.", err=True)
        raise typer.Exit(2)
    typer.echo("OK: every snapshot agrees with the log.")


def _replay_at_speed(log: RoomLog, speed: float) -> None:
    """Print the log as it happened, ``speed`` times faster (for the projector after class):
    what the public saw, one narrated line per event."""
    from game_rules.engine.narration import narrate
    from game_rules.engine.views import view_event
    from game_rules.session.fold import evolve
    from game_rules.session.state import PUBLIC

    state = log.initial
    start = previous = state.started_at
    for seq, event in log.events:
        state = evolve(state, event)
        at = event.at
        time.sleep(max(0.0, (at - previous) / speed))
        previous = at
        if view_event(event, PUBLIC) is None:
            continue
        message = narrate(event, state, PUBLIC)
        minutes, seconds = divmod(round(at - start), 60)
        line = message.english() if message is not None else event.type
        typer.echo(f"[{minutes:02d}:{seconds:02d}] #{seq} {line}")


def register_game_commands(cli: typer.Typer) -> None:
    cli.command("simulate")(simulate_command)
    cli.command("replay")(replay_command)
