"""Watch levels: the service's rules, the control on thread pages, the settings page."""

from __future__ import annotations

import re

import pytest
from flask import render_template
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from forum.exceptions import Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.notifications import queries, service
from forum.notifications.models import NotificationSettings, Watch
from tests.factories import make_specialty, make_thread, make_topic, make_user
from tests.notifications.support import make_private


def _level(user, kind, target_id):
    db.session.expire_all()
    return db.session.scalar(
        select(Watch.level).where(
            Watch.user_id == user.id, Watch.target_kind == kind, Watch.target_id == target_id
        )
    )


# --- the service ------------------------------------------------------------------------


def test_set_watch_sets_and_changes_a_level_on_each_kind_of_target(app):
    member, thread = make_user(), make_thread()
    specialty, topic = make_specialty(), make_topic()
    service.set_watch(member, "thread", thread.id, "watching")
    service.set_watch(member, "thread", thread.id, "muted")
    service.set_watch(member, "specialty", specialty.id, "tracking")
    service.set_watch(member, "topic", topic.id, "watching")
    assert _level(member, "thread", thread.id) == "muted"
    assert _level(member, "specialty", specialty.id) == "tracking"
    assert _level(member, "topic", topic.id) == "watching"


def test_set_watch_refuses_unknown_levels_targets_and_guests(app):
    member, thread = make_user(), make_thread()
    with pytest.raises(Invalid) as refused:
        service.set_watch(member, "thread", thread.id, "obsessed")
    assert refused.value.field == "level"
    with pytest.raises(NotFound):
        service.set_watch(member, "thread", thread.id + 100, "watching")
    with pytest.raises(NotFound):
        service.set_watch(member, "specialty", 999, "watching")
    with pytest.raises(NotFound):
        service.set_watch(member, "forum", 1, "watching")
    with pytest.raises(NotAllowed):
        service.set_watch(AnonymousUserMixin(), "thread", thread.id, "watching")
    assert _level(member, "thread", thread.id) is None


def test_a_private_thread_cannot_be_watched_from_outside(app):
    insider, outsider = make_user(), make_user()
    thread = make_thread()
    make_private(thread, insider)
    with pytest.raises(NotFound):
        service.set_watch(outsider, "thread", thread.id, "watching")
    service.set_watch(insider, "thread", thread.id, "watching")
    assert _level(insider, "thread", thread.id) == "watching"


def test_a_mentor_can_leave_and_restore_the_default_on_their_specialty(app):
    specialty = make_specialty()
    mentor = make_user(role="mentor", specialty_id=specialty.id)
    member = make_user(specialty_id=specialty.id)
    assert queries.watch_state(mentor, "specialty", specialty.id).level == "first_post"
    assert queries.watch_state(member, "specialty", specialty.id).level == "normal"
    service.set_watch(mentor, "specialty", specialty.id, "muted")
    assert queries.watch_state(mentor, "specialty", specialty.id).level == "muted"
    service.set_watch(mentor, "specialty", specialty.id, "first_post")
    assert _level(mentor, "specialty", specialty.id) is None
    assert queries.watch_state(mentor, "specialty", specialty.id).level == "first_post"
    with pytest.raises(Invalid):
        service.set_watch(member, "specialty", specialty.id, "first_post")


def test_guests_have_no_watch_state_and_cost_no_query(app, count_queries):
    with count_queries() as statements:
        assert queries.watch_state(None, "specialty", 1) is None
        assert queries.watch_state(AnonymousUserMixin(), "topic", 1) is None
    assert statements == []


# --- the control on the thread page -------------------------------------------------------


def _control(html: str) -> str:
    match = re.search(r'<form method="post" action="/watch".*?</form>', html, re.S)
    return match[0] if match else ""


def _selected(html: str) -> str | None:
    match = re.search(r'<option value="(\w+)" selected>', _control(html))
    return match[1] if match else None


def test_guests_see_no_watch_control(client):
    thread = make_thread()
    assert _control(client.get(f"/threads/{thread.id}").get_data(as_text=True)) == ""


def test_a_member_sets_the_threads_level_from_its_page(client, login):
    thread = make_thread()
    member = login()
    page = f"/threads/{thread.id}"
    assert _selected(client.get(page).get_data(as_text=True)) == "normal"
    response = client.submit(
        "/watch",
        {"target_kind": "thread", "target_id": thread.id, "level": "watching", "next": page},
        form_url=page,
    )
    assert response.status_code == 302 and response.headers["Location"] == page
    html = client.get(page).get_data(as_text=True)
    assert "You are watching this thread" in html
    assert _selected(html) == "watching"
    assert _level(member, "thread", thread.id) == "watching"


def test_the_thread_page_says_where_an_inherited_level_comes_from(client, login):
    specialty = make_specialty(name="Cardiology")
    thread = make_thread(specialty=specialty)
    member = login()
    service.set_watch(member, "specialty", specialty.id, "watching")
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert _selected(html) == "watching"
    assert "You watch Cardiology." in _control(html)


def test_the_watch_extra_is_one_query_for_members_and_none_for_guests(client, login, count_queries):
    thread = make_thread()
    page = f"/threads/{thread.id}"
    with count_queries() as guest:
        client.get(page)
    login()
    client.get(page)
    with count_queries() as member:
        client.get(page)
    assert [s for s in guest if "FROM watches" in s] == []
    assert len([s for s in member if "FROM watches" in s]) == 1


def test_a_bad_level_is_refused_with_a_message_and_changes_nothing(client, login):
    thread = make_thread()
    member = login()
    page = f"/threads/{thread.id}"
    response = client.submit(
        "/watch",
        {"target_kind": "thread", "target_id": thread.id, "level": "loud", "next": page},
        form_url=page,
        follow_redirects=True,
    )
    assert "Choose how this should notify you" in response.get_data(as_text=True)
    assert _level(member, "thread", thread.id) is None


def test_watching_a_thread_one_may_not_see_answers_404(client, login):
    thread = make_thread()
    make_private(thread, make_user())
    login()
    response = client.submit(
        "/watch",
        {"target_kind": "thread", "target_id": thread.id, "level": "watching", "next": "/"},
        form_url="/",
    )
    assert response.status_code == 404


def test_the_control_include_serves_specialty_and_topic_pages(app, client, login):
    """notifications/_watch_control.html as the specialty page includes it."""
    specialty = make_specialty()
    mentor = login(role="mentor", specialty_id=specialty.id)
    state = queries.watch_state(mentor, "specialty", specialty.id)
    with app.test_request_context(f"/specialties/{specialty.slug}"):
        html = render_template(
            "notifications/_watch_control.html",
            target_kind=state.target_kind,
            target_id=state.target_id,
            level=state.level,
        )
    assert _selected(html) == "first_post"
    assert f'value="/specialties/{specialty.slug}"' in html  # back to the page
    client.submit(
        "/watch",
        {"target_kind": "specialty", "target_id": specialty.id, "level": "muted", "next": "/"},
        form_url="/",
    )
    assert _level(mentor, "specialty", specialty.id) == "muted"


# --- the settings page -----------------------------------------------------------------------


def test_the_setting_to_watch_what_one_posts_in(client, login):
    member = login()
    html = client.get("/settings/notifications").get_data(as_text=True)
    assert re.search(r"<input [^>]*checked id=\"watch_on_post\"", html)
    response = client.submit("/settings/notifications", {}, follow_redirects=True)
    assert "Your notification settings are saved." in response.get_data(as_text=True)
    assert db.session.get(NotificationSettings, member.id).watch_on_post is False
    html = client.get("/settings/notifications").get_data(as_text=True)
    assert not re.search(r"<input [^>]*checked id=\"watch_on_post\"", html)
    client.submit("/settings/notifications", {"watch_on_post": "y"})
    db.session.expire_all()
    assert db.session.get(NotificationSettings, member.id).watch_on_post is True


def test_the_settings_page_needs_a_login(client):
    response = client.get("/settings/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
