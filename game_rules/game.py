"""The game layer around the procedure engine: one ``apply_game(state, command)`` for both.

Procedure commands go to :func:`game_rules.engine.apply`; then the game layer reacts to what was
decided (clause effects under the consent rule, pledges, scripted events) and to the time that
passed (drift, events at minute T). Game commands (consent, pledges, the chair's buttons, bot
seats) are handled here. :func:`evolve_game` folds either kind of event, so
``replay_game(setup, events)`` rebuilds the same state as the live session.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from game_rules import commands as cmd
from game_rules import engine
from game_rules import events as ev
from game_rules.consequences import (
    advance_time,
    decide_consent,
    next_world_deadline,
    press_chair_button,
    react_to_procedure,
)
from game_rules.errors import NotInOrder, NotPermitted, RuleViolation
from game_rules.fold import evolve
from game_rules.pledges import make_pledge, resolve_pledges
from game_rules.scenario import Scenario, session_setup
from game_rules.state import CHAIR, SYSTEM, SessionSetup, SessionState
from game_rules.world import (
    WORLD_EVENT_NAMES,
    BotSeatAssigned,
    BotSeatReleased,
    HiddenDraft,
    PledgeChoice,
    ScriptedEvent,
    World,
    WorldEvent,
    WorldRules,
    evolve_world,
    is_world_event,
    pair_key,
    world_of,
)

AnyEvent = ev.Event | WorldEvent


# ---------------------------------------------------------------------------------------------
# Commands of the game layer
# ---------------------------------------------------------------------------------------------


class _GameCommand(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: str = Field(min_length=1)
    now: float = Field(ge=0)


class DecideConsent(_GameCommand):
    """A state gives or refuses consent to what drafts would do on its territory."""

    type: Literal["decide_consent"] = "decide_consent"
    given: bool
    state: str | None = Field(
        default=None, description="The state concerned; the actor itself when absent."
    )


class PledgeVote(_GameCommand):
    type: Literal["pledge_vote"] = "pledge_vote"
    recipient: str
    draft_id: str
    choice: PledgeChoice
    text: str = Field(default="", max_length=500)


class PressChairButton(_GameCommand):
    type: Literal["press_chair_button"] = "press_chair_button"
    event_id: str


class AssignBot(_GameCommand):
    """The chair hands an unclaimed seat to a bot (the app checks that no student holds it)."""

    type: Literal["assign_bot"] = "assign_bot"
    seat: str


class ReleaseBot(_GameCommand):
    """The chair hands a bot's seat back to a student who arrived late."""

    type: Literal["release_bot"] = "release_bot"
    seat: str


GameCommand = Annotated[
    DecideConsent | PledgeVote | PressChairButton | AssignBot | ReleaseBot,
    Field(discriminator="type"),
]
GAME_COMMAND_ADAPTER: TypeAdapter[Any] = TypeAdapter(GameCommand)
GAME_COMMAND_TYPES = (DecideConsent, PledgeVote, PressChairButton, AssignBot, ReleaseBot)
GAME_COMMAND_NAMES = frozenset(c.model_fields["type"].default for c in GAME_COMMAND_TYPES)

AnyCommand = cmd.Command | DecideConsent | PledgeVote | PressChairButton | AssignBot | ReleaseBot


def parse_any_command(raw: dict[str, Any]) -> AnyCommand:
    """A procedure or game command from JSON; bad input raises a readable RuleViolation."""
    if raw.get("type") in GAME_COMMAND_NAMES:
        try:
            parsed: AnyCommand = GAME_COMMAND_ADAPTER.validate_python(raw)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "command"
            raise RuleViolation(
                f"The {raw['type']} command is malformed at '{where}': {first['msg']}.",
                code="malformed_command",
            ) from None
        return parsed
    return cmd.parse_command(raw)


# ---------------------------------------------------------------------------------------------
# Events: parse and fold both kinds
# ---------------------------------------------------------------------------------------------

_WORLD_EVENT_ADAPTER: TypeAdapter[Any] = TypeAdapter(
    Annotated[WorldEvent, Field(discriminator="type")]
)


def parse_any_event(raw: dict[str, Any]) -> AnyEvent:
    if raw.get("type") in WORLD_EVENT_NAMES:
        parsed: AnyEvent = _WORLD_EVENT_ADAPTER.validate_python(raw)
        return parsed
    return ev.parse_event(raw)


def evolve_game(state: SessionState, event: AnyEvent) -> SessionState:
    if is_world_event(event):
        return evolve_world(state, event)  # type: ignore[arg-type]
    return evolve(state, event)  # type: ignore[arg-type]


def replay_game(
    start: SessionSetup | SessionState, events: Iterable[AnyEvent], *, started_at: float = 0.0
) -> SessionState:
    state = start if isinstance(start, SessionState) else engine.new_session(start, started_at)
    for event in events:
        state = evolve_game(state, event)
    return state


class GameTurn:
    """Like the engine's ``Turn``, but folds game events too."""

    def __init__(self, state: SessionState, actor: str, now: float) -> None:
        self.state = state
        self.actor = actor
        self.now = now
        self.events: list[AnyEvent] = []

    def emit(self, event: Any) -> None:
        self.state = evolve_game(self.state, event)
        self.events.append(event)


# ---------------------------------------------------------------------------------------------
# apply
# ---------------------------------------------------------------------------------------------


def apply_game(state: SessionState, command: AnyCommand) -> tuple[SessionState, list[AnyEvent]]:
    """``apply`` for a session with a game layer. Raises RuleViolation; state then unchanged."""
    if isinstance(command, GAME_COMMAND_TYPES):
        if command.now < state.last_event_at:
            raise RuleViolation(
                "Commands must arrive in time order: this one is dated before the last event.",
                code="clock_went_back",
            )
        turn = GameTurn(state, command.actor, command.now)
        _handle_game_command(turn, command)
    else:
        procedure_state, procedure_events = engine.apply(state, command)
        turn = GameTurn(procedure_state, command.actor, command.now)
        turn.events.extend(procedure_events)
        resolve_pledges(turn, state, procedure_events)
        react_to_procedure(turn, procedure_events)
    advance_time(turn)
    return turn.state, turn.events


def _handle_game_command(turn: GameTurn, command: Any) -> None:
    state = turn.state
    match command:
        case DecideConsent(given=given, state=host):
            host_id = host or turn.actor
            delegation = state.setup.delegation(host_id)
            if delegation is None:
                raise NotInOrder(f"There is no delegation '{host_id}' in this forum.")
            if delegation.kind not in ("state", "observer_state"):
                raise NotPermitted(
                    f"{delegation.name} is not a state: only a state consents to action on "
                    "its territory (UN Charter Art. 2(7))."
                )
            if turn.actor not in (host_id, CHAIR, SYSTEM):
                raise NotPermitted(
                    f"Only {delegation.name} can give or refuse its own consent."
                )
            decide_consent(turn, host_id, given)
        case PledgeVote(recipient=recipient, draft_id=draft_id, choice=choice, text=text):
            make_pledge(turn, recipient, draft_id, choice, text)
        case PressChairButton(event_id=event_id):
            if turn.actor not in (CHAIR, SYSTEM):
                raise NotPermitted("Only the chair can release a scripted event.")
            press_chair_button(turn, event_id)
        case AssignBot(seat=seat):
            _require_seat_change(turn, seat, "hand a seat to a bot")
            if world_of(state).is_bot(seat):
                raise NotInOrder(f"{state.setup.name_of(seat)} is already played by a bot.")
            turn.emit(BotSeatAssigned(at=turn.now, seat=seat, by=turn.actor))
        case ReleaseBot(seat=seat):
            _require_seat_change(turn, seat, "hand a bot's seat back")
            if not world_of(state).is_bot(seat):
                raise NotInOrder(f"{state.setup.name_of(seat)} is not played by a bot.")
            turn.emit(BotSeatReleased(at=turn.now, seat=seat, by=turn.actor))


def _require_seat_change(turn: GameTurn, seat: str, doing: str) -> None:
    if turn.actor not in (CHAIR, SYSTEM):
        raise NotPermitted(f"Only the chair can {doing}.")
    if turn.state.setup.delegation(seat) is None:
        raise NotInOrder(f"There is no delegation '{seat}' in this forum.")


def next_game_deadline(state: SessionState) -> float | None:
    """When the app should send the next ``tick``: a procedure deadline or a world deadline."""
    times = [t for t in (engine.next_deadline(state), next_world_deadline(state)) if t is not None]
    return min(times) if times else None


# ---------------------------------------------------------------------------------------------
# From a scenario
# ---------------------------------------------------------------------------------------------


def world_setup(scenario: Scenario, forum_id: str | None = None) -> dict[str, Any]:
    """The full initial :class:`World` of a session of ``scenario`` as JSON."""
    from game_rules.scenario import _draft_spec  # the one scenario→engine draft conversion

    forum = scenario.forum(forum_id)
    place_names = {a.id: a.name for a in scenario.actors}
    place_names.update({r.id: r.name for r in scenario.regions})
    non_coercive: dict[str, dict[str, tuple[dict[str, Any], ...]]] = {}
    for draft in scenario.drafts:
        for number, clause in enumerate(draft.operative, start=1):
            if clause.non_coercive_effects:
                non_coercive.setdefault(draft.id, {})[f"OP{number}"] = tuple(
                    e.model_dump(mode="json") for e in clause.non_coercive_effects
                )
    hidden = tuple(
        HiddenDraft(id=d.id, spec=_draft_spec(d).model_dump(mode="json"))
        for d in scenario.drafts
        if d.hidden and d.forum in (None, forum.id)
    )
    rules = WorldRules(
        place_names=place_names,
        round_minutes=scenario.indicators.round_minutes,
        drift={p.place: dict(p.drift) for p in scenario.indicators.places if p.drift},
        trust_start=scenario.trust.start,
        non_coercive=non_coercive,
        events=tuple(
            ScriptedEvent.model_validate(e.model_dump(mode="json", exclude_none=False))
            for e in scenario.events
        ),
        hidden_drafts=hidden,
        hidden_agenda={a.id: a.title for a in scenario.agenda if a.hidden},
    )
    world = World(
        rules=rules,
        indicators={p.place: dict(p.start) for p in scenario.indicators.places},
        trust={
            pair_key(pair.between[0], pair.between[1]): pair.value
            for pair in scenario.trust.pairs
        },
    )
    return world.to_state()


def game_setup(scenario: Scenario, forum_id: str | None = None, seed: int = 0) -> SessionSetup:
    """The engine's setup for a session of ``scenario``, with its full game layer."""
    setup = session_setup(scenario, forum_id, seed=seed)
    return setup.model_copy(update={"world": world_setup(scenario, forum_id)})


def start_game(
    scenario: Scenario, forum_id: str | None = None, *, seed: int = 0, now: float = 0.0
) -> SessionState:
    return engine.new_session(game_setup(scenario, forum_id, seed), now)

