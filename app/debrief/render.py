"""Render a :class:`~game_rules.report.debrief.Debrief` as one self-contained HTML page.

Jinja2 with autoescaping on: every string from a scenario or a delegate is inserted as text.
The page has no scripts; its CSS includes print rules, so "Print → Save as PDF" gives a report.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.debrief.charts import charts_by_place
from app.i18n.catalogues import DEFAULT_LANGUAGE, direction
from app.i18n.web import install
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
    return install(environment, lang)


def render_debrief(
    debrief: Debrief, *, templates: Path = TEMPLATES, lang: str = DEFAULT_LANGUAGE
) -> str:
    """The debrief page for ``debrief.viewer`` (the chair, or one delegation), in ``lang``."""
    template = _environment(templates, lang).get_template("debrief.html")
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
    )
