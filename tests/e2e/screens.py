"""Screen sizes the class uses, checks that a screen fits, and screenshots to look at.

Screenshots go to test-results/screenshots/ on every run; with PLENARY_UPDATE_SCREENSHOTS=1 the
README's pictures in docs/screenshots/ are remade instead (a test run never changes the checkout
otherwise)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SIZES = {
    "phone": {"width": 360, "height": 740},
    "chromebook": {"width": 1366, "height": 768},
    "projector": {"width": 1920, "height": 1080},
    "laptop": {"width": 1280, "height": 900},
}
PHONE = {"viewport": SIZES["phone"], "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
README_PICTURES = {"delegate", "chair", "projector", "projector-lobby"}


def screenshot_folder(name: str) -> Path:
    if os.environ.get("PLENARY_UPDATE_SCREENSHOTS") and name in README_PICTURES:
        return PROJECT_ROOT / "docs" / "screenshots"
    return PROJECT_ROOT / "test-results" / "screenshots"


def save_screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    folder = screenshot_folder(name)
    folder.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.evaluate("() => document.querySelectorAll('.toast').forEach((toast) => toast.remove())")
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled", full_page=full_page)
    return path


def watch_errors(page: Any) -> Any:
    """Record the page's console errors and uncaught exceptions on page.console_errors."""
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def fits_the_screen(page: Any, selector: str = "main") -> None:
    """Nothing of `selector` lies beyond the viewport, and the page scrolls neither way."""
    measured = page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            const root = document.scrollingElement;
            return { bottom: box.bottom, right: box.right, width: innerWidth, height: innerHeight,
                     scrollWidth: root.scrollWidth, scrollHeight: root.scrollHeight };
        }""",
        selector,
    )
    size = f"{measured['width']}x{measured['height']}"
    assert measured["bottom"] <= measured["height"] + 1, f"{selector} runs off the foot: {measured}"
    assert measured["right"] <= measured["width"] + 1, f"{selector} runs off the side: {measured}"
    assert measured["scrollHeight"] <= measured["height"] + 1, f"the page scrolls at {size}"
    no_sideways_scroll(page)


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    viewport = page.evaluate("() => innerWidth")
    assert width <= viewport, f"the page scrolls sideways ({width} px in {viewport} px)"


def nothing_overflows(page: Any, selector: str) -> None:
    """No element matching `selector` is wider than its box (a "15/15" too big for its cell)."""
    spilled = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((node) => node.scrollWidth > node.clientWidth + 1)
            .map((node) => node.textContent)""",
        selector,
    )
    assert not spilled, f"overflowing {selector}: {spilled}"


def save_element_screenshot(locator: Any, name: str) -> Path:
    """A picture of one part of a page (a card far down the console), to look at."""
    folder = screenshot_folder(name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    locator.screenshot(path=str(path), animations="disabled")
    return path
