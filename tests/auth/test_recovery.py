"""Forgotten passwords and email verification: the rules (no HTTP), then the pages.

Mail is delivered by the real sender to a real SMTP server on 127.0.0.1 (aiosmtpd),
and the links are read out of what arrived.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import itsdangerous.timed
import pytest
from flask import g
from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash

from forum.auth import recovery, service
from forum.auth.models import User
from forum.exceptions import RateLimited
from forum.extensions import db
from forum.mail import send_pending
from forum.mail.models import OutgoingMail
from forum.threads.models import Thread
from tests import factories
from tests.auth.test_views import NEW_PASSWORD, is_logged_in, new_visitor, page, registration, text

RESET_LINK = re.compile(r"http://rounds\.test(/password/reset/[A-Za-z0-9_.-]+)")
VERIFY_LINK = re.compile(r"http://rounds\.test(/account/verify/[A-Za-z0-9_.-]+)")
SAME_ANSWER = "If an account uses that address, we have sent it a link to choose a new password."
UNVERIFIED = "Confirm your email address before posting"


@pytest.fixture
def verification(app):
    app.config["EMAIL_VERIFICATION"] = True


def deliver(server) -> list:
    """Run the mail drain, as the after-commit runner would, and return what arrived."""
    send_pending()
    return server.messages


def link_in(message, pattern) -> str:
    """The site path of the link in both parts of `message` (they must agree)."""
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    [found] = pattern.findall(plain)
    assert pattern.findall(html) == [found]
    return found


def words(response) -> str:
    """The page's text as a reader sees it: no tags, single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutgoingMail))


def reset_token(user: User) -> str:
    """A reset token made the way a mailed one is, without going through the mail."""
    return recovery._serializer("reset").dumps([user.id, user.session_token()])


def at_time(monkeypatch, seconds_ago: int) -> None:
    """Make itsdangerous sign tokens as if it were `seconds_ago` seconds ago."""
    real = itsdangerous.timed.time.time()
    monkeypatch.setattr(
        itsdangerous.timed, "time", SimpleNamespace(time=lambda: real - seconds_ago)
    )


# --- reset rules ---------------------------------------------------------------------------------


def test_reset_request_queues_one_mail_with_an_absolute_link_to_the_account(app, smtp_server):
    user = factories.make_user(username="jokafor", email="Jane.Okafor@example.org")

    recovery.request_password_reset("jane.okafor@EXAMPLE.org", "10.0.0.1")

    [message] = deliver(smtp_server)
    assert message["To"] == "Jane.Okafor@example.org"
    assert message["Subject"] == "Reset your Rounds password"
    assert "jokafor" in message.get_body(("plain",)).get_content()
    assert recovery.check_reset_token(link_in(message, RESET_LINK).rsplit("/", 1)[1]) == user


def test_reset_request_for_an_unknown_address_sends_nothing_and_raises_nothing(app, smtp_server):
    factories.make_user(email="someone@example.org")

    assert recovery.request_password_reset("nobody@example.org", "10.0.0.1") is None

    assert outbox_count() == 0
    assert deliver(smtp_server) == []


def test_a_reset_request_does_the_same_database_work_whether_or_not_the_address_exists(
    app, count_queries
):
    factories.make_user(email="jane@example.org")

    with count_queries() as known:
        recovery.request_password_reset("jane@example.org", "10.0.0.1")
    with count_queries() as unknown:
        recovery.request_password_reset("nobody@example.org", "10.0.0.2")

    # The same statements in the same order; only the outbox row is extra.
    assert [s for s in known if "mail_outbox" not in s] == unknown
    assert len(known) == len(unknown) + 1


def test_reset_token_works_once_and_ends_every_other_session(app):
    user = factories.make_user()
    token = reset_token(user)
    old_session = user.get_id()

    recovery.reset_password(token, NEW_PASSWORD)

    assert user.check_password(NEW_PASSWORD)
    assert service.user_for_session(old_session) is None
    assert service.user_for_session(user.get_id()) == user
    with pytest.raises(recovery.BadLink) as refused:
        recovery.reset_password(token, "yet-another-passphrase")
    assert refused.value.reason == "used"
    assert user.check_password(NEW_PASSWORD)


def test_two_submissions_of_one_reset_link_racing_let_only_one_through(app, monkeypatch):
    user = factories.make_user()
    token = reset_token(user)
    check = recovery.check_reset_token

    def checked_then_overtaken(token):
        found = check(token)
        # The other submission, in another worker, commits its new password right now.
        with db.engine.begin() as conn:
            conn.execute(
                update(User)
                .where(User.id == found.id)
                .values(password_hash=generate_password_hash("the-other-submission"))
            )
        return found

    monkeypatch.setattr(recovery, "check_reset_token", checked_then_overtaken)

    with pytest.raises(recovery.BadLink) as refused:
        recovery.reset_password(token, NEW_PASSWORD)

    assert refused.value.reason == "used"
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("the-other-submission")


def test_reset_token_stops_working_when_the_password_changes_another_way(app):
    user = factories.make_user()
    token = reset_token(user)

    service.change_password(user, factories.PASSWORD, NEW_PASSWORD)

    with pytest.raises(recovery.BadLink) as refused:
        recovery.check_reset_token(token)
    assert refused.value.reason == "used"


def test_reset_token_expires_after_an_hour(app, monkeypatch):
    user = factories.make_user()
    at_time(monkeypatch, 60 * 60 - 30)
    fresh_enough = reset_token(user)
    at_time(monkeypatch, 60 * 60 + 30)
    too_old = reset_token(user)
    monkeypatch.undo()

    assert recovery.check_reset_token(fresh_enough) == user
    with pytest.raises(recovery.BadLink) as refused:
        recovery.check_reset_token(too_old)
    assert refused.value.reason == "expired"


@pytest.mark.parametrize(
    "make_token",
    [
        lambda user: reset_token(user)[:-2] + "xx",  # tampered signature
        lambda user: recovery._serializer("verify").dumps([user.id, user.session_token()]),
        lambda user: itsdangerous.URLSafeTimedSerializer(
            "another-key", salt="rounds.password-reset"
        ).dumps([user.id, user.session_token()]),
        lambda user: recovery._serializer("reset").dumps({"user": user.id}),
        lambda user: recovery._serializer("reset").dumps([user.id + 1000, "x"]),
        lambda user: "x" * 1000,
        lambda user: "",
    ],
    ids=["tampered", "other-purpose", "other-key", "other-shape", "no-such-user", "long", "empty"],
)
def test_reset_refuses_tokens_that_are_not_its_own(app, make_token):
    user = factories.make_user()

    with pytest.raises(recovery.BadLink) as refused:
        recovery.reset_password(make_token(user), NEW_PASSWORD)

    assert refused.value.reason == "invalid"
    assert user.check_password(factories.PASSWORD)


def test_reset_requests_are_limited_per_email_and_per_address(app):
    app.config.update(RESET_LIMIT_PER_EMAIL=2, RESET_LIMIT_PER_ADDRESS=3)
    factories.make_user(email="jane@example.org")
    for _ in range(2):
        recovery.request_password_reset("jane@example.org", "10.0.0.1")

    with pytest.raises(RateLimited):
        recovery.request_password_reset("JANE@example.org", "10.0.0.9")  # per email
    recovery.request_password_reset("nobody@example.org", "10.0.0.1")  # unknown: counted alike
    with pytest.raises(RateLimited):
        recovery.request_password_reset("other@example.org", "10.0.0.1")  # per address

    assert outbox_count() == 2


def test_a_reset_through_the_mailed_link_also_confirms_the_address(app):
    user = factories.make_user(email_verified_at=None)

    recovery.reset_password(reset_token(user), NEW_PASSWORD)

    assert db.session.get(User, user.id).email_verified_at is not None


# --- verification rules --------------------------------------------------------------------------


def test_registering_with_verification_on_leaves_the_address_unconfirmed_and_mails_a_link(
    app, verification, smtp_server
):
    user = service.register_user(
        username="jokafor",
        email="jane@example.org",
        password=NEW_PASSWORD,
        display_name="Dr Jane Okafor",
        verify_email=True,
    )

    assert user.email_verified_at is None and not user.is_verified
    [message] = deliver(smtp_server)
    assert message["To"] == "jane@example.org"
    assert message["Subject"] == "Confirm your email address for Rounds"
    recovery.verify_email(link_in(message, VERIFY_LINK).rsplit("/", 1)[1])
    assert db.session.get(User, user.id).is_verified


@pytest.mark.parametrize(
    ("setting", "verify_email"), [(False, True), (True, False)], ids=["setting-off", "not-web"]
)
def test_accounts_count_as_confirmed_when_verification_is_off_or_not_asked(
    app, smtp_server, setting, verify_email
):
    app.config["EMAIL_VERIFICATION"] = setting

    user = service.register_user(
        username="jokafor",
        email="jane@example.org",
        password=NEW_PASSWORD,
        display_name="Dr Jane Okafor",
        verify_email=verify_email,
    )

    assert user.email_verified_at is not None
    assert outbox_count() == 0


def test_a_confirmation_link_for_an_address_the_account_no_longer_uses_is_refused(app):
    user = factories.make_user(email="old@example.org", email_verified_at=None)
    token = recovery._serializer("verify").dumps([user.id, recovery._email_digest(user.email)])
    user.email = "new@example.org"
    db.session.commit()

    with pytest.raises(recovery.BadLink) as refused:
        recovery.verify_email(token)

    assert refused.value.reason == "used"
    assert db.session.get(User, user.id).email_verified_at is None


def test_resending_the_confirmation_is_limited_and_skipped_once_confirmed(app, smtp_server):
    app.config["RESET_LIMIT_PER_EMAIL"] = 2
    user = factories.make_user(email_verified_at=None)
    assert recovery.resend_verification(user, "10.0.0.1") is True
    assert recovery.resend_verification(user, "10.0.0.1") is True

    with pytest.raises(RateLimited):
        recovery.resend_verification(user, "10.0.0.1")
    assert recovery.resend_verification(factories.make_user(), "10.0.0.1") is False

    assert len(deliver(smtp_server)) == 2


# --- pages: forgot and reset ---------------------------------------------------------------------


def test_login_page_links_to_forgot_password(client):
    html = client.get("/login").get_data(as_text=True)

    assert '<a href="/password/forgot">Forgot password?</a>' in html


def test_forgot_password_answers_the_same_whether_or_not_the_address_exists(client):
    factories.make_user(email="jane@example.org")

    known = client.submit("/password/forgot", {"email": "jane@example.org"})
    unknown = client.submit("/password/forgot", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/password/forgot/sent"
    sent = client.get("/password/forgot/sent")
    assert SAME_ANSWER in text(sent)
    assert outbox_count() == 1


def test_forgot_password_shape_error_is_shown_next_to_the_field_keeping_the_value(client):
    response = client.submit("/password/forgot", {"email": "not-an-address"})

    form = page(response)
    assert response.status_code == 200
    assert form.errors == {"email": "Enter a valid email address."}
    assert form.values["email"] == "not-an-address"


def test_too_many_reset_requests_get_429_with_the_message_next_to_the_field(app, client):
    app.config["RESET_LIMIT_PER_ADDRESS"] = 2
    for n in range(2):
        client.submit("/password/forgot", {"email": f"someone{n}@example.org"})

    response = client.submit("/password/forgot", {"email": "jane@example.org"})

    form = page(response)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert form.errors["email"].startswith("Too many emails were asked for just now.")
    assert form.values["email"] == "jane@example.org"


def test_forgotten_password_from_the_mail_to_a_new_password(app, client, smtp_server):
    user = factories.make_user(username="jokafor", email="jane@example.org")
    elsewhere = app.test_client()  # another device, logged in before the reset
    elsewhere.post("/login", data={"username": "jokafor", "password": factories.PASSWORD})
    client.submit("/password/forgot", {"email": "jane@example.org"})
    [message] = deliver(smtp_server)
    path = link_in(message, RESET_LINK)

    form_page = client.get(path)
    assert form_page.status_code == 200
    assert "jokafor" in text(form_page)
    response = client.submit(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Your password has been changed." in text(client.get("/"))
    assert is_logged_in(client)
    assert not is_logged_in(elsewhere)  # every other session ended with the old password
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)
    again = new_visitor(app).get(path)
    assert again.status_code == 410
    assert "This password reset link has already been used" in text(again)
    assert 'name="password"' not in again.get_data(as_text=True)


def test_reset_form_errors_are_shown_next_to_the_field_and_the_link_still_works(client):
    user = factories.make_user()
    path = f"/password/reset/{reset_token(user)}"

    response = client.submit(path, {"password": "short", "confirm": "short"})

    assert response.status_code == 200
    assert page(response).errors == {"password": "Use at least 10 characters."}
    mismatch = client.submit(path, {"password": NEW_PASSWORD, "confirm": "something-else-1"})
    assert page(mismatch).errors == {"confirm": "The passwords do not match."}
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)
    assert (
        client.submit(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    )


@pytest.mark.parametrize(
    ("token", "status", "message"),
    [
        ("not-a-token", 404, "This password reset link is not valid."),
        ("x" * 2000, 404, "This password reset link is not valid."),
        ("expired", 410, "This password reset link has expired: links work for one hour."),
    ],
)
def test_unusable_reset_links_get_a_clear_page_offering_a_new_one(
    client, monkeypatch, token, status, message
):
    if token == "expired":
        at_time(monkeypatch, 2 * 60 * 60)
        token = reset_token(factories.make_user())
        monkeypatch.undo()

    response = client.get(f"/password/reset/{token}")

    assert response.status_code == status
    assert message in text(response)
    assert '<a class="button" href="/password/forgot">Ask for a new link</a>' in text(response)
    posted = client.post(f"/password/reset/{token}", data={"password": "x"})
    assert posted.status_code in (400, status)  # the CSRF check comes first; never a 500


# --- pages: verification -------------------------------------------------------------------------


def test_registering_with_verification_on_leads_to_the_notice_and_the_mailed_link_confirms(
    app, client, verification, smtp_server
):
    response = client.submit("/register", registration())

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/verify"
    notice = client.get("/account/verify")
    assert "We sent a link to jane.okafor@example.org ." in words(notice)
    [message] = deliver(smtp_server)
    path = link_in(message, VERIFY_LINK)

    confirm_page = client.get(path)
    assert "Confirm my email address" in text(confirm_page)
    user = db.session.scalar(select(User).where(User.username == "jokafor"))
    assert user.email_verified_at is None  # opening the link writes nothing
    confirmed = client.submit(path)

    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/"
    assert "your email address is confirmed" in text(client.get("/"))
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is not None


def test_registering_with_verification_off_goes_straight_in(client, smtp_server):
    response = client.submit("/register", registration())

    assert response.headers["Location"] == "/"
    assert db.session.scalar(select(User.email_verified_at)) is not None
    assert outbox_count() == 0


def test_logging_in_unconfirmed_shows_the_notice_keeping_where_it_was_going(client, auth):
    factories.make_user(username="newbie", email="newbie@example.org", email_verified_at=None)

    response = client.submit(
        "/login?next=/topics", {"username": "newbie", "password": factories.PASSWORD}
    )

    assert response.headers["Location"] == "/account/verify?next=/topics"
    notice = client.get("/account/verify?next=/topics")
    assert "We sent a link to newbie@example.org ." in words(notice)
    assert '<a href="/topics">Continue reading</a>' in notice.get_data(as_text=True)


def test_asking_for_the_confirmation_again_mails_it_and_then_answers_429(
    app, client, login, smtp_server
):
    app.config["RESET_LIMIT_PER_EMAIL"] = 1
    login(email_verified_at=None)

    first = client.submit("/account/verify")
    second = client.submit("/account/verify")

    assert first.status_code == 302
    assert second.status_code == 429
    assert "Too many emails were asked for just now." in text(second)
    assert len(deliver(smtp_server)) == 1


def test_the_notice_sends_confirmed_members_on(client, login):
    login()

    response = client.get("/account/verify")

    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("token", "status", "message"),
    [
        ("x", 404, "This confirmation link is not valid."),
        ("expired", 410, "This confirmation link has expired"),
    ],
)
def test_unusable_confirmation_links_get_a_clear_page(client, monkeypatch, token, status, message):
    user = factories.make_user(email_verified_at=None)
    if token == "expired":
        at_time(monkeypatch, 8 * 24 * 60 * 60)
        token = recovery._serializer("verify").dumps([user.id, recovery._email_digest(user.email)])
        monkeypatch.undo()

    response = client.get(f"/account/verify/{token}")

    assert response.status_code == status
    assert message in text(response)
    assert "Log in to ask for a new link" in text(response)


# --- unconfirmed members read but do not post ----------------------------------------------------
# The rule itself is permissions.can_post; these check what such a member meets.


@pytest.fixture
def unconfirmed(login):
    return login(email_verified_at=None)


def test_an_unconfirmed_member_can_read_a_thread(client, unconfirmed):
    thread = factories.make_thread(title="Sepsis bundles in the emergency department")

    response = client.get(f"/threads/{thread.id}")

    assert response.status_code == 200
    assert "Sepsis bundles in the emergency department" in text(response)


def test_an_unconfirmed_member_cannot_reply_and_is_told_why_keeping_the_text(client, unconfirmed):
    thread = factories.make_thread()

    response = client.submit(
        f"/threads/{thread.id}/reply",
        {"body": "My unconfirmed reply", "submit": "Post"},
        form_url=f"/threads/{thread.id}/reply",
    )

    assert response.status_code == 403
    assert page(response).errors["body"].startswith(UNVERIFIED)
    assert "My unconfirmed reply</textarea>" in response.get_data(as_text=True)
    assert db.session.get(Thread, thread.id).post_count == 1


def test_an_unconfirmed_member_cannot_start_a_thread_and_is_told_why(client, unconfirmed):
    specialty, topic = factories.make_specialty(), factories.make_topic()

    response = client.submit(
        "/threads/new",
        {
            "title": "Wearable patches for post-discharge monitoring",
            "kind": "discussion",
            "specialty": str(specialty.id),
            "topics": [str(topic.id)],
            "body": "Has anyone tried them?",
            "submit": "Post thread",
        },
    )

    assert response.status_code == 403
    assert page(response).errors["body"].startswith(UNVERIFIED)
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0


def test_once_confirmed_the_member_can_post(client, unconfirmed):
    thread = factories.make_thread()
    token = recovery._serializer("verify").dumps(
        [unconfirmed.id, recovery._email_digest(unconfirmed.email)]
    )
    client.submit(f"/account/verify/{token}")
    g.pop("_login_user", None)  # the pushed app context keeps Flask-Login's cached user

    response = client.submit(
        f"/threads/{thread.id}/reply",
        {"body": "Now confirmed", "submit": "Post"},
        form_url=f"/threads/{thread.id}/reply",
    )

    assert response.status_code == 302
    assert db.session.get(Thread, thread.id).post_count == 2
