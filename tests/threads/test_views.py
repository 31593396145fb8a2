"""Thread pages through the test client, with CSRF on."""

import re

import pytest
from sqlalchemy import select

from forum.exceptions import Invalid
from forum.extensions import db
from forum.threads import service
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user, nth_post


def _new_thread_data(specialty, topics, **overrides):
    data = {
        "title": "Wearable patches for post-discharge monitoring",
        "kind": "discussion",
        "specialty": str(specialty.id),
        "topics": [str(t.id) for t in topics],
        "body": "- heart rate\n- SpO2\n\n```\nalert if hr > 120\n```",
        "submit": "Post thread",
    }
    data.update(overrides)
    return data


def test_new_thread_requires_login(client):
    response = client.get("/threads/new")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_start_thread_renders_markdown_on_its_page(client, login):
    login()
    specialty, topic = make_specialty(name="Cardiology"), make_topic(name="Wearables")
    response = client.submit("/threads/new", _new_thread_data(specialty, [topic]))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>Wearable patches for post-discharge monitoring</h1>" in page
    assert "<li>heart rate</li>" in page
    assert "<pre><code>alert if hr &gt; 120\n</code></pre>" in page
    assert "Wearables" in page and "Cardiology" in page


def test_new_thread_errors_sit_next_to_fields_and_keep_input(client, login):
    login()
    specialty, topic = make_specialty(), make_topic()
    data = _new_thread_data(specialty, [topic], title="Too short", body="   ")
    data["topics"] = []
    response = client.submit("/threads/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="title-error">Titles are 10–200 characters', html)
    assert 'value="Too short"' in html
    assert re.search(r'id="topics-error">Choose between one and five research topics', html)
    assert re.search(r'id="body-error">Write something before posting', html)
    assert db.session.scalar(select(Thread.id)) is None


def test_oversized_post_gets_a_clear_error_not_a_crash(client, login, app):
    app.config["POST_MAX_LENGTH"] = 1000
    login()
    specialty, topic = make_specialty(), make_topic()
    response = client.submit("/threads/new", _new_thread_data(specialty, [topic], body="x" * 1001))
    assert response.status_code == 200
    assert "Posts can be at most 1,000 characters; this one has 1,001." in response.get_data(
        as_text=True
    )


def test_request_body_over_the_limit_gets_the_413_page(client, login, app):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    login()
    response = client.submit(
        "/threads/new", _new_thread_data(make_specialty(), [make_topic()], body="x" * 5000)
    )
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)


def test_preview_shows_rendered_markdown_and_stores_nothing(client, login):
    login()
    data = _new_thread_data(make_specialty(), [make_topic()], body="**bold** move")
    data.pop("submit")
    data["preview"] = "Preview"
    response = client.submit("/threads/new", data)
    html = response.get_data(as_text=True)
    assert '<section class="preview"' in html and "<strong>bold</strong> move" in html
    assert "**bold** move</textarea>" in html  # the draft is kept in the form
    assert db.session.scalar(select(Thread.id)) is None


def test_reply_lands_on_its_permalink(client, login):
    thread = make_thread()
    login()
    response = client.submit(
        f"/threads/{thread.id}/reply",
        {"body": "Try a **pilot** first.", "submit": "Post"},
        form_url=f"/threads/{thread.id}",
    )
    post = nth_post(thread, 2)
    assert response.headers["Location"].endswith(f"/threads/{thread.id}?page=1#post-{post.id}")
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Try a <strong>pilot</strong> first." in page


def test_locked_thread_shows_message_and_refuses_reply(client, login):
    thread = make_thread()
    service.set_thread_state(make_user(role="moderator"), thread, locked=True)
    login()
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "This thread is locked" in page and 'name="body"' not in page
    response = client.submit(f"/threads/{thread.id}/reply", {"body": "Sneaky", "submit": "Post"})
    assert response.status_code == 403
    assert "This thread is locked: it no longer takes replies." in response.get_data(as_text=True)
    assert db.session.get(Thread, thread.id).post_count == 1


def test_posting_too_fast_answers_429_with_message_and_keeps_text(client, login, app):
    app.config["POST_LIMIT"] = 1
    thread = make_thread()
    login()
    client.submit(f"/threads/{thread.id}/reply", {"body": "first", "submit": "Post"})
    response = client.submit(f"/threads/{thread.id}/reply", {"body": "second", "submit": "Post"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "You are posting very quickly" in html and "second</textarea>" in html


def test_permalink_lands_on_the_right_page(client):
    thread = make_thread(replies=44)
    post = nth_post(thread, 41)
    response = client.get(f"/posts/{post.id}")
    assert response.headers["Location"].endswith(f"/threads/{thread.id}?page=3#post-{post.id}")
    page = client.get(f"/threads/{thread.id}?page=3").get_data(as_text=True)
    assert f'id="post-{post.id}"' in page
    assert page.count('class="post"') == 5  # posts 41-45


def test_a_long_thread_has_a_labelled_pager_above_and_below(client):
    thread = make_thread(replies=24)
    page = client.get(f"/threads/{thread.id}?page=2").get_data(as_text=True)
    assert '<nav class="pagination" aria-label="Thread pages">' in page
    assert '<nav class="pagination" aria-label="Thread pages, bottom">' in page
    assert "&#34;" not in page  # an attribute built by string replacement came out escaped


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "", "99999999999999", "%C3%28", "1e3"])
def test_odd_page_numbers_fall_back_to_the_first_page(client, page):
    thread = make_thread(replies=2)
    response = client.get(f"/threads/{thread.id}?page={page}")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="post"') == 3


def test_page_past_the_end_is_not_found(client):
    thread = make_thread(replies=2)
    response = client.get(f"/threads/{thread.id}?page=2")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_missing_thread_and_post_use_the_404_page(client):
    for url in ("/threads/424242", "/posts/424242", "/posts/424242/history", "/threads/x"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "skip-link" in response.get_data(as_text=True)


def test_edit_shows_marker_and_history(client, login):
    author = login()
    thread = make_thread(author, body="Version one")
    post_id = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id))
    form = client.get(f"/posts/{post_id}/edit").get_data(as_text=True)
    assert "Version one</textarea>" in form
    response = client.submit(f"/posts/{post_id}/edit", {"body": "Version two", "submit": "Save"})
    assert response.status_code == 302
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Version two" in page and "edited" in page
    history = client.get(f"/posts/{post_id}/history").get_data(as_text=True)
    assert "Version one" in history and "Version two" in history


def test_cannot_open_edit_form_for_someone_elses_post(client, login):
    thread = make_thread()
    login()
    post_id = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id))
    assert client.get(f"/posts/{post_id}/edit").status_code == 403


def test_delete_leaves_a_placeholder(client, login):
    author = login()
    thread = make_thread()
    reply = make_post(thread, author, body="Oops, wrong thread")
    response = client.submit(f"/posts/{reply.id}/delete")
    assert response.status_code == 302
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "This post was deleted" in page
    assert "Oops, wrong thread" not in page
    assert client.get(f"/posts/{reply.id}/history").status_code == 404


def test_staff_can_still_read_deleted_post(client, login):
    thread = make_thread()
    reply = make_post(thread, body="Contains a name")
    service.delete_post(make_user(role="moderator"), service.get_post(None, reply.id))
    login(role="moderator")
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "This post was deleted" in page and "Contains a name" in page


def test_moderator_pins_and_locks_from_the_thread_page(client, login):
    thread = make_thread()
    login(role="moderator")
    page = f"/threads/{thread.id}"
    assert client.submit(f"{page}/state", {"action": "pin"}, form_url=page).status_code == 302
    assert client.submit(f"{page}/state", {"action": "lock"}, form_url=page).status_code == 302
    thread = db.session.get(Thread, thread.id)
    db.session.refresh(thread)
    assert thread.is_pinned and thread.is_locked
    assert client.submit(f"{page}/state", {"action": "explode"}, form_url=page).status_code == 400


def test_member_cannot_pin(client, login):
    thread = make_thread()
    login()
    token = client.csrf_token(f"/threads/{thread.id}")
    response = client.post(
        f"/threads/{thread.id}/state", data={"action": "pin", "csrf_token": token}
    )
    assert response.status_code == 403
    assert not db.session.get(Thread, thread.id).is_pinned


def test_thread_page_query_count_does_not_grow_with_posts(client, count_queries):
    def queries_for(replies: int) -> int:
        thread = make_thread(replies=0)
        for _ in range(replies):
            make_post(thread, make_user(role="moderator", specialty_id=make_specialty().id))
        with count_queries() as statements:
            assert client.get(f"/threads/{thread.id}").status_code == 200
        return len(statements)

    small, large = queries_for(4), queries_for(49)
    assert small == large
    assert large <= 4


@pytest.mark.parametrize(
    "url", ["/threads/99999999999999999999", "/threads/2147483648", "/posts/0", "/threads/-1"]
)
def test_ids_out_of_column_range_are_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/specialties/a%00b", "/members/x%00", "/?page=%00"])
def test_nul_bytes_get_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "cannot be stored" in response.get_data(as_text=True)


def test_nul_byte_in_a_post_is_refused_without_storing(client, login):
    thread = make_thread()
    login()
    response = client.submit(
        f"/threads/{thread.id}/reply", {"body": "hi\x00there", "submit": "Post"}
    )
    assert response.status_code == 400
    assert db.session.get(Thread, thread.id).post_count == 1


def test_new_thread_specialty_starts_unchosen_and_is_required(client, login):
    login()
    make_specialty(name="Cardiology")
    html = client.get("/threads/new").get_data(as_text=True)
    assert '<option selected value="">Choose a specialty…</option>' in html
    data = _new_thread_data(make_specialty(), [make_topic()])
    data["specialty"] = ""
    response = client.submit("/threads/new", data)
    assert re.search(r'id="specialty-error">Choose a specialty', response.get_data(as_text=True))


def test_editing_the_opening_post_can_rename_the_thread(client, login):
    author = login()
    thread = make_thread(author, title="Original title of the thread", body="Opening words")
    opening = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    reply = make_post(thread, author=author, body="A reply")
    assert 'name="title"' in client.get(f"/posts/{opening.id}/edit").get_data(as_text=True)
    assert 'name="title"' not in client.get(f"/posts/{reply.id}/edit").get_data(as_text=True)

    short = client.submit(f"/posts/{opening.id}/edit", {"title": "Too short", "body": "Opening"})
    assert short.status_code == 200
    assert "Titles are 10–200 characters." in short.get_data(as_text=True)
    assert 'value="Too short"' in short.get_data(as_text=True)  # what was typed is kept

    renamed = client.submit(
        f"/posts/{opening.id}/edit", {"title": "  A clearer   title for it  ", "body": "Opening"}
    )
    assert renamed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).title == "A clearer title for it"
    assert "A clearer title for it" in client.get(f"/threads/{thread.id}").get_data(as_text=True)


def test_a_reply_cannot_rename_the_thread(client, login):
    author = login()
    thread = make_thread(author, title="Original title of the thread")
    reply = make_post(thread, author=author, body="A reply")
    client.submit(f"/posts/{reply.id}/edit", {"title": "Hijacked thread title", "body": "Edited"})
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).title == "Original title of the thread"
    with pytest.raises(Invalid):
        service.edit_post(
            author, service.get_post(None, reply.id), "Edited again", title="Hijacked thread title"
        )


def test_someone_else_cannot_rename_a_thread_by_editing(client, login):
    thread = make_thread(title="Original title of the thread")
    opening = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    login()
    response = client.submit(f"/posts/{opening.id}/edit", {"title": "Hijacked thread title"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).title == "Original title of the thread"
