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
    # The topics are a checkbox list with a box that narrows it (js/topic-picker.js).
    topics = page.get_by_role("group", name="Research topics")
    expect(page.locator("#topics-help")).not_to_contain_text("Ctrl")
    topics.get_by_label("Narrow the list", exact=True).fill("trial")
    expect(topics.get_by_role("checkbox")).to_have_count(1)
    topics.get_by_label("Narrow the list", exact=True).fill("")
    for topic in live_server.topics:
        topics.get_by_label(topic, exact=True).check()
    expect(topics).to_contain_text("Chosen (2)")
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
    # On a phone the header's links fold behind "Menu" (a <details> disclosure).
    page.wait_for_url(f"{live_server.url}/")
    nav(page).get_by_text("Menu", exact=True).click()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()

    page.goto(thread_url)
    expect(page.locator(".post")).to_have_count(2)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    screenshot(page, "05-thread-phone")
    assert widths["scroll"] <= widths["inner"], f"page scrolls sideways at 390px: {widths}"

    browser_errors.assert_none()


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username or email", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()


def stored_drafts(page) -> list[str]:
    return page.evaluate(
        "() => Object.keys(localStorage).filter(key => key.startsWith('rounds.draft:'))"
    )


def wait_for_draft(page) -> None:
    page.wait_for_function(
        "() => Object.keys(localStorage).some(key => key.startsWith('rounds.draft:'))"
    )


SELECT_ACROSS_PARAGRAPHS = """([index, from, to]) => {
    const body = document.querySelectorAll('.post .post-body')[index];
    const [first, second] = body.querySelectorAll('p');
    const start = first.lastChild, end = second.firstChild;
    const range = document.createRange();
    range.setStart(start, start.data.indexOf(from));
    range.setEnd(end, end.data.indexOf(to));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
}"""


def test_quote_a_selection_and_a_whole_post_into_the_reply_box(
    make_page, live_server, browser_errors, screenshot
):
    with live_server.app.app_context():
        asker = factories.make_user(username="lena", display_name="Dr Lena Hoffmann")
        thread = factories.make_thread(
            asker, body="Has anyone tried patches?\n\nWe are choosing a vendor."
        )
        answer = factories.make_post(
            thread,
            factories.make_user(display_name="Dr Kofi Mensah"),
            body="We piloted **patches** for six months.\n\nReadmissions fell by a third.",
        )
        thread_url, answer_id = f"/threads/{thread.id}", answer.id
        factories.make_user(username="reader")

    page = make_page()
    log_in(page, "reader")
    page.goto(thread_url)
    opening_id = page.locator(".post").first.get_attribute("id").removeprefix("post-")
    box = page.get_by_role("region", name="Your reply").get_by_label("Your post", exact=True)

    # A selection across two paragraphs of the answer: only it is quoted, with its line break.
    page.evaluate(SELECT_ACROSS_PARAGRAPHS, [1, "six", " by"])
    page.locator(".post").nth(1).get_by_role("link", name="Quote post #2").click()
    expect(box).to_be_focused()
    selection_quote = (
        f"> six months.\n>\n> Readmissions fell\n>\n> — [Dr Kofi Mensah](/posts/{answer_id})\n\n"
    )
    expect(box).to_have_value(selection_quote)
    expect(page).to_have_url(re.compile(re.escape(thread_url) + "$"))  # stayed on the page

    # Nothing selected: the whole opening post, after what is already in the box.
    page.evaluate("() => getSelection().removeAllRanges()")
    page.locator(".post").first.get_by_role("link", name="Quote post #1").click()
    expect(box).to_have_value(
        selection_quote + "> Has anyone tried patches?\n>\n> We are choosing a vendor.\n>\n"
        f"> — [Dr Lena Hoffmann](/posts/{opening_id})\n\n"
    )
    expect(box).to_be_focused()
    page.keyboard.type("Both worked for us.")
    screenshot(page, "06-quoted-reply")

    page.get_by_role("region", name="Your reply").get_by_role(
        "button", name="Post", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"#post-\d+$"))
    posted = page.locator(".post").nth(2)
    hrefs = posted.locator(".post-body blockquote a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs == [f"/posts/{answer_id}", f"/posts/{opening_id}"]
    expect(posted.locator(".post-body > p")).to_have_text("Both worked for us.")
    browser_errors.assert_none()


def test_reply_draft_survives_a_reload_and_is_cleared_once_posted(
    make_page, live_server, browser_errors, screenshot
):
    with live_server.app.app_context():
        thread = factories.make_thread(title="Dosing apixaban in the very elderly")
        thread_url = f"/threads/{thread.id}"
        factories.make_user(username="writer")

    page = make_page()
    log_in(page, "writer")
    page.goto(thread_url)
    reply_box = page.get_by_role("region", name="Your reply")
    box = reply_box.get_by_label("Your post", exact=True)
    post_button = reply_box.get_by_role("button", name="Post", exact=True)
    box.fill("Half-written: we start at **2.5 mg** when")
    wait_for_draft(page)

    page.reload()
    expect(box).to_have_value("Half-written: we start at **2.5 mg** when")
    expect(page.locator(".draft-note")).to_contain_text("unsent draft")
    screenshot(page, "07-draft-restored")
    page.get_by_role("button", name="Discard the draft").click()
    expect(box).to_have_value("")
    expect(page.locator(".draft-note")).to_have_count(0)
    assert stored_drafts(page) == []

    # A refused submit (too long) answers with the reply page, the text still in its form;
    # back on the thread page, whose form is empty, the draft fills it again.
    live_server.app.config["POST_MAX_LENGTH"] = 60
    too_long = "We start at 2.5 mg twice daily when two of age, weight and creatinine apply."
    box.fill(too_long)
    wait_for_draft(page)
    post_button.click()
    expect(page.locator("#body-error")).to_contain_text("at most 60 characters")
    expect(page.get_by_label("Your post", exact=True)).to_have_value(too_long)
    page.goto(thread_url)
    expect(box).to_have_value(too_long)

    box.fill("We start at 2.5 mg twice daily when two criteria apply.")
    wait_for_draft(page)
    post_button.click()
    expect(page).to_have_url(re.compile(r"#post-\d+$"))
    expect(page.locator(".post").nth(1)).to_contain_text("We start at 2.5 mg twice daily")
    expect(box).to_have_value("")
    expect(page.locator(".draft-note")).to_have_count(0)
    assert stored_drafts(page) == []
    page.reload()
    expect(box).to_have_value("")
    browser_errors.assert_none()


def test_new_thread_draft_comes_back_after_an_expired_form(make_page, live_server, browser_errors):
    with live_server.app.app_context():
        factories.make_user(username="starter")
    title = "Home-based cardiac rehab after TAVI: who runs it?"
    body = "We are setting up:\n\n* nurse calls\n  * weekly\n* a step counter"

    page = make_page()
    log_in(page, "starter")
    page.goto("/threads/new")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Specialty", exact=True).select_option(label=live_server.specialty)
    topics = page.get_by_role("group", name="Research topics")
    topics.get_by_label("Clinical trials", exact=True).check()
    page.get_by_label("Your post", exact=True).fill(body)
    wait_for_draft(page)

    # The form's CSRF token is no longer valid (as after a logout elsewhere): an error page.
    page.evaluate(
        "() => { document.querySelector('form[data-draft] [name=csrf_token]').value = 'old'; }"
    )
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_text("Your form expired")).to_be_visible()
    assert all("status of 400" in message for message in browser_errors.messages)
    browser_errors.messages.clear()  # that 400 was the point

    page.goto("/threads/new")
    expect(page.locator(".draft-note")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value(title)
    expect(page.get_by_label("Your post", exact=True)).to_have_value(body)
    expect(page.get_by_label("Specialty", exact=True)).to_have_value(re.compile(r"\d+"))
    expect(topics.get_by_label("Clinical trials", exact=True)).to_be_checked()
    expect(topics.get_by_label("Digital health", exact=True)).not_to_be_checked()

    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.locator(".post").first.locator(".post-body li li")).to_have_text("weekly")
    assert stored_drafts(page) == []
    page.goto("/threads/new")
    expect(page.get_by_label("Title", exact=True)).to_have_value("")
    expect(page.locator(".draft-note")).to_have_count(0)
    browser_errors.assert_none()
