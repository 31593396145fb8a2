"""Thread and post rules, called directly without HTTP."""

import pytest
from sqlalchemy import func, select, update

from forum.exceptions import Invalid, NotAllowed, RateLimited
from forum.extensions import db
from forum.search.models import SearchChange
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service
from forum.threads.models import Post, PostRevision, Thread, thread_topics
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user, nth_post


def _start(author, specialty, topics, **overrides):
    fields = dict(
        title="Validating an AI ECG model on a local cohort",
        specialty_id=specialty.id,
        topic_ids=[t.id for t in topics],
        kind="question",
        body="We have **120** labelled ECGs.",
    )
    fields.update(overrides)
    return service.start_thread(author, **fields)


def test_start_thread_stores_rendered_first_post_and_counters(app):
    author, specialty, topic = make_user(), make_specialty(), make_topic()
    thread = _start(author, specialty, [topic])
    post = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    assert thread.first_post_id == post.id
    assert post.body_html == "<p>We have <strong>120</strong> labelled ECGs.</p>"
    assert post.body_text == "We have 120 labelled ECGs."
    assert (thread.post_count, thread.reply_count) == (1, 0)
    db.session.refresh(specialty)
    db.session.refresh(topic)
    assert (specialty.thread_count, specialty.post_count) == (1, 1)
    assert specialty.last_activity_at is not None
    assert topic.thread_count == 1


def test_start_thread_collapses_whitespace_in_title_and_checks_its_length(app):
    author, specialty, topic = make_user(), make_specialty(), make_topic()
    thread = _start(author, specialty, [topic], title="  Stents   in\tdiabetics ok?  ")
    assert thread.title == "Stents in diabetics ok?"
    with pytest.raises(Invalid) as error:
        _start(author, specialty, [topic], title="   short   ")
    assert error.value.field == "title"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"kind": "poll"}, "kind"),
        ({"specialty_id": 9999}, "specialty"),
        ({"topic_ids": []}, "topics"),
        ({"topic_ids": [9999]}, "topics"),
    ],
)
def test_start_thread_rejects_unknown_choices(app, overrides, field):
    with pytest.raises(Invalid) as error:
        _start(make_user(), make_specialty(), [make_topic()], **overrides)
    assert error.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0


def test_start_thread_accepts_five_topics_but_not_six(app):
    author, specialty = make_user(), make_specialty()
    topics = [make_topic() for _ in range(6)]
    thread = _start(author, specialty, topics[:5])
    tagged = (
        select(func.count())
        .select_from(thread_topics)
        .where(thread_topics.c.thread_id == thread.id)
    )
    assert db.session.scalar(tagged) == 5
    with pytest.raises(Invalid):
        _start(author, specialty, topics)


def test_replies_follow_in_order_and_bump_counters(app):
    thread = make_thread()
    first = make_post(thread)
    second = make_post(thread)
    assert [nth_post(thread, n).id for n in (2, 3)] == [first.id, second.id]
    db.session.refresh(thread)
    assert (thread.post_count, thread.reply_count) == (3, 2)
    assert thread.last_poster_id == second.author_id
    specialty = db.session.get(Specialty, thread.specialty_id)
    assert specialty.post_count == 3


def test_locked_thread_refuses_reply_from_members_but_not_staff(app):
    thread = make_thread()
    service.set_thread_state(make_user(role="moderator"), thread, locked=True)
    with pytest.raises(NotAllowed, match="locked"):
        service.reply_to_thread(make_user(), thread, "Me too")
    post = service.reply_to_thread(make_user(role="moderator"), thread, "Locked for now.")
    assert nth_post(thread, 2).id == post.id


def test_only_staff_pin_and_lock(app):
    thread = make_thread()
    with pytest.raises(NotAllowed):
        service.set_thread_state(make_user(role="mentor"), thread, pinned=True)
    service.set_thread_state(make_user(role="admin"), thread, pinned=True)
    assert db.session.get(Thread, thread.id).is_pinned


def test_edit_keeps_previous_version_in_history(app):
    author = make_user()
    thread = make_thread(author, body="First version")
    post = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    post = service.get_post(None, post.id)
    service.edit_post(author, post, "Second *version*")
    post = service.get_post(None, post.id)
    service.edit_post(author, post, "Third version")
    post = service.get_post(None, post.id)
    assert post.body_md == "Third version"
    assert post.edit_count == 2 and post.edited_at is not None and post.edited_by_id == author.id
    revisions = db.session.scalars(
        select(PostRevision).where(PostRevision.post_id == post.id).order_by(PostRevision.number)
    ).all()
    assert [r.body_md for r in revisions] == ["First version", "Second *version*"]
    assert revisions[1].body_html == "<p>Second <em>version</em></p>"


def test_editing_someone_elses_post_is_refused(app):
    thread = make_thread()
    post = service.get_post(None, make_post(thread).id)
    with pytest.raises(NotAllowed):
        service.edit_post(make_user(), post, "hijack")
    with pytest.raises(NotAllowed):
        service.delete_post(make_user(role="mentor"), post)
    assert service.get_post(None, post.id).body_md == "A reply."


def test_moderator_may_edit_any_post(app):
    post = service.get_post(None, make_post(make_thread()).id)
    service.edit_post(make_user(role="moderator"), post, "Removed a patient identifier.")
    assert service.get_post(None, post.id).body_md == "Removed a patient identifier."


def test_delete_is_soft_and_leaves_counters_consistent(app):
    thread = make_thread()
    author = make_user()
    reply = service.get_post(None, make_post(thread, author).id)
    service.delete_post(author, reply)
    post = service.get_post(None, reply.id)
    assert post.is_deleted and post.deleted_by_id == author.id
    assert post.body_md == "A reply."  # kept for staff and audit, hidden from members
    db.session.refresh(thread)
    assert (thread.post_count, thread.reply_count) == (2, 0)
    assert db.session.get(Specialty, thread.specialty_id).post_count == 1
    with pytest.raises(NotAllowed):
        service.delete_post(author, service.get_post(None, reply.id))  # already deleted


def test_author_cannot_edit_in_locked_thread(app):
    author = make_user()
    thread = make_thread(author)
    service.set_thread_state(make_user(role="moderator"), thread, locked=True)
    post = service.get_post(None, nth_post(thread, 1).id)
    with pytest.raises(NotAllowed):
        service.edit_post(author, post, "changed")


def test_posting_too_fast_is_rate_limited(app):
    app.config.update(POST_LIMIT=3, POST_LIMIT_WINDOW=60)
    author = make_user()
    thread = make_thread(author)
    make_post(thread, author)
    make_post(thread, author)
    with pytest.raises(RateLimited) as error:
        make_post(thread, author)
    assert 1 <= error.value.retry_after <= 61
    assert db.session.get(Thread, thread.id).post_count == 3


def test_staff_are_not_rate_limited(app):
    app.config.update(POST_LIMIT=1)
    moderator = make_user(role="moderator")
    thread = make_thread(moderator)
    make_post(thread, moderator)
    assert db.session.get(Thread, thread.id).post_count == 2


def test_topic_counts_follow_new_threads(app):
    topic = make_topic()
    make_thread(topics=[topic])
    make_thread(topics=[topic])
    assert db.session.get(ResearchTopic, topic.id).thread_count == 2


def test_rerendering_fixes_posts_stored_by_an_older_renderer(app, runner):
    thread = make_thread(body="Check the **calibration**?")
    db.session.execute(
        update(Post)
        .where(Post.id == thread.first_post_id)
        .values(body_text="Check the calibration ?", body_html="<p>old</p>")
    )
    db.session.commit()
    result = runner.invoke(args=["rerender-posts", "--batch", "1"])
    assert result.exit_code == 0 and "1 changed" in result.output
    db.session.expire_all()
    post = db.session.get(Post, thread.first_post_id)
    assert post.body_text == "Check the calibration?"
    assert post.body_html == "<p>Check the <strong>calibration</strong>?</p>"
    assert db.session.scalar(
        select(func.count()).where(SearchChange.post_id == post.id)
    ) >= 2  # written, then rendered again
