"""The mentors' queue page: the questions waiting in the viewer's areas, oldest first, and
how quickly each of the viewer's specialties answers.

The viewer's areas, until mentor profiles exist, are their primary specialty, the
specialties and research topics they watch (watching or tracking), and for a scoped
moderator the specialties they moderate; a specialty they muted drops out, and its
questions stay out even when tagged with a topic they watch.

A question waits when it is listed (forum/visibility.py), its opening post is readable,
it has no accepted answer, and the viewer has not started it or posted in it. It is
"answered" once it has a readable reply by someone other than the asker: the same
definition as the first answer that the median is taken over.

The page costs the same number of queries whatever it shows: the viewer's watches, the
specialties with their medians, the count, a page of rows, and the rows' topics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Float, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from forum import visibility
from forum.answers.models import AcceptedAnswer
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.notifications.models import Watch
from forum.pagination import Page, check_page
from forum.rows import Person, StrictRow, Tag
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import ANSWERABLE_KINDS, Post, Thread, thread_topics
from forum.threads.queries import topic_tags

QUESTIONS_PER_PAGE = 25
FILTERS = {"all": "All waiting", "unanswered": "Unanswered only"}
# Watch levels that put a specialty or topic in the viewer's queue.
QUEUE_LEVELS = ("watching", "tracking")
STATS_DAYS = 30


# ---- seconds between two timestamps, in SQL ------------------------------------------


class SecondsBetween(FunctionElement):
    """`SecondsBetween(start, end)`: the seconds from `start` to `end`, as a float, in SQL.

    The two databases have no shared spelling for it, so it is compiled per dialect
    (below). Arguments are UTCDateTime columns or expressions over them.
    """

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(SecondsBetween)
def _seconds_between_postgresql(element, compiler, **kw):
    # PostgreSQL (and the standard): timestamp - timestamp is an interval, whose epoch is
    # its length in seconds (fractions kept).
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"EXTRACT(EPOCH FROM ({end}) - ({start}))"


@compiles(SecondsBetween, "sqlite")
def _seconds_between_sqlite(element, compiler, **kw):
    # SQLite has no date type: SQLAlchemy stores DateTime as ISO text
    # ('2026-12-01 10:00:00.000000', naive UTC by forum/dbtypes.py), which julianday()
    # reads as a fractional day number; the difference of two, in days, times 86400.
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


# ---- what the page shows ---------------------------------------------------------------


def duration_label(seconds: float) -> str:
    """'under a minute', '45 min', '3 h 20 min', '2 d 4 h': a delay as a reader reads it."""
    minutes = int(seconds // 60 + (1 if seconds % 60 >= 30 else 0))
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@dataclass(frozen=True, slots=True)
class SpecialtyStats(StrictRow):
    """One of the viewer's specialties and its median time to first answer."""

    slug: str
    name: str
    median_seconds: float | None  # None: no answered question in the window
    answered: int  # questions the median is taken over

    @property
    def median_label(self) -> str:
        if self.median_seconds is None:
            return f"no answered questions in the last {STATS_DAYS} days"
        questions = f"{self.answered} question{'' if self.answered == 1 else 's'}"
        return (
            f"median first answer: {duration_label(self.median_seconds)} "
            f"({questions}, last {STATS_DAYS} days)"
        )


@dataclass(frozen=True, slots=True)
class QueueRow(StrictRow):
    """A waiting question as the queue lists it."""

    id: int
    title: str
    created_at: datetime
    reply_count: int
    answered: bool  # a readable reply by someone other than the asker
    author: Person
    specialty: Tag
    topics: list[Tag]


@dataclass(frozen=True, slots=True)
class Areas:
    """What the viewer's queue covers (ids for the SQL, names for the page)."""

    specialty_ids: tuple[int, ...]
    topic_ids: tuple[int, ...]
    muted_specialty_ids: tuple[int, ...]
    topics: list[Tag]

    @property
    def empty(self) -> bool:
        return not (self.specialty_ids or self.topic_ids)


@dataclass(frozen=True, slots=True)
class QueuePage:
    specialties: list[SpecialtyStats]
    topics: list[Tag]
    page: Page


# ---- the viewer's areas ------------------------------------------------------------------

# The viewer's specialty and topic watches, with each watched topic's name (one query).
_WATCHES = (
    select(Watch.target_kind, Watch.target_id, Watch.level, ResearchTopic.slug, ResearchTopic.name)
    .outerjoin(
        ResearchTopic, and_(Watch.target_kind == "topic", ResearchTopic.id == Watch.target_id)
    )
    .where(Watch.user_id == bindparam("viewer_id"), Watch.target_kind.in_(("specialty", "topic")))
    .order_by(ResearchTopic.name)
)


def viewer_areas(viewer: User) -> Areas:
    """The specialties and topics `viewer`'s queue covers (see the module's docstring)."""
    specialties = set(viewer.moderated_specialty_ids)
    if viewer.specialty_id is not None:
        specialties.add(viewer.specialty_id)
    muted: set[int] = set()
    topic_ids: list[int] = []
    topics: list[Tag] = []
    for kind, target_id, level, slug, name in db.session.execute(
        _WATCHES, {"viewer_id": viewer.id}
    ):
        if kind == "specialty":
            if level in QUEUE_LEVELS:
                specialties.add(target_id)
            elif level == "muted":
                muted.add(target_id)
        elif level in QUEUE_LEVELS and slug is not None:  # a topic that still exists
            topic_ids.append(target_id)
            topics.append(Tag(slug, name))
    return Areas(
        specialty_ids=tuple(sorted(specialties - muted)),
        topic_ids=tuple(topic_ids),
        muted_specialty_ids=tuple(sorted(muted)),
        topics=topics,
    )


# ---- median time to first answer -----------------------------------------------------------


@cache
def _stats_statement() -> Select:
    """The viewer's specialties (:specialty_ids), each with the median and the number of
    questions created since :since that got a first answer.

    All in the database, in one statement: each question's delay (first readable reply by
    someone other than the asker, minus the question's time), then the delays ranked
    within their specialty; the median is the middle row (odd count) or the mean of the
    middle two (even count): positions (n + 1) // 2 and (n + 2) // 2, which coincide
    when n is odd.
    """
    delays = (
        select(
            Thread.specialty_id.label("specialty_id"),
            SecondsBetween(Thread.created_at, func.min(Post.created_at)).label("delay"),
        )
        .join(Post, Post.thread_id == Thread.id)
        .where(
            Thread.kind.in_(ANSWERABLE_KINDS),
            visibility.listed_threads(),
            Thread.created_at >= bindparam("since"),
            Thread.specialty_id.in_(bindparam("specialty_ids", expanding=True)),
            Post.author_id != Thread.author_id,
            visibility.readable_posts(),
        )
        .group_by(Thread.id, Thread.specialty_id, Thread.created_at)
        .subquery("delays")
    )
    by_specialty = {"partition_by": delays.c.specialty_id}
    ranked = select(
        delays.c.specialty_id,
        delays.c.delay,
        func.row_number().over(order_by=delays.c.delay, **by_specialty).label("position"),
        func.count().over(**by_specialty).label("answered"),
    ).subquery("ranked")
    middle = (
        select(
            ranked.c.specialty_id,
            func.avg(ranked.c.delay).label("median"),
            func.max(ranked.c.answered).label("answered"),
        )
        .where(
            ranked.c.position.in_([(ranked.c.answered + 1) // 2, (ranked.c.answered + 2) // 2])
        )
        .group_by(ranked.c.specialty_id)
        .subquery("medians")
    )
    return (
        select(Specialty.slug, Specialty.name, middle.c.median, middle.c.answered)
        .outerjoin(middle, middle.c.specialty_id == Specialty.id)
        .where(Specialty.id.in_(bindparam("specialty_ids", expanding=True)))
        .order_by(Specialty.position, Specialty.name)
    )


def specialty_stats(specialty_ids, now: datetime | None = None) -> list[SpecialtyStats]:
    """The specialties `specialty_ids`, each with its median time to first answer over the
    STATS_DAYS days before `now` (default: the current time)."""
    if not specialty_ids:
        return []
    since = (now or utcnow()) - timedelta(days=STATS_DAYS)
    rows = db.session.execute(
        _stats_statement(), {"specialty_ids": list(specialty_ids), "since": since}
    )
    return [
        SpecialtyStats(
            slug=slug,
            name=name,
            # Rounded to milliseconds: julianday's float arithmetic leaves microsecond dust.
            median_seconds=None if median is None else round(float(median), 3),
            answered=answered or 0,
        )
        for slug, name, median, answered in rows
    ]


# ---- the waiting questions -----------------------------------------------------------------


def _answered():
    """EXISTS a readable reply to the outer thread by someone other than its asker."""
    return exists().where(
        Post.thread_id == Thread.id,
        Post.author_id != Thread.author_id,
        visibility.readable_posts(),
    )


def _waiting(only_unanswered: bool) -> list:
    """Conditions for the questions waiting in the areas bound as :specialty_ids,
    :topic_ids and :muted_ids, for the viewer :viewer_id."""
    viewer = bindparam("viewer_id")
    tagged = select(thread_topics.c.thread_id).where(
        thread_topics.c.topic_id.in_(bindparam("topic_ids", expanding=True))
    )
    conditions = [
        Thread.kind.in_(ANSWERABLE_KINDS),
        visibility.listed_threads(),
        # A hidden question cannot be answered: its text is only a placeholder.
        exists().where(Post.id == Thread.first_post_id, visibility.readable_posts()),
        ~exists().where(AcceptedAnswer.thread_id == Thread.id),
        or_(
            Thread.specialty_id.in_(bindparam("specialty_ids", expanding=True)),
            Thread.id.in_(tagged),
        ),
        Thread.specialty_id.not_in(bindparam("muted_ids", expanding=True)),
        Thread.author_id != viewer,
        # Any post of theirs, even one since deleted: they have had their say there.
        ~exists().where(Post.thread_id == Thread.id, Post.author_id == viewer),
    ]
    if only_unanswered:
        conditions.append(~_answered())
    return conditions


@cache
def _queue_statements(only_unanswered: bool) -> tuple[Select, Select]:
    """A page of waiting questions, oldest first, and how many there are."""
    conditions = _waiting(only_unanswered)
    rows = (
        select(
            Thread.id,
            Thread.title,
            Thread.created_at,
            Thread.reply_count,
            _answered().label("answered"),
            User.username,
            User.display_name,
            Specialty.slug,
            Specialty.name,
        )
        .join(User, User.id == Thread.author_id)
        .join(Specialty, Specialty.id == Thread.specialty_id)
        .where(*conditions)
        .order_by(Thread.created_at, Thread.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    count = select(func.count()).select_from(Thread).where(*conditions)
    return rows, count


def _rows(statement: Select, params: dict) -> list[QueueRow]:
    rows = db.session.execute(statement, params).all()
    topics = topic_tags([row[0] for row in rows])
    return [
        QueueRow(
            id=row[0],
            title=row[1],
            created_at=row[2],
            reply_count=row[3],
            answered=bool(row[4]),
            author=Person(row[5], row[6]),
            specialty=Tag(row[7], row[8]),
            topics=topics[row[0]],
        )
        for row in rows
    ]


def queue_page(
    viewer: User,
    show: str,
    page: int,
    per_page: int = QUESTIONS_PER_PAGE,
    now: datetime | None = None,
) -> QueuePage:
    """The viewer's areas with their medians, and a page of the questions waiting there
    (`show` "unanswered": only those without an answer yet).

    :raises NotFound: a page past the end.
    """
    areas = viewer_areas(viewer)
    if areas.empty:
        check_page(page, 0, per_page)
        return QueuePage([], [], Page([], page, per_page, 0))
    listing, count = _queue_statements(show == "unanswered")
    params = {
        "viewer_id": viewer.id,
        "specialty_ids": list(areas.specialty_ids),
        "topic_ids": list(areas.topic_ids),
        "muted_ids": list(areas.muted_specialty_ids),
    }
    specialties = specialty_stats(areas.specialty_ids, now)
    total = db.session.scalar(count, params) or 0
    check_page(page, total, per_page)
    items = _rows(listing, {**params, "limit": per_page, "offset": (page - 1) * per_page})
    return QueuePage(specialties, areas.topics, Page(items, page, per_page, total))
