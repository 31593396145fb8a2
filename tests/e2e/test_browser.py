"""End to end in a real browser: join, start a thread in Markdown, reply, log out.

Run with `pytest tests/e2e`; screenshots land in test-artifacts/e2e/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.e2e

THREAD_TITLE = "Remote monitoring after heart failure discharge"
THREAD_BODY = """\
Three things we learned piloting remote monitoring:

- Patients liked the daily check-in
- Nurses needed a clear triage rule
- Alerts must stay rare

The rule we settled on:

```
def needs_review(reading):
    return reading.systolic > 180 or reading.weight_gain_kg >= 2
```
"""
REPLY_BODY = "We saw the same: **alert fatigue** was the main risk."


def nav(page):
    return page.get_by_role("navigation", name="Main")


def test_join_start_thread_reply_and_log_out(make_page, live_server, browser_errors, screenshot):
    page = make_page()

    # Join.
    page.goto("/")
    nav(page).get_by_role("link", name="Join").click()
    expect(page.get_by_role("heading", name="Join Rounds")).to_be_visible()
    page.get_by_label("Username", exact=True).fill("amara-osei")
    page.get_by_label("Email", exact=True).fill("amara@example.org")
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_label("Repeat password", exact=True).fill(factories.PASSWORD)
    page.get_by_label("Display name", exact=True).fill("Dr Amara Osei")
    page.get_by_label("Profession", exact=True).select_option(label="Physician")
    page.get_by_label("Primary specialty", exact=True).select_option(label=live_server.specialty)
    page.get_by_role("button", name="Create account").click()
    expect(nav(page).get_by_role("link", name="Dr Amara Osei")).to_be_visible()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()
    screenshot(page, "01-registered-home")

    # Start a thread, preview it first.
    nav(page).get_by_role("link", name="New thread").click()
    expect(page.get_by_role("heading", name="Start a thread")).to_be_visible()
    page.get_by_label("Title", exact=True).fill(THREAD_TITLE)
    page.get_by_label("Discussion", exact=True).check()
    page.get_by_label("Specialty", exact=True).select_option(label=live_server.specialty)
    page.get_by_label("Research topics", exact=True).select_option(label=live_server.topics)
    page.get_by_label("Your post", exact=True).fill(THREAD_BODY)
    page.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator(".post-body ul li")).to_have_count(3)
    expect(preview.locator(".post-body pre code")).to_contain_text("def needs_review(reading):")
    # The form keeps what was typed, so posting after a preview needs no refilling.
    expect(page.get_by_label("Title", exact=True)).to_have_value(THREAD_TITLE)
    expect(page.get_by_label("Discussion", exact=True)).to_be_checked()
    screenshot(page, "02-new-thread-preview")
    page.get_by_role("button", name="Post thread").click()

    # The thread page renders the Markdown as elements.
    expect(page.get_by_role("heading", level=1, name=THREAD_TITLE)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/threads/\d+$"))
    opening = page.locator(".post").first
    expect(opening.locator(".post-body ul li")).to_have_text(
        [
            "Patients liked the daily check-in",
            "Nurses needed a clear triage rule",
            "Alerts must stay rare",
        ]
    )
    expect(opening.locator(".post-body pre code")).to_contain_text(
        "return reading.systolic > 180 or reading.weight_gain_kg >= 2"
    )
    expect(page.locator(".posts")).not_to_contain_text("```")
    expect(page.locator(".thread-badges")).to_contain_text("Discussion")
    expect(page.get_by_role("list", name="Research topics").get_by_role("link")).to_have_text(
        sorted(live_server.topics)
    )
    screenshot(page, "03-thread-page")

    # Reply.
    reply_box = page.get_by_role("region", name="Your reply")
    reply_box.get_by_label("Your post", exact=True).fill(REPLY_BODY)
    reply_box.get_by_role("button", name="Post", exact=True).click()
    expect(page).to_have_url(re.compile(r"#post-\d+$"))
    expect(page.locator(".post")).to_have_count(2)
    reply = page.locator(".post").nth(1)
    expect(reply.locator(".permalink")).to_have_text("#2")
    expect(reply.locator(".post-body strong")).to_have_text("alert fatigue")
    anchor = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"article#{anchor}")).to_have_count(1)
    expect(page.locator(f"article#{anchor} .permalink")).to_have_text("#2")
    screenshot(page, "04-after-reply")

    # Log out.
    nav(page).get_by_role("button", name="Log out").click()
    expect(nav(page).get_by_role("link", name="Log in")).to_be_visible()
    expect(nav(page).get_by_role("button", name="Log out")).to_have_count(0)

    browser_errors.assert_none()


def test_thread_page_fits_a_phone(make_page, live_server, browser_errors, screenshot):
    with live_server.app.app_context():
        author = factories.make_user(username="kofi", display_name="Dr Kofi Mensah-Bonsu")
        thread = factories.make_thread(
            author,
            title="Which wearable ECG patches have held up in a real outpatient clinic?",
            body=THREAD_BODY
            + "\nSee https://example.org/a/very/long/address/that/should/wrap/rather/than/"
            "push/the/page/sideways/on/a/narrow/screen\n",
            replies=1,
        )
        thread_url = f"/threads/{thread.id}"

    page = make_page(390, 844)
    # Logged in, so the fuller navigation bar is on the page too.
    page.goto("/login")
    page.get_by_label("Username or email", exact=True).fill("kofi")
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()

    page.goto(thread_url)
    expect(page.locator(".post")).to_have_count(2)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    screenshot(page, "05-thread-phone")
    assert widths["scroll"] <= widths["inner"], f"page scrolls sideways at 390px: {widths}"

    browser_errors.assert_none()
