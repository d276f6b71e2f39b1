"""Scenario and student Markdown as HTML for the server-rendered pages (role sheets, debrief).

markdown-it with raw HTML off: ``<script>`` in the source stays visible text, and links that
could run script (``javascript:``) are not made links. The browser has its own renderer
(``web/static/js/markdown.js``), which builds DOM nodes.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown(text: str) -> Markup:
    return Markup(_MARKDOWN.render(text))
