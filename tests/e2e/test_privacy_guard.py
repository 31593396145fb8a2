"""End to end in a real browser: the privacy guard beside the reply editor.

A member types a reply with a phone number and a date of birth, sees both
highlighted as they pause, replaces the phone number with a click, confirms the
other, and posts. The saved post holds the redaction and its history records the
confirmation (the kinds, not the text). Screenshots land in
test-artifacts/e2e/privacy-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.privacy.models import PrivacyConfirmation
from forum.threads.models import Post
from tests import factories
from tests.e2e.test_answer_loop import log_in

pytestmark = pytest.mark.e2e

PHONE = "020 7946 0958"
DOB = "03/04/1950"
REPLY = (
    f"We had a similar case: her son called from {PHONE} this morning. "
    f"DOB {DOB}, admitted with chest pain and a normal first troponin."
)


def test_a_reply_is_redacted_and_confirmed_before_it_is_posted(
    make_page, live_server, browser_errors, screenshot
):
    with live_server.app.app_context():
        author = factories.make_user(username="nightshift", display_name="Dr Sam Reyes")
        thread = factories.make_thread(title="Chest pain with a normal first troponin")
        author_id, thread_id = author.id, thread.id
        db.session.remove()

    page = make_page()
    log_in(page, "nightshift")
    page.goto(f"/threads/{thread_id}/reply")
    body = page.locator("#body")
    body.fill(REPLY)

    panel = page.locator("#privacy-guard")
    expect(panel).to_be_visible()
    expect(panel.locator("mark", has_text=PHONE)).to_be_visible()
    expect(panel.locator("mark", has_text=DOB)).to_be_visible()
    expect(panel.get_by_text("Looks like a phone number")).to_be_visible()
    screenshot(page, "privacy-findings")

    panel.get_by_role("button", name="Replace with [PHONE]").click()
    expect(body).to_have_value(REPLY.replace(PHONE, "[PHONE]"))
    expect(panel.locator("mark", has_text=PHONE)).to_have_count(0)
    expect(panel.locator("mark", has_text=DOB)).to_be_visible()

    page.get_by_label("I confirm this contains no patient identifiers").check()
    screenshot(page, "privacy-confirmed")
    page.get_by_role("button", name="Post", exact=True).click()

    expect(page.get_by_text("her son called from [PHONE] this morning")).to_be_visible()
    with live_server.app.app_context():
        post = db.session.scalars(select(Post).where(Post.author_id == author_id)).one()
        assert PHONE not in post.body_md and "[PHONE]" in post.body_md
        assert DOB in post.body_md  # confirmed: the author's call, recorded below
        confirmation = db.session.scalars(select(PrivacyConfirmation)).one()
        assert (confirmation.post_id, confirmation.kinds) == (post.id, ["date"])
        post_id = post.id
        db.session.remove()

    page.goto(f"/posts/{post_id}/history")
    expect(page.get_by_text("Posted over a privacy warning")).to_be_visible()
    screenshot(page, "privacy-history")
    browser_errors.assert_none()
