"""Recognition of mentors: their activity on their member profile, and each specialty's
"Top mentors this month". Registered on those pages through forum/profiles/hooks.py and
forum/browse/hooks.py (profiles and browse sit below mentorship and do not import it).

A mentor's activity (profile page, members holding the mentor role; one query, none
for anyone else):
- answers, accepted answers and helpful marks received: counted as on the directory's
  cards (directory_queries.activity_in_own_specialties): replies in threads of the
  mentor's own profile specialties, listed and readable posts only;
- mentees helped: the distinct mentees of their mentorships that reached "active"
  (still active, or ended);
- thank-yous shown: the ended mentorships whose thank-you the mentor chose to show,
  each with its text (printed escaped, never as HTML) and the mentee's name, newest
  first (at most THANKS_SHOWN of them; the count is of all).

Top mentors this month (specialty page; one query): listed mentors (directory_queries.
listed_mentors) who mentor that specialty on their profile, ranked by the accepted
answers they were given plus the helpful marks they received since the first of this
calendar month (UTC), on listed, readable posts in threads of that specialty; ties by
name, mentors with nothing this month left out, at most TOP_MENTORS.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, and_, bindparam, distinct, func, literal_column, select, union_all
from sqlalchemy.orm import aliased

from forum import visibility
from forum.answers.models import AcceptedAnswer, HelpfulCount, HelpfulMark
from forum.auth.models import User
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.mentorship.directory_queries import listed_mentors
from forum.mentorship.models import MentorProfile, Mentorship, mentor_specialties
from forum.permissions import has_role
from forum.rows import Person, StrictRow
from forum.threads.models import Post, Thread

THANKS_SHOWN = 20
TOP_MENTORS = 5
HELPED_STATUSES = ("active", "ended")


@dataclass(frozen=True, slots=True)
class ThankYou(StrictRow):
    text: str
    thanked_at: datetime | None
    mentee: Person


@dataclass(frozen=True, slots=True)
class MentorActivity(StrictRow):
    """What a mentor's profile shows of their mentoring."""

    answers: int
    accepted: int
    helpful: int
    mentees_helped: int
    thanks_count: int
    thanks: list[ThankYou]


@dataclass(frozen=True, slots=True)
class TopMentor(StrictRow):
    username: str
    display_name: str
    accepted: int
    helpful: int

    @property
    def score(self) -> int:
        return self.accepted + self.helpful


def month_start(now: datetime) -> datetime:
    """The first moment of `now`'s calendar month (UTC)."""
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


# ---- the profile page --------------------------------------------------------------


def _own_activity(user_id: int):
    """(author, answers, accepted, helpful) of `user_id`'s replies in their own profile
    specialties, listed and readable only: a derived table for the profile's query."""
    return (
        select(
            Post.author_id.label("author_id"),
            func.count(Post.id).label("answers"),
            func.count(AcceptedAnswer.post_id).label("accepted"),
            func.coalesce(func.sum(HelpfulCount.count), 0).label("helpful"),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .join(
            mentor_specialties,
            and_(
                mentor_specialties.c.user_id == Post.author_id,
                mentor_specialties.c.specialty_id == Thread.specialty_id,
            ),
        )
        .outerjoin(AcceptedAnswer, AcceptedAnswer.post_id == Post.id)
        .outerjoin(HelpfulCount, HelpfulCount.post_id == Post.id)
        .where(
            Post.author_id == user_id,
            Post.id != Thread.first_post_id,
            visibility.listed_posts(),
        )
        .group_by(Post.author_id)
        .subquery()
    )


def mentor_activity(user: User) -> MentorActivity:
    """`user`'s mentoring activity (one query: the counts ride on every thank-you row,
    and an outer join keeps one row when there is none)."""
    activity = _own_activity(user.id)
    mentee = aliased(User)
    shown = and_(
        Mentorship.mentor_id == User.id,
        Mentorship.status == "ended",
        Mentorship.thanks_shown.is_(True),
        Mentorship.thanks.is_not(None),
    )
    helped = (
        select(func.count(distinct(Mentorship.mentee_id)))
        .where(Mentorship.mentor_id == User.id, Mentorship.status.in_(HELPED_STATUSES))
        .correlate(User)
        .scalar_subquery()
    )
    thanked = select(func.count(Mentorship.id)).where(shown).correlate(User).scalar_subquery()
    rows = db.session.execute(
        select(
            func.coalesce(activity.c.answers, 0),
            func.coalesce(activity.c.accepted, 0),
            func.coalesce(activity.c.helpful, 0),
            helped,
            thanked,
            Mentorship.thanks,
            Mentorship.thanked_at,
            mentee.username,
            mentee.display_name,
        )
        .select_from(User)
        .outerjoin(activity, activity.c.author_id == User.id)
        .outerjoin(Mentorship, shown)
        .outerjoin(mentee, mentee.id == Mentorship.mentee_id)
        .where(User.id == user.id)
        .order_by(Mentorship.thanked_at.desc().nulls_last(), Mentorship.id.desc())
        .limit(THANKS_SHOWN)
    ).all()
    first = rows[0]
    thanks = [
        ThankYou(row[5], row[6], Person(row[7], row[8])) for row in rows if row[5] is not None
    ]
    return MentorActivity(
        answers=first[0],
        accepted=first[1],
        helpful=int(first[2] or 0),
        mentees_helped=first[3] or 0,
        thanks_count=first[4] or 0,
        thanks=thanks,
    )


def profile_extra(user: User, viewer: User | None) -> MentorActivity | None:
    """forum/profiles/hooks.py loader: a mentor's activity, None (and no query) for
    members who do not hold the mentor role."""
    return mentor_activity(user) if has_role(user, "mentor") else None


# ---- the specialty page ------------------------------------------------------------


# Constants in the SQL, not bound parameters: PostgreSQL must know a UNION's column types.
_ONE, _ZERO = literal_column("1", Integer), literal_column("0", Integer)


@functools.cache
def _top_mentors_statement():
    """The top-mentors query, built once with bound parameters (specialty_id, since, now,
    limit): building and compiling it anew cost more than running it, 4 of the specialty
    page's 15 ms on the bench."""
    specialty_id = bindparam("specialty_id", type_=Integer)
    since, now = bindparam("since", type_=UTCDateTime), bindparam("now", type_=UTCDateTime)
    in_specialty = (
        # "+ 0": no index on the specialty, so the planners drive each part from the
        # month's marks and acceptances (their date indexes: a few rows) instead of from
        # every post of the specialty's threads (on the bench's 100,000 posts: 41 ms a
        # page before, the specialty page at 0.06x the ceiling).
        Thread.specialty_id + 0 == specialty_id,
        visibility.listed_posts(),
    )
    accepted = (
        select(Post.author_id.label("user_id"), _ONE.label("accepted"), _ZERO.label("helpful"))
        .select_from(AcceptedAnswer)
        .join(Post, Post.id == AcceptedAnswer.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(AcceptedAnswer.accepted_at >= since, *in_specialty)
    )  # fmt: skip
    helpful = (
        select(Post.author_id, _ZERO, _ONE)
        .select_from(HelpfulMark)
        .join(Post, Post.id == HelpfulMark.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(HelpfulMark.created_at >= since, *in_specialty)
    )
    events = union_all(accepted, helpful).subquery()
    accepted_sum = func.sum(events.c.accepted)
    helpful_sum = func.sum(events.c.helpful)
    score = (accepted_sum + helpful_sum).label("score")
    return (
        select(User.username, User.display_name, accepted_sum, helpful_sum, score)
        .join(events, events.c.user_id == User.id)
        .join(MentorProfile, MentorProfile.user_id == User.id)
        .join(
            mentor_specialties,
            and_(
                mentor_specialties.c.user_id == User.id,
                mentor_specialties.c.specialty_id == specialty_id,
            ),
        )
        .where(listed_mentors(now))
        .group_by(User.id, User.username, User.display_name)
        .order_by(score.desc(), User.display_name, User.id)
        .limit(bindparam("limit", type_=Integer))
    )


def top_mentors(specialty_id: int, now: datetime, limit: int = TOP_MENTORS) -> list[TopMentor]:
    """The specialty's top mentors this month (see the module docstring; one query)."""
    rows = db.session.execute(
        _top_mentors_statement(),
        {"specialty_id": specialty_id, "since": month_start(now), "now": now, "limit": limit},
    )
    return [TopMentor(row[0], row[1], int(row[2]), int(row[3])) for row in rows]


def specialty_extra(specialty, viewer: User | None) -> list[TopMentor]:
    """forum/browse/hooks.py loader: the specialty's top mentors this month."""
    return top_mentors(specialty.id, utcnow())
