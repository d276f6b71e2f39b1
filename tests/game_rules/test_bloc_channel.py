"""Blocs you can play: a negotiating group's channel, its common position and its voice.

- Only its members read a group's notes; the chair only where the scenario says
  `chair_reads_notes: true` (the tutorial's G77), never in the climate summit.
- The coordinator (the G77's chair, the EU's presidency) proposes the common position; members
  sign it; a later position on a draft becomes the group's line, and voting against it is a
  defection.
- A group statement: the coordinator, or the member it names, speaks "on behalf of" the group.
- A category (the P5, Charter Art. 23) has none of these.
"""

from __future__ import annotations

from typing import Any

import pytest
from game_support import SCENARIOS, SECURITY_COUNCIL, TUTORIAL, Game, bundled

from game_rules.bots.players import bot_briefs, choose_vote, settle_bots
from game_rules.engine.narration import narrate
from game_rules.engine.views import private_view, public_view, view_event
from game_rules.errors import RuleViolation
from game_rules.report.debrief import build_debrief
from game_rules.session.commands import MAX_COMMON_POSITION_CHARS, parse_command
from game_rules.session.state import CHAIR
from game_rules.session.world import (
    BlocDefected,
    BlocNoteSent,
    CommonPositionProposed,
    CommonPositionSigned,
)

CLIMATE = SCENARIOS / "climate-summit.yaml"


def _refused(game: Game, actor: str, **fields: Any) -> RuleViolation:
    with pytest.raises(RuleViolation) as refused:
        game.do(actor, **fields)
    return refused.value


def _climate() -> Game:
    game = Game(bundled(CLIMATE))
    game.everyone_present()
    return game


def test_a_bloc_note_is_read_by_the_group_members_only_not_by_others_or_the_chair() -> None:
    game = _climate()
    events = game.do("MDV", type="send_bloc_note", bloc="AOSIS", text="Hold the line on 1.5.")
    sent = next(e for e in events if isinstance(e, BlocNoteSent))
    assert sent.note.readers == ("TUV", "MDV", "JAM")
    for member in ("TUV", "JAM", "MDV"):
        assert view_event(sent, member, game.state) is not None
        notes = private_view(game.state, member)["world"]["bloc_notes"]
        assert [n["text"] for n in notes] == ["Hold the line on 1.5."]
    for outsider in ("CHN", "USA", CHAIR, "public"):
        assert view_event(sent, outsider, game.state) is None
        assert narrate(sent, game.state, outsider) is None
    assert private_view(game.state, "CHN")["world"]["bloc_notes"] == []
    assert private_view(game.state, CHAIR)["world"]["bloc_notes"] == []
    assert "Hold the line" not in str(public_view(game.state))


def test_the_chair_reads_a_bloc_note_where_the_scenario_says_chair_reads_notes() -> None:
    game = Game(bundled(TUTORIAL))
    game.everyone_present()
    events = game.do("BRA", type="send_bloc_note", bloc="G77", text="Early warning first.")
    sent = next(e for e in events if isinstance(e, BlocNoteSent))
    assert view_event(sent, CHAIR, game.state) is not None
    said = narrate(sent, game.state, CHAIR)
    assert said is not None and said.english() == "Note from Brazil to Group of 77 and China."
    assert [n["text"] for n in private_view(game.state, CHAIR)["world"]["bloc_notes"]] == [
        "Early warning first."
    ]
    assert view_event(sent, "DEU", game.state) is None


def test_a_non_member_cannot_write_to_a_group_and_the_chair_cannot_where_it_may_not_read() -> None:
    game = _climate()
    assert _refused(game, "CHN", type="send_bloc_note", bloc="AOSIS", text="x").code == (
        "not_in_bloc"
    )
    assert _refused(game, CHAIR, type="send_bloc_note", bloc="AOSIS", text="x").code == (
        "not_in_bloc"
    )
    assert _refused(game, "MDV", type="send_bloc_note", bloc="NOPE", text="x").code == (
        "unknown_bloc"
    )


def test_a_bloc_note_longer_than_the_forums_note_limit_is_refused() -> None:
    game = _climate()
    limit = game.state.procedure.note_max_chars
    refused = _refused(game, "MDV", type="send_bloc_note", bloc="AOSIS", text="x" * (limit + 1))
    assert refused.code == "text_too_long"


def test_charter_23_a_category_such_as_the_p5_has_no_channel_nor_common_position() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    refused = _refused(game, "FRA", type="send_bloc_note", bloc="P5", text="x")
    assert refused.code == "unknown_bloc"
    refused = _refused(game, "FRA", type="propose_common_position", bloc="P5", text="x")
    assert refused.code == "unknown_bloc"


def test_only_the_coordinator_proposes_the_common_position_members_sign_it() -> None:
    game = _climate()
    refused = _refused(game, "JAM", type="propose_common_position", bloc="AOSIS", text="1.5")
    assert refused.code == "not_bloc_coordinator"
    assert "Maldives, the coordinator of Alliance of Small Island States" in str(refused)
    events = game.do(
        "MDV",
        type="propose_common_position",
        bloc="AOSIS",
        text="Loss and damage finance now.",
        draft_id="D1",
        position="yes",
    )
    proposed = next(e for e in events if isinstance(e, CommonPositionProposed))
    position_id = proposed.position.id
    game.do("TUV", type="sign_common_position", position_id=position_id)
    position = game.world.common_position(position_id)
    assert position is not None and position.signatures == ("MDV", "TUV")
    assert _refused(game, "TUV", type="sign_common_position", position_id=position_id).code == (
        "not_in_order"
    )
    assert _refused(game, "CHN", type="sign_common_position", position_id=position_id).code == (
        "not_in_bloc"
    )
    assert view_event(proposed, "CHN", game.state) is None
    assert private_view(game.state, "CHN")["world"]["common_positions"] == []
    assert game.world.group_line("AOSIS", "D1") == "yes"


def test_a_common_position_names_its_draft_and_line_together() -> None:
    game = _climate()
    refused = _refused(
        game, "MDV", type="propose_common_position", bloc="AOSIS", text="x", draft_id="D1"
    )
    assert refused.code == "incomplete_common_position"


def test_a_common_position_over_600_characters_is_refused_before_the_engine() -> None:
    assert MAX_COMMON_POSITION_CHARS == 600
    with pytest.raises(RuleViolation) as refused:
        parse_command(
            {
                "type": "propose_common_position",
                "actor": "MDV",
                "now": 1,
                "bloc": "AOSIS",
                "text": "x" * 601,
            }
        )
    assert refused.value.code == "text_too_long"


def test_a_group_statement_is_given_on_behalf_of_the_group_by_its_coordinator() -> None:
    game = _climate()
    if game.state.agenda_item is None:
        game.do(CHAIR, type="set_agenda", item=game.state.setup.agenda[0].id)
    refused = _refused(game, "IND", type="add_speaker", on_behalf_of="G77")
    assert refused.code == "not_bloc_spokesperson"
    game.do("BGD", type="add_speaker", on_behalf_of="G77")
    assert public_view(game.state)["speaking_for"] == {"BGD": "G77"}
    events = game.do(CHAIR, type="recognize_speaker")
    said = narrate(events[0], game.state, "public")
    assert said is not None
    assert said.english() == "Bangladesh has the floor on behalf of Group of 77 and China."
    assert game.state.floor is not None and game.state.floor.on_behalf_of == "G77"


def test_the_coordinator_names_another_member_to_speak_for_the_group() -> None:
    game = _climate()
    if game.state.agenda_item is None:
        game.do(CHAIR, type="set_agenda", item=game.state.setup.agenda[0].id)
    assert _refused(game, "IND", type="name_bloc_speaker", bloc="G77", member="IND").code == (
        "not_bloc_coordinator"
    )
    assert _refused(game, "BGD", type="name_bloc_speaker", bloc="G77", member="USA").code == (
        "not_in_bloc"
    )
    game.do("BGD", type="name_bloc_speaker", bloc="G77", member="SEN")
    assert public_view(game.state)["world"]["blocs"]["G77"]["speaker"] == "SEN"
    assert _refused(game, "BGD", type="add_speaker", on_behalf_of="G77").code == (
        "not_bloc_spokesperson"
    )
    events = game.do("SEN", type="add_speaker", on_behalf_of="G77")
    said = narrate(events[0], game.state, "public")
    assert said is not None
    assert said.english() == "Senegal joined the speakers list on behalf of Group of 77 and China."


def _eu_says_no_germany_joins() -> Game:
    game = _climate()
    game.do(
        "POL",
        type="propose_common_position",
        bloc="EU",
        text="Not without a fossil fuel phase-out.",
        draft_id="D1",
        position="no",
    )
    game.do("MDV", type="propose_motion", kind="move_to_vote", target="D1")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    vote = game.state.vote
    assert vote is not None
    for voter in vote.voters:
        choice = "object" if voter in ("POL", "FRA", "ESP") else "join"
        game.do(voter, type="cast_vote", choice=choice)
    game.do(CHAIR, type="close_vote")
    return game


def test_a_member_that_votes_against_its_groups_common_position_is_a_defection() -> None:
    """The EU's presidency (Poland) puts a "no" line on D1; Germany joins the consensus, which
    is voting against the line: a defection. France and Spain follow the line."""
    game = _eu_says_no_germany_joins()
    eu = [
        (e.member, e.position, e.choice)
        for e in game.events
        if isinstance(e, BlocDefected) and e.bloc == "EU"
    ]
    assert eu == [("DEU", "no", "yes")]


def test_bots_never_soften_a_red_line_vote_nor_sign_a_common_position_against_it() -> None:
    """The G77's coordinator puts "yes" on D1 to the group; Saudi Arabia's bot (red line: no call
    to move away from fossil fuels) objects in every seed and never signs; Ethiopia signs."""
    scenario = bundled(CLIMATE)
    briefs = bot_briefs(scenario)
    for seed in range(12):
        game = Game(scenario, seed=seed)
        game.everyone_present()
        game.do(
            "BGD",
            type="propose_common_position",
            bloc="G77",
            text="Adaptation finance now.",
            draft_id="D1",
            position="yes",
        )
        game.state, signed = settle_bots(game.state, briefs, game.now, seats=("SAU", "ETH"))
        signers = {e.member for e in signed if isinstance(e, CommonPositionSigned)}
        assert signers == {"ETH"}, seed
        game.do("MDV", type="propose_motion", kind="move_to_vote", target="D1")
        game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
        game.do(CHAIR, type="open_vote")
        vote = game.state.vote
        while vote is not None and vote.subject.kind != "draft":
            # Saudi Arabia's own amendment (the Glasgow wording) comes first: it fails here.
            for voter in vote.voters:
                game.do(voter, type="cast_vote", choice="object")
            game.do(CHAIR, type="close_vote")
            game.do(CHAIR, type="open_vote")
            vote = game.state.vote
        assert vote is not None
        chosen = choose_vote(game.state, briefs, "SAU", vote)
        assert chosen is not None and chosen.choice == "object", seed
        assert game.world.group_line("G77", "D1") == "yes"


def test_the_debrief_shows_cohesion_and_the_defector_per_group() -> None:
    game = _eu_says_no_germany_joins()
    debrief = build_debrief(game.scenario, game.start, game.events, state=game.state)
    eu = next(c for c in debrief.cohesion if c.bloc == "EU")
    assert (eu.draft_id, eu.line, eu.source) == ("D1", "no", "common_position")
    assert (eu.with_line, eu.voted, eu.defectors) == (3, 4, ("DEU",))
    # The G77 has no common position here: its line is the scenario's "yes"; nobody in it
    # voted no, so it held together.
    g77 = next(c for c in debrief.cohesion if c.bloc == "G77")
    assert (g77.line, g77.source, g77.defectors) == ("yes", "scenario", ())
    assert g77.with_line == g77.voted
