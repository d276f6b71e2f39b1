"""The debrief: what happened in a session, worked out from its setup, its log and the scenario.

:func:`build_debrief` gives the chair's whole report; :func:`for_delegation` keeps only what one
delegation may see (its own objectives and pledges, no private notes of others). Objectives are
evaluated against the final state and the log, each with the evidence that decided it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from game_rules.engine.apply import replay
from game_rules.engine.narration import Narrator
from game_rules.messages import Message, say
from game_rules.report.cohesion import BlocCohesion, DraftVote, bloc_cohesion
from game_rules.report.what_if import WhatIf, what_if
from game_rules.scenario.setup import Scenario
from game_rules.session import events as ev
from game_rules.session.events import Event
from game_rules.session.localized import translated
from game_rules.session.rules_of_procedure import MOTION_KINDS
from game_rules.session.scripting import (
    AllOfCondition,
    AnyOfCondition,
    Condition,
    ConsentGivenCondition,
    ConsentRefusedCondition,
    ConsentToCondition,
    DraftAdoptedCondition,
    DraftNotAdoptedCondition,
    IndicatorCondition,
    NoneOfCondition,
    StatusCondition,
    TrustCondition,
    VetoCastCondition,
)
from game_rules.session.state import CHAIR, SessionSetup, SessionState, VotingItem
from game_rules.session.world import (
    AgendaItemRevealed,
    BotSeatAssigned,
    BotSeatReleased,
    ConsentDecided,
    EffectWithheld,
    IndicatorChanged,
    NewsPublished,
    Pledge,
    PledgeMade,
    PledgeResolved,
    ScriptedEventFired,
    SeatChanged,
    StatusChanged,
    WithheldReleased,
    World,
    consent_scope,
    dimension_order,
)
from game_rules.world.consent import clauses_as_filed

# ---------------------------------------------------------------------------------------------
# The report's parts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: float
    kind: str
    say: Message
    visible_to: tuple[str, ...] | None = None  # None: everyone

    @property
    def text(self) -> str:
        return self.say.english()


@dataclass(frozen=True)
class VoteRecord:
    vote_id: str
    at: float
    title: str
    subject_kind: str
    draft_id: str | None
    adopted: bool
    reason: str
    rule_name: str
    rule_text: str
    method: str
    secret: bool
    tally: Mapping[str, int]
    choices: Mapping[str, str]
    vetoed_by: tuple[str, ...] = ()
    what_if: tuple[WhatIf, ...] = ()  # the same ballots under other rules (drafts only)
    title_say: Message | None = None  # ``title`` as a message, for the debrief's language


@dataclass(frozen=True)
class SpeakingRecord:
    delegation: str
    name: str
    times: int
    seconds: float


@dataclass(frozen=True)
class AmendmentRecord:
    amendment_id: str
    draft_id: str
    proposer: str
    action: str
    status: str
    text: str


@dataclass(frozen=True)
class IndicatorSeries:
    place: str
    place_name: str
    dimension: str
    points: tuple[tuple[float, float], ...]
    # (at, before, after, cause): the cause as a message where the event has one
    changes: tuple[tuple[float, float, float, Message | str], ...]

    @property
    def start(self) -> float:
        return self.points[0][1]

    @property
    def end(self) -> float:
        return self.points[-1][1]


@dataclass(frozen=True)
class ObjectiveResult:
    delegation: str
    name: str
    text: str
    points: int
    met: bool | None  # None: the chair judges it
    evidence: str


@dataclass(frozen=True)
class Debrief:
    title: str
    forum: str
    language: str
    duration: float
    viewer: str
    timeline: tuple[TimelineEntry, ...]
    votes: tuple[VoteRecord, ...]
    speaking: tuple[SpeakingRecord, ...]
    amendments: tuple[AmendmentRecord, ...]
    pledges: tuple[Pledge, ...]
    indicators: tuple[IndicatorSeries, ...]
    objectives: tuple[ObjectiveResult, ...]
    prompts: tuple[str, ...]
    consent: Mapping[str, bool] = field(default_factory=dict)
    statuses: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    cohesion: tuple[BlocCohesion, ...] = ()  # per negotiating group and vote on a draft

    def name(self, actor: str) -> str:
        return self.names.get(actor, actor)


# ---------------------------------------------------------------------------------------------
# Decision rules in words
# ---------------------------------------------------------------------------------------------


def rule_name(setup: SessionSetup, rule: Mapping[str, Any]) -> str:
    """The forum's name for a rule mapping (``substantive``, ``chapter_vi``), or its kind."""
    for name, known in setup.rules.items():
        if dict(known) == dict(rule):
            return name
    return str(rule.get("name") or rule.get("kind") or "rule")


def vote_rule_name(
    state: SessionState,
    subject: VotingItem,
    rule: Mapping[str, Any],
    motion_kinds: Mapping[str, str] | None = None,
) -> str:
    """The name of the rule that decided a question: the draft's own rule, the forum's
    substantive or amendment rule, or the motion's threshold."""
    procedure = state.procedure
    candidate: object = None
    if subject.kind in ("draft", "division_part"):
        draft = state.draft(subject.draft_id or subject.ref)
        candidate = (draft.rule if draft is not None else None) or procedure.substantive_rule
    elif subject.kind == "amendment":
        candidate = procedure.amendment_rule
    else:
        motion_kind = (motion_kinds or {}).get(subject.ref)
        if motion_kind in MOTION_KINDS:
            spec = procedure.motion(motion_kind)
            candidate = spec.threshold
            if candidate == "automatic" and spec.objection_threshold is not None:
                candidate = spec.objection_threshold
    if isinstance(candidate, str):
        try:
            if dict(state.setup.rule(candidate)) == dict(rule):
                return candidate
        except KeyError:
            pass
    return rule_name(state.setup, rule)


def rule_in_words(rule: Mapping[str, Any]) -> str:
    kind = rule.get("kind", "majority")
    if kind == "majority":
        threshold = rule.get("at_least") or rule.get("more_than") or "1/2"
        word = "at least" if rule.get("at_least") else "more than"
        base = str(rule.get("base", "present_and_voting")).replace("_", " ")
        parts = [f"{word} {threshold} of members {base}"]
        if rule.get("min_yes") and str(threshold) == "0":
            parts = []  # Art. 27: a count of affirmative votes, no share
        if rule.get("min_yes"):
            parts.append(f"at least {rule['min_yes']} yes votes")
        if rule.get("veto"):
            parts.append(f"a no from {', '.join(rule['veto'])} is a veto")
        if rule.get("parties_abstain"):
            parts.append("parties to the dispute abstain (Charter Art. 27(3))")
        return "; ".join(parts)
    if kind == "consensus":
        return "consensus: adopted unless a participant objects"
    if kind == "unanimity":
        return "unanimity of the members"
    if kind == "weighted":
        return "weighted vote"
    if kind == "double_majority":
        return (
            f"double majority: {rule.get('states_at_least', '55%')} of states representing "
            f"{rule.get('population_at_least', '65%')} of the population"
        )
    return str(kind)


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


# The events the timeline tells, and the kind of each (a CSS class and a filter).
TIMELINE_KINDS: dict[type, str] = {
    ev.MeetingOpened: "meeting",
    ev.MeetingSuspended: "meeting",
    ev.MeetingAdjourned: "meeting",
    ev.AgendaSet: "agenda",
    ev.FloorGiven: "speech",
    ev.CaucusStarted: "caucus",
    ev.MotionProposed: "motion",
    ev.MotionDecided: "motion",
    ev.DraftSubmitted: "draft",
    ev.DraftIntroduced: "draft",
    ev.AmendmentSubmitted: "amendment",
    ev.AmendmentDecided: "amendment",
    ev.VoteClosed: "vote",
    ev.DraftDecided: "decision",
    ConsentDecided: "consent",
    EffectWithheld: "sovereignty",
    WithheldReleased: "sovereignty",
    ScriptedEventFired: "event",
    NewsPublished: "news",
    AgendaItemRevealed: "agenda",
    SeatChanged: "seat",
    StatusChanged: "status",
    PledgeMade: "pledge",
    PledgeResolved: "pledge",
    BotSeatAssigned: "seat",
    BotSeatReleased: "seat",
}


def _readers(event: Event) -> tuple[str, ...] | None:
    """Who may read a timeline entry (None: everyone); the debrief's only secrets."""
    match event:
        case NewsPublished(news=news):
            return tuple(news.to) or None
        case PledgeMade(pledge=pledge):
            return (pledge.pledger, pledge.recipient)
        case PledgeResolved(pledger=pledger, recipient=recipient):
            return (pledger, recipient)
    return None


def _timeline(state: SessionState, events: Sequence[Event], start: float) -> list[TimelineEntry]:
    """The session's story in the narration's words (one sentence per event, as the log says
    it), with the chair's notes on scripted events for the chair alone."""
    narrator = Narrator(state)
    entries: list[TimelineEntry] = []
    for event in events:
        kind = TIMELINE_KINDS.get(type(event))
        message = narrator.narrate(event) if kind is not None else None
        if kind is None or message is None:
            continue
        entries.append(TimelineEntry(event.at - start, kind, message, _readers(event)))
        if isinstance(event, ScriptedEventFired) and event.chair_note:
            note = say("Chair's note: {note}", note=event.chair_note)
            entries.append(TimelineEntry(event.at - start, "chair_note", note, (CHAIR,)))
    return entries


def _votes(state: SessionState, events: Sequence[Event], start: float) -> list[VoteRecord]:
    opened = {e.vote.id: e.vote for e in events if isinstance(e, ev.VoteOpened)}
    kinds = {e.motion.id: e.motion.kind for e in events if isinstance(e, ev.MotionProposed)}
    records = []
    for event in events:
        if not isinstance(event, ev.VoteClosed):
            continue
        result = event.result
        vote = opened.get(result.vote_id)
        rule = vote.rule if vote is not None else {}
        records.append(
            VoteRecord(
                vote_id=result.vote_id,
                at=event.at - start,
                title=result.title,
                title_say=result.title_say,
                subject_kind=result.subject.kind,
                draft_id=result.subject.draft_id
                or (result.subject.ref if result.subject.kind == "draft" else None),
                adopted=result.adopted,
                reason=result.reason,
                rule_name=vote_rule_name(state, result.subject, rule, kinds),
                rule_text=rule_in_words(rule),
                method=result.method,
                secret=result.secret,
                tally=dict(result.tally),
                choices=dict(result.choices),
                vetoed_by=tuple(event.outcome.get("vetoed_by") or ()),
                what_if=what_if(
                    rule,
                    result.choices,
                    [d.as_decision_member() for d in state.setup.members],
                )
                if result.subject.kind == "draft"
                else (),
            )
        )
    return records


FLOOR_CLOSERS = (
    ev.FloorEnded,
    ev.MeetingSuspended,
    ev.MeetingAdjourned,
    ev.CaucusStarted,
    ev.VotingProcedureStarted,
)


def _speaking(state: SessionState, events: Sequence[Event]) -> list[SpeakingRecord]:
    times: dict[str, int] = {}
    seconds: dict[str, float] = {}
    current: tuple[str, float] | None = None
    for event in events:
        if isinstance(event, ev.FloorGiven):
            if current is not None:
                seconds[current[0]] = seconds.get(current[0], 0.0) + event.at - current[1]
            times[event.speaker] = times.get(event.speaker, 0) + 1
            current = (event.speaker, event.at)
        elif isinstance(event, FLOOR_CLOSERS) and current is not None:
            seconds[current[0]] = seconds.get(current[0], 0.0) + event.at - current[1]
            current = None
    if current is not None:
        seconds[current[0]] = seconds.get(current[0], 0.0) + state.last_event_at - current[1]
    delegations = (*state.setup.members, *state.setup.observers)
    return [
        SpeakingRecord(d.id, d.name, times.get(d.id, 0), round(seconds.get(d.id, 0.0), 1))
        for d in delegations
    ]


def _series(
    start_world: World, events: Sequence[Event], start: float
) -> list[IndicatorSeries]:
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    changes: dict[tuple[str, str], list[tuple[float, float, float, Message | str]]] = {}
    for place, dims in start_world.indicators.items():
        for dimension, value in dims.items():
            points[(place, dimension)] = [(0.0, value)]
            changes[(place, dimension)] = []
    for event in events:
        if isinstance(event, IndicatorChanged):
            key = (event.place, event.dimension)
            points.setdefault(key, []).append((event.at - start, event.after))
            changes.setdefault(key, []).append(
                (event.at - start, event.before, event.after, event.cause.message())
            )
    names = start_world.rules.place_names
    ordered = sorted(points, key=lambda k: (k[0], dimension_order(k[1])))
    return [
        IndicatorSeries(
            place=place,
            place_name=names.get(place, place),
            dimension=dimension,
            points=tuple(points[(place, dimension)]),
            changes=tuple(changes.get((place, dimension), [])),
        )
        for place, dimension in ordered
    ]


# ---------------------------------------------------------------------------------------------
# Objectives
# ---------------------------------------------------------------------------------------------


def evaluate(
    condition: Condition, state: SessionState, events: Sequence[Event]
) -> tuple[bool, str]:
    """Whether ``condition`` holds at the end of the session, and the evidence."""
    world = state.world
    name = state.setup.name_of
    match condition:
        case DraftAdoptedCondition(draft_adopted=draft_id):
            draft = state.draft(draft_id)
            if draft is None or draft.status != "adopted":
                status = "never tabled" if draft is None else draft.status
                return False, f"Draft {draft_id} was not adopted ({status})."
            # "With clause 2" means clause 2 as filed: reworded or swapped for a variant, it is
            # another text (Habitat: the compromise wording is not the right to the city).
            ids = clauses_as_filed(state, draft_id)
            missing = [n for n in condition.with_clause if f"OP{n}" not in ids]
            present = [n for n in condition.without_clause if f"OP{n}" in ids]
            if missing:
                return False, (
                    f"Draft {draft_id} was adopted without operative clause(s) "
                    f"{', '.join(map(str, missing))} as filed."
                )
            if present:
                return False, (
                    f"Draft {draft_id} was adopted but still contains operative clause(s) "
                    f"{', '.join(map(str, present))}."
                )
            extra = ""
            if condition.with_clause:
                extra += f" with clause(s) {', '.join(map(str, condition.with_clause))}"
            if condition.without_clause:
                extra += f" without clause(s) {', '.join(map(str, condition.without_clause))}"
            return True, f"Draft {draft_id} was adopted{extra}."
        case DraftNotAdoptedCondition(draft_not_adopted=draft_id):
            draft = state.draft(draft_id)
            if draft is not None and draft.status == "adopted":
                return False, f"Draft {draft_id} was adopted."
            status = "never tabled" if draft is None else draft.status
            return True, f"Draft {draft_id} was not adopted ({status})."
        case IndicatorCondition(indicator=test):
            value = world.indicator(test.place, test.dimension)
            place_name = world.rules.place_names.get(test.place, test.place)
            label = f"{test.dimension} security in {place_name}"
            if value is None:
                return False, f"The scenario does not track {label}."
            ok = (test.at_least is None or value >= test.at_least) and (
                test.at_most is None or value <= test.at_most
            )
            bound = " and ".join(
                b
                for b in (
                    f"at least {test.at_least:g}" if test.at_least is not None else "",
                    f"at most {test.at_most:g}" if test.at_most is not None else "",
                )
                if b
            )
            return ok, f"{label[0].upper()}{label[1:]} ended at {value:g} (needed {bound})."
        case TrustCondition(trust=test):
            first, second = test.between
            value = world.trust_between(first, second)
            ok = (test.at_least is None or value >= test.at_least) and (
                test.at_most is None or value <= test.at_most
            )
            return ok, f"Trust between {name(first)} and {name(second)} ended at {value:g}."
        case StatusCondition(status=test):
            has = test.has in world.status_of(test.actor)
            return has, f"{name(test.actor)} {'has' if has else 'does not have'} status {test.has}."
        case ConsentGivenCondition(consent_given=host):
            record = world.consent_of(host)
            if record is None:
                return False, f"{name(host)} never answered."
            return record.given, f"{name(host)} {'gave' if record.given else 'refused'} consent."
        case ConsentRefusedCondition(consent_refused=host):
            record = world.consent_of(host)
            if record is None:
                return False, f"{name(host)} never answered."
            refused = not record.given
            return refused, f"{name(host)} {'refused' if refused else 'gave'} consent."
        case ConsentToCondition(consent_to=test):
            if test.clause is not None:
                draft_id, _, clause_id = test.clause.partition("/")
                provider = world.rules.terms(draft_id, clause_id).provider
                record = world.consent_for(test.state, test.clause, provider)
                scope = f"to {test.clause}"
            else:
                record = world.consent_limited.get(consent_scope(test.state, None, test.provider))
                record = record or world.consent_of(test.state)
                scope = f"to {name(test.provider or '')}"
            if record is None:
                return False, f"{name(test.state)} never answered {scope}."
            answers = [
                e for e in events
                if isinstance(e, ConsentDecided) and e.state == test.state
                and (e.clause, e.provider) == (record.clause, record.provider)
            ]
            withdrawn = bool(answers) and answers[-1].withdrawn
            verb = "gave its consent" if record.given else (
                "withdrew its consent" if withdrawn else "refused its consent"
            )
            return record.given, f"{name(test.state)} {verb} {scope}."
        case VetoCastCondition(veto_cast=spec):
            for event in events:
                if isinstance(event, ev.VoteClosed):
                    subject = event.result.subject
                    draft_id = subject.draft_id or subject.ref
                    for voter in event.outcome.get("vetoed_by") or ():
                        if spec.draft in (None, draft_id) and spec.by in (None, voter):
                            return True, f"{name(voter)} vetoed {event.result.title}."
            return False, "No matching veto was cast."
        case AllOfCondition(all_of=parts):
            results = [evaluate(p, state, events) for p in parts]
            return all(r[0] for r in results), _each_once(r[1] for r in results)
        case AnyOfCondition(any_of=parts):
            results = [evaluate(p, state, events) for p in parts]
            return any(r[0] for r in results), _each_once(r[1] for r in results)
        case NoneOfCondition(none_of=parts):
            results = [evaluate(p, state, events) for p in parts]
            return not any(r[0] for r in results), _each_once(r[1] for r in results)
    return False, "This check is not understood."


def _each_once(sentences: Iterable[str]) -> str:
    """The evidence of several checks, each sentence once (two checks on one draft both say
    it was never tabled)."""
    return " ".join(dict.fromkeys(sentences))


def _objectives(
    scenario: Scenario, state: SessionState, events: Sequence[Event], language: str | None
) -> list[ObjectiveResult]:
    results = []
    seats = [d.id for d in (*state.setup.members, *state.setup.observers)]
    for seat in seats:
        brief = scenario.briefs.get(seat)
        if brief is None:
            continue
        for objective in brief.objectives:
            if objective.check is None:
                met, evidence = None, "Judged by the chair: no automatic check."
            else:
                met, evidence = evaluate(objective.check, state, events)
            results.append(
                ObjectiveResult(
                    delegation=seat,
                    name=state.setup.name_of(seat),
                    text=objective.text.in_language(language),
                    points=objective.points,
                    met=met,
                    evidence=evidence,
                )
            )
    return results


def build_debrief(
    scenario: Scenario,
    start: SessionState,
    events: Iterable[Event],
    *,
    state: SessionState | None = None,
    language: str | None = None,
) -> Debrief:
    """The chair's debrief of a session that began as ``start`` and produced ``events``; the
    scenario's own texts in ``language`` where it gives them (else in its own language)."""
    events = list(events)
    final = state if state is not None else replay(start, events)
    t0 = start.started_at
    world = final.world
    delegations = (*final.setup.members, *final.setup.observers)
    names = dict(world.rules.place_names)
    names.update({d.id: translated(d.i18n, language, "name", d.name) for d in delegations})
    amendments = tuple(
        AmendmentRecord(
            amendment_id=a.id,
            draft_id=a.draft_id,
            proposer=a.proposer,
            action=a.action,
            status=a.status,
            text=a.clause.text if a.clause is not None else f"delete {a.target_clause}",
        )
        for a in final.amendments
    )
    return Debrief(
        title=scenario.metadata.title.in_language(language),
        forum=final.setup.forum_name,
        language=scenario.metadata.language,
        duration=final.last_event_at - t0,
        viewer=CHAIR,
        timeline=tuple(_timeline(final, events, t0)),
        votes=tuple(_votes(final, events, t0)),
        speaking=tuple(_speaking(final, events)),
        amendments=amendments,
        pledges=world.pledges,
        indicators=tuple(_series(start.world, events, t0)),
        objectives=tuple(_objectives(scenario, final, events, language)),
        prompts=tuple(prompt.in_language(language) for prompt in scenario.debrief.prompts),
        consent={host: record.given for host, record in world.consent.items()},
        statuses={actor: dict(s) for actor, s in world.statuses.items() if s},
        names=names,
        cohesion=tuple(bloc_cohesion(final, draft_votes(events))),
    )


def draft_votes(events: Sequence[Event]) -> list[DraftVote]:
    """Votes on a whole draft, closed or (in a consensus forum) a call for objections that
    failed and opened consultations: both are moments a group holds or breaks."""
    ballots: dict[str, dict[str, str]] = {}
    votes = []
    for e in events:
        if isinstance(e, ev.VoteOpened):
            ballots[e.vote.id] = {}
        elif isinstance(e, ev.BallotCast) and not e.hidden:
            ballots.setdefault(e.vote_id, {})[e.voter] = e.choice
        elif isinstance(e, ev.VoteClosed) and e.result.subject.kind == "draft":
            votes.append(
                DraftVote(
                    vote_id=e.result.vote_id,
                    draft_id=e.result.subject.ref,
                    closed_at=e.at,
                    choices=dict(e.result.choices),
                )
            )
        elif isinstance(e, ev.ConsultationsOpened):
            votes.append(
                DraftVote(
                    vote_id=e.vote_id,
                    draft_id=e.draft_id,
                    closed_at=e.at,
                    choices=dict(ballots.get(e.vote_id, {})),
                )
            )
    return votes


def for_delegation(debrief: Debrief, seat: str) -> Debrief:
    """What one delegation sees: public facts, its own objectives, its own pledges.

    Secret ballots already carry no choices; pledges and news addressed to others are dropped.
    """
    return replace(
        debrief,
        viewer=seat,
        timeline=tuple(
            e for e in debrief.timeline if e.visible_to is None or seat in e.visible_to
        ),
        pledges=tuple(p for p in debrief.pledges if seat in (p.pledger, p.recipient)),
        objectives=tuple(o for o in debrief.objectives if o.delegation == seat),
    )


def pledge_summary(pledges: Iterable[Pledge]) -> dict[str, int]:
    counts = {"kept": 0, "broken": 0, "open": 0}
    for pledge in pledges:
        if pledge.status in counts:
            counts[pledge.status] += 1
    return counts


__all__ = [
    "AmendmentRecord",
    "BlocCohesion",
    "Debrief",
    "IndicatorSeries",
    "ObjectiveResult",
    "SpeakingRecord",
    "TimelineEntry",
    "VoteRecord",
    "build_debrief",
    "draft_votes",
    "evaluate",
    "for_delegation",
    "pledge_summary",
    "rule_in_words",
    "rule_name",
]
