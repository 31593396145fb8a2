"""A hidden post leaves search (after sync, and is never shown even before), feeds,
related threads and the listings' counters, against a real Whoosh index; and posts a
merge or split moves are found in their new thread."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.moderation import posts as hiding
from forum.moderation import thread_actions as actions
from forum.moderation import thread_surgery as surgery
from forum.search import results
from forum.search import service as search
from forum.search.index import Filters
from forum.threads import service as threads
from tests.moderation import thread_scene
from tests.moderation.thread_scene import age, counters_right, posts_of, thread_with_replies


@pytest.fixture
def scene(app):
    return thread_scene.build()


def _found(word: str) -> list[tuple[int, int]]:
    """(thread id, post id) of each hit for `word`, as the search page lists them."""
    return [(row.thread.id, row.post.id) for row in results.search_page(word, Filters()).rows]


def _in_index(post_id: int) -> bool:
    return post_id in search.store().digests()


def _hide(scene, post_id: int, reason: str = "Off-topic") -> None:
    hiding.hide_post(scene.moderator, threads.get_post(scene.moderator, post_id), reason)


def test_a_hidden_post_is_never_shown_by_search_and_leaves_the_index_after_sync(scene):
    thread = thread_with_replies(scene, 1)
    reply = thread_scene.make_post(thread, scene.replier, "Zymogenic cascade inhibitors.")
    search.sync()
    assert _found("zymogenic") == [(thread.id, reply.id)]

    _hide(scene, reply.id)
    # Not synced yet: the index still holds it, and the page's re-check leaves it out.
    assert _in_index(reply.id)
    assert _found("zymogenic") == []
    search.sync()
    assert not _in_index(reply.id) and _found("zymogenic") == []

    hiding.unhide_post(scene.moderator, threads.get_post(scene.moderator, reply.id))
    search.sync()
    assert _found("zymogenic") == [(thread.id, reply.id)]


def test_a_hidden_post_leaves_its_threads_feed_and_the_listing_counts(client, scene):
    thread = thread_with_replies(scene, 1, title="Cryoballoon ablation outcomes")
    reply = thread_scene.make_post(thread, scene.replier, "Phrenic palsy in two patients.")
    feed = client.get(f"/feeds/threads/{thread.id}.atom").get_data(as_text=True)
    assert "Phrenic palsy" in feed
    listing = client.get("/specialties/cardiology").get_data(as_text=True)
    assert "2 replies" in listing
    home = client.get("/").get_data(as_text=True)
    assert "3 posts" in home

    _hide(scene, reply.id)
    feed = client.get(f"/feeds/threads/{thread.id}.atom").get_data(as_text=True)
    assert "Phrenic palsy" not in feed
    assert "Cryoballoon ablation outcomes" in feed  # the feed itself is still there
    assert "1 reply" in client.get("/specialties/cardiology").get_data(as_text=True)
    assert "2 posts" in client.get("/").get_data(as_text=True)
    counters_right()


def test_a_hidden_opening_post_leaves_the_latest_feeds_summary(client, scene):
    thread = thread_with_replies(scene, 1, body="Tenecteplase protocol from our unit.")
    assert "Tenecteplase protocol" in client.get("/feeds/latest.atom").get_data(as_text=True)
    _hide(scene, thread.first_post_id)
    feed = client.get("/feeds/latest.atom").get_data(as_text=True)
    assert "Tenecteplase protocol" not in feed
    counters_right()


def test_a_hidden_post_no_longer_makes_its_thread_related(client, app, scene):
    shown = thread_with_replies(scene, 0, title="Transcatheter tricuspid repair durability")
    other = thread_with_replies(scene, 0, title="Valve clinic staffing")
    reply = thread_scene.make_post(
        other, scene.replier, "Transcatheter tricuspid repair durability at five years."
    )
    search.sync()
    page = client.get(f"/threads/{shown.id}").get_data(as_text=True)
    assert "Valve clinic staffing" in page  # related through that reply only

    _hide(scene, reply.id)
    search.sync()
    app.extensions.get("rounds_related_threads", {}).clear()  # the per-process list cache
    page = client.get(f"/threads/{shown.id}").get_data(as_text=True)
    assert "Valve clinic staffing" not in page


def test_merged_posts_are_found_in_their_new_thread(scene):
    older = thread_with_replies(scene, 1, title="Apixaban in the very elderly")
    age(older, 3)
    duplicate = thread_with_replies(scene, 0, title="Apixaban dosing over 90")
    moved = thread_scene.make_post(duplicate, scene.replier, "Quinolinic dosing tables.")
    search.sync()
    assert _found("quinolinic") == [(duplicate.id, moved.id)]
    surgery.merge_thread(
        scene.moderator,
        threads.get_thread(scene.moderator, duplicate.id),
        threads.get_thread(scene.moderator, older.id),
    )
    assert _found("quinolinic") == []  # before sync: its old thread is gone, so not shown
    search.sync()
    assert _found("quinolinic") == [(older.id, moved.id)]
    hits = results.search_page("dosing", Filters()).rows
    assert {row.thread.id for row in hits} == {older.id}


def test_split_posts_are_found_in_the_new_thread_under_its_title(scene):
    thread = thread_with_replies(scene, 2)
    moved = thread_scene.make_post(thread, scene.replier, "Xanthochromic samples again.")
    search.sync()
    new = surgery.split_thread(
        scene.moderator,
        threads.get_thread(scene.moderator, thread.id),
        [moved.id],
        title="Lumbar puncture timing question",
        kind="question",
        specialty_id=scene.cardiology.id,
        topic_ids=[scene.devices.id],
    )
    search.sync()
    assert _found("xanthochromic") == [(new.id, moved.id)]
    assert _found("lumbar") == [(new.id, moved.id)]


def test_a_deleted_thread_leaves_search_and_a_restored_one_comes_back(scene):
    thread = thread_with_replies(scene, 0, title="Pericardial window techniques")
    search.sync()
    assert [t for t, _p in _found("pericardial")] == [thread.id]
    actions.delete_thread(scene.staff, threads.get_thread(scene.staff, thread.id))
    assert _found("pericardial") == []
    search.sync()
    assert not _in_index(thread.first_post_id)
    actions.restore_thread(scene.staff, threads.get_thread(scene.staff, thread.id))
    search.sync()
    assert [t for t, _p in _found("pericardial")] == [thread.id]
    db.session.expire_all()
    assert len(posts_of(thread.id)) == 1
