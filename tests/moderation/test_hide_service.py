"""Hiding a post: its counters, its audit entry and the notice to its author commit
together with it, and the rule still shows it to its moderators only."""

import pytest
from sqlalchemy import select

from forum import visibility
from forum.auth.models import ModeratorScope
from forum.exceptions import Invalid, NotAllowed
from forum.extensions import db
from forum.moderation import posts
from forum.moderation.models import AuditEntry
from forum.notifications.models import Notification
from forum.taxonomy.models import Specialty
from forum.threads import service
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_specialty, make_thread, make_user


@pytest.fixture
def scene(app):
    cardiology = make_specialty("Cardiology")
    author = make_user(username="author")
    moderator = make_user(username="cardio_mod")
    db.session.add(ModeratorScope(user_id=moderator.id, specialty_id=cardiology.id))
    thread = make_thread(specialty=cardiology)
    reply = make_post(thread, author, "Call me on my mobile about this.")
    db.session.commit()
    return thread, reply, author, moderator


def _counts(thread):
    db.session.expire_all()
    thread = db.session.get(Thread, thread.id)
    return thread.reply_count, db.session.get(Specialty, thread.specialty_id).post_count


def test_hiding_moves_counters_writes_the_audit_entry_and_tells_the_author(scene):
    thread, reply, author, moderator = scene
    replies, posts_before = _counts(thread)
    post = service.get_post(moderator, reply.id)
    posts.hide_post(moderator, post, "  Shares a phone number  ")
    assert _counts(thread) == (replies - 1, posts_before - 1)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.target_id, entry.reason, entry.actor_name) == (
        "post.hide",
        reply.id,
        "Shares a phone number",
        "cardio_mod",
    )
    notice = db.session.scalars(select(Notification).where(Notification.user_id == author.id)).one()
    assert "Shares a phone number" in notice.message and notice.link == f"/posts/{reply.id}"
    hidden = service.get_post(moderator, reply.id)
    assert visibility.can_read_post(moderator, hidden) is True
    assert visibility.can_read_post(author, hidden) is False
    assert visibility.can_see_hidden_reason(author, hidden) is True

    posts.unhide_post(moderator, service.get_post(moderator, reply.id))
    assert _counts(thread) == (replies, posts_before)
    assert [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
        "post.hide",
        "post.unhide",
    ]


def test_hiding_needs_a_reason_and_the_threads_moderator(scene):
    thread, reply, author, moderator = scene
    with pytest.raises(Invalid):
        posts.hide_post(moderator, service.get_post(moderator, reply.id), "   ")
    outsider = make_user(username="bystander")
    with pytest.raises(NotAllowed):
        posts.hide_post(outsider, service.get_post(outsider, reply.id), "Because")
    assert db.session.scalars(select(AuditEntry)).first() is None
    db.session.expire_all()
    assert db.session.get(Post, reply.id).hidden_at is None


def test_restoring_takes_an_optional_reason_of_at_most_500_characters(scene):
    thread, reply, author, moderator = scene
    posts.hide_post(moderator, service.get_post(moderator, reply.id), "Shares a phone number")
    with pytest.raises(Invalid):
        posts.unhide_post(moderator, service.get_post(moderator, reply.id), "x" * 501)
    db.session.expire_all()
    assert db.session.get(Post, reply.id).hidden_at is not None
    posts.unhide_post(moderator, service.get_post(moderator, reply.id), "  Number removed  ")
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.reason, entry.before) == (
        "post.unhide",
        "Number removed",
        {"hidden_reason": "Shares a phone number"},
    )
    assert _counts(thread) == (1, 2)
    hidden, restored = db.session.scalars(
        select(Notification.message)
        .where(Notification.user_id == author.id, Notification.kind == "moderation")
        .order_by(Notification.id)
    )
    assert "was hidden by a moderator. Reason: Shares a phone number" in hidden
    assert restored.endswith("is visible again: a moderator restored it. Reason: Number removed")
