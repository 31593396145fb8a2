"""Submitting is safe to repeat: the same form sent twice makes one post."""

import re

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.threads import service
from forum.threads.models import Post, Thread
from tests.factories import make_specialty, make_thread, make_topic, make_user

SUBMISSION = re.compile(r'name="submission" type="hidden" value="([^"]+)"')


def _form_fields(client, url: str) -> dict:
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    match = SUBMISSION.search(html)
    assert match, f"no submission key in the form at {url}"
    return {"csrf_token": token, "submission": match.group(1)}


def _posts(thread_id: int) -> int:
    return db.session.scalar(select(func.count()).where(Post.thread_id == thread_id))


def test_a_reply_sent_twice_makes_one_post_and_both_land_on_it(client, login):
    thread = make_thread()
    login()
    data = _form_fields(client, f"/threads/{thread.id}") | {"body": "Start low.", "submit": "Post"}
    first = client.post(f"/threads/{thread.id}/reply", data=data)
    again = client.post(f"/threads/{thread.id}/reply", data=data)  # the lost response, resent
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert _posts(thread.id) == 2  # the opening post and one reply
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).reply_count == 1


def test_a_new_thread_sent_twice_makes_one_thread(client, login):
    specialty, topic = make_specialty(), make_topic()
    login()
    data = _form_fields(client, "/threads/new") | {
        "title": "Point-of-care ultrasound for every junior",
        "kind": "discussion",
        "specialty": str(specialty.id),
        "topics": [str(topic.id)],
        "body": "Should it be in every induction?",
        "submit": "Post",
    }
    first = client.post("/threads/new", data=data)
    again = client.post("/threads/new", data=data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 1
    db.session.expire_all()
    assert db.session.get(type(specialty), specialty.id).thread_count == 1


def test_a_preview_keeps_the_key_so_the_post_after_it_is_still_one(client, login):
    thread = make_thread()
    login()
    data = _form_fields(client, f"/threads/{thread.id}") | {"body": "Check **renal** dose."}
    preview = client.post(f"/threads/{thread.id}/reply", data=data | {"preview": "Preview"})
    kept = SUBMISSION.search(preview.get_data(as_text=True)).group(1)
    assert kept == data["submission"]
    for _ in range(2):
        client.post(f"/threads/{thread.id}/reply", data=data | {"submit": "Post"})
    assert _posts(thread.id) == 2


def test_two_forms_make_two_posts(client, login):
    thread = make_thread()
    login()
    for body in ("One thought.", "Another thought."):
        data = _form_fields(client, f"/threads/{thread.id}") | {"body": body, "submit": "Post"}
        assert client.post(f"/threads/{thread.id}/reply", data=data).status_code == 302
    assert _posts(thread.id) == 3


def test_the_same_key_from_another_author_is_a_different_post(app):
    thread = make_thread()
    first = service.reply_to_thread(make_user(), thread, "Mine.", submission_key="k" * 20)
    second = service.reply_to_thread(make_user(), thread, "Mine too.", submission_key="k" * 20)
    assert first.id != second.id


def test_a_race_between_two_submits_keeps_the_winner(app, monkeypatch):
    """Both submits pass the look-up before either commits; the unique key stops the second."""
    thread = make_thread()
    author = make_user()
    winner = service.reply_to_thread(author, thread, "First.", submission_key="race" * 5)
    looked_up = []

    def missed_once(user, key):
        looked_up.append(key)
        if len(looked_up) == 1:
            return None  # the second request looked before the first one committed
        return original(user, key)

    original = service._submitted
    monkeypatch.setattr(service, "_submitted", missed_once)
    again = service.reply_to_thread(author, thread, "First.", submission_key="race" * 5)
    assert again.id == winner.id
    assert len(looked_up) == 2
    assert _posts(thread.id) == 2
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).post_count == 2  # the loser's counters rolled back


@pytest.mark.parametrize("key", ["short", "x" * 65, "bad key!" * 3])
def test_a_malformed_key_is_replaced_and_the_reply_still_posts(client, login, key):
    thread = make_thread()
    login()
    data = _form_fields(client, f"/threads/{thread.id}") | {
        "body": "Hello",
        "submit": "Post",
        "submission": key,
    }
    response = client.post(f"/threads/{thread.id}/reply", data=data)
    assert response.status_code == 302
    assert _posts(thread.id) == 2
    stored = db.session.scalar(select(Post.submission_key).where(Post.body_md == "Hello"))
    assert stored != key and len(stored) >= 16
