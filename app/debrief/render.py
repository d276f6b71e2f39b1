"""Render a :class:`~game_rules.report.debrief.Debrief` as one self-contained HTML page.

Jinja2 with autoescaping on: every string from a scenario or a delegate is inserted as text.
The page has no scripts; its CSS includes print rules, so "Print → Save as PDF" gives a report.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.debrief.charts import charts_by_place
from game_rules.report.debrief import Debrief, pledge_summary
from game_rules.session.state import CHAIR

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def _environment(templates: Path) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["clock"] = _clock
    return environment


def render_debrief(debrief: Debrief, *, templates: Path = TEMPLATES) -> str:
    """The debrief page for ``debrief.viewer`` (the chair, or one delegation)."""
    template = _environment(templates).get_template("debrief.html")
    drafts_decided = [v for v in debrief.votes if v.subject_kind == "draft"]
    met = [o for o in debrief.objectives if o.met is True]
    return template.render(
        debrief=debrief,
        is_chair=debrief.viewer == CHAIR,
        viewer_name=debrief.name(debrief.viewer),
        places=charts_by_place(debrief.indicators, debrief.duration),
        pledge_counts=pledge_summary(debrief.pledges),
        drafts_decided=drafts_decided,
        points_met=sum(o.points for o in met),
        points_possible=sum(o.points for o in debrief.objectives if o.met is not None),
    )
