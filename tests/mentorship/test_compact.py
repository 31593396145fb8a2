"""The compact: editing, accepting, and the start of the mentorship when both accept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.mentorship import compacts
from forum.mentorship.models import Compact, Mentorship, MentorshipGoal
from forum.notifications.models import Notification, Watch
from forum.notifications.service import update_settings
from forum.spaces.models import SpaceMember
from forum.taxonomy.models import Specialty
from forum.threads.models import Post, Thread
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship, set_goals


def _fields(**changes) -> dict:
    fields = {
        "goals": "Design a pragmatic trial\n\n  Publish   the protocol \n",
        "meeting_frequency": "fortnightly",
        "modes": ["video", "forum"],
        "mentee_commitments": "Bring a draft.",
        "mentor_commitments": "Read it first.",
        "review_on": date.today() + timedelta(days=60),
    }
    fields.update(changes)
    return fields


def _form(**changes) -> dict:
    fields = _fields(**changes)
    fields["review_on"] = str(fields["review_on"])
    return fields


@pytest.fixture
def agreeing(app):
    cardiology = factories.make_specialty("Cardiology", slug="cardiology")
    mentor = make_mentor("drmentor", specialties=[cardiology])
    mentee = factories.make_user(username="mentee")
    mentorship = make_mentorship(mentor, mentee, status="agreeing")  # accepted by neither
    return mentor, mentee, mentorship


def _reload(mentorship_id: int) -> tuple[Mentorship, Compact]:
    db.session.expire_all()
    return db.session.get(Mentorship, mentorship_id), db.session.get(Compact, mentorship_id)


def _accept(user, mentorship_id):
    _m, compact = _reload(mentorship_id)
    return compacts.accept_compact(user, mentorship_id, compacts.version(compact))


def test_edit_saves_the_tidied_compact_records_who_and_clears_the_other_acceptance(agreeing):
    mentor, mentee, mentorship = agreeing
    _accept(mentee, mentorship.id)
    compacts.edit_compact(mentor, mentorship.id, **_fields())
    _m, compact = _reload(mentorship.id)
    assert compact.goals == "Design a pragmatic trial\nPublish the protocol"
    assert compact.meeting_frequency == "fortnightly"
    assert compact.modes == ("forum", "video")  # stored in MODES order
    assert compact.updated_by_id == mentor.id
    assert compact.mentee_accepted_at is None  # the other side accepts the new text
    told = db.session.scalars(
        select(Notification.message).where(Notification.user_id == mentee.id)
    ).all()
    assert any("changed your mentorship compact" in message for message in told)


def test_edit_keeps_the_editors_own_acceptance(agreeing):
    mentor, _mentee, mentorship = agreeing
    _accept(mentor, mentorship.id)
    compacts.edit_compact(mentor, mentorship.id, **_fields())
    _m, compact = _reload(mentorship.id)
    assert compact.mentor_accepted_at is not None


def test_an_edit_that_changes_nothing_writes_nothing(agreeing):
    mentor, mentee, mentorship = agreeing
    compacts.edit_compact(mentor, mentorship.id, **_fields())
    _accept(mentee, mentorship.id)
    _m, before = _reload(mentorship.id)
    stamp = before.updated_at
    compacts.edit_compact(mentor, mentorship.id, **_fields())
    _m, after = _reload(mentorship.id)
    assert after.updated_at == stamp
    assert after.mentee_accepted_at is not None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"goals": " \n \n"}, "goals"),
        ({"goals": "\n".join(f"Goal {n}" for n in range(11))}, "goals"),
        ({"goals": "x" * 301}, "goals"),
        ({"meeting_frequency": "hourly"}, "meeting_frequency"),
        ({"meeting_frequency": None}, "meeting_frequency"),
        ({"modes": []}, "modes"),
        ({"modes": ["telepathy"]}, "modes"),
        ({"mentee_commitments": "  "}, "mentee_commitments"),
        ({"mentor_commitments": "x" * 2001}, "mentor_commitments"),
        ({"review_on": date(1999, 1, 1)}, "review_on"),
        ({"review_on": date.today()}, "review_on"),
        ({"review_on": date.today() + timedelta(days=731)}, "review_on"),
        ({"review_on": None}, "review_on"),
    ],
)
def test_bad_compacts_are_refused_beside_the_field(agreeing, changes, field):
    mentor, _mentee, mentorship = agreeing
    with pytest.raises(Invalid) as refused:
        compacts.edit_compact(mentor, mentorship.id, **_fields(**changes))
    assert refused.value.field == field
    _m, compact = _reload(mentorship.id)
    assert compact.meeting_frequency == "monthly"  # unchanged


def test_accepting_a_version_changed_since_is_refused(agreeing):
    mentor, mentee, mentorship = agreeing
    _m, compact = _reload(mentorship.id)
    seen = compacts.version(compact)
    compacts.edit_compact(mentor, mentorship.id, **_fields())
    with pytest.raises(Conflict):
        compacts.accept_compact(mentee, mentorship.id, seen)
    _m, compact = _reload(mentorship.id)
    assert compact.mentee_accepted_at is None


def test_one_acceptance_waits_for_the_other(agreeing):
    mentor, mentee, mentorship = agreeing
    _accept(mentor, mentorship.id)
    m, compact = _reload(mentorship.id)
    assert m.status == "agreeing"
    assert compact.mentor_accepted_at is not None
    told = db.session.scalars(
        select(Notification.message).where(Notification.user_id == mentee.id)
    ).all()
    assert any("accepted your mentorship compact" in message for message in told)


def test_both_acceptances_start_the_mentorship_with_its_space_thread_and_goals(agreeing):
    mentor, mentee, mentorship = agreeing
    compacts.edit_compact(mentee, mentorship.id, **_fields())
    _accept(mentee, mentorship.id)
    _accept(mentor, mentorship.id)
    m, compact = _reload(mentorship.id)
    assert m.status == "active"
    assert m.started_at is not None
    assert m.review_on == compact.review_on
    goals = db.session.scalars(
        select(MentorshipGoal.title)
        .where(MentorshipGoal.mentorship_id == m.id)
        .order_by(MentorshipGoal.position)
    ).all()
    assert goals == ["Design a pragmatic trial", "Publish the protocol"]
    members = db.session.scalars(
        select(SpaceMember.user_id).where(SpaceMember.space_id == m.space_id)
    ).all()
    assert sorted(members) == sorted([mentor.id, mentee.id])
    thread = db.session.get(Thread, m.thread_id)
    assert thread.space_id == m.space_id
    assert thread.author_id == mentee.id
    cardiology = db.session.scalar(select(Specialty.id).where(Specialty.slug == "cardiology"))
    assert thread.specialty_id == cardiology  # the mentor's first specialty
    opening = db.session.get(Post, thread.first_post_id)
    assert opening.body_md == m.request_message
    watching = db.session.scalars(
        select(Watch.user_id).where(
            Watch.target_kind == "thread", Watch.target_id == thread.id, Watch.level == "watching"
        )
    ).all()
    assert sorted(watching) == sorted([mentor.id, mentee.id])
    for member in (mentor, mentee):
        told = db.session.scalars(
            select(Notification.message).where(Notification.user_id == member.id)
        ).all()
        assert any("has started" in message for message in told)


def test_both_watch_even_with_watch_on_post_turned_off(agreeing):
    mentor, mentee, mentorship = agreeing
    update_settings(mentee, watch_on_post=False)
    _accept(mentee, mentorship.id)
    _accept(mentor, mentorship.id)
    m, _compact = _reload(mentorship.id)
    level = db.session.scalar(
        select(Watch.level).where(Watch.user_id == mentee.id, Watch.target_id == m.thread_id)
    )
    assert level == "watching"


def test_conversation_specialty_falls_back_to_the_mentees_goals_then_any(app):
    retired = factories.make_specialty("Old", slug="old")
    retired.retired_at = utcnow()
    db.session.commit()
    oncology = factories.make_specialty("Oncology", slug="oncology")
    mentor = make_mentor("plain", specialties=[retired])
    mentee = factories.make_user()
    set_goals(mentee, specialties=[oncology])
    m = make_mentorship(mentor, mentee, status="agreeing")
    assert compacts._conversation_specialty(m) == oncology.id
    loner = make_mentorship(make_mentor("plain2"), factories.make_user(), status="agreeing")
    assert compacts._conversation_specialty(loner) in {oncology.id}


def test_only_members_of_an_agreeing_mentorship_edit_or_accept(agreeing):
    mentor, mentee, mentorship = agreeing
    for outsider in (
        factories.make_user(),
        factories.make_user("moderator"),
        factories.make_user("admin"),
    ):
        with pytest.raises(NotFound):
            compacts.edit_compact(outsider, mentorship.id, **_fields())
        with pytest.raises(NotFound):
            compacts.accept_compact(outsider, mentorship.id, "x")
    active = make_mentorship(mentor, factories.make_user(), status="active")
    with pytest.raises(Conflict):
        compacts.edit_compact(mentor, active.id, **_fields())


def test_a_suspended_member_cannot_edit(agreeing):
    _mentor, mentee, mentorship = agreeing
    mentee.suspended_until = utcnow() + timedelta(days=2)
    db.session.commit()
    with pytest.raises(NotAllowed) as refused:
        compacts.edit_compact(mentee, mentorship.id, **_fields())
    assert "suspended" in refused.value.message


# ---- the pages --------------------------------------------------------------------


def test_compact_page_shows_the_draft_and_saves_an_edit(client, as_user, agreeing):
    mentor, _mentee, mentorship = agreeing
    as_user(mentor)
    url = f"/mentorships/{mentorship.id}/compact"
    page = client.get(url).get_data(as_text=True)
    assert "Design a pragmatic trial" in page
    assert '<option selected value="monthly">' in page
    response = client.submit(url, _form())
    assert response.status_code == 302
    _m, compact = _reload(mentorship.id)
    assert compact.meeting_frequency == "fortnightly"


@pytest.mark.parametrize(
    ("review_on", "says"),
    [
        ("1999-01-01", "in the future"),
        ("tomorrow", "year-month-day"),
        ("2027-02-31", "year-month-day"),
        ("", "Choose a review date"),
        ("9999-12-31", "within the next two years"),
    ],
)
def test_hostile_dates_get_a_message_beside_the_field_and_keep_the_text(
    client, as_user, agreeing, review_on, says
):
    mentor, _mentee, mentorship = agreeing
    as_user(mentor)
    url = f"/mentorships/{mentorship.id}/compact"
    response = client.submit(url, {**_form(goals="My typed goal"), "review_on": review_on})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert says in body
    assert 'id="review_on-error"' in body
    assert "My typed goal" in body
    _m, compact = _reload(mentorship.id)
    assert compact.meeting_frequency == "monthly"


def test_unknown_frequency_and_mode_get_messages_not_a_500(client, as_user, agreeing):
    mentor, _mentee, mentorship = agreeing
    as_user(mentor)
    url = f"/mentorships/{mentorship.id}/compact"
    response = client.submit(url, {**_form(), "meeting_frequency": "<script>"})
    assert response.status_code == 200
    assert "Choose how often you meet" in response.get_data(as_text=True)
    response = client.submit(url, {**_form(), "modes": ["telepathy"]})
    assert response.status_code == 200
    assert "Choose at least one way of meeting" in response.get_data(as_text=True)


def test_accepting_on_the_hub_by_both_opens_the_conversation(client, as_user, agreeing):
    mentor, mentee, mentorship = agreeing
    hub = f"/mentorships/{mentorship.id}"
    for member in (mentee, mentor):
        as_user(member)
        page = client.get(hub).get_data(as_text=True)
        assert "Accept the compact" in page
        _m, compact = _reload(mentorship.id)
        response = client.submit(
            f"{hub}/compact/accept", {"seen": compacts.version(compact)}, form_url=hub
        )
        assert response.status_code == 302
    m, _compact = _reload(mentorship.id)
    assert m.status == "active"
    page = client.get(hub).get_data(as_text=True)
    assert f"/threads/{m.thread_id}" in page
    assert "End the mentorship" in page


def test_accepting_a_stale_compact_on_the_hub_says_so(client, as_user, agreeing):
    _mentor, mentee, mentorship = agreeing
    as_user(mentee)
    hub = f"/mentorships/{mentorship.id}"
    response = client.submit(f"{hub}/compact/accept", {"seen": "2001-01-01"}, form_url=hub)
    assert response.status_code == 302
    assert "changed since you opened it" in client.get(hub).get_data(as_text=True)
    _m, compact = _reload(mentorship.id)
    assert compact.mentee_accepted_at is None


def test_compact_page_of_an_active_mentorship_is_refused_to_its_members(client, as_user, app):
    mentor, mentee = make_mentor("m1"), factories.make_user()
    active = make_mentorship(mentor, mentee, status="active")
    as_user(mentee)
    assert client.get(f"/mentorships/{active.id}/compact").status_code == 403
