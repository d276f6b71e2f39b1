"""Checks that need the whole scenario: every id names something, every rule has what it needs.

:func:`check_scenario` returns :class:`Finding` values, each with the path of the value at fault
inside the file (``("forums", 0, "members", 3)``), so the loader can print its line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from game_rules.decision.rules import DoubleMajorityRule, MajorityRule, WeightedRule, parse_fraction
from game_rules.errors import MalformedRule
from game_rules.scenario.iso3166 import ISO_3166_ALPHA3
from game_rules.scenario.models import Draft, Forum, Scenario, Variant
from game_rules.scenario.variants import (
    dropped_drafts,
    kept_ids,
    scenario_variant,
    variant_seat_ids,
)
from game_rules.session.localized import Localized
from game_rules.session.rules_of_procedure import AUTOMATIC, BUILTIN_RULES, CHAIR_DECIDES
from game_rules.session.scripting import (
    AddAgendaItemAction,
    AddDraftAction,
    AllOfCondition,
    AnyOfCondition,
    AtMinute,
    BotAmendment,
    ChairButtonTrigger,
    Condition,
    ConsentGivenCondition,
    ConsentRefusedCondition,
    ConsentToCondition,
    DraftAdoptedCondition,
    DraftAdoptedTrigger,
    DraftFailedTrigger,
    DraftNotAdoptedCondition,
    Effect,
    IndicatorBelowTrigger,
    IndicatorCondition,
    IndicatorEffect,
    NewsAction,
    NoneOfCondition,
    SeatAction,
    StatusCondition,
    StatusEffect,
    TrustCondition,
    TrustEffect,
    VetoCastCondition,
    VetoCastTrigger,
    VetoSpec,
)
from game_rules.session.state import RESERVED_IDS

Path = tuple[str | int, ...]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, what is wrong, and how to fix it."""

    path: Path
    message: str
    hint: str
    at_key: bool = False
    severity: Severity = "error"


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'food'?)`` when a close option exists, else ``""``."""
    by_lower = {option.lower(): option for option in options}
    if word.lower() in by_lower:
        return f" (did you mean {by_lower[word.lower()]!r}?)"
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean {by_lower[close[0]]!r}?)" if close else ""


def _listing(options: Iterable[str], limit: int = 12) -> str:
    ordered = sorted(options)
    shown = ", ".join(ordered[:limit])
    return shown + (f" ... ({len(ordered)} in all)" if len(ordered) > limit else "")


class _Checker:
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.findings: list[Finding] = []
        self.actors = {a.id: a for a in scenario.actors}
        self.regions = {r.id for r in scenario.regions}
        self.blocs = {b.id for b in scenario.blocs}
        self.forums = {f.id: f for f in scenario.forums}
        self.items = {i.id: i for i in scenario.agenda}
        self.drafts = {d.id: d for d in scenario.drafts}
        self.tracked = {
            (place.place, dimension)
            for place in scenario.indicators.places
            for dimension in place.start
        }
        self.seats = {seat for forum in scenario.forums for seat in forum.seat_ids()}
        self.seats |= variant_seat_ids(scenario)

    # -- helpers ---------------------------------------------------------------------------

    def problem(self, path: Path, message: str, hint: str, *, at_key: bool = False) -> None:
        self.findings.append(Finding(path, message, hint, at_key))

    def reference(
        self, path: Path, value: str, known: Iterable[str], what: str, hint: str
    ) -> bool:
        options = set(known)
        if value in options:
            return True
        self.problem(
            path,
            f"{value!r} names no {what}{did_you_mean(value, options)}",
            hint + (f"; known: {_listing(options)}" if options else ""),
        )
        return False

    def actor_ref(self, path: Path, value: str) -> bool:
        return self.reference(
            path, value, self.actors, "actor", "use the `id` of an entry under `actors:`"
        )

    def unique(self, path: Path, ids: Sequence[str], what: str) -> None:
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id in seen:
                self.problem(
                    (*path, index, "id"),
                    f"the {what} id {item_id!r} is used twice",
                    f"give each {what} its own id",
                )
            seen.add(item_id)

    def forum_of(self, path: Path, forum_id: str | None, what: str) -> Forum | None:
        if forum_id is None:
            if len(self.s.forums) == 1:
                return self.s.forums[0]
            self.problem(
                path,
                f"this {what} does not say which forum it belongs to",
                f"add `forum:` with one of {_listing(self.forums)}",
            )
            return None
        if self.reference(
            (*path, "forum"), forum_id, self.forums, "forum", "use the `id` of a forum"
        ):
            return self.forums[forum_id]
        return None

    def tracked_indicator(self, path: Path, place: str, dimension: str) -> None:
        if place not in self.actors and place not in self.regions:
            self.reference(
                (*path, "place"),
                place,
                {*self.actors, *self.regions},
                "actor or region",
                "use an actor id or a region id",
            )
        elif (place, dimension) not in self.tracked:
            self.problem(
                (*path, "dimension"),
                f"{place}'s {dimension} security has no starting value",
                f"add `{dimension}: <0-100>` to the `start:` of {place} under "
                "`indicators: places:`",
            )

    def start_value(self, place: str, dimension: str) -> float | None:
        for entry in self.s.indicators.places:
            if entry.place == place:
                for key, value in entry.start.items():
                    if key == dimension:
                        return value
        return None

    def draft_ref(self, path: Path, draft_id: str) -> Draft | None:
        if self.reference(path, draft_id, self.drafts, "draft", "use the `id` of a draft"):
            return self.drafts[draft_id]
        return None

    # -- parts -----------------------------------------------------------------------------

    def check_ids(self) -> None:
        s = self.s
        self.unique(("actors",), [a.id for a in s.actors], "actor")
        self.unique(("blocs",), [b.id for b in s.blocs], "bloc")
        self.unique(("regions",), [r.id for r in s.regions], "region")
        self.unique(("forums",), [f.id for f in s.forums], "forum")
        self.unique(("agenda",), [i.id for i in s.agenda], "agenda item")
        self.unique(("drafts",), [d.id for d in s.drafts], "draft")
        self.unique(("events",), [e.id for e in s.events], "event")
        for index, region in enumerate(s.regions):
            if region.id in self.actors:
                self.problem(
                    ("regions", index, "id"),
                    f"the region id {region.id!r} is also an actor id",
                    "give the region a different id, or track the actor itself",
                )

    def check_actors(self) -> None:
        for index, actor in enumerate(self.s.actors):
            path: Path = ("actors", index)
            if actor.id.lower() in RESERVED_IDS:
                self.problem(
                    (*path, "id"),
                    f"{actor.id!r} is reserved by Plenary",
                    "choose another id",
                )
            if actor.kind == "state" and not actor.fictional:
                if actor.id not in ISO_3166_ALPHA3:
                    self.problem(
                        (*path, "id"),
                        f"{actor.id!r} is not an ISO 3166-1 alpha-3 country code"
                        f"{did_you_mean(actor.id.upper(), ISO_3166_ALPHA3)}",
                        "use the state's three-letter code (France is FRA), or add "
                        "`fictional: true` for an invented state",
                    )
            elif actor.fictional and actor.id in ISO_3166_ALPHA3:
                self.problem(
                    (*path, "id"),
                    f"the fictional actor uses the real country code {actor.id!r}",
                    "choose an id that is not a real country's code",
                )
            if actor.fictional and actor.kind != "state":
                self.problem(
                    (*path, "fictional"),
                    "`fictional` only applies to states",
                    "remove `fictional: true`; other actors' ids are free",
                )
            for bloc_index, bloc in enumerate(actor.blocs):
                self.reference(
                    (*path, "blocs", bloc_index),
                    bloc,
                    self.blocs,
                    "bloc",
                    "declare the bloc under `blocs:` at the top level",
                )

    def check_blocs(self) -> None:
        """A coordinator is one of the group's own members, and only real negotiating groups
        (not categories such as the P5) have one or a channel the chair may read."""
        for index, bloc in enumerate(self.s.blocs):
            path: Path = ("blocs", index)
            if bloc.coordinator is not None and self.actor_ref(
                (*path, "coordinator"), bloc.coordinator
            ) and bloc.id not in self.actors[bloc.coordinator].blocs:
                self.problem(
                    (*path, "coordinator"),
                    f"{bloc.coordinator} coordinates {bloc.id} but is not one of its members",
                    f"add {bloc.id} to the `blocs:` of {bloc.coordinator} under `actors:`, "
                    "or name a member as coordinator",
                )
            for key, value in (
                ("coordinator", bloc.coordinator is not None),
                ("chair_reads_notes", bloc.chair_reads_notes),
            ):
                if value and not bloc.negotiating:
                    self.problem(
                        (*path, key),
                        f"{bloc.id} is not a negotiating group, so it has no `{key}`",
                        "add `negotiating: true` if it negotiates as a group (G77 and China, "
                        f"the EU, AOSIS...), or remove `{key}` (a category such as the P5 "
                        "agrees no common line)",
                    )

    def check_forum(self, index: int, forum: Forum) -> None:
        path: Path = ("forums", index)
        members = forum.member_ids()
        for seat_index, seat in enumerate(forum.members):
            self.actor_ref((*path, "members", seat_index), seat.actor)
        for obs_index, observer in enumerate(forum.observers):
            where = (*path, "observers", obs_index)
            if self.actor_ref(where, observer) and observer in members:
                self.problem(
                    where,
                    f"{observer} is both a member and an observer of {forum.id}",
                    "list it under `members:` or `observers:`, not both",
                )
        for press_index, reporter in enumerate(forum.press):
            where = (*path, "press", press_index)
            if not self.actor_ref(where, reporter):
                continue
            if reporter in members or reporter in forum.observers:
                self.problem(
                    where,
                    f"{reporter} has two seats in {forum.id}",
                    "list a press seat under `press:` only",
                )
            if self.s.actor(reporter).kind != "press":
                self.problem(
                    where,
                    f"{reporter} is not a press actor",
                    f"give {reporter} `kind: press` under `actors:`, or seat it as an observer",
                )
        for group, ids in (("members", members), ("observers", forum.observers)):
            seen: set[str] = set()
            for seat_index, seat_id in enumerate(ids):
                if seat_id in seen:
                    self.problem(
                        (*path, group, seat_index),
                        f"{seat_id} is listed twice",
                        "list each seat once",
                    )
                seen.add(seat_id)
        for name, rule in forum.rules.items():
            rule_path = (*path, "rules", name)
            if isinstance(rule, MajorityRule):
                for veto_index, holder in enumerate(rule.veto):
                    if holder not in members:
                        self.problem(
                            (*rule_path, "veto", veto_index),
                            f"veto holder {holder!r} is not a member of {forum.id}"
                            f"{did_you_mean(holder, members)}",
                            "list only member ids under `veto:`",
                        )
                if rule.min_yes > len(members):
                    self.problem(
                        (*rule_path, "min_yes"),
                        f"min_yes {rule.min_yes} is more than the {len(members)} members",
                        "lower `min_yes` or add members",
                    )
            elif isinstance(rule, DoubleMajorityRule):
                for seat_index, seat_id in enumerate(members):
                    actor = self.actors.get(seat_id)
                    if actor is not None and actor.population is None:
                        self.problem(
                            (*path, "members", seat_index),
                            f"rule {name!r} is a double majority, which counts population, "
                            f"but {seat_id} has no population",
                            f"add `population:` to actor {seat_id}",
                        )
            elif isinstance(rule, WeightedRule):
                for seat_index, seat in enumerate(forum.members):
                    if seat.weight is None:
                        self.problem(
                            (*path, "members", seat_index),
                            f"rule {name!r} is weighted, but {seat.actor} has no weight",
                            f"write the member as `{{actor: {seat.actor}, weight: <votes>}}`",
                        )
        known_rules = {*forum.rules, *BUILTIN_RULES}
        procedure = forum.procedure
        thresholds: list[tuple[Path, object]] = [
            ((*path, "procedure", "substantive_rule"), procedure.substantive_rule),
            ((*path, "procedure", "amendment_rule"), procedure.amendment_rule),
        ]
        for kind, spec in procedure.motions.items():
            thresholds.append(((*path, "procedure", "motions", kind, "threshold"), spec.threshold))
            thresholds.append(
                ((*path, "procedure", "motions", kind, "objection_threshold"),
                 spec.objection_threshold)
            )
        for where, threshold in thresholds:
            if isinstance(threshold, str) and threshold not in (CHAIR_DECIDES, AUTOMATIC):
                self.reference(
                    where, threshold, known_rules, "decision rule",
                    "name a rule under this forum's `rules:` (or procedural, substantive, "
                    "two_thirds), or write `chair` or `automatic`",
                )
        try:
            share = parse_fraction(procedure.signatory_share, "signatory_share")
            if not 0 <= share <= 1:
                raise MalformedRule("out of range")
        except MalformedRule:
            self.problem(
                (*path, "procedure", "signatory_share"),
                f"signatory_share {procedure.signatory_share!r} is not a share between 0 and 1",
                'write a fraction such as "1/5" or "20%"',
            )

    def check_agenda(self) -> None:
        for index, item in enumerate(self.s.agenda):
            path: Path = ("agenda", index)
            self.forum_of(path, item.forum, "agenda item")
            for place_index, place in enumerate(item.places):
                self.reference(
                    (*path, "places", place_index), place, {*self.actors, *self.regions},
                    "actor or region", "use an actor id or a region id",
                )
            if item.hidden and not any(
                isinstance(a, AddAgendaItemAction) and a.add_agenda_item == item.id
                for e in self.s.events for a in e.actions
            ):
                self.problem(
                    (*path, "hidden"),
                    f"agenda item {item.id} is hidden but no event adds it",
                    f"add an event action `add_agenda_item: {item.id}`, or remove `hidden`",
                )

    def check_indicators(self) -> None:
        seen: set[str] = set()
        for index, place in enumerate(self.s.indicators.places):
            path: Path = ("indicators", "places", index)
            self.reference(
                (*path, "place"), place.place, {*self.actors, *self.regions},
                "actor or region", "use an actor id or a region id (declare regions under "
                "`regions:`)",
            )
            if place.place in seen:
                self.problem(
                    (*path, "place"),
                    f"{place.place} has two indicator entries",
                    "merge them into one entry",
                )
            seen.add(place.place)
            for dimension in place.drift:
                if dimension not in place.start:
                    self.problem(
                        (*path, "drift", dimension),
                        f"{dimension} drifts but has no starting value",
                        f"add `{dimension}:` under `start:` too",
                    )
        for index, pair in enumerate(self.s.trust.pairs):
            self.pair((("trust", "pairs", index, "between")), pair.between)

    def pair(self, path: Path, between: Sequence[str]) -> None:
        for i, actor_id in enumerate(between):
            self.actor_ref((*path, i), actor_id)
        if len(between) == 2 and between[0] == between[1]:
            self.problem(path, "trust is between two different actors", "name two actors")

    def check_frames(self) -> None:
        """Frames name real actors; a variant's frame is one of the scenario's."""
        names = {f.id for f in self.s.frames}
        seen: set[str] = set()
        for index, frame in enumerate(self.s.frames):
            if frame.id in seen:
                self.problem(("frames", index, "id"), f"two frames are called {frame.id}",
                             "give each frame its own id")
            seen.add(frame.id)
            for i, actor_id in enumerate(frame.held_by):
                self.actor_ref(("frames", index, "held_by", i), actor_id)
        for d, draft in enumerate(self.s.drafts):
            for c, clause in enumerate(draft.operative):
                for v, written in enumerate(clause.variants):
                    if written.frame is not None and written.frame not in names:
                        self.problem(
                            ("drafts", d, "operative", c, "variants", v, "frame"),
                            f"no frame is called {written.frame}",
                            "use the `id` of one of the scenario's `frames:`",
                        )

    def check_bot_amendment(self, path: Path, wanted: BotAmendment) -> None:
        """The draft, clause and variant a bot's amendment names must exist."""
        if not self.reference(
            (*path, "draft"), wanted.draft, self.drafts, "draft", "use the `id` of a draft"
        ):
            return
        operative = self.drafts[wanted.draft].operative
        if wanted.action != "add" and (wanted.clause is None or wanted.clause > len(operative)):
            self.problem(
                (*path, "clause"),
                f"draft {wanted.draft} has {len(operative)} operative clauses",
                "give the number of the clause to modify or delete",
            )
            return
        if wanted.action == "add" and wanted.text is None:
            self.problem((*path, "text"), "an added clause needs its text", "add `text:`")
        if wanted.variant is not None and wanted.clause is not None:
            names = [v.id for v in operative[wanted.clause - 1].variants]
            if wanted.variant not in names:
                self.problem(
                    (*path, "variant"),
                    f"clause {wanted.clause} of {wanted.draft} has no variant {wanted.variant}",
                    f"use one of: {', '.join(names) or 'none (add `variants:` to the clause)'}",
                )

    def check_effects(self, path: Path, effects: Sequence[Effect]) -> None:
        for index, effect in enumerate(effects):
            where = (*path, index)
            if isinstance(effect, IndicatorEffect):
                change = effect.indicator
                self.tracked_indicator((*where, "indicator"), change.place, change.dimension)
            elif isinstance(effect, TrustEffect):
                self.pair((*where, "trust", "between"), effect.trust.between)
            elif isinstance(effect, StatusEffect):
                self.actor_ref((*where, "status", "actor"), effect.status.actor)

    def check_draft(self, index: int, draft: Draft) -> None:
        path: Path = ("drafts", index)
        forum = self.forum_of(path, draft.forum, "draft")
        if draft.agenda_item is not None and self.reference(
            (*path, "agenda_item"), draft.agenda_item, self.items, "agenda item",
            "use the `id` of an agenda item",
        ):
            item = self.items[draft.agenda_item]
            if forum is not None and item.forum not in (None, forum.id):
                self.problem(
                    (*path, "agenda_item"),
                    f"agenda item {item.id} belongs to forum {item.forum}, not {forum.id}",
                    "file the draft in the forum that discusses the item",
                )
        if forum is None:
            return
        may_sign = forum.member_ids() + (
            forum.observers
            if forum.procedure.observers_may_sign
            else list(forum.procedure.observers_with_proposal_rights)
        )
        for group in ("sponsors", "signatories"):
            for i, actor_id in enumerate(getattr(draft, group)):
                where = (*path, group, i)
                if self.actor_ref(where, actor_id) and actor_id not in may_sign:
                    self.problem(
                        where,
                        f"{actor_id} has no seat in {forum.id} that may sign drafts",
                        "add it to the forum's members (or observers, with "
                        "`procedure: {observers_may_sign: true}`)",
                    )
        rule_name = draft.rule
        rule = None
        if rule_name is not None and self.reference(
            (*path, "rule"), rule_name, {*forum.rules, *BUILTIN_RULES}, "decision rule",
            f"name one of the rules of {forum.id}",
        ):
            rule = forum.rules.get(rule_name)
        if draft.chapter == "vii" and not forum.chapter_vii:
            self.problem(
                (*path, "chapter"),
                f"forum {forum.id} cannot act under Chapter VII",
                "only the Security Council can (Charter Art. 39-42); set `chapter_vii: true` "
                "on the forum or change the draft's chapter",
            )
        members = forum.member_ids()
        for i, party in enumerate(draft.parties):
            if self.actor_ref((*path, "parties", i), party) and party not in members:
                self.problem(
                    (*path, "parties", i),
                    f"party {party} is not a member of {forum.id}; Art. 27(3) binds members only",
                    "list only members; a non-member party takes part without a vote "
                    "(list it under `observers:`)",
                )
        abstains = isinstance(rule, MajorityRule) and rule.parties_abstain
        if draft.parties and not abstains:
            self.problem(
                (*path, "parties"),
                "parties are listed but the draft's rule does not make parties abstain",
                "set `rule:` to a rule with `parties_abstain: true` (Charter Art. 27(3))",
            )
        if abstains and draft.chapter == "vii":
            self.problem(
                (*path, "rule"),
                "a Chapter VII draft is decided by a rule where parties must abstain",
                "Art. 27(3) applies to Chapter VI only; use the forum's substantive rule",
            )
        for i, clause in enumerate(draft.operative):
            where = (*path, "operative", i)
            self.check_effects((*where, "effects"), clause.effects)
            self.check_effects((*where, "non_coercive_effects"), clause.non_coercive_effects)
            seen_variants: set[str] = set()
            for k, written in enumerate(clause.variants):
                self.check_effects((*where, "variants", k, "effects"), written.effects)
                if written.id in seen_variants:
                    self.problem(
                        (*where, "variants", k, "id"),
                        f"clause {i + 1} has two variants called {written.id}",
                        "give each variant of a clause its own id",
                    )
                seen_variants.add(written.id)
            acts_in = clause.acts_in
            if (
                acts_in is not None
                and self.actor_ref((*where, "acts_in"), acts_in)
                and self.actors[acts_in].kind != "state"
            ):
                self.problem(
                    (*where, "acts_in"),
                    f"{acts_in} is not a state, so it has no territory to consent for",
                    "name the state where the clause acts",
                )
            if clause.non_coercive_effects and clause.acts_in is None:
                self.problem(
                    (*where, "non_coercive_effects"),
                    "non_coercive_effects apply only to a clause that needs consent",
                    "add `acts_in: <state id>` or move these into `effects`",
                )
        if draft.hidden and not any(
            isinstance(a, AddDraftAction) and a.add_draft == draft.id
            for e in self.s.events for a in e.actions
        ):
            self.problem(
                (*path, "hidden"),
                f"draft {draft.id} is hidden but no event adds it",
                f"add an event action `add_draft: {draft.id}`, or remove `hidden`",
            )

    def veto_spec(self, path: Path, spec: VetoSpec) -> None:
        holders = {
            holder
            for forum in self.s.forums
            for rule in forum.rules.values()
            if isinstance(rule, MajorityRule)
            for holder in rule.veto
        }
        if not holders:
            self.problem(path, "no forum in this scenario has a veto", "remove this trigger")
            return
        if spec.draft is not None:
            self.draft_ref((*path, "draft"), spec.draft)
        if spec.by is not None:
            self.reference(
                (*path, "by"), spec.by, holders, "veto holder", "name a member with a veto"
            )

    def check_events(self) -> None:
        for index, event in enumerate(self.s.events):
            path: Path = ("events", index)
            trigger = event.when
            if isinstance(trigger, DraftAdoptedTrigger):
                self.draft_ref((*path, "when", "draft_adopted"), trigger.draft_adopted)
            elif isinstance(trigger, DraftFailedTrigger):
                self.draft_ref((*path, "when", "draft_failed"), trigger.draft_failed)
            elif isinstance(trigger, VetoCastTrigger):
                self.veto_spec((*path, "when", "veto_cast"), trigger.veto_cast)
            elif isinstance(trigger, IndicatorBelowTrigger):
                test = trigger.indicator_below
                where = (*path, "when", "indicator_below")
                self.tracked_indicator(where, test.place, test.dimension)
                start = self.start_value(test.place, test.dimension)
                if start is not None and start < test.value:
                    self.problem(
                        (*where, "value"),
                        f"{test.place}'s {test.dimension} security starts at {start:g}, already "
                        f"below {test.value:g}, so the event would fire at once",
                        "lower the threshold, or use `at_minute: 0` for an opening event",
                    )
            elif isinstance(trigger, ChairButtonTrigger):
                pass
            for action_index, action in enumerate(event.actions):
                where = (*path, "actions", action_index)
                if isinstance(action, NewsAction):
                    for i, actor_id in enumerate(action.news.to):
                        self.actor_ref((*where, "news", "to", i), actor_id)
                elif isinstance(action, AddAgendaItemAction):
                    if self.reference(
                        (*where, "add_agenda_item"), action.add_agenda_item, self.items,
                        "agenda item", "use the `id` of an agenda item with `hidden: true`",
                    ) and not self.items[action.add_agenda_item].hidden:
                        self.problem(
                            (*where, "add_agenda_item"),
                            f"agenda item {action.add_agenda_item} is on the agenda from the "
                            "start",
                            "set `hidden: true` on the item so that this event adds it",
                        )
                elif isinstance(action, AddDraftAction):
                    draft = self.draft_ref((*where, "add_draft"), action.add_draft)
                    if draft is not None and not draft.hidden:
                        self.problem(
                            (*where, "add_draft"),
                            f"draft {draft.id} is filed from the start",
                            "set `hidden: true` on the draft so that this event adds it",
                        )
                elif isinstance(action, SeatAction):
                    seat = action.seat
                    forum = self.forum_of((*where, "seat"), seat.forum, "seat change")
                    if self.actor_ref((*where, "seat", "actor"), seat.actor) and (
                        forum is not None and seat.actor not in forum.seat_ids()
                        and seat.becomes == "withdrawn"
                    ):
                        self.problem(
                            (*where, "seat", "actor"),
                            f"{seat.actor} has no seat in {forum.id} to withdraw from",
                            "name a member or observer of the forum",
                        )
                else:
                    self.check_effects_one(where, action)

    def check_effects_one(self, path: Path, effect: Effect) -> None:
        if isinstance(effect, IndicatorEffect):
            change = effect.indicator
            self.tracked_indicator((*path, "indicator"), change.place, change.dimension)
        elif isinstance(effect, TrustEffect):
            self.pair((*path, "trust", "between"), effect.trust.between)
        else:
            self.actor_ref((*path, "status", "actor"), effect.status.actor)

    def check_condition(self, path: Path, condition: Condition) -> None:
        if isinstance(condition, DraftAdoptedCondition):
            draft = self.draft_ref((*path, "draft_adopted"), condition.draft_adopted)
            for key in ("without_clause", "with_clause"):
                for i, number in enumerate(getattr(condition, key)):
                    if draft is not None and not 1 <= number <= len(draft.operative):
                        self.problem(
                            (*path, key, i),
                            f"draft {draft.id} has no operative clause {number}",
                            f"number its operative clauses from 1 to {len(draft.operative)}",
                        )
        elif isinstance(condition, DraftNotAdoptedCondition):
            self.draft_ref((*path, "draft_not_adopted"), condition.draft_not_adopted)
        elif isinstance(condition, IndicatorCondition):
            test = condition.indicator
            self.tracked_indicator((*path, "indicator"), test.place, test.dimension)
        elif isinstance(condition, TrustCondition):
            self.pair((*path, "trust", "between"), condition.trust.between)
        elif isinstance(condition, StatusCondition):
            self.actor_ref((*path, "status", "actor"), condition.status.actor)
        elif isinstance(condition, ConsentGivenCondition):
            self.actor_ref((*path, "consent_given"), condition.consent_given)
        elif isinstance(condition, ConsentRefusedCondition):
            self.actor_ref((*path, "consent_refused"), condition.consent_refused)
        elif isinstance(condition, ConsentToCondition):
            scope = condition.consent_to
            self.actor_ref((*path, "consent_to", "state"), scope.state)
            if scope.provider is not None:
                self.actor_ref((*path, "consent_to", "provider"), scope.provider)
            if scope.clause is not None:
                draft_id, _, clause_id = scope.clause.partition("/")
                draft = self.draft_ref((*path, "consent_to", "clause"), draft_id)
                number = int(clause_id[2:])
                if draft is not None and not 1 <= number <= len(draft.operative):
                    self.problem(
                        (*path, "consent_to", "clause"),
                        f"draft {draft.id} has no operative clause {number}",
                        f"number its operative clauses from 1 to {len(draft.operative)}",
                    )
        elif isinstance(condition, VetoCastCondition):
            self.veto_spec((*path, "veto_cast"), condition.veto_cast)
        elif isinstance(condition, AllOfCondition | AnyOfCondition | NoneOfCondition):
            key, parts = (
                ("all_of", condition.all_of) if isinstance(condition, AllOfCondition)
                else ("any_of", condition.any_of) if isinstance(condition, AnyOfCondition)
                else ("none_of", condition.none_of)
            )
            for i, part in enumerate(parts):
                self.check_condition((*path, key, i), part)

    def check_briefs(self) -> None:
        consenting = {
            clause.acts_in
            for draft in self.s.drafts
            for clause in draft.operative
            if clause.acts_in is not None
        }
        for actor_id, brief in self.s.briefs.items():
            path: Path = ("briefs", actor_id)
            if actor_id not in self.seats:
                self.problem(
                    path,
                    f"there is a brief for {actor_id!r}, which has no seat in any forum"
                    f"{did_you_mean(actor_id, self.seats)}",
                    "use the id of a forum member or observer, or give the actor a seat",
                    at_key=True,
                )
            for i, ally in enumerate(brief.allies):
                if ally == actor_id:
                    self.problem(
                        (*path, "allies", i), f"{actor_id} is listed as its own ally",
                        "list other actors' ids under `allies:`",
                    )
                else:
                    self.actor_ref((*path, "allies", i), ally)
            for i, objective in enumerate(brief.objectives):
                if objective.check is not None:
                    self.check_condition((*path, "objectives", i, "check"), objective.check)
            for draft_id in brief.bot.votes:
                self.reference(
                    (*path, "bot", "votes", draft_id), draft_id, self.drafts, "draft",
                    "use the `id` of a draft",
                )
            for k, wanted in enumerate(brief.bot.amendments):
                self.check_bot_amendment((*path, "bot", "amendments", k), wanted)
            if brief.bot.consent is not None and actor_id not in consenting:
                self.problem(
                    (*path, "bot", "consent"),
                    f"no clause acts in {actor_id}'s territory, so it is never asked to consent",
                    "remove `consent:`, or add `acts_in: " + actor_id + "` to a clause",
                )
        reported: set[str] = set()
        for forum_index, forum in enumerate(self.s.forums):
            for group in ("members", "observers", "press"):
                ids = (
                    forum.member_ids() if group == "members"
                    else forum.observers if group == "observers" else forum.press
                )
                for i, seat_id in enumerate(ids):
                    missing = seat_id not in self.s.briefs and seat_id not in reported
                    if seat_id in self.actors and missing:
                        reported.add(seat_id)
                        self.problem(
                            ("forums", forum_index, group, i),
                            f"{seat_id} has a seat but no brief",
                            f"add `{seat_id}:` under `briefs:` with at least a `position:`",
                        )


    def check_variant(self, index: int, variant: Variant) -> None:
        path: Path = ("variants", index)
        before = len(self.findings)
        events = {event.id: event for event in self.s.events}
        for key in ("keep", "drop"):
            for i, event_id in enumerate(getattr(variant.events, key) or []):
                self.reference(
                    (*path, "events", key, i), event_id, events, "event",
                    "use the `id` of an entry under `events:`",
                )
        for event_id in variant.events.at_minute:
            where = (*path, "events", "at_minute", event_id)
            if not self.reference(
                where, event_id, events, "event", "use the `id` of an entry under `events:`"
            ):
                continue
            if not isinstance(events[event_id].when, AtMinute):
                self.problem(
                    where,
                    f"event {event_id} is not timed (`when: {{at_minute: ...}}`), so it has no "
                    "minute to move",
                    "remove it from `at_minute:`",
                    at_key=True,
                )
        for key in ("keep", "drop"):
            for i, draft_id in enumerate(getattr(variant.drafts, key) or []):
                self.draft_ref((*path, "drafts", key, i), draft_id)
        for k, change in enumerate(variant.seats):
            where = (*path, "seats", k)
            forum = self.forum_of(where, change.forum, "seat change")
            if forum is None:
                continue
            for i, actor_id in enumerate(change.drop):
                if self.actor_ref((*where, "drop", i), actor_id) and (
                    actor_id not in forum.seat_ids()
                ):
                    self.problem(
                        (*where, "drop", i),
                        f"{actor_id} has no seat in {forum.id} to leave out",
                        "name a member or observer of the forum",
                    )
            added = [
                *(("add_members", i, seat.actor) for i, seat in enumerate(change.add_members)),
                *(("add_observers", i, actor) for i, actor in enumerate(change.add_observers)),
            ]
            for key, i, actor_id in added:
                if not self.actor_ref((*where, key, i), actor_id):
                    continue
                if actor_id in forum.seat_ids():
                    self.problem(
                        (*where, key, i),
                        f"{actor_id} already has a seat in {forum.id}",
                        "add only actors the forum does not seat",
                    )
                elif actor_id not in self.s.briefs:
                    self.problem(
                        (*where, key, i),
                        f"{actor_id} has a seat in this variant but no brief",
                        f"add `{actor_id}:` under `briefs:` with at least a `position:`",
                    )
        if len(self.findings) > before:
            return
        gone = dropped_drafts(self.s, variant)
        kept = kept_ids(
            [event.id for event in self.s.events], variant.events.keep, variant.events.drop
        )
        for event_index, event in enumerate(self.s.events):
            if event.id not in kept:
                continue
            when = event.when
            minute = variant.events.at_minute.get(event.id)
            at = minute if minute is not None else getattr(when, "at_minute", None)
            if isinstance(when, AtMinute) and at is not None and at >= variant.minutes:
                self.problem(
                    (*path, "minutes"),
                    f"event {event.id} comes at minute {at:g}, not before the end of this "
                    f"{variant.minutes}-minute variant",
                    f"move it with `events: {{at_minute: {{{event.id}: ...}}}}` or drop it",
                )
            named = {
                getattr(when, "draft_adopted", None),
                getattr(when, "draft_failed", None),
                getattr(getattr(when, "veto_cast", None), "draft", None),
                *(getattr(action, "add_draft", None) for action in event.actions),
            }
            for draft_id in sorted(d for d in named if d is not None and d in gone):
                self.problem(
                    ("events", event_index, "id"),
                    f"variant {variant.id} drops draft {draft_id} but keeps event {event.id}, "
                    "which needs it",
                    f"add {event.id} to the variant's `events: {{drop: [...]}}`",
                )
        if len(self.findings) > before:
            return
        for finding in check_scenario(scenario_variant(self.s, variant.id)):
            self.problem(
                (*path, "id"),
                f"in variant {variant.id}: {finding.message}",
                finding.hint,
            )


def check_scenario(scenario: Scenario) -> list[Finding]:
    """Every cross-reference problem in a scenario whose parts are each valid on their own."""
    checker = _Checker(scenario)
    checker.check_ids()
    checker.check_actors()
    checker.check_blocs()
    for index, forum in enumerate(scenario.forums):
        checker.check_forum(index, forum)
    checker.check_agenda()
    checker.check_indicators()
    for index, draft in enumerate(scenario.drafts):
        checker.check_draft(index, draft)
    checker.check_events()
    checker.check_briefs()
    checker.check_frames()
    if checker.findings:
        return checker.findings  # a variant is checked once the scenario as written is sound
    checker.unique(("variants",), [v.id for v in scenario.variants], "variant")
    for index, variant in enumerate(scenario.variants):
        checker.check_variant(index, variant)
    return checker.findings


# ---------------------------------------------------------------------------------------------
# Translations: a warning, never a refusal (the scenario's own language is shown instead)
# ---------------------------------------------------------------------------------------------


def _texts_in(value: object, path: Path) -> Iterator[tuple[Path, Localized]]:
    if isinstance(value, Localized):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts_in(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts_in(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, (*path, str(key)))


def _path_label(path: Path) -> str:
    label = ""
    for part in path:
        label += f"[{part}]" if isinstance(part, int) else f".{part}" if label else part
    return label


def missing_translations(scenario: Scenario) -> list[Finding]:
    """A warning for every text not given in each of the scenario's ``languages``."""
    languages = scenario.metadata.all_languages()
    if len(languages) < 2:
        return []
    own = scenario.metadata.language
    findings: list[Finding] = []
    for path, text in _texts_in(scenario, ()):
        missing = [code for code in languages if code not in text.texts]
        if missing:
            findings.append(Finding(
                path,
                f"{_path_label(path)} has no {', '.join(repr(code) for code in missing)} "
                f"(the scenario's languages are {', '.join(languages)})",
                f"write it as a mapping such as `{{{own}: ..., {missing[0]}: ...}}`; "
                f"until then it shows in '{own}'",
                severity="warning",
            ))
    return findings
