"""/posts/<id>/redact: the thread's moderators get the post's Markdown and a form; bad
input comes back beside its field with what was typed; the thread page offers "Redact"
to moderators only, at no extra query."""

from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import select

from forum.extensions import db
from forum.moderation import thread_actions as actions
from forum.moderation.models import AuditEntry
from forum.redaction import queries, service
from forum.redaction.models import Redaction
from forum.threads import hooks
from forum.threads import service as threads
from tests.redaction import scene as world
from tests.redaction.scene import BODY, NAME, RECORD, form_post, fresh


@pytest.fixture
def scene(app):
    return world.build()


def _url(scene) -> str:
    return f"/posts/{scene.reply.id}/redact"


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_the_page_shows_the_markdown_and_the_form_to_the_threads_moderators(client, auth, scene):
    auth.login(scene.moderator.username)
    page = client.get(_url(scene))
    assert page.status_code == 200
    html = _html(page)
    assert f'<pre class="markdown-source">{BODY}</pre>' in html
    assert 'name="text"' in html and 'name="reason"' in html and 'name="csrf_token"' in html
    assert "nobody can bring it back from Rounds" in html


def test_redacting_through_the_form_redirects_to_the_post(client, auth, scene):
    auth.login(scene.moderator.username)
    done = form_post(client, _url(scene), _url(scene), {"text": NAME, "reason": "Names a patient"})
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/posts/{scene.reply.id}")
    assert NAME not in fresh(scene.reply.id).body_md
    page = _html(client.get(done.headers["Location"], follow_redirects=True))
    assert "Redacted 1 occurrence." in page and NAME not in page
    again = _html(client.get(_url(scene)))
    assert "Earlier redactions of this post" in again and "Names a patient" in again


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "", "reason": "Names a patient"}, "text", "Paste the exact text"),
        ({"text": "Nobody at all", "reason": "Names a patient"}, "text", "is not in the post"),
        ({"text": NAME, "reason": "r" * 501}, "reason", "under 500 characters"),
        ({"text": NAME, "reason": ""}, "reason", "Say why"),
    ],
)
def test_bad_input_is_shown_beside_its_field_with_the_text_kept(
    client, auth, scene, data, field, message
):
    auth.login(scene.moderator.username)
    response = form_post(client, _url(scene), _url(scene), data)
    assert response.status_code == 200
    html = _html(response)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert error and message in error.group(1)
    for value in data.values():
        if value:
            assert value in html  # what was typed stays in the form
    assert fresh(scene.reply.id).body_md == BODY
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_the_thread_pages_redact_button_posts_here_and_opens_the_form(client, auth, scene):
    auth.login(scene.moderator.username)
    html = _html(client.get(f"/threads/{scene.thread.id}"))
    assert f'action="{_url(scene)}"' in html
    opened = form_post(client, _url(scene), f"/threads/{scene.thread.id}", {})
    assert opened.status_code == 200 and 'name="text"' in _html(opened)
    assert db.session.scalars(select(Redaction)).all() == []


@pytest.mark.parametrize("who", ["guest", "author", "member", "oncology_moderator"])
def test_nobody_else_gets_the_button_or_the_page(client, auth, scene, who):
    user = None if who == "guest" else getattr(scene, who, None) or scene.members[0]
    if user is not None:
        auth.login(user.username)
    html = _html(client.get(f"/threads/{scene.thread.id}"))
    assert "/redact" not in html
    response = client.get(_url(scene))
    assert response.status_code == (302 if user is None else 403)


def test_a_post_the_viewer_may_not_see_answers_404(client, auth, scene):
    actions.delete_thread(scene.staff, threads.get_thread(scene.staff, scene.thread.id))
    auth.login(scene.members[0].username)
    assert client.get(_url(scene)).status_code == 404
    assert client.get("/posts/999999/redact").status_code == 404
    auth.logout()
    auth.login(scene.moderator.username)  # its moderators still may (the text is stored)
    assert client.get(_url(scene)).status_code == 200


def _thread_page_cost(client, auth, count_queries, scene) -> tuple[int, str]:
    auth.login(scene.moderator.username)
    for name in list(g):
        g.pop(name)
    with count_queries() as statements:
        response = client.get(f"/threads/{scene.thread.id}")
    auth.logout()
    assert response.status_code == 200
    return len(statements), _html(response)


def test_the_button_costs_the_thread_page_no_query(client, auth, scene, count_queries):
    with_button, html = _thread_page_cost(client, auth, count_queries, scene)
    assert "redact-button" in html
    saved = hooks._post_parts.pop("redaction")
    try:
        without, html = _thread_page_cost(client, auth, count_queries, scene)
    finally:
        hooks._post_parts["redaction"] = saved
    assert "redact-button" not in html
    assert with_button == without


def test_the_page_reads_in_a_fixed_number_of_queries(client, auth, scene, count_queries):
    moderator = scene.moderator
    for span in (RECORD, "second course", "ivabradine"):
        post = threads.get_post(moderator, scene.reply.id)
        service.redact_post(moderator, post, span, "Identifies a patient")
    assert len(queries.redact_page(fresh(scene.reply.id)).past) == 3
    auth.login(moderator.username)
    for name in list(g):
        g.pop(name)
    with count_queries() as statements:
        assert client.get(_url(scene)).status_code == 200
    # The user, the post with its thread, the versions' count, the past redactions, and
    # the staff header's counts.
    assert len(statements) <= 7, statements
