"""axe-core in the browser tests: WCAG 2.1 A and AA on the pages the tests reach.

scripts/test installs axe-core from the npm registry into .tools/ (ignored by git: the repository
holds no third-party code). Pages forbid inline script (Content-Security-Policy), so axe is not
injected as inline text: each context answers one same-origin address with the installed file,
and ``page.add_script_tag(url=...)`` loads it as the page loads its own scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = PROJECT_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__tests__/axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Every kind of page a check has passed on in this run (landing, join, room, chair, ...).
checked_pages: set[str] = set()

_RUN_AXE = """async ([kind, values]) => {
  const result = await window.axe.run(document, {
    runOnly: { type: kind, values }, resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
  }));
}"""


def axe_source() -> bytes:
    if not AXE_PATH.exists():
        raise AssertionError(
            f"axe-core is not installed at {AXE_PATH}. Run scripts/test, which installs it "
            "from npm, or: npm install --prefix .tools --no-save axe-core"
        )
    return AXE_PATH.read_bytes()


def serve_axe(context: Any) -> None:
    """Answer AXE_URL on every origin this context opens with the installed axe-core."""
    source = axe_source()
    context.route(
        f"**{AXE_URL}",
        lambda route: route.fulfill(body=source, content_type="text/javascript"),
    )


def page_kind(url: str) -> str:
    """'landing', 'new', 'join', 'room', 'chair', 'projector' or 'debrief'."""
    if url.startswith(("blob:", "file:")) or url.split("?")[0].endswith("debrief.html"):
        return "debrief"
    path = url.split("://", 1)[-1].partition("/")[2].split("?")[0].split("#")[0]
    return path.split("/")[0] or "landing"


def load_axe(page: Any) -> None:
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    if page.url.startswith("file:"):
        page.add_script_tag(path=str(AXE_PATH))  # a file has no Content-Security-Policy
        return
    # Absolute: a report opened as a blob: page resolves no relative address, but shares the
    # origin (and the policy) of the page that made it.
    page.add_script_tag(url=page.evaluate("() => window.location.origin") + AXE_URL)


def violations(page: Any, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations, or those of the named axe rules only."""
    load_axe(page)
    found: list[dict[str, Any]] = page.evaluate(
        _RUN_AXE, ["rule", rules] if rules else ["tag", WCAG_21_AA]
    )
    return found


def assert_accessible(page: Any, where: str = "") -> None:
    """axe-core finds no WCAG 2.1 A or AA violation on the page as it is now."""
    found = violations(page)
    label = where or page.url
    assert not found, f"axe-core, {label}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in found
    )
    checked_pages.add(page_kind(page.url))
