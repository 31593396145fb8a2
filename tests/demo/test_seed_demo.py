"""flask --app forum seed-demo fills an empty database once, consistently."""

from sqlalchemy import func, select

from forum import visibility
from forum.auth.models import User
from forum.extensions import db
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import Post, Thread, thread_topics


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_fills_an_empty_database_consistently(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "rounds-demo-password" in result.output

    assert _count(Specialty) >= 12
    assert _count(ResearchTopic) >= 20
    assert _count(Thread) >= 60
    assert _count(Post) > _count(Thread)  # threads have replies
    roles = set().union(*(user.roles for user in db.session.scalars(select(User))))
    assert roles == {"mentor", "moderator", "admin"}
    assert all(user.is_verified for user in db.session.scalars(select(User)))
    assert db.session.scalar(select(func.count()).where(Thread.is_pinned)) >= 1
    assert db.session.scalar(select(func.count()).where(Thread.is_locked)) >= 1
    assert db.session.scalar(select(func.count()).where(Thread.reply_count == 0)) >= 1

    # Every public thread has 1-5 topics (a mentorship's private conversation none),
    # and counters that match its posts.
    for thread in db.session.scalars(select(Thread)):
        topics = db.session.scalar(
            select(func.count()).where(thread_topics.c.thread_id == thread.id)
        )
        assert 1 <= topics <= 5 if thread.space_id is None else topics == 0
        posts = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).all()
        assert thread.post_count == len(posts)
        first = min(posts, key=lambda p: (p.created_at, p.id))
        # Replies a moderator hid (the demo's reports hide some) leave the count.
        readable = [p for p in posts if p.deleted_at is None and p.hidden_at is None]
        assert thread.reply_count == len([p for p in readable if p.id != first.id])
        assert thread.first_post_id == first.id
        assert thread.created_at == min(p.created_at for p in posts)
        assert thread.last_post_at == max(p.created_at for p in posts)
    for specialty in db.session.scalars(select(Specialty)):
        # A private space's threads and posts count on no public page.
        public = (Thread.specialty_id == specialty.id, Thread.space_id.is_(None))
        threads = db.session.scalar(select(func.count()).where(*public))
        posts = db.session.scalar(
            select(func.count())
            .select_from(Post)
            .join(Thread)
            .where(*public, visibility.readable_posts())
        )
        assert (specialty.thread_count, specialty.post_count) == (threads, posts)

    assert not any("<script" in html for html in db.session.scalars(select(Post.body_html)))
    ages = db.session.scalars(select(Thread.created_at)).all()
    assert (max(ages) - min(ages)).days >= 28  # spread over weeks, not all "just now"


def test_seed_demo_twice_adds_nothing(runner):
    runner.invoke(args=["seed-demo"])
    counts = [_count(m) for m in (User, Specialty, ResearchTopic, Thread, Post)]
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "left it unchanged" in result.output
    assert [_count(m) for m in (User, Specialty, ResearchTopic, Thread, Post)] == counts


def test_demo_users_can_log_in(runner, auth):
    runner.invoke(args=["seed-demo"])
    response = auth.login("rohan_patel", "rounds-demo-password")
    assert response.status_code == 302
