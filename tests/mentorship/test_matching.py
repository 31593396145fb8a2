"""Suggested mentors as a plain function: the full ranking of a fixed set of mentors,
the exact reason each gets, the caps, and every exclusion (no database, no HTTP)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from forum.mentorship import matching
from forum.mentorship.matching import Activity, Candidate, Goals, Label

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # winter: Lisbon and London on UTC

CARDIOLOGY, ONCOLOGY = Label(1, "Cardiology"), Label(2, "Oncology")
AI, WEARABLES = Label(10, "AI diagnostics"), Label(11, "Wearables")
ENGLISH, SPANISH = Label("en", "English"), Label("es", "Spanish")

GOALS = Goals(
    user_id=100,
    text="Run a pragmatic trial of an AI ECG reader in my clinic.",
    specialties=(CARDIOLOGY, ONCOLOGY),
    topics=(AI, WEARABLES),
    modes=("video",),
    languages=(ENGLISH, SPANISH),
    time_zone="Europe/Lisbon",
)


def mentor(user_id: int, username: str, **facts) -> Candidate:
    facts.setdefault("modes", ("forum", "video"))
    return Candidate(user_id=user_id, username=username, display_name=username.title(), **facts)


ANA = mentor(
    1,
    "ana",
    specialties=(CARDIOLOGY,),
    topics=(AI,),
    time_zone="America/New_York",
    languages=("en",),
    capacity=3,
    places_taken=2,
    by_specialty={1: Activity(accepted=10, helpful=20)},
    by_topic={10: Activity(accepted=7, helpful=15)},
    in_areas=Activity(accepted=12, helpful=30),  # 5 answers are in both areas
    last_active=NOW - timedelta(days=2),
)
BRUNO = mentor(
    2,
    "bruno",
    specialties=(CARDIOLOGY, ONCOLOGY),
    time_zone="Europe/Berlin",
    languages=("es", "pt"),
    capacity=2,
    last_active=NOW - timedelta(days=20),
)
CARLA = mentor(
    3,
    "carla",
    topics=(WEARABLES,),
    modes=("forum",),
    time_zone="Europe/Lisbon",
    languages=("en",),
    capacity=1,
    by_specialty={2: Activity(helpful=2)},
    by_topic={11: Activity(accepted=3)},
    in_areas=Activity(accepted=3, helpful=2),
)
DEV = mentor(
    4,
    "dev",
    specialties=(Label(9, "Nephrology"),),
    time_zone="Asia/Kolkata",
    languages=("hi",),
    capacity=2,
    places_taken=1,
    by_specialty={1: Activity(accepted=1)},
    in_areas=Activity(accepted=1),
    last_active=NOW - timedelta(days=40),
)
ELENA = mentor(5, "elena", specialties=(ONCOLOGY,), modes=("in_person",), languages=("en",))
ADAM = dataclasses.replace(ELENA, user_id=6, username="adam", display_name="Adam")
MENTORS = [CARLA, DEV, ELENA, ANA, ADAM, BRUNO]


def test_suggestions_are_ranked_by_the_documented_score():
    suggestions = matching.suggest(GOALS, MENTORS, NOW)

    assert [(s.candidate.username, s.score) for s in suggestions] == [
        ("ana", 69),
        ("bruno", 53),
        ("adam", 28),  # ties: more shared areas first, then the username
        ("elena", 28),
        ("carla", 28),
        ("dev", 9),
    ]
    assert suggestions[0].points == {
        "specialties": 12,
        "topics": 8,
        "answers": 20,  # 12 accepted at 2 each, capped
        "helpful": 8,  # 30 marks, capped
        "capacity": 4,
        "time zone": 3,  # 5 h apart
        "language": 8,
        "activity": 6,
    }


def test_each_reason_states_only_the_facts_that_scored():
    reasons = {s.candidate.username: s.reason for s in matching.suggest(GOALS, MENTORS, NOW)}

    assert reasons == {
        "ana": "Mentors in Cardiology and AI diagnostics; answers questions there: "
        "12 accepted, 30 helpful marks; 5 h from you; 1 of 3 places free; speaks English; "
        "active in the past week",
        "bruno": "Mentors in Cardiology and Oncology; 1 h from you; 2 of 2 places free; "
        "speaks Spanish; active in the past month",
        # Her answers are in areas she does not list: they are named.
        "carla": "Mentors in Wearables; answers questions in Oncology and Wearables: "
        "3 accepted, 2 helpful marks; 1 of 1 place free; speaks English",
        "dev": "Answers questions in Cardiology: 1 accepted; 5 h 30 min from you; "
        "1 of 2 places free",
        "elena": "Mentors in Oncology; 2 of 2 places free; speaks English",
        "adam": "Mentors in Oncology; 2 of 2 places free; speaks English",
    }


def test_the_order_does_not_depend_on_the_order_of_the_candidates():
    forward = matching.suggest(GOALS, MENTORS, NOW)
    backward = matching.suggest(GOALS, list(reversed(MENTORS)), NOW)
    assert [s.candidate.user_id for s in forward] == [s.candidate.user_id for s in backward]
    assert [s.candidate.username for s in matching.suggest(GOALS, MENTORS, NOW, limit=2)] == [
        "ana",
        "bruno",
    ]


def test_caps_keep_one_huge_number_from_outweighing_shared_areas():
    prolific = mentor(7, "prolific", in_areas=Activity(accepted=5000, helpful=90000))
    prolific = dataclasses.replace(prolific, by_specialty={1: Activity(5000, 90000)})
    sharing = mentor(8, "sharing", specialties=(CARDIOLOGY, ONCOLOGY), topics=(AI, WEARABLES))
    points = {
        s.candidate.username: s.points for s in matching.suggest(GOALS, [prolific, sharing], NOW)
    }

    assert points["prolific"]["answers"] == matching.ACCEPTED_CAP
    assert points["prolific"]["helpful"] == matching.HELPFUL_CAP
    assert points["sharing"]["specialties"] + points["sharing"]["topics"] == 40
    assert sum(points["sharing"].values()) > sum(points["prolific"].values())


def test_the_caps_add_up_to_the_maximum_score():
    caps = (
        matching.SPECIALTY_CAP,
        matching.TOPIC_CAP,
        matching.ACCEPTED_CAP,
        matching.HELPFUL_CAP,
        matching.PLACES_CAP,
        max(points for _within, points in matching.TIME_ZONE_BANDS),
        matching.LANGUAGE_POINTS,
        max(band[1] for band in matching.ACTIVITY_BANDS),
    )
    assert sum(caps) == matching.MAX_SCORE == 100
    best = mentor(
        9,
        "best",
        specialties=(CARDIOLOGY, ONCOLOGY),
        topics=(AI, WEARABLES),
        languages=("en",),
        time_zone="Europe/London",
        capacity=5,
        by_specialty={1: Activity(50, 50)},
        in_areas=Activity(50, 50),
        last_active=NOW,
    )
    assert matching.score(GOALS, best, NOW).score == 100


@pytest.mark.parametrize(
    "change, why",
    [
        ({"user_id": GOALS.user_id}, "self"),
        ({"status": "pending"}, "not approved"),
        ({"status": "declined"}, "not approved"),
        ({"accepting": False}, "paused"),
        ({"suspended": True}, "suspended"),
        ({"capacity": 2, "places_taken": 2}, "at capacity"),
        ({"capacity": 1, "places_taken": 3}, "at capacity"),
        ({"in_open_mentorship": True}, "already asked"),
        ({"specialties": (Label(9, "Nephrology"),), "topics": ()}, "no shared area"),
    ],
)
def test_excluded_mentors_are_never_suggested(change, why):
    eligible = BRUNO
    assert matching.excluded(GOALS, eligible) is None
    left_out = dataclasses.replace(eligible, **change)

    assert matching.excluded(GOALS, left_out) == why
    assert [s.candidate.username for s in matching.suggest(GOALS, [left_out, ELENA], NOW)] == [
        "elena"
    ]


def test_goals_naming_no_area_rank_every_mentor_by_the_other_parts():
    open_goals = dataclasses.replace(GOALS, specialties=(), topics=(), languages=())
    nephrologist = dataclasses.replace(DEV, by_specialty={}, in_areas=Activity())
    suggestions = matching.suggest(open_goals, [nephrologist, BRUNO], NOW)

    assert [(s.candidate.username, s.score, s.reason) for s in suggestions] == [
        ("bruno", 21, "1 h from you; 2 of 2 places free; active in the past month"),
        ("dev", 7, "5 h 30 min from you; 1 of 2 places free"),
    ]


def test_time_zone_counts_only_when_both_would_meet_on_video():
    forum_only = dataclasses.replace(GOALS, modes=("forum",))
    any_mode = dataclasses.replace(GOALS, modes=())

    assert "time zone" not in matching.score(forum_only, BRUNO, NOW).points
    assert "1 h from you" not in matching.score(forum_only, BRUNO, NOW).reason
    assert matching.score(any_mode, BRUNO, NOW).points["time zone"] == 10
    assert "time zone" not in matching.score(GOALS, CARLA, NOW).points  # she offers no video
    far = dataclasses.replace(BRUNO, time_zone="Pacific/Auckland")
    assert "time zone" not in matching.score(GOALS, far, NOW).points


def test_time_zone_distance_is_taken_at_now_with_summer_time():
    january, july = NOW, datetime(2026, 7, 15, 12, 0, tzinfo=UTC)
    assert matching.zone_distance("Europe/Lisbon", "America/Sao_Paulo", january) == timedelta(
        hours=3
    )
    assert matching.zone_distance("Europe/Lisbon", "America/Sao_Paulo", july) == timedelta(hours=4)
    assert matching.distance_words(timedelta(0)) == "same local time as you"
    assert matching.distance_words(timedelta(minutes=45)) == "45 min from you"
    same = dataclasses.replace(BRUNO, time_zone="Europe/London")
    assert matching.score(GOALS, same, NOW).reason.startswith(
        "Mentors in Cardiology and Oncology; same local time as you;"
    )


@pytest.mark.parametrize("zone", ["../../etc/passwd", "Not/AZone", "", "/etc/localtime"])
def test_an_unknown_zone_scores_no_time_zone_points_and_does_not_fail(zone):
    odd = dataclasses.replace(BRUNO, time_zone=zone)
    assert matching.zone_distance(GOALS.time_zone, zone, NOW) is None
    assert "time zone" not in matching.score(GOALS, odd, NOW).points


def test_long_lists_of_names_are_shortened():
    labels = [Label(n, f"Area {n}") for n in range(1, 6)]
    assert matching.names(labels[:1]) == "Area 1"
    assert matching.names(labels[:2]) == "Area 1 and Area 2"
    assert matching.names(labels[:3]) == "Area 1, Area 2 and Area 3"
    assert matching.names(labels) == "Area 1, Area 2, Area 3 and 2 more"
