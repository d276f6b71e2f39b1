"""A draft's id names it for good: drafts written in the room never take the id of a draft the
scenario wrote (at the start, or one an event adds later), so they never take its effects, never
hide its inject and always count against their sponsor's quota."""

from __future__ import annotations

from game_support import SECURITY_COUNCIL, Game, bundled

from game_rules.procedure.quotas import used
from game_rules.session.state import CHAIR
from game_rules.world.consent import authored_effects


def _student_draft(game: Game, sponsor: str = "CHN") -> str:
    game.do(sponsor, type="submit_draft", title="Our text", clauses=[{"text": "Decides"}])
    return game.state.drafts[-1].id


def test_a_draft_written_in_the_room_never_reuses_a_scenario_draft_id() -> None:
    """Early in a session the counter is low: the first drafts would have been D1 and D2."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.do("CHN", type="record_attendance", member="CHN", status="present")
    scripted = {d.id for d in game.state.drafts} | {"D2"}  # D2 is added later by an event
    ids = [_student_draft(game) for _ in range(3)]
    assert not scripted & set(ids)
    assert len({d.id for d in game.state.drafts}) == len(game.state.drafts)


def test_a_student_draft_has_no_effects_and_counts_against_the_quota() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    draft = _student_draft(game)
    assert authored_effects(game.state, draft, "OP1") == ()
    assert used(game.state, "CHN", "drafts") == 1


def test_the_scenario_inject_still_adds_its_draft_after_students_wrote_theirs() -> None:
    """The camp attack at minute 40 adds D2 (scenarios/security-council-protection.yaml)."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    for _ in range(2):
        _student_draft(game)
    game.now = 41 * 60.0
    game.do(CHAIR, type="tick")
    added = game.state.draft("D2")
    assert added is not None and added.scripted
    assert added.title != "Our text"
