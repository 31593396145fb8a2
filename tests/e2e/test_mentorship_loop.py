"""End to end in a real browser: one mentorship, as issue 11 describes it.

A member states their goals and sees suggested mentors with the reason for each; they
ask the first; the mentor accepts; both accept the compact; the mentee writes in the
private space and proposes a session, which the mentor accepts (its calendar file is
offered); a moderator gets 404 for the mentorship and for its space. Screenshots land
in test-artifacts/e2e/.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.mentorship.models import Mentorship
from forum.taxonomy.models import ResearchTopic, Specialty
from tests import factories
from tests.mentorship.scene import make_mentor

pytestmark = pytest.mark.e2e

MESSAGE = "I would like help designing an AI-ECG validation study at my hospital."
SPACE_POST = "Here is my first draft of the study protocol: sections 1 to 3."


def nav(page):
    return page.get_by_role("navigation", name="Main")


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username or email", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()


def test_a_member_finds_a_mentor_and_they_start_working_together(
    make_page, live_server, browser_errors, screenshot
):
    with live_server.app.app_context():
        cardiology = db.session.scalar(select(Specialty))
        topic = db.session.scalar(select(ResearchTopic))
        make_mentor(
            "dr_patel",
            display_name="Dr Rohan Patel",
            specialties=[cardiology],
            topics=[topic],
            capacity=3,
            time_zone="Europe/London",
        )
        # A mentor who shares none of the goals' areas: never suggested for them.
        make_mentor("dr_other", display_name="Dr Ana Ortiz", time_zone="America/Lima")
        factories.make_user(username="lena", display_name="Lena Hoffmann")
        factories.make_user("moderator", username="mod", display_name="Dr Tom Adebayo")
        cardiology_name = cardiology.name
        db.session.remove()

    # The member states their goals and sees suggestions, each with its reason.
    mentee = make_page()
    log_in(mentee, "lena")
    nav(mentee).get_by_role("link", name="Mentorship").click()
    mentee.goto("/mentorship/goals")
    mentee.get_by_label("What would you like a mentor's help with?").fill(MESSAGE)
    mentee.get_by_label(cardiology_name, exact=True).check()
    mentee.get_by_label("Video calls").check()
    mentee.get_by_label("English").check()
    mentee.get_by_label("Your time zone").select_option("Europe/Berlin")
    mentee.get_by_role("button", name="Save my goals").click()
    expect(mentee).to_have_url(re.compile(r"/mentorship/suggestions$"))
    first = mentee.locator(".result").first
    expect(first).to_contain_text("Dr Rohan Patel")
    expect(first).to_contain_text(f"Mentors in {cardiology_name}")
    expect(first).to_contain_text("1 h from you")
    expect(first).to_contain_text("3 of 3 places free")
    expect(mentee.locator("main")).not_to_contain_text("Dr Ana Ortiz")
    screenshot(mentee, "mentorship-01-suggested-mentors")

    # ... and asks the first one.
    first.get_by_role("link", name="Request mentorship").click()
    expect(mentee.get_by_role("heading", level=1)).to_contain_text("Dr Rohan Patel")
    message = mentee.get_by_label("Your request")
    expect(message).not_to_be_empty()  # starts from the goals just saved
    message.fill(MESSAGE)
    mentee.get_by_role("button", name="Send request").click()
    expect(mentee.locator("main")).to_contain_text(MESSAGE)
    hub = mentee.url
    screenshot(mentee, "mentorship-02-request-sent")

    # The mentor accepts, with a message, and accepts the drafted compact.
    mentor = make_page()
    log_in(mentor, "dr_patel")
    mentor.goto(hub)
    mentor.get_by_label("Your answer").fill("Gladly: let us agree how we work.")
    mentor.get_by_role("button", name="Accept", exact=True).click()
    expect(mentor.get_by_role("button", name="Accept the compact")).to_be_visible()
    screenshot(mentor, "mentorship-03-compact-to-accept")
    mentor.get_by_role("button", name="Accept the compact").click()
    expect(mentor.get_by_role("button", name="Accept the compact")).to_have_count(0)

    # The mentee accepts it too: the mentorship is active and its private space open.
    mentee.goto(hub)
    mentee.get_by_role("button", name="Accept the compact").click()
    mentee.get_by_role("link", name="Open your private conversation").click()
    space = mentee.url
    expect(mentee.locator("main")).to_contain_text(re.compile("private", re.I))
    reply_box = mentee.get_by_role("region", name="Your reply")
    reply_box.get_by_label("Your post", exact=True).fill(SPACE_POST)
    reply_box.get_by_role("button", name="Post", exact=True).click()
    expect(mentee.locator("main")).to_contain_text(SPACE_POST)
    screenshot(mentee, "mentorship-04-private-space")

    # The mentee proposes a session in a month; times are in their own zone.
    day = date.today() + timedelta(days=30)
    starts = datetime.combine(day, time(16, 30), tzinfo=ZoneInfo("Europe/Berlin"))
    in_london = starts.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M")
    in_utc = starts.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    mentee.goto(hub)
    mentee.get_by_role("link", name=re.compile("Sessions", re.I)).first.click()
    expect(mentee.locator("main")).to_contain_text("Europe/Berlin")
    mentee.get_by_label("Date").fill(day.isoformat())
    mentee.get_by_label("Start time").fill("16:30")
    mentee.get_by_label("Length in minutes").fill("45")
    mentee.get_by_label("Agenda").fill("Go through the protocol draft together.")
    mentee.get_by_role("button", name="Propose this time").click()
    expect(mentee.locator("main")).to_contain_text("16:30")
    sessions = mentee.url.split("#")[0]

    # The mentor accepts it, seeing it in their own London time.
    mentor.goto(sessions)
    expect(mentor.locator("main")).to_contain_text(in_london)
    mentor.get_by_role("button", name="Accept", exact=True).click()
    calendar = mentor.get_by_role("link", name="Add to calendar (.ics)")
    expect(calendar).to_be_visible()
    screenshot(mentor, "mentorship-05-session-accepted")
    response = mentor.request.get(calendar.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert f"DTSTART:{in_utc}" in response.text()

    browser_errors.assert_none()

    # Nobody else knows it exists: a moderator gets 404 for the mentorship and its space
    # (which the browser reports as failed loads, and nothing else).
    moderator = make_page()
    log_in(moderator, "mod")
    for address in (hub, space, sessions):
        assert moderator.goto(address).status == 404, address
    screenshot(moderator, "mentorship-06-moderator-gets-404")

    assert [m for m in browser_errors.messages if "status of 404" not in m] == []
    assert len(browser_errors.messages) == 3
    with live_server.app.app_context():
        assert db.session.scalar(select(Mentorship.status)) == "active"
