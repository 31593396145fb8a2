"""people_demo.seed_demo: a cardiology moderator, a suspended member with staff notes,
written through the services (so the audit log has them), and nothing twice."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.auth.models import User
from forum.extensions import db
from forum.moderation import people_demo
from forum.moderation.models import AuditEntry, Suspension, UserNote
from forum.permissions import can_suspend, moderates
from tests.factories import make_specialty, make_user


def test_demo_people_are_added_once(app):
    cardiology = make_specialty("Cardiology", slug="cardiology")
    make_specialty("Emergency medicine", slug="emergency-medicine")
    tom = make_user("moderator", username="tom_adebayo")
    make_user("moderator", username="karin_lindqvist")

    assert people_demo.seed_demo() == {"users": 2, "suspensions": 1, "notes": 2}
    assert people_demo.seed_demo() == {"users": 0, "suspensions": 0, "notes": 0}

    db.session.expire_all()
    amara = db.session.scalars(select(User).where(User.username == "amara_nwosu")).one()
    victor = db.session.scalars(select(User).where(User.username == "victor_hale")).one()
    assert moderates(amara, cardiology.id) and not can_suspend(amara, victor)
    assert amara.check_password("correct-horse-battery")  # the demo moderator's password
    assert victor.is_suspended
    assert db.session.scalar(select(func.count(Suspension.id))) == 1
    assert db.session.scalar(select(func.count(UserNote.id))) == 2
    assert [
        a for (a,) in db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id))
    ] == [
        "user.scopes",
        "user.note",
        "user.suspend",
        "user.note",
    ]
    assert tom.id == db.session.scalars(select(Suspension.moderator_id)).one()
