"""What counts as text a screen can show: the one check every text a person writes goes through
(commands, scenario files, display names).

Refused: a lone surrogate (not Unicode at all; a database cannot store it), control characters
other than line breaks and tabs (C0 and C1: NUL breaks PostgreSQL text, others garble a screen),
and the bidirectional embeddings and overrides U+202A-U+202E, which make a line read as someone
else's on every screen. Marks and isolates (U+200E, U+2066...) stay: right-to-left writing needs
them.
"""

from __future__ import annotations

import unicodedata

LINE_BREAKS_AND_TABS = frozenset("\n\r\t")
BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e")


def text_problem(value: str) -> str | None:
    """Why ``value`` is not text to store and show, or None when it is."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "it is not valid Unicode (it holds a lone surrogate such as \\ud800)"
    for char in value:
        if char in LINE_BREAKS_AND_TABS:
            continue
        if unicodedata.category(char) == "Cc":
            return f"it holds the control character U+{ord(char):04X}"
        if char in BIDI_OVERRIDES:
            return f"it holds the direction override U+{ord(char):04X}"
    return None
