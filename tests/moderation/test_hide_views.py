"""Hiding and restoring a post from the thread page: the reason is required, readers see
a placeholder, the author the reason, the thread's moderators the text."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.moderation.models import AuditEntry
from forum.threads.models import Post
from tests.moderation import thread_scene
from tests.moderation.thread_scene import counters_right, posts_of, thread_with_replies

SECRET = "Call the ward on extension 4471 about bed nine."


@pytest.fixture
def scene(app):
    return thread_scene.build()


@pytest.fixture
def reply(scene):
    thread = thread_with_replies(scene, 1)
    return thread_scene.make_post(thread, scene.replier, SECRET)


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_the_hide_button_opens_the_form_and_the_reason_is_required(client, as_user, scene, reply):
    as_user(scene.moderator)
    page = _html(client.get(f"/threads/{reply.thread_id}"))
    assert f'action="/moderation/posts/{reply.id}/hide"' in page
    # The button sends only its CSRF token: that opens the form, with no error yet.
    token = client.csrf_token(f"/threads/{reply.thread_id}")
    opened = client.post(f"/moderation/posts/{reply.id}/hide", data={"csrf_token": token})
    html = _html(opened)
    assert opened.status_code == 200 and "Hide this post?" in html
    assert 'class="error"' not in html and SECRET in html
    refused = client.submit(f"/moderation/posts/{reply.id}/hide", {"reason": "   "})
    assert re.search(r'id="reason-error">Say why: the author and the audit log', _html(refused))
    db.session.expire_all()
    assert db.session.get(Post, reply.id).hidden_at is None


def test_readers_see_a_placeholder_the_author_the_reason_staff_the_text(
    client, as_user, scene, reply
):
    as_user(scene.moderator)
    response = client.submit(
        f"/moderation/posts/{reply.id}/hide", {"reason": "Could identify a patient"}
    )
    assert response.headers["Location"].endswith(f"/posts/{reply.id}")
    counters_right()
    url = f"/threads/{reply.thread_id}"

    def seen_by(user):
        as_user(user)
        return _html(client.get(url))

    for reader in (None, scene.member):
        html = seen_by(reader)
        assert "This post was hidden by a moderator" in html
        assert SECRET not in html and "Could identify a patient" not in html
    html = seen_by(scene.replier)
    assert "Reason: Could identify a patient" in html and SECRET not in html
    html = seen_by(scene.moderator)
    assert "Show hidden text (staff only)" in html and SECRET in html
    assert f'action="/moderation/posts/{reply.id}/unhide"' in html
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.reason) == ("post.hide", "Could identify a patient")


def test_restoring_a_post_from_its_button(client, as_user, scene, reply):
    as_user(scene.moderator)
    client.submit(f"/moderation/posts/{reply.id}/hide", {"reason": "Rude"})
    response = client.submit(
        f"/moderation/posts/{reply.id}/unhide", {}, form_url=f"/threads/{reply.thread_id}"
    )
    assert response.headers["Location"].endswith(f"/posts/{reply.id}")
    as_user(None)
    html = _html(client.get(f"/threads/{reply.thread_id}"))
    assert SECRET in html and "hidden by a moderator" not in html
    counters_right()
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["post.hide", "post.unhide"]


def test_only_the_threads_moderators_hide_and_a_hidden_post_cannot_be_hidden_twice(
    client, as_user, scene, reply
):
    for outsider in (scene.member, scene.replier, scene.oncology_moderator):
        as_user(outsider)
        assert client.get(f"/moderation/posts/{reply.id}/hide").status_code == 403
        token = client.csrf_token(f"/threads/{reply.thread_id}")
        response = client.post(
            f"/moderation/posts/{reply.id}/hide", data={"csrf_token": token, "reason": "No"}
        )
        assert response.status_code == 403
    as_user(scene.moderator)
    client.submit(f"/moderation/posts/{reply.id}/hide", {"reason": "Rude"})
    assert client.get(f"/moderation/posts/{reply.id}/hide").status_code == 403
    as_user(scene.member)
    token = client.csrf_token(f"/threads/{reply.thread_id}")
    response = client.post(f"/moderation/posts/{reply.id}/unhide", data={"csrf_token": token})
    assert response.status_code == 403
    assert client.get("/moderation/posts/999999/hide").status_code == 404
    assert len(db.session.scalars(select(AuditEntry)).all()) == 1


def test_the_hide_form_costs_the_same_queries_for_a_short_or_long_thread(
    client, as_user, scene, count_queries
):
    short = thread_with_replies(scene, 2)
    long = thread_with_replies(scene, 49)
    as_user(scene.moderator)
    client.get("/")
    counts = []
    for thread in (short, long):
        post = posts_of(thread.id)[-1]
        with count_queries() as statements:
            assert client.get(f"/moderation/posts/{post.id}/hide").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
