"""A whole session with bots in the seats and an automatic chair, without a server.

Facilitators preview a scenario with it before class; authors balance one. The run is a pure
function of the scenario and the seed: :func:`format_report` of the same inputs gives the same
bytes. Seats in ``students`` are played by the given callables instead of bots (a test stands in
for the student who turned up).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from game_rules.bots import play
from game_rules.bots.players import BotBrief, bot_briefs, settle_bots
from game_rules.engine.apply import next_deadline
from game_rules.errors import RuleViolation
from game_rules.report.cohesion import bloc_cohesion
from game_rules.report.debrief import draft_votes, rule_in_words, vote_rule_name
from game_rules.scenario.setup import Scenario, start_session
from game_rules.session.blocs import spokesperson
from game_rules.session.commands import Command, parse_command
from game_rules.session.events import (
    ConsultationsOpened,
    DraftDecided,
    Event,
    FloorGiven,
    MotionProposed,
    VoteClosed,
    VoteOpened,
)
from game_rules.session.state import CHAIR, SYSTEM, SessionState
from game_rules.session.world import (
    ActorActionTaken,
    BlocDefected,
    ClausePhasedIn,
    ClauseStopped,
    CommonPositionProposed,
    ConsentDecided,
    EffectWithheld,
    IndicatorChanged,
    NewsPublished,
    PledgeResolved,
    ScriptedEventFired,
    TrustChanged,
    dimension_order,
)
from game_rules.world.narratives import frame_share
from game_rules.world.press import pending_press

#: A student's policy: the command it sends now (actor and now are filled in), or None.
Student = Callable[[SessionState, str], dict[str, object] | None]
SPEECHES_PER_DEBATE = 4
CONSENSUS_CALLS = 2


@dataclass
class SimulationResult:
    scenario: Scenario
    seed: int
    start: SessionState
    state: SessionState
    events: list[Event] = field(default_factory=list)
    ended_at: float = 0.0


class _Session:
    def __init__(
        self, scenario: Scenario, seed: int, students: Mapping[str, Student], forum_id: str | None
    ) -> None:
        self.state = start_session(scenario, forum_id, seed=seed)
        self.start = self.state
        self.events: list[Event] = []
        self.now = 0.0
        self.briefs: dict[str, BotBrief] = bot_briefs(scenario)
        self.students = dict(students)
        self.rng = random.Random(f"{seed}:chair")

    def do(self, actor: str, **fields: object) -> bool:
        """Apply one command; False (and no change) when the engine refuses it."""
        try:
            command: Command = parse_command({**fields, "actor": actor, "now": self.now})
            self.state, new_events = play(self.state, command)
        except RuleViolation:
            return False
        self.events.extend(new_events)
        return True

    def settle(self) -> None:
        for _ in range(50):
            before = len(self.events)
            self.state, new_events = settle_bots(self.state, self.briefs, self.now)
            self.events.extend(new_events)
            # The automatic chair approves the press seats' items as they come in.
            for item in pending_press(self.state):
                self.do(CHAIR, type="moderate_press", item_id=item.id, approve=True)
            for seat, student in sorted(self.students.items()):
                wanted = student(self.state, seat)
                if wanted is not None:
                    self.do(seat, **wanted)
            if len(self.events) == before:
                return

    def wait(self, seconds: float) -> None:
        """Let time pass: timers and scripted events due in between take effect in order."""
        until = self.now + seconds
        while True:
            due = next_deadline(self.state)
            if due is None or due > until:
                break
            self.now = max(self.now, due)
            self.do(SYSTEM, type="tick")
            self.settle()
        self.now = until
        self.do(SYSTEM, type="tick")
        self.settle()

    # -- the automatic chair -------------------------------------------------------------

    def debate(self) -> None:
        seats = [d.id for d in (*self.state.setup.members, *self.state.setup.observers)]
        self.rng.shuffle(seats)
        # Each group's statement opens the debate once, as in UN practice; then delegations
        # speak in their own name.
        spoken = {e.on_behalf_of for e in self.events if isinstance(e, FloorGiven)}
        groups = [
            (speaker, {"on_behalf_of": bloc})
            for bloc in sorted(self.state.world.rules.blocs)
            if bloc not in spoken
            and (speaker := spokesperson(self.state, bloc)) is not None
            and speaker not in self.students
        ]
        own: list[tuple[str, dict[str, str]]] = [(s, {}) for s in seats[:SPEECHES_PER_DEBATE]]
        for seat, behalf in [*groups, *own]:
            held = self.state.world.rules.frames_held.get(seat, ())
            framed = {"frame": held[0]} if held and seat not in self.students else {}
            if not self.do(seat, type="add_speaker", **framed, **behalf):
                continue
            if not self.do(CHAIR, type="recognize_speaker"):
                continue
            self.settle()
            self.wait(round(self.state.speaking_time * self.rng.uniform(0.5, 1.0)))
            if self.state.floor is not None:
                self.do(CHAIR, type="end_speech")
            self.settle()

    def introduce_working_drafts(self) -> None:
        for draft in self.state.drafts:
            if draft.status == "working":
                self.do(CHAIR, type="introduce_draft", draft_id=draft.id)

    def vote_on_drafts(self) -> None:
        for draft in list(self.state.drafts):
            current = self.state.draft(draft.id)
            if current is None or current.status != "introduced":
                continue
            if current.consensus_calls >= CONSENSUS_CALLS:
                # The automatic President consults, gavels again, and after the second failed
                # call closes the item without consensus.
                self.do(CHAIR, type="close_consultations", draft_id=draft.id)
                continue
            mover = next(
                (s for s in current.sponsors if self.state.setup.is_member(s)), None
            )
            if mover is None or not self.do(
                mover, type="propose_motion", kind="move_to_vote", target=draft.id
            ):
                continue
            motion = self.state.motions[-1]
            self.do(CHAIR, type="entertain_motion", motion_id=motion.id)
            self.put_question()
            while self.state.voting is not None:
                self.wait(30)
                if not self.put_question():
                    break

    def put_question(self) -> bool:
        if not self.do(CHAIR, type="open_vote"):
            return False
        for _ in range(len(self.state.setup.members) * 2 + 2):
            self.settle()
            vote = self.state.vote
            if vote is None:
                return True
            if vote.method == "roll_call" and vote.current_caller() is not None:
                self.do(CHAIR, type="skip_roll_call")
                continue
            break
        return self.do(CHAIR, type="close_vote")

    def pending_drafts(self) -> bool:
        return any(d.status in ("working", "introduced") for d in self.state.drafts)


def simulate(
    scenario: Scenario,
    seed: int = 0,
    *,
    forum_id: str | None = None,
    students: Mapping[str, Student] | None = None,
) -> SimulationResult:
    """Play ``scenario`` with bots in every seat not in ``students`` and an automatic chair."""
    session = _Session(scenario, seed, students or {}, forum_id)
    setup = session.state.setup
    for seat in (*setup.members, *setup.observers):
        if seat.id not in session.students:
            session.do(CHAIR, type="assign_bot", seat=seat.id)
    session.settle()
    if session.state.agenda_item is None and setup.agenda:
        session.do(CHAIR, type="set_agenda", item=setup.agenda[0].id)
    end = scenario.metadata.duration_minutes * 60.0
    for _ in range(20):
        session.debate()
        session.introduce_working_drafts()
        session.vote_on_drafts()
        if session.pending_drafts():
            continue
        due = next_deadline(session.state)
        if due is None or due >= end:
            break
        session.wait(due - session.now)
        if not session.pending_drafts():
            continue
    if session.now < end:
        session.wait(end - session.now)
    return SimulationResult(
        scenario=scenario,
        seed=seed,
        start=session.start,
        state=session.state,
        events=session.events,
        ended_at=session.now,
    )


# ---------------------------------------------------------------------------------------------
# The report that `plenary simulate` prints
# ---------------------------------------------------------------------------------------------


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def format_report(result: SimulationResult) -> str:
    """Votes with each delegation's choice and the deciding rule, the events that fired, and
    the final indicators. Deterministic: no clock, no ids that depend on the run."""
    state = result.state
    setup = state.setup
    lines = [
        f"Simulation of '{result.scenario.metadata.title.text}' - {setup.forum_name}",
        f"Seed {result.seed}; bots in {len(state.world.bots)} of "
        f"{len(setup.members) + len(setup.observers)} seats; "
        f"{result.ended_at / 60:g} minutes of session.",
        "",
        "VOTES",
    ]
    rules = {e.vote.id: e.vote.rule for e in result.events if isinstance(e, VoteOpened)}
    kinds = {e.motion.id: e.motion.kind for e in result.events if isinstance(e, MotionProposed)}
    closed = [e for e in result.events if isinstance(e, VoteClosed)]
    if not closed:
        lines.append("  (no vote was taken)")
    for closing in closed:
        res = closing.result
        verdict = "ADOPTED" if res.adopted else "NOT ADOPTED"
        lines.append(f"  [{_clock(closing.at)}] {res.title}: {verdict}")
        rule = rules.get(res.vote_id, {})
        named = vote_rule_name(state, res.subject, rule, kinds)
        lines.append(f"    rule: {named} - {rule_in_words(rule)}")
        lines.append(f"    {res.reason}")
        if res.choices:
            pairs = sorted(res.choices.items())
            choices = ", ".join(f"{voter} {choice}" for voter, choice in pairs)
            lines.append(f"    choices: {choices}")
        vetoed = closing.outcome.get("vetoed_by") or []
        if vetoed:
            lines.append(f"    veto: {', '.join(vetoed)}")
    lines += ["", "DRAFTS"]
    for draft in state.drafts:
        decided = next(
            (e for e in result.events if isinstance(e, DraftDecided) and e.draft_id == draft.id),
            None,
        )
        lines.append(f"  {draft.id} ({draft.title}): {draft.status}")
        if decided is not None:
            lines.append(f"    {decided.reason}")
    lines += ["", "CONSEQUENCES AND EVENTS"]
    for logged in result.events:
        event = logged
        if isinstance(event, ScriptedEventFired):
            lines.append(f"  [{_clock(event.at)}] event '{event.title}' ({event.trigger})")
        elif isinstance(event, ActorActionTaken):
            lines.append(
                f"  [{_clock(event.at)}] {event.actor} acts ({event.kind}): {event.title} "
                f"(uses left: {event.uses_left})"
            )
        elif isinstance(event, ConsentDecided):
            scope = event.clause or event.provider or "all action on its territory"
            answer = "WITHDRAWS" if event.withdrawn else ("gives" if event.given else "refuses")
            lines.append(f"  [{_clock(event.at)}] {event.state} {answer} consent: {scope}")
        elif isinstance(event, ClausePhasedIn):
            lines.append(
                f"  [{_clock(event.at)}] {event.draft_id}/{event.clause_id} phased in over "
                f"{event.parts} rounds ({event.basis})"
            )
        elif isinstance(event, ClauseStopped):
            lines.append(
                f"  [{_clock(event.at)}] {event.draft_id}/{event.clause_id} STOPS: "
                f"{event.state} no longer consents ({event.parts_left} parts lost)"
            )
        elif isinstance(event, EffectWithheld):
            lines.append(
                f"  [{_clock(event.at)}] {event.draft_id}/{event.clause_id} withheld: "
                f"{event.reason}"
            )
        elif isinstance(event, IndicatorChanged):
            lines.append(
                f"  [{_clock(event.at)}] {event.place} {event.dimension} "
                f"{event.before:g} -> {event.after:g} ({event.cause.text})"
            )
        elif isinstance(event, TrustChanged):
            first, second = event.between
            arrow = ">" if event.one_way else "-"
            lines.append(
                f"  [{_clock(event.at)}] trust {first}{arrow}{second} {event.before:g} -> "
                f"{event.after:g} ({event.cause.text})"
            )
        elif isinstance(event, ConsultationsOpened):
            lines.append(
                f"  [{_clock(event.at)}] no consensus on {event.draft_id} (call {event.call}): "
                f"{', '.join(event.objectors)} objected; the President consults"
            )
        elif isinstance(event, NewsPublished) and event.news.by is not None:
            framed = f" [{event.news.frame}]" if event.news.frame else ""
            lines.append(
                f"  [{_clock(event.at)}] PRESS {event.news.by}{framed}: {event.news.headline}"
            )
        elif isinstance(event, FloorGiven) and event.on_behalf_of is not None:
            lines.append(
                f"  [{_clock(event.at)}] GROUP STATEMENT {event.speaker} on behalf of "
                f"{event.on_behalf_of}"
            )
        elif isinstance(event, CommonPositionProposed):
            position = event.position
            line = f" on {position.draft_id}: {position.position}" if position.draft_id else ""
            lines.append(
                f"  [{_clock(event.at)}] {position.proposer} proposed the {position.bloc} "
                f"common position{line}"
            )
        elif isinstance(event, BlocDefected):
            lines.append(
                f"  [{_clock(event.at)}] {event.member} DEFECTED from the {event.bloc} common "
                f"position on {event.draft_id} ({event.position}; voted {event.choice})"
            )
        elif isinstance(event, PledgeResolved):
            verb = "kept" if event.kept else "BROKE"
            lines.append(
                f"  [{_clock(event.at)}] {event.pledger} {verb} its pledge to "
                f"{event.recipient} (voted {event.actual})"
            )
    world = state.world
    if world.rules.frames:
        lines += ["", "FRAMES (tagged speeches and drafts)"]
        for frame, count in frame_share(world).items():
            lines.append(f"  {frame} ({world.rules.frames[frame]}): {count}")
        for use in world.frame_uses:
            if use.via != "note":
                lines.append(f"  [{_clock(use.at)}] {use.actor} {use.via}: {use.frame}")
    cohesion = bloc_cohesion(state, draft_votes(result.events))
    if cohesion:
        lines += ["", "BLOCS (cohesion on each vote on a draft)"]
        for held in cohesion:
            defected = ", ".join(held.defectors) or "none"
            signed = [
                p
                for p in world.common_positions
                if p.bloc == held.bloc and p.draft_id == held.draft_id
            ]
            signers = f"; position signed by {len(signed[-1].signatures)}" if signed else ""
            lines.append(
                f"  {held.bloc} on {held.draft_id}: line {held.line} ({held.source}"
                f"{signers}); {held.with_line}/{held.voted} voted it; defected: {defected}"
            )
    lines += ["", "CONSENT"]
    if not world.consent and not world.consent_limited:
        lines.append("  (no state was asked or answered)")
    for host, record in sorted({**world.consent, **world.consent_limited}.items()):
        lines.append(f"  {host}: {'given' if record.given else 'refused'}")
    lines += ["", "FINAL INDICATORS (start -> end)"]
    start = result.start.world
    for place in sorted(world.indicators):
        parts = []
        for dimension in sorted(world.indicators[place], key=dimension_order):
            before = start.indicator(place, dimension)
            after = world.indicators[place][dimension]
            parts.append(f"{dimension} {before:g}->{after:g}")
        lines.append(f"  {place}: {', '.join(parts)}")
    lines.append("")
    return "\n".join(lines)
