"""Record searchable changes in the change log, inside the transaction that makes them.

A flush listener rather than calls from the threads service: the threads package
sits below search and must not import it, and a listener cannot be forgotten by
a new service function. Only fields that appear in search results count, so
counter updates, logins and page views never touch the log.

Two states every document of a thread carries are not columns of its posts:
solved (an accepted_answers row) and unanswered (the thread's reply_count is 0).
An accepted answer added, changed or withdrawn logs its whole thread. A reply added
or removed moves reply_count in SQL, where no listener sees it; when that can take
the thread between no replies and one, the thread's opening post is logged too: it
is the only document an unanswered thread has, since the index holds no deleted or
hidden post. The services move the counter by one in the same transaction, just
before or just after this flush, so a count of 0 or 1 read during the flush catches
every such step; posts moved to another thread log both threads' opening posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, and_, event, insert, inspect, or_, select
from sqlalchemy.orm import Session

from forum.answers.models import AcceptedAnswer
from forum.extensions import db
from forum.search.models import SearchChange
from forum.threads.models import Post, Thread
from forum.unit_of_work import after_commit

# thread_id: a post moved to another thread (a merge or split) is re-indexed there;
# body_text: a post rendered again (`flask rerender-posts`) with the same Markdown.
POST_FIELDS = ("body_md", "body_text", "deleted_at", "hidden_at", "thread_id")
# deleted_at, space_id: a thread deleted, restored or made private leaves or rejoins search.
THREAD_FIELDS = ("title", "specialty_id", "kind", "topics", "deleted_at", "space_id")
# A post leaving or rejoining the live posts: its thread's reply_count moves by one.
COUNTED_FIELDS = ("deleted_at", "hidden_at")
# An accepted answer moved to another post (post_id) or, oddly, another thread.
ANSWER_FIELDS = ("post_id", "thread_id")


def _changed(obj, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _threads_of(post: Post) -> set[int]:
    """The thread a post is in, and the one it left if it moved in this flush."""
    history = inspect(post).attrs.thread_id.history
    return {tid for tid in (post.thread_id, *history.deleted) if tid is not None}


def _answer_threads(answer: AcceptedAnswer) -> set[int]:
    history = inspect(answer).attrs.thread_id.history
    return {tid for tid in (answer.thread_id, *history.deleted) if tid is not None}


@dataclass
class _Collected:
    post_ids: set[int] = field(default_factory=set)
    thread_ids: set[int] = field(default_factory=set)  # every post of these threads
    # The opening post of these threads if they have 0 or 1 replies (counted = True), or
    # whatever they have (posts moved in or out: any count can become 0).
    opening_of: dict[int, bool] = field(default_factory=dict)

    def opening(self, thread_ids: set[int], counted: bool = True) -> None:
        for thread_id in thread_ids:
            self.opening_of[thread_id] = self.opening_of.get(thread_id, True) and counted


def _collect(session: Session) -> _Collected:
    found = _Collected()
    for obj in session.new:
        if isinstance(obj, Post):
            found.post_ids.add(obj.id)
            found.opening({obj.thread_id})
        elif isinstance(obj, AcceptedAnswer):
            found.thread_ids |= _answer_threads(obj)
    for obj in session.dirty:
        if isinstance(obj, Post) and _changed(obj, POST_FIELDS):
            found.post_ids.add(obj.id)
            if _changed(obj, ("thread_id",)):
                found.opening(_threads_of(obj), counted=False)
            elif _changed(obj, COUNTED_FIELDS):
                found.opening({obj.thread_id})
        elif isinstance(obj, Thread) and _changed(obj, THREAD_FIELDS):
            found.thread_ids.add(obj.id)
        elif isinstance(obj, AcceptedAnswer) and _changed(obj, ANSWER_FIELDS):
            found.thread_ids |= _answer_threads(obj)
    for obj in session.deleted:
        if isinstance(obj, Post):
            found.post_ids.add(obj.id)
            found.opening(_threads_of(obj), counted=False)
        elif isinstance(obj, Thread):
            found.thread_ids.add(obj.id)
        elif isinstance(obj, AcceptedAnswer):
            found.thread_ids |= _answer_threads(obj)
    for thread_id in found.thread_ids:  # already logged whole
        found.opening_of.pop(thread_id, None)
    return found


def _record(session: Session, flush_context) -> None:
    found = _collect(session)
    rows = [{"post_id": pid, "thread_id": None} for pid in sorted(found.post_ids)]
    rows += [{"post_id": None, "thread_id": tid} for tid in sorted(found.thread_ids)]
    # Straight onto the flush's connection: same transaction, no second flush.
    connection = session.connection() if rows or found.opening_of else None
    if rows:
        connection.execute(insert(SearchChange), rows)
    if found.opening_of:
        # The opening posts' ids and the counts are in the threads' rows: read them in
        # the INSERT itself. A new thread has no opening post yet (it is logged as new).
        counted = sorted(tid for tid, by_count in found.opening_of.items() if by_count)
        moved = sorted(tid for tid, by_count in found.opening_of.items() if not by_count)
        openings = select(Thread.first_post_id).where(
            or_(
                and_(Thread.id.in_(counted), Thread.reply_count <= 1),
                Thread.id.in_(moved),
            ),
            Thread.first_post_id.is_not(None),
        )
        connection.execute(insert(SearchChange).from_select(["post_id"], openings))
    if connection is not None:
        after_commit("search", session)


def log_threads(thread_ids: Select, session: Session | None = None) -> None:
    """Log whole threads that a bulk SQL statement changed, which the flush listener
    never sees (research topics merged, a specialty's or topic's address changed: the
    index holds their slugs). `thread_ids` is a SELECT of thread ids, run inside the
    INSERT, in the caller's transaction; the search effect runs after its commit."""
    session = session if session is not None else db.session()
    session.execute(insert(SearchChange).from_select(["thread_id"], thread_ids))
    after_commit("search", session)


def log_purge(post_ids: list[int], session: Session | None = None) -> None:
    """Log posts whose old words must leave the index files themselves (a privacy hide, a
    redaction), not only their search results: a deleted Whoosh document keeps its terms,
    and its words' "Did you mean" suggestions, in its segment until that segment is
    rewritten, and applying these entries rewrites it. In the caller's transaction; the
    search effect runs after its commit."""
    if not post_ids:
        return
    session = session if session is not None else db.session()
    rows = [{"post_id": post_id, "purge": True} for post_id in sorted(set(post_ids))]
    session.execute(insert(SearchChange), rows)
    after_commit("search", session)


def listen() -> None:
    """Start recording (idempotent): called once by create_app."""
    if not event.contains(Session, "after_flush", _record):
        event.listen(Session, "after_flush", _record)
