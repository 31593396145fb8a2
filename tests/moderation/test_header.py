"""The header's "Moderation" link: its counts for moderators of any scope, nothing (and
no query) for guests and members, one query a request for staff."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import g, render_template_string
from flask_login import login_user

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import header
from forum.threads import service as threads
from tests.factories import make_post, make_specialty, make_thread, make_user
from tests.moderation.test_dashboard import auto_hide, flag


def _nav(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index('<ul class="nav-links">') : html.index("</ul>", html.index("nav-links"))]


def _moderation_link(response) -> str | None:
    """The link's text as a screen reader reads it (visible text and sr-only words)."""
    match = re.search(r'<a href="/moderation"[^>]*>(.*?)</a>', _nav(response), re.S)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split()) if match else None


@pytest.fixture
def waiting(app):
    """In cardiology: two open flags on one post and one auto-hidden post; in oncology, one
    open flag. A dismissed flag counts for nobody."""
    cardiology = make_specialty("Cardiology", slug="cardiology")
    oncology = make_specialty("Oncology", slug="oncology")
    thread = make_thread(specialty=cardiology)
    flagged = make_post(thread, body="Flagged twice.")
    flag(flagged, reason="privacy")
    flag(flagged)
    flag(make_post(thread), status="dismissed")
    moderator = make_user("moderator")
    auto_hide(threads.get_post(moderator, make_post(thread).id))
    flag(make_post(make_thread(specialty=oncology)))
    return {"thread": thread, "cardiology": cardiology, "oncology": oncology}


def _page_statements(client, count_queries, url: str) -> list[str]:
    for name in list(g):  # start the measured request clean, as a real one starts
        g.pop(name)
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements


def test_staff_see_the_link_with_their_counts(client, login, waiting):
    login("moderator")
    response = client.get("/")
    assert _moderation_link(response) == "Moderation (3 open flags, 1 hidden awaiting review)"


def test_a_scoped_moderator_counts_only_their_specialties(client, login, waiting):
    login(moderates=[waiting["oncology"]])
    assert _moderation_link(client.get("/")) == "Moderation (1 open flag)"


def test_nothing_waiting_is_a_plain_link(client, login):
    login("admin")
    response = client.get("/latest")
    assert _moderation_link(response) == "Moderation"
    assert 'class="nav-count"' not in _nav(response).split("/moderation")[1].split("</li>")[0]


@pytest.mark.parametrize("who", ["guest", "member", "mentor", "suspended moderator"])
def test_guests_members_and_suspended_moderators_get_no_link(client, login, waiting, who):
    if who == "suspended moderator":
        login("moderator", suspended_until=utcnow() + timedelta(days=1))
    elif who != "guest":
        login(who)
    response = client.get("/")
    assert _moderation_link(response) is None
    assert "/moderation" not in response.get_data(as_text=True)


def _without_the_processor(app):
    processors = app.template_context_processors[None]
    index = processors.index(header.moderation_in_header)
    return processors, index


@pytest.mark.parametrize("who", ["guest", "member"])
def test_a_guests_or_members_page_does_not_gain_a_query(
    app, client, login, count_queries, waiting, who
):
    if who == "member":
        login()
    url = f"/threads/{waiting['thread'].id}"
    client.get(url)  # warm whatever is warmed once
    with_processor = _page_statements(client, count_queries, url)
    assert not [s for s in with_processor if "flags" in s]
    processors, index = _without_the_processor(app)
    removed = processors.pop(index)
    try:
        without = _page_statements(client, count_queries, url)
    finally:
        processors.insert(index, removed)
    assert len(with_processor) == len(without)


def test_a_moderators_page_gains_exactly_one_query(app, client, login, count_queries, waiting):
    login("moderator")
    url = f"/threads/{waiting['thread'].id}"
    client.get(url)
    with_processor = _page_statements(client, count_queries, url)
    processors, index = _without_the_processor(app)
    removed = processors.pop(index)
    try:
        without = _page_statements(client, count_queries, url)
    finally:
        processors.insert(index, removed)
    assert len(with_processor) == len(without) + 1
    assert len([s for s in with_processor if "FROM flags" in s]) == 1


def test_the_counts_are_asked_once_a_request(app, count_queries, waiting):
    moderator = make_user("moderator")
    with app.test_request_context("/"):
        login_user(moderator)
        with count_queries() as statements:
            first = render_template_string("{{ moderation_counts.open_flags }}")
            second = render_template_string("{{ moderation_counts.hidden }}")
        assert (first, second) == ("3", "1")
        assert len([s for s in statements if "FROM flags" in s]) == 1
    # A new request counts again (nothing is carried over from the last one).
    flag(make_post(waiting["thread"]))
    with app.test_request_context("/"):
        login_user(db.session.get(type(moderator), moderator.id))
        assert render_template_string("{{ moderation_counts.open_flags }}") == "4"


def test_the_dashboard_reuses_the_headers_counts(client, login, count_queries, waiting):
    login("moderator")
    statements = _page_statements(client, count_queries, "/moderation")
    # One statement reads the open flags' count; the list of flagged posts is another.
    counting = [s for s in statements if "count(DISTINCT" in s or "count(distinct" in s]
    assert len(counting) == 1
