"""Feeds are read as a guest whoever asks: nothing deleted, hidden or private, ever."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import g

from forum.extensions import db
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from tests.conftest import AuthActions, FormClient
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user, nth_post
from tests.feeds.atom_check import entries, parse, text

NOW = datetime(2026, 12, 1, tzinfo=UTC)
# Words that appear only in what must stay unseen, so any leak is found by text.
SECRETS = {
    "hidden reply": "quokkahidden",
    "deleted reply": "numbatdeleted",
    "hidden opening post": "bilbyhidden",
    "deleted thread": "wombatdeleted",
    "private thread": "platypusprivate",
}


def _hide(post, by) -> None:
    post.hidden_at, post.hidden_by_id, post.hidden_reason = NOW, by.id, "Identifies a patient"
    db.session.commit()


@pytest.fixture
def world(app):
    cardiology = make_specialty("Cardiology", slug="cardiology")
    topic = make_topic("Anticoagulation", slug="anticoagulation")
    author, replier, insider = make_user(), make_user(), make_user(username="insider")
    moderator = make_user(username="sitemod", role="moderator")

    public = make_thread(author, cardiology, [topic], title="Public anticoagulation question")
    make_post(public, replier, "A visible reply.")
    _hide(make_post(public, replier, f"A {SECRETS['hidden reply']} reply."), moderator)
    deleted_reply = make_post(public, replier, f"A {SECRETS['deleted reply']} reply.")
    threads.delete_post(replier, threads.get_post(replier, deleted_reply.id))

    quiet = make_thread(
        author, cardiology, [topic], title="A thread whose opening post was hidden",
        body=f"Opening with a {SECRETS['hidden opening post']} identifier.",
    )  # fmt: skip
    _hide(nth_post(quiet, 1), moderator)
    make_post(quiet, replier, "A reply to a hidden question.")

    word = SECRETS["deleted thread"]
    deleted = make_thread(author, cardiology, [topic], title=f"A {word} thread", body=word)
    threads.delete_post(author, threads.get_post(author, nth_post(deleted, 1).id))

    word = SECRETS["private thread"]
    private = make_thread(insider, cardiology, [topic], title=f"A {word} thread", body=word)
    space = Space(name="Mentorship of insider")
    space.members = [SpaceMember(user_id=insider.id)]
    db.session.add(space)
    db.session.flush()
    private.space_id = space.id
    db.session.commit()
    return {
        "public": public.id,
        "quiet": quiet.id,
        "deleted": deleted.id,
        "private": private.id,
        "insider": insider,
        "moderator": moderator,
        "admin": make_user(username="boss", role="admin"),
    }


def _clients(app, world):
    """A client for a guest and for each viewer who may see more on the pages."""
    app.test_client_class = FormClient
    for viewer in ("guest", "insider", "moderator", "admin"):
        for name in list(g):  # Flask-Login caches the user in the shared app context
            g.pop(name)
        client = app.test_client()
        if viewer != "guest":
            assert AuthActions(client).login(world[viewer].username).status_code == 302
        yield viewer, client


def test_no_feed_holds_anything_a_guest_may_not_read(app, world):
    urls = [
        "/feeds/latest.atom",
        "/feeds/specialties/cardiology.atom",
        "/feeds/topics/anticoagulation.atom",
        f"/feeds/threads/{world['public']}.atom",
        f"/feeds/threads/{world['quiet']}.atom",
    ]
    for viewer, client in _clients(app, world):
        for url in urls:
            xml = parse(client.get(url))  # valid Atom, for everyone
            body = client.get(url).get_data(as_text=True)
            for what, word in SECRETS.items():
                assert word not in body, f"{viewer} found the {what} in {url}"
            assert entries(xml), url


def test_a_thread_with_a_hidden_opening_post_is_listed_without_its_text(client, world):
    feed = parse(client.get("/feeds/specialties/cardiology.atom"))
    (quiet,) = [e for e in entries(feed) if text(e, "id").endswith(f"/threads/{world['quiet']}")]
    assert text(quiet, "summary") is None
    posts = entries(parse(client.get(f"/feeds/threads/{world['quiet']}.atom")))
    assert [text(e, "title") for e in posts] == ["Re: A thread whose opening post was hidden"]


def test_the_feed_of_a_thread_a_guest_may_not_see_answers_404_to_everyone(app, world):
    for viewer, client in _clients(app, world):
        for state in ("deleted", "private"):
            response = client.get(f"/feeds/threads/{world[state]}.atom")
            assert response.status_code == 404, (viewer, state)
            assert SECRETS[f"{state} thread"] not in response.get_data(as_text=True)


def test_the_thread_feed_leaves_out_deleted_and_hidden_replies(client, world):
    posts = entries(parse(client.get(f"/feeds/threads/{world['public']}.atom")))
    bodies = [e.find("{*}content").text for e in posts]
    assert bodies == [
        "<p>A visible reply.</p>",
        "<p>Opening post with <strong>Markdown</strong>.</p>",
    ]
