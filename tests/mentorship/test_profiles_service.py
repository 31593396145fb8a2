"""Applying to mentor, the staff's decision and the mentor's edits, without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.mentorship import profiles
from forum.mentorship.models import MentorProfile
from forum.moderation.models import AuditEntry
from forum.notifications.models import Notification
from tests import factories
from tests.mentorship.scene import make_mentor


def _values(specialty, **changes) -> dict:
    values = {
        "specialty_ids": [specialty.id],
        "topic_ids": [],
        "years_in_practice": 9,
        "statement": "I help residents design their first quality-improvement project.",
        "modes": ["forum", "video"],
        "languages": ["en", "es"],
        "time_zone": "America/Bogota",
        "accepting": True,
        "capacity": 3,
    }
    values.update(changes)
    return values


def _applicant(**fields):
    """A member who may apply to mentor: one with a verified professional credential."""
    member = factories.make_user(**fields)
    factories.make_credential(member)
    return member


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _notices(user) -> list[str]:
    return list(
        db.session.scalars(select(Notification.message).where(Notification.user_id == user.id))
    )


def test_a_member_applies_with_a_pending_profile(app):
    member, specialty = _applicant(), factories.make_specialty()
    topic = factories.make_topic()

    profile = profiles.apply_as_mentor(member, **_values(specialty, topic_ids=[topic.id]))

    db.session.expire_all()
    saved = profiles._profile(member.id)
    assert saved.status == "pending" and profile.user_id == member.id
    assert [s.id for s in saved.specialties] == [specialty.id]
    assert [t.id for t in saved.topics] == [topic.id]
    assert saved.modes == ("forum", "video") and saved.languages == ("en", "es")
    assert (saved.time_zone, saved.capacity, saved.years_in_practice) == ("America/Bogota", 3, 9)
    assert not db.session.get(User, member.id).has_role("mentor")


def test_applying_twice_keeps_one_application(app):
    member, specialty = _applicant(), factories.make_specialty()
    profiles.apply_as_mentor(member, **_values(specialty))

    with pytest.raises(profiles.AlreadyApplied):
        profiles.apply_as_mentor(member, **_values(specialty, statement="Second try."))

    count = db.session.scalar(select(func.count()).select_from(MentorProfile))
    assert count == 1
    assert profiles._profile(member.id).statement.startswith("I help residents")


def test_the_race_of_two_first_submits_is_told_already_applied(app, monkeypatch):
    """Both submits found no row; the primary key refuses the second's INSERT."""
    member, specialty = _applicant(), factories.make_specialty()
    profiles.apply_as_mentor(member, **_values(specialty))
    real = profiles._profile
    calls = []

    def first_look_finds_nothing(user_id, *, lock=False):
        calls.append(lock)
        return None if len(calls) == 1 else real(user_id, lock=lock)

    monkeypatch.setattr(profiles, "_profile", first_look_finds_nothing)
    with pytest.raises(profiles.AlreadyApplied):
        profiles.apply_as_mentor(member, **_values(specialty))
    assert db.session.scalar(select(func.count()).select_from(MentorProfile)) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"specialty_ids": [987654]}, "specialties"),
        ({"specialty_ids": []}, "specialties"),
        ({"specialty_ids": ["1; DROP TABLE users"]}, "specialties"),
        ({"topic_ids": [987654]}, "topics"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 999}, "capacity"),
        ({"capacity": None}, "capacity"),
        ({"time_zone": "Mars/Base"}, "time_zone"),
        ({"time_zone": " Europe/London"}, "time_zone"),
        ({"statement": "x" * (profiles.STATEMENT_LENGTH + 1)}, "statement"),
        ({"statement": "   "}, "statement"),
        ({"modes": ["telepathy"]}, "modes"),
        ({"modes": []}, "modes"),
        ({"languages": ["xx"]}, "languages"),
        ({"years_in_practice": -1}, "years_in_practice"),
        ({"years_in_practice": 500}, "years_in_practice"),
    ],
)
def test_hostile_values_are_refused_beside_their_field(app, changes, field):
    member, specialty = _applicant(), factories.make_specialty()

    with pytest.raises(Invalid) as refused:
        profiles.apply_as_mentor(member, **_values(specialty, **changes))

    assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(MentorProfile)) == 0


def test_a_retired_specialty_is_not_offered_to_apply_with(app):
    member = _applicant()
    retired = factories.make_specialty(retired_at=utcnow())
    with pytest.raises(Invalid) as refused:
        profiles.apply_as_mentor(member, **_values(retired))
    assert refused.value.field == "specialties"


@pytest.mark.parametrize(
    "fields",
    [
        {"role": "mentor"},
        {"email_verified_at": None},
        {"suspended_until": utcnow() + timedelta(days=1)},
    ],
)
def test_mentors_unverified_and_suspended_members_cannot_apply(app, fields):
    member = _applicant(**fields)
    with pytest.raises(NotAllowed):
        profiles.apply_as_mentor(member, **_values(factories.make_specialty()))


@pytest.mark.parametrize("held", [None, "pending", "rejected"])
def test_a_member_without_a_verified_credential_is_refused_beside_the_form(app, held):
    member = factories.make_user()
    if held:
        factories.make_credential(member, held)

    with pytest.raises(Invalid) as refused:
        profiles.apply_as_mentor(member, **_values(factories.make_specialty()))

    assert refused.value.field == "credentials"
    assert "verified professional credential" in refused.value.message
    assert db.session.scalar(select(func.count()).select_from(MentorProfile)) == 0


def test_approving_makes_a_mentor_in_one_audited_unit_of_work(app):
    moderator = factories.make_user("moderator")
    member, specialty = _applicant(), factories.make_specialty()
    profiles.apply_as_mentor(member, **_values(specialty))

    profiles.approve_application(moderator, member.id, "Welcome aboard.")

    db.session.expire_all()
    assert db.session.get(MentorProfile, member.id).status == "approved"
    assert db.session.get(User, member.id).has_role("mentor")
    (decision,) = _entries("mentor.approve")
    assert (decision.actor_id, decision.target_type, decision.target_id) == (
        moderator.id,
        "user",
        member.id,
    )
    assert decision.target_label == member.username and decision.reason == "Welcome aboard."
    (roles,) = _entries("user.roles")
    assert roles.after == {"roles": ["mentor"]} and roles.actor_id == moderator.id
    assert any("was approved" in message for message in _notices(member))
    kinds = set(
        db.session.scalars(select(Notification.kind).where(Notification.user_id == member.id))
    )
    assert "mentorship" in kinds


def test_a_failed_role_grant_rolls_the_approval_back(app, monkeypatch):
    moderator = factories.make_user("moderator")
    member = _applicant()
    profiles.apply_as_mentor(member, **_values(factories.make_specialty()))

    def broken(*args, **kwargs):
        raise RuntimeError("the role grant failed")

    monkeypatch.setattr(profiles.accounts, "apply_roles", broken)
    with pytest.raises(RuntimeError):
        profiles.approve_application(moderator, member.id)

    db.session.expire_all()
    assert db.session.get(MentorProfile, member.id).status == "pending"
    assert _entries("mentor.approve") == []
    assert _notices(member) == []


def test_declining_needs_a_reason_and_tells_the_applicant(app):
    admin = factories.make_user("admin")
    member = _applicant()
    profiles.apply_as_mentor(member, **_values(factories.make_specialty()))

    with pytest.raises(Invalid) as refused:
        profiles.decline_application(admin, member.id, "  ")
    assert refused.value.field == "reason"

    profiles.decline_application(admin, member.id, "Please add more about your research.")

    db.session.expire_all()
    profile = db.session.get(MentorProfile, member.id)
    assert profile.status == "declined" and profile.decided_by_id == admin.id
    assert not db.session.get(User, member.id).has_role("mentor")
    (decision,) = _entries("mentor.decline")
    assert decision.reason == "Please add more about your research."
    assert any("Please add more about your research." in m for m in _notices(member))


def test_a_declined_member_applies_again_into_the_same_row(app):
    moderator = factories.make_user("moderator")
    member, specialty = _applicant(), factories.make_specialty()
    profiles.apply_as_mentor(member, **_values(specialty))
    profiles.decline_application(moderator, member.id, "Too little detail.")

    profiles.apply_as_mentor(member, **_values(specialty, statement="Now with more detail."))

    db.session.expire_all()
    profile = db.session.get(MentorProfile, member.id)
    assert profile.status == "pending" and profile.statement == "Now with more detail."
    assert profile.decision_reason is None and profile.decided_by_id is None


@pytest.mark.parametrize(
    "make_reviewer",
    [
        lambda specialty: factories.make_user(),
        lambda specialty: factories.make_user("mentor"),
        lambda specialty: factories.make_user(moderates=[specialty]),  # a scoped moderator
        lambda specialty: factories.make_user(
            "moderator", suspended_until=utcnow() + timedelta(days=1)
        ),
    ],
    ids=["member", "mentor", "scoped-moderator", "suspended-moderator"],
)
def test_only_active_site_wide_staff_decide(app, make_reviewer):
    specialty = factories.make_specialty()
    reviewer = make_reviewer(specialty)
    member = _applicant()
    profiles.apply_as_mentor(member, **_values(specialty))

    with pytest.raises(NotAllowed):
        profiles.approve_application(reviewer, member.id)
    with pytest.raises(NotAllowed):
        profiles.decline_application(reviewer, member.id, "No.")
    assert db.session.get(MentorProfile, member.id).status == "pending"


def test_a_decided_application_is_not_decided_again(app):
    first, second = factories.make_user("moderator"), factories.make_user("admin")
    member = _applicant()
    profiles.apply_as_mentor(member, **_values(factories.make_specialty()))
    profiles.approve_application(first, member.id)

    with pytest.raises(profiles.AlreadyDecided):
        profiles.decline_application(second, member.id, "Changed my mind.")
    with pytest.raises(NotFound):
        profiles.approve_application(second, factories.make_user().id)
    assert len(_entries("mentor.approve")) == 1 and _entries("mentor.decline") == []


def test_a_mentor_edits_their_profile_and_pauses(app):
    specialty, other = factories.make_specialty(), factories.make_specialty()
    mentor = make_mentor(specialties=[specialty])

    profiles.edit_mentor_profile(mentor, **_values(other, capacity=5, time_zone="Asia/Tokyo"))
    profiles.set_accepting(mentor, False)

    db.session.expire_all()
    profile = profiles._profile(mentor.id)
    assert profile.status == "approved" and profile.capacity == 5
    assert [s.id for s in profile.specialties] == [other.id] and profile.time_zone == "Asia/Tokyo"
    assert profile.accepting is False
    profiles.set_accepting(mentor, True)
    db.session.expire_all()
    assert db.session.get(MentorProfile, mentor.id).accepting is True


def test_pausing_an_application_is_refused_and_suspended_mentors_edit_nothing(app):
    member = _applicant()
    profiles.apply_as_mentor(member, **_values(factories.make_specialty()))
    with pytest.raises(Conflict):
        profiles.set_accepting(member, False)

    suspended = make_mentor(suspended_until=utcnow() + timedelta(days=2))
    with pytest.raises(NotAllowed):
        profiles.set_accepting(suspended, False)
    with pytest.raises(NotAllowed):
        profiles.edit_mentor_profile(suspended, **_values(factories.make_specialty()))
    assert db.session.get(MentorProfile, suspended.id).accepting is True


def test_a_mentor_by_role_without_a_profile_writes_an_approved_one(app):
    mentor = factories.make_user("mentor")
    profiles.edit_mentor_profile(mentor, **_values(factories.make_specialty()))
    assert db.session.get(MentorProfile, mentor.id).status == "approved"

    with pytest.raises(NotFound):
        profiles.edit_mentor_profile(factories.make_user(), **_values(factories.make_specialty()))
