"""Arabic is right to left on every page, and no page scrolls sideways at phone or projector size
(issue 15: "no horizontal overflow"). CSS uses logical properties (margin-inline-start...), so the
layout mirrors with dir="rtl" instead of keeping English's left margins."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_steps import claim_seat, create_room, http_json, open_seat_page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SIZES = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "projector": {"viewport": {"width": 1920, "height": 1080}},
}


def _assert_rtl_without_overflow(page: Any, width: int, where: str) -> None:
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{where}: the page scrolls sideways ({scroll} px > {width} px)"


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_page_in_arabic_is_right_to_left_and_fits_the_screen(
    open_page: Any, base_url: str, size: str
) -> None:
    options = SIZES[size]
    width = options["viewport"]["width"]
    room = create_room(base_url, "security-council-protection")
    code = room["code"]
    paths = ("/", "/new", f"/join/{code}", f"/projector/{code}")
    for path in (f"{path}?lang=ar" for path in paths):
        page = open_page(path, **options)
        page.wait_for_load_state("networkidle")
        _assert_rtl_without_overflow(page, width, path)
        page.close()
    chair = open_page(f"/chair/{code}?lang=ar#key={room['chair_key']}", **options)
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    _assert_rtl_without_overflow(chair, width, "chair console")
    delegate = open_page("/?lang=ar", **options)
    # The device's own choice (localStorage) keeps the room page in Arabic.
    delegate.evaluate("() => localStorage.setItem('plenary.lang', 'ar')")
    open_seat_page(delegate, code, claim_seat(base_url, code, "FRA", "Amal"))
    _assert_rtl_without_overflow(delegate, width, "delegate room")


def test_the_projector_follows_the_room_language_and_a_delegate_keeps_their_own(
    open_page: Any, base_url: str
) -> None:
    """Issue 15: "the projector follows the room; each student may switch on their own device"."""
    room = create_room(base_url, "security-council-protection")
    code = room["code"]
    projector = open_page(f"/projector/{code}", viewport={"width": 1920, "height": 1080})
    # This device chose French for itself; the projector still shows the room's language.
    projector.evaluate("() => localStorage.setItem('plenary.lang', 'fr')")
    projector.reload()
    expect(projector.locator("html")).to_have_attribute("lang", "en")
    delegate = open_page("/", viewport={"width": 360, "height": 740})
    delegate.evaluate("() => localStorage.setItem('plenary.lang', 'fr')")
    open_seat_page(delegate, code, claim_seat(base_url, code, "FRA", "Amal"))
    http_json(
        base_url, "POST", f"/api/rooms/{code}/language", {"language": "ar"},
        token=room["chair_key"],
    )
    expect(projector.locator("html")).to_have_attribute("lang", "ar", timeout=25_000)
    expect(projector.locator("html")).to_have_attribute("dir", "rtl")
    delegate.reload()
    expect(delegate.locator("html")).to_have_attribute("lang", "fr")
    expect(delegate.locator("html")).to_have_attribute("dir", "ltr")
