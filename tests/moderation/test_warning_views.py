"""A member reads the warnings addressed to them at /account/warnings (where the
warning's notice leads) and marks them read; nobody else's; constant queries."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from forum.extensions import db
from forum.moderation import warnings
from forum.moderation.models import ModeratorWarning
from tests.factories import make_user
from tests.moderation.flag_scene import make_scene, notices

PAGE = "/account/warnings"


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_the_notice_leads_to_the_warning_only_its_member_reads(client, auth, app):
    scene = make_scene()
    site = make_user(role="moderator")
    warnings.warn_user(site, scene.author, "Please keep patient details out.\nThank you.")
    (notice,) = notices(scene.author)
    assert notice.link == PAGE
    auth.login(scene.author.username)
    html = _html(client.get(notice.link))
    assert "Please keep patient details out.\nThank you." in html
    assert "I have read this" in html
    auth.logout()
    auth.login(scene.members[0].username)
    html = _html(client.get(PAGE))
    assert "Please keep patient details out." not in html and "You have no warnings." in html
    assert client.get(PAGE).status_code == 200


def test_marking_a_warning_read(client, auth, app):
    scene = make_scene()
    site = make_user(role="moderator")
    warning = warnings.warn_user(site, scene.author, "Careful with dosing advice.")
    mine = f"{PAGE}/{warning.id}/read"
    auth.login(scene.members[0].username)
    assert client.submit(mine, {}, form_url=PAGE).status_code == 404  # not theirs
    auth.logout()
    auth.login(scene.author.username)
    response = client.submit(mine, {}, form_url=PAGE)
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    db.session.expire_all()
    assert db.session.get(ModeratorWarning, warning.id).read_at is not None
    assert "I have read this" not in _html(client.get(PAGE))
    assert client.submit(f"{PAGE}/999999/read", {}, form_url=PAGE).status_code == 404
    assert client.get(PAGE).status_code == 200


def test_guests_log_in_first(client, app):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_warnings_page_costs_the_same_queries_for_5_and_50(client, auth, app, count_queries):
    site = make_user(role="moderator")
    counts = []
    for size in (5, 50):
        member = make_user()
        for n in range(size):
            warnings.warn_user(site, member, f"Warning number {n}.")
        auth.login(member.username)
        for name in list(g):
            g.pop(name)
        with count_queries() as statements:
            html = _html(client.get(PAGE))
        assert html.count('<li id="warning-') == min(size, 20)
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts
    assert db.session.scalar(select(ModeratorWarning.id).limit(1)) is not None
