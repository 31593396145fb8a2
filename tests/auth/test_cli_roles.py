"""The command line grants roles and moderator scopes: create-user --moderates, set-roles
and set-scopes; what it changes is in the audit log, by "system"."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.auth.cli import set_scopes_command
from forum.auth.models import User
from forum.extensions import db
from forum.moderation.models import AuditEntry
from tests.factories import make_specialty, make_user

PASSWORD = "a-brand-new-passphrase"


@pytest.fixture
def specialties(app):
    return make_specialty("Cardiology", slug="cardiology"), make_specialty(
        "Oncology", slug="oncology"
    )


def user(username: str) -> User:
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.username == username)).one()


def entries() -> list[tuple]:
    return [
        (e.action, e.actor_name, e.target_label, e.before, e.after)
        for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]


def test_create_user_with_scopes(runner, specialties):
    cardiology, oncology = specialties
    result = runner.invoke(
        args=["create-user", "amara", "--moderates", "cardiology", "--moderates", "ONCOLOGY"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created member amara, moderating cardiology, oncology." in result.output
    amara = user("amara")
    assert amara.moderated_specialty_ids == {cardiology.id, oncology.id}
    assert entries() == [
        (
            "user.scopes",
            "system",
            "amara",
            {"specialties": []},
            {"specialties": ["cardiology", "oncology"]},
        )
    ]


def test_create_user_with_an_unknown_slug_creates_nobody(runner, specialties):
    result = runner.invoke(
        args=["create-user", "amara", "--moderates", "cardiologyy"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code != 0
    assert "No specialty has the slug cardiologyy." in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_create_user_with_a_role_is_audited(runner):
    result = runner.invoke(
        args=["create-user", "chief", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert entries() == [("user.roles", "system", "chief", {"roles": []}, {"roles": ["admin"]})]


def test_a_plain_sign_up_writes_no_audit_entry(runner):
    result = runner.invoke(args=["create-user", "plain"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert entries() == []


def test_set_scopes_replaces_and_clears_them(runner, specialties):
    cardiology, oncology = specialties
    make_user(username="amara", moderates=[cardiology])

    result = runner.invoke(set_scopes_command, ["amara", "oncology"])
    assert result.exit_code == 0, result.output
    assert "amara now moderates oncology." in result.output
    assert user("amara").moderated_specialty_ids == {oncology.id}

    result = runner.invoke(set_scopes_command, ["amara"])
    assert result.exit_code == 0, result.output
    assert "amara now moderates no specialty." in result.output
    assert user("amara").moderated_specialty_ids == frozenset()
    assert entries() == [
        (
            "user.scopes",
            "system",
            "amara",
            {"specialties": ["cardiology"]},
            {"specialties": ["oncology"]},
        ),
        ("user.scopes", "system", "amara", {"specialties": ["oncology"]}, {"specialties": []}),
    ]


def test_set_scopes_refuses_unknown_users_and_slugs(runner, specialties):
    make_user(username="amara")
    result = runner.invoke(set_scopes_command, ["nobody", "cardiology"])
    assert result.exit_code != 0 and "There is no member with that username." in result.output
    result = runner.invoke(set_scopes_command, ["amara", "cardiology", "nope"])
    assert result.exit_code != 0 and "No specialty has the slug nope." in result.output
    assert user("amara").moderated_specialty_ids == frozenset()
    assert entries() == []


def test_set_roles_is_audited_and_keeps_scopes(runner, specialties):
    cardiology = specialties[0]
    make_user(username="amara", moderates=[cardiology])
    result = runner.invoke(args=["set-roles", "amara", "mentor", "moderator"])
    assert result.exit_code == 0, result.output
    amara = user("amara")
    assert amara.roles == {"mentor", "moderator"}
    assert amara.moderated_specialty_ids == {cardiology.id}
    assert entries() == [
        ("user.roles", "system", "amara", {"roles": []}, {"roles": ["mentor", "moderator"]})
    ]
    # The same roles again change nothing and record nothing.
    assert runner.invoke(args=["set-roles", "amara", "moderator", "mentor"]).exit_code == 0
    assert len(entries()) == 1
