"""The per-student record (issue 13, item 2), from the event log alone: each count goes to the
student whose ``by_student`` the event carries; an event without one goes to the student who
asked for it, else to the seat's first student; nothing goes to a seat nobody holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game_rules.report.assessment import COUNTS, StudentSeat, assess
from game_rules.report.debrief import ObjectiveResult
from game_rules.session import events as ev
from game_rules.session import world as wev
from game_rules.session.state import Amendment, Draft, Motion, Note, Point
from game_rules.session.world import Pledge

CLASS = [StudentSeat("ana", "KEN"), StudentSeat("ben", "KEN"), StudentSeat("cai", "BGD"),
         StudentSeat("dee", None)]


def _objective(seat: str, met: bool | None) -> ObjectiveResult:
    return ObjectiveResult(seat, seat, "An aim.", 1, met, "")


def test_co_delegates_each_get_what_they_did_and_share_the_seat_objectives() -> None:
    events = [
        ev.SpeakerAdded(at=1, member="KEN", by_student="ben"),
        ev.FloorGiven(at=10, speaker="KEN", kind="speech", seconds=60),  # the chair's
        ev.FloorEnded(at=55, speaker="KEN", reason="finished"),
        ev.FloorGiven(at=60, speaker="BGD", kind="speech", seconds=60),
        ev.FloorEnded(at=90, speaker="BGD", reason="time_up"),
        ev.PointRaised(at=91, point=Point.model_construct(actor="KEN"), by_student="ana"),
        ev.MotionProposed(at=92, motion=Motion.model_construct(mover="KEN"), by_student="ana"),
        ev.AmendmentSubmitted(
            at=93, amendment=Amendment.model_construct(id="a1", proposer="KEN"), by_student="ben"
        ),
        ev.AmendmentSubmitted(
            at=94, amendment=Amendment.model_construct(id="a2", proposer="KEN"), by_student="ana"
        ),
        ev.AmendmentIncorporated(at=95, amendment_id="a1"),
        ev.AmendmentDecided(at=96, amendment_id="a2", adopted=False),
        ev.DraftSubmitted(
            at=97, draft=Draft.model_construct(sponsors=("KEN", "BGD")), by_student="ana"
        ),
        ev.DraftSigned(at=98, draft_id="d", signer="BGD", as_sponsor=False, by_student="cai"),
        ev.NoteSent(at=99, note=Note.model_construct(sender="KEN"), by_student="ben"),
        ev.NoteSent(at=99, note=Note.model_construct(sender="KEN"), by_student="ben"),
        wev.PledgeMade(
            at=100, pledge=Pledge.model_construct(id="p1", pledger="KEN"), by_student="ana"
        ),
        wev.PledgeResolved(
            at=101, pledge_id="p1", pledger="KEN", recipient="BGD", kept=True, actual="yes",
            vote_id="v",
        ),
        ev.NoteSent(at=102, note=Note.model_construct(sender="USA")),  # nobody's seat
    ]
    objectives = [_objective("KEN", True), _objective("KEN", False), _objective("BGD", None)]
    ana, ben, cai, dee = assess(CLASS, events, objectives)
    assert (ben.speeches, ben.speaking_seconds) == (1, 45.0)  # he asked for the floor
    assert (ana.speeches, cai.speeches, cai.speaking_seconds) == (0, 1, 30.0)
    assert (ana.points, ana.motions, ben.points) == (1, 1, 0)
    assert (ben.amendments_proposed, ben.amendments_accepted) == (1, 1)
    assert (ana.amendments_proposed, ana.amendments_accepted) == (1, 0)
    # Ana submitted the draft for KEN; BGD's sponsorship counts for BGD's own student.
    assert (ana.drafts_sponsored, ben.drafts_sponsored, cai.drafts_sponsored) == (1, 0, 1)
    assert cai.drafts_signed == 1
    assert (ben.notes_sent, ana.notes_sent) == (2, 0)
    assert (ana.pledges_made, ana.pledges_kept, ben.pledges_made) == (1, 1, 0)
    assert (ana.objectives_met, ana.objectives) == (1, 2) == (ben.objectives_met, ben.objectives)
    assert (cai.objectives_met, cai.objectives) == (0, 1)
    assert all(getattr(dee, name) == 0 for name in COUNTS)  # the rapporteur has no seat


def test_an_event_without_a_student_counts_for_the_seats_first_student() -> None:
    events = [ev.MotionProposed(at=1, motion=Motion.model_construct(mover="KEN"))]
    ana, ben, *_ = assess(CLASS, events)
    assert (ana.motions, ben.motions) == (1, 0)


SEATS = ("KEN", "BGD", "USA")


@st.composite
def _notes(draw: st.DrawFn) -> list[ev.Event]:
    sent = draw(st.lists(st.tuples(st.sampled_from(SEATS),
                                   st.sampled_from(["ana", "ben", "cai", None])), max_size=30))
    return [
        ev.NoteSent(at=float(i), note=Note.model_construct(sender=seat), by_student=student)
        for i, (seat, student) in enumerate(sent)
    ]


@given(_notes())
def test_every_note_of_a_held_seat_is_counted_once_and_no_other(events: list[ev.Event]) -> None:
    records = assess(CLASS, events)
    held = {s.seat for s in CLASS if s.seat is not None}
    expected = sum(1 for e in events if isinstance(e, ev.NoteSent) and e.note.sender in held)
    assert sum(r.notes_sent for r in records) == expected
    # A student is never credited with another seat's note.
    for record in records:
        own = [e for e in events if isinstance(e, ev.NoteSent) and e.by_student == record.student
               and e.note.sender == record.seat]
        assert record.notes_sent >= len(own)


@given(st.lists(st.tuples(st.sampled_from(SEATS), st.floats(0, 300)), max_size=12))
def test_speaking_time_adds_up_to_the_time_held_seats_had_the_floor(
    turns: list[tuple[str, float]],
) -> None:
    events: list[ev.Event] = []
    now, held_time = 0.0, 0.0
    for seat, length in turns:
        events.append(ev.FloorGiven(at=now, speaker=seat, kind="speech", seconds=300))
        now += length
        events.append(ev.FloorEnded(at=now, speaker=seat, reason="finished"))
        held_time += length if seat != "USA" else 0.0
    records = assess(CLASS, events)
    assert abs(sum(r.speaking_seconds for r in records) - held_time) < 0.5
    assert sum(r.speeches for r in records) == sum(1 for seat, _ in turns if seat != "USA")
