"""The moderators' thread tools as services (rename, move, retag, delete, restore): each
change, its counters, its audit entry, and who is refused how (403 for a thread one may
see but not manage, 404 for one that may not be known)."""

from __future__ import annotations

import pytest

from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.moderation import posts as hiding
from forum.moderation import thread_actions as actions
from forum.taxonomy.models import Specialty
from forum.threads import service as threads
from forum.threads.models import Post
from tests.moderation import thread_scene
from tests.moderation.thread_scene import (
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


# ---- rename ----------------------------------------------------------------------------


def test_renaming_changes_the_title_and_records_before_and_after(scene):
    thread = thread_with_replies(scene, 1, title="Leadless pacemakers in the elderly")
    actions.rename_thread(
        scene.moderator,
        thread_as(scene.moderator, thread.id),
        "  Leadless   pacemakers after TAVI ",
        reason="More specific",
    )
    assert fresh_thread(thread.id).title == "Leadless pacemakers after TAVI"
    (entry,) = audit_entries("thread.rename")
    assert (entry.actor_name, entry.target_id, entry.reason) == (
        "cardio_mod",
        thread.id,
        "More specific",
    )
    assert entry.before == {"title": "Leadless pacemakers in the elderly"}
    assert entry.after == {"title": "Leadless pacemakers after TAVI"}


@pytest.mark.parametrize(
    ("title", "message"),
    [("Too short", "Titles are 10–200 characters."), ("x" * 201, "Titles are 10–200 characters.")],
)
def test_a_bad_title_is_refused_beside_the_field(scene, title, message):
    thread = thread_with_replies(scene, 0)
    with pytest.raises(Invalid) as refused:
        actions.rename_thread(scene.moderator, thread_as(scene.moderator, thread.id), title)
    assert (refused.value.field, refused.value.message) == ("title", message)
    assert audit_entries() == []


def test_renaming_to_the_same_title_is_refused_and_records_nothing(scene):
    thread = thread_with_replies(scene, 0, title="Remote monitoring of heart failure")
    with pytest.raises(Invalid, match="title already"):
        actions.rename_thread(
            scene.moderator,
            thread_as(scene.moderator, thread.id),
            "Remote monitoring of heart failure",
        )
    assert audit_entries() == []


def test_only_the_threads_moderators_may_rename_it(scene):
    thread = thread_with_replies(scene, 0)
    for outsider in (scene.member, scene.author, scene.oncology_moderator):
        with pytest.raises(NotAllowed):
            actions.rename_thread(
                outsider, thread_as(outsider, thread.id), "A brand new title here"
            )
    actions.rename_thread(scene.staff, thread_as(scene.staff, thread.id), "A brand new title here")
    assert [e.actor_name for e in audit_entries()] == ["staff"]


def test_a_deleted_thread_is_not_found_by_those_who_may_not_know_it(scene):
    thread = thread_with_replies(scene, 0)
    actions.delete_thread(scene.moderator, thread_as(scene.moderator, thread.id))
    hidden = fresh_thread(thread.id)
    for stranger in (scene.member, scene.oncology_moderator):
        with pytest.raises(NotFound):
            actions.rename_thread(stranger, hidden, "A title nobody may give")
    # Its own moderators still manage it: a deleted thread can be renamed, then restored.
    actions.rename_thread(
        scene.moderator, thread_as(scene.moderator, thread.id), "Renamed while deleted"
    )
    assert fresh_thread(thread.id).title == "Renamed while deleted"


def test_a_suspended_moderator_is_refused(scene):
    thread = thread_with_replies(scene, 0)
    scene.moderator.suspended_until = utcnow().replace(year=utcnow().year + 1)
    db.session.commit()
    with pytest.raises(NotAllowed):
        actions.rename_thread(
            scene.moderator, thread_as(scene.moderator, thread.id), "Suspended rename"
        )


# ---- move and retag ----------------------------------------------------------------------


def test_moving_takes_the_thread_and_its_readable_posts_to_the_new_specialty(scene):
    thread = thread_with_replies(scene, 3)
    counters_right()
    actions.move_thread(
        scene.staff, thread_as(scene.staff, thread.id), scene.oncology.id, "Off-topic"
    )
    assert fresh_thread(thread.id).specialty_id == scene.oncology.id
    counters_right()
    cardiology, oncology = (
        db.session.get(Specialty, scene.cardiology.id),
        db.session.get(Specialty, scene.oncology.id),
    )
    assert (cardiology.thread_count, cardiology.post_count) == (0, 0)
    assert (oncology.thread_count, oncology.post_count) == (1, 4)
    (entry,) = audit_entries("thread.move")
    assert entry.before == {"specialty_id": scene.cardiology.id, "specialty": "Cardiology"}
    assert entry.after == {"specialty_id": scene.oncology.id, "specialty": "Oncology"}
    assert entry.reason == "Off-topic"


def test_a_scoped_moderator_moves_only_into_specialties_they_moderate(scene):
    thread = thread_with_replies(scene, 1)
    with pytest.raises(NotAllowed, match="specialties you moderate"):
        actions.move_thread(
            scene.moderator, thread_as(scene.moderator, thread.id), scene.oncology.id
        )
    assert fresh_thread(thread.id).specialty_id == scene.cardiology.id
    assert audit_entries() == []
    counters_right()


def test_moving_refuses_an_unknown_retired_or_same_specialty(scene):
    thread = thread_with_replies(scene, 0)
    retired = thread_scene.make_specialty("Retired one", retired_at=utcnow())
    for specialty_id, message in (
        (999_999, "Choose a specialty from the list."),
        (retired.id, "retired"),
        (scene.cardiology.id, "in that specialty already"),
    ):
        with pytest.raises(Invalid, match=message):
            actions.move_thread(scene.staff, thread_as(scene.staff, thread.id), specialty_id)
    counters_right()


def test_moving_a_deleted_thread_moves_no_counters(scene):
    thread = thread_with_replies(scene, 2)
    actions.delete_thread(scene.staff, thread_as(scene.staff, thread.id))
    actions.move_thread(scene.staff, thread_as(scene.staff, thread.id), scene.oncology.id)
    counters_right()
    actions.restore_thread(scene.staff, thread_as(scene.staff, thread.id))
    counters_right()
    assert db.session.get(Specialty, scene.oncology.id).post_count == 3


def test_changing_topics_moves_their_counters_and_records_the_names(scene):
    thread = thread_with_replies(scene, 1, topics=[scene.devices, scene.imaging])
    actions.retag_thread(
        scene.moderator,
        thread_as(scene.moderator, thread.id),
        [scene.imaging.id, scene.genomics.id],
    )
    counters_right()
    (entry,) = audit_entries("thread.retag")
    assert entry.before == {"topics": ["Devices", "Imaging"]}
    assert entry.after == {"topics": ["Genomics", "Imaging"]}


def test_retagging_keeps_the_topic_rules(scene):
    thread = thread_with_replies(scene, 0, topics=[scene.devices])
    for topic_ids, message in (
        ([], "between one and five"),
        ([scene.devices.id], "topics already"),
        ([999_999], "from the list"),
    ):
        with pytest.raises(Invalid, match=message):
            actions.retag_thread(scene.moderator, thread_as(scene.moderator, thread.id), topic_ids)
    assert audit_entries() == []


# ---- delete and restore ------------------------------------------------------------------


def test_deleting_a_thread_takes_it_out_of_every_count_and_restoring_brings_it_back(scene):
    thread = thread_with_replies(scene, 3, topics=[scene.devices, scene.imaging])
    actions.delete_thread(scene.moderator, thread_as(scene.moderator, thread.id), "Spam")
    counters_right()
    assert db.session.get(Specialty, scene.cardiology.id).thread_count == 0
    assert fresh_thread(thread.id).deleted_by_id == scene.moderator.id
    with pytest.raises(NotAllowed, match="deleted already"):
        actions.delete_thread(scene.moderator, thread_as(scene.moderator, thread.id))
    actions.restore_thread(
        scene.moderator, thread_as(scene.moderator, thread.id), "Not spam after all"
    )
    counters_right()
    assert db.session.get(Specialty, scene.cardiology.id).post_count == 4
    with pytest.raises(NotAllowed, match="not deleted"):
        actions.restore_thread(scene.moderator, thread_as(scene.moderator, thread.id))
    assert [(e.action, e.reason, e.after) for e in audit_entries()] == [
        ("thread.delete", "Spam", {"deleted": True}),
        ("thread.restore", "Not spam after all", {"deleted": False}),
    ]


def test_restoring_a_thread_deleted_with_its_opening_post_brings_that_post_back(scene):
    thread = thread_with_replies(scene, 2)
    threads.delete_post(scene.moderator, threads.get_post(scene.moderator, thread.first_post_id))
    counters_right()
    actions.restore_thread(scene.moderator, thread_as(scene.moderator, thread.id))
    assert db.session.get(Post, thread.first_post_id).deleted_at is None
    counters_right()


def test_hiding_in_a_deleted_thread_keeps_the_counters_right(scene):
    thread = thread_with_replies(scene, 2)
    actions.delete_thread(scene.moderator, thread_as(scene.moderator, thread.id))
    reply = posts_of(thread.id)[1]
    hiding.hide_post(scene.moderator, threads.get_post(scene.moderator, reply.id), "Rude")
    counters_right()
    actions.restore_thread(scene.moderator, thread_as(scene.moderator, thread.id))
    counters_right()


def test_deleting_a_hidden_reply_does_not_count_it_twice(scene):
    thread = thread_with_replies(scene, 2)
    reply = posts_of(thread.id)[1]
    hiding.hide_post(scene.moderator, threads.get_post(scene.moderator, reply.id), "Rude")
    threads.delete_post(scene.moderator, threads.get_post(scene.moderator, reply.id))
    counters_right()


def test_members_and_other_moderators_may_not_delete_or_restore(scene):
    thread = thread_with_replies(scene, 1)
    for outsider in (scene.author, scene.member, scene.oncology_moderator):
        with pytest.raises(NotAllowed):
            actions.delete_thread(outsider, thread_as(outsider, thread.id))
    actions.delete_thread(scene.staff, thread_as(scene.staff, thread.id))
    with pytest.raises(NotFound):
        actions.restore_thread(scene.author, fresh_thread(thread.id))
    counters_right()


def test_a_reason_longer_than_500_characters_is_refused(scene):
    thread = thread_with_replies(scene, 0)
    with pytest.raises(Invalid, match="under 500") as refused:
        actions.delete_thread(scene.moderator, thread_as(scene.moderator, thread.id), "x" * 501)
    assert refused.value.field == "reason"
    assert not fresh_thread(thread.id).is_deleted
