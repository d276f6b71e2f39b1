"""Security review, browser side: the Content-Security-Policy is enforced without breaking the live
room, and the chair key leaves the address bar once it is stored."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_steps import create_room

pytestmark = pytest.mark.e2e


def test_the_chair_key_is_taken_out_of_the_address_bar_and_history(
    open_page: Any, base_url: str
) -> None:
    """A projected or shared chair screen must not show the key (and history must not keep it);
    after a reload the console still chairs from the stored key."""
    room = create_room(base_url, "tutorial")
    code, key = room["code"], room["chair_key"]
    chair = open_page(f"/chair/{code}#key={key}")
    chair.wait_for_function("() => window.plenary && window.plenary.view !== null")
    assert key not in chair.url
    assert chair.url.endswith(f"/chair/{code}")
    assert chair.evaluate("() => window.location.hash") == ""
    chair.reload()
    chair.wait_for_function("() => window.plenary && window.plenary.view !== null")
    assert chair.evaluate("() => window.plenary.view.me.role") == "chair"
    assert chair.console_errors == []


def test_the_content_security_policy_blocks_inline_script_but_not_the_room(
    open_page: Any, base_url: str
) -> None:
    """Even markup that slipped into the page could not run: inline scripts and event-handler
    attributes are refused by the browser, while the page's own modules and WebSocket work."""
    room = create_room(base_url, "tutorial")
    page = open_page(f"/projector/{room['code']}")
    page.wait_for_function("() => document.querySelector('#proj-join')?.textContent")
    ran = page.evaluate(
        """async () => {
            const violations = [];
            document.addEventListener("securitypolicyviolation", (e) =>
                violations.push(e.violatedDirective));
            const script = document.createElement("script");
            script.textContent = "window.__cspInline = true";
            document.body.append(script);
            const img = document.createElement("img");
            img.setAttribute("onerror", "window.__cspHandler = true");
            img.src = "data:,broken";
            document.body.append(img);
            await new Promise((resolve) => setTimeout(resolve, 300));
            // The probes leave the page as it was (axe-core checks it afterwards).
            script.remove();
            img.remove();
            return {inline: window.__cspInline === true, handler: window.__cspHandler === true,
                    violations};
        }"""
    )
    assert ran["inline"] is False
    assert ran["handler"] is False
    assert any(v.startswith("script-src") for v in ran["violations"]), ran
