"""The demo content gains watches and notifications: a mentor with unread ones."""

from datetime import timedelta

from sqlalchemy import func, select

from forum.auth.service import find_user
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.notifications import demo, queries
from forum.notifications.models import Notification, Watch
from forum.threads.models import Post


def test_the_demo_mentor_has_unread_notifications_dated_like_their_posts(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    added = demo.seed_demo()
    assert added["watches"] == len(demo.WATCHES)
    mentor = find_user(demo.SHOWCASE)
    assert queries.unread_count(mentor.id) >= 3
    kinds = set(
        db.session.scalars(select(Notification.kind).where(Notification.user_id == mentor.id))
    )
    assert {"new_question", "watched"} <= kinds
    # Dated like the posts they are about (the seed spreads those over weeks), all mailed.
    rows = db.session.execute(
        select(Notification.created_at, Post.created_at, Notification.emailed_at)
        .join(Post, Post.id == Notification.post_id)
        .where(Notification.kind.in_(("watched", "new_question", "reply", "mention")))
    ).all()
    assert rows and all(notified == posted for notified, posted, _ in rows)
    assert all(emailed is not None for *_, emailed in rows)
    assert utcnow() - min(notified for notified, *_ in rows) > timedelta(days=7)
    page = queries.notifications_page(mentor, 1)
    assert page.items and page.items[0].is_unread


def test_seeding_the_demo_notifications_twice_adds_nothing(runner):
    runner.invoke(args=["seed-demo"])
    demo.seed_demo()
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (Notification, Watch)]
    again = demo.seed_demo()
    assert again["notifications"] == 0
    assert [
        db.session.scalar(select(func.count()).select_from(m)) for m in (Notification, Watch)
    ] == counts
