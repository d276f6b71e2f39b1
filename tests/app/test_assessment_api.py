"""The assessment over HTTP (issue 13, items 2 and 4): the chair scores students on the room's
rubric and exports assessment.csv, whose rows say what each student did; students answer the
debrief's prompt in writing and read only their own record, in the API and in the debrief."""

from __future__ import annotations

import csv
import io

import httpx
from live_support import LiveClient, ServerProcess
from room_helpers import create_room

from app.assessment.service import MAX_ANSWER_CHARS, MAX_REPORT_CHARS


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def test_the_chair_scores_students_and_exports_what_each_did(
    server: ServerProcess,
) -> None:
    room = create_room(server.base_url, claim=["D01", "D02"])
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        ade = http.post(
            f"/api/rooms/{room.code}/seats/D01/claim",
            json={"display_name": "Ade", "co_delegate": True},
        ).json()
        rapporteur = http.post(
            f"/api/rooms/{room.code}/roles/rapporteur/join", json={"display_name": "Rita"}
        ).json()
    ade_client = await LiveClient(server.ws_url, room.code, ade["token"], "ade").connect()
    first = await LiveClient(server.ws_url, room.code, room.tokens["D01"], "first").connect()
    try:
        await ade_client.must("send_note", to=["D02"], text="Shall we co-sponsor?")
        await ade_client.must("send_note", to=["D02"], text="Reply soon.")
        await first.must("record_attendance", member="D01", status="present")
        await ade_client.must(
            "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Dams"
        )
    finally:
        await ade_client.close()
        await first.close()

    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        chair = _auth(room.chair_key)
        listed = http.get(f"/api/rooms/{room.code}/students", headers=chair).json()
        by_name = {s["display_name"]: s for s in listed["students"]}
        assert set(by_name) == {"Student D01", "Student D02", "Ade", "Rita"}
        assert by_name["Ade"]["counts"]["notes_sent"] == 2
        assert by_name["Ade"]["counts"]["motions"] == 1
        assert by_name["Student D01"]["counts"]["notes_sent"] == 0
        assert listed["rubric"]["criteria"] == ["preparation", "diplomacy", "procedure", "evidence"]
        # Only the chair reads every record.
        assert http.get(f"/api/rooms/{room.code}/students").status_code == 401
        assert http.get(
            f"/api/rooms/{room.code}/students", headers=_auth(ade["token"])
        ).status_code == 403

        scored = http.put(
            f"/api/rooms/{room.code}/students/{ade['student']}/score", headers=chair,
            json={"scores": {"preparation": 4, "diplomacy": 3, "procedure": 4, "evidence": 2},
                  "comment": "=1+1 Good use of the caucus motion."},
        )
        assert scored.status_code == 200, scored.text
        assert scored.json()["total"] == 13
        out_of_range = http.put(
            f"/api/rooms/{room.code}/students/{ade['student']}/score", headers=chair,
            json={"scores": {"preparation": 5, "diplomacy": 3, "procedure": 4, "evidence": 2}},
        )
        assert out_of_range.json()["detail"]["code"] == "score_out_of_range"
        assert http.put(
            f"/api/rooms/{room.code}/students/{ade['student']}/score",
            headers=_auth(ade["token"]), json={"scores": {}},
        ).status_code == 403

        answered = http.put(
            f"/api/rooms/{room.code}/students/me/answers/1", headers=_auth(ade["token"]),
            json={"text": "Sovereignty was louder than protection."},
        )
        assert answered.status_code == 200, answered.text
        too_long = http.put(
            f"/api/rooms/{room.code}/students/me/answers/1", headers=_auth(ade["token"]),
            json={"text": "x" * (MAX_ANSWER_CHARS + 1)},
        )
        detail = too_long.json()["detail"]
        assert too_long.status_code == 422 and detail["code"] == "answer_too_long"
        assert f"{MAX_ANSWER_CHARS:,}" in detail["message"]
        no_prompt = http.put(
            f"/api/rooms/{room.code}/students/me/answers/2", headers=_auth(ade["token"]),
            json={"text": "?"},
        )
        assert no_prompt.json()["detail"]["code"] == "unknown_prompt"
        not_rapporteur = http.put(
            f"/api/rooms/{room.code}/students/me/report", headers=_auth(ade["token"]),
            json={"text": "A report."},
        )
        assert not_rapporteur.json()["detail"]["code"] == "rapporteur_only"
        long_report = http.put(
            f"/api/rooms/{room.code}/students/me/report", headers=_auth(rapporteur["token"]),
            json={"text": "y" * (MAX_REPORT_CHARS + 1)},
        )
        assert long_report.json()["detail"]["code"] == "report_too_long"
        reported = http.put(
            f"/api/rooms/{room.code}/students/me/report", headers=_auth(rapporteur["token"]),
            json={"text": "The committee debated dams."},
        )
        assert reported.status_code == 200, reported.text

        # A student reads their own record, never a seat-mate's.
        mine = http.get(f"/api/rooms/{room.code}/students/me", headers=_auth(ade["token"])).json()
        assert mine["student"]["display_name"] == "Ade" and mine["student"]["total"] == 13
        other = http.get(
            f"/api/rooms/{room.code}/students/me", headers=_auth(room.tokens["D01"])
        ).json()
        assert other["student"]["display_name"] == "Student D01"
        assert other["student"]["scores"] is None and other["student"]["answers"] == {}

        exported = http.get(f"/api/rooms/{room.code}/assessment.csv", headers=chair)
        assert exported.status_code == 200
        assert http.get(
            f"/api/rooms/{room.code}/assessment.csv", headers=_auth(ade["token"])
        ).status_code == 403
        rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
        assert len(rows) == 4
        row = next(r for r in rows if r["student"] == "Ade")
        assert row["room"] == room.code and row["seat"] == "D01" and row["role"] == "delegate"
        assert (row["notes_sent"], row["motions"], row["preparation"]) == ("2", "1", "4")
        assert row["rubric_total"] == "13"
        assert row["comment"].startswith("'=1+1")  # never a spreadsheet formula
        assert row["reflection_1"] == "Sovereignty was louder than protection."
        rita = next(r for r in rows if r["student"] == "Rita")
        assert (rita["seat"], rita["role"]) == ("", "rapporteur")
        assert rita["report"] == "The committee debated dams."

        # The debrief: the chair sees every student; a co-delegate only themself.
        chair_page = http.get(f"/api/rooms/{room.code}/debrief.html", headers=chair).text
        assert "Ade" in chair_page and "Student D02" in chair_page
        ade_page = http.get(
            f"/api/rooms/{room.code}/debrief.html", headers=_auth(ade["token"])
        ).text
        assert 'data-testid="assessment"' in ade_page
        assert "Sovereignty was louder" in ade_page
        assert ade_page.count('class="student"') == 1
        first_page = http.get(
            f"/api/rooms/{room.code}/debrief.html", headers=_auth(room.tokens["D01"])
        ).text
        assert first_page.count('class="student"') == 1
        assert "Sovereignty was louder" not in first_page
        assert "Good use of the caucus" not in first_page
