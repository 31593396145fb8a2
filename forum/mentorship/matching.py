"""Suggested mentors: a documented score over loaded facts, and the reason it gives.

Plain code over frozen dataclasses: no database, no Flask, so the ranking is tested on
a fixed set of mentors without HTTP (goal_queries.py loads the facts). The score is
out of 100, made of parts that are each capped, so one huge number (a thousand helpful
marks) cannot outweigh sharing the member's specialties and topics:

| part | points | cap |
| --- | --- | --- |
| specialties | 12 for each of the goals' specialties on the mentor's profile | 24 |
| topics | 8 for each of the goals' research topics on the mentor's profile | 16 |
| answers | 2 for each accepted answer in the goals' specialties or topics | 20 |
| helpful | 1 for each helpful mark on posts in those areas | 8 |
| capacity | 4 for each free place | 8 |
| time zone | video both ways: 10 within 1 h, 6 within 3 h, 3 within 6 h | 10 |
| language | 8 when the mentor speaks one of the goals' languages | 8 |
| activity | 6 for a post in the last 7 days, 3 in the last 30 | 6 |

Ties go to more shared areas, then more accepted answers, then the username (A to Z).
Never suggested: the member, mentors not approved, paused, suspended or with no free
place, mentors already in an open mentorship with the member, and, when the goals name
specialties or topics, mentors who share none of them and answered nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SPECIALTY_POINTS, SPECIALTY_CAP = 12, 24
TOPIC_POINTS, TOPIC_CAP = 8, 16
ACCEPTED_POINTS, ACCEPTED_CAP = 2, 20
HELPFUL_POINTS, HELPFUL_CAP = 1, 8
PLACE_POINTS, PLACES_CAP = 4, 8
# (at most this far apart, points): the first band the distance falls in.
TIME_ZONE_BANDS = ((timedelta(hours=1), 10), (timedelta(hours=3), 6), (timedelta(hours=6), 3))
LANGUAGE_POINTS = 8
# (posted within, points, words): the first band the mentor's latest post falls in.
ACTIVITY_BANDS = (
    (timedelta(days=7), 6, "the past week"),
    (timedelta(days=30), 3, "the past month"),
)
MAX_SCORE = 100
VIDEO = "video"
# How many names a reason lists before "and N more".
NAMES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Label:
    """Something with a key and a name: a specialty or topic (id), a language (code)."""

    key: int | str
    name: str


@dataclass(frozen=True, slots=True)
class Goals:
    """What the member asked for (MenteeGoals, with names)."""

    user_id: int
    text: str
    specialties: tuple[Label, ...] = ()
    topics: tuple[Label, ...] = ()
    modes: tuple[str, ...] = ()
    languages: tuple[Label, ...] = ()
    time_zone: str = "UTC"

    @property
    def names_areas(self) -> bool:
        return bool(self.specialties or self.topics)


@dataclass(frozen=True, slots=True)
class Activity:
    """A mentor's accepted answers and helpful marks received on listed, readable posts."""

    accepted: int = 0
    helpful: int = 0


NO_ACTIVITY = Activity()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One mentor's facts. `by_specialty` and `by_topic` hold their activity in each of the
    goals' areas; `in_areas` the same counted once per post across all of them (a post in
    a goal specialty that also carries a goal topic counts once)."""

    user_id: int
    username: str
    display_name: str
    status: str = "approved"
    badges: tuple[tuple[str, str], ...] = ()
    specialties: tuple[Label, ...] = ()
    topics: tuple[Label, ...] = ()
    modes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    time_zone: str = "UTC"
    capacity: int = 2
    places_taken: int = 0
    accepting: bool = True
    suspended: bool = False
    in_open_mentorship: bool = False  # with the member the suggestions are for
    by_specialty: Mapping[int, Activity] = field(default_factory=dict)
    by_topic: Mapping[int, Activity] = field(default_factory=dict)
    in_areas: Activity = NO_ACTIVITY
    last_active: datetime | None = None

    @property
    def is_approved(self) -> bool:
        """For permissions.can_request_mentorship, which reads a profile's columns."""
        return self.status == "approved"

    @property
    def places_free(self) -> int:
        return max(0, self.capacity - self.places_taken)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A mentor suggested to the member: the score, the points of each part that scored
    (in the table's order), and the reason in words."""

    candidate: Candidate
    score: int
    parts: tuple[tuple[str, int], ...]
    reason: str

    @property
    def points(self) -> dict[str, int]:
        return dict(self.parts)


# ---- who is never suggested ------------------------------------------------------


def excluded(goals: Goals, candidate: Candidate) -> str | None:
    """Why `candidate` is never suggested to the member of `goals`, or None."""
    if candidate.user_id == goals.user_id:
        return "self"
    if candidate.status != "approved":
        return "not approved"
    if not candidate.accepting:
        return "paused"
    if candidate.suspended:
        return "suspended"
    if candidate.places_free <= 0:
        return "at capacity"
    if candidate.in_open_mentorship:
        return "already asked"
    if goals.names_areas and not (_shared(goals, candidate) or _active_in_areas(candidate)):
        return "no shared area"
    return None


def _shared_specialties(goals: Goals, candidate: Candidate) -> list[Label]:
    """The goals' specialties that the mentor lists, in the goals' order."""
    listed = {label.key for label in candidate.specialties}
    return [label for label in goals.specialties if label.key in listed]


def _shared_topics(goals: Goals, candidate: Candidate) -> list[Label]:
    listed = {label.key for label in candidate.topics}
    return [label for label in goals.topics if label.key in listed]


def _shared(goals: Goals, candidate: Candidate) -> list[Label]:
    return _shared_specialties(goals, candidate) + _shared_topics(goals, candidate)


def _active_in_areas(candidate: Candidate) -> bool:
    return _any(candidate.in_areas)


def _any(activity: Activity) -> bool:
    return bool(activity.accepted or activity.helpful)


# ---- the parts -------------------------------------------------------------------


def _capped(count: int, points: int, cap: int) -> int:
    return min(cap, max(0, count) * points)


def zone_distance(a: str, b: str, now: datetime) -> timedelta | None:
    """How far apart the clocks of zones `a` and `b` are at `now`, or None if either
    is not a zone this machine knows."""
    try:
        first, second = ZoneInfo(a), ZoneInfo(b)
    except (ValueError, LookupError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None
    return abs(now.astimezone(first).utcoffset() - now.astimezone(second).utcoffset())


def _band(value: timedelta, bands) -> tuple:
    """The first of `bands` ((at most, points, ...), ...) that `value` falls in, or ()."""
    for band in bands:
        if value <= band[0]:
            return band
    return ()


def _video_both(goals: Goals, candidate: Candidate) -> bool:
    # A member who named no modes would take any, video included.
    return VIDEO in candidate.modes and (not goals.modes or VIDEO in goals.modes)


def _parts(goals: Goals, candidate: Candidate, now: datetime):
    """([(part, points)] for each part that scored, in the table's order, [clause of the
    reason] for the facts that scored: areas and answers, time zone, places, language,
    activity)."""
    parts: list[tuple[str, int]] = []
    areas: list[str] = []
    later: list[str] = []
    specialties, topics = _shared_specialties(goals, candidate), _shared_topics(goals, candidate)
    if specialties:
        parts.append(("specialties", _capped(len(specialties), SPECIALTY_POINTS, SPECIALTY_CAP)))
    if topics:
        parts.append(("topics", _capped(len(topics), TOPIC_POINTS, TOPIC_CAP)))
    if specialties or topics:
        areas.append(f"mentors in {names(specialties + topics)}")
    activity = candidate.in_areas
    if activity.accepted > 0:
        parts.append(("answers", _capped(activity.accepted, ACCEPTED_POINTS, ACCEPTED_CAP)))
    if activity.helpful > 0:
        parts.append(("helpful", _capped(activity.helpful, HELPFUL_POINTS, HELPFUL_CAP)))
    if _any(activity):
        areas.append(_activity_clause(goals, candidate, specialties + topics))
    free = candidate.places_free
    if free > 0:
        parts.append(("capacity", _capped(free, PLACE_POINTS, PLACES_CAP)))
        later.append(f"{free} of {plural(candidate.capacity, 'place')} free")
    if _video_both(goals, candidate):
        distance = zone_distance(goals.time_zone, candidate.time_zone, now)
        band = _band(distance, TIME_ZONE_BANDS) if distance is not None else ()
        if band:
            parts.append(("time zone", band[1]))
            later.insert(0, distance_words(distance))
    spoken = [label for label in goals.languages if label.key in candidate.languages]
    if spoken:
        parts.append(("language", LANGUAGE_POINTS))
        later.append(f"speaks {names(spoken)}")
    if candidate.last_active is not None:
        band = _band(now - candidate.last_active, ACTIVITY_BANDS)
        if band:
            parts.append(("activity", band[1]))
            later.append(f"active in {band[2]}")
    return parts, areas + later


def _activity_clause(goals: Goals, candidate: Candidate, shared: list[Label]) -> str:
    """ "answers questions in Cardiology: 12 accepted, 30 helpful marks", naming the goal
    areas where the mentor has either ("there" when those are all among `shared`)."""
    areas = [
        s for s in goals.specialties if _any(candidate.by_specialty.get(s.key, NO_ACTIVITY))
    ] + [t for t in goals.topics if _any(candidate.by_topic.get(t.key, NO_ACTIVITY))]
    if not areas:  # facts without the breakdown by area
        where = "in these areas"
    elif all(area in shared for area in areas):
        where = "there"
    else:
        where = f"in {names(areas)}"
    counts = []
    if candidate.in_areas.accepted:
        counts.append(f"{candidate.in_areas.accepted:,} accepted")
    if candidate.in_areas.helpful:
        counts.append(plural(candidate.in_areas.helpful, "helpful mark"))
    return f"answers questions {where}: {', '.join(counts)}"


# ---- words -----------------------------------------------------------------------


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def names(labels: Sequence[Label]) -> str:
    """ "A", "A and B", "A, B and C", "A, B, C and 2 more"."""
    shown = [label.name for label in labels[:NAMES_SHOWN]]
    rest = len(labels) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} more"
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def distance_words(distance: timedelta) -> str:
    """ "same local time as you", "2 h from you", "5 h 30 min from you"."""
    minutes = int(distance.total_seconds() // 60)
    if minutes == 0:
        return "same local time as you"
    hours, minutes = divmod(minutes, 60)
    words = [f"{hours} h"] if hours else []
    if minutes:
        words.append(f"{minutes} min")
    return f"{' '.join(words)} from you"


# ---- the ranking -----------------------------------------------------------------


def score(goals: Goals, candidate: Candidate, now: datetime) -> Suggestion:
    """`candidate` scored for `goals` at `now` (exclusions aside: see `suggest`)."""
    parts, clauses = _parts(goals, candidate, now)
    reason = "; ".join(clauses)
    return Suggestion(
        candidate=candidate,
        score=sum(points for _name, points in parts),
        parts=tuple(parts),
        reason=reason[:1].upper() + reason[1:],
    )


def _order(suggestion: Suggestion):
    points = suggestion.points
    overlap = points.get("specialties", 0) + points.get("topics", 0)
    candidate = suggestion.candidate
    return (
        -suggestion.score,
        -overlap,
        -candidate.in_areas.accepted,
        candidate.username.casefold(),
        candidate.user_id,
    )


def suggest(
    goals: Goals, candidates: Iterable[Candidate], now: datetime, limit: int | None = None
) -> list[Suggestion]:
    """The mentors to suggest for `goals`, best first (at most `limit`): the excluded
    left out, ties broken by shared areas, accepted answers, then username."""
    kept = (candidate for candidate in candidates if excluded(goals, candidate) is None)
    ranked = sorted((score(goals, candidate, now) for candidate in kept), key=_order)
    return ranked if limit is None else ranked[:limit]
