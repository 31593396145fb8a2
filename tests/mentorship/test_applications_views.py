"""The staff's review queue of applications to mentor, through the client."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.auth.models import User
from forum.extensions import db
from forum.mentorship.models import MentorProfile
from forum.moderation.models import AuditEntry
from forum.notifications.models import Notification
from tests import factories
from tests.mentorship.scene import make_mentor

QUEUE = "/moderation/mentor-applications"


def _applicant(username="applicant", **fields):
    specialty = factories.make_specialty(name=f"Paediatrics {username}")
    return make_mentor(
        username, specialties=[specialty], status="pending",
        statement="I run a simulation programme for paediatric <b>teams</b>.", **fields,
    )  # fmt: skip


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_see_pending_applications_with_their_profile(client, login, role):
    applicant = _applicant()
    make_mentor("already")  # approved: not in the queue
    login(role)

    response = client.get(QUEUE)

    page = _text(response)
    assert response.status_code == 200
    assert applicant.display_name in page and "Paediatrics" in page
    assert "paediatric &lt;b&gt;teams&lt;/b&gt;" in page
    assert "Dr Already" not in page
    assert f'action="/moderation/mentor-applications/{applicant.username}/approve"' in page


@pytest.mark.parametrize("role", ["member", "mentor"])
def test_members_mentors_and_scoped_moderators_are_refused(client, login, role):
    _applicant()
    login(role)
    assert client.get(QUEUE).status_code == 403


def test_a_scoped_moderator_is_refused_the_queue_and_the_decision(client, login):
    applicant = _applicant()
    login(moderates=[factories.make_specialty()])
    assert client.get(QUEUE).status_code == 403
    token = client.csrf_token("/")
    response = client.post(f"{QUEUE}/{applicant.username}/approve", data={"csrf_token": token})
    assert response.status_code == 403
    assert db.session.get(MentorProfile, applicant.id).status == "pending"


def test_guests_are_sent_to_sign_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_approving_from_the_queue(client, login):
    applicant = _applicant()
    moderator = login("moderator")

    response = client.submit(
        f"{QUEUE}/{applicant.username}/approve",
        {f"approve-{applicant.id}-reason": "Great statement."},
        form_url=QUEUE,
    )

    assert response.status_code == 302 and response.headers["Location"].endswith(QUEUE)
    db.session.expire_all()
    assert db.session.get(User, applicant.id).has_role("mentor")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "mentor.approve"))
    assert entry.actor_id == moderator.id and entry.reason == "Great statement."
    assert "No applications are waiting." in _text(client.get(QUEUE))
    profile_page = _text(client.get(f"/members/{applicant.username}"))
    assert "badge badge-mentor" in profile_page


def test_declining_without_a_reason_shows_the_error_beside_it(client, login):
    applicant = _applicant()
    login("admin")

    response = client.submit(f"{QUEUE}/{applicant.username}/decline", {}, form_url=QUEUE)

    page = _text(response)
    assert response.status_code == 200
    assert f'id="decline-{applicant.id}-reason-error"' in page
    assert "Say why: the applicant will read it." in page
    assert db.session.get(MentorProfile, applicant.id).status == "pending"

    long = client.submit(
        f"{QUEUE}/{applicant.username}/decline",
        {f"decline-{applicant.id}-reason": "r" * 501},
        form_url=QUEUE,
    )
    assert long.status_code == 200 and "Keep the reason under 500 characters." in _text(long)


def test_declining_tells_the_applicant_why(client, login):
    applicant = _applicant()
    login("moderator")

    response = client.submit(
        f"{QUEUE}/{applicant.username}/decline",
        {f"decline-{applicant.id}-reason": "Please say more about your research."},
        form_url=QUEUE,
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MentorProfile, applicant.id).status == "declined"
    notice = db.session.scalar(select(Notification).where(Notification.user_id == applicant.id))
    assert notice.kind == "mentorship" and "Please say more about your research." in notice.message


def test_deciding_twice_says_so_instead_of_failing(client, login):
    applicant = _applicant()
    login("moderator")
    url = f"{QUEUE}/{applicant.username}/approve"
    client.submit(url, {}, form_url=QUEUE)

    again = client.submit(url, {}, form_url=QUEUE, follow_redirects=True)

    assert again.status_code == 200 and "already decided" in _text(again)
    assert (
        db.session.scalar(
            select(AuditEntry.id).where(AuditEntry.action == "mentor.approve").offset(1)
        )
        is None
    )


def test_an_unknown_applicant_is_404_for_staff(client, login):
    login("moderator")
    token = client.csrf_token(QUEUE)
    assert client.post(f"{QUEUE}/nobody/approve", data={"csrf_token": token}).status_code == 404
    member = factories.make_user("member", username="noapp")
    assert (
        client.post(f"{QUEUE}/{member.username}/approve", data={"csrf_token": token}).status_code
        == 404
    )


def test_the_queue_costs_the_same_queries_for_one_or_many(client, login, count_queries):
    login("moderator")
    _applicant("first")
    with count_queries() as one:
        assert client.get(QUEUE).status_code == 200
    for n in range(4):
        _applicant(f"more{n}")
    with count_queries() as many:
        page = _text(client.get(QUEUE))
    assert "Dr More3" in page
    assert len(one) == len(many)
