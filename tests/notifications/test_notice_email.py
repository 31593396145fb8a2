"""Notices by email against a real SMTP server on 127.0.0.1: immediately by default, with
a plain subject, the message and its absolute link; per-kind cadence as for the others;
in the digest; never quoting a post, even one the recipient can no longer read."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import effects
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import posts as moderation
from forum.notifications import email, email_preferences, notices, unsubscribe
from forum.notifications.models import EmailPreference, Notification
from forum.threads import service as threads
from forum.unit_of_work import unit_of_work
from tests import factories
from tests.notifications.emailing import (
    deliver,
    emailed_at,
    html_of,
    notify,
    outbox,
    text_of,
    unsubscribe_url,
    wire,
)

SUBJECT = "A message from the Rounds moderators"
DAY = timedelta(hours=24)


@pytest.fixture(autouse=True)
def _wired(app):
    wire(app)
    app.config["MAIL_FROM"] = "Rounds <no-reply@rounds.test>"


def _notice(user, message: str, link: str | None = None, *, created_at=None) -> Notification:
    with unit_of_work():
        notice = notices.notify(user.id, message, link=link)
        if created_at is not None:
            notice.created_at = created_at
    return notice


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_notice_is_emailed_at_once_with_a_plain_subject_its_message_and_link(app, smtp_server):
    member = factories.make_user(username="mia", display_name="Dr Mia Okafor")
    notice = _notice(
        member,
        "Your post in “Beta blockers after MI” was hidden by a moderator. Reason: it names "
        "a patient and their ward, which our privacy rules do not allow in any thread.",
        "/posts/42",
    )

    assert email.send_immediate() == 1
    assert deliver().sent == 1

    [message] = smtp_server.messages
    assert message["To"] == "mia@example.org"
    assert message["Subject"] == SUBJECT
    text = text_of(message)
    assert "Hello Dr Mia Okafor," in text
    assert (
        "Your post in “Beta blockers after MI” was hidden by a moderator. Reason: it names a "
        "patient and their ward, which our privacy rules do not allow in any thread."
    ) in _one_line(text)
    assert "http://rounds.test/posts/42" in text
    html = html_of(message)
    assert '<a href="http://rounds.test/posts/42">' in html
    assert "Messages from moderators: immediately" in _one_line(text)
    url = unsubscribe_url(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in text and f'href="{url}"' in html
    assert emailed_at(notice) is not None
    assert email.send_immediate() == 0  # once


def test_a_notice_from_hiding_a_post_is_emailed_by_the_runner_after_the_commit(app, smtp_server):
    """notify() names the email drain in the moderation action's own transaction: with
    the after-commit runner on (as in production), the mail arrives with nothing else
    run by hand."""
    author = factories.make_user(username="author")
    moderator = factories.make_user(role="moderator")
    thread = factories.make_thread(title="Ward rounds etiquette")
    reply = factories.make_post(
        thread, author, "Bed 4 in ward 7 is Mr J. Smith, 64.", confirmed={"privacy"}
    )
    app.config["AFTER_COMMIT"] = "background"

    moderation.hide_post(moderator, threads.get_post(moderator, reply.id), "Names a patient")

    deadline = time.monotonic() + 10
    while not smtp_server.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    effects.stop(app)
    [message] = smtp_server.messages
    assert message["To"] == "author@example.org" and message["Subject"] == SUBJECT
    text = text_of(message)
    assert "Reason: Names a patient" in _one_line(text)
    assert f"http://rounds.test/posts/{reply.id}" in text
    assert "Mr J. Smith" not in text and "Mr J. Smith" not in html_of(message)


def test_a_notice_about_a_post_the_recipient_cannot_read_is_still_emailed(app, smtp_server):
    flagger = factories.make_user(username="flagger")
    moderator = factories.make_user(role="moderator")
    thread = factories.make_thread()
    reply = factories.make_post(
        thread, factories.make_user(), "Mrs Doe in bay 3 is septic.", confirmed={"privacy"}
    )
    moderation.hide_post(moderator, threads.get_post(moderator, reply.id), "Patient details")
    effects.run_now([email.MAIL_EFFECT])  # the author's notice
    _notice(flagger, "The post you reported was hidden. Thank you.", f"/posts/{reply.id}")

    assert email.send_immediate() == 1
    deliver()

    message = next(m for m in smtp_server.messages if m["To"] == "flagger@example.org")
    assert "The post you reported was hidden. Thank you." in text_of(message)
    assert "Mrs Doe" not in text_of(message) and "Mrs Doe" not in html_of(message)


def test_the_html_part_escapes_the_message(app, smtp_server):
    member = factories.make_user()
    _notice(member, 'Reason: <img src=x onerror="alert(1)"> & <b>more</b>', "/posts/1")

    email.send_immediate()
    deliver()

    html = html_of(smtp_server.messages[0])
    assert "<img" not in html and "<b>more" not in html
    assert (
        "Reason: &lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &lt;b&gt;more&lt;/b&gt;" in html
    )
    assert 'Reason: <img src=x onerror="alert(1)"> & <b>more</b>' in text_of(
        smtp_server.messages[0]
    )


def test_a_notices_link_keeps_its_query_and_fragment_and_one_leading_nowhere_goes_to_the_list(
    app, smtp_server
):
    member = factories.make_user()
    thread = factories.make_thread()
    _notice(member, "Your thread was moved.", f"/threads/{thread.id}?page=2#post-9")
    with unit_of_work():
        db.session.add(
            Notification(user_id=member.id, kind="moderation", message="Old.", link="/gone/away")
        )
    _notice(member, "A note without a link.")

    assert email.send_immediate() == 3
    deliver()

    texts = {text_of(m).split("\n\n")[1].strip(): text_of(m) for m in smtp_server.messages}
    assert (
        f"http://rounds.test/threads/{thread.id}?page=2#post-9" in texts["Your thread was moved."]
    )
    assert "Open it on Rounds: http://rounds.test/notifications" in texts["Old."]
    assert "Open it on Rounds: http://rounds.test/notifications" in texts["A note without a link."]


# --- cadence -------------------------------------------------------------------------------------


def test_notices_default_to_immediately_and_follow_the_members_choice(app, smtp_server):
    member = factories.make_user()
    assert email_preferences.cadences_for(member)["moderation"] == "immediately"

    email_preferences.set_cadences(member, {"moderation": "never"})
    never = _notice(member, "You were warned.", "/posts/1")
    assert email.send_immediate() == 0
    assert outbox() == [] and emailed_at(never) is not None  # passed over, not again

    email_preferences.set_cadences(member, {"moderation": "digest"})
    waiting = _notice(member, "You were warned again.", "/posts/1")
    assert email.send_immediate() == 0
    assert outbox() == [] and emailed_at(waiting) is None  # kept for the digest


def test_a_notice_read_on_the_site_first_is_not_emailed(app, smtp_server):
    member = factories.make_user()
    notice = _notice(member, "You were warned.", "/posts/1")
    with unit_of_work():
        db.session.get(Notification, notice.id).read_at = utcnow()

    assert email.send_immediate() == 0
    assert outbox() == []


def test_an_unconfirmed_address_gets_no_notice_email(app, smtp_server):
    member = factories.make_user(email_verified_at=None)
    _notice(member, "You were warned.", "/posts/1")
    assert email.send_immediate() == 0
    assert outbox() == []


def test_without_mail_settings_no_notice_is_queued_or_marked(app):
    member = factories.make_user()
    notice = _notice(member, "You were warned.", "/posts/1")
    assert email.send_immediate() == 0
    assert outbox() == [] and emailed_at(notice) is None


# --- digest --------------------------------------------------------------------------------------


def test_the_digest_has_a_group_for_notices_with_their_messages_and_links(app, smtp_server):
    member = factories.make_user(username="member")
    colleague = factories.make_user(display_name="Dr Cole")
    thread = factories.make_thread(colleague, title="Wearable ECG patches")
    post = factories.make_post(thread, colleague, "Patch data after a week.")
    email_preferences.set_cadences(member, {"moderation": "digest"})
    start = utcnow()
    notify(member, "watched", post, colleague, created_at=start)
    _notice(member, "You were warned: be civil.", "/posts/7", created_at=start + timedelta(hours=1))
    _notice(member, "Your post was restored.", None, created_at=start + timedelta(hours=2))

    assert email.send_due_digests(start + DAY + timedelta(minutes=1)) == 1
    deliver()

    [message] = smtp_server.messages
    assert message["Subject"] == (
        "Your Rounds digest: 1 notification in 1 thread and 2 messages from the Rounds moderators"
    )
    text = text_of(message)
    assert "3 notifications on Rounds that you have not seen yet" in text
    assert text.count("== Messages from the Rounds moderators ==") == 1
    notices_at = text.index("== Messages from the Rounds moderators ==")
    assert notices_at < text.index("== Wearable ECG patches ==")  # the latest news first
    assert text.index("You were warned: be civil.") < text.index("Your post was restored.")
    assert "http://rounds.test/posts/7" in text
    html = html_of(message)
    assert '<a href="http://rounds.test/posts/7">You were warned: be civil.</a>' in html
    assert '<a href="http://rounds.test/notifications">Your post was restored.</a>' in html
    assert html.count("<h2>") == 2
    db.session.expire_all()
    assert (
        db.session.scalar(select(Notification.id).where(Notification.emailed_at.is_(None))) is None
    )


def test_a_digest_of_notices_only_says_so(app, smtp_server):
    member = factories.make_user()
    email_preferences.set_cadences(member, {"moderation": "digest"})
    start = utcnow()
    _notice(member, "You were warned.", "/posts/1", created_at=start)

    assert email.send_due_digests(start + DAY + timedelta(minutes=1)) == 1
    deliver()

    [message] = smtp_server.messages
    assert message["Subject"] == "Your Rounds digest: 1 message from the Rounds moderators"


# --- unsubscribe ---------------------------------------------------------------------------------


def test_a_notice_emails_unsubscribe_link_stops_only_notices(app, client, smtp_server):
    member = factories.make_user()
    _notice(member, "You were warned.", "/posts/1")
    email.send_immediate()
    deliver()
    path = unsubscribe_url(smtp_server.messages[0]).removeprefix("http://rounds.test")
    assert unsubscribe.read_token(path.rsplit("/", 1)[1]).kinds == ("moderation",)

    page = client.get(path).get_data(as_text=True)
    assert "Messages from moderators" in page
    assert client.post(path).status_code == 200

    db.session.expire_all()
    assert dict(
        db.session.execute(
            select(EmailPreference.kind, EmailPreference.cadence).where(
                EmailPreference.user_id == member.id
            )
        ).all()
    ) == {"moderation": "never"}
