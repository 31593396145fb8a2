"""The demo content gains accepted answers and helpful marks, once however often it runs."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.answers import demo
from forum.answers.models import AcceptedAnswer, HelpfulCount, HelpfulMark
from forum.demo.cli import seed_demo as seed_demo_content
from forum.extensions import db
from forum.threads.models import Post, Thread


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_answers_are_added_once_and_follow_the_rules(app, client):
    seed_demo_content()
    added = demo.seed_demo()
    questions_with_replies = db.session.scalar(
        select(func.count()).where(Thread.kind == "question", Thread.reply_count > 0)
    )
    assert 0.4 * questions_with_replies <= added["accepted"] <= 0.9 * questions_with_replies
    assert added["accepted"] == _count(AcceptedAnswer)
    assert added["helpful"] == _count(HelpfulMark) > 100

    again = demo.seed_demo()
    assert again == {"accepted": 0, "helpful": 0}
    assert (_count(AcceptedAnswer), _count(HelpfulMark)) == (added["accepted"], added["helpful"])

    # Accepted answers are replies in questions, never by the asker; counts match the marks.
    for post, thread in db.session.execute(
        select(Post, Thread)
        .join(AcceptedAnswer, AcceptedAnswer.post_id == Post.id)
        .join(Thread, Thread.id == AcceptedAnswer.thread_id)
    ):
        assert post.thread_id == thread.id and thread.kind == "question"
        assert post.id != thread.first_post_id and post.author_id != thread.author_id
    marks = dict(
        db.session.execute(
            select(HelpfulMark.post_id, func.count()).group_by(HelpfulMark.post_id)
        ).all()
    )
    counts = dict(db.session.execute(select(HelpfulCount.post_id, HelpfulCount.count)).all())
    assert {post_id: n for post_id, n in counts.items() if n} == marks
    own = db.session.scalar(
        select(func.count())
        .select_from(HelpfulMark)
        .join(Post, Post.id == HelpfulMark.post_id)
        .where(Post.author_id == HelpfulMark.user_id)
    )
    assert own == 0

    # The home page shows solved threads.
    assert 'class="badge badge-solved">Solved' in client.get("/latest").get_data(as_text=True)
