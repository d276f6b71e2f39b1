"""Bots for empty seats: deterministic delegations that follow their brief.

A bot answers the roll call, gives or refuses consent as its brief says, signs the drafts it
supports, pledges its vote to a sponsor, votes by its brief, its bloc, its pledges and its trust,
and sends one line from its brief as a note. Every random choice comes from
``random.Random(f"{seed}:{seat}:{what}")``, so the same seed plays the same session; and since
bots act through ordinary commands, the log replays without them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game_rules.engine.apply import apply
from game_rules.errors import RuleViolation
from game_rules.procedure.voting import legal_choices
from game_rules.session.blocs import blocs_of
from game_rules.session.commands import (
    MAX_COMMON_POSITION_CHARS,
    Command,
    TakeAction,
    parse_command,
)
from game_rules.session.events import Event
from game_rules.session.scripting import ActorAction, BotAmendment
from game_rules.session.state import Amendment, Choice, Draft, SessionState, Vote
from game_rules.session.world import World, consent_scope
from game_rules.world.actions import check_take_action, likely_blocker
from game_rules.world.blocs import latest_position
from game_rules.world.narratives import frame_leaning

if TYPE_CHECKING:
    from game_rules.scenario.models import Scenario

Stance = str  # "yes" | "no" | "abstain"

#: Procedural motions a bot supports: it wants the committee to reach a decision.
MOTIONS_BOTS_SUPPORT = frozenset(
    {"close_debate", "move_to_vote", "moderated_caucus", "unmoderated_caucus", "set_agenda",
     "close_speakers_list", "set_speaking_time", "divide_question"}
)
CONSENSUS_CHOICE: dict[str, Choice] = {"yes": "join", "no": "object", "abstain": "reservation"}


@dataclass(frozen=True)
class BotBrief:
    """The part of a delegation's brief a bot follows."""

    seat: str
    votes: Mapping[str, str] = field(default_factory=dict)
    bloc_loyalty: float = 0.5
    consent: str | None = None
    lines: tuple[str, ...] = ()
    red_line_votes: frozenset[str] = frozenset()
    amendments: tuple[BotAmendment, ...] = ()
    consent_trust: float | None = None


def bot_briefs(scenario: Scenario) -> dict[str, BotBrief]:
    """Every seat's bot guidance from the scenario's briefs (a seat without one gets defaults)."""
    briefs = {
        seat: BotBrief(
            seat=seat,
            votes=dict(brief.bot.votes),
            bloc_loyalty=brief.bot.bloc_loyalty,
            consent=brief.bot.consent,
            lines=tuple(brief.bot.lines),
            red_line_votes=frozenset(brief.bot.red_line_votes),
            amendments=tuple(brief.bot.amendments),
            consent_trust=brief.bot.consent_trust,
        )
        for seat, brief in scenario.briefs.items()
    }
    for actor in scenario.actors:
        briefs.setdefault(actor.id, BotBrief(seat=actor.id))
    return briefs


def bot_briefs_of(world: World) -> dict[str, BotBrief]:
    """The bot guidance the session carries (copied from the scenario's briefs at the start)."""
    return {
        seat: BotBrief(
            seat=seat,
            votes=dict(guidance.votes),
            bloc_loyalty=guidance.bloc_loyalty,
            consent=guidance.consent,
            lines=tuple(guidance.lines),
            red_line_votes=frozenset(guidance.red_line_votes),
            amendments=tuple(guidance.amendments),
            consent_trust=guidance.consent_trust,
        )
        for seat, guidance in world.rules.bot_guidance.items()
    }


def _rng(state: SessionState, seat: str, what: str) -> random.Random:
    return random.Random(f"{state.setup.seed}:{seat}:{what}")


def _blocs(state: SessionState, seat: str) -> tuple[str, ...]:
    delegation = state.setup.delegation(seat)
    return delegation.blocs if delegation is not None else ()


def _negotiating_blocs(state: SessionState, seat: str) -> tuple[str, ...]:
    """The seat's real negotiating groups: the P5 or the elected members coordinate nothing."""
    groups = state.world.rules.negotiating_blocs
    return tuple(b for b in _blocs(state, seat) if b in groups)


def bloc_position(
    state: SessionState, briefs: Mapping[str, BotBrief], seat: str, draft_id: str
) -> Stance | None:
    """The line of the seat's negotiating groups on the draft: the group's latest common
    position on it (or the one the scenario gives), else the stance most of its group-mates'
    briefs take (None: no line)."""
    mine = set(_negotiating_blocs(state, seat))
    if not mine:
        return None
    declared = {
        p
        for b in sorted(mine)
        if (p := state.world.group_line(b, draft_id)) is not None
    }
    if len(declared) == 1:
        return next(iter(declared))
    if declared:
        return None  # its groups disagree: no line to follow
    counts: dict[str, int] = {}
    for other in (*state.setup.members, *state.setup.observers):
        if other.id == seat or not mine.intersection(other.blocs):
            continue
        stance = briefs.get(other.id, BotBrief(seat=other.id)).votes.get(draft_id)
        if stance is not None:
            counts[stance] = counts.get(stance, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    leaders = sorted(s for s, n in counts.items() if n == best)
    return leaders[0] if len(leaders) == 1 else None


def _sponsor_trust(world: World, seat: str, draft: Draft) -> float:
    others = [s for s in draft.sponsors if s != seat]
    if not others:
        return 100.0
    return sum(world.trust_between(seat, s) for s in others) / len(others)


def _target(amendment: BotAmendment) -> str | None:
    return None if amendment.clause is None else f"OP{amendment.clause}"


def _own_amendment(state: SessionState, seat: str, wanted: BotAmendment) -> Amendment | None:
    """The amendment the seat proposed for ``wanted`` (its brief's), if it did."""
    return next(
        (
            a
            for a in state.amendments
            if a.proposer == seat
            and a.draft_id == wanted.draft
            and a.action == wanted.action
            and a.target_clause == (None if wanted.action == "add" else _target(wanted))
        ),
        None,
    )


def draft_stance(state: SessionState, brief: BotBrief, draft: Draft) -> Stance:
    """The bot's own view of a draft, before bloc, pledges and the moment of the vote: once
    its own amendment is in the text, the vote its brief gives for that case."""
    for wanted in brief.amendments:
        if wanted.draft != draft.id or wanted.then_vote is None:
            continue
        made = _own_amendment(state, brief.seat, wanted)
        if made is not None and made.status in ("adopted", "incorporated"):
            return wanted.then_vote
    given = brief.votes.get(draft.id)
    if given is not None:
        return given
    if brief.seat in (*draft.sponsors, *draft.signatories):
        return "yes"
    sponsor_blocs = {b for s in draft.sponsors for b in _blocs(state, s)}
    if sponsor_blocs.intersection(_blocs(state, brief.seat)):
        return "yes"
    trust = _sponsor_trust(state.world, brief.seat, draft)
    if trust >= 55:
        return "yes"
    if trust <= 35:
        return "no"
    return "abstain"


@dataclass(frozen=True)
class BotVote:
    choice: Choice
    why: str


def choose_vote(
    state: SessionState, briefs: Mapping[str, BotBrief], seat: str, vote: Vote
) -> BotVote | None:
    """How the bot in ``seat`` votes now, or None when it may not vote."""
    choices, _ = legal_choices(state, seat)
    if not choices:
        return None
    brief = briefs.get(seat, BotBrief(seat=seat))
    world = state.world
    rng = _rng(state, seat, vote.id)
    subject = vote.subject
    why: str
    if subject.kind in ("draft", "division_part"):
        draft = state.draft(subject.draft_id or subject.ref)
        if draft is None:
            return None
        stance = draft_stance(state, brief, draft)
        why = f"brief: {stance}"
        # A red line, or a draft the seat itself signed, is not softened by anyone.
        firm = (draft.id in brief.red_line_votes and stance == brief.votes.get(draft.id)) or (
            stance == "yes" and seat in (*draft.sponsors, *draft.signatories)
        )
        if firm:
            return BotVote(choice=_legal(stance, choices), why=f"{why} (red line)")
        # A draft on the brief's red lines is never traded for bloc loyalty, whatever stance
        # the seat has come to on it (an amendment it wanted may have moved it).
        red_line = draft.id in brief.red_line_votes
        bloc = None if red_line else bloc_position(state, briefs, seat, draft.id)
        if bloc is not None and bloc != stance and rng.random() < brief.bloc_loyalty:
            # Bloc pressure softens a position by one step: a "no" becomes an abstention
            # (which, in the Security Council, is not a veto), an abstention takes the bloc line.
            stance = bloc if stance == "abstain" else "abstain"
            why = f"moves towards its bloc ({bloc})"
        if stance == "abstain":
            trust = _sponsor_trust(world, seat, draft)
            if trust >= 70:
                stance, why = "yes", f"trusts the sponsors ({trust:g})"
            elif trust <= 30:
                stance, why = "no", f"distrusts the sponsors ({trust:g})"
        if (
            stance == "no"
            and vote.method == "consensus"
            and draft.consensus_calls
            and draft.id not in brief.red_line_votes
        ):
            # After the President's consultations a delegation whose red line is not at stake
            # stands aside with a reservation rather than block the revised text again.
            stance, why = "abstain", "stands aside after consultations"
        pledge = next(
            (p for p in world.open_pledges(draft.id) if p.pledger == seat), None
        )
        if pledge is not None and pledge.choice != stance and subject.kind == "draft":
            keep_chance = 0.5 + world.trust_between(seat, pledge.recipient) / 200
            if rng.random() < keep_chance:
                stance, why = pledge.choice, f"keeps its pledge to {pledge.recipient}"
            else:
                why += f"; breaks its pledge to {pledge.recipient}"
    elif subject.kind == "amendment":
        amendment = state.amendment(subject.ref)
        proposer = amendment.proposer if amendment is not None else ""
        shared = set(_negotiating_blocs(state, proposer)).intersection(
            _negotiating_blocs(state, seat)
        )
        trust = world.trust_between(seat, proposer)
        stance = "yes" if shared or trust >= 60 else ("no" if trust <= 35 else "abstain")
        why = "amendment by a bloc-mate" if shared else f"trust in the proposer {trust:g}"
        chosen = amendment.clause if amendment is not None else None
        if chosen is not None and chosen.variant is not None:
            frame = next((v.frame for v in chosen.variants if v.id == chosen.variant), None)
            lean = frame_leaning(world, seat, frame)
            if lean is not None and not shared:
                stance, why = lean, f"{'holds' if lean == 'yes' else 'contests'} the frame {frame}"
        draft = state.draft(amendment.draft_id) if amendment is not None else None
        if (
            amendment is not None
            and draft is not None
            and amendment.action in ("modify", "delete")
            and seat in draft.sponsors
            and stance != "yes"
        ):
            # A sponsor defends its text; the more it trusts the proposer, the likelier it lets
            # the change through to win a consensus (seeded, so a class sees both).
            if rng.random() < trust / 100:
                stance, why = "abstain", f"lets its sponsor's text change (trust {trust:g})"
            else:
                stance, why = "no", "defends its own text as a sponsor"
    else:
        motion = state.motion(subject.ref)
        kind = motion.kind if motion is not None else ""
        stance = "yes" if kind in MOTIONS_BOTS_SUPPORT else "no"
        why = f"{'supports' if stance == 'yes' else 'opposes'} a motion to {kind.replace('_', ' ')}"
    return BotVote(choice=_legal(stance, choices), why=why)


def _legal(stance: Stance, choices: list[Choice]) -> Choice:
    """The stance as a legal choice: consensus words, or the nearest allowed ballot."""
    if "join" in choices:
        return CONSENSUS_CHOICE.get(stance, "join")
    fallback = "no" if stance == "no" else "yes"
    for wanted in (stance, fallback, "abstain"):
        for choice in choices:
            if choice == wanted:
                return choice
    return choices[0]


# ---------------------------------------------------------------------------------------------
# What a bot does next
# ---------------------------------------------------------------------------------------------


def _may_cast(vote: Vote, seat: str) -> bool:
    """A bot states its position once per question and never changes it; in a roll call it
    answers when its name is called (at most twice: a pass, then yes or no)."""
    if vote.method == "roll_call":
        return vote.current_caller() == seat
    return vote.ballot_of(seat) is None


def _consent_asked(state: SessionState, seat: str) -> bool:
    return any(
        seat in clause.requires_consent_of
        for draft in state.drafts
        if draft.status in ("working", "introduced", "adopted")
        for clause in draft.clauses
    )


def _consent_by_trust(state: SessionState, seat: str, threshold: float) -> Iterator[dict[str, Any]]:
    """Trust gates consent: clause by clause (or provider by provider), the host consents when
    it trusts who carries the clause out, and withdraws once that trust has fallen."""
    world = state.world
    for draft in state.drafts:
        if draft.status not in ("working", "introduced", "adopted"):
            continue
        for clause in draft.clauses:
            if seat not in clause.requires_consent_of:
                continue
            provider = world.rules.terms(draft.id, clause.id).provider
            if provider is not None:
                scope: dict[str, str] = {"provider": provider}
                answer = world.consent_limited.get(consent_scope(seat, None, provider))
                trust = world.trust_between(seat, provider)
            else:
                scope = {"clause": f"{draft.id}/{clause.id}"}
                answer = world.consent_limited.get(
                    consent_scope(seat, f"{draft.id}/{clause.id}", None)
                )
                trust = _sponsor_trust(world, seat, draft)
            if answer is None:
                yield {"type": "decide_consent", "given": trust >= threshold, **scope}
            elif answer.given and trust < threshold:
                yield {"type": "decide_consent", "given": False, **scope}


def _lever_due(state: SessionState, seat: str, action: ActorAction) -> bool:
    """A bot paces a lever over the session: of ``uses`` uses, the k-th (from 0) is due from
    minute k x session / uses of the scenario's clock (MSF's second convoy at minute 45 of 90,
    not both at minute 0)."""
    world = state.world
    used = action.uses - world.uses_left(seat, action)
    due = state.scenario_clock_origin() + 60 * used * world.rules.session_minutes / action.uses
    return state.last_event_at >= due


def _levers(state: SessionState, seat: str) -> Iterator[dict[str, Any]]:
    """A bot uses its own levers once they are in order (aid once consent is given) and due."""
    for action in state.world.rules.actor_actions.get(seat, ()):
        if not _lever_due(state, seat, action):
            continue
        target = likely_blocker(state, seat) if action.kind == "name_blocker" else None
        if action.kind == "name_blocker" and target is None:
            continue  # nobody has blocked anything yet
        probe = TakeAction(actor=seat, now=state.last_event_at, action_id=action.id, target=target)
        try:
            check_take_action(state, probe)
        except RuleViolation:
            continue
        command: dict[str, Any] = {"type": "take_action", "action_id": action.id}
        if target is not None:
            command["target"] = target
        yield command


def _candidates(
    state: SessionState, briefs: Mapping[str, BotBrief], seat: str
) -> Iterator[dict[str, Any]]:
    """The bot's possible next commands, most urgent first (the engine decides legality)."""
    brief = briefs.get(seat, BotBrief(seat=seat))
    world = state.world
    if state.procedure.attendance_required and state.attendance.get(seat, "absent") == "absent":
        yield {"type": "record_attendance", "member": seat, "status": "present"}
    vote = state.vote
    if vote is not None and seat in vote.voters:
        if _may_cast(vote, seat):
            chosen = choose_vote(state, briefs, seat, vote)
            if chosen is not None:
                yield {"type": "cast_vote", "choice": chosen.choice}
        return
    if state.setup.is_press(seat):
        yield from _press_story(state, brief, seat)
        return
    if brief.consent_trust is not None:
        yield from _consent_by_trust(state, seat, brief.consent_trust)
    elif (
        brief.consent is not None
        and world.consent_of(seat) is None
        and _consent_asked(state, seat)
    ):
        yield {"type": "decide_consent", "given": brief.consent == "give"}
    yield from _levers(state, seat)
    if not state.setup.is_member(seat):
        yield from _note(state, brief, seat)
        return
    for draft in state.drafts:
        stance = draft_stance(state, brief, draft)
        if stance != "yes":
            continue
        if draft.status == "working" and seat not in (*draft.sponsors, *draft.signatories):
            yield {"type": "sign_draft", "draft_id": draft.id}
        pledged = any(p.pledger == seat and p.draft_id == draft.id for p in world.pledges)
        sponsors = [s for s in draft.sponsors if s != seat]
        if (
            not pledged
            and sponsors
            and draft.status in ("working", "introduced")
            and _rng(state, seat, f"pledge:{draft.id}").random() < 0.5
        ):
            recipient = sponsors[0]
            yield {
                "type": "pledge_vote",
                "recipient": recipient,
                "draft_id": draft.id,
                "choice": "yes",
            }
    yield from _common_positions(state, brief, seat)
    yield from _amendments(state, brief, seat)
    yield from _note(state, brief, seat)


def _common_positions(
    state: SessionState, brief: BotBrief, seat: str
) -> Iterator[dict[str, Any]]:
    """A coordinator puts the line its scenario gives the group on a draft to the group, once
    the draft is filed; a member signs its group's latest position when the line is its own
    stance (a bot never signs a line against its brief, and so never against a red line)."""
    world = state.world
    for bloc in blocs_of(state, seat):
        rules = world.rules.blocs[bloc]
        if rules.coordinator == seat:
            for draft_id, line in sorted(world.rules.negotiating_blocs.get(bloc, {}).items()):
                draft = state.draft(draft_id)
                done = any(
                    p.bloc == bloc and p.draft_id == draft_id for p in world.common_positions
                )
                if draft is not None and not done and draft.status in ("working", "introduced"):
                    yield {
                        "type": "propose_common_position",
                        "bloc": bloc,
                        "text": draft.title[:MAX_COMMON_POSITION_CHARS],
                        "draft_id": draft_id,
                        "position": line,
                    }
        latest = latest_position(state, bloc)
        if latest is None or seat in latest.signatures:
            continue
        draft = state.draft(latest.draft_id) if latest.draft_id is not None else None
        if draft is None or draft_stance(state, brief, draft) == latest.position:
            yield {"type": "sign_common_position", "position_id": latest.id}


def _amendments(state: SessionState, brief: BotBrief, seat: str) -> Iterator[dict[str, Any]]:
    """Each amendment of the brief, once, when its draft is on the floor (unfriendly, so it is
    in order once the chair introduced the draft) and no vote is under way."""
    if state.voting is not None:
        return
    for wanted in brief.amendments:
        draft = state.draft(wanted.draft)
        if draft is None or draft.status != "introduced":
            continue
        if _own_amendment(state, seat, wanted) is not None:
            continue
        command: dict[str, Any] = {
            "type": "propose_amendment",
            "draft_id": wanted.draft,
            "action": wanted.action,
        }
        if wanted.action != "add":
            command["target_clause"] = _target(wanted)
        if wanted.variant is not None:
            command["variant"] = wanted.variant
        if wanted.text is not None:
            command["clause"] = {"text": wanted.text}
        yield command


def _press_story(state: SessionState, brief: BotBrief, seat: str) -> Iterator[dict[str, Any]]:
    """A press bot files its brief's lines as headlines, paced over the session (the k-th of n
    from minute k x session / n), one awaiting the chair at a time, from its first frame."""
    world = state.world
    mine = [p for p in world.press_items if p.by == seat]
    if not brief.lines or len(mine) >= len(brief.lines):
        return
    if any(p.status == "pending" for p in mine):
        return
    due = state.scenario_clock_origin() + 60 * len(mine) * world.rules.session_minutes / len(
        brief.lines
    )
    if state.last_event_at < due:
        return
    held = world.rules.frames_held.get(seat, ())
    story: dict[str, Any] = {"type": "publish_news", "headline": brief.lines[len(mine)][:120]}
    if held:
        story["frame"] = held[0]
    yield story


def _note(state: SessionState, brief: BotBrief, seat: str) -> Iterator[dict[str, Any]]:
    if not brief.lines or any(n.sender == seat for n in state.notes):
        return
    rng = _rng(state, seat, "note")
    mine = set(_blocs(state, seat))
    everyone = [d.id for d in (*state.setup.members, *state.setup.observers) if d.id != seat]
    mates = [d for d in everyone if mine.intersection(_blocs(state, d))]
    pool = mates or everyone
    if not pool:
        return
    yield {"type": "send_note", "to": [rng.choice(pool)], "text": rng.choice(brief.lines)}


Apply = Callable[[SessionState, Command], tuple[SessionState, list[Event]]]


def play(state: SessionState, command: Command) -> tuple[SessionState, list[Event]]:
    """:func:`~game_rules.engine.apply.apply`, then every bot seat does what it has to (answer
    the roll, vote...). What a live room runs for each command: the bots' acts are ordinary
    events after the command's own, so the log replays without any bot."""
    state, events = apply(state, command)
    world = state.world
    if not world.bots:
        return state, events
    state, bot_events = settle_bots(state, bot_briefs_of(world), command.now)
    return state, [*events, *bot_events]


def bot_step(
    state: SessionState,
    briefs: Mapping[str, BotBrief],
    seat: str,
    now: float,
    apply: Apply = apply,
) -> tuple[SessionState, list[Event]] | None:
    """Let the bot in ``seat`` take its first legal action; None when it has nothing to do."""
    for raw in _candidates(state, briefs, seat):
        try:
            command = parse_command({**raw, "actor": seat, "now": now})
            return apply(state, command)
        except RuleViolation:
            continue
    return None


#: What one bot can do once per session state, whatever happens: answer the roll, vote on the
#: open question, decide consent, send its note (signing and pledging come once per draft).
ONE_SHOT_ACTS = 4 + 2  # ... and, in a negotiating group, propose and sign its position


def settle_rounds(state: SessionState, seats: int) -> int:
    """The most rounds :func:`settle_bots` can need. Every candidate act is done at most once
    (a bot never re-votes, re-signs, re-pledges or re-sends), so each round that does anything
    uses up at least one of the acts the seats have left; in a roll call each voter is called
    at most twice."""
    return seats * (ONE_SHOT_ACTS + 3 * len(state.drafts) + 2) + 1


def settle_bots(
    state: SessionState,
    briefs: Mapping[str, BotBrief],
    now: float,
    *,
    seats: tuple[str, ...] | None = None,
    apply: Apply = apply,
) -> tuple[SessionState, list[Event]]:
    """Let every bot seat (``world.bots`` unless ``seats`` is given) act until none has anything
    left to do, in seat order, each at most once a round. The app calls this after each command
    it commits."""
    events: list[Event] = []
    playing = seats if seats is not None else tuple(state.world.bots)
    for _ in range(settle_rounds(state, len(playing))):
        acted = False
        for seat in playing:
            step = bot_step(state, briefs, seat, now, apply)
            if step is not None:
                state, new_events = step
                events.extend(new_events)
                acted = True
        if not acted:
            break
    return state, events
