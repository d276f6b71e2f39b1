"""Position papers over HTTP (issue 13, item 3): a seat submits and reads only its own, the
chair reads all, scores them on the rubric and exports a CSV; the limit is enforced as
docs/protocol.md says, with an error that names it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app
from app.papers.service import MAX_PAPER_CHARS
from app.settings import Settings


def _client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}")))


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_seat_submits_its_paper_the_chair_scores_it_and_exports_the_csv(
    tmp_path: Path,
) -> None:
    with _client(tmp_path) as http:
        room = http.post("/api/rooms", json={"scenario_id": "tutorial"}).json()
        code, chair = room["code"], room["chair_key"]
        ken = http.post(
            f"/api/rooms/{code}/seats/KEN/claim", json={"display_name": "Wanjiru"}
        ).json()["token"]
        bgd = http.post(f"/api/rooms/{code}/seats/BGD/claim", json={}).json()["token"]
        assert http.get(f"/api/rooms/{code}/papers/mine", headers=_auth(ken)).json()[
            "paper"
        ] is None
        text = "# Kenya\n\nKenya asks for **early warnings** in every county.\n=SUM(A1)"
        sent = http.put(f"/api/rooms/{code}/papers/mine", headers=_auth(ken), json={"text": text})
        assert sent.status_code == 200, sent.text
        assert sent.json()["paper"]["chars"] == len(text)
        # Another seat sees only its own (none), never Kenya's.
        other = http.get(f"/api/rooms/{code}/papers/mine", headers=_auth(bgd)).json()
        assert other["actor"] == "BGD" and other["paper"] is None
        assert http.get(f"/api/rooms/{code}/papers", headers=_auth(ken)).status_code == 403
        assert http.get(f"/api/rooms/{code}/papers").status_code == 401
        listed = http.get(f"/api/rooms/{code}/papers", headers=_auth(chair)).json()
        assert [p["actor"] for p in listed["papers"]] == ["KEN"]
        assert listed["papers"][0]["submitted_by"] == "Wanjiru"
        assert listed["rubric"]["criteria"] == ["preparation", "diplomacy", "procedure", "evidence"]
        scored = http.put(
            f"/api/rooms/{code}/papers/KEN/score", headers=_auth(chair),
            json={"scores": {"preparation": 4, "diplomacy": 3, "procedure": 2, "evidence": 3},
                  "comment": "=HYPERLINK(\"http://x\") Clear asks; cite the WMO."},
        )
        assert scored.status_code == 200, scored.text
        assert scored.json()["total"] == 12
        mine = http.get(f"/api/rooms/{code}/papers/mine", headers=_auth(ken)).json()["paper"]
        assert mine["scores"]["preparation"] == 4 and mine["comment"].endswith("cite the WMO.")
        exported = http.get(f"/api/rooms/{code}/papers.csv", headers=_auth(chair))
        assert exported.headers["content-type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
        assert [r["seat"] for r in rows] == ["BGD", "BRA", "DEU", "JPN", "KEN"]
        kenya = rows[-1]
        assert kenya["total"] == "12" and kenya["preparation"] == "4"
        assert kenya["submitted_by"] == "Wanjiru"
        assert kenya["characters"] == str(len(text))
        assert kenya["paper"].startswith("# Kenya")
        assert kenya["comment"].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
        assert rows[0]["characters"] == "0" and rows[0]["total"] == ""
        assert http.get(f"/api/rooms/{code}/papers.csv", headers=_auth(ken)).status_code == 403


def test_limits_and_bad_scores_get_clear_errors(tmp_path: Path) -> None:
    with _client(tmp_path) as http:
        room = http.post("/api/rooms", json={"scenario_id": "tutorial"}).json()
        code, chair = room["code"], room["chair_key"]
        ken = http.post(f"/api/rooms/{code}/seats/KEN/claim", json={}).json()["token"]
        at_limit = http.put(
            f"/api/rooms/{code}/papers/mine", headers=_auth(ken),
            json={"text": "é" * MAX_PAPER_CHARS},
        )
        assert at_limit.status_code == 200
        over = http.put(
            f"/api/rooms/{code}/papers/mine", headers=_auth(ken),
            json={"text": "a" * (MAX_PAPER_CHARS + 1)},
        )
        assert over.status_code == 422
        detail = over.json()["detail"]
        assert detail["code"] == "paper_too_long" and detail["max_chars"] == 20_000
        assert "at most 20,000 characters" in detail["message"]
        assert "20,001" in detail["message"]
        for text, error in (("   \n", "paper_empty"), ("a\u202eb", "invalid_text")):
            refused = http.put(
                f"/api/rooms/{code}/papers/mine", headers=_auth(ken), json={"text": text}
            )
            assert refused.json()["detail"]["code"] == error
        good = {"preparation": 4, "diplomacy": 3, "procedure": 2, "evidence": 3}
        for scores, error in (
            ({**good, "style": 2}, "unknown_criterion"),
            ({**good, "evidence": 5}, "score_out_of_range"),
            ({"preparation": 4}, "score_incomplete"),
        ):
            refused = http.put(
                f"/api/rooms/{code}/papers/KEN/score", headers=_auth(chair), json={"scores": scores}
            )
            assert refused.status_code == 422 and refused.json()["detail"]["code"] == error
        missing = http.put(
            f"/api/rooms/{code}/papers/BGD/score", headers=_auth(chair), json={"scores": good}
        )
        assert missing.status_code == 404 and missing.json()["detail"]["code"] == "paper_not_found"
        too_long = http.put(
            f"/api/rooms/{code}/papers/KEN/score", headers=_auth(chair),
            json={"scores": good, "comment": "x" * 2001},
        )
        assert too_long.json()["detail"]["code"] == "comment_too_long"
