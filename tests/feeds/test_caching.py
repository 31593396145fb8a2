"""Conditional GETs, caching headers and cookies: feed readers poll, caches keep copies."""

from __future__ import annotations

import pytest
from flask import g

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.threads import service as threads
from tests.factories import (
    PASSWORD,
    make_post,
    make_specialty,
    make_thread,
    make_topic,
    make_user,
    nth_post,
)
from tests.feeds.atom_check import parse


@pytest.fixture
def urls(app):
    specialty = make_specialty(slug="cardiology")
    topic = make_topic(slug="imaging")
    thread = make_thread(make_user(), specialty, [topic], replies=2)
    return [
        "/feeds/latest.atom",
        "/feeds/specialties/cardiology.atom",
        "/feeds/topics/imaging.atom",
        f"/feeds/threads/{thread.id}.atom",
    ]


def test_a_current_etag_gets_304_with_no_body(client, urls):
    for url in urls:
        first = client.get(url)
        parse(first)
        etag = first.headers["ETag"]
        assert first.headers["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
        for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            again = client.get(url, headers={"If-None-Match": sent})
            assert again.status_code == 304, (url, sent)
            assert again.data == b""
            assert again.headers["ETag"] == etag
            assert "public" in again.headers["Cache-Control"]
        assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_nothing_changed_means_the_same_etag_and_bytes(client, urls):
    for url in urls:
        first, second = client.get(url), client.get(url)
        assert first.headers["ETag"] == second.headers["ETag"]
        assert first.data == second.data


def test_if_modified_since_alone_gets_the_whole_feed(client, urls):
    """No Last-Modified is sent: a retitle, a deletion or a hidden post changes a feed
    without a later timestamp, so only the ETag can tell a reader its copy is stale."""
    for url in urls:
        response = client.get(url, headers={"If-Modified-Since": "Sun, 06 Nov 2101 08:49:37 GMT"})
        assert response.status_code == 200 and "Last-Modified" not in response.headers


def _etag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


def test_the_etag_changes_with_every_change_the_feed_shows(client):
    specialty = make_specialty(slug="neuro")
    author, replier = make_user(), make_user()
    thread = make_thread(author, specialty, title="Thrombectomy window")
    reply = make_post(thread, replier, "Up to 24 hours.")
    thread_feed, list_feed = f"/feeds/threads/{thread.id}.atom", "/feeds/specialties/neuro.atom"

    def changes(url: str, change) -> None:
        before = _etag(client, url)
        change()
        db.session.commit()
        assert client.get(url, headers={"If-None-Match": before}).status_code == 200
        assert _etag(client, url) != before

    changes(thread_feed, lambda: make_post(thread, make_user(), "Another reply."))
    changes(thread_feed, lambda: threads.edit_post(replier, reply, "Up to 24 hours, selected."))
    opening = nth_post(thread, 1)
    retitle = "Thrombectomy window in wake-up strokes"
    changes(list_feed, lambda: threads.edit_post(author, opening, opening.body_md, title=retitle))
    changes(thread_feed, lambda: setattr(reply, "hidden_at", utcnow()))
    changes(thread_feed, lambda: setattr(reply, "hidden_at", None))  # un-hidden: back in
    changes(thread_feed, lambda: threads.delete_post(replier, threads.get_post(replier, reply.id)))
    other = nth_post(make_thread(author, specialty), 1)
    changes(list_feed, lambda: threads.delete_post(author, threads.get_post(author, other.id)))
    changes(list_feed, lambda: setattr(db.session.get(User, author.id), "display_name", "Dr New"))


def _no_cookie(response) -> None:
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_feeds_set_no_cookie_and_are_the_same_for_everyone(app, client, urls):
    guest = {url: client.get(url) for url in urls}
    for response in guest.values():
        _no_cookie(response)
    # Signed in, and remembered: a browser that kept only the remember-me cookie would
    # get a new session (and a cookie) from any request that loaded the user.
    user = make_user(role="moderator")
    form = {"username": user.username, "password": PASSWORD, "remember": "y"}
    assert client.submit("/login", form).status_code == 302
    for url in urls:
        signed_in = client.get(url)
        _no_cookie(signed_in)
        assert signed_in.data == guest[url].data
    client.delete_cookie("session", domain=app.config["SERVER_NAME"])
    assert client.get_cookie("remember_token", domain=app.config["SERVER_NAME"])
    for name in list(g):  # Flask-Login caches the user in the test's shared app context
        g.pop(name)
    for url in urls:
        _no_cookie(client.get(url))
