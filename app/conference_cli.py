"""`plenary conference ...`: create a conference (and seat its roster) straight in the database.

The rooms are stored as a running server stores them; a server on the same database (any of its
workers) loads them when they are first opened, so the server need not be stopped.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from app.errors import PlenaryError

conference_app = typer.Typer(
    help="Create conferences: several committees under one secretariat.", no_args_is_help=True
)


@conference_app.command("create")
def create(
    file: Path = typer.Argument(..., help="The conference file: YAML, or CSV (name ends .csv)."),
    roster: Path = typer.Option(
        None, "--roster", help="A roster CSV (school,student,committee,delegation) to seat."
    ),
    title: str = typer.Option(None, help="The title, for a CSV file (default: its name)."),
    public_url: str = typer.Option(
        None,
        envvar="PLENARY_PUBLIC_URL",
        help="Where devices open Plenary, e.g. https://mun.example.org; the links printed use it.",
    ),
    database_url: str = typer.Option(None, envvar="PLENARY_DATABASE_URL", help="As for serve."),
    scenarios_dir: Path = typer.Option(None, envvar="PLENARY_SCENARIOS_DIR", help="As for serve."),
) -> None:
    """Create the conference's rooms; print the secretariat link and each chair link once."""
    from app.conferences.plan import parse_plan
    from app.conferences.roster import read_roster
    from app.settings import Settings

    chosen: dict[str, object] = {}
    if database_url:
        chosen["database_url"] = database_url
    if scenarios_dir:
        chosen["scenarios_dir"] = scenarios_dir
    settings = Settings(**chosen)  # type: ignore[arg-type]
    base = (public_url or f"http://{settings.host}:{settings.port}").rstrip("/")
    try:
        plan = parse_plan(file.read_bytes(), file.name, default_title=title or "")
        if roster is not None:
            read_roster(roster.read_bytes())  # its own mistakes first, before any room exists
        lines, refused = asyncio.run(_create(settings, plan, roster, base))
    except PlenaryError as problem:
        _report(roster if problem.code == "bad_roster" else file, problem)
        raise typer.Exit(1) from problem
    for line in lines:
        typer.echo(line)
    if refused is not None and roster is not None:
        _report(roster, refused)
        typer.echo(
            "The conference was created, but nobody was seated: correct the roster and import "
            "it on the secretariat's roster page.",
            err=True,
        )
        raise typer.Exit(1)


def _report(path: Path, refused: PlenaryError) -> None:
    typer.echo(f"{path}: {refused.code}: {refused.message}", err=True)
    for problem in refused.extra.get("problems", []):
        where = f"{path}:{problem['line']}" if problem.get("line") else str(path)
        typer.echo(f"  {where}: {problem['message']}", err=True)


async def _create(
    settings: object, plan: object, roster: Path | None, base: str
) -> tuple[list[str], PlenaryError | None]:
    from app.conferences.plan import ConferencePlan
    from app.conferences.service import ConferenceService
    from app.database import Database
    from app.hub import InMemoryHub
    from app.rooms.service import RoomService
    from app.scenarios.service import ScenarioCatalog
    from app.settings import Settings

    assert isinstance(settings, Settings) and isinstance(plan, ConferencePlan)
    database = Database(settings.database_url)
    database.migrate()
    hub = InMemoryHub()
    rooms = RoomService(database, hub, settings)
    conferences = ConferenceService(database, rooms, ScenarioCatalog(settings.scenarios_dir))
    conferences.start()
    await rooms.start()
    try:
        created = await conferences.create(plan)
        lines = [
            f"Conference {created.title} ({created.code})",
            f"  Secretariat (secret): {base}/secretariat/{created.code}"
            f"#key={created.secretariat_key}",
        ]
        for committee in created.committees:
            lines.append(f"  {committee.name} [{committee.id}], room {committee.code}")
            lines.append(
                f"    chair (secret): {base}/chair/{committee.code}#key={committee.chair_key}"
            )
            lines.append(
                f"    projector: {base}/projector/{committee.code}#key={committee.projector_key}"
            )
        if roster is not None:
            conference = await conferences.secretariat(created.code, created.secretariat_key)
            try:
                entries = await conferences.import_roster(conference, roster.read_bytes())
            except PlenaryError as refused:
                return lines, refused
            lines.append(
                f"  {len(entries)} students seated; print their links and QR codes at "
                f"{base}/secretariat/{created.code}/roster"
            )
        return lines, None
    finally:
        await conferences.stop()
        await rooms.stop()
        database.close()
