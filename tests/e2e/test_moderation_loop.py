"""End to end in a real browser: one full moderation, as issue 10 describes it.

A member flags a reply as a patient privacy concern; the cardiology moderator finds
it first in the review queue (ahead of an older, ordinary flag) and hides it with a
reason; the author sees the reason on the post while other readers see only the
placeholder; the audit log shows the action with its reason. Screenshots land in
test-artifacts/e2e/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.moderation import flags
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from tests import factories

pytestmark = pytest.mark.e2e

REPLY = "Seen the same in bed 4 yesterday: Mrs Jane Holloway, born 3 March 1941, MRN 4471922."
REASON = "Names a patient with her date of birth and record number."


def nav(page):
    return page.get_by_role("navigation", name="Main")


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username or email", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()


def test_a_privacy_flag_is_reviewed_first_and_the_post_hidden(
    make_page, live_server, browser_errors, screenshot
):
    with live_server.app.app_context():
        cardiology = db.session.scalar(select(Specialty))
        topic = db.session.scalar(select(ResearchTopic))
        author = factories.make_user(username="author", display_name="Dr Sam Reed")
        factories.make_user(username="flagger", display_name="Dr Ines Vidal")
        factories.make_user(username="reader", display_name="Dr Tom Hale")
        factories.make_user(
            username="cardio_mod", display_name="Dr Ama Owusu", moderates=[cardiology]
        )
        early = factories.make_user(username="early", display_name="Dr Early Bird")
        thread = factories.make_thread(
            author=author,
            specialty=cardiology,
            topics=[topic],
            title="Atypical chest pain in young women after COVID",
        )
        older = factories.make_post(thread, author, "An older reply someone found off-topic.")
        # An older, ordinary flag: the privacy concern must still come first.
        flags.flag_post(early, threads.get_post(early, older.id), "off_topic", None)
        reply = factories.make_post(thread, author, REPLY, confirmed={"privacy"})
        thread_path, reply_id = f"/threads/{thread.id}", reply.id
        db.session.remove()

    # A member flags the reply as a patient privacy concern, from the thread page.
    flagger = make_page()
    log_in(flagger, "flagger")
    flagger.goto(thread_path)
    reply_article = flagger.locator(f"article#post-{reply_id}")
    reply_article.get_by_role("button", name=re.compile("Flag")).click()
    flagger.get_by_label("Patient privacy concern", exact=True).check()
    screenshot(flagger, "moderation-01-flag-form")
    flagger.get_by_role("button", name="Send report").click()
    expect(flagger.get_by_text(re.compile("moderators", re.I)).first).to_be_visible()
    screenshot(flagger, "moderation-02-flagged")

    # A privacy concern hides the post at once, before any review.
    early_reader = make_page()
    early_reader.goto(f"/posts/{reply_id}")
    expect(early_reader.locator(f"article#post-{reply_id}")).not_to_contain_text("Holloway")

    # The cardiology moderator finds it first in the review queue and keeps it hidden.
    moderator = make_page()
    log_in(moderator, "cardio_mod")
    moderator.goto("/moderation/flags")
    items = moderator.locator("article.flag-item")
    expect(items).to_have_count(2)
    first = items.first
    expect(first).to_have_attribute("id", f"flagged-{reply_id}")
    expect(first).to_contain_text("Patient privacy concern")
    expect(first).to_contain_text("Hidden automatically")
    screenshot(moderator, "moderation-03-review-queue")
    first.locator("summary", has_text="Keep it hidden").click()
    first.get_by_role("textbox", name=re.compile("^Reason \\(the author")).fill(REASON)
    first.get_by_role("button", name="Keep it hidden").click()
    expect(moderator.locator(f"article#flagged-{reply_id}")).to_have_count(0)
    screenshot(moderator, "moderation-04-hidden")

    # The author sees the reason on the post; another reader only the placeholder.
    author_page = make_page()
    log_in(author_page, "author")
    author_page.goto(f"/posts/{reply_id}")
    post = author_page.locator(f"article#post-{reply_id}")
    expect(post).to_contain_text("hidden by a moderator")
    expect(post).to_contain_text(REASON)
    expect(post).not_to_contain_text("Holloway")
    screenshot(author_page, "moderation-05-author-sees-reason")

    reader = make_page()
    log_in(reader, "reader")
    reader.goto(f"/posts/{reply_id}")
    hidden = reader.locator(f"article#post-{reply_id}")
    expect(hidden).to_contain_text("hidden by a moderator")
    expect(hidden).not_to_contain_text(REASON)
    expect(hidden).not_to_contain_text("Holloway")

    # The audit log shows the action with its reason.
    moderator.goto("/moderation/log")
    entry = moderator.locator("li.log-entry", has_text=REASON)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Hid a post")
    expect(entry).to_contain_text("cardio_mod")
    screenshot(moderator, "moderation-06-audit-log")

    browser_errors.assert_none()
