"""Page reads for goals and suggested mentors: a member's goals, and the facts
matching.suggest ranks, loaded in a fixed number of queries whatever the number of
mentors.

Candidates are approved mentors who list at least one of the goals' specialties or
topics on their profile (every approved mentor when the goals name none). Their
accepted answers and helpful marks count only listed, readable posts
(visibility.listed_posts): nothing in a private space, a deleted thread, or a deleted
or hidden post. An accepted answer is an AcceptedAnswer row joined to the answering
post; helpful marks are the HelpfulCount of the mentor's posts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from forum import visibility
from forum.answers.models import AcceptedAnswer, HelpfulCount
from forum.auth.models import GRANTED_ROLES, ROLE_LABELS, User
from forum.extensions import db
from forum.mentorship import matching
from forum.mentorship.access import CAPACITY_STATUSES
from forum.mentorship.models import (
    LANGUAGES,
    OPEN_STATUSES,
    MenteeGoals,
    MentorProfile,
    Mentorship,
    codes,
    mentor_specialties,
    mentor_topics,
)
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import Post, Thread, thread_topics

SUGGESTIONS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class SuggestionsPage:
    """The suggestions page: the member's goals (None until stated) and the ranking."""

    goals: matching.Goals | None
    suggestions: list[matching.Suggestion]


def goals_row(user_id: int) -> MenteeGoals | None:
    """The member's MenteeGoals with its specialties and topics (for the form; 3 queries)."""
    return db.session.scalar(
        select(MenteeGoals)
        .where(MenteeGoals.user_id == user_id)
        .options(selectinload(MenteeGoals.specialties), selectinload(MenteeGoals.topics))
    )


def goals_facts(row: MenteeGoals) -> matching.Goals:
    """A loaded MenteeGoals as matching reads it."""
    return matching.Goals(
        user_id=row.user_id,
        text=row.text,
        specialties=tuple(matching.Label(s.id, s.name) for s in row.specialties),
        topics=tuple(matching.Label(t.id, t.name) for t in row.topics),
        modes=row.modes,
        languages=tuple(matching.Label(c, LANGUAGES[c]) for c in row.languages if c in LANGUAGES),
        time_zone=row.time_zone,
    )


def suggestions_page(viewer: User, now: datetime, limit: int = SUGGESTIONS_SHOWN):
    """The suggestions for `viewer` at `now`, best first (a fixed number of queries)."""
    row = goals_row(viewer.id)
    if row is None:
        return SuggestionsPage(None, [])
    goals = goals_facts(row)
    return SuggestionsPage(goals, matching.suggest(goals, candidates(goals, now), now, limit))


# ---- the candidates' facts ---------------------------------------------------------


def _badges(roles_text: str) -> tuple[tuple[str, str], ...]:
    roles = set(codes(roles_text))
    return tuple((role, ROLE_LABELS[role]) for role in GRANTED_ROLES if role in roles)


def _mentor_rows(goals: matching.Goals):
    """Approved mentors sharing one of the goals' areas (all of them when none is named)."""
    statement = (
        select(
            User.id,
            User.username,
            User.display_name,
            User.roles_text,
            User.suspended_until,
            MentorProfile.status,
            MentorProfile.modes_text,
            MentorProfile.languages_text,
            MentorProfile.time_zone,
            MentorProfile.capacity,
            MentorProfile.accepting,
        )
        .join(MentorProfile, MentorProfile.user_id == User.id)
        .where(MentorProfile.status == "approved")
        .order_by(User.id)
    )
    specialty_ids = sorted(label.key for label in goals.specialties)
    topic_ids = sorted(label.key for label in goals.topics)
    if specialty_ids or topic_ids:
        statement = statement.where(
            or_(
                exists().where(
                    mentor_specialties.c.user_id == User.id,
                    mentor_specialties.c.specialty_id.in_(specialty_ids),
                ),
                exists().where(
                    mentor_topics.c.user_id == User.id, mentor_topics.c.topic_id.in_(topic_ids)
                ),
            )
        )
    return db.session.execute(statement).all()


def _labels(table, key_column, model, order, mentor_ids: list[int]) -> dict[int, list]:
    """{mentor id: [Label]} of the mentors' specialties or topics (one query)."""
    rows = db.session.execute(
        select(table.c.user_id, model.id, model.name)
        .join(model, model.id == key_column)
        .where(table.c.user_id.in_(mentor_ids))
        .order_by(table.c.user_id, *order)
    )
    labels: dict[int, list] = defaultdict(list)
    for user_id, key, name in rows:
        labels[user_id].append(matching.Label(key, name))
    return labels


def _places_taken(mentor_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Mentorship.mentor_id, func.count(Mentorship.id))
        .where(Mentorship.mentor_id.in_(mentor_ids), Mentorship.status.in_(CAPACITY_STATUSES))
        .group_by(Mentorship.mentor_id)
    )
    return dict(rows.all())


def _open_with(member_id: int) -> set[int]:
    """The mentors `member_id` has an open mentorship (or request) with."""
    return set(
        db.session.scalars(
            select(Mentorship.mentor_id).where(
                Mentorship.mentee_id == member_id, Mentorship.status.in_(OPEN_STATUSES)
            )
        )
    )


def _last_active(mentor_ids: list[int]) -> dict[int, datetime]:
    """Each mentor's latest listed, readable post."""
    rows = db.session.execute(
        select(Post.author_id, func.max(Post.created_at))
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id.in_(mentor_ids), visibility.listed_posts())
        .group_by(Post.author_id)
    )
    return dict(rows.all())


# Per post: 1 when it is an accepted answer, and its helpful marks. Posts with neither
# are left out by the WHERE below, so these sums only read the mentor's useful posts.
_ACCEPTED = func.count(AcceptedAnswer.post_id)
_HELPFUL = func.coalesce(func.sum(HelpfulCount.count), 0)


def _useful_posts(mentor_ids: list[int], *group_by):
    """(author, *group_by, accepted, helpful) over the mentors' listed, readable posts
    that were accepted or marked helpful; the caller adds the area condition."""
    return (
        select(Post.author_id, *group_by, _ACCEPTED, _HELPFUL)
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(AcceptedAnswer, AcceptedAnswer.post_id == Post.id)
        .outerjoin(HelpfulCount, HelpfulCount.post_id == Post.id)
        .where(
            Post.author_id.in_(mentor_ids),
            visibility.listed_posts(),
            or_(AcceptedAnswer.post_id.is_not(None), HelpfulCount.count > 0),
        )
        .group_by(Post.author_id, *group_by)
    )


def _activity(goals: matching.Goals, mentor_ids: list[int]):
    """({mentor: {specialty: Activity}}, {mentor: {topic: Activity}}, {mentor: Activity}
    across all the goals' areas, each post once) in three grouped queries."""
    by_specialty: dict[int, dict] = defaultdict(dict)
    by_topic: dict[int, dict] = defaultdict(dict)
    in_areas: dict[int, matching.Activity] = {}
    specialty_ids = sorted(label.key for label in goals.specialties)
    topic_ids = sorted(label.key for label in goals.topics)
    if not (specialty_ids or topic_ids):
        return by_specialty, by_topic, in_areas
    if specialty_ids:
        statement = _useful_posts(mentor_ids, Thread.specialty_id).where(
            Thread.specialty_id.in_(specialty_ids)
        )
        for author_id, specialty_id, accepted, helpful in db.session.execute(statement):
            by_specialty[author_id][specialty_id] = matching.Activity(accepted, helpful)
    if topic_ids:
        statement = (
            _useful_posts(mentor_ids, thread_topics.c.topic_id)
            .join(thread_topics, thread_topics.c.thread_id == Thread.id)
            .where(thread_topics.c.topic_id.in_(topic_ids))
        )
        for author_id, topic_id, accepted, helpful in db.session.execute(statement):
            by_topic[author_id][topic_id] = matching.Activity(accepted, helpful)
    # Each post once, however many of the goals' areas its thread is in.
    in_any_topic = exists().where(
        and_(thread_topics.c.thread_id == Thread.id, thread_topics.c.topic_id.in_(topic_ids))
    )
    statement = _useful_posts(mentor_ids).where(
        or_(Thread.specialty_id.in_(specialty_ids), in_any_topic)
    )
    for author_id, accepted, helpful in db.session.execute(statement):
        in_areas[author_id] = matching.Activity(accepted, helpful)
    return by_specialty, by_topic, in_areas


def candidates(goals: matching.Goals, now: datetime) -> list[matching.Candidate]:
    """The facts of every mentor who might be suggested for `goals` (at most nine
    queries, whatever their number)."""
    rows = _mentor_rows(goals)
    if not rows:
        return []
    ids = [row.id for row in rows]
    specialties = _labels(
        mentor_specialties,
        mentor_specialties.c.specialty_id,
        Specialty,
        (Specialty.position, Specialty.name),
        ids,
    )
    topics = _labels(
        mentor_topics, mentor_topics.c.topic_id, ResearchTopic, (ResearchTopic.name,), ids
    )
    taken = _places_taken(ids)
    open_with = _open_with(goals.user_id)
    last_active = _last_active(ids)
    by_specialty, by_topic, in_areas = _activity(goals, ids)
    return [
        matching.Candidate(
            user_id=row.id,
            username=row.username,
            display_name=row.display_name,
            status=row.status,
            badges=_badges(row.roles_text),
            specialties=tuple(specialties.get(row.id, ())),
            topics=tuple(topics.get(row.id, ())),
            modes=codes(row.modes_text),
            languages=codes(row.languages_text),
            time_zone=row.time_zone,
            capacity=row.capacity,
            places_taken=taken.get(row.id, 0),
            accepting=row.accepting,
            suspended=row.suspended_until is not None and row.suspended_until > now,
            in_open_mentorship=row.id in open_with,
            by_specialty=by_specialty.get(row.id, {}),
            by_topic=by_topic.get(row.id, {}),
            in_areas=in_areas.get(row.id, matching.NO_ACTIVITY),
            last_active=last_active.get(row.id),
        )
        for row in rows
    ]
