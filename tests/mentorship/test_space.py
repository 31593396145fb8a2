"""A mentorship's private space: its conversation on the thread page, with its banner."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.threads.models import Post
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship


@pytest.fixture
def active(app):
    cardiology = factories.make_specialty("Cardiology", slug="cardiology")
    mentor = make_mentor("drmentor")
    mentee = factories.make_user(username="mentee")
    mentorship = make_mentorship(mentor, mentee, status="active", specialty=cardiology)
    return mentor, mentee, mentorship


def test_members_see_the_banner_linking_back_to_the_mentorship(client, as_user, active):
    mentor, mentee, mentorship = active
    for member in (mentor, mentee):
        as_user(member)
        page = client.get(f"/threads/{mentorship.thread_id}")
        body = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "This conversation is private to Dr Drmentor (mentor) and Dr Mentee" in body
        assert f'href="/mentorships/{mentorship.id}"' in body


def test_public_threads_get_no_banner_and_no_mentorship_query(
    client, as_user, active, count_queries
):
    mentor, _mentee, _mentorship = active
    public = factories.make_thread(mentor)
    as_user(mentor)
    with count_queries() as statements:
        page = client.get(f"/threads/{public.id}")
    assert page.status_code == 200
    assert "This conversation is private" not in page.get_data(as_text=True)
    assert not any("mentorships" in statement for statement in statements)


def test_the_banner_costs_one_query_on_a_space_thread(client, as_user, active, count_queries):
    _mentor, mentee, mentorship = active
    as_user(mentee)
    with count_queries() as statements:
        client.get(f"/threads/{mentorship.thread_id}")
    # The banner's own query (other features read the mentorship for their own parts).
    banner = [s for s in statements if "FROM mentorships JOIN users" in s]
    assert len(banner) == 1


@pytest.mark.parametrize("role", ["member", "mentor", "cardiology moderator", "moderator", "admin"])
def test_everyone_else_gets_404_on_the_conversation(client, as_user, active, role):
    _mentor, _mentee, mentorship = active
    if role == "cardiology moderator":
        cardiology = db.session.scalar(
            select(factories.Specialty).where(factories.Specialty.slug == "cardiology")
        )
        outsider = factories.make_user(moderates=[cardiology])
    else:
        outsider = factories.make_user(role)
    as_user(outsider)
    thread_id = mentorship.thread_id
    first_post = db.session.scalar(select(Post.id).where(Post.thread_id == thread_id))
    for url in (
        f"/threads/{thread_id}",
        f"/threads/{thread_id}/reply",
        f"/posts/{first_post}",
        f"/posts/{first_post}/edit",
        f"/feeds/threads/{thread_id}.atom",
    ):
        assert client.get(url).status_code == 404, url
    token = client.csrf_token("/mentorships")
    reply = client.post(
        f"/threads/{thread_id}/reply", data={"body": "Intruding.", "csrf_token": token}
    )
    assert reply.status_code == 404
    assert db.session.scalar(select(Post.id).where(Post.body_md == "Intruding.")) is None


def test_guests_get_404_on_the_conversation(client, active):
    _mentor, _mentee, mentorship = active
    assert client.get(f"/threads/{mentorship.thread_id}").status_code == 404


def test_space_posts_use_the_same_markdown_and_sanitiser(client, as_user, active):
    mentor, _mentee, mentorship = active
    as_user(mentor)
    url = f"/threads/{mentorship.thread_id}/reply"
    response = client.submit(
        url, {"body": "**Bold** advice <script>alert(1)</script>"}, form_url=url
    )
    assert response.status_code == 302
    post = db.session.scalar(select(Post).where(Post.author_id == mentor.id))
    assert "<strong>Bold</strong>" in post.body_html
    assert "<script>" not in post.body_html
    page = client.get(f"/threads/{mentorship.thread_id}").get_data(as_text=True)
    assert "<strong>Bold</strong> advice" in page
