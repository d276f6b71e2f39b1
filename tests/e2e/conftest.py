"""Harness for the browser tests: a real `plenary serve` on 127.0.0.1 and Debian's Chromium.

One server (temporary SQLite database) and one browser serve the whole e2e session; each test
opens its own browser contexts, so delegates never share cookies or storage.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from accessibility import assert_accessible, serve_axe
from servers import start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Runs in every page before its own scripts: any XSS payload that executes sets window.__xss.
XSS_TRAP = """
window.__xss = undefined;
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  const original = window[name];
  window[name] = function (...args) {
    window.__xss = "dialog:" + name;
    return original.apply(this, args);
  };
}
"""


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plenary-server") / "server.log"


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory, server_log: Path) -> Iterator[str]:
    """Start a real `plenary serve` on a free loopback port with a fresh SQLite database. Its
    address is its public URL, as behind a school's proxy, so screens hand it out without the
    loopback warning (test_classroom_join starts its own servers for that)."""
    process, url = start_server(tmp_path_factory.mktemp("plenary-db"), server_log, public=True)
    try:
        yield url
    finally:
        stop_server(process)


# Module scope: Playwright's sync API keeps an event loop running while it lives, so it must be
# gone before the asyncio tests collected after tests/e2e start (package scope outlives the folder).
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (`playwright install` cannot download here)."""
    if not CHROMIUM.exists():
        pytest.fail(
            "The browser tests need Debian's Chromium at /usr/bin/chromium. "
            "Install it with `apt-get install chromium` (scripts/test does this when run as root)."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The browser tests need Playwright: `.venv/bin/pip install -e '.[test]'`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not JSON (a browser's JSON.parse rejects it)")


class ViewChecker:
    """Every ``state`` and ``snapshot`` a page receives, rebuilt from patches as the client does,
    must validate against the published JSON Schema of views (docs/protocol.md)."""

    def __init__(self) -> None:
        from jsonschema import Draft202012Validator

        from game_rules.engine.view_models import view_json_schema

        self.validator = Draft202012Validator(view_json_schema())
        self.checked = 0
        self.failures: list[str] = []

    def watch(self, page: Any) -> None:
        page.on("websocket", self._socket)

    def _socket(self, websocket: Any) -> None:
        held: dict[str, Any] = {}

        def received(payload: str | bytes) -> None:
            try:
                message = json.loads(payload, parse_constant=_not_json)
            except ValueError as broken:
                self.failures.append(f"{websocket.url}: not strict JSON: {broken}")
                return
            if message.get("type") == "events":
                # hello state_with_events: the state patch after the events, in their frame.
                if "state" not in message:
                    return
                message = message["state"]
            if message.get("type") == "welcome":
                held.clear()
            if message.get("type") not in ("state", "snapshot"):
                return
            if "view" in message:
                view = message["view"]
            elif held.get("seq") == message["base"]:
                view = {**held["view"], **message["patch"]}
                for key, changed in message.get("merge", {}).items():
                    view[key] = {**view[key], **changed}
                for key in message.get("removed", []):
                    view.pop(key, None)
                if "me" in message:
                    view["me"] = message["me"]
            else:
                return  # the client asks for a whole state (sync); nothing to check yet
            held.update(seq=message["seq"], view=view)
            self.checked += 1
            for error in self.validator.iter_errors(view):
                path = "/".join(str(part) for part in error.absolute_path)
                where = f"{websocket.url} seq {message['seq']}"
                self.failures.append(f"{where}: {path}: {error.message}")

        websocket.on("framereceived", received)


@pytest.fixture
def view_checker() -> ViewChecker:
    return ViewChecker()


@pytest.fixture
def new_context(
    browser: Any, base_url: str, view_checker: ViewChecker
) -> Iterator[Callable[..., Any]]:
    """Open isolated browser contexts (one per participant) with the XSS trap installed; every
    view their pages receive is checked against the view schema."""
    opened: list[Any] = []
    views = view_checker

    def open_context(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("base_url", base_url)
        context = browser.new_context(**options)
        context.add_init_script(XSS_TRAP)
        context.set_default_timeout(10_000)
        context.on("page", views.watch)
        serve_axe(context)
        opened.append(context)
        return context

    yield open_context
    # Every page still open is checked with axe-core as the test left it (the tests check the
    # pages they leave, and the states that matter, themselves).
    inaccessible: list[str] = []
    for context in opened:
        for page in context.pages:
            if page.is_closed() or page.url in ("", "about:blank"):
                continue
            try:
                page.wait_for_load_state("load")
                assert_accessible(page)
            except AssertionError as problem:
                inaccessible.append(str(problem))
        context.close()
    assert not views.failures, "views that do not match the schema:\n" + "\n".join(
        views.failures[:20]
    )
    assert not inaccessible, "\n".join(inaccessible)


@pytest.fixture
def open_page(new_context: Callable[..., Any]) -> Callable[..., Any]:
    """A fresh page in a fresh context; console errors and dialogs are recorded on the page."""

    def open_one(path: str = "/", **options: Any) -> Any:
        page = new_context(**options).new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.dialogs = []  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )

        def on_dialog(dialog: Any) -> None:
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.goto(path)
        return page

    return open_one
