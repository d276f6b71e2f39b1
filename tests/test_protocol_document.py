"""``docs/protocol.md`` says what the server does: its tables of limits, quotas and error codes
are the ones in the code (a client author reads only the document)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.protocol import ErrorCode
from app.settings import Settings
from game_rules.procedure.quotas import QUOTAS, ROOM_QUOTAS
from game_rules.session.commands import command_limits

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "protocol.md"


def _between(name: str) -> str:
    text = DOCUMENT.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}:start[^>]*-->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, f"docs/protocol.md has no {name} table"
    return match.group(1)


def test_the_documented_field_limits_are_the_command_models_limits() -> None:
    rows = "\n".join(f"| `{c}` | `{f}` | {limit} |" for c, f, limit in command_limits())
    expected = "| command | field | limit |\n| --- | --- | --- |\n" + rows + "\n"
    assert _between("limits") == expected, "replace the limits table with:\n" + expected


@pytest.mark.parametrize(("marker", "table"), [("quotas", QUOTAS), ("room-quotas", ROOM_QUOTAS)])
def test_the_documented_quotas_are_the_engines_quotas(marker: str, table: dict) -> None:
    rows = "\n".join(f"| `{k}` | {q.limit} | {q.counts} |" for k, q in table.items())
    expected = "| quota | limit | counts |\n| --- | ---: | --- |\n" + rows + "\n"
    assert _between(marker) == expected, f"replace the {marker} table with:\n" + expected


def test_every_error_code_the_connection_sends_is_documented() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    codes = [value for key, value in vars(ErrorCode).items() if key.isupper()]
    missing = [code for code in codes if f"`{code}`" not in text]
    assert not missing, f"undocumented error codes: {missing}"


def test_the_documented_message_limit_is_the_setting() -> None:
    limit = Settings().max_message_bytes
    assert limit == 16_384
    assert "At most **16 KiB** (`PLENARY_MAX_MESSAGE_BYTES`)" in DOCUMENT.read_text("utf-8")
