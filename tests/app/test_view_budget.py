"""A room's state views get at most their share of a core, so events never queue behind them."""

from __future__ import annotations

import pytest

from app.rooms.fanout import ViewBudget


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_quiet_room_builds_views_at_once_up_to_its_burst() -> None:
    clock = FakeClock()
    budget = ViewBudget(share=0.25, burst=0.05, clock=clock)
    assert budget.delay() == 0.0
    budget.spend(0.04)
    assert budget.delay() == 0.0  # 10 ms of the burst left


def test_views_over_budget_wait_until_the_share_has_paid_for_them() -> None:
    clock = FakeClock()
    budget = ViewBudget(share=0.25, burst=0.05, clock=clock)
    budget.spend(0.15)  # 100 ms of CPU more than the burst
    assert budget.delay() == pytest.approx(0.4)  # 0.1 s of CPU at a quarter of a core
    clock.now += 0.2
    assert budget.delay() == pytest.approx(0.2)
    clock.now += 0.2
    assert budget.delay() == pytest.approx(0.0, abs=1e-9)


def test_an_idle_room_does_not_save_up_more_than_its_burst() -> None:
    clock = FakeClock()
    budget = ViewBudget(share=0.25, burst=0.05, clock=clock)
    clock.now += 3600
    budget.spend(0.06)
    assert budget.delay() > 0  # an hour of idling still allows only 50 ms at once


def test_one_round_of_views_is_spread_over_the_time_the_share_allows() -> None:
    clock = FakeClock()
    budget = ViewBudget(share=0.25, burst=0.05, clock=clock)
    budget.spend(0.002)
    assert budget.round_seconds(500) == pytest.approx(500 * 0.002 / 0.25)


def test_a_part_built_once_for_many_states_is_paid_once() -> None:
    """Issue 16: a patch's shared text is built once and sent to hundreds; the state that built
    it pays its CPU, the others (which only reuse it) pay nothing."""
    clock = FakeClock()
    budget = ViewBudget(share=0.25, burst=0.05, clock=clock)
    budget.start()
    budget.owe(0.04)
    budget.settle()
    assert budget.owed == 0.0
    assert budget.delay() == 0.0  # 10 ms of the burst left
    for _ in range(499):
        budget.start()
        budget.settle()  # the states that reused the text
    assert budget.delay() == 0.0
    assert budget.round_seconds(500) < 0.1, "one costly state must not stretch every interval"
    budget.start()
    budget.owe(0.02)
    budget.settle()
    assert budget.delay() == pytest.approx(0.01 / 0.25)


def test_views_built_outside_a_live_state_are_not_charged() -> None:
    """A greeting's whole view or an HTTP view is not a live state: it does not put the room's
    states in debt, nor count as what one state costs (which paces every connection)."""
    clock = FakeClock()
    budget = ViewBudget(share=0.25, burst=0.05, clock=clock)
    for _ in range(500):
        budget.owe(0.001)  # 500 greetings
    budget.start()
    budget.settle()
    assert budget.delay() == 0.0
    assert budget.round_seconds(500) == 0.0
