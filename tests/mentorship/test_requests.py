"""Requests: asking a mentor, the mentor's answer, withdrawing, and every bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.mentorship import requests
from forum.mentorship.models import Compact, Mentorship
from forum.notifications.models import Notification
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship, set_goals

MESSAGE = "I would like help designing a pragmatic trial in my clinic."


def _notices(user) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification.message)
            .where(Notification.user_id == user.id, Notification.kind == "mentorship")
            .order_by(Notification.id)
        )
    )


def _count(**where) -> int:
    db.session.expire_all()
    statement = select(func.count(Mentorship.id))
    for name, value in where.items():
        statement = statement.where(getattr(Mentorship, name) == value)
    return db.session.scalar(statement)


@pytest.fixture
def pair(app):
    mentor = make_mentor("drmentor", capacity=2)
    mentee = factories.make_user(username="mentee")
    return mentor, mentee


# ---- the service ------------------------------------------------------------------


def test_request_creates_a_waiting_mentorship_and_tells_the_mentor(pair):
    mentor, mentee = pair
    mentorship, created = requests.request_mentorship(mentee, "DrMentor", MESSAGE)
    assert created
    assert (mentorship.status, mentorship.mentor_id, mentorship.mentee_id) == (
        "requested",
        mentor.id,
        mentee.id,
    )
    assert mentorship.request_message == MESSAGE
    assert _notices(mentor) == [f"{mentee.display_name} asked you to be their mentor."]


def test_same_form_sent_twice_makes_one_request(pair):
    _mentor, mentee = pair
    first, created = requests.request_mentorship(
        mentee, "drmentor", MESSAGE, submission_key="k" * 20
    )
    again, created_again = requests.request_mentorship(
        mentee, "drmentor", MESSAGE, submission_key="k" * 20
    )
    assert created and not created_again
    assert again.id == first.id
    assert _count(mentee_id=mentee.id) == 1


def test_second_request_to_the_same_mentor_is_refused_beside_the_field(pair):
    _mentor, mentee = pair
    requests.request_mentorship(mentee, "drmentor", MESSAGE, submission_key="a" * 20)
    with pytest.raises(Invalid) as refused:
        requests.request_mentorship(mentee, "drmentor", MESSAGE, submission_key="b" * 20)
    assert refused.value.field == "message"
    assert "already asked" in refused.value.message
    assert _count(mentee_id=mentee.id) == 1


def test_open_pair_index_refuses_a_racing_second_request(pair, monkeypatch):
    """Two submits that both passed the look-up: the database index settles it."""
    mentor, mentee = pair
    make_mentorship(mentor, mentee, status="requested")
    monkeypatch.setattr(requests, "obstacle", lambda *args: None)  # as if the check raced
    with pytest.raises(Invalid) as refused:
        requests.request_mentorship(mentee, "drmentor", MESSAGE, submission_key="c" * 20)
    assert refused.value.field == "message"
    assert _count(mentee_id=mentee.id) == 1


def test_a_fourth_open_request_is_refused(pair):
    _mentor, mentee = pair
    for n in range(3):
        make_mentorship(make_mentor(f"other{n}"), mentee, status="requested")
    with pytest.raises(Invalid) as refused:
        requests.request_mentorship(mentee, "drmentor", MESSAGE)
    assert "3 requests waiting" in refused.value.message
    assert _count(mentee_id=mentee.id) == 3


def test_answered_requests_do_not_count_against_the_limit(pair):
    _mentor, mentee = pair
    for n, status in enumerate(("declined", "withdrawn", "ended")):
        make_mentorship(make_mentor(f"other{n}"), mentee, status=status)
    for n in range(2):
        make_mentorship(make_mentor(f"waiting{n}"), mentee, status="requested")
    _mentorship, created = requests.request_mentorship(mentee, "drmentor", MESSAGE)
    assert created


def test_a_mentor_at_capacity_cannot_be_requested(pair):
    mentor, mentee = pair
    make_mentorship(mentor, factories.make_user(), status="active")
    make_mentorship(mentor, factories.make_user(), status="agreeing")
    with pytest.raises(Invalid) as refused:
        requests.request_mentorship(mentee, "drmentor", MESSAGE)
    assert "no free place" in refused.value.message
    assert _count(mentee_id=mentee.id) == 0


def test_ended_mentorships_free_a_place(pair):
    mentor, mentee = pair
    make_mentorship(mentor, factories.make_user(), status="active")
    make_mentorship(mentor, factories.make_user(), status="ended")
    _mentorship, created = requests.request_mentorship(mentee, "drmentor", MESSAGE)
    assert created


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("self", NotAllowed),
        ("paused", NotAllowed),
        ("suspended", NotAllowed),
        ("unverified", NotAllowed),
        ("pending", NotFound),
        ("not a mentor", NotFound),
        ("nobody", NotFound),
    ],
)
def test_request_refusals(app, who, refusal):
    mentee = factories.make_user(username="asker")
    target = "drmentor"
    if who == "self":
        mentee = make_mentor("drmentor")
    elif who == "paused":
        make_mentor("drmentor", accepting=False)
    elif who == "suspended":
        make_mentor("drmentor")
        mentee.suspended_until = utcnow() + timedelta(days=3)
        db.session.commit()
    elif who == "unverified":
        make_mentor("drmentor")
        mentee.email_verified_at = None
        db.session.commit()
    elif who == "pending":
        make_mentor("drmentor", status="pending")
    elif who == "not a mentor":
        factories.make_user(username="drmentor")
    with pytest.raises(refusal):
        requests.request_mentorship(mentee, target, MESSAGE)
    assert _count() == 0


@pytest.mark.parametrize("message", ["", "   ", "x" * (requests.MESSAGE_LENGTH + 1)])
def test_bad_messages_are_refused_beside_the_field(pair, message):
    _mentor, mentee = pair
    with pytest.raises(Invalid) as refused:
        requests.request_mentorship(mentee, "drmentor", message)
    assert refused.value.field == "message"


def test_accept_drafts_a_compact_and_tells_the_mentee(pair):
    mentor, mentee = pair
    set_goals(mentee, modes="video in_person")
    mentorship = make_mentorship(
        mentor, mentee, request_message="Design a trial\n\nPublish the protocol\n"
    )
    requests.accept_request(mentor, mentorship.id, "Happy to help.")
    db.session.expire_all()
    mentorship = db.session.get(Mentorship, mentorship.id)
    compact = db.session.get(Compact, mentorship.id)
    assert mentorship.status == "agreeing"
    assert mentorship.response_message == "Happy to help."
    assert mentorship.responded_at is not None
    assert compact.goals == "Design a trial\nPublish the protocol"
    assert compact.modes == ("video",)  # offered by the mentor and wanted by the mentee
    assert compact.mentor_accepted_at is None and compact.mentee_accepted_at is None
    assert _notices(mentee) == [
        f"{mentor.display_name} accepted your request. Agree on your compact together "
        "to start the mentorship."
    ]


def test_decline_tells_the_mentee(pair):
    mentor, mentee = pair
    mentorship = make_mentorship(mentor, mentee)
    requests.decline_request(mentor, mentorship.id, "I have no time this term.")
    assert _count(status="declined") == 1
    assert _notices(mentee) == [f"{mentor.display_name} declined your request for mentorship."]


def test_only_the_mentor_answers_and_only_once(pair):
    mentor, mentee = pair
    mentorship = make_mentorship(mentor, mentee)
    with pytest.raises(NotAllowed):
        requests.accept_request(mentee, mentorship.id, "I accept myself.")
    requests.decline_request(mentor, mentorship.id, "No.")
    with pytest.raises(Conflict):
        requests.accept_request(mentor, mentorship.id, "Changed my mind.")
    assert _count(status="declined") == 1


def test_a_full_mentor_cannot_accept(pair):
    mentor, mentee = pair
    mentorship = make_mentorship(mentor, mentee)
    make_mentorship(mentor, factories.make_user(), status="active")
    make_mentorship(mentor, factories.make_user(), status="active")
    with pytest.raises(Conflict) as refused:
        requests.accept_request(mentor, mentorship.id, "Yes.")
    assert "no free place" in refused.value.message
    assert _count(status="requested") == 1


def test_outsiders_get_not_found_for_every_answer(pair):
    mentor, mentee = pair
    mentorship = make_mentorship(mentor, mentee)
    for outsider in (
        factories.make_user(),
        factories.make_user("moderator"),
        factories.make_user("admin"),
    ):
        for action in (requests.accept_request, requests.decline_request):
            with pytest.raises(NotFound):
                action(outsider, mentorship.id, "Hello")
        with pytest.raises(NotFound):
            requests.withdraw_request(outsider, mentorship.id)
    assert _count(status="requested") == 1


def test_mentee_withdraws_a_request_and_the_mentor_is_told(pair):
    mentor, mentee = pair
    mentorship = make_mentorship(mentor, mentee)
    with pytest.raises(NotAllowed):
        requests.withdraw_request(mentor, mentorship.id)  # the mentor declines instead
    requests.withdraw_request(mentee, mentorship.id)
    assert _count(status="withdrawn") == 1
    assert _notices(mentor)[-1] == f"{mentee.display_name} withdrew their request for mentorship."


def test_either_side_withdraws_while_agreeing_but_not_once_active(pair):
    mentor, mentee = pair
    agreeing = make_mentorship(mentor, mentee, status="agreeing")
    requests.withdraw_request(mentor, agreeing.id)
    assert _count(status="withdrawn") == 1
    assert "withdrew from your mentorship" in _notices(mentee)[-1]
    active = make_mentorship(mentor, mentee, status="active")
    with pytest.raises(Conflict):
        requests.withdraw_request(mentee, active.id)


# ---- the pages --------------------------------------------------------------------


def test_request_form_is_prefilled_from_the_goals(client, as_user, pair):
    _mentor, mentee = pair
    set_goals(mentee, text="Learn to write a grant & run a <trial>.")
    as_user(mentee)
    page = client.get("/mentors/drmentor/request")
    assert page.status_code == 200
    assert "Learn to write a grant &amp; run a &lt;trial&gt;." in page.get_data(as_text=True)
    assert 'name="submission"' in page.get_data(as_text=True)


def test_request_through_the_page_lands_on_the_hub(client, as_user, pair):
    mentor, mentee = pair
    as_user(mentee)
    response = client.submit("/mentors/drmentor/request", {"message": MESSAGE})
    assert response.status_code == 302
    mentorship = db.session.scalar(select(Mentorship))
    assert response.headers["Location"].endswith(f"/mentorships/{mentorship.id}")
    hub = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your request is on its way" in hub
    assert MESSAGE in hub


def test_double_submit_of_the_page_makes_one_request(client, as_user, pair):
    _mentor, mentee = pair
    as_user(mentee)
    token = client.csrf_token("/mentors/drmentor/request")
    data = {"message": MESSAGE, "submission": "same-key-1234567890", "csrf_token": token}
    first = client.post("/mentors/drmentor/request", data=data)
    second = client.post("/mentors/drmentor/request", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _count() == 1


def test_second_request_from_a_new_form_shows_a_message_and_keeps_the_text(client, as_user, pair):
    mentor, mentee = pair
    make_mentorship(mentor, mentee)
    as_user(mentee)
    page = client.get("/mentors/drmentor/request").get_data(as_text=True)
    assert "You have already asked" in page
    assert 'name="message"' not in page  # no form: the page says why
    token = client.csrf_token("/mentorships")
    response = client.post(
        "/mentors/drmentor/request",
        data={"message": "Typed again", "submission": "new-key-123456789012", "csrf_token": token},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You have already asked" in body
    assert 'class="error"' in body
    assert "Typed again" in body
    assert _count() == 1


@pytest.mark.parametrize(
    ("setup", "status", "says"),
    [
        ("self", 403, "You cannot ask yourself"),
        ("not a mentor", 404, "does not mentor"),
        ("nobody", 404, "There is no member"),
        ("paused", 403, "not taking new mentees"),
        ("full", 200, "no free place"),
        ("fourth", 200, "3 requests waiting"),
    ],
)
def test_hostile_requests_get_a_clear_answer_never_a_500(client, as_user, app, setup, status, says):
    mentee = factories.make_user(username="asker")
    username = "drmentor"
    if setup == "self":
        mentee = make_mentor("drmentor")
    elif setup == "not a mentor":
        factories.make_user(username="drmentor")
    elif setup == "nobody":
        username = "no-such-person"
    elif setup == "paused":
        make_mentor("drmentor", accepting=False)
    elif setup == "full":
        mentor = make_mentor("drmentor", capacity=1)
        make_mentorship(mentor, factories.make_user(), status="active")
    elif setup == "fourth":
        make_mentor("drmentor")
        for n in range(3):
            make_mentorship(make_mentor(f"other{n}"), mentee)
    as_user(mentee)
    page = client.get(f"/mentors/{username}/request")
    assert page.status_code == (200 if status == 403 else status)
    assert says in page.get_data(as_text=True)
    token = client.csrf_token("/mentorships")
    posted = client.post(
        f"/mentors/{username}/request",
        data={"message": MESSAGE, "submission": "hostile-key-12345678", "csrf_token": token},
    )
    assert posted.status_code == status
    assert says in posted.get_data(as_text=True)
    assert _count(mentee_id=mentee.id, status="requested") == (3 if setup == "fourth" else 0)


def test_empty_message_gets_a_message_beside_the_field(client, as_user, pair):
    _mentor, mentee = pair
    as_user(mentee)
    response = client.submit("/mentors/drmentor/request", {"message": "   "})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Say what you would like help with" in body
    assert _count() == 0


def test_guest_is_sent_to_log_in(client, pair):
    response = client.get("/mentors/drmentor/request")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_mentor_accepts_and_declines_from_the_hub(client, as_user, pair):
    mentor, mentee = pair
    first = make_mentorship(mentor, mentee)
    as_user(mentor)
    hub = f"/mentorships/{first.id}"
    page = client.get(hub).get_data(as_text=True)
    assert "Accept" in page and "Decline" in page
    response = client.submit(f"{hub}/accept", {"message": "Yes, gladly."}, form_url=hub)
    assert response.status_code == 302
    assert _count(status="agreeing") == 1
    other = make_mentorship(mentor, factories.make_user())
    hub = f"/mentorships/{other.id}"
    response = client.submit(f"{hub}/decline", {"message": "Not now."}, form_url=hub)
    assert response.status_code == 302
    assert _count(status="declined") == 1


def test_answer_without_message_shows_the_hub_with_the_message_beside_it(client, as_user, pair):
    mentor, mentee = pair
    mentorship = make_mentorship(mentor, mentee)
    as_user(mentor)
    hub = f"/mentorships/{mentorship.id}"
    response = client.submit(f"{hub}/decline", {"message": ""}, form_url=hub)
    assert response.status_code == 200
    assert "Write a few words to go with your answer." in response.get_data(as_text=True)
    assert _count(status="requested") == 1


def test_mentee_cannot_accept_their_own_request(client, as_user, pair):
    mentor, mentee = pair
    mentorship = make_mentorship(mentor, mentee)
    as_user(mentee)
    hub = f"/mentorships/{mentorship.id}"
    assert "Decline</button>" not in client.get(hub).get_data(as_text=True)
    response = client.submit(f"{hub}/accept", {"message": "Yes"}, form_url=hub)
    assert response.status_code == 403
    assert _count(status="requested") == 1


def test_withdraw_from_the_hub(client, as_user, pair):
    mentor, mentee = pair
    mentorship = make_mentorship(mentor, mentee)
    as_user(mentee)
    hub = f"/mentorships/{mentorship.id}"
    response = client.submit(f"{hub}/withdraw", form_url=hub)
    assert response.status_code == 302
    assert _count(status="withdrawn") == 1
    again = client.submit(f"{hub}/withdraw", form_url=hub)  # a second click
    assert again.status_code == 302
    assert "can no longer be withdrawn" in client.get(hub).get_data(as_text=True)
