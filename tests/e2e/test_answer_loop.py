"""End to end in a real browser: a question is asked, a mentor answers it, the asker accepts.

The loop issue 9 closes: the mentor finds the question in the queue and in their
notifications, the asker is told of the answer and accepts it, the specialty list
shows the thread solved and the mentor is told of the acceptance. The live server
runs the after-commit effects in the background, as in production, so a
notification appears shortly after the post that caused it: pages are reloaded
until it does (bounded by the expect timeout). Screenshots land in test-artifacts/e2e/.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.taxonomy.models import Specialty
from tests import factories

pytestmark = pytest.mark.e2e

QUESTION = "Is a wearable ECG patch enough to rule out paroxysmal AF after stroke?"
QUESTION_BODY = (
    "Our stroke unit uses 14-day patches. Is that long enough, or do you go to loop recorders?"
)
ANSWER_BODY = (
    "Fourteen days catches most of it; we go to an implantable loop recorder when it is negative."
)


def nav(page):
    return page.get_by_role("navigation", name="Main")


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username or email", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()


def reload_until(page, url: str, locator_of, seconds: float = 15.0) -> None:
    """Open `url` again until `locator_of(page)` is visible: background effects take a moment."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        if locator_of(page).count() > 0:
            break
        if time.monotonic() > deadline:
            break  # the expect below fails with a readable message
        page.wait_for_timeout(250)
    expect(locator_of(page).first).to_be_visible()


def test_question_answered_from_the_queue_and_accepted(
    make_page, live_server, browser_errors, screenshot
):
    with live_server.app.app_context():
        specialty_id = db.session.scalar(select(Specialty.id))
        factories.make_user(
            username="asker", display_name="Dr Lena Park", specialty_id=specialty_id
        )
        factories.make_user(
            "mentor", username="mentor", display_name="Dr Ade Mensah", specialty_id=specialty_id
        )
        db.session.remove()

    # A member asks a question in the specialty.
    asker = make_page()
    log_in(asker, "asker")
    nav(asker).get_by_role("link", name="New thread").click()
    asker.get_by_label("Title", exact=True).fill(QUESTION)
    asker.get_by_label("Question", exact=True).check()
    asker.get_by_label("Specialty", exact=True).select_option(label=live_server.specialty)
    asker.get_by_role("group", name="Research topics").get_by_label(
        live_server.topics[0], exact=True
    ).check()
    asker.get_by_label("Your post", exact=True).fill(QUESTION_BODY)
    asker.get_by_role("button", name="Post thread").click()
    expect(asker.get_by_role("heading", level=1, name=QUESTION)).to_be_visible()
    thread_path = re.sub(r"^https?://[^/]+", "", asker.url)
    screenshot(asker, "answer-loop-01-question-asked")

    # A mentor of that specialty finds it in the queue and in their notifications.
    mentor = make_page()
    log_in(mentor, "mentor")
    nav(mentor).get_by_role("link", name="Queue").click()
    expect(mentor.get_by_role("link", name=QUESTION)).to_be_visible()
    screenshot(mentor, "answer-loop-02-mentor-queue")
    reload_until(
        mentor, "/notifications", lambda p: p.get_by_role("button", name=re.compile("New question"))
    )
    expect(nav(mentor).get_by_role("link", name=re.compile(r"Notifications \(1"))).to_be_visible()
    screenshot(mentor, "answer-loop-03-mentor-notified")

    # The mentor answers from the queue.
    mentor.goto("/queue")
    mentor.get_by_role("link", name=QUESTION).click()
    reply_box = mentor.get_by_role("region", name="Your reply")
    reply_box.get_by_label("Your post", exact=True).fill(ANSWER_BODY)
    reply_box.get_by_role("button", name="Post", exact=True).click()
    expect(mentor).to_have_url(re.compile(r"#post-\d+$"))
    answer_anchor = mentor.url.rsplit("#", 1)[1]

    # The asker sees the unread count, opens the notification and lands on the answer.
    unread = re.compile(r"Notifications \(1")
    reload_until(asker, "/", lambda p: nav(p).get_by_role("link", name=unread))
    screenshot(asker, "answer-loop-04-asker-unread-count")
    nav(asker).get_by_role("link", name=unread).click()
    asker.get_by_role("button", name=re.compile(r"Dr Ade Mensah replied to you")).click()
    expect(asker).to_have_url(re.compile(rf"{thread_path}(\?[^#]*)?#{answer_anchor}$"))
    expect(nav(asker).get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    # The asker accepts the answer: it is shown under the question and keeps its place.
    answer = asker.locator(f"article#{answer_anchor}")
    answer.get_by_role("button", name=re.compile("Accept answer")).click()
    expect(asker.locator(f"article#{answer_anchor}")).to_contain_text("Accepted answer")
    expect(asker.get_by_role("region", name=re.compile("Accepted answer"))).to_contain_text(
        "Fourteen days catches most of it"
    )
    screenshot(asker, "answer-loop-05-answer-accepted")

    # The specialty list shows the thread solved.
    asker.goto("/")
    asker.get_by_role("link", name=live_server.specialty).first.click()
    row = asker.locator(".thread-row", has=asker.get_by_role("link", name=QUESTION))
    expect(row).to_contain_text("Solved")
    screenshot(asker, "answer-loop-06-specialty-solved")

    # The mentor is told the answer was accepted.
    reload_until(
        mentor,
        "/notifications",
        lambda p: p.get_by_role("button", name=re.compile("accepted your answer")),
    )
    screenshot(mentor, "answer-loop-07-mentor-accepted")

    browser_errors.assert_none()
