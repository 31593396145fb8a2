"""Recognition: a mentor's activity on their profile, and each specialty's top mentors."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from forum.answers import service as answers
from forum.answers.models import AcceptedAnswer, HelpfulMark
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship import recognition
from forum.threads import service as threads
from forum.threads.models import Post
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship


def _text(response) -> str:
    return response.get_data(as_text=True)


def _answered(mentor, specialty, *, accepted=False, helpful=0):
    """A question in `specialty` answered by `mentor`, maybe accepted, maybe marked."""
    asker = factories.make_user()
    reply = threads.reply_to_thread(mentor, factories.make_thread(asker, specialty), "Answer.")
    if accepted:
        answers.accept_answer(asker, reply)
    for _ in range(helpful):
        answers.mark_helpful(factories.make_user(), reply)
    return reply


# ---- the profile page --------------------------------------------------------------


def test_a_mentors_profile_shows_their_mentoring(client):
    cardiology, oncology = factories.make_specialty(), factories.make_specialty()
    mentor = make_mentor("rohan", specialties=[cardiology])
    _answered(mentor, cardiology, accepted=True, helpful=2)
    _answered(mentor, cardiology)
    _answered(mentor, oncology, accepted=True, helpful=5)  # not a specialty they mentor
    hidden = _answered(mentor, cardiology, helpful=1)
    db.session.execute(update(Post).where(Post.id == hidden.id).values(deleted_at=utcnow()))
    first, second = factories.make_user(display_name="Ada <Lovelace>"), factories.make_user()
    make_mentorship(
        mentor, first, status="ended", thanks="Thank you for <b>everything</b> & more",
        thanks_shown=True, thanked_at=utcnow(),
    )  # fmt: skip
    make_mentorship(mentor, first, status="active")  # the same mentee again: one mentee
    make_mentorship(mentor, second, status="ended", thanks="Kept private.", thanks_shown=False)
    make_mentorship(mentor, factories.make_user(), status="requested")
    make_mentorship(mentor, factories.make_user(), status="withdrawn")
    db.session.commit()

    page = _text(client.get("/members/rohan"))

    assert "Mentoring" in page
    assert "2 answers in the specialties they mentor" in page
    assert "1 accepted answer" in page and "2 helpful marks received" in page
    assert "2 mentees helped" in page and "1 thank-you" in page
    assert "Thank you for &lt;b&gt;everything&lt;/b&gt; &amp; more" in page
    assert "<b>everything</b>" not in page
    assert "Ada &lt;Lovelace&gt;" in page
    assert "Kept private." not in page


def test_members_who_are_not_mentors_have_no_mentoring_section(client):
    factories.make_user(username="ada")
    make_mentor("pending", status="pending")
    assert 'id="mentoring-heading"' not in _text(client.get("/members/ada"))
    assert 'id="mentoring-heading"' not in _text(client.get("/members/pending"))


def test_a_mentors_section_costs_one_query(client, count_queries):
    factories.make_user(username="ada")
    mentor = make_mentor("rohan")
    for n in range(3):
        make_mentorship(
            mentor, factories.make_user(), status="ended", thanks=f"Thanks {n}",
            thanks_shown=True, thanked_at=utcnow(),
        )  # fmt: skip
    with count_queries() as member:
        assert client.get("/members/ada").status_code == 200
    with count_queries() as mentors:
        page = _text(client.get("/members/rohan"))
    assert "Thanks 2" in page and "3 thank-yous" in page
    assert len(mentors) == len(member) + 1


# ---- the specialty page ------------------------------------------------------------


def test_top_mentors_this_month_rank_accepted_answers_plus_helpful_marks(client):
    cardiology, oncology = factories.make_specialty(slug="cardio"), factories.make_specialty()
    top = make_mentor("top", display_name="Dr Top", specialties=[cardiology])
    second = make_mentor("second", display_name="Dr Second", specialties=[cardiology])
    make_mentor("idle", display_name="Dr Idle", specialties=[cardiology])
    elsewhere = make_mentor("elsewhere", display_name="Dr Elsewhere", specialties=[oncology])
    member = factories.make_user(display_name="Dr Member")
    _answered(top, cardiology, accepted=True, helpful=2)  # 3
    _answered(second, cardiology, helpful=2)  # 2
    old = _answered(second, cardiology, accepted=True, helpful=3)  # last month: 0
    _answered(second, oncology, accepted=True, helpful=4)  # another specialty
    _answered(elsewhere, cardiology, accepted=True, helpful=4)  # does not mentor cardiology
    _answered(member, cardiology, accepted=True, helpful=4)  # not a mentor
    last_month = recognition.month_start(utcnow()) - timedelta(days=2)
    db.session.execute(
        update(AcceptedAnswer)
        .where(AcceptedAnswer.post_id == old.id)
        .values(accepted_at=last_month)
    )
    db.session.execute(
        update(HelpfulMark).where(HelpfulMark.post_id == old.id).values(created_at=last_month)
    )
    db.session.commit()

    page = _text(client.get("/specialties/cardio"))

    assert "Top mentors this month" in page
    section = page[page.index("Top mentors this month") :]
    section = section[: section.index("</section>")]
    assert section.index("Dr Top") < section.index("Dr Second")
    assert "1 accepted answer · 2 helpful marks" in section
    assert "0 accepted answers · 2 helpful marks" in section
    for absent in ("Dr Idle", "Dr Elsewhere", "Dr Member"):
        assert absent not in section


def test_suspended_or_hidden_work_does_not_count_this_month(client):
    cardiology = factories.make_specialty(slug="cardio")
    suspended = make_mentor("sus", display_name="Dr Suspended", specialties=[cardiology])
    hidden_only = make_mentor("hid", display_name="Dr Hidden", specialties=[cardiology])
    _answered(suspended, cardiology, accepted=True)
    reply = _answered(hidden_only, cardiology, accepted=True, helpful=2)
    db.session.execute(update(Post).where(Post.id == reply.id).values(hidden_at=utcnow()))
    suspended.suspended_until = utcnow() + timedelta(days=3)
    db.session.commit()

    page = _text(client.get("/specialties/cardio"))

    assert "Top mentors this month" not in page


def test_top_mentors_cost_one_query_whatever_their_number(client, count_queries):
    cardiology = factories.make_specialty(slug="cardio")
    _answered(make_mentor("first", specialties=[cardiology]), cardiology, accepted=True)
    with count_queries() as one:
        assert client.get("/specialties/cardio").status_code == 200
    for n in range(6):
        mentor = make_mentor(f"m{n}", specialties=[cardiology])
        _answered(mentor, cardiology, accepted=True, helpful=n % 3)
    with count_queries() as many:
        page = _text(client.get("/specialties/cardio"))
    assert page.count("accepted answer") == recognition.TOP_MENTORS
    assert len(many) == len(one)
    assert any("UNION ALL" in statement for statement in many)
