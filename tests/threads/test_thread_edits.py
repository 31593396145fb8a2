"""The author's own thread: its specialty and topics, its opening post, its history."""

import pytest
from sqlalchemy import select

from forum.exceptions import NotAllowed
from forum.extensions import db
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service
from forum.threads.models import PostRevision, Thread
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user, nth_post


def test_the_author_moves_their_thread_and_the_counters_follow(app):
    old, new = make_specialty(), make_specialty()
    first_topic, second_topic = make_topic(), make_topic()
    author = make_user()
    thread = make_thread(author, old, [first_topic], replies=2)
    opening = service.get_post(author, thread.first_post_id)
    service.edit_post(
        author, opening, opening.body_md, specialty_id=new.id, topic_ids=[second_topic.id]
    )
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).specialty_id == new.id
    old, new = db.session.get(Specialty, old.id), db.session.get(Specialty, new.id)
    assert (old.thread_count, old.post_count) == (0, 0)
    assert (new.thread_count, new.post_count) == (1, 3)
    first_topic = db.session.get(ResearchTopic, first_topic.id)
    second_topic = db.session.get(ResearchTopic, second_topic.id)
    assert (first_topic.thread_count, second_topic.thread_count) == (0, 1)


def test_the_edit_page_of_an_opening_post_changes_specialty_and_topics(client, login):
    specialty, other = make_specialty(), make_specialty()
    topic, other_topic = make_topic(), make_topic()
    author = login()
    thread = make_thread(author, specialty, [topic])
    url = f"/posts/{thread.first_post_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'name="specialty"' in page and 'name="topics"' in page
    response = client.submit(
        url,
        {
            "title": thread.title,
            "specialty": str(other.id),
            "topics": [str(other_topic.id)],
            "body": "Opening post with **Markdown**.",
            "submit": "Save changes",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Thread, thread.id)
    assert moved.specialty_id == other.id
    assert [t.id for t in service.with_topics(moved).topics] == [other_topic.id]


def test_no_topics_is_an_error_next_to_the_field_and_keeps_the_text(client, login):
    author = login()
    thread = make_thread(author)
    url = f"/posts/{thread.first_post_id}/edit"
    response = client.submit(
        url,
        {"title": thread.title, "specialty": str(thread.specialty_id), "body": "Kept text"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose between one and five research topics." in html and "Kept text" in html


def test_a_reply_has_no_thread_fields(client, login):
    author = login()
    reply = make_post(make_thread(), author)
    page = client.get(f"/posts/{reply.id}/edit").get_data(as_text=True)
    assert 'name="specialty"' not in page and 'name="title"' not in page


def test_an_opening_post_with_replies_stays_but_can_be_edited(client, login):
    author = login()
    thread = make_thread(author, replies=1)
    opening = service.get_post(author, thread.first_post_id)
    with pytest.raises(NotAllowed, match="opening post stays"):
        service.delete_post(author, opening)
    response = client.get(f"/posts/{thread.first_post_id}/delete")
    assert response.status_code == 403
    assert "opening post stays" in response.get_data(as_text=True)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'/posts/{thread.first_post_id}/delete"' not in page
    assert f'/posts/{thread.first_post_id}/edit"' in page


def test_deleting_the_opening_post_of_a_thread_without_replies_deletes_the_thread(
    client, login
):
    author = login()
    specialty = make_specialty()
    thread = make_thread(author, specialty)
    response = client.submit(f"/posts/{thread.first_post_id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert client.get(f"/threads/{thread.id}").status_code == 404
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).deleted_at is not None
    assert db.session.get(Specialty, specialty.id).thread_count == 0


def test_a_moderator_may_still_delete_an_opening_post_with_replies(app):
    thread = make_thread(replies=1)
    moderator = make_user(role="moderator")
    service.delete_post(moderator, service.get_post(moderator, thread.first_post_id))
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).is_deleted


def test_a_rename_is_kept_in_the_history_with_who_made_it(app):
    author = make_user()
    thread = make_thread(author, title="The first title of this thread")
    opening = service.get_post(author, nth_post(thread, 1).id)
    service.edit_post(author, opening, opening.body_md, title="A better title for the thread")
    revision = db.session.scalar(select(PostRevision).where(PostRevision.post_id == opening.id))
    assert revision.title == "The first title of this thread"
    assert revision.editor_id == author.id
