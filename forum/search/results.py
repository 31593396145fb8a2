"""The search page's reads: run a query, check every hit against the database, shape rows."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask import current_app
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.content import excerpt
from forum.extensions import db
from forum.search import query as parsing
from forum.search.index import Filters, IndexUnavailable, Matches, Reader
from forum.search.service import store
from forum.threads.models import Post, Thread
from forum.threads.queries import attach_topics, page_of_number

PER_PAGE = 20


@dataclass
class Row:
    """One matching thread and its best-matching post."""

    thread: Thread
    post: Post
    snippet: str  # HTML from Whoosh's escaping formatter, matches in <mark>
    page: int  # the thread page that shows the post


@dataclass
class SearchPage:
    query: parsing.ParsedQuery
    rows: list[Row]
    number: int
    per_page: int
    total: int  # matching threads (before the visibility check of later pages)
    seconds: float
    suggestion: str | None = None
    used_suggestion: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _visible(post_ids: list[int]) -> dict[int, Post]:
    """The posts among `post_ids` that exist and may be shown, with thread and author.

    The index may be stale (a post deleted a moment ago, a sync not yet run); this
    check is what guarantees it never shows anything the database would not.
    """
    if not post_ids:
        return {}
    posts = db.session.scalars(
        select(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.id.in_(post_ids), Post.deleted_at.is_(None))
        .options(
            joinedload(Post.author),
            joinedload(Post.thread).joinedload(Thread.specialty),
        )
    ).all()
    return {post.id: post for post in posts}


def _rows(reader: Reader, hits: Matches, start: int, wanted: int) -> list[Row]:
    """Check hits from `start` on against the database until `wanted` visible rows are found."""
    rows: list[Row] = []
    while len(rows) < wanted and start < len(hits):
        batch = hits[start : start + wanted]
        start += wanted
        visible = _visible([hit.post_id for hit in batch])
        for hit in batch:
            post = visible.get(hit.post_id)
            if post is None or post.thread_id != hit.thread_id:
                continue
            # Whoosh's formatter escapes what it returns; the plain fallback must be escaped too.
            snippet = reader.highlight(hit, post.body_text) or str(
                escape(excerpt(post.body_text, 240))
            )
            rows.append(Row(post.thread, post, snippet, page_of_number(post.number)))
            if len(rows) == wanted:
                break
    attach_topics([row.thread for row in rows])
    return rows


def _suggest(reader: Reader, parsed: parsing.ParsedQuery) -> str | None:
    words = parsed.plain_words()
    if not words:
        return None
    text = parsed.text
    changed = False
    table = parsing.synonyms()
    for word in words:
        if table.concepts_for((word,)):
            continue  # a known abbreviation or synonym: searched as such, not a typo
        better = reader.suggest(word)
        if better and better != word.lower():
            text = text.replace(word, better, 1)
            changed = True
    return text if changed else None


ATTEMPTS = 3


def search_page(
    text: str, filters: Filters, *, newest: bool = False, page: int = 1, per_page: int = PER_PAGE
) -> SearchPage:
    """Run a search for the results page; never raises for any input text.

    If the index cannot be read (a writer replacing files at that instant), it is
    tried again; after that the page says so instead of failing.
    """
    started = time.perf_counter()
    for _attempt in range(ATTEMPTS):
        try:
            return _search_page(text, filters, newest, page, per_page, started)
        except IndexUnavailable:
            current_app.logger.warning("search index unavailable; retrying", exc_info=True)
    parsed = parsing.parse(text)
    return SearchPage(
        parsed,
        [],
        page,
        per_page,
        0,
        time.perf_counter() - started,
        notes=[*parsed.notes, "Search is briefly unavailable. Please try again in a moment."],
    )


def _search_page(text, filters, newest, page, per_page, started) -> SearchPage:
    parsed = parsing.parse(text)
    suggestion, used = None, False
    with Reader(store()) as reader:
        hits = reader.search(parsed.root, filters, newest)
        if parsed.root is not None:
            suggestion = _suggest(reader, parsed)
            if not hits and suggestion:
                retry = parsing.parse(suggestion)
                retry_hits = reader.search(retry.root, filters, newest)
                if retry_hits:
                    parsed, hits, used = retry, retry_hits, True
        rows = _rows(reader, hits, (page - 1) * per_page, per_page)
    return SearchPage(
        query=parsed,
        rows=rows,
        number=page,
        per_page=per_page,
        total=len(hits),
        seconds=time.perf_counter() - started,
        suggestion=suggestion,
        used_suggestion=used,
        notes=parsed.notes,
    )


def similar_threads(
    title: str, *, exclude_thread: int | None = None, limit: int = 5
) -> list[Thread]:
    """Threads whose title and posts best match `title` (none if the index can't be read)."""
    try:
        return _similar(title, exclude_thread, limit)
    except IndexUnavailable:  # a side list: the page shows none rather than failing
        current_app.logger.warning("search index unavailable for similar threads", exc_info=True)
        return []


def _similar(title: str, exclude_thread: int | None, limit: int) -> list[Thread]:
    parsed = parsing.parse(" ".join(parsing.clean_words(title)))
    with Reader(store()) as reader:
        hits = reader.search(parsed.root, Filters(), False, exclude_thread=exclude_thread)
        hits = hits[: limit * 3]
    visible = _visible([hit.post_id for hit in hits])
    threads: list[Thread] = []
    for hit in hits:
        post = visible.get(hit.post_id)
        if post is not None and post.thread not in threads:
            threads.append(post.thread)
        if len(threads) == limit:
            break
    return threads


RELATED_TTL = 300.0  # seconds a thread's related list is reused before asking the index again
RELATED_CACHE_SIZE = 5000


def related_threads(thread: Thread, limit: int = 5) -> list[Thread]:
    """Up to `limit` threads like this one, for the thread page (cached per process)."""
    now = time.monotonic()
    # Per app (tests build many apps over databases whose ids repeat), per process.
    _related = current_app.extensions.setdefault("rounds_related_threads", {})
    cached = _related.get(thread.id)
    if cached and cached[0] > now:
        ids = cached[1]
        if not ids:
            return []
        found = {t.id: t for t in db.session.scalars(select(Thread).where(Thread.id.in_(ids)))}
        return [found[i] for i in ids if i in found]
    try:
        threads = _similar(thread.title, thread.id, limit)
    except IndexUnavailable:  # shown without related threads; not cached, so tried again
        current_app.logger.warning("search index unavailable for related threads", exc_info=True)
        return []
    if len(_related) >= RELATED_CACHE_SIZE:
        _related.clear()
    _related[thread.id] = (now + RELATED_TTL, [t.id for t in threads])
    return threads
