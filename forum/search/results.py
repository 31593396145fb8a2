"""The search page's reads: run a query, check every hit against the database, shape rows."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from flask import current_app
from markupsafe import escape
from sqlalchemy import ColumnElement, Select, bindparam, select
from sqlalchemy.orm import joinedload

from forum import visibility
from forum.answers.models import AcceptedAnswer
from forum.content import excerpt
from forum.extensions import db
from forum.search import query as parsing
from forum.search import vocabulary
from forum.search.index import Filters, IndexUnavailable, Matches, Reader
from forum.search.service import store
from forum.threads.models import Post, Thread
from forum.threads.queries import attach_topics, pages_of

PER_PAGE = 20


@dataclass
class Row:
    """One matching thread and its best-matching post."""

    thread: Thread
    post: Post
    snippet: str  # HTML from Whoosh's escaping formatter, matches in <mark>
    page: int  # the thread page that shows the post
    solved: bool = False  # the thread has an accepted answer (read from the database)
    accepted: bool = False  # the post shown is that answer


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
    original: str | None = None  # the words as typed, when the suggestion was searched instead

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _visible(post_ids: list[int], viewer=None) -> dict[int, tuple[Post, int | None]]:
    """The posts among `post_ids` that exist and lists may show, with thread and author,
    each with its thread's accepted answer (a post id, or None while unsolved).

    The index may be stale (a post deleted or hidden a moment ago, an answer accepted
    or withdrawn, a sync not yet run); this check, through forum/visibility.py and
    accepted_answers, is what guarantees it never shows anything the database would
    not. The accepted answer comes in the same query (an outer join on its primary
    key), so the page's "Solved" badges cost no query of their own.
    """
    if not post_ids:
        return {}
    rows = db.session.execute(
        select(Post, AcceptedAnswer.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(AcceptedAnswer, AcceptedAnswer.thread_id == Post.thread_id)
        .where(Post.id.in_(post_ids), visibility.listed_posts(viewer))
        .options(
            joinedload(Post.author),
            joinedload(Post.thread).joinedload(Thread.specialty),
        )
    )
    return {post.id: (post, answer_id) for post, answer_id in rows}


def thread_states(thread: Thread, solved: bool) -> dict[str, bool]:
    """Which of the is: states (query.STATES) a thread is in, from the database."""
    return {
        "solved": solved,
        "unsolved": thread.is_answerable and not solved,
        "unanswered": thread.reply_count == 0,
    }


def _rows(
    reader: Reader,
    hits: Matches,
    start: int,
    wanted: int,
    viewer=None,
    states: frozenset[tuple[str, bool]] = frozenset(),
) -> list[Row]:
    """Check hits from `start` on against the database until `wanted` rows that `viewer`
    may see, and whose threads are in the required `states` now, are found."""
    rows: list[Row] = []
    while len(rows) < wanted and start < len(hits):
        batch = hits[start : start + wanted]
        start += wanted
        visible = _visible([hit.post_id for hit in batch], viewer)
        for hit in batch:
            post, answer_id = visible.get(hit.post_id, (None, None))
            if post is None or post.thread_id != hit.thread_id:
                continue
            solved = answer_id is not None
            if states:
                now = thread_states(post.thread, solved)
                if any(now[state] != present for state, present in states):
                    continue  # the index has not caught up with this thread yet
            # Whoosh's formatter escapes what it returns; the plain fallback must be escaped too.
            snippet = reader.highlight(hit, post.body_text) or str(
                escape(excerpt(post.body_text, 240))
            )
            rows.append(Row(post.thread, post, snippet, 1, solved, answer_id == post.id))
            if len(rows) == wanted:
                break
    attach_topics([row.thread for row in rows])
    pages = pages_of([row.post for row in rows])
    for row in rows:
        row.page = pages.get(row.post.id, 1)
    return rows


@dataclass
class Suggestion:
    text: str  # the query with each word replaced
    replaced: list[str]  # the words replaced, as typed
    retry: bool  # whether a search that found nothing may be run again with it


def _suggest(reader: Reader, parsed: parsing.ParsedQuery) -> Suggestion | None:
    """A likelier spelling for each word nothing knows: not the index (in any form), nor
    synonyms.txt, nor the English and medical vocabulary. A real word, even one nobody
    has posted yet ("stent" on a new forum), is never replaced by another."""
    text = parsed.text
    replaced = []
    for word in dict.fromkeys(parsed.correctable_words()):
        if parsing.known_word(word):
            continue
        better = reader.suggest(word)
        if better and better != word.lower():
            text, count = _as_a_word(word).subn(better, text, count=1)
            if count:
                replaced.append(word)
    if not replaced:
        return None
    # A word shaped like a clinical term ("-itis", "-ectomy") may be a real one the
    # vocabulary lacks: it is offered as "Did you mean", never searched silently.
    retry = not any(vocabulary.looks_clinical(word) for word in replaced)
    return Suggestion(text, replaced, retry)


def _as_a_word(word: str) -> re.Pattern:
    return re.compile(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])")


ATTEMPTS = 3


def search_page(
    text: str,
    filters: Filters,
    *,
    newest: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
    as_typed: bool = False,
    viewer=None,
) -> SearchPage:
    """Run a search for the results page; never raises for any input text.

    A search that finds nothing is run again with the suggested spelling (the page says
    so and offers the words as typed), unless `as_typed`. If the index cannot be read
    (a writer replacing files at that instant), it is tried again; after that the page
    says so instead of failing.
    """
    started = time.perf_counter()
    for _attempt in range(ATTEMPTS):
        try:
            return _search_page(
                text, filters, newest, page, per_page, started, as_typed, viewer
            )
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


def _search_page(
    text, filters, newest, page, per_page, started, as_typed, viewer
) -> SearchPage:
    parsed = parsing.parse(text)
    suggestion, original = None, None
    with Reader(store()) as reader:
        hits = reader.search(parsed.root, filters, newest)
        if parsed.root is not None:
            suggestion = _suggest(reader, parsed)
            if not hits and suggestion and suggestion.retry and not as_typed:
                retry = parsing.parse(suggestion.text)
                retry_hits = reader.search(retry.root, filters, newest)
                if retry_hits:
                    original = parsed.text
                    parsed, hits = retry, retry_hits
        states = parsed.required_states()
        if filters.state:
            states.add((filters.state, True))
        notes = list(parsed.notes)
        if (filters.state or parsed.uses_states()) and not reader.knows_states():
            notes.append(STATES_REBUILDING)
        rows = _rows(reader, hits, (page - 1) * per_page, per_page, viewer, frozenset(states))
    return SearchPage(
        query=parsed,
        rows=rows,
        number=page,
        per_page=per_page,
        total=len(hits),
        seconds=time.perf_counter() - started,
        suggestion=suggestion.text if suggestion else None,
        used_suggestion=original is not None,
        notes=notes,
        original=original,
    )


STATES_REBUILDING = (
    "The search index is being rebuilt to know solved and unanswered threads; "
    "until it is, filtering by them finds fewer threads than it should."
)


def similar_threads(
    title: str, *, exclude_thread: int | None = None, limit: int = 5, viewer=None
) -> list[Thread]:
    """Threads whose title and posts best match `title` (none if the index can't be read)."""
    try:
        return _similar(title, exclude_thread, limit, viewer)
    except IndexUnavailable:  # a side list: the page shows none rather than failing
        current_app.logger.warning("search index unavailable for similar threads", exc_info=True)
        return []


def _similar(title: str, exclude_thread: int | None, limit: int, viewer=None) -> list[Thread]:
    parsed = parsing.parse(" ".join(parsing.clean_words(title)))
    with Reader(store()) as reader:
        hits = reader.search(parsed.root, Filters(), False, exclude_thread=exclude_thread)
        hits = hits[: limit * 3]
    visible = _visible([hit.post_id for hit in hits], viewer)
    threads: list[Thread] = []
    for hit in hits:
        post, _answer = visible.get(hit.post_id, (None, None))
        if post is not None and post.thread not in threads:
            threads.append(post.thread)
        if len(threads) == limit:
            break
    return threads


RELATED_TTL = 300.0  # seconds a thread's related list is reused before asking the index again
RELATED_CACHE_SIZE = 5000


class RelatedThread(NamedTuple):
    """What the thread page shows of a related thread."""

    id: int
    title: str
    reply_count: int


def related_threads(thread: Thread, viewer=None, limit: int = 5) -> list[RelatedThread]:
    """Up to `limit` listed threads like this one, for the thread page (cached per process).

    The cache keeps ids only: every use re-reads them through the visibility rule, so
    a thread deleted or made private since then drops out at once, and a new title or
    reply count shows at once. The re-read runs on every view of a thread page, so it
    reads the three columns shown rather than whole Thread objects.
    """
    now = time.monotonic()
    # Per app (tests build many apps over databases whose ids repeat), per process.
    _related = current_app.extensions.setdefault("rounds_related_threads", {})
    cached = _related.get(thread.id)
    if cached and cached[0] > now:
        ids = cached[1]
    else:
        try:
            ids = [t.id for t in _similar(thread.title, thread.id, limit, viewer)]
        except IndexUnavailable:  # shown without related threads; not cached, so tried again
            current_app.logger.warning(
                "search index unavailable for related threads", exc_info=True
            )
            return []
        if len(_related) >= RELATED_CACHE_SIZE:
            _related.clear()
        _related[thread.id] = (now + RELATED_TTL, ids)
    if not ids:
        return []
    rows = db.session.execute(_related_statement(visibility.listed_threads(viewer)), {"ids": ids})
    found = {row.id: RelatedThread._make(row) for row in rows}
    return [found[i] for i in ids if i in found]


@lru_cache(maxsize=16)
def _related_statement(listed: ColumnElement[bool]) -> Select:
    """The re-read of related ids under the visibility condition `listed`, built once per
    condition (visibility returns one shared expression): building it took twice as long
    as running it. A condition made per viewer would simply build one each time."""
    return select(Thread.id, Thread.title, Thread.reply_count).where(
        Thread.id.in_(bindparam("ids", expanding=True)), listed
    )
