"""Contested narratives: the frames a scenario names, the speeches, notes and drafts tagged with
them, and bots that lean by frame on a clause's written variants.

Source: the essay in shared/seed/human-security-essay.txt calls multilateral forums "a
battlefield of narratives"; the Habitat frames follow the New Urban Agenda debate on the "right
to the city" (A/RES/71/256, annex, para. 11).
"""

from __future__ import annotations

import pytest
from game_support import SCENARIOS, SECURITY_COUNCIL, Game, bundled

from game_rules.bots.players import bot_briefs, choose_vote
from game_rules.engine.views import public_view
from game_rules.engine.world_views import world_event_view
from game_rules.errors import NotInOrder
from game_rules.session.state import CHAIR
from game_rules.session.world import FrameInvoked

HABITAT = SCENARIOS / "habitat-urban-agenda.yaml"


def test_a_speech_tagged_with_a_frame_counts_in_the_frame_share_over_time() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.do("RUS", type="add_speaker", frame="sovereignty")
    game.do("GBR", type="add_speaker", frame="r2p")
    game.do("FRA", type="add_speaker", frame="r2p")
    world = public_view(game.state)["world"]
    assert world["frame_share"] == {"sovereignty": 1, "r2p": 2, "humanitarian": 0}
    assert [(u["actor"], u["frame"]) for u in world["frame_timeline"]] == [
        ("RUS", "sovereignty"), ("GBR", "r2p"), ("FRA", "r2p")
    ]


def test_a_frame_the_scenario_does_not_name_is_refused() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    before = game.state
    with pytest.raises(NotInOrder, match="not a frame of this scenario"):
        game.do("RUS", type="add_speaker", frame="security_first")
    assert game.state == before  # the speech request is refused with it


def test_a_note_tagged_with_a_frame_stays_between_its_sender_and_the_chair() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.do("CHN", type="send_note", to=["RUS"], text="Consent first.", frame="sovereignty")
    tagged = next(e for e in game.events if isinstance(e, FrameInvoked))
    assert world_event_view(tagged, "CHN") is not None
    assert world_event_view(tagged, CHAIR) is not None
    assert world_event_view(tagged, "GBR") is None
    assert public_view(game.state)["world"]["frame_share"]["sovereignty"] == 0


def test_bots_lean_by_frame_when_voting_on_a_variant() -> None:
    """India holds 'national plans lead', the frame of the compromise wording: it supports it;
    South Africa holds 'the right to the city': it stands aside rather than supporting."""
    scenario = bundled(HABITAT)
    game = Game(scenario)
    game.everyone_present()
    game.do("USA", type="propose_amendment", draft_id="D1", action="modify",
            target_clause="OP2", variant="compromise")
    game.do("ECU", type="propose_motion", kind="move_to_vote", target="D1")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    vote = game.state.vote
    assert vote is not None and vote.subject.kind == "amendment"
    briefs = bot_briefs(scenario)
    india = choose_vote(game.state, briefs, "IND", vote)
    south_africa = choose_vote(game.state, briefs, "ZAF", vote)
    assert india is not None and india.choice == "join"
    assert south_africa is not None and south_africa.choice == "reservation"
