"""docs/deploy.md lists every setting the server reads, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from app.settings import Settings

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def test_every_setting_is_documented_and_every_documented_one_exists() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    table = {m.group(1) for m in re.finditer(r"^\| `(PLENARY_[A-Z_]+)` \|", text, re.MULTILINE)}
    fields = {f"PLENARY_{name.upper()}" for name in Settings.model_fields}
    assert fields - table == set(), "settings missing from docs/deploy.md"
    assert table - fields == set(), "docs/deploy.md lists settings the server does not read"
