"""Admins grant and take back the mentor and moderator roles and choose a scoped
moderator's specialties at /moderation/users/<username>/roles; every change is in the
audit log with its before and after, and reaches the member's open sessions."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from forum import permissions
from forum.auth.models import User
from forum.exceptions import Invalid, NotAllowed
from forum.extensions import db
from forum.moderation import people
from forum.moderation.models import AuditEntry
from forum.notifications.models import Notification
from tests.factories import PASSWORD, make_specialty, make_user

ROLES = "/moderation/users/{}/roles"


@pytest.fixture
def specialties(app):
    return (
        make_specialty("Cardiology", slug="cardiology"),
        make_specialty("Oncology", slug="oncology"),
        make_specialty("Neurology", slug="neurology", position=3),
    )


def html(response) -> str:
    return unescape(response.get_data(as_text=True))


def log_in(client, username: str) -> None:
    assert client.submit("/login", {"username": username, "password": PASSWORD}).status_code == 302


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def entries(action: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def test_an_admin_grants_roles_and_scopes_with_audit_entries_and_a_notice(client, specialties):
    cardiology, oncology, _neurology = specialties
    make_user("admin", username="root")
    rohan = make_user(username="rohan")
    log_in(client, "root")

    form = html(client.get(ROLES.format("rohan")))
    assert 'name="mentor"' in form and 'name="moderator"' in form
    assert "<legend>Moderates these specialties</legend>" in form
    assert "admin" not in re.findall(r'name="(\w+)"', form)  # admins are made from the CLI

    response = client.submit(
        ROLES.format("rohan"),
        {
            "mentor": "y",
            "specialties": [str(cardiology.id), str(oncology.id)],
            "reason": "Leads the cardiology journal club",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderation/users/rohan")

    rohan = fresh(rohan)
    assert rohan.roles == {"mentor"}
    assert rohan.moderated_specialty_ids == {cardiology.id, oncology.id}
    (roles,) = entries("user.roles")
    assert (roles.actor_name, roles.target_id, roles.reason) == (
        "root",
        rohan.id,
        "Leads the cardiology journal club",
    )
    assert (roles.before, roles.after) == ({"roles": []}, {"roles": ["mentor"]})
    (scopes,) = entries("user.scopes")
    assert scopes.before == {"specialties": []}
    assert scopes.after == {"specialties": ["cardiology", "oncology"]}
    notice = db.session.scalars(
        select(Notification.message).where(Notification.user_id == rohan.id)
    ).one()
    assert "your roles are now: mentor" in notice
    assert "you moderate Cardiology, Oncology" in notice

    page = html(client.get("/moderation/users/rohan"))
    assert "Roles saved." in page
    assert re.search(r"<dt>Moderates</dt><dd><a [^>]*>Cardiology</a>, <a [^>]*>Oncology</a>", page)


def test_taking_roles_and_scopes_back_records_what_they_were(client, specialties):
    cardiology, oncology, _ = specialties
    make_user("admin", username="root")
    member = make_user("mentor moderator", username="tom", moderates=[cardiology])
    log_in(client, "root")

    response = client.submit(ROLES.format("tom"), {"specialties": [str(oncology.id)]})
    assert response.status_code == 302
    tom = fresh(member)
    assert tom.roles == frozenset()
    assert tom.moderated_specialty_ids == {oncology.id}
    (roles,) = entries("user.roles")
    assert (roles.before, roles.after) == ({"roles": ["mentor", "moderator"]}, {"roles": []})
    (scopes,) = entries("user.scopes")
    assert (scopes.before, scopes.after) == (
        {"specialties": ["cardiology"]},
        {"specialties": ["oncology"]},
    )


def test_saving_the_form_unchanged_writes_nothing(client, specialties):
    cardiology = specialties[0]
    make_user("admin", username="root")
    make_user("mentor", username="rohan", moderates=[cardiology])
    log_in(client, "root")
    form = html(client.get(ROLES.format("rohan")))
    assert re.search(rf'value="{cardiology.id}" checked', form)
    assert re.search(r'name="mentor"[^>]*checked|checked[^>]*name="mentor"', form)

    response = client.submit(
        ROLES.format("rohan"),
        {"mentor": "y", "specialties": [str(cardiology.id)]},
        follow_redirects=True,
    )
    assert "Nothing changed." in html(response)
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_an_unknown_specialty_is_a_message_beside_the_field(client, specialties):
    make_user("admin", username="root")
    make_user(username="rohan")
    log_in(client, "root")
    response = client.submit(ROLES.format("rohan"), {"specialties": ["999999"], "mentor": "y"})
    assert response.status_code == 200
    assert re.search(r'id="specialties-error">[^<]*not a valid choice', html(response))
    assert (
        fresh(db.session.scalars(select(User).where(User.username == "rohan")).one()).roles == set()
    )


@pytest.mark.parametrize("role", ["member", "mentor", "moderator"])
def test_only_admins_open_the_roles_page(client, login, role):
    make_user(username="rohan")
    login(role)
    response = client.get(ROLES.format("rohan"))
    assert response.status_code == 403
    assert "Only admins change members' roles." in html(response)
    assert client.submit(ROLES.format("rohan"), {"mentor": "y"}, form_url="/").status_code == 403
    assert entries("user.roles") == []


def test_guests_are_sent_to_log_in_and_unknown_members_are_404(client, login):
    response = client.get(ROLES.format("rohan"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login("admin")
    assert client.get(ROLES.format("nobody")).status_code == 404


def test_admins_act_on_moderators_but_not_on_admins_or_themselves(client, specialties):
    make_user("admin", username="root")
    make_user("admin", username="other_admin")
    make_user("moderator", username="tom")
    log_in(client, "root")

    assert client.get(ROLES.format("tom")).status_code == 200
    refused = client.get(ROLES.format("other_admin"))
    assert refused.status_code == 403
    assert "changed from the command line" in html(refused)
    assert "You cannot change your own roles." in html(client.get(ROLES.format("root")))
    assert (
        client.submit(ROLES.format("other_admin"), {}, form_url=ROLES.format("tom")).status_code
        == 403
    )
    assert entries("user.roles") == []
    # The moderators' page offers the link exactly where it works.
    assert "/roles" in html(client.get("/moderation/users/tom"))
    assert "/roles" not in html(client.get("/moderation/users/other_admin"))


def test_the_service_refuses_roles_it_does_not_offer(app, specialties):
    admin, member = make_user("admin"), make_user()
    with pytest.raises(Invalid):
        people.change_roles(admin, member, roles={"admin"}, specialty_ids=[])
    with pytest.raises(NotAllowed):
        people.change_roles(make_user("moderator"), member, roles={"mentor"}, specialty_ids=[])
    assert fresh(member).roles == frozenset()


def test_a_new_scope_reaches_an_open_session_on_its_next_request(app, client, specialties):
    cardiology = specialties[0]
    make_user("admin", username="root")
    make_user(username="rohan")
    admin = app.test_client()

    def request(call):
        with app.app_context():  # a request of its own, as in production
            return call()

    request(lambda: log_in(client, "rohan"))
    assert request(lambda: client.get("/moderation/users/root")).status_code == 403
    request(lambda: log_in(admin, "root"))
    response = request(
        lambda: admin.submit(ROLES.format("rohan"), {"specialties": [str(cardiology.id)]})
    )
    assert response.status_code == 302
    # rohan's session, opened before: he moderates cardiology from his next request on.
    assert request(lambda: client.get("/moderation/users/root")).status_code == 200
    assert permissions.moderates(
        db.session.scalars(select(User).where(User.username == "rohan")).one(), cardiology.id
    )
