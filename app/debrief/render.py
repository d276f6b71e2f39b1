"""Render a :class:`~game_rules.report.debrief.Debrief` as one self-contained HTML page.

Jinja2 with autoescaping on: every string from a scenario or a delegate is inserted as text.
The page has no scripts; its CSS includes print rules, so "Print → Save as PDF" gives a report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.debrief.charts import charts_by_place
from app.i18n.catalogues import DEFAULT_LANGUAGE, direction, render
from app.i18n.web import install
from app.papers.rubric import DEFAULT_RUBRIC, Rubric
from app.papers.service import Paper
from app.safe_markdown import markdown
from game_rules.messages import Message
from game_rules.report.debrief import Debrief, pledge_summary
from game_rules.session.state import CHAIR

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def _environment(templates: Path, lang: str) -> Environment:
    environment = Environment(
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["clock"] = _clock
    # An engine message in the page's language; a plain text (older records) as it is.
    environment.filters["say"] = lambda said: (
        render(said, lang) if isinstance(said, Message) else said
    )
    return install(environment, lang)


def render_debrief(
    debrief: Debrief,
    *,
    templates: Path = TEMPLATES,
    lang: str = DEFAULT_LANGUAGE,
    papers: Sequence[Paper] = (),
    rubric: Rubric = DEFAULT_RUBRIC,
    students: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The debrief page for ``debrief.viewer`` (the chair, or one delegation), in ``lang``;
    ``papers`` are the position papers this viewer may read (the chair's all, a seat's own),
    ``students`` the assessment records (the chair's all, a student's own)."""
    environment = _environment(templates, lang)
    environment.filters["markdown"] = markdown
    template = environment.get_template("debrief.html")

    drafts_decided = [v for v in debrief.votes if v.subject_kind == "draft"]
    met = [o for o in debrief.objectives if o.met is True]
    return template.render(
        lang=lang,
        dir=direction(lang),
        debrief=debrief,
        is_chair=debrief.viewer == CHAIR,
        viewer_name=debrief.name(debrief.viewer),
        places=charts_by_place(debrief.indicators, debrief.duration),
        pledge_counts=pledge_summary(debrief.pledges),
        drafts_decided=drafts_decided,
        points_met=sum(o.points for o in met),
        points_possible=sum(o.points for o in debrief.objectives if o.met is not None),
        papers=list(papers),
        rubric=rubric,
        students=list(students),
    )
