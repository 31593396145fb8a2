"""Listing pages: home, a specialty's threads, a research topic's threads.

A listing shows each thread as a row (_partials/thread_row.html): title, kind, state,
reply count, dates, the author's and last poster's names, the specialty and topics.
It reads exactly those columns with Core into ThreadRow objects (forum/rows.py says
why), in two queries whatever the page size: the rows, then their topics. Whether a
thread is solved is a column of the rows (forum/answers/queries.py `solved`), and the
specialty and topic pages filter by it (`STATUS_FILTERS`), in the rows and the count alike.
The specialty page also carries what features above browse register
(forum/browse/hooks.py: mentorship's top mentors this month), in its `page.extra`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased

from forum import visibility
from forum.answers.queries import STATUS_LABELS, solved, status_arg, status_condition
from forum.auth.models import User
from forum.browse import hooks
from forum.exceptions import NotFound
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.rows import Person, StrictRow, Tag
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.taxonomy.service import Moved, get_topic, moved_to
from forum.threads.models import Thread, thread_topics
from forum.threads.queries import topic_tags

THREADS_PER_PAGE = 25
HOME_LATEST = 15
SORTS = {"latest": "Latest activity", "newest": "Newest"}
# The specialty and topic pages' filters (?status=name, forum/answers/queries.py), by
# label; "" is every thread.
STATUS_FILTERS = STATUS_LABELS


@dataclass(frozen=True, slots=True)
class ThreadRow(StrictRow):
    """What a listing shows of one thread."""

    id: int
    title: str
    kind: str
    is_pinned: bool
    is_locked: bool
    reply_count: int
    created_at: datetime
    last_post_at: datetime
    is_solved: bool  # a question with an accepted answer
    author: Person
    last_poster: Person | None
    specialty: Tag
    topics: list[Tag]

    kind_label = property(Thread.kind_label.fget)  # the model's wording, on these columns


# Every statement here is built once (per sort) with bound parameters, not per request:
# building a statement cost more than running it, and a built one keeps its cache key.
# Statements are immutable, so every request shares them.
_author, _last_poster = aliased(User), aliased(User)


def _rows() -> Select:
    """The columns of ThreadRow, of threads lists may show (forum/visibility.py)."""
    return (
        select(
            Thread.id,
            Thread.title,
            Thread.kind,
            Thread.is_pinned,
            Thread.is_locked,
            Thread.reply_count,
            Thread.created_at,
            Thread.last_post_at,
            _author.username,
            _author.display_name,
            _last_poster.username,
            _last_poster.display_name,
            Specialty.slug,
            Specialty.name,
            solved(Thread.id),
        )
        .join(_author, _author.id == Thread.author_id)
        .outerjoin(_last_poster, _last_poster.id == Thread.last_poster_id)
        .join(Specialty, Specialty.id == Thread.specialty_id)
        .where(visibility.listed_threads())
    )


def _paged(rows: Select) -> Select:
    return rows.limit(bindparam("limit")).offset(bindparam("offset"))


def _counted(*conditions) -> Select:
    """How many threads lists may show meet `conditions` (a listing's page count)."""
    return select(func.count()).select_from(Thread).where(visibility.listed_threads(), *conditions)


def _listing(statement: Select, params: dict) -> list[ThreadRow]:
    """Run a statement built on _rows() and read the rows' topics (one more query)."""
    rows = db.session.execute(statement, params).all()
    topics = topic_tags([row[0] for row in rows])
    return [
        ThreadRow(
            id=row[0],
            title=row[1],
            kind=row[2],
            is_pinned=row[3],
            is_locked=row[4],
            reply_count=row[5],
            created_at=row[6],
            last_post_at=row[7],
            is_solved=bool(row[14]),
            author=Person(row[8], row[9]),
            last_poster=Person(row[10], row[11]) if row[10] is not None else None,
            specialty=Tag(row[12], row[13]),
            topics=topics[row[0]],
        )
        for row in rows
    ]


def _page(statements: tuple[Select, Select], params: dict, page: int, per_page: int) -> Page:
    """One page of a listing: `statements` are a paged _rows() statement and a count of
    the same threads (_counted), with `params` bound."""
    listing, count = statements
    return _page_of(listing, params, db.session.scalar(count, params) or 0, page, per_page)


def _page_of(listing: Select, params: dict, total: int, page: int, per_page: int) -> Page:
    """Page `page` of a listing of `total` threads, with `params` bound."""
    check_page(page, total, per_page)
    offset = (page - 1) * per_page
    items = _listing(listing, {**params, "limit": per_page, "offset": offset})
    return Page(items, page, per_page, total)


@cache
def _home_statement() -> Select:
    return _rows().order_by(Thread.last_post_at.desc()).limit(bindparam("limit"))


def home_page(latest: int = HOME_LATEST) -> tuple[list[Specialty], list[ThreadRow]]:
    """All specialties with their counters, and the most recently active threads."""
    specialties = list(
        db.session.scalars(select(Specialty).order_by(Specialty.position, Specialty.name))
    )
    threads = _listing(_home_statement(), {"limit": latest})
    return specialties, threads


@cache
def _latest_statements() -> tuple[Select, Select]:
    rows = _rows().order_by(Thread.last_post_at.desc(), Thread.id.desc())
    return _paged(rows), _counted()


def latest_page(page: int, per_page: int = THREADS_PER_PAGE) -> Page:
    """A page of every thread, latest activity first (the home page shows the first few).

    :raises NotFound: a page past the end.
    """
    return _page(_latest_statements(), {}, page, per_page)


def _with_status(status: str) -> list:
    """The condition of a listing filter (solved, unsolved, unanswered), if any."""
    condition = status_condition(status)
    return [] if condition is None else [condition]


def specialty_args(sort: str | None, status: str | None) -> tuple[str, str]:
    """The specialty page's (sort, filter) from its query arguments, unknown ones dropped.

    "?sort=unanswered" was the page's only filter before solved and unsolved came: it
    still works, as what it always showed, the unanswered threads newest first.
    """
    status = status_arg(status)
    if sort == "unanswered":
        return "newest", status or "unanswered"
    return (sort if sort in SORTS else "latest"), status


def _in_specialty(specialty_id, status: str) -> list:
    return [Thread.specialty_id == specialty_id, *_with_status(status)]


@cache
def _specialty_statements(sort: str, status: str) -> tuple[Select, Select]:
    """The specialty by :slug with the count of its listed threads (one query: the count
    is a subquery on the specialty's row), and a page of its threads; both with the
    same filter, so the pager counts what the page lists."""
    counted = _counted(*_in_specialty(Specialty.id, status)).scalar_subquery()
    specialty = select(Specialty, counted).where(Specialty.slug == bindparam("slug"))
    order = Thread.created_at.desc() if sort == "newest" else Thread.last_post_at.desc()
    rows = (
        _rows()
        .where(*_in_specialty(bindparam("specialty_id"), status))
        .order_by(Thread.is_pinned.desc(), order, Thread.id.desc())
    )
    return specialty, _paged(rows)


def specialty_page(
    slug: str,
    sort: str,
    page: int,
    per_page: int = THREADS_PER_PAGE,
    status: str = "",
    viewer: User | None = None,
) -> tuple[Specialty, Page]:
    """A specialty and a page of its threads, pinned first, in the chosen order, only
    those with `status` (solved, unsolved, unanswered; "" for all). The page's `extra`
    holds the registered features' parts for `viewer` (forum/browse/hooks.py).

    :raises Moved: an old address of a renamed specialty (only looked up when nothing
    is at `slug`). :raises NotFound: unknown specialty or a page past the end.
    """
    specialty_query, listing = _specialty_statements(*specialty_args(sort, status))
    row = db.session.execute(specialty_query, {"slug": slug}).first()
    if row is None:
        current = moved_to("specialty", slug)
        if current is not None:
            raise Moved(current)
        raise NotFound("There is no such specialty.")  # as taxonomy.service.get_specialty
    specialty, total = row
    shown = _page_of(listing, {"specialty_id": specialty.id}, total, page, per_page)
    shown.extra.update(hooks.page_extras(specialty, viewer))
    return specialty, shown


@cache
def _topic_statements(status: str) -> tuple[Select, Select]:
    tagged = select(thread_topics.c.thread_id).where(
        thread_topics.c.topic_id == bindparam("topic_id")
    )
    where = (Thread.id.in_(tagged), *_with_status(status))
    rows = _rows().where(*where).order_by(Thread.last_post_at.desc(), Thread.id.desc())
    return _paged(rows), _counted(*where)


def topic_page(
    slug: str, page: int, per_page: int = THREADS_PER_PAGE, status: str = ""
) -> tuple[ResearchTopic, Page]:
    """A research topic and a page of its threads across specialties, latest activity
    first, only those with `status` (solved, unsolved, unanswered; "" for all).

    :raises Moved: an old address, or a topic merged into another. :raises NotFound:
    unknown topic or a page past the end.
    """
    topic = get_topic(slug)
    statements = _topic_statements(status_arg(status))
    return topic, _page(statements, {"topic_id": topic.id}, page, per_page)
