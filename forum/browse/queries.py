"""Listing pages: home, a specialty's threads, a research topic's threads.

Every listing loads its threads with the author, last poster and specialty
joined and the topics in one extra query, so the query count is fixed
whatever the page size.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from forum import visibility
from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.taxonomy.service import get_topic
from forum.threads.models import Thread, thread_topics
from forum.threads.queries import attach_topics

THREADS_PER_PAGE = 25
HOME_LATEST = 15
SORTS = {"latest": "Latest activity", "newest": "Newest", "unanswered": "Unanswered"}


# Every statement here is built once (per sort) with bound parameters, not per request:
# building the loader options cost more than running the query, and a built statement
# also keeps its cache key. Statements are immutable, so every request shares them.


# A listing shows a user's name and profile link only. The other columns (hashes,
# bios, dates) stay in the database; raiseload makes a template that wants more fail in
# tests, and a later full load of the same user (the signed-in one) fills them in.
_NAME_ONLY = (User.id, User.username, User.display_name)


def _listing_statement(query: Select) -> Select:
    """`query` limited to threads lists may show (forum/visibility.py), with the author,
    last poster and specialty joined."""
    return query.where(visibility.listed_threads()).options(
        joinedload(Thread.author).load_only(*_NAME_ONLY, raiseload=True),
        joinedload(Thread.last_poster).load_only(*_NAME_ONLY, raiseload=True),
        joinedload(Thread.specialty),
    )


def _paged_statements(query: Select, count_query: Select) -> tuple[Select, Select]:
    """A page of `query` as a listing (:limit and :offset bound per call), and
    `count_query` (which counts rows of Thread) under the same conditions."""
    return _paged(query), count_query.where(visibility.listed_threads())


def _paged(query: Select) -> Select:
    return _listing_statement(query).limit(bindparam("limit")).offset(bindparam("offset"))


def _listing(statement: Select, params: dict) -> list[Thread]:
    """Run a listing statement and attach the threads' topics (one more query)."""
    threads = list(db.session.scalars(statement, params).unique())
    attach_topics(threads)
    return threads


def _page(statements: tuple[Select, Select], params: dict, page: int, per_page: int) -> Page:
    """One page of a listing built by _paged_statements, with `params` bound."""
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
    latest = select(Thread).order_by(Thread.last_post_at.desc()).limit(bindparam("limit"))
    return _listing_statement(latest)


def home_page(latest: int = HOME_LATEST) -> tuple[list[Specialty], list[Thread]]:
    """All specialties with their counters, and the most recently active threads."""
    specialties = list(
        db.session.scalars(select(Specialty).order_by(Specialty.position, Specialty.name))
    )
    threads = _listing(_home_statement(), {"limit": latest})
    return specialties, threads


@cache
def _latest_statements() -> tuple[Select, Select]:
    query = select(Thread).order_by(Thread.last_post_at.desc(), Thread.id.desc())
    return _paged_statements(query, select(func.count()).select_from(Thread))


def latest_page(page: int, per_page: int = THREADS_PER_PAGE) -> Page:
    """A page of every thread, latest activity first (the home page shows the first few).

    :raises NotFound: a page past the end.
    """
    return _page(_latest_statements(), {}, page, per_page)


def _in_specialty(specialty_id, sort: str) -> list:
    where = [Thread.specialty_id == specialty_id]
    if sort == "unanswered":
        where.append(Thread.reply_count == 0)
    return where


@cache
def _specialty_statements(sort: str) -> tuple[Select, Select]:
    """The specialty by :slug with the count of its listed threads (one query: the count
    is a subquery on the specialty's row), and a page of its threads."""
    counted = (
        select(func.count())
        .select_from(Thread)
        .where(*_in_specialty(Specialty.id, sort), visibility.listed_threads())
        .scalar_subquery()
    )
    specialty = select(Specialty, counted).where(Specialty.slug == bindparam("slug"))
    order = (
        Thread.created_at.desc() if sort in ("newest", "unanswered") else Thread.last_post_at.desc()
    )
    query = (
        select(Thread)
        .where(*_in_specialty(bindparam("specialty_id"), sort))
        .order_by(Thread.is_pinned.desc(), order, Thread.id.desc())
    )
    return specialty, _paged(query)


def specialty_page(
    slug: str, sort: str, page: int, per_page: int = THREADS_PER_PAGE
) -> tuple[Specialty, Page]:
    """A specialty and a page of its threads, pinned first, in the chosen order.

    :raises NotFound: unknown specialty or a page past the end.
    """
    specialty_query, listing = _specialty_statements(sort if sort in SORTS else "latest")
    row = db.session.execute(specialty_query, {"slug": slug}).first()
    if row is None:
        raise NotFound("There is no such specialty.")  # as taxonomy.service.get_specialty
    specialty, total = row
    return specialty, _page_of(listing, {"specialty_id": specialty.id}, total, page, per_page)


@cache
def _topic_statements() -> tuple[Select, Select]:
    tagged = select(thread_topics.c.thread_id).where(
        thread_topics.c.topic_id == bindparam("topic_id")
    )
    query = (
        select(Thread)
        .where(Thread.id.in_(tagged))
        .order_by(Thread.last_post_at.desc(), Thread.id.desc())
    )
    count = select(func.count()).select_from(Thread).where(Thread.id.in_(tagged))
    return _paged_statements(query, count)


def topic_page(
    slug: str, page: int, per_page: int = THREADS_PER_PAGE
) -> tuple[ResearchTopic, Page]:
    """A research topic and a page of its threads across specialties, latest activity first.

    :raises NotFound: unknown topic or a page past the end.
    """
    topic = get_topic(slug)
    return topic, _page(_topic_statements(), {"topic_id": topic.id}, page, per_page)
