"""Merging and splitting threads as services: posts keep their date order, the old
thread's number leads to the new one, counters, accepted answers, watches and
notifications follow, and who is refused how."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.answers import service as answers
from forum.answers.models import AcceptedAnswer
from forum.exceptions import Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.moderation import posts as hiding
from forum.moderation import thread_actions as actions
from forum.moderation import thread_surgery as surgery
from forum.moderation.models import ThreadRedirect
from forum.notifications import service as watching
from forum.notifications.models import Notification, Watch
from forum.spaces.models import Space
from forum.taxonomy.models import Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests.moderation import thread_scene
from tests.moderation.thread_scene import (
    age,
    audit_entries,
    counters_right,
    fresh_thread,
    posts_of,
    thread_as,
    thread_with_replies,
)


@pytest.fixture
def scene(app):
    return thread_scene.build()


# ---- merge -------------------------------------------------------------------------------


def _pair(scene, older_replies=2, newer_replies=2, **newer):
    """An older thread and a newer duplicate, each with replies, interleaved in time."""
    older = thread_with_replies(scene, older_replies, title="Apixaban in the very elderly")
    age(older, 3)
    duplicate = thread_with_replies(scene, newer_replies, title="Apixaban dosing over 90", **newer)
    age(duplicate, 2)
    return older, duplicate


def test_merging_moves_every_post_in_date_order_and_empties_the_old_thread(scene):
    older, duplicate = _pair(scene)
    later = thread_scene.make_post(older, scene.member, "A reply written after both.")
    expected = sorted(
        posts_of(older.id) + posts_of(duplicate.id), key=lambda p: (p.created_at, p.id)
    )
    surgery.merge_thread(
        scene.moderator,
        thread_as(scene.moderator, duplicate.id),
        thread_as(scene.moderator, older.id),
        reason="Duplicate",
    )
    merged = posts_of(older.id)
    assert [p.id for p in merged] == [p.id for p in expected]
    assert merged[0].id == older.first_post_id and merged[-1].id == later.id
    shell = fresh_thread(duplicate.id)
    assert shell.is_deleted and shell.first_post_id is None and shell.post_count == 0
    assert db.session.get(ThreadRedirect, duplicate.id).thread_id == older.id
    counters_right()
    (entry,) = audit_entries("thread.merge")
    assert (entry.target_id, entry.target_label, entry.reason) == (
        duplicate.id,
        "Apixaban dosing over 90",
        "Duplicate",
    )
    assert entry.before == {
        "thread_id": duplicate.id,
        "title": "Apixaban dosing over 90",
        "posts": 3,
    }
    assert entry.after == {"thread_id": older.id, "title": "Apixaban in the very elderly"}


def test_an_emptied_thread_is_not_found_even_by_its_moderators(scene):
    older, duplicate = _pair(scene)
    surgery.merge_thread(
        scene.staff, thread_as(scene.staff, duplicate.id), thread_as(scene.staff, older.id)
    )
    for viewer in (None, scene.member, scene.staff):
        with pytest.raises(NotFound):
            thread_as(viewer, duplicate.id)


def test_merging_across_specialties_moves_the_counts(scene):
    older = thread_with_replies(scene, 1, specialty=scene.oncology, topics=[scene.genomics])
    age(older, 3)
    newer = thread_with_replies(scene, 2, topics=[scene.devices, scene.imaging])
    hidden = posts_of(newer.id)[1]
    hiding.hide_post(scene.staff, threads.get_post(scene.staff, hidden.id), "Off-topic")
    counters_right()
    surgery.merge_thread(
        scene.staff, thread_as(scene.staff, newer.id), thread_as(scene.staff, older.id)
    )
    counters_right()
    assert db.session.get(Specialty, scene.oncology.id).post_count == 4  # 2 + 3, one hidden
    assert db.session.get(Specialty, scene.cardiology.id).post_count == 0


def test_a_newer_thread_is_merged_into_the_older_never_the_reverse(scene):
    older, duplicate = _pair(scene)
    with pytest.raises(Invalid, match="started after this one") as refused:
        surgery.merge_thread(
            scene.moderator,
            thread_as(scene.moderator, older.id),
            thread_as(scene.moderator, duplicate.id),
        )
    assert refused.value.field == "target"
    assert len(posts_of(older.id)) == 3 and audit_entries() == []


def test_merge_refuses_itself_a_deleted_target_and_one_out_of_scope(scene):
    older, duplicate = _pair(scene)
    elsewhere = thread_with_replies(scene, 0, specialty=scene.oncology)
    age(elsewhere, 5)
    source = thread_as(scene.moderator, duplicate.id)
    with pytest.raises(Invalid, match="That is this thread"):
        surgery.merge_target(scene.moderator, source, str(duplicate.id))
    with pytest.raises(Invalid, match="specialties you moderate"):
        surgery.merge_target(scene.moderator, source, f"/threads/{elsewhere.id}")
    actions.delete_thread(scene.moderator, thread_as(scene.moderator, older.id))
    with pytest.raises(Invalid, match="deleted"):
        surgery.merge_target(
            scene.moderator, thread_as(scene.moderator, duplicate.id), str(older.id)
        )
    with pytest.raises(Invalid, match="There is no thread #999999"):
        surgery.merge_target(scene.moderator, source, "999999")
    with pytest.raises(NotAllowed):
        surgery.merge_target(scene.member, thread_as(scene.member, duplicate.id), str(older.id))


@pytest.mark.parametrize(
    "written",
    [
        "{id}",
        "#{id}",
        "/threads/{id}",
        "/threads/{id}?page=2#post-3",
        "https://rounds.example.org/threads/{id}",
        "http://localhost:5000/threads/{id}.atom",
        "/posts/{post}",
    ],
)
def test_the_target_is_named_by_number_address_or_a_posts_address(scene, written):
    older, duplicate = _pair(scene)
    text = written.format(id=older.id, post=posts_of(older.id)[-1].id)
    target = surgery.merge_target(scene.moderator, thread_as(scene.moderator, duplicate.id), text)
    assert target.id == older.id


def test_a_target_the_actor_may_not_see_is_no_thread_to_them(scene):
    older, duplicate = _pair(scene)
    space = Space(name="Private journal club")
    db.session.add(space)
    db.session.flush()
    db.session.get(Thread, older.id).space_id = space.id
    db.session.commit()
    # In a private space staff are not members of: not told it exists, nor, from one of
    # its posts' addresses, its number.
    with pytest.raises(Invalid, match=f"There is no thread #{older.id}"):
        surgery.merge_target(scene.staff, thread_as(scene.staff, duplicate.id), str(older.id))
    post = posts_of(older.id)[1]
    with pytest.raises(Invalid, match=f"^There is no post #{post.id}.$"):
        surgery.merge_target(scene.staff, thread_as(scene.staff, duplicate.id), f"/posts/{post.id}")
    for huge in ("99999999999999", "/posts/99999999999999"):
        with pytest.raises(Invalid, match="There is no"):
            surgery.merge_target(scene.staff, thread_as(scene.staff, duplicate.id), huge)
    with pytest.raises(Invalid, match="Give the thread's number"):
        surgery.merge_target(scene.staff, thread_as(scene.staff, duplicate.id), "/members/x")


def test_a_merged_threads_number_leads_to_where_it_went_and_chains_stay_one_hop(scene):
    first = thread_with_replies(scene, 1, title="The original question here")
    age(first, 5)
    third = thread_with_replies(scene, 1, title="An older duplicate here")
    age(third, 4)
    second = thread_with_replies(scene, 1, title="The newest duplicate here")
    surgery.merge_thread(
        scene.staff, thread_as(scene.staff, second.id), thread_as(scene.staff, third.id)
    )
    # Asking to merge into the merged thread's number finds the thread it went into.
    latest = thread_with_replies(scene, 0, title="The latest thread of all")
    target = surgery.merge_target(scene.staff, thread_as(scene.staff, latest.id), str(second.id))
    assert target.id == third.id
    # first is older than third: merge third (with second's posts) into first.
    surgery.merge_thread(
        scene.staff, thread_as(scene.staff, third.id), thread_as(scene.staff, first.id)
    )
    redirects = {r.old_thread_id: r.thread_id for r in db.session.scalars(select(ThreadRedirect))}
    assert redirects == {second.id: first.id, third.id: first.id}
    assert len(posts_of(first.id)) == 6 and len(posts_of(latest.id)) == 1
    counters_right()


def test_the_merged_threads_accepted_answer_is_dropped_the_targets_kept(scene):
    older, duplicate = _pair(scene)
    answers.accept_answer(scene.author, threads.get_post(scene.author, posts_of(older.id)[1].id))
    answers.accept_answer(
        scene.author, threads.get_post(scene.author, posts_of(duplicate.id)[1].id)
    )
    surgery.merge_thread(
        scene.staff, thread_as(scene.staff, duplicate.id), thread_as(scene.staff, older.id)
    )
    kept = db.session.scalars(select(AcceptedAnswer)).all()
    assert [(a.thread_id, a.post_id) for a in kept] == [(older.id, posts_of(older.id)[1].id)]


def test_watchers_of_the_merged_thread_watch_the_target_and_keep_their_own_levels(scene):
    older, duplicate = _pair(scene)
    muter, tracker = scene.member, scene.oncology_moderator
    watching.set_watch(muter, "thread", duplicate.id, "muted")
    watching.set_watch(tracker, "thread", duplicate.id, "tracking")
    watching.set_watch(tracker, "thread", older.id, "watching")
    surgery.merge_thread(
        scene.staff, thread_as(scene.staff, duplicate.id), thread_as(scene.staff, older.id)
    )
    levels = dict(
        db.session.execute(
            select(Watch.user_id, Watch.level).where(
                Watch.target_kind == "thread", Watch.target_id == older.id
            )
        ).all()
    )
    assert levels[muter.id] == "muted" and levels[tracker.id] == "watching"


def test_notifications_about_moved_posts_follow_them(scene):
    older, duplicate = _pair(scene)
    moved = posts_of(duplicate.id)[1]
    db.session.add(
        Notification(
            user_id=scene.author.id, kind="reply", thread_id=duplicate.id, post_id=moved.id
        )
    )
    db.session.commit()
    surgery.merge_thread(
        scene.staff, thread_as(scene.staff, duplicate.id), thread_as(scene.staff, older.id)
    )
    notice = db.session.scalar(select(Notification).where(Notification.post_id == moved.id))
    assert notice.thread_id == older.id


def test_the_merged_threads_author_is_told_where_it_went(scene):
    older, duplicate = _pair(scene)
    surgery.merge_thread(
        scene.staff, thread_as(scene.staff, duplicate.id), thread_as(scene.staff, older.id)
    )
    notice = db.session.scalar(
        select(Notification).where(
            Notification.user_id == scene.author.id, Notification.kind == "moderation"
        )
    )
    assert "merged" in notice.message and notice.link == f"/threads/{older.id}"


# ---- split -------------------------------------------------------------------------------


def _split(scene, thread, post_ids, actor=None, **fields):
    actor = actor or scene.moderator
    data = {
        "title": "Split off: device follow-up",
        "kind": "discussion",
        "specialty_id": scene.cardiology.id,
        "topic_ids": [scene.imaging.id],
    } | fields
    return surgery.split_thread(actor, thread_as(actor, thread.id), post_ids, **data)


def test_splitting_moves_the_ticked_posts_into_a_new_thread_opened_by_the_earliest(scene):
    thread = thread_with_replies(scene, 5)
    posts = posts_of(thread.id)
    ticked = [posts[4].id, posts[2].id, posts[3].id]
    new = _split(scene, thread, ticked, reason="A separate question")
    moved = posts_of(new.id)
    assert [p.id for p in moved] == [posts[2].id, posts[3].id, posts[4].id]
    fresh = fresh_thread(new.id)
    assert (fresh.first_post_id, fresh.author_id, fresh.title, fresh.created_at) == (
        posts[2].id,
        scene.replier.id,
        "Split off: device follow-up",
        posts[2].created_at,
    )
    assert [p.id for p in posts_of(thread.id)] == [posts[0].id, posts[1].id, posts[5].id]
    counters_right()
    (entry,) = audit_entries("thread.split")
    assert entry.target_id == thread.id and entry.reason == "A separate question"
    assert entry.after["thread_id"] == new.id
    assert entry.after["post_ids"] == [posts[2].id, posts[3].id, posts[4].id]
    assert entry.after["topics"] == ["Imaging"]


def test_splitting_into_another_specialty_moves_the_readable_posts_count(scene):
    thread = thread_with_replies(scene, 3)
    posts = posts_of(thread.id)
    _split(
        scene, thread, [posts[2].id, posts[3].id], actor=scene.staff, specialty_id=scene.oncology.id
    )
    counters_right()
    assert db.session.get(Specialty, scene.oncology.id).post_count == 2


@pytest.mark.parametrize(
    ("choose", "message"),
    [
        (lambda posts, other: [], "Tick the posts"),
        (lambda posts, other: [posts[0].id, posts[1].id], "opening post stays"),
        (lambda posts, other: [posts[1].id, other.id], "posts of this thread only"),
    ],
)
def test_splitting_refuses_no_posts_the_opening_post_and_other_threads_posts(
    scene, choose, message
):
    thread = thread_with_replies(scene, 2)
    other = thread_with_replies(scene, 1)
    with pytest.raises(Invalid, match=message) as refused:
        _split(scene, thread, choose(posts_of(thread.id), posts_of(other.id)[1]))
    assert refused.value.field == "posts"
    assert len(posts_of(thread.id)) == 3 and audit_entries() == []


def test_the_new_threads_opening_post_must_be_readable(scene):
    thread = thread_with_replies(scene, 3)
    posts = posts_of(thread.id)
    hiding.hide_post(scene.moderator, threads.get_post(scene.moderator, posts[2].id), "Rude")
    with pytest.raises(Invalid, match="must be one readers can read"):
        _split(scene, thread, [posts[2].id, posts[3].id])
    # A hidden post may move along after a readable first one, and stays hidden.
    new = _split(scene, thread, [posts[1].id, posts[2].id])
    assert [p.id for p in posts_of(new.id)] == [posts[1].id, posts[2].id]
    assert db.session.get(Post, posts[2].id).hidden_reason == "Rude"
    counters_right()


def test_a_split_into_a_specialty_the_moderator_does_not_moderate_is_refused(scene):
    thread = thread_with_replies(scene, 2)
    with pytest.raises(NotAllowed):
        _split(scene, thread, [posts_of(thread.id)[1].id], specialty_id=scene.oncology.id)
    counters_right()


def test_a_moved_accepted_answer_leaves_its_question(scene):
    thread = thread_with_replies(scene, 2)
    answer = posts_of(thread.id)[1]
    answers.accept_answer(scene.author, threads.get_post(scene.author, answer.id))
    _split(scene, thread, [answer.id])
    assert db.session.scalar(select(AcceptedAnswer)) is None
