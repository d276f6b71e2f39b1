"""Quotas: what one seat, and all seats of a room together, may add (game_rules/quotas.py).

The hardening issue found one delegate submitting 1,083 drafts in a minute; and one client may
hold many seats, so the room has a quota of its own."""

from __future__ import annotations

import pytest
from game_support import SCENARIOS, TUTORIAL, Game, bundled

from game_rules.procedure.quotas import QUOTAS, ROOM_QUOTAS, QuotaExceeded
from game_rules.procedure.voting import legal_choices
from game_rules.session.state import CHAIR

CLIMATE = SCENARIOS / "climate-summit.yaml"


def _draft(game: Game, sponsor: str) -> None:
    game.do(sponsor, type="submit_draft", title="T", clauses=[{"text": "Decides"}])


def test_a_seat_stops_at_its_draft_quota_and_the_refusal_names_the_limit() -> None:
    game = Game(bundled(TUTORIAL))
    game.everyone_present()
    for _ in range(QUOTAS["drafts"].limit):
        _draft(game, "BGD")
    with pytest.raises(QuotaExceeded) as refused:
        _draft(game, "BGD")
    assert refused.value.code == "quota_exceeded"
    assert str(QUOTAS["drafts"].limit) in refused.value.message
    _draft(game, "BRA")  # another seat is not held back


def test_the_room_stops_at_its_draft_quota_whoever_holds_the_seats() -> None:
    game = Game(bundled(CLIMATE))
    game.everyone_present()
    members = [m.id for m in game.state.setup.members]
    per_seat, room = QUOTAS["drafts"].limit, ROOM_QUOTAS["drafts"].limit
    writers = members[: room // per_seat]
    for seat in writers:
        for _ in range(per_seat):
            _draft(game, seat)
    with pytest.raises(QuotaExceeded) as refused:
        _draft(game, members[len(writers)])
    assert "This room" in refused.value.message and str(room) in refused.value.message


def test_a_consensus_position_changes_only_so_often_and_the_view_says_so() -> None:
    """Under consensus a delegation may withdraw an objection; the quota bounds the flips, and
    the choices offered (legal_choices) agree with what cast_vote accepts."""
    game = Game(bundled(TUTORIAL))
    game.everyone_present()
    game.do("BGD", type="propose_motion", kind="close_debate")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    for member in game.state.setup.members:
        game.do(member.id, type="cast_vote", choice="yes")
    game.do(CHAIR, type="close_vote")
    game.do(CHAIR, type="propose_adoption_without_vote")
    limit = QUOTAS["ballots_per_vote"].limit
    for flip in range(limit):
        game.do("JPN", type="cast_vote", choice="object" if flip % 2 == 0 else "join")
    choices, why = legal_choices(game.state, "JPN")
    assert choices == [] and str(limit) in why.english()
    with pytest.raises(QuotaExceeded):
        game.do("JPN", type="cast_vote", choice="reservation")
