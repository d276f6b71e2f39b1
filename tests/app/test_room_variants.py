"""Rooms started from a scenario variant (issue 13, item 1): the API lists each scenario's
variants with their length and seats, a room is created from one, and the room plays it (its
seats, its briefs, its debrief)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings


def _client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'v.db'}")))


def test_scenarios_list_their_variants_with_length_and_seats(tmp_path: Path) -> None:
    with _client(tmp_path) as http:
        scenarios = {s["id"]: s for s in http.get("/api/scenarios").json()}
    council = scenarios["security-council-protection"]
    # 15 members, Karevia, two NGOs and the Coastal Courier's press seat.
    assert council["seats"] == 19
    variants = {v["id"]: v for v in council["variants"]}
    assert variants["lesson-45"]["minutes"] == 45 and variants["lesson-45"]["seats"] == 18
    assert variants["lesson-45"]["name"] == "One 45-minute lesson"
    assert variants["double-90"] == {**variants["double-90"], "minutes": 90, "seats": 19}
    for scenario in scenarios.values():
        assert {45, 90} <= {v["minutes"] for v in scenario["variants"]}, scenario["id"]


def test_a_room_created_from_a_variant_plays_the_variant(tmp_path: Path) -> None:
    with _client(tmp_path) as http:
        created = http.post(
            "/api/rooms",
            json={"scenario_id": "security-council-protection", "variant_id": "lesson-45"},
        )
        assert created.status_code == 201, created.text
        code, key = created.json()["code"], created.json()["chair_key"]
        assert http.get(f"/api/rooms/{code}").json()["variant_id"] == "lesson-45"
        seats = [seat["actor"] for seat in http.get(f"/api/rooms/{code}/seats").json()]
        assert len(seats) == 18 and "NRC" not in seats and "KRV" in seats
        state = http.get(
            f"/api/rooms/{code}/state", headers={"Authorization": f"Bearer {key}"}
        ).json()
        assert state["view"]["speaking_time"] == 60
        token = http.post(f"/api/rooms/{code}/seats/FRA/claim", json={}).json()["token"]
        mine = http.get(
            f"/api/rooms/{code}/state", headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert mine["view"]["me"]["brief"]["position"]
        as_written = http.post(
            "/api/rooms", json={"scenario_id": "security-council-protection"}
        ).json()["code"]
        assert http.get(f"/api/rooms/{as_written}").json()["variant_id"] is None
        assert len(http.get(f"/api/rooms/{as_written}/seats").json()) == 19


def test_an_unknown_variant_is_refused_with_the_scenarios_variants(tmp_path: Path) -> None:
    with _client(tmp_path) as http:
        refused = http.post(
            "/api/rooms", json={"scenario_id": "tutorial", "variant_id": "lesson-30"}
        )
        assert refused.status_code == 422
        detail = refused.json()["detail"]
        assert detail["code"] == "unknown_variant"
        assert "lesson-45, double-90" in detail["message"]
        too_long = http.post(
            "/api/rooms", json={"scenario_id": "tutorial", "variant_id": "x" * 101}
        )
        assert too_long.json()["detail"]["code"] == "field_too_long"


def test_class_fit_counts_seats_co_delegates_and_roles_without_a_seat() -> None:
    """A seat takes up to three co-delegates, then four students take roles without a seat;
    seats nobody takes are played by bots."""
    from app.scenarios.class_fit import fill

    # (bots, shared, three, without_seat, without_role)
    assert fill(17, 28) == (0, 11, 0, 0, 0)
    assert fill(15, 10) == (5, 0, 0, 0, 0)
    assert fill(14, 28) == (0, 14, 0, 0, 0)
    assert fill(5, 13) == (0, 5, 3, 0, 0)
    assert fill(5, 28) == (0, 5, 5, 4, 9)


def test_the_fit_of_a_class_of_28_puts_the_45_minute_council_among_those_that_fit(
    tmp_path: Path,
) -> None:
    with _client(tmp_path) as http:
        fits = http.get("/api/scenarios/fit", params={"students": "28"}).json()
        council = next(
            f for f in fits
            if f["scenario_id"] == "security-council-protection" and f["variant_id"] == "lesson-45"
        )
        assert council == {**council, "seats": 18, "shared": 10, "bots": 0, "fits": True}
        assert fits[0]["fits"] and not fits[-1]["fits"]
        for bad in ("0", "1001", "twenty", "²", "-3", "28.5"):
            refused = http.get("/api/scenarios/fit", params={"students": bad})
            assert refused.status_code == 422, bad
            assert refused.json()["detail"]["code"] == "invalid_class_size"
            assert "from 1 to 1000" in refused.json()["detail"]["message"]
