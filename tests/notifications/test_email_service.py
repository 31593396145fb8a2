"""Notification email against a real SMTP server on 127.0.0.1: immediate mail, digests,
visibility, a server that is down, concurrent drains, and no mail without settings."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum import effects
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mail import service as mail_service
from forum.mail.models import OutgoingMail
from forum.mail.service import queue_mail
from forum.notifications import email, email_compose, email_preferences
from forum.notifications.models import EmailPreference, Notification, NotificationSettings
from forum.spaces.models import Space, SpaceMember
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

DAY = timedelta(hours=24)


@pytest.fixture(autouse=True)
def _wired(app):
    wire(app)
    app.config["MAIL_FROM"] = "Rounds <no-reply@rounds.test>"


@pytest.fixture
def conversation(app):
    """Alice asks; Bob replies to her question."""
    alice = factories.make_user(username="alice", display_name="Dr Alice Okafor")
    bob = factories.make_user(username="bob", display_name="Dr Bob Mensah")
    thread = factories.make_thread(
        alice, title="Anticoagulation after ablation", body="When do you stop it?"
    )
    reply = factories.make_post(thread, bob, "Stop at **three months** if CHA2DS2-VASc is low.")
    return alice, bob, thread, reply


# --- immediately ---------------------------------------------------------------------------------


def test_an_immediate_email_arrives_with_both_parts_and_unsubscribe_headers(
    app, smtp_server, conversation
):
    alice, bob, thread, reply = conversation
    notification = notify(alice, "reply", reply, bob)

    assert email.send_immediate() == 1
    assert deliver().sent == 1

    [message] = smtp_server.messages
    assert message["To"] == "alice@example.org"
    assert message["Subject"] == (
        "Dr Bob Mensah replied to your post: Anticoagulation after ablation"
    )
    text = text_of(message)
    assert "Stop at three months if CHA2DS2-VASc is low." in text  # body_text, no Markdown
    assert f"http://rounds.test/posts/{reply.id}" in text
    html = html_of(message)
    assert f'<a href="http://rounds.test/posts/{reply.id}">' in html
    assert "<blockquote><p>Stop at three months" in html
    url = unsubscribe_url(message)
    assert url.startswith("http://rounds.test/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in text and f'href="{url}"' in html
    assert "http://rounds.test/account/email-notifications" in text
    assert emailed_at(notification) is not None


def test_a_reply_posted_through_the_service_is_emailed_after_the_fan_out(app, smtp_server):
    alice = factories.make_user(username="alice")
    bob = factories.make_user(username="bob", display_name="Dr Bob Mensah")
    thread = factories.make_thread(alice, title="Anticoagulation after ablation")
    reply = factories.make_post(thread, bob, "Three months, then reassess.")

    # The order the runner's wake-ups give: the fan-out names "notification_mail", whose
    # rows name "mail" (each effect runs after the commit of the one before).
    effects.run_now(["notifications"])
    effects.run_now([email.MAIL_EFFECT])
    effects.run_now(["mail"])

    [message] = smtp_server.messages
    assert message["To"] == "alice@example.org"
    assert message["Subject"].startswith("Dr Bob Mensah ")
    assert f"http://rounds.test/posts/{reply.id}" in text_of(message)


def test_an_immediate_email_is_queued_once_however_often_the_drain_runs(
    app, smtp_server, conversation
):
    alice, bob, _thread, reply = conversation
    notify(alice, "reply", reply, bob)

    assert email.send_immediate() == 1
    assert email.send_immediate() == 0
    deliver()
    deliver()

    assert len(outbox()) == 1
    assert len(smtp_server.messages) == 1


def test_the_html_part_escapes_titles_names_and_post_text(app, smtp_server):
    asker = factories.make_user(username="asker")
    rogue = factories.make_user(username="rogue", display_name='Dr <b onmouseover="x">Rogue</b>')
    thread = factories.make_thread(asker, title="Is <script>alert(1)</script> safe?")
    reply = factories.make_post(thread, rogue, "Try `<img src=x onerror=alert(2)>` here.")
    notify(asker, "reply", reply, rogue)

    email.send_immediate()
    deliver()

    html = html_of(smtp_server.messages[0])
    assert "<script>" not in html and "<b onmouseover" not in html and "<img" not in html
    assert "Is &lt;script&gt;alert(1)&lt;/script&gt; safe?" in html
    assert "Dr &lt;b onmouseover=&#34;x&#34;&gt;Rogue&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    text = text_of(smtp_server.messages[0])
    assert 'Dr <b onmouseover="x">Rogue</b> replied to your post' in text  # plain text as is


def test_a_kind_set_to_never_is_marked_and_not_emailed(app, smtp_server, conversation):
    alice, bob, _thread, reply = conversation
    email_preferences.set_cadences(alice, {"reply": "never"})
    notification = notify(alice, "reply", reply, bob)

    assert email.send_immediate() == 0

    assert outbox() == []
    assert emailed_at(notification) is not None  # not considered again


def test_digest_kinds_wait_for_the_digest(app, smtp_server, conversation):
    alice, bob, _thread, reply = conversation
    notification = notify(alice, "watched", reply, bob)  # digest by default

    assert email.send_immediate() == 0

    assert outbox() == []
    assert emailed_at(notification) is None


def test_an_unconfirmed_address_is_not_emailed(app, smtp_server, conversation):
    _alice, bob, thread, _reply = conversation
    newcomer = factories.make_user(username="newcomer", email_verified_at=None)
    notification = notify(newcomer, "mention", factories.nth_post(thread, 2), bob)

    assert email.send_immediate() == 0
    assert outbox() == []
    assert emailed_at(notification) is not None


def test_a_notification_already_read_is_not_emailed(app, smtp_server, conversation):
    alice, bob, _thread, reply = conversation
    notify(alice, "reply", reply, bob, read_at=utcnow())

    assert email.send_immediate() == 0
    assert outbox() == []


def test_a_notification_older_than_a_day_is_not_emailed_late(app, smtp_server, conversation):
    alice, bob, _thread, reply = conversation
    notify(alice, "reply", reply, bob, created_at=utcnow() - DAY - timedelta(minutes=1))

    assert email.send_immediate() == 0
    assert outbox() == []


# --- visibility ----------------------------------------------------------------------------------


def test_a_post_the_recipient_can_no_longer_see_is_not_emailed(app, smtp_server):
    insider = factories.make_user(username="insider")
    leaver = factories.make_user(username="leaver")
    thread = factories.make_thread(insider, title="Private mentorship notes")
    reply = factories.make_post(thread, insider, "Only for the space.")
    space = Space(name="Mentorship")
    space.members = [SpaceMember(user_id=insider.id)]  # the leaver is no longer a member
    db.session.add(space)
    db.session.flush()
    thread.space_id = space.id
    db.session.commit()
    hidden_from_leaver = notify(leaver, "mention", reply, insider)
    shown_to_insider = notify(insider, "mention", reply, insider)

    assert email.send_immediate() == 1

    [row] = outbox()
    assert row.recipient == "insider@example.org"
    assert emailed_at(hidden_from_leaver) is not None  # passed over, not retried
    assert emailed_at(shown_to_insider) is not None


def test_a_post_deleted_after_its_notification_is_not_emailed(app, smtp_server, conversation):
    alice, bob, _thread, reply = conversation
    notify(alice, "reply", reply, bob)
    threads.delete_post(bob, threads.get_post(bob, reply.id))

    assert email.send_immediate() == 0
    assert outbox() == []


def test_a_deleted_thread_is_not_in_the_digest(app, smtp_server, conversation):
    alice, bob, thread, reply = conversation
    other = factories.make_thread(bob, title="A thread that stays")
    now = utcnow()
    notify(alice, "watched", reply, bob, created_at=now - DAY)
    notify(alice, "new_question", factories.nth_post(other, 1), bob, created_at=now - DAY)
    moderator = factories.make_user(role="moderator")
    opening = threads.get_post(moderator, factories.nth_post(thread, 1).id)
    threads.delete_post(moderator, opening)  # the opening post: the thread goes with it

    assert email.send_due_digests(now) == 1
    deliver()

    text = text_of(smtp_server.messages[0])
    assert "A thread that stays" in text
    assert "Anticoagulation after ablation" not in text


# --- digests -------------------------------------------------------------------------------------


def test_a_digest_groups_a_days_notifications_into_one_email(app, smtp_server):
    member = factories.make_user(username="member", display_name="Dr Mia Member")
    colleague = factories.make_user(username="colleague", display_name="Dr Cole")
    first = factories.make_thread(colleague, title="Wearable ECG patches")
    second = factories.make_thread(colleague, title="Robotic bronchoscopy")
    one = factories.make_post(first, colleague, "Patch data after a week.")
    two = factories.make_post(first, colleague, "And after a month.")
    mine = factories.make_post(second, member, "My answer about navigation.")
    start = utcnow()
    notify(member, "watched", one, colleague, created_at=start)
    notify(member, "watched", two, colleague, created_at=start + timedelta(hours=6))
    notify(member, "helpful", mine, colleague, created_at=start + timedelta(hours=12), count=3)
    notify(
        member,
        "new_question",
        factories.nth_post(second, 1),
        colleague,
        created_at=start + timedelta(hours=20),
    )

    # Not yet: the oldest notification has not waited a whole day.
    assert email.send_due_digests(start + timedelta(hours=23)) == 0
    assert email.send_due_digests(start + DAY + timedelta(minutes=1)) == 1
    assert email.send_due_digests(start + DAY + timedelta(minutes=2)) == 0
    deliver()

    [message] = smtp_server.messages
    assert message["To"] == "member@example.org"
    assert message["Subject"] == "Your Rounds digest: 4 notifications in 2 threads"
    text = text_of(message)
    assert text.count("== Wearable ECG patches ==") == 1
    assert text.count("== Robotic bronchoscopy ==") == 1
    wearable = text.index("== Wearable ECG patches ==")
    robotic = text.index("== Robotic bronchoscopy ==")
    assert robotic < wearable  # the thread with the latest news first
    assert text.index("Patch data after a week.") < text.index("And after a month.")
    assert wearable < text.index("Patch data after a week.")
    assert "3 colleagues found your post helpful" in text
    assert "Dr Cole asked a new question in" in text
    html = html_of(message)
    assert html.count("<h2>") == 2
    assert f'href="http://rounds.test/threads/{first.id}"' in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url(message) in text
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Notification.emailed_at.is_(None))) == 0
    assert db.session.get(NotificationSettings, member.id).last_digest_at is not None


def test_the_next_digest_waits_a_period_after_the_last(app, smtp_server, conversation):
    alice, bob, thread, reply = conversation
    start = utcnow()
    notify(alice, "watched", reply, bob, created_at=start - DAY)
    assert email.send_due_digests(start) == 1

    later = factories.make_post(thread, bob, "One more thing.")
    notify(alice, "watched", later, bob, created_at=start - DAY + timedelta(minutes=1))

    assert email.send_due_digests(start + timedelta(hours=1)) == 0
    assert email.send_due_digests(start + DAY) == 1
    deliver()
    assert len(smtp_server.messages) == 2


def test_digest_hours_sets_the_period(app, smtp_server, conversation):
    app.config["DIGEST_HOURS"] = 6
    alice, bob, _thread, reply = conversation
    start = utcnow()
    notify(alice, "watched", reply, bob, created_at=start)

    assert email.send_due_digests(start + timedelta(hours=5)) == 0
    assert email.send_due_digests(start + timedelta(hours=6)) == 1


def test_read_notifications_stay_out_of_the_digest(app, smtp_server, conversation):
    alice, bob, _thread, reply = conversation
    start = utcnow() - DAY
    notify(alice, "watched", reply, bob, created_at=start, read_at=utcnow())

    assert email.send_due_digests() == 0
    assert outbox() == []


def test_the_cli_sends_every_waiting_digest_with_all(app, smtp_server, runner, conversation):
    alice, bob, _thread, reply = conversation
    notify(alice, "watched", reply, bob)  # just now: not due yet

    due_only = runner.invoke(args=["notifications", "digest"])
    everyone = runner.invoke(args=["notifications", "digest", "--all"])

    assert due_only.exit_code == 0 and "Queued 0 digests." in due_only.output
    assert everyone.exit_code == 0 and "Queued 1 digest." in everyone.output
    assert [row.recipient for row in outbox()] == ["alice@example.org"]


def test_the_runner_drain_checks_digests_at_most_once_a_minute(app, smtp_server, conversation):
    alice, bob, thread, reply = conversation
    notify(alice, "watched", factories.nth_post(thread, 1), bob, created_at=utcnow() - DAY)

    assert email.check_digests() == 1
    notify(alice, "watched", reply, bob, created_at=utcnow() - 3 * DAY)
    assert email.check_digests() == 0  # checked just now; the next check finds it

    assert len(outbox()) == 1


# --- no mail settings ----------------------------------------------------------------------------


def test_without_mail_settings_nothing_is_queued_or_marked(app, conversation, runner):
    assert app.config["MAIL_SERVER"] is None
    alice, bob, _thread, reply = conversation
    immediate = notify(alice, "reply", reply, bob)
    digest = notify(alice, "watched", reply, bob, created_at=utcnow() - 2 * DAY)

    assert email.send_immediate() == 0
    assert email.send_due_digests(everyone=True) == 0
    result = runner.invoke(args=["notifications", "digest", "--all"])

    assert "MAIL_SERVER is not set" in result.output
    assert outbox() == []
    assert emailed_at(immediate) is None and emailed_at(digest) is None


# --- a server that is down, and senders at once --------------------------------------------------


def test_a_server_down_at_first_loses_nothing_and_sends_nothing_twice(app, smtp_down):
    bob = factories.make_user(username="bob", display_name="Dr Bob")
    askers = [factories.make_user(username=f"asker{n}") for n in range(6)]
    replies = []
    for asker in askers:
        thread = factories.make_thread(asker, title=f"Question of {asker.username}")
        replies.append(factories.make_post(thread, bob, f"An answer for {asker.username}."))
    for asker, reply in zip(askers, replies, strict=True):
        notify(asker, "reply", reply, bob)

    assert email.send_immediate() == 6
    first = deliver()  # nothing listens on the port yet
    assert (first.sent, first.retrying) == (0, 6)

    smtp_down.start()
    later = utcnow() + timedelta(minutes=5)  # past the first retry's wait
    outcomes = []

    def send():
        with app.app_context():
            outcomes.append(mail_service.send_pending(later))

    senders = [threading.Thread(target=send) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    assert sum(outcome.sent for outcome in outcomes) == 6
    recipients = sorted(message["To"] for message in smtp_down.messages)
    assert recipients == sorted(f"{asker.username}@example.org" for asker in askers)
    assert all(row.sent_at is not None for row in outbox())


def test_two_drains_at_once_queue_each_notification_once(app, smtp_server):
    bob = factories.make_user(username="bob")
    thread = factories.make_thread(bob, title="A busy thread")
    reply = factories.make_post(thread, bob, "News for everyone.")
    members = [factories.make_user(username=f"member{n}") for n in range(40)]
    for member in members:
        notify(member, "mention", reply, bob)
    expected = sorted(f"{member.username}@example.org" for member in members)
    db.session.remove()
    queued = []
    barrier = threading.Barrier(2)

    def drain():
        with app.app_context():
            barrier.wait()
            queued.append(email.send_immediate())

    drains = [threading.Thread(target=drain) for _ in range(2)]
    for each in drains:
        each.start()
    for each in drains:
        each.join()

    assert sum(queued) == 40
    rows = outbox()
    assert sorted(row.recipient for row in rows) == expected
    deliver()
    assert len(smtp_server.messages) == 40


# --- the outbox's extra headers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"List-Unsubscribe": "<https://rounds.test/u/x>\r\nBcc: everyone@example.org"},
        {"From": "someone@example.org"},
        {"Bad Name": "x"},
    ],
)
def test_queue_mail_refuses_unsafe_headers(app, headers):
    with pytest.raises(ValueError), unit_of_work():
        queue_mail("jane@example.org", "Hi", "Body.", headers=headers)

    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_a_long_list_unsubscribe_header_is_not_encoded(app, smtp_server):
    url = "https://rounds.test/unsubscribe/" + "a" * 150
    with unit_of_work():
        headers = email_compose.unsubscribe_headers(url)
        queue_mail("jane@example.org", "Hi", "Body.", headers=headers)

    deliver()

    [message] = smtp_server.messages
    raw = dict(message.raw_items())["List-Unsubscribe"]  # as it came over the wire
    assert raw == f"<{url}>"  # one line, not folded into =?utf-8?q?...?= encoded words
    assert message["List-Unsubscribe"] == f"<{url}>"


def test_preferences_default_and_store_per_kind(app):
    member = factories.make_user()

    assert email_preferences.cadences_for(member)["reply"] == "immediately"
    assert email_preferences.cadences_for(member)["watched"] == "digest"
    email_preferences.set_cadences(member, {"watched": "immediately"})
    email_preferences.set_cadences(member, {"watched": "never", "reply": "digest"})

    rows = db.session.execute(
        select(EmailPreference.kind, EmailPreference.cadence).where(
            EmailPreference.user_id == member.id
        )
    ).all()
    assert sorted(rows) == [("reply", "digest"), ("watched", "never")]
