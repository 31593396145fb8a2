"""Stating mentoring goals: the service's rules (no HTTP), then the form page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum.auth.models import SUSPENDED_INDEFINITELY
from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotAllowed
from forum.extensions import db
from forum.mentorship import goals as service
from forum.mentorship.models import MenteeGoals
from tests import factories
from tests.mentorship.scene import make_mentor, set_goals

GOALS_URL = "/mentorship/goals"


@pytest.fixture
def areas(app):
    return {
        "cardiology": factories.make_specialty("Cardiology", slug="cardiology"),
        "oncology": factories.make_specialty("Oncology", slug="oncology"),
        "retired": factories.make_specialty("Retired", slug="retired", retired_at=utcnow()),
        "ai": factories.make_topic("AI diagnostics", slug="ai-diagnostics"),
        "old_topic": factories.make_topic("Old topic", slug="old-topic", retired_at=utcnow()),
    }


def stored(user) -> MenteeGoals:
    db.session.expire_all()
    return db.session.scalar(
        select(MenteeGoals)
        .where(MenteeGoals.user_id == user.id)
        .options(selectinload(MenteeGoals.specialties), selectinload(MenteeGoals.topics))
    )


def _set(user, **changes):
    arguments = {
        "text": "Learn to design a pragmatic trial.",
        "specialty_ids": [],
        "topic_ids": [],
        "modes": ["video"],
        "languages": ["en"],
        "time_zone": "Europe/Lisbon",
    } | changes
    return service.set_goals(user, **arguments)


# ---- the service -------------------------------------------------------------------


def test_set_goals_stores_them_and_a_second_call_replaces_them(areas):
    member = factories.make_user()
    _set(
        member,
        text="  Publish my first paper.  ",
        specialty_ids=[areas["oncology"].id, areas["cardiology"].id, areas["oncology"].id],
        topic_ids=[areas["ai"].id],
        modes=["video", "forum"],
        languages=["pt", "en"],
    )
    goals = stored(member)
    assert goals.text == "Publish my first paper."
    assert {s.slug for s in goals.specialties} == {"cardiology", "oncology"}
    assert [t.slug for t in goals.topics] == ["ai-diagnostics"]
    assert goals.modes == ("forum", "video")  # stored in MODES order
    assert goals.languages == ("en", "pt")
    assert goals.time_zone == "Europe/Lisbon"

    _set(member, text="Something else", specialty_ids=[], modes=[], time_zone="Asia/Tokyo")
    goals = stored(member)
    assert (goals.text, goals.specialties, goals.topics, goals.modes, goals.time_zone) == (
        "Something else",
        [],
        [],
        (),
        "Asia/Tokyo",
    )
    assert db.session.scalar(select(func.count()).select_from(MenteeGoals)) == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"text": "   "}, "text"),
        ({"text": "x" * (service.TEXT_LENGTH + 1)}, "text"),
        ({"specialty_ids": [999_999]}, "specialties"),
        ({"specialty_ids": ["1"]}, "specialties"),
        ({"specialty_ids": list(range(1, 10))}, "specialties"),
        ({"topic_ids": [999_999]}, "topics"),
        ({"topic_ids": list(range(1, 100))}, "topics"),
        ({"modes": ["telepathy"]}, "modes"),
        ({"languages": ["xx"]}, "languages"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": " Europe/Lisbon"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_stored(areas, changes, field):
    member = factories.make_user()
    with pytest.raises(Invalid) as refused:
        _set(member, **changes)
    assert refused.value.field == field
    assert stored(member) is None


def test_retired_areas_are_refused_unless_the_goals_already_name_them(areas):
    member = factories.make_user()
    with pytest.raises(Invalid) as refused:
        _set(member, specialty_ids=[areas["retired"].id])
    assert refused.value.field == "specialties"
    with pytest.raises(Invalid):
        _set(member, topic_ids=[areas["old_topic"].id])

    set_goals(member, specialties=[areas["retired"]], topics=[areas["old_topic"]])
    _set(member, specialty_ids=[areas["retired"].id], topic_ids=[areas["old_topic"].id])
    goals = stored(member)
    assert [s.slug for s in goals.specialties] == ["retired"]
    assert [t.slug for t in goals.topics] == ["old-topic"]


def test_a_suspended_member_may_not_set_goals(areas):
    member = factories.make_user(suspended_until=SUSPENDED_INDEFINITELY)
    with pytest.raises(NotAllowed) as refused:
        _set(member)
    assert "suspended" in refused.value.message
    assert stored(member) is None


def test_two_first_submits_racing_leave_one_row_with_the_later_goals(areas, monkeypatch):
    member = factories.make_user()
    set_goals(member, text="The other submit's goals.")
    member_id, cardiology_id = member.id, areas["cardiology"].id
    db.session.expunge_all()  # this session has not seen the other submit's row
    member = db.session.get(type(member), member_id)
    real, calls = service._existing, []

    def not_yet_there(user_id):
        calls.append(user_id)
        return None if len(calls) == 1 else real(user_id)

    monkeypatch.setattr(service, "_existing", not_yet_there)
    _set(member, text="Mine.", specialty_ids=[cardiology_id])
    assert len(calls) == 2  # the INSERT failed on the key, the retry updated the row
    goals = stored(member)
    assert goals.text == "Mine." and [s.slug for s in goals.specialties] == ["cardiology"]
    assert db.session.scalar(select(func.count()).select_from(MenteeGoals)) == 1


# ---- the page ----------------------------------------------------------------------


def form_data(**changes) -> dict:
    return {
        "text": "Learn to design a pragmatic trial.",
        "modes": ["video"],
        "languages": ["en"],
        "time_zone": "Europe/Lisbon",
    } | changes


def test_guests_are_sent_to_log_in(client):
    token = client.csrf_token("/login")
    posted = client.post(GOALS_URL, data=form_data(csrf_token=token))
    for response in (client.get(GOALS_URL), posted):
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_the_form_saves_the_goals_and_goes_to_the_suggestions(client, login, areas):
    member = login()
    response = client.submit(
        GOALS_URL,
        form_data(specialties=[areas["cardiology"].id], topics=[areas["ai"].id]),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/mentorship/suggestions")
    goals = stored(member)
    assert [s.slug for s in goals.specialties] == ["cardiology"]
    assert [t.slug for t in goals.topics] == ["ai-diagnostics"]

    page = client.get(GOALS_URL).get_data(as_text=True)  # prefilled with what was saved
    assert "Learn to design a pragmatic trial.</textarea>" in page
    assert f'value="{areas["cardiology"].id}" checked' in page
    assert '<option selected value="Europe/Lisbon">' in page
    assert "data-guess-zone" not in page  # the saved zone is not guessed over


def test_a_first_visit_offers_open_areas_and_guesses_the_zone(client, login, areas):
    login()
    page = client.get(GOALS_URL).get_data(as_text=True)
    assert "Cardiology" in page and "AI diagnostics" in page
    assert "Retired" not in page and "Old topic" not in page
    assert 'data-guess-zone="browser"' in page
    assert "js/guess-zone.js" in page and "js/topic-picker.js" in page


def test_a_mentor_starts_from_their_profile_zone(client, auth, areas):
    mentor = make_mentor("zoned", time_zone="Asia/Tokyo")
    auth.login(mentor.username)
    page = client.get(GOALS_URL).get_data(as_text=True)
    assert '<option selected value="Asia/Tokyo">' in page
    assert "data-guess-zone" not in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"text": ""}, "text", "Say in a few words"),
        ({"text": "y" * 2001}, "text", "Keep your goals under 2,000 characters."),
        ({"specialties": ["999999"]}, "specialties", "Choose specialties from the list."),
        ({"specialties": ["abc"]}, "specialties", "Choose specialties from the list."),
        ({"topics": ["1; DROP TABLE users"]}, "topics", "Choose research topics from the list."),
        ({"topics": [str(n) for n in range(5000)]}, "topics", "Choose research topics"),
        ({"modes": ["telepathy"]}, "modes", "Choose from the ways offered."),
        ({"languages": ["klingon"]}, "languages", "Choose languages from the list."),
        ({"time_zone": "../../etc/passwd"}, "time_zone", "Choose your time zone from the list."),
        ({"time_zone": "Etc/../../x"}, "time_zone", "Choose your time zone from the list."),
    ],
)
def test_hostile_input_gets_a_message_beside_its_field_and_keeps_the_text(
    client, login, areas, changes, field, message
):
    member = login()
    typed = "My own words <b>kept</b>"
    data = form_data(text=typed) | changes
    response = client.submit(GOALS_URL, data)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert f'id="{field}-error">' in page
    error = page.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    if "text" not in changes:
        assert "My own words &lt;b&gt;kept&lt;/b&gt;</textarea>" in page
    assert "../" not in error and "DROP" not in error  # what was sent is never echoed
    assert stored(member) is None


def test_the_form_keeps_every_choice_when_a_field_is_refused(client, login, areas):
    member = login()
    data = form_data(
        text="",
        specialties=[areas["oncology"].id],
        topics=[areas["ai"].id],
        modes=["forum", "video"],
        languages=["es"],
        time_zone="Asia/Kolkata",
    )
    page = client.submit(GOALS_URL, data).get_data(as_text=True)
    assert f'value="{areas["oncology"].id}" checked' in page
    assert f'selected value="{areas["ai"].id}"' in page
    assert 'value="forum" checked' in page and 'value="video" checked' in page
    assert 'value="es" checked' in page
    assert '<option selected value="Asia/Kolkata">' in page
    assert stored(member) is None


def test_a_service_refusal_is_shown_beside_its_field(client, login, areas):
    """A specialty retired between showing the form and sending it: the service says no."""
    member = login()
    token = client.csrf_token(GOALS_URL)
    areas["oncology"].retired_at = utcnow()
    db.session.commit()
    response = client.post(
        GOALS_URL, data=form_data(specialties=[areas["oncology"].id], csrf_token=token)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="specialties-error"' in page
    assert stored(member) is None


def test_a_suspended_member_reads_why_and_cannot_save(client, login, areas):
    member = login(suspended_until=SUSPENDED_INDEFINITELY)
    response = client.get(GOALS_URL)
    assert response.status_code == 403
    assert "suspended" in response.get_data(as_text=True)
    token = client.csrf_token("/")
    response = client.post(GOALS_URL, data=form_data(csrf_token=token))
    assert response.status_code == 403
    assert stored(member) is None
