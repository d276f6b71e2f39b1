"""A class of 28 on the Security Council's 45-minute variant, in real Chromium (issue 13, done
when): the 18 seats of lesson-45 (the fifteen members, Karevia, MSF and the press desk) each
have a student, six seats a co-delegate, four students are rapporteurs; every student has a
role. A motion goes to a vote, with one vote per seat; the chair scores two students and
exports assessment.csv, whose rows and columns are checked against what happened.

Real browser contexts: the chair, Switzerland's two co-delegates, the press desk's reporter and
a rapporteur. The other 23 students act over the HTTP and WebSocket API (28 Chromium contexts
are too heavy for a two-core machine).
"""

from __future__ import annotations

import csv
import io
import urllib.error
from typing import Any

import pytest
from e2e_steps import ProtocolSeat, http_json, join_in_browser, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e

MEMBERS = ["CHN", "FRA", "RUS", "GBR", "USA", "DZA", "ECU", "GUY", "JPN", "MLT", "MOZ", "KOR",
           "SLE", "SVN", "CHE"]
SEATS = [*MEMBERS, "KRV", "MSF", "CCW"]  # lesson-45 drops NRC
# Seats with a second student besides Switzerland's (whose co-delegate is in a browser).
CO_DELEGATED = ["USA", "FRA", "KOR", "MSF", "SLE"]
RUBRIC = {"preparation": 4, "diplomacy": 3, "procedure": 4, "evidence": 2}


def _join(base_url: str, code: str, actor: str, name: str, co_delegate: bool = False) -> Any:
    return http_json(
        base_url, "POST", f"/api/rooms/{code}/seats/{actor}/claim",
        {"display_name": name, "co_delegate": co_delegate},
    )


def _score(chair: Any, student: str, scores: dict[str, int], comment: str) -> None:
    row = chair.locator(f"#assessment-list li[data-student='{student}']")
    if row.locator("details").get_attribute("open") is None:
        row.locator("summary").click()
    for criterion, value in scores.items():
        row.locator(f"#score-{student}-{criterion}").select_option(str(value))
    row.locator(f"#score-comment-{student}").fill(comment)
    row.locator(f"#score-save-{student}").click()


def test_a_class_of_28_with_co_delegates_press_and_rapporteurs_is_assessed(
    open_page: Any, base_url: str
) -> None:
    room = http_json(base_url, "POST", "/api/rooms",
                     {"scenario_id": "security-council-protection", "variant_id": "lesson-45"})
    code, chair_key = room["code"], room["chair_key"]
    assert len(http_json(base_url, "GET", f"/api/rooms/{code}/seats")) == 18
    chair = open_page(room["chair_url"], viewport=SIZES["chromebook"])
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")

    # In Chromium: Ana takes Switzerland, Bea joins her as co-delegate from the seat picker.
    ana = open_page("/", viewport=SIZES["chromebook"])
    join_in_browser(ana, code, "Ana", "Switzerland")
    bea = open_page("/", **PHONE)
    bea.goto(f"/join/{code}")
    bea.get_by_label("Your name").fill("Bea")
    seat = bea.locator(".seat", has_text="Switzerland").first
    expect(seat).to_contain_text("join as a co-delegate")
    save_screenshot(bea, "class28-join-phone")
    no_sideways_scroll(bea)
    seat.click()
    bea.wait_for_url(f"**/room/{code}")
    bea.locator("#connection[data-state='open']").wait_for()
    expect(bea.locator("#my-seat")).to_contain_text("Ana, Bea")
    # Both read the seat's secret brief.
    for page in (ana, bea):
        expect(page.locator("#brief")).to_contain_text("depositary of the Geneva Conventions")

    # The press desk's reporter and a rapporteur, in Chromium too.
    reporter = open_page("/", **PHONE)
    press_token = _join(base_url, code, "CCW", "Dee")["token"]
    open_seat_page(reporter, code, press_token)
    expect(reporter.locator("#press-card")).to_be_visible()
    rita = open_page("/", viewport=SIZES["chromebook"])
    rita.goto(f"/join/{code}")
    rita.get_by_label("Your name").fill("Rita")
    rita.locator("#join-rapporteur").click()
    rita.wait_for_url(f"**/room/{code}")
    expect(rita.locator("#my-seat")).to_contain_text("Rapporteur")
    expect(rita.locator("#report")).to_be_visible()
    expect(rita.locator("#paper-card")).to_be_hidden()

    # The other 23 students over the API: a student on each other seat, five co-delegates, three
    # more rapporteurs; a fifth rapporteur is refused, as is a fourth student on a seat.
    seats: dict[str, ProtocolSeat] = {}
    for actor in SEATS:
        if actor in ("CHE", "CCW"):
            continue
        seats[actor] = ProtocolSeat(base_url, code, actor, name=f"Student {actor}")
    partners: dict[str, ProtocolSeat] = {}
    for actor in CO_DELEGATED:
        joined = _join(base_url, code, actor, f"Partner {actor}", co_delegate=True)
        partners[actor] = ProtocolSeat(base_url, code, actor, token=joined["token"])
    for number in (2, 3, 4):
        http_json(base_url, "POST", f"/api/rooms/{code}/roles/rapporteur/join",
                  {"display_name": f"Rapporteur {number}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        http_json(base_url, "POST", f"/api/rooms/{code}/roles/rapporteur/join",
                  {"display_name": "One too many"})
    assert refused.value.code == 409
    _join(base_url, code, "USA", "Third USA", co_delegate=True)
    with pytest.raises(urllib.error.HTTPError) as full:
        _join(base_url, code, "USA", "Fourth USA", co_delegate=True)
    assert full.value.code == 409 and b"seat_full" in full.value.read()
    # 18 + 6 + 4 = 28 students, plus the USA's third: every student has a role, none is left.
    listed = http_json(base_url, "GET", f"/api/rooms/{code}/students", token=chair_key)
    students = {s["display_name"]: s for s in listed["students"]}
    assert len(students) == 29
    assert sum(1 for s in students.values() if s["role"] == "rapporteur") == 4
    assert all(s["seat"] in SEATS for s in students.values() if s["role"] == "delegate")

    # The session: the roll, Bea's speech, notes from France's co-delegate.
    chair.locator("#all-present").click()
    bea.locator("#add-me").click()
    expect(chair.locator("#speakers-list")).to_contain_text("Switzerland")
    chair.keyboard.press("n")
    expect(bea.locator("#my-speech")).to_be_visible()
    chair.locator("#call-time").click()
    partners["FRA"].send("send_note", to=["GBR"], text="Can we agree on access?")
    partners["FRA"].send("send_note", to=["USA"], text="And you?")

    # A motion to a vote: one vote per seat.
    partners["USA"].send(
        "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Access"
    )
    motion = chair.locator("#motion-queue li[data-kind='moderated_caucus']")
    motion.locator("button[data-act='entertain']").click()
    motion.locator("button[data-act='open-vote']").click()
    ana.locator("#vote .vote-choices button[data-choice='yes']").click()
    expect(ana.locator("#my-vote")).to_be_visible()
    expect(bea.locator("#my-vote")).to_be_visible()  # the seat's vote, cast by Ana
    partners["KOR"].send("cast_vote", choice="yes")
    with pytest.raises(AssertionError, match="Partner KOR has already cast the vote"):
        seats["KOR"].send("cast_vote", choice="no")
    for actor in MEMBERS:
        if actor not in ("CHE", "KOR"):
            seats[actor].send("cast_vote", choice="yes")
    chair.locator("#close-vote").click()
    expect(chair.locator("#result-banner")).to_have_attribute("data-outcome", "adopted")

    # Writing: Bea answers a debrief prompt, Rita writes the report.
    bea.locator("#tab-me").click()
    # Folded while the meeting runs: the questions are for the debrief.
    expect(bea.locator("#answer-1")).to_be_hidden()
    bea.locator("#reflect-details summary").click()
    bea.locator("#answer-1").fill("Access came before sovereignty for us.")
    bea.locator("#answer-1-save").click()
    expect(bea.locator("#answer-1-error")).to_be_hidden()
    rita.locator("#report").fill("The Council agreed to a moderated caucus on access.")
    rita.locator("#report-save").click()
    save_screenshot(bea, "class28-reflection-phone", full_page=True)
    no_sideways_scroll(bea)

    # The chair scores Ana and Bea and exports the CSV.
    listed = http_json(base_url, "GET", f"/api/rooms/{code}/students", token=chair_key)
    ids = {s["display_name"]: s["student"] for s in listed["students"]}
    chair.locator("#assessment-refresh").click()
    expect(chair.locator("#assessment-list li.student")).to_have_count(29)
    _score(chair, ids["Bea"], RUBRIC, "Clear speech on access.")
    expect(chair.locator("#assessment-summary")).to_contain_text("1 scored")
    _score(chair, ids["Ana"], {**RUBRIC, "evidence": 3}, "Led the vote.")
    expect(chair.locator("#assessment-summary")).to_contain_text("2 scored")
    # The rows the chair scored stay open after each save, with their scores.
    bea_row = chair.locator(f"#assessment-list li[data-student='{ids['Bea']}']")
    expect(bea_row.locator("details")).to_have_attribute("open", "")
    expect(bea_row.locator(f"#score-{ids['Bea']}-preparation")).to_have_value("4")
    for size in ("chromebook", "projector"):
        chair.set_viewport_size(SIZES[size])
        chair.locator("#assessment-card").scroll_into_view_if_needed()
        save_screenshot(chair, f"class28-chair-assessment-{size}", full_page=True)
    with chair.expect_download() as download:
        chair.locator("#assessment-csv").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    assert header[:5] == ["room", "seat", "delegation", "student", "role"]
    assert {"speeches", "speaking_seconds", "notes_sent", "motions", "objectives_met",
            *RUBRIC, "rubric_total", "comment", "paper_score", "reflection_1",
            "report"} <= set(header)
    assert len(rows) == 29 and all(row["room"] == code for row in rows)
    by_name = {row["student"]: row for row in rows}
    assert (by_name["Bea"]["seat"], by_name["Ana"]["seat"]) == ("CHE", "CHE")
    assert by_name["Bea"]["speeches"] == "1" and by_name["Ana"]["speeches"] == "0"
    assert float(by_name["Bea"]["speaking_seconds"]) > 0
    assert by_name["Bea"]["rubric_total"] == "13" and by_name["Ana"]["rubric_total"] == "14"
    assert by_name["Bea"]["comment"] == "Clear speech on access."
    assert by_name["Bea"]["reflection_1"] == "Access came before sovereignty for us."
    assert by_name["Partner FRA"]["notes_sent"] == "2"
    assert by_name["Student FRA"]["notes_sent"] == "0"
    assert by_name["Partner USA"]["motions"] == "1" and by_name["Student USA"]["motions"] == "0"
    assert by_name["Dee"]["seat"] == "CCW"
    assert by_name["Rita"]["role"] == "rapporteur" and by_name["Rita"]["seat"] == ""
    assert by_name["Rita"]["report"] == "The Council agreed to a moderated caucus on access."
    assert all(by_name[name]["rubric_total"] == "" for name in by_name if name not in
               ("Ana", "Bea"))

    # Bea's debrief shows her own record only.
    bea_token = bea.evaluate("(key) => localStorage.getItem(key)", f"plenary:seat:{code}")
    page = open_page("/", viewport=SIZES["projector"])
    page.set_extra_http_headers({"Authorization": f"Bearer {bea_token}"})
    page.goto(f"/api/rooms/{code}/debrief.html")
    expect(page.locator("#assessment tr.student")).to_have_count(1)
    expect(page.locator("#assessment")).to_contain_text("Bea")
    expect(page.locator("#assessment")).not_to_contain_text("Led the vote.")
