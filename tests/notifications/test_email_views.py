"""The email settings page and the unsubscribe links, through HTTP with CSRF on."""

from __future__ import annotations

import re

import pytest
from flask import g
from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from forum.extensions import db
from forum.notifications import email, email_preferences, unsubscribe
from forum.notifications.models import KINDS, EmailPreference
from tests import factories
from tests.notifications.emailing import deliver, notify, outbox, unsubscribe_url, wire

SETTINGS = "/account/email-notifications"
ALL_DEFAULTS = {
    "reply": "immediately",
    "mention": "immediately",
    "accepted": "immediately",
    "watched": "digest",
    "helpful": "digest",
    "new_question": "digest",
    "moderation": "immediately",  # notices (forum/notifications/notices.py)
    "mentorship": "immediately",
}


@pytest.fixture(autouse=True)
def _wired(app):
    wire(app)


def checked(html: str, kind: str) -> str | None:
    """The value of the checked radio button of `kind` on the page."""
    for tag in re.findall(rf'<input[^>]*name="{kind}"[^>]*>', html):
        if " checked" in tag:
            return re.search(r'value="([^"]+)"', tag).group(1)
    return None


def fresh_request() -> None:
    """Requests share the test's app context, where Flask-Login and the header cache what
    they loaded: start a measured request clean, as a real one starts."""
    for name in list(g):
        g.pop(name)
    db.session.expire_all()


def stored(user) -> dict[str, str]:
    db.session.expire_all()
    return dict(
        db.session.execute(
            select(EmailPreference.kind, EmailPreference.cadence).where(
                EmailPreference.user_id == user.id
            )
        ).all()
    )


# --- the settings page ---------------------------------------------------------------------------


def test_the_settings_page_needs_a_login(client):
    response = client.get(SETTINGS)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_settings_page_shows_each_kinds_cadence_and_saves_the_choices(client, login):
    member = login()

    page = client.get(SETTINGS).get_data(as_text=True)

    assert {kind: checked(page, kind) for kind in KINDS} == ALL_DEFAULTS
    assert "Replies to your posts" in page and "In the daily digest" in page
    assert "Messages from moderators" in page  # the notices' kind, immediately by default
    assert "This forum is not sending email at the moment" in page  # no MAIL_SERVER here

    choices = dict(ALL_DEFAULTS, reply="digest", watched="never", helpful="immediately")
    response = client.submit(SETTINGS, choices)

    assert response.status_code == 302 and response.headers["Location"].endswith(SETTINGS)
    again = client.get(SETTINGS).get_data(as_text=True)
    assert "Your email settings are saved." in again
    assert {kind: checked(again, kind) for kind in KINDS} == choices
    assert email_preferences.cadences_for(member) == choices


def test_messages_from_moderators_have_their_own_choice(client, login):
    member = login()
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "<legend>Messages from moderators</legend>" in page
    assert checked(page, "moderation") == "immediately"

    client.submit(SETTINGS, dict(ALL_DEFAULTS, moderation="digest"))

    assert stored(member) == dict(ALL_DEFAULTS, moderation="digest")
    assert checked(client.get(SETTINGS).get_data(as_text=True), "moderation") == "digest"


def test_a_bad_choice_is_shown_next_to_its_field_and_the_rest_is_kept(client, login):
    member = login()

    response = client.submit(SETTINGS, dict(ALL_DEFAULTS, reply="sometimes", watched="never"))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(
        r'<p class="error" id="reply-error">Choose immediately, in the daily digest, or never.</p>',
        html,
    )
    assert 'aria-describedby="reply-error"' in html
    assert checked(html, "watched") == "never"  # what was chosen stays chosen
    assert stored(member) == {}


def test_a_missing_choice_is_refused_too(client, login):
    member = login()
    choices = dict(ALL_DEFAULTS)
    del choices["mention"]

    html = client.submit(SETTINGS, choices).get_data(as_text=True)

    assert 'id="mention-error"' in html
    assert stored(member) == {}


def test_the_settings_form_refuses_a_post_without_csrf_token(client, login):
    member = login()

    response = client.post(SETTINGS, data=dict(ALL_DEFAULTS, reply="never"))

    assert response.status_code == 400
    assert stored(member) == {}


def test_the_settings_page_costs_the_same_queries_whatever_is_stored(client, login, count_queries):
    member = login()
    fresh_request()
    with count_queries() as none_stored:
        assert client.get(SETTINGS).status_code == 200

    email_preferences.set_cadences(member, dict.fromkeys(KINDS, "never"))
    other = factories.make_user(role="moderator")  # no posting rate limit
    thread = factories.make_thread(other)
    for n in range(30):
        notify(member, "watched", factories.make_post(thread, other, f"Reply {n}."), other)
    fresh_request()
    with count_queries() as all_stored:
        assert client.get(SETTINGS).status_code == 200

    assert len(all_stored) == len(none_stored)
    # The signed-in user and its scopes, the stored choices, and what the header shows.
    assert len(none_stored) <= 4, none_stored


# --- unsubscribe links ---------------------------------------------------------------------------


@pytest.fixture
def reply_email(app, smtp_server):
    """Alice was emailed at once about Bob's reply; returns (alice, bob, thread, message)."""
    alice = factories.make_user(username="alice")
    bob = factories.make_user(username="bob", display_name="Dr Bob")
    thread = factories.make_thread(alice, title="Anticoagulation after ablation")
    reply = factories.make_post(thread, bob, "Three months.")
    notify(alice, "reply", reply, bob)
    email.send_immediate()
    deliver()
    [message] = smtp_server.messages
    return alice, bob, thread, message


def test_the_unsubscribe_link_works_without_logging_in(app, reply_email, smtp_server):
    alice, bob, thread, message = reply_email
    url = unsubscribe_url(message)
    stranger = app.test_client()  # a browser with no session: the link is all it has

    confirm = stranger.get(url)

    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Stop these emails?" in page and "Replies to your posts" in page
    path = url.removeprefix("http://rounds.test")
    assert f'<form method="post" action="{path}">' in page
    assert email_preferences.cadences_for(alice)["reply"] == "immediately"  # GET changes nothing

    done = stranger.post(url, data={"List-Unsubscribe": "One-Click"})  # RFC 8058, no token

    assert done.status_code == 200
    assert "You are unsubscribed" in done.get_data(as_text=True)
    assert email_preferences.cadences_for(alice)["reply"] == "never"
    notify(alice, "reply", factories.make_post(thread, bob, "And a follow-up."), bob)
    assert email.send_immediate() == 0
    deliver()
    assert len(smtp_server.messages) == 1  # the second reply was not emailed
    assert len(outbox()) == 1


def test_unsubscribing_twice_is_harmless(app, reply_email):
    alice, _bob, _thread, message = reply_email
    url = unsubscribe_url(message)

    first = app.test_client().post(url)
    second = app.test_client().post(url)

    assert (first.status_code, second.status_code) == (200, 200)
    assert stored(alice) == {"reply": "never"}


def test_the_digest_link_stops_every_kind_in_the_digest(app, client, login):
    member = factories.make_user()
    email_preferences.set_cadences(member, {"reply": "digest"})
    token = unsubscribe.make_token(member.id, "digest")

    page = client.get(f"/unsubscribe/{token}").get_data(as_text=True)
    assert "Stop the digest emails?" in page
    assert "New posts in threads you watch" in page and "Replies to your posts" in page
    assert "Mentions of your username" not in page
    done = client.post(f"/unsubscribe/{token}")

    assert done.status_code == 200
    assert email_preferences.cadences_for(member) == dict(
        ALL_DEFAULTS, reply="never", watched="never", helpful="never", new_question="never"
    )
    assert "there is nothing to stop" in client.get(f"/unsubscribe/{token}").get_data(as_text=True)


def _forged(app, payload) -> str:
    return URLSafeSerializer(app.config["SECRET_KEY"], salt=unsubscribe.SALT).dumps(payload)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_that_is_not_ours_answers_404_and_changes_nothing(app, client, method):
    member = factories.make_user()
    good = unsubscribe.make_token(member.id, "reply")
    other_key = URLSafeSerializer("another-key", salt=unsubscribe.SALT).dumps([member.id, "reply"])
    payload, signature = good.rsplit(".", 1)
    bad_tokens = [
        "x",
        f"{payload}.{signature[:-2]}xx",  # signature altered
        other_key,  # signed with another key
        _forged(app, [member.id, "everything"]),  # no such kind
        _forged(app, [999999, "reply"]),  # no such member
        _forged(app, {"user": member.id}),
        "a" * 500,
    ]

    for token in bad_tokens:
        response = getattr(client, method)(f"/unsubscribe/{token}")
        assert response.status_code == 404, token
        assert unsubscribe.BAD_LINK in response.get_data(as_text=True)

    assert stored(member) == {}


def test_the_unsubscribe_pages_cost_the_same_queries_whatever_is_stored(app, count_queries):
    member = factories.make_user()
    token = unsubscribe.make_token(member.id, "digest")
    db.session.remove()
    with count_queries() as none_stored:
        assert app.test_client().get(f"/unsubscribe/{token}").status_code == 200

    email_preferences.set_cadences(member, dict.fromkeys(KINDS, "digest"))
    db.session.remove()
    with count_queries() as all_stored:
        assert app.test_client().get(f"/unsubscribe/{token}").status_code == 200

    assert len(all_stored) == len(none_stored) <= 3
