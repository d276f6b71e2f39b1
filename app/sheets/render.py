"""The role sheets of a room as one self-contained, printable HTML page.

Each seat gets a page: its brief (Markdown, rendered by markdown-it with raw HTML off, so a
scenario's text is never markup), objectives, interests, red lines, allies (the brief's, its
groups, the partners it trusts) and what it may trade, the forum's rules in one
paragraph (the forum's own description) and how to join (the room code and a QR code). The last
page is the chair's script of the variant: what to do, and when each scripted event comes.
The page has no scripts; its print CSS sets the paper (A4 or Letter).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from app.i18n.catalogues import DEFAULT_LANGUAGE, direction
from app.i18n.web import install
from app.join_links import qr_svg
from app.safe_markdown import markdown
from game_rules.scenario.models import Forum, Scenario, Variant
from game_rules.session.scripting import (
    AtMinute,
    ChairButtonTrigger,
    DraftAdoptedTrigger,
    DraftFailedTrigger,
    IndicatorBelowTrigger,
    ScenarioEvent,
    VetoCastTrigger,
)
from game_rules.session.world import trust_key

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
Paper = Literal["a4", "letter"]
#: Trust at which another delegation counts as a partner on the sheet (the bots' ally line).
ALLY_TRUST = 60

@dataclass(frozen=True)
class Group:
    name: str
    others: list[str]


@dataclass(frozen=True)
class SeatSheet:
    actor: str
    name: str
    flag: str | None
    observer: bool
    position: Markup
    objectives: list[str]
    interests: list[str]
    red_lines: list[str]
    allies: list[str]
    groups: list[Group]
    partners: list[str]
    may_trade: list[str]


CueKind = Literal["minute", "adopted", "failed", "veto", "any_veto", "worse", "button"]


@dataclass(frozen=True)
class Cue:
    """One line of the chair's script: when (a minute, or what sets it off) and what; the
    template words ``kind`` with ``subject`` (a draft id, a place, a button's label)."""

    kind: CueKind
    minute: float | None
    subject: str
    title: str
    note: str | None


@dataclass(frozen=True)
class ChairScript:
    minutes: int
    cues: list[Cue]
    drafts: list[tuple[str, str, bool]]  # id, title, added by an event
    prompts: list[str]
    vote_by: int
    debrief_minutes: int
    speaking_time: int


def _first_paragraph(text: str | None) -> Markup | None:
    if not text:
        return None
    return markdown(text.strip().split("\n\n", 1)[0])


def seat_sheets(scenario: Scenario, forum: Forum, lang: str | None = None) -> list[SeatSheet]:
    """Each seat's page, its brief in ``lang`` where the scenario gives it (else its own)."""
    names = {actor.id: actor.name.in_language(lang) for actor in scenario.actors}
    blocs = {bloc.id: bloc for bloc in scenario.blocs}
    seated = forum.seat_ids()
    trust: dict[str, float] = {}
    for pair in scenario.trust.pairs:
        first, second = pair.between
        trust[trust_key(first, second)] = pair.value
        if not pair.one_way:
            trust[trust_key(second, first)] = pair.value
    sheets: list[SeatSheet] = []
    for actor_id in seated:
        actor = scenario.actor(actor_id)
        brief = scenario.briefs[actor_id]
        groups = [
            Group(
                name=blocs[bloc].name.in_language(lang),
                others=[
                    names[other.id] for other in scenario.actors
                    if bloc in other.blocs and other.id != actor_id and other.id in seated
                ],
            )
            for bloc in actor.blocs
            if bloc in blocs
        ]
        # A partner the brief already names as an ally is not listed twice.
        partners = [
            names[other] for other in seated
            if other != actor_id and other not in brief.allies
            and trust.get(trust_key(actor_id, other), scenario.trust.start) >= ALLY_TRUST
        ]
        sheets.append(
            SeatSheet(
                actor=actor_id,
                name=actor.name.in_language(lang),
                flag=actor.flag,
                observer=actor_id in forum.observers,
                position=markdown(brief.position.in_language(lang)),
                objectives=[objective.text.in_language(lang) for objective in brief.objectives],
                interests=[line.in_language(lang) for line in brief.interests],
                red_lines=[line.in_language(lang) for line in brief.red_lines],
                allies=[names[ally] for ally in brief.allies],
                groups=groups,
                partners=partners,
                may_trade=[line.in_language(lang) for line in brief.may_trade],
            )
        )
    return sheets


def _cue(scenario: Scenario, event: ScenarioEvent, lang: str | None) -> Cue:
    when = event.when
    places = {a.id: a.name.in_language(lang) for a in scenario.actors}
    places |= {r.id: r.name for r in scenario.regions}
    kind: CueKind
    minute: float | None = None
    subject = ""
    if isinstance(when, AtMinute):
        kind, minute = "minute", when.at_minute
    elif isinstance(when, DraftAdoptedTrigger):
        kind, subject = "adopted", when.draft_adopted
    elif isinstance(when, DraftFailedTrigger):
        kind, subject = "failed", when.draft_failed
    elif isinstance(when, VetoCastTrigger):
        kind, subject = ("veto", when.veto_cast.draft) if when.veto_cast.draft else ("any_veto", "")
    elif isinstance(when, IndicatorBelowTrigger):
        place = when.indicator_below.place
        kind, subject = "worse", places.get(place, place)
    else:
        assert isinstance(when, ChairButtonTrigger)
        kind, subject = "button", when.chair_button
    return Cue(
        kind=kind,
        minute=minute,
        subject=subject,
        title=event.title.in_language(lang),
        note=event.chair_note,
    )


def chair_script(scenario: Scenario, forum: Forum, lang: str | None = None) -> ChairScript:
    """The session of this cut on one page: its length, its timed events in order and what
    sets off the others, its drafts, and when to stop for the debrief."""
    cues = sorted(
        (_cue(scenario, event, lang) for event in scenario.events),
        key=lambda cue: (cue.minute is None, cue.minute or 0.0),
    )
    minutes = scenario.metadata.duration_minutes
    debrief_minutes = 10 if minutes >= 40 else 3
    return ChairScript(
        minutes=minutes,
        cues=cues,
        drafts=[
            (d.id, d.title.in_language(lang), d.hidden)
            for d in scenario.drafts
            if d.forum in (None, forum.id)
        ],
        prompts=[prompt.in_language(lang) for prompt in scenario.debrief.prompts],
        vote_by=minutes - debrief_minutes,
        debrief_minutes=debrief_minutes,
        speaking_time=round(forum.procedure.speaking_time),
    )


def _qr_data_uri(url: str, title: str) -> str:
    svg = qr_svg(url, title=title)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def render_role_sheets(
    scenario: Scenario,
    forum: Forum,
    variant: Variant | None,
    *,
    code: str,
    join_url: str,
    paper: Paper = "a4",
    lang: str = DEFAULT_LANGUAGE,
    templates: Path = TEMPLATES,
) -> str:
    environment = Environment(
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install(environment, lang)
    return environment.get_template("role_sheets.html").render(
        lang=lang,
        dir=direction(lang),
        scenario=scenario,
        forum=forum,
        variant=variant,
        title=scenario.metadata.title.in_language(lang),
        forum_name=forum.name.in_language(lang),
        rules=_first_paragraph(forum.description),
        sheets=seat_sheets(scenario, forum, lang),
        script=chair_script(scenario, forum, lang),
        code=code,
        join_url=join_url,
        qr=_qr_data_uri(join_url, f"Join room {code}"),
        paper=paper,
    )
