"""The edit history with real differences in it, in Chromium: readable on a phone, and clean
for axe-core and the Nu Html Checker (the demo content has no edits, so the page-wide
accessibility test sees a history without any)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from forum.threads import service
from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_accessibility import AXE, VNU, _axe_violations, _require

pytestmark = pytest.mark.e2e


@pytest.fixture
def edited_post(live_server) -> str:
    """An opening post edited twice, by its author (with a rename) and by a moderator."""
    with live_server.app.app_context():
        author = factories.make_user(display_name="Dr Ada Okafor")
        moderator = factories.make_user(role="moderator", display_name="Dr Tom Adebayo")
        thread = factories.make_thread(
            author,
            title="Anticoagulation after TAVR",
            body="Start **apixaban** at 5 mg.\n\n- check renal function\n- <b>weigh</b>",
        )
        post_id = thread.first_post_id
        service.edit_post(
            author,
            service.get_post(author, post_id),
            "Start **apixaban** at 2.5 mg.\n\n- check renal function\n- <b>weigh</b>",
            title="Anticoagulation after TAVI",
        )
        service.edit_post(
            moderator,
            service.get_post(moderator, post_id),
            "Start **apixaban** at 2.5 mg twice daily.\n\n- check renal function",
        )
    return f"/posts/{post_id}/history"


def test_history_shows_who_changed_what(browser, live_server, edited_post, screenshot, tmp_path):
    _require(AXE)
    _require(VNU)
    # bypass_csp only so the checker script can be injected; CSP itself is tested elsewhere.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 812}, bypass_csp=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    response = page.goto(edited_post)
    assert response.status == 200
    source = tmp_path / "history.html"
    source.write_text(response.text())

    current = page.get_by_role("region", name="Version 3 (current)")
    expect(current).to_contain_text("Edited by Dr Tom Adebayo")
    expect(current.locator("pre.diff ins")).to_have_text([" twice daily"])
    expect(current.locator("pre.diff del")).to_contain_text(["<b>weigh</b>"])  # shown as text
    renamed = page.get_by_role("region", name="Version 2")
    expect(renamed).to_contain_text("Edited by Dr Ada Okafor")
    expect(renamed.locator(".title-change del")).to_have_text("TAVR")
    expect(renamed.locator(".title-change ins")).to_have_text("TAVI")
    expect(page.get_by_role("region", name="Version 1 (original)")).to_contain_text(
        "Posted by Dr Ada Okafor"
    )
    # Screen readers ignore <ins>/<del>: hidden words around each change say what it is.
    before = current.locator("pre.diff ins").first.evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    assert before == '" [added: "'
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"page scrolls sideways: {widths}"
    screenshot(page, "14-history-phone")

    assert _axe_violations(page) == []
    context.close()

    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs Debian's default-jre-headless."
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages] == []
