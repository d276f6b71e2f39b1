"""`plenary conference create FILE --roster CSV`: the rooms and the roster, straight in the
database, with the links printed once; a bad roster names its file and line."""

from __future__ import annotations

from pathlib import Path

from conference_support import BUNDLED_SCENARIOS, THREE_COMMITTEES, sixty_students
from typer.testing import CliRunner

from app.cli import cli


def test_conference_create_prints_every_link_and_seats_the_roster(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_bytes(sixty_students())
    result = CliRunner().invoke(
        cli,
        [
            "conference",
            "create",
            str(THREE_COMMITTEES),
            "--roster",
            str(roster),
            "--database-url",
            f"sqlite:///{tmp_path / 'p.db'}",
            "--scenarios-dir",
            str(BUNDLED_SCENARIOS),
            "--public-url",
            "https://mun.example.org",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "https://mun.example.org/secretariat/" in result.output
    assert result.output.count("chair (secret): https://mun.example.org/chair/") == 3
    assert "60 students seated" in result.output


def test_a_bad_roster_names_its_file_and_line_before_any_room_is_made(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("school,student,committee\nRiverside,,sc\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "conference",
            "create",
            str(THREE_COMMITTEES),
            "--roster",
            str(roster),
            "--database-url",
            f"sqlite:///{tmp_path / 'p.db'}",
            "--scenarios-dir",
            str(BUNDLED_SCENARIOS),
        ],
    )
    assert result.exit_code == 1
    assert f"{roster}:2: the student is empty." in result.output
    assert "Secretariat" not in result.output
