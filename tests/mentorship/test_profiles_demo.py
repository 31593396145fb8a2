"""The demo mentor profiles: believable, valid, and added once."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.demo import data
from forum.extensions import db
from forum.mentorship import profiles_demo
from forum.mentorship.access import valid_zone
from forum.mentorship.models import (
    LANGUAGES,
    MAX_CAPACITY,
    MODES,
    MentorProfile,
    codes,
    mentor_specialties,
)
from tests import factories


def test_every_demo_mentor_has_a_valid_profile_in_the_demo_data():
    mentors = {u["username"] for u in data.USERS if "mentor" in u["roles"]}
    specialties = {s[0] for s in data.SPECIALTIES}
    topics = {t[0] for t in data.TOPICS}
    assert set(profiles_demo.PROFILES) == mentors
    rows = [*profiles_demo.PROFILES.values(), tuple(profiles_demo.APPLICANT[1:])]
    for slugs, topic_slugs, years, modes, languages, zone, capacity, _accepting, text in rows:
        assert slugs and set(slugs) <= specialties and set(topic_slugs) <= topics
        assert set(codes(modes)) <= set(MODES) and set(codes(languages)) <= set(LANGUAGES)
        assert valid_zone(zone) and 1 <= capacity <= MAX_CAPACITY and 0 <= years <= 70
        assert 0 < len(text) <= 2000
    assert [values[7] for values in profiles_demo.PROFILES.values()].count(False) == 1
    assert len({values[6] for values in profiles_demo.PROFILES.values()}) > 2


def test_seeding_adds_profiles_and_one_application_once(app):
    for slug, name, _description in data.SPECIALTIES:
        factories.make_specialty(name, slug=slug)
    for slug, name, *_rest in data.TOPICS:
        factories.make_topic(name, slug=slug)
    for username in profiles_demo.PROFILES:
        factories.make_user("mentor", username=username)
    factories.make_user(username=profiles_demo.APPLICANT[0])

    assert profiles_demo.seed_demo() == {"profiles": 11, "applications": 1}
    assert profiles_demo.seed_demo() == {"profiles": 0, "applications": 0}

    statuses = dict(
        db.session.execute(
            select(MentorProfile.status, func.count()).group_by(MentorProfile.status)
        ).all()
    )
    assert statuses == {"approved": 11, "pending": 1}
    with_areas = db.session.scalar(select(func.count(func.distinct(mentor_specialties.c.user_id))))
    assert with_areas == 12
