"""Page reads for the mentor directory (/mentors), the review queue of applications, and
the forms' own profile.

Listed mentors (`listed_mentors`): an approved profile of a member who still holds
the mentor role and is not suspended. The directory filters them by specialty,
research topic, language, mode, "taking mentees now" (accepting, with a free place)
and "time zones within N hours of mine": the offsets are computed now, with zoneinfo,
over the distinct zones the listed profiles name (a short list), and the page's query
keeps the zones that pass. Each card's numbers are counted in the mentor's own
profile specialties, over listed, readable posts only (forum/visibility.py): replies
(answers), those accepted, and the helpful marks they received; plus current mentees
(access.CAPACITY_STATUSES) out of capacity, and when they last posted anywhere listed.

A page costs the same queries however many mentors it shows: the zones (only with the
zone filter), the count, the page of profiles (places taken as a subquery), their
specialties, their topics, and their numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from forum import visibility
from forum.answers.models import AcceptedAnswer, HelpfulCount
from forum.auth.models import GRANTED_ROLES, ROLE_LABELS, User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship.access import CAPACITY_STATUSES, DEFAULT_ZONE, valid_zone
from forum.mentorship.models import (
    LANGUAGES,
    MODES,
    MentorProfile,
    Mentorship,
    codes,
    mentor_specialties,
    mentor_topics,
)
from forum.pagination import Page, check_page
from forum.rows import StrictRow
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import Post, Thread

MENTORS_PER_PAGE = 20
APPLICATIONS_PER_PAGE = 20


@dataclass(frozen=True, slots=True)
class Area(StrictRow):
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class MentorCard(StrictRow):
    """What the directory shows of one mentor (attributes named as MentorProfile's, so
    permissions.can_request_mentorship reads a card as it reads a profile)."""

    user_id: int
    username: str
    display_name: str
    badges: tuple[tuple[str, str], ...]
    statement: str
    years_in_practice: int
    modes: tuple[str, ...]
    languages: tuple[str, ...]
    time_zone: str
    accepting: bool
    capacity: int
    mentees: int
    specialties: list[Area]
    topics: list[Area]
    answers: int
    accepted: int
    helpful: int
    last_active: datetime | None
    is_approved: bool = True

    @property
    def mode_labels(self) -> list[str]:
        return [MODES[m] for m in self.modes if m in MODES]

    @property
    def language_labels(self) -> list[str]:
        return [LANGUAGES[code] for code in self.languages if code in LANGUAGES]

    @property
    def has_place(self) -> bool:
        return self.mentees < self.capacity


def _role_held(role: str):
    """roles_text (space-separated, GRANTED_ROLES order) names `role`."""
    column = User.roles_text
    return or_(
        column == role,
        column.like(f"{role} %"),
        column.like(f"% {role}"),
        column.like(f"% {role} %"),
    )


def listed_mentors(now: datetime):
    """The condition on MentorProfile joined to User: whom the directory may list."""
    return and_(
        MentorProfile.status == "approved",
        _role_held("mentor"),
        or_(User.suspended_until.is_(None), User.suspended_until <= now),
    )


_PLACES_TAKEN = (
    select(func.count(Mentorship.id))
    .where(Mentorship.mentor_id == MentorProfile.user_id, Mentorship.status.in_(CAPACITY_STATUSES))
    .correlate(MentorProfile)
    .scalar_subquery()
)


def offset_hours(zone: str, now: datetime) -> float:
    """The UTC offset of `zone` at `now`, in hours (UTC for a zone this machine lacks)."""
    info = ZoneInfo(zone if valid_zone(zone) else DEFAULT_ZONE)
    return now.astimezone(info).utcoffset() / timedelta(hours=1)


def zones_within(mine: str, hours: int, zones, now: datetime) -> list[str]:
    """Those of `zones` whose UTC offset now is at most `hours` from `mine`'s."""
    base = offset_hours(mine, now)
    return sorted(z for z in zones if abs(offset_hours(z, now) - base) <= hours)


def _conditions(filters: dict, viewer_zone: str, now: datetime) -> list:
    conditions = [listed_mentors(now)]
    if filters.get("specialty_id") is not None:
        conditions.append(
            exists().where(
                mentor_specialties.c.user_id == MentorProfile.user_id,
                mentor_specialties.c.specialty_id == filters["specialty_id"],
            )
        )
    if filters.get("topic_id") is not None:
        conditions.append(
            exists().where(
                mentor_topics.c.user_id == MentorProfile.user_id,
                mentor_topics.c.topic_id == filters["topic_id"],
            )
        )
    # Codes are space-separated and none is a part of another: pad both sides.
    for key, column in (
        ("language", MentorProfile.languages_text),
        ("mode", MentorProfile.modes_text),
    ):
        if filters.get(key):
            conditions.append((" " + column + " ").like(f"% {filters[key]} %"))
    if filters.get("accepting"):
        conditions.append(
            and_(MentorProfile.accepting.is_(True), _PLACES_TAKEN < MentorProfile.capacity)
        )
    if filters.get("within_hours") is not None:
        present = db.session.scalars(
            select(MentorProfile.time_zone)
            .join(User, User.id == MentorProfile.user_id)
            .where(listed_mentors(now))
            .distinct()
        ).all()
        near = zones_within(viewer_zone, filters["within_hours"], present, now)
        conditions.append(MentorProfile.time_zone.in_(near))
    return conditions


def _badges(roles_text: str) -> tuple[tuple[str, str], ...]:
    roles = set(codes(roles_text))
    return tuple((role, ROLE_LABELS[role]) for role in GRANTED_ROLES if role in roles)


def _areas(table, key_column, model, order, mentor_ids: list[int]) -> dict[int, list[Area]]:
    """{mentor id: [Area]} of the mentors' specialties or topics (one query)."""
    rows = db.session.execute(
        select(table.c.user_id, model.slug, model.name)
        .join(model, model.id == key_column)
        .where(table.c.user_id.in_(mentor_ids))
        .order_by(table.c.user_id, *order)
    )
    areas: dict[int, list[Area]] = defaultdict(list)
    for user_id, slug, name in rows:
        areas[user_id].append(Area(slug, name))
    return areas


def activity_in_own_specialties(mentor_ids: list[int]) -> dict[int, tuple[int, int, int, datetime]]:
    """{mentor id: (answers, accepted, helpful, last active)} in one grouped query.

    Answers are replies (not opening posts) in threads of one of the mentor's profile
    specialties; accepted and helpful count over those; last active is their latest
    listed post anywhere. Only listed, readable posts count (visibility.listed_posts).
    The outer join to mentor_specialties matches a post at most once (its key is the
    mentor and the specialty), so no post is counted twice.
    """
    if not mentor_ids:
        return {}
    own = and_(mentor_specialties.c.user_id.is_not(None), Post.id != Thread.first_post_id)
    answer = case((own, Post.id))
    rows = db.session.execute(
        select(
            Post.author_id,
            func.count(answer),
            func.count(case((own, AcceptedAnswer.post_id))),
            func.coalesce(func.sum(case((own, HelpfulCount.count), else_=0)), 0),
            func.max(Post.created_at),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(
            mentor_specialties,
            and_(
                mentor_specialties.c.user_id == Post.author_id,
                mentor_specialties.c.specialty_id == Thread.specialty_id,
            ),
        )
        .outerjoin(AcceptedAnswer, AcceptedAnswer.post_id == Post.id)
        .outerjoin(HelpfulCount, HelpfulCount.post_id == Post.id)
        .where(Post.author_id.in_(mentor_ids), visibility.listed_posts())
        .group_by(Post.author_id)
    )
    return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}


def directory_page(
    filters: dict, viewer_zone: str, page: int, per_page: int = MENTORS_PER_PAGE
) -> Page:
    """A page of listed mentors (MentorCard) matching `filters` (DirectoryFilterForm's
    `filters()`), those taking mentees first, then by name. `viewer_zone` is the zone
    "within N hours of mine" measures from.

    :raises NotFound: a page past the end.
    """
    now = utcnow()
    conditions = _conditions(filters, viewer_zone, now)
    total = (
        db.session.scalar(
            select(func.count())
            .select_from(MentorProfile)
            .join(User, User.id == MentorProfile.user_id)
            .where(*conditions)
        )
        or 0
    )
    check_page(page, total, per_page)
    if not total:
        return Page([], page, per_page, 0)
    rows = db.session.execute(
        select(
            User.id,
            User.username,
            User.display_name,
            User.roles_text,
            MentorProfile.statement,
            MentorProfile.years_in_practice,
            MentorProfile.modes_text,
            MentorProfile.languages_text,
            MentorProfile.time_zone,
            MentorProfile.accepting,
            MentorProfile.capacity,
            _PLACES_TAKEN,
        )
        .join(User, User.id == MentorProfile.user_id)
        .where(*conditions)
        .order_by(MentorProfile.accepting.desc(), User.display_name, User.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    ids = [row[0] for row in rows]
    specialties = _areas(
        mentor_specialties, mentor_specialties.c.specialty_id, Specialty,
        (Specialty.position, Specialty.name), ids,
    )  # fmt: skip
    topics = _areas(
        mentor_topics, mentor_topics.c.topic_id, ResearchTopic, (ResearchTopic.name,), ids
    )
    activity = activity_in_own_specialties(ids)
    cards = []
    for row in rows:
        answers, accepted, helpful, last = activity.get(row[0], (0, 0, 0, None))
        cards.append(
            MentorCard(
                user_id=row[0],
                username=row[1],
                display_name=row[2],
                badges=_badges(row[3]),
                statement=row[4],
                years_in_practice=row[5],
                modes=codes(row[6]),
                languages=codes(row[7]),
                time_zone=row[8],
                accepting=row[9],
                capacity=row[10],
                mentees=row[11] or 0,
                specialties=specialties.get(row[0], []),
                topics=topics.get(row[0], []),
                answers=answers,
                accepted=accepted,
                helpful=int(helpful or 0),
                last_active=last,
            )
        )
    return Page(cards, page, per_page, total)


# ---- the forms' own profile, and the review queue -----------------------------------


def own_profile(user_id: int) -> MentorProfile | None:
    """The member's profile (application) with its areas, for the forms (3 queries)."""
    return db.session.scalar(
        select(MentorProfile)
        .where(MentorProfile.user_id == user_id)
        .options(selectinload(MentorProfile.specialties), selectinload(MentorProfile.topics))
    )


def pending_applications(page: int, per_page: int = APPLICATIONS_PER_PAGE) -> Page:
    """A page of waiting applications, oldest first, each with its member and areas
    (4 queries whatever the page holds).

    :raises NotFound: a page past the end.
    """
    pending = MentorProfile.status == "pending"
    total = db.session.scalar(select(func.count()).select_from(MentorProfile).where(pending)) or 0
    check_page(page, total, per_page)
    profiles = db.session.scalars(
        select(MentorProfile)
        .where(pending)
        .order_by(MentorProfile.submitted_at, MentorProfile.user_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .options(
            selectinload(MentorProfile.user),
            selectinload(MentorProfile.specialties),
            selectinload(MentorProfile.topics),
        )
    ).all()
    return Page(list(profiles), page, per_page, total)
