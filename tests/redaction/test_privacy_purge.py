"""A post hidden over a privacy concern leaves the search index's files (not only its
results), every stored mail, the feeds and the notification lists: against a real
Whoosh index, real notification mail and a real SMTP server."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import effects
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mail.models import OutgoingMail
from forum.mail.service import send_pending
from forum.notifications import email
from forum.notifications.models import Notification
from forum.search import results
from forum.search import service as search
from forum.search.index import Filters
from forum.search.models import SearchChange
from forum.threads import service as threads
from tests.notifications.emailing import html_of, notify, text_of, wire
from tests.redaction import scene as world
from tests.redaction.scene import INDEXED, NAME, RECORD, flag, index_bytes

DAY = timedelta(days=1)


@pytest.fixture
def scene(app):
    wire(app)
    app.config["MAIL_FROM"] = "Rounds <no-reply@rounds.test>"
    return world.build()


def _hits(words: str) -> list[int]:
    return [row.post.id for row in results.search_page(words, Filters()).rows]


# ---- search ----------------------------------------------------------------------------


def test_the_hidden_text_leaves_the_index_files_not_just_the_results(scene):
    search.sync()
    assert _hits("vasquez") == [scene.reply.id]
    assert results.search_page("vasquex", Filters(), as_typed=True).suggestion == "vasquez"
    assert all(word in index_bytes() for word in INDEXED)  # the test can see the words

    flag(scene.members[0], scene.reply)
    purges = db.session.scalars(select(SearchChange).where(SearchChange.purge)).all()
    assert [change.post_id for change in purges] == [scene.reply.id]
    search.sync()
    assert _hits("vasquez") == [] and _hits("course") == []
    # No "Did you mean" offers the patient's name back, and no file holds it.
    assert results.search_page("vasquex", Filters(), as_typed=True).suggestion is None
    stored = index_bytes()
    assert [word for word in INDEXED if word in stored] == []
    assert search.verify().clean
    # The thread's other posts are still found.
    assert _hits("experience") == [scene.thread.first_post_id]


def test_a_restored_post_is_found_again_with_its_new_text(scene):
    search.sync()
    flag(scene.members[0], scene.reply)
    threads.edit_post(scene.author, threads.get_post(scene.author, scene.reply.id), world.CLEAN)
    search.sync()
    assert _hits("course") == []  # edited while hidden: still out of the index
    from forum.moderation import posts

    posts.unhide_post(scene.moderator, threads.get_post(scene.moderator, scene.reply.id))
    search.sync()
    assert _hits("course") == [scene.reply.id]
    assert [word for word in INDEXED if word in index_bytes()] == []


# ---- mail ------------------------------------------------------------------------------


def test_a_notification_mail_waiting_to_be_sent_is_withdrawn(app, smtp_server, scene):
    notify(scene.asker, "reply", scene.reply, scene.author)
    assert email.send_immediate() == 1
    [waiting] = db.session.scalars(select(OutgoingMail)).all()
    assert NAME in waiting.text and NAME in waiting.html

    flag(scene.members[0], scene.reply)
    db.session.expire_all()
    assert db.session.scalars(select(OutgoingMail)).all() == []
    assert send_pending().sent == 0
    assert smtp_server.messages == []


def test_a_digest_waiting_to_be_sent_keeps_the_other_news_without_the_text(app, smtp_server, scene):
    other = world.post_over_the_guard(scene.thread, scene.members[3], "Beta blockers first.")
    start = utcnow() - 2 * DAY
    notify(scene.asker, "watched", other, scene.members[3], created_at=start)
    notify(scene.asker, "watched", scene.reply, scene.author, created_at=start)
    email.send_due_digests(utcnow())
    [digest] = db.session.scalars(select(OutgoingMail)).all()
    assert NAME in digest.text and RECORD in digest.html

    flag(scene.members[0], scene.reply)
    assert send_pending().sent == 1
    [message] = smtp_server.messages
    text, html = text_of(message), html_of(message)
    for words in (NAME, RECORD, "second course of ivabradine"):
        assert words not in text and words not in html
    assert "Beta blockers first." in text and "Beta blockers first." in html
    assert "withdrew this post's text" in text and "withdrew this post's text" in html
    assert f"http://rounds.test/posts/{scene.reply.id}" in text  # the entry itself stays
    assert world.tables_holding(NAME) == ["posts.body_md", "posts.body_html", "posts.body_text"]


def test_a_mail_a_sender_already_claimed_is_rewritten_and_its_claim_dropped(
    app, smtp_server, scene
):
    other = world.post_over_the_guard(scene.thread, scene.members[3], "Beta blockers first.")
    start = utcnow() - 2 * DAY
    notify(scene.asker, "watched", other, scene.members[3], created_at=start)
    notify(scene.asker, "watched", scene.reply, scene.author, created_at=start)
    email.send_due_digests(utcnow())
    [digest] = db.session.scalars(select(OutgoingMail)).all()
    digest.claim_token, digest.claimed_at = "another-sender", utcnow()
    db.session.commit()

    flag(scene.members[0], scene.reply)
    db.session.expire_all()
    digest = db.session.get(OutgoingMail, digest.id)
    assert (digest.claim_token, digest.claimed_at) == (None, None)
    assert NAME not in digest.text and "Beta blockers first." in digest.text


def test_mail_about_other_posts_is_left_alone(app, smtp_server, scene):
    other = world.post_over_the_guard(scene.thread, scene.members[3], "Beta blockers first.")
    notify(scene.asker, "reply", other, scene.members[3])
    email.send_immediate()
    before = [(m.id, m.text, m.html) for m in db.session.scalars(select(OutgoingMail))]
    flag(scene.members[0], scene.reply)
    db.session.expire_all()
    assert [(m.id, m.text, m.html) for m in db.session.scalars(select(OutgoingMail))] == before


# ---- feeds and notifications -----------------------------------------------------------


def test_no_feed_entry_shows_the_hidden_text(client, scene):
    feeds = (
        f"/feeds/threads/{scene.thread.id}.atom",
        "/feeds/latest.atom",
        "/feeds/specialties/cardiology.atom",
    )
    assert NAME in client.get(feeds[0]).get_data(as_text=True)  # before: it is there
    flag(scene.members[0], scene.reply)
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200
        assert NAME not in response.get_data(as_text=True)
        assert RECORD not in response.get_data(as_text=True)


def test_no_notification_list_or_mail_made_later_shows_the_hidden_text(
    app, client, auth, smtp_server, scene
):
    unread = notify(scene.asker, "reply", scene.reply, scene.author).id
    watcher = scene.members[2]
    seen = notify(watcher, "watched", scene.reply, scene.author, read_at=utcnow()).id
    auth.login(watcher.username)
    listed = client.get("/notifications").get_data(as_text=True)
    assert f"/notifications/{seen}/open" in listed  # before: listed (with no post text)
    assert NAME not in listed
    auth.logout()
    flag(scene.members[0], scene.reply)
    db.session.expire_all()
    assert db.session.get(Notification, unread) is None  # unread ones go
    assert db.session.get(Notification, seen) is not None  # read ones stay, unlisted
    for member in (scene.asker, watcher):
        auth.login(member.username)
        html = client.get("/notifications").get_data(as_text=True)
        assert NAME not in html and "second course" not in html
        assert f"/notifications/{seen}/open" not in html and f"/notifications/{unread}/" not in html
        auth.logout()
    # Mail made from now on: a reply in the thread is still mailed, the hidden post never.
    other = world.post_over_the_guard(scene.thread, scene.members[3], "Beta blockers first.")
    effects.run_now(["notifications"])
    email.send_immediate()
    email.send_due_digests(utcnow() + 2 * DAY, everyone=True)
    send_pending()
    assert smtp_server.messages
    assert any(f"/posts/{other.id}" in text_of(message) for message in smtp_server.messages)
    for message in smtp_server.messages:
        assert NAME not in text_of(message) and NAME not in html_of(message)
        # Its author's notice links to the edit page; nothing else leads to the post.
        assert not re.search(rf"/posts/{scene.reply.id}(?![\w/])", text_of(message))
    notices = [m for m in smtp_server.messages if f"/posts/{scene.reply.id}/edit" in text_of(m)]
    assert [m["To"] for m in notices] == [scene.author.email]
