"""A conference in Chromium (issue 14, on one worker): three committees from the conference
file, a roster of 60 students imported on the roster page, every student's own link landing in
its seat, a veto in the Council opening the General Assembly's "Use of the veto" debate
(A/RES/76/262 paras. 1 and 4), and the secretariat page showing all three rooms live."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from e2e_steps import ProtocolSeat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from conference_support import COUNCIL, THREE_COMMITTEES, sixty_students

SHOTS = Path("/work/helpers/shots/conf-a")


def _create_conference(base_url: str) -> dict[str, Any]:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        made = http.post(
            "/api/conferences",
            files={"file": (THREE_COMMITTEES.name, THREE_COMMITTEES.read_bytes())},
        )
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def _import_roster_on_the_roster_page(
    new_context: Any, conference: dict[str, Any], tmp_path: Path
) -> list[dict[str, Any]]:
    roster = tmp_path / "roster.csv"
    roster.write_bytes(sixty_students())
    page = new_context().new_page()
    page.goto(f"/secretariat/{conference['code']}/roster#key={conference['secretariat_key']}")
    page.set_input_files("#roster-file", str(roster))
    page.click("#roster-import")
    page.locator("#roster-done", has_text="60").wait_for()
    assert page.locator(".roster-card").count() == 60
    # One printable sheet per school: 30 schools, the first one's cards carry a QR code each.
    assert page.locator(".roster-school").count() == 30
    page.select_option("#roster-school", "School 01")
    assert page.locator(".roster-card").count() == 2
    assert page.locator(".roster-card img").first.evaluate("img => img.naturalWidth > 0")
    page.select_option("#roster-school", "")
    links = page.locator(".roster-card").evaluate_all(
        """cards => cards.map(card => ({
            committee: card.dataset.committee,
            delegation: card.dataset.delegation,
            student: card.querySelector('.roster-student').textContent,
            link: card.querySelector('.roster-link a').href}))"""
    )
    assert len({entry["link"] for entry in links}) == 60
    return links


def test_a_conference_of_three_committees_from_a_roster_of_sixty(
    new_context: Any, base_url: str, tmp_path: Path
) -> None:
    conference = _create_conference(base_url)
    codes = {c["id"]: c["code"] for c in conference["committees"]}
    chair_keys = {c["id"]: c["chair_url"].split("#key=")[1] for c in conference["committees"]}
    students = _import_roster_on_the_roster_page(new_context, conference, tmp_path)

    # Every student's own link lands in its seat: one context per committee, link after link.
    pages = {committee: new_context().new_page() for committee in codes}
    for student in students:
        page = pages[student["committee"]]
        page.goto(student["link"])
        page.wait_for_url(f"**/room/{codes[student['committee']]}")
        page.locator("#connection[data-state='open']").wait_for()
        page.locator("#my-seat", has_text=student["student"]).wait_for()
        seat = page.evaluate(
            "code => localStorage.getItem(`plenary:seat:${code}`)", codes[student["committee"]]
        )
        assert urlsplit(student["link"]).fragment == f"seat={seat}"
    for page in pages.values():
        page.close()

    secretariat = new_context(viewport={"width": 1366, "height": 768}).new_page()
    frames: list[str] = []
    secretariat.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: frames.append(str(payload))),
    )
    secretariat.goto(f"/secretariat/{conference['code']}#key={conference['secretariat_key']}")
    secretariat.locator("#connection[data-state='open']").wait_for()
    for committee in codes:
        secretariat.locator(f"#committee-{committee} [data-part='phase']").wait_for()
    assert "#key=" not in secretariat.url
    secretariat.locator("[data-alert='nochair']").first.wait_for()

    # The Council's chair opens the console: the secretariat sees that chair arrive.
    chair = new_context().new_page()
    chair.goto(f"/chair/{codes['sc']}#key={chair_keys['sc']}")
    chair.locator("#connection[data-state='open']").wait_for()
    secretariat.locator("#committee-sc [data-chair='seen']").wait_for()

    # Each room moves and the secretariat shows it live. The climate summit: attendance.
    cop_student = next(s for s in students if s["committee"] == "cop")
    cop_token = urlsplit(cop_student["link"]).fragment.removeprefix("seat=")
    ProtocolSeat(base_url, codes["cop"], cop_student["delegation"], token=cop_token).send(
        "record_attendance", member=cop_student["delegation"], status="present"
    )
    secretariat.locator(
        "#committee-cop [data-part='attendance']", has_text="Present: 1 of 20"
    ).wait_for()

    # The Council, played with the students' own seat tokens: D1 to a vote, and Russia's no.
    tokens = {
        s["delegation"]: urlsplit(s["link"]).fragment.removeprefix("seat=")
        for s in students
        if s["committee"] == "sc"
    }
    seats = {
        actor: ProtocolSeat(base_url, codes["sc"], actor, token=tokens[actor]) for actor in COUNCIL
    }
    chair_seat = ProtocolSeat(base_url, codes["sc"], "chair", token=chair_keys["sc"])
    for actor, seat in seats.items():
        seat.send("record_attendance", member=actor, status="present")
    seats["CHE"].send("propose_motion", kind="move_to_vote", target="D1")
    state = httpx.get(f"{base_url}/api/rooms/{codes['sc']}/state").json()["view"]
    chair_seat.send("entertain_motion", motion_id=state["motions"][-1]["id"])
    while True:
        chair_seat.send("open_vote", roll_call=False)
        vote = httpx.get(f"{base_url}/api/rooms/{codes['sc']}/state").json()["view"]["vote"]
        on_draft = vote["subject"]["kind"] == "draft"
        for actor in vote["eligible"]:
            choice = "no" if on_draft and actor == "RUS" else "yes"
            seats[actor].send("cast_vote", choice=choice)
            if on_draft and actor == vote["eligible"][0]:
                # The open vote and its tally, live on the secretariat page.
                secretariat.locator("#committee-sc [data-part='vote'] .tally").wait_for()
        chair_seat.send("close_vote")
        if on_draft:
            break
    secretariat.locator("#committee-sc .result-banner[data-veto='true']").wait_for()

    # The veto opened the 76/262 debate in the General Assembly, with the draft's text.
    secretariat.locator(
        "#committee-ga [data-item='use-of-veto-1']", has_text="Use of the veto"
    ).wait_for()
    ga = httpx.get(f"{base_url}/api/rooms/{codes['ga']}/state").json()["view"]
    item = next(i for i in ga["agenda"] if i["id"] == "use-of-veto-1")
    assert (
        item["title"] == "Use of the veto: Dialogue and humanitarian access in Karevia (Chapter VI)"
    )
    assert item["description"].startswith("PP1. Reaffirming")
    ga_chair = new_context().new_page()
    ga_chair.goto(f"/chair/{codes['ga']}#key={chair_keys['ga']}")
    ga_chair.locator("#connection[data-state='open']").wait_for()
    # The Assembly's chair can take it up: it is one of the agenda items the console offers.
    offered = ga_chair.locator("option[value='use-of-veto-1']").first
    offered.wait_for(state="attached")
    assert (offered.text_content() or "").startswith("Use of the veto: Dialogue")

    # A crisis into two rooms at once, from the secretariat's form.
    secretariat.fill("#sec-crisis-title", "Dam breach in the Vell Valley")
    secretariat.uncheck("input[name='crisis-room'][value='ga']")
    secretariat.click("#sec-crisis-send")
    secretariat.locator("#sec-crisis-result", has_text="2 committees").wait_for()
    for committee in ("sc", "cop"):
        secretariat.locator(
            f"#committee-{committee} [data-part='news']", has_text="Dam breach"
        ).wait_for()
    assert "Dam breach" not in (secretariat.locator("#committee-ga").text_content() or "")
    # Nothing private ever reached the secretariat: no "me", no secret brief.
    views = [json.loads(frame) for frame in frames if '"type":"committee"' in frame]
    assert {view["committee"] for view in views} == {"sc", "ga", "cop"}
    assert all("me" not in view["view"] for view in views)
    assert not any("resolution 1973 was abused" in frame for frame in frames)
    for width, height in ((360, 740), (1366, 768), (1920, 1080)):
        secretariat.set_viewport_size({"width": width, "height": height})
        secretariat.screenshot(
            path=str(SHOTS / f"e2e-secretariat-{width}.png"), full_page=width == 1366
        )


def test_the_new_room_page_creates_a_conference_and_opens_its_secretariat(open_page: Any) -> None:
    page = open_page("/new")
    page.locator(".conf-committee").first.wait_for()
    page.fill("#conf-title", "Spring MUN")
    first = page.locator(".conf-committee").nth(0)
    first.locator(".conf-name").fill("Security Council")
    first.locator(".conf-scenario").select_option("security-council-protection")
    page.click("#conf-add")
    second = page.locator(".conf-committee").nth(1)
    second.locator(".conf-name").fill("General Assembly")
    second.locator(".conf-scenario").select_option("general-assembly-2030")
    second.locator(".conf-perschool").check()
    page.select_option("#conf-veto-from", "c1")
    page.select_option("#conf-veto-to", "c2")
    page.click("#create-conference")
    page.locator("#conference-created:not([hidden])").wait_for()
    assert page.locator(".conf-chair").count() == 2
    page.click("#conf-open")
    page.locator("#committee-c1 [data-part='phase']").wait_for()
    page.locator("#committee-c2 [data-part='phase']").wait_for()
    assert page.locator("#committee-c2 h3").text_content() == "General Assembly"
    assert page.console_errors == []
