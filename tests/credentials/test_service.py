"""Credentials without HTTP: adding, editing, withdrawing, and the staff's review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.credentials import service
from forum.credentials.models import Credential
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotAllowed, NotFound, RateLimited
from forum.extensions import db
from forum.moderation.models import AuditEntry
from forum.notifications.models import Notification
from tests import factories

NUMBER = "RN-7731-SECRET"


def _values(**changes) -> dict:
    values = {
        "profession": "Registered Nurse",
        "credential_type": "Nursing registration",
        "issuing_body": "NMC",
        "jurisdiction": "UK",
        "number": NUMBER,
        "institution": "St Brendan's General Hospital",
        "years_in_practice": 14,
    }
    values.update(changes)
    return values


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Credential))


def _notices(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_a_member_adds_a_pending_credential_with_tidied_values(app):
    member = factories.make_user()

    credential = service.add_credential(
        member, **_values(profession="  Registered   Nurse ", institution="   ")
    )

    db.session.expire_all()
    saved = db.session.get(Credential, credential.id)
    assert (saved.user_id, saved.status, saved.number) == (member.id, "pending", NUMBER)
    assert saved.profession == "Registered Nurse" and saved.institution is None
    assert saved.label == "Registered Nurse, UK NMC"
    assert service.has_verified_credential(member.id) is False


def test_a_member_holds_several_credentials(app):
    member = factories.make_user()
    service.add_credential(member, **_values())
    service.add_credential(
        member, **_values(profession="Independent Prescriber", credential_type="Annotation")
    )
    assert _count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"profession": ""}, "profession"),
        ({"profession": "   "}, "profession"),
        ({"profession": "x" * 81}, "profession"),
        ({"credential_type": None}, "credential_type"),
        ({"issuing_body": ""}, "issuing_body"),
        ({"jurisdiction": "y" * 61}, "jurisdiction"),
        ({"number": ""}, "number"),
        ({"number": "1" * 41}, "number"),
        ({"number": "<script>"}, "number"),
        ({"number": "12--34"}, "number"),
        ({"institution": "z" * 121}, "institution"),
        ({"institution": ["a list"]}, "institution"),
        ({"years_in_practice": -1}, "years_in_practice"),
        ({"years_in_practice": 71}, "years_in_practice"),
        ({"years_in_practice": None}, "years_in_practice"),
        ({"years_in_practice": "12"}, "years_in_practice"),
        ({"years_in_practice": True}, "years_in_practice"),
    ],
)
def test_bad_values_are_refused_beside_their_field(app, changes, field):
    member = factories.make_user()
    with pytest.raises(Invalid) as refused:
        service.add_credential(member, **_values(**changes))
    assert refused.value.field == field
    assert _count() == 0


@pytest.mark.parametrize("years", [0, 70])
def test_years_in_practice_run_from_0_to_70(app, years):
    credential = service.add_credential(factories.make_user(), **_values(years_in_practice=years))
    assert credential.years_in_practice == years


def test_control_characters_never_reach_a_badge(app):
    credential = service.add_credential(
        factories.make_user(), **_values(profession="Nurse\x1fv:Surgeon", jurisdiction="U\x07K")
    )
    assert credential.profession == "Nurse v:Surgeon" and credential.jurisdiction == "U K"


def test_a_suspended_member_adds_nothing(app):
    member = factories.make_user(suspended_until=utcnow() + timedelta(days=2))
    with pytest.raises(NotAllowed, match="suspended"):
        service.add_credential(member, **_values())
    assert _count() == 0


def test_adding_is_rate_limited_and_only_saved_ones_count(app):
    app.config.update(CREDENTIAL_LIMIT=2, CREDENTIAL_LIMIT_WINDOW=3600)
    member = factories.make_user()
    with pytest.raises(Invalid):
        service.add_credential(member, **_values(number=""))  # refused: not counted
    service.add_credential(member, **_values())
    service.add_credential(member, **_values())

    with pytest.raises(RateLimited) as limited:
        service.add_credential(member, **_values())

    assert limited.value.retry_after > 0 and _count() == 2
    service.add_credential(factories.make_user(), **_values())  # the limit is per member


def test_a_member_keeps_at_most_max_credentials(app, monkeypatch):
    monkeypatch.setattr(service, "MAX_CREDENTIALS", 2)
    member = factories.make_user()
    factories.make_credential(member)
    factories.make_credential(member, "rejected")
    with pytest.raises(Invalid, match="withdraw one"):
        service.add_credential(member, **_values())


def test_editing_a_verified_credential_sends_it_back_to_pending(app):
    member = factories.make_user()
    credential = factories.make_credential(member, review_note="Checked.")
    assert service.has_verified_credential(member.id) is True

    service.edit_credential(member, credential.id, **_values(jurisdiction="Ireland"))

    db.session.expire_all()
    saved = db.session.get(Credential, credential.id)
    assert (saved.status, saved.jurisdiction) == ("pending", "Ireland")
    assert saved.reviewed_at is None and saved.review_note is None
    assert service.has_verified_credential(member.id) is False


def test_an_edit_that_changes_nothing_keeps_the_verification(app):
    member = factories.make_user()
    credential = factories.make_credential(member, **_values())
    service.edit_credential(member, credential.id, **_values(profession=" Registered Nurse"))
    db.session.expire_all()
    assert db.session.get(Credential, credential.id).status == "verified"


def test_a_rejected_credential_is_corrected_and_waits_again(app):
    member = factories.make_user()
    credential = factories.make_credential(member, "rejected", review_note="Wrong number.")
    service.edit_credential(member, credential.id, **_values(number="RN-0001"))
    db.session.expire_all()
    saved = db.session.get(Credential, credential.id)
    assert (saved.status, saved.number, saved.review_note) == ("pending", "RN-0001", None)


def test_another_members_credential_is_not_found(app):
    owner, other = factories.make_user(), factories.make_user()
    credential = factories.make_credential(owner, "pending")
    with pytest.raises(NotFound):
        service.edit_credential(other, credential.id, **_values())
    with pytest.raises(NotFound):
        service.withdraw_credential(other, credential.id)
    with pytest.raises(NotFound):
        service.own_credential(other, 987654)
    assert db.session.get(Credential, credential.id).number == credential.number


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_a_pending_or_rejected_credential_is_withdrawn_with_its_number(app, status):
    member = factories.make_user()
    credential = factories.make_credential(member, status)
    service.withdraw_credential(member, credential.id)
    assert _count() == 0


def test_a_verified_credential_is_not_withdrawn(app):
    member = factories.make_user()
    credential = factories.make_credential(member)
    with pytest.raises(Conflict):
        service.withdraw_credential(member, credential.id)
    assert _count() == 1


def test_a_suspended_member_changes_nothing(app):
    member = factories.make_user()
    credential = factories.make_credential(member, "pending")
    member.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    with pytest.raises(NotAllowed):
        service.edit_credential(member, credential.id, **_values(jurisdiction="Ireland"))
    with pytest.raises(NotAllowed):
        service.withdraw_credential(member, credential.id)
    assert _count() == 1


# ---- the review ------------------------------------------------------------------------


def test_verifying_is_audited_without_the_number_and_tells_the_member(app):
    moderator = factories.make_user("moderator")
    member = factories.make_user()
    credential = service.add_credential(member, **_values())

    service.verify_credential(moderator, credential.id, "Checked on the NMC register.")

    db.session.expire_all()
    saved = db.session.get(Credential, credential.id)
    assert (saved.status, saved.reviewed_by_id) == ("verified", moderator.id)
    assert service.has_verified_credential(member.id) is True
    (entry,) = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.actor_id, entry.target_type, entry.target_id) == (
        "credential.verify",
        moderator.id,
        "user",
        member.id,
    )
    assert entry.reason == "Checked on the NMC register."
    assert entry.after == {"status": "verified", "credential": "Registered Nurse, UK NMC"}
    (notice,) = _notices(member)
    assert notice.kind == "moderation" and notice.link == "/credentials"
    assert "was verified" in notice.message and "Checked on the NMC register." in notice.message
    for text in (repr(entry.before), repr(entry.after), entry.reason, notice.message):
        assert NUMBER not in text


def test_rejecting_needs_a_note_which_the_member_reads(app):
    admin = factories.make_user("admin")
    member = factories.make_user()
    credential = service.add_credential(member, **_values())

    for note in ("", "   ", None, "x" * 501):
        with pytest.raises(Invalid) as refused:
            service.reject_credential(admin, credential.id, note)
        assert refused.value.field == "note"
    assert db.session.get(Credential, credential.id).status == "pending"

    service.reject_credential(admin, credential.id, "No nurse under this number.")

    db.session.expire_all()
    assert db.session.get(Credential, credential.id).status == "rejected"
    (entry,) = db.session.scalars(select(AuditEntry)).all()
    assert entry.action == "credential.reject" and entry.reason == "No nurse under this number."
    (notice,) = _notices(member)
    assert "could not be verified" in notice.message
    assert "No nurse under this number." in notice.message and NUMBER not in notice.message


@pytest.mark.parametrize(
    "make_reviewer",
    [
        lambda: factories.make_user("moderator"),
        lambda: factories.make_user("admin"),
        lambda: factories.make_user(moderates=[factories.make_specialty()]),  # scoped
    ],
    ids=["moderator", "admin", "scoped-moderator"],
)
def test_moderators_of_any_scope_and_admins_verify(app, make_reviewer):
    credential = factories.make_credential(factories.make_user(), "pending")
    service.verify_credential(make_reviewer(), credential.id)
    assert db.session.get(Credential, credential.id).status == "verified"


@pytest.mark.parametrize(
    "make_reviewer",
    [
        lambda: factories.make_user(),
        lambda: factories.make_user("mentor"),
        lambda: factories.make_user("moderator", suspended_until=utcnow() + timedelta(days=1)),
    ],
    ids=["member", "mentor", "suspended-moderator"],
)
def test_others_verify_nothing(app, make_reviewer):
    credential = factories.make_credential(factories.make_user(), "pending")
    reviewer = make_reviewer()
    with pytest.raises(NotAllowed):
        service.verify_credential(reviewer, credential.id)
    with pytest.raises(NotAllowed):
        service.reject_credential(reviewer, credential.id, "No.")
    assert db.session.get(Credential, credential.id).status == "pending"
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_a_moderator_does_not_verify_their_own_credential(app):
    moderator = factories.make_user("moderator")
    credential = factories.make_credential(moderator, "pending")
    with pytest.raises(NotAllowed, match="another moderator"):
        service.verify_credential(moderator, credential.id)
    assert db.session.get(Credential, credential.id).status == "pending"


def test_a_decided_credential_is_not_decided_again(app):
    first, second = factories.make_user("moderator"), factories.make_user("admin")
    credential = factories.make_credential(factories.make_user(), "pending")
    service.verify_credential(first, credential.id)

    with pytest.raises(service.AlreadyDecided):
        service.reject_credential(second, credential.id, "Changed my mind.")
    with pytest.raises(NotFound):
        service.verify_credential(second, 987654)
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["credential.verify"]


def test_a_failed_notice_rolls_the_decision_back(app, monkeypatch):
    moderator = factories.make_user("moderator")
    credential = factories.make_credential(factories.make_user(), "pending")

    def broken(*args, **kwargs):
        raise RuntimeError("the notice failed")

    monkeypatch.setattr(service, "notify", broken)
    with pytest.raises(RuntimeError):
        service.verify_credential(moderator, credential.id)

    db.session.expire_all()
    assert db.session.get(Credential, credential.id).status == "pending"
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
