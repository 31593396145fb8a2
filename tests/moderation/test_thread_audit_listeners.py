"""Audit entries for the moderator actions threads.service performs (pin, lock, editing
and deleting a member's post), written by moderation's event receivers in the action's
own unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.moderation import audit_listeners
from forum.moderation import posts as hiding
from forum.moderation.models import AuditEntry
from forum.threads import service as threads
from tests.moderation import thread_scene
from tests.moderation.thread_scene import posts_of, thread_with_replies


@pytest.fixture
def scene(app):
    return thread_scene.build()


def _entries() -> list[tuple]:
    return [
        (e.action, e.actor_name, e.target_type, e.target_id, e.before, e.after, e.reason)
        for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]


def test_pinning_and_locking_are_audited_one_entry_per_change(client, auth, scene):
    thread = thread_with_replies(scene, 0, title="Stent thrombosis registry")
    auth.login(scene.moderator.username)
    for action in ("pin", "lock", "unpin", "unlock"):
        response = client.submit(
            f"/threads/{thread.id}/state", {"action": action}, form_url=f"/threads/{thread.id}"
        )
        assert response.status_code == 302
    tid = thread.id
    assert [(a, target, before, after) for a, _n, _t, target, before, after, _r in _entries()] == [
        ("thread.pin", tid, {"pinned": False}, {"pinned": True}),
        ("thread.lock", tid, {"locked": False}, {"locked": True}),
        ("thread.unpin", tid, {"pinned": True}, {"pinned": False}),
        ("thread.unlock", tid, {"locked": True}, {"locked": False}),
    ]
    both = threads.set_thread_state(
        scene.moderator, threads.get_thread(scene.moderator, tid), pinned=True, locked=True
    )
    assert both.is_pinned and [e[0] for e in _entries()[-2:]] == ["thread.pin", "thread.lock"]
    # Asking for the state it already has changes nothing and records nothing.
    threads.set_thread_state(scene.moderator, threads.get_thread(scene.moderator, tid), pinned=True)
    assert len(_entries()) == 6


def test_a_moderator_editing_a_members_post_is_audited_without_its_text(scene):
    thread = thread_with_replies(scene, 1)
    reply = posts_of(thread.id)[1]
    before = reply.body_md
    threads.edit_post(
        scene.moderator, threads.get_post(scene.moderator, reply.id), before + "\n\nEdited.\n"
    )
    ((action, actor, kind, target, old, new, _reason),) = _entries()
    assert (action, actor, kind, target) == ("post.edit", "cardio_mod", "post", reply.id)
    assert old == {"characters": len(before)}
    assert new == {"characters": len(before) + 10, "lines_added": 2, "lines_removed": 0}
    assert "Edited" not in str(old) + str(new)


def test_authors_editing_or_deleting_their_own_posts_are_not_audited(scene):
    thread = thread_with_replies(scene, 1)
    reply = posts_of(thread.id)[1]
    threads.edit_post(scene.replier, threads.get_post(scene.replier, reply.id), "My own words.")
    threads.delete_post(scene.replier, threads.get_post(scene.replier, reply.id))
    # A moderator's own post, edited by themselves, is theirs too.
    own = thread_scene.make_post(thread, scene.moderator, "A moderator's reply.")
    threads.edit_post(scene.moderator, threads.get_post(scene.moderator, own.id), "Changed.")
    assert _entries() == []


def test_a_moderator_deleting_a_members_post_is_audited(scene):
    thread = thread_with_replies(scene, 1, title="Renal denervation revisited")
    reply = posts_of(thread.id)[1]
    threads.delete_post(scene.moderator, threads.get_post(scene.moderator, reply.id))
    threads.delete_post(scene.staff, threads.get_post(scene.staff, thread.first_post_id))
    entries = _entries()
    assert [(e[0], e[1], e[3]) for e in entries] == [
        ("post.delete", "cardio_mod", reply.id),
        ("post.delete", "staff", thread.first_post_id),
    ]
    assert entries[1][5] == {"deleted": True}
    assert entries[1][4] == {"deleted": False, "opening_post": True}
    label = db.session.scalars(select(AuditEntry.target_label)).first()
    assert label == "Renal denervation revisited"


def test_a_hide_is_audited_once_as_a_hide_not_as_a_delete(scene):
    thread = thread_with_replies(scene, 1)
    reply = posts_of(thread.id)[1]
    hiding.hide_post(scene.moderator, threads.get_post(scene.moderator, reply.id), "Rude")
    assert [(e[0], e[6]) for e in _entries()] == [("post.hide", "Rude")]


def test_the_entry_rolls_back_with_a_refused_action(scene):
    thread = thread_with_replies(scene, 1)
    reply = posts_of(thread.id)[1]

    def refuse(*_args, **_kwargs):
        raise RuntimeError("a later receiver refuses the whole change")

    from forum import events

    events.post_removed.connect(refuse)
    try:
        with pytest.raises(RuntimeError):
            threads.delete_post(scene.moderator, threads.get_post(scene.moderator, reply.id))
    finally:
        events.post_removed.disconnect(refuse)
    assert _entries() == []
    db.session.expire_all()
    assert posts_of(thread.id)[1].deleted_at is None


def test_register_is_idempotent(scene):
    audit_listeners.register()
    audit_listeners.register()
    thread = thread_with_replies(scene, 0)
    threads.set_thread_state(scene.staff, threads.get_thread(scene.staff, thread.id), locked=True)
    assert [e[0] for e in _entries()] == ["thread.lock"]


def test_the_edit_summary_counts_lines_not_text():
    before, after = audit_listeners.edit_summary("one\ntwo\nthree", "one\n2\nthree\nfour")
    assert before == {"characters": 13}
    assert after == {"characters": 16, "lines_added": 2, "lines_removed": 1}
