"""Security review, HTTP side: security headers on every page and download, a cap on request
bodies, and display names that cannot carry control characters or direction overrides."""

from __future__ import annotations

import httpx
import pytest
from live_support import ServerProcess
from room_helpers import RoomHandles

from app.http_guard import CONTENT_SECURITY_POLICY
from app.rooms.seats import clean_display_name


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def test_the_content_security_policy_forbids_inline_and_foreign_scripts() -> None:
    directives = _directives(CONTENT_SECURITY_POLICY)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["default-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_every_page_api_answer_and_download_carries_the_security_headers(
    server: ServerProcess, room: RoomHandles
) -> None:
    chair = {"Authorization": f"Bearer {room.chair_key}"}
    seat = {"Authorization": f"Bearer {room.tokens['D01']}"}
    paths = [
        ("/", {}),
        (f"/join/{room.code}", {}),
        (f"/room/{room.code}", {}),
        (f"/chair/{room.code}", {}),
        (f"/projector/{room.code}", {}),
        ("/static/js/dom.js", {}),
        (f"/api/rooms/{room.code}/state", seat),
        (f"/api/rooms/{room.code}/export.json", chair),
        (f"/api/rooms/{room.code}/export.md?notes=true", chair),
        (f"/api/rooms/{room.code}/debrief.html", chair),
        (f"/api/rooms/{room.code}/debrief.html", seat),
        ("/api/rooms/NOSUCH/state", {}),
    ]
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        for path, headers in paths:
            answer = http.get(path, headers=headers)
            assert answer.status_code in (200, 404), (path, answer.status_code)
            assert answer.headers.get("x-content-type-options") == "nosniff", path
            assert answer.headers.get("referrer-policy") == "no-referrer", path
            assert answer.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY, path
            assert answer.headers.get("x-frame-options") == "DENY", path
        transcript = http.get(f"/api/rooms/{room.code}/export.md", headers=chair)
        assert transcript.headers["content-type"].startswith("text/markdown")
        assert "attachment" in transcript.headers["content-disposition"]
        record = http.get(f"/api/rooms/{room.code}/export.json", headers=chair)
        assert record.headers["content-type"].startswith("application/json")
        # The API docs keep working: Swagger's page needs its own inline script.
        docs = http.get("/docs")
        assert docs.status_code == 200
        assert "content-security-policy" not in docs.headers
        assert docs.headers.get("x-content-type-options") == "nosniff"


def test_an_oversized_request_body_is_refused_with_413_before_it_is_read(
    server: ServerProcess,
) -> None:
    """uvicorn reads any body; a 1 GB upload used to be spooled whole before the size check."""
    huge = b"a: " + b"x" * (3 * 1024 * 1024)
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        upload = http.post("/api/rooms", files={"file": ("big.yaml", huge)})
        assert upload.status_code == 413, upload.text
        assert upload.json()["detail"]["code"] == "request_too_large"
        assert "KiB" in upload.json()["detail"]["message"]
        body = b'{"scenario_id": "' + b"x" * (3 * 1024 * 1024) + b'"}'
        as_json = http.post(
            "/api/rooms", content=body, headers={"content-type": "application/json"}
        )
        assert as_json.status_code == 413

        def chunks():  # no Content-Length: the cap is counted while reading
            for _ in range(40):
                yield b"x" * 100_000

        streamed = http.post(
            "/api/rooms", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        assert streamed.json()["detail"]["code"] == "request_too_large"
        # A file just over the scenario limit still gets the scenario loader's own message.
        over = http.post("/api/rooms", files={"file": ("s.yaml", b"a: " + b"x" * 600_000)})
        assert over.status_code == 422
        assert over.json()["detail"]["code"] == "invalid_scenario"
        assert http.get("/healthz").status_code == 200


def test_a_display_name_cannot_carry_nul_control_or_direction_override_characters(
    server: ServerProcess, room: RoomHandles
) -> None:
    """NUL broke the PostgreSQL insert (500); U+202E made a name read backwards on every
    screen, so one student could pose as another."""
    sneaky = "\u202eanA\u0000 \x07Bob\u2066\u200f"
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        claimed = http.post(
            f"/api/rooms/{room.code}/seats/NGO1/claim", json={"display_name": sneaky}
        )
        assert claimed.status_code == 200, claimed.text
        seats = http.get(f"/api/rooms/{room.code}/seats").json()
        shown = next(seat["display_name"] for seat in seats if seat["actor"] == "NGO1")
        assert shown == "anA Bob"
        renamed = http.patch(
            f"/api/rooms/{room.code}/seats/NGO1",
            json={"display_name": "Ana\u0000\u202d"},
            headers={"Authorization": f"Bearer {room.chair_key}"},
        )
        assert renamed.status_code == 200, renamed.text
        assert renamed.json()["display_name"] == "Ana"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Ana   María ", "Ana María"),
        ("e\u0301", "\u00e9"),
        ("\u202etxet", "txet"),
        ("\x00\x01", None),
        ("👩\u200d🔬 Ana", "👩\u200d🔬 Ana"),
    ],
)
def test_clean_display_name_keeps_visible_text_only(raw: str, clean: str | None) -> None:
    assert clean_display_name(raw) == clean


def test_over_long_or_malformed_user_text_gets_a_clear_error_that_does_not_echo_it(
    server: ServerProcess, room: RoomHandles
) -> None:
    """FastAPI's default 422 echoed the whole input back (a 2 MiB name came back as 2 MiB).
    Now each field gets a code, the limit and how to fix it, and never the text itself."""
    marker = "ECHO-ME-" + "x" * 200
    chair = {"Authorization": f"Bearer {room.chair_key}"}
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        for answer in (
            http.post(f"/api/rooms/{room.code}/seats/NGO1/claim", json={"display_name": marker}),
            http.patch(
                f"/api/rooms/{room.code}/seats/D01", json={"display_name": marker}, headers=chair
            ),
        ):
            assert answer.status_code == 422, answer.text
            detail = answer.json()["detail"]
            assert detail["code"] == "display_name_too_long"
            assert detail["max_length"] == 80
            assert "80 characters" in detail["message"] and "Shorten" in detail["message"]
            assert "ECHO-ME" not in answer.text

        wrong_kind = http.post(
            f"/api/rooms/{room.code}/seats/NGO1/claim", json={"display_name": [marker]}
        )
        assert wrong_kind.status_code == 422
        detail = wrong_kind.json()["detail"]
        assert detail["code"] == "invalid_request"
        assert detail["errors"][0]["location"] == "body.display_name"
        assert "ECHO-ME" not in wrong_kind.text

        for body in (
            {"scenario_id": marker},
            {"scenario_id": "test_assembly", "forum_id": marker},
        ):
            created = http.post("/api/rooms", json=body)
            assert created.status_code == 422, created.text
            assert created.json()["detail"]["code"] == "field_too_long"
            assert created.json()["detail"]["max_length"] == 100
            assert "ECHO-ME" not in created.text
        uploaded = http.post(
            "/api/rooms", files={"file": ("s.yaml", b"a: 1")}, data={"forum_id": marker}
        )
        assert uploaded.status_code == 422
        assert uploaded.json()["detail"]["code"] == "field_too_long"
        assert "ECHO-ME" not in uploaded.text
        # The seat is still free and a proper name still works.
        fine = http.post(f"/api/rooms/{room.code}/seats/NGO1/claim", json={"display_name": "Ana"})
        assert fine.status_code == 200, fine.text
