"""Listing pages: home, a specialty's threads, a research topic's threads.

Every listing loads its threads with the author, last poster and specialty
joined and the topics in one extra query, so the query count is fixed
whatever the page size.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from forum import visibility
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.taxonomy.service import get_specialty, get_topic
from forum.threads.models import Thread, thread_topics
from forum.threads.queries import attach_topics

THREADS_PER_PAGE = 25
HOME_LATEST = 15
SORTS = {"latest": "Latest activity", "newest": "Newest", "unanswered": "Unanswered"}


def _with_listing_loads(query: Select) -> Select:
    return query.options(
        joinedload(Thread.author),
        joinedload(Thread.last_poster),
        joinedload(Thread.specialty),
    )


def _listing(query: Select) -> list[Thread]:
    """Run a listing query, keeping only threads lists may show (forum/visibility.py),
    and attach the threads' topics (one more query)."""
    query = query.where(visibility.listed_threads())
    threads = list(db.session.scalars(_with_listing_loads(query)).unique())
    attach_topics(threads)
    return threads


def _page(query: Select, count_query: Select, page: int, per_page: int) -> Page:
    """One page of `query`; `count_query` counts rows of Thread under the same conditions."""
    total = db.session.scalar(count_query.where(visibility.listed_threads())) or 0
    check_page(page, total, per_page)
    items = _listing(query.limit(per_page).offset((page - 1) * per_page))
    return Page(items, page, per_page, total)


def home_page(latest: int = HOME_LATEST) -> tuple[list[Specialty], list[Thread]]:
    """All specialties with their counters, and the most recently active threads."""
    specialties = list(
        db.session.scalars(select(Specialty).order_by(Specialty.position, Specialty.name))
    )
    threads = _listing(select(Thread).order_by(Thread.last_post_at.desc()).limit(latest))
    return specialties, threads


def latest_page(page: int, per_page: int = THREADS_PER_PAGE) -> Page:
    """A page of every thread, latest activity first (the home page shows the first few).

    :raises NotFound: a page past the end.
    """
    query = select(Thread).order_by(Thread.last_post_at.desc(), Thread.id.desc())
    count = select(func.count()).select_from(Thread)
    return _page(query, count, page, per_page)


def specialty_page(
    slug: str, sort: str, page: int, per_page: int = THREADS_PER_PAGE
) -> tuple[Specialty, Page]:
    """A specialty and a page of its threads, pinned first, in the chosen order.

    :raises NotFound: unknown specialty or a page past the end.
    """
    specialty = get_specialty(slug)
    where = [Thread.specialty_id == specialty.id]
    if sort == "unanswered":
        where.append(Thread.reply_count == 0)
    order = (
        Thread.created_at.desc() if sort in ("newest", "unanswered") else Thread.last_post_at.desc()
    )
    query = select(Thread).where(*where).order_by(Thread.is_pinned.desc(), order, Thread.id.desc())
    count = select(func.count()).select_from(Thread).where(*where)
    return specialty, _page(query, count, page, per_page)


def topic_page(
    slug: str, page: int, per_page: int = THREADS_PER_PAGE
) -> tuple[ResearchTopic, Page]:
    """A research topic and a page of its threads across specialties, latest activity first.

    :raises NotFound: unknown topic or a page past the end.
    """
    topic = get_topic(slug)
    tagged = select(thread_topics.c.thread_id).where(thread_topics.c.topic_id == topic.id)
    query = (
        select(Thread)
        .where(Thread.id.in_(tagged))
        .order_by(Thread.last_post_at.desc(), Thread.id.desc())
    )
    count = select(func.count()).select_from(Thread).where(Thread.id.in_(tagged))
    return topic, _page(query, count, page, per_page)
