"""The room's clock: one timer at its next deadline, which sends the server's own ``tick``.

Speaking time, caucuses, vote deadlines and scripted events are deadlines in the engine's
state; the engine never reads a clock. The timer sends ``tick`` (as ``system``) when the next
one is due, and books the following one after every commit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from app.rooms.writer import CommandResult, Reply
from game_rules.session.state import SYSTEM

logger = logging.getLogger(__name__)

# A timer may fire a hair early by the wall clock; wait this much past a deadline.
TICK_SLACK_SECONDS = 0.01

Submit = Callable[[str, dict[str, Any], Reply], None]


class RoomTimer:
    def __init__(
        self,
        code: str,
        *,
        next_deadline: Callable[[], float | None],
        submit: Submit,
        clock: Callable[[], float],
    ) -> None:
        self._code = code
        # The room's next deadline (None: none, or the room is closed).
        self._next_deadline = next_deadline
        self._submit = submit
        self._clock = clock
        self._handle: asyncio.TimerHandle | None = None
        # A deadline whose tick changed nothing: do not spin on it.
        self._idle_deadline: float | None = None

    def schedule(self) -> None:
        """Book the tick for the room's next deadline, in place of any booked before."""
        self.cancel()
        deadline = self._next_deadline()
        if deadline is None or deadline == self._idle_deadline:
            return
        delay = max(0.0, deadline - self._clock()) + TICK_SLACK_SECONDS
        self._handle = asyncio.get_running_loop().call_later(delay, self._fire, deadline)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fire(self, deadline: float) -> None:
        self._handle = None
        if self._clock() < deadline:
            self.schedule()
            return

        def after_tick(result: CommandResult) -> None:
            if not result.changed:
                # Nothing was due after all; do not spin on the same deadline.
                self._idle_deadline = deadline
                if result.refusal is not None:
                    logger.warning("room %s: tick refused: %s", self._code, result.refusal.message)

        self._submit(SYSTEM, {"type": "tick"}, after_tick)
