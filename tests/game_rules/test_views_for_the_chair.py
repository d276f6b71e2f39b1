"""What the views offer the chair: only the attendance statuses a delegation may have, and
motion labels that read as English."""

from __future__ import annotations

import pytest
from procedure_helpers import Session, committee_setup

from game_rules import NotInOrder, public_view


def test_ga_rule_86_observers_are_never_offered_present_and_voting() -> None:
    """GA rule 86 and NMUN roll call: only members vote, so only members may declare themselves
    present and voting; the view offers observers 'present' or 'absent', and the engine agrees."""
    s = Session(committee_setup(3))
    view = public_view(s.state)
    delegations = {d["id"]: d for d in [*view["members"], *view["observers"]]}
    assert delegations["S01"]["attendance_choices"] == ["present", "present_and_voting", "absent"]
    assert delegations["NGO"]["attendance_choices"] == ["present", "absent"]
    with pytest.raises(NotInOrder, match="observer"):
        s.chair("record_attendance", member="NGO", status="present_and_voting")


def test_nmun_caucus_motion_label_reads_as_a_five_minute_caucus() -> None:
    """NMUN rules of procedure (moderated caucus): the motion states its length; the label is
    shown to the whole room, so it must read 'a 5-minute moderated caucus'."""
    s = Session(committee_setup(3))
    s.all_present()
    s.chair("set_agenda", item="t1")
    s.do("S01", "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30)
    s.do("S02", "propose_motion", kind="unmoderated_caucus", minutes=1.5)
    labels = [m["label"] for m in public_view(s.state)["motions"]]
    assert "motion for a 5-minute moderated caucus" in labels
    assert "motion for a 1.5-minute unmoderated caucus" in labels
