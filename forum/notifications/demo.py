"""Demo watches and notifications, so that `make run` shows a mentor with unread ones.

Called by `flask seed-demo` after the threads (and the answers' accepted answers and
helpful marks) are written and back-dated. Posting already set the posters' watches and
queued the events; this adds a few chosen levels, fans the events out at once, and
dates the notifications like the posts they are about.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from forum.answers.models import AcceptedAnswer, HelpfulMark
from forum.auth.service import find_user
from forum.dbtypes import utcnow
from forum.exceptions import NotFound
from forum.extensions import db
from forum.notifications import fanout, service
from forum.notifications.models import Notification
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import Post

# (username, target kind, slug, level)
WATCHES = [
    ("rohan_patel", "topic", "ai-diagnostics", "watching"),
    ("lena_hoffmann", "specialty", "cardiology", "watching"),
    ("mei_chen", "topic", "liquid-biopsy", "watching"),
    ("kwame_asante", "topic", "careers-innovation", "muted"),
]
SHOWCASE = "rohan_patel"  # the mentor README names: keeps a few unread
SHOWCASE_UNREAD = 4
READ_AFTER = timedelta(days=2)  # older notifications count as read, as they would by now


def seed_demo() -> dict[str, int]:
    """Add the demo watches, fan out what posting queued and date it; safe to run again
    (levels are set, not added; events are fanned out once)."""
    watches = _watch()
    made = fanout.drain()
    _date_and_read()
    return {"watches": watches, "notifications": made}


def _watch() -> int:
    set_ = 0
    for username, kind, slug, level in WATCHES:
        user = find_user(username)
        model = Specialty if kind == "specialty" else ResearchTopic
        target = db.session.scalar(select(model).where(model.slug == slug))
        if user is None or target is None:
            continue  # demo data changed: leave this one out
        try:
            service.set_watch(user, kind, target.id, level)
        except NotFound:
            continue
        set_ += 1
    return set_


def _date_and_read() -> None:
    now = utcnow()
    notifications = Notification.__table__
    about = select(Post.created_at).where(Post.id == notifications.c.post_id).scalar_subquery()
    # The fan-out ran after every post was written, so a poster's watch (set by their
    # first post in a thread) also caught the posts before it: drop those.
    first_own = (
        select(func.min(Post.created_at))
        .where(
            Post.thread_id == notifications.c.thread_id,
            Post.author_id == notifications.c.user_id,
        )
        .scalar_subquery()
    )
    db.session.execute(
        notifications.delete().where(notifications.c.kind == "watched", about < first_own)
    )
    accepted = (
        select(AcceptedAnswer.accepted_at)
        .where(AcceptedAnswer.post_id == notifications.c.post_id)
        .scalar_subquery()
    )
    marked = (
        select(func.max(HelpfulMark.created_at))
        .where(HelpfulMark.post_id == notifications.c.post_id)
        .scalar_subquery()
    )
    for kinds, moment in (
        (("mention", "reply", "watched", "new_question"), about),
        (("accepted",), func.coalesce(accepted, about)),
        (("helpful",), func.coalesce(marked, about)),
    ):
        db.session.execute(
            notifications.update().where(notifications.c.kind.in_(kinds)).values(created_at=moment)
        )
    # Read by now, except the newest few; and none of them is mailed: they are history.
    db.session.execute(
        notifications.update()
        .where(notifications.c.created_at < now - READ_AFTER, notifications.c.read_at.is_(None))
        .values(read_at=notifications.c.created_at)
    )
    db.session.execute(
        notifications.update().where(notifications.c.emailed_at.is_(None)).values(emailed_at=now)
    )
    showcase = find_user(SHOWCASE)
    if showcase is not None:
        newest = notifications.alias("newest")
        latest = (
            select(newest.c.id)
            .where(newest.c.user_id == showcase.id)
            .order_by(newest.c.created_at.desc(), newest.c.id.desc())
            .limit(SHOWCASE_UNREAD)
        )
        db.session.execute(
            notifications.update()
            .where(notifications.c.id.in_(latest.scalar_subquery()))
            .values(read_at=None)
        )
    db.session.commit()
