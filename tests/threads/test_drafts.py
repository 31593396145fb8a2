"""Forms keep what was typed: the server re-renders a refused reply with its text, and the
forms carry what js/drafts.js needs to keep a draft in the browser (tests/e2e drives it)."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.threads.models import Thread
from tests.factories import make_thread

SCRIPT = '<script src="/static/js/{name}.js" defer></script>'


def draft_form(page: str, action: str) -> str:
    match = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>', page)
    assert match, f"no form posting to {action}"
    return match.group(0)


def test_new_thread_and_reply_forms_keep_drafts_for_their_user(client, login):
    user = login()
    thread = make_thread()
    pages = {
        "/threads/new": "/threads/new",
        f"/threads/{thread.id}": f"/threads/{thread.id}/reply",
        f"/threads/{thread.id}/reply": f"/threads/{thread.id}/reply",
    }
    for url, action in pages.items():
        page = client.get(url).get_data(as_text=True)
        assert f'data-draft="{user.id}"' in draft_form(page, action), url
        assert SCRIPT.format(name="drafts") in page, url
    new_page = client.get("/threads/new").get_data(as_text=True)
    assert SCRIPT.format(name="topic-picker") in new_page
    assert new_page.index("js/topic-picker.js") < new_page.index("js/drafts.js")  # picker first


def test_anonymous_thread_page_loads_no_writing_scripts(client):
    page = client.get(f"/threads/{make_thread().id}").get_data(as_text=True)
    assert "drafts.js" not in page and "quote.js" not in page and "data-draft" not in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x" * 61, "Posts can be at most 60 characters; this one has 61."),
        ("   \n  ", "Write something before posting."),
    ],
)
def test_refused_reply_from_the_thread_page_keeps_the_text(client, login, app, body, message):
    app.config["POST_MAX_LENGTH"] = 60
    thread = make_thread()
    login()
    response = client.submit(
        f"/threads/{thread.id}/reply",
        {"body": body, "submit": "Post"},
        form_url=f"/threads/{thread.id}",  # the reply box at the foot of the thread page
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'id="body-error">{re.escape(message)}', html)
    assert re.search(rf"<textarea[^>]*>\r?\n?{re.escape(body)}</textarea>", html)
    assert db.session.get(Thread, thread.id).post_count == 1


def test_reply_with_an_expired_form_gets_the_csrf_page_and_stores_nothing(client, login):
    """The server cannot show the form again here; the browser's draft brings the text back."""
    thread = make_thread()
    login()
    client.get(f"/threads/{thread.id}")
    response = client.post(
        f"/threads/{thread.id}/reply",
        data={"body": "typed for an hour", "submit": "Post", "csrf_token": "expired"},
    )
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert db.session.get(Thread, thread.id).post_count == 1
