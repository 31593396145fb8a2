"""Record searchable changes in the change log, inside the transaction that makes them.

A flush listener rather than calls from the threads service: the threads package
sits below search and must not import it, and a listener cannot be forgotten by
a new service function. Only fields that appear in search results count, so
counter updates, logins and page views never touch the log.
"""

from __future__ import annotations

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from forum.search.models import SearchChange
from forum.threads.models import Post, Thread
from forum.unit_of_work import after_commit

# thread_id: a post moved to another thread (a merge or split) is re-indexed there;
# body_text: a post rendered again (`flask rerender-posts`) with the same Markdown.
POST_FIELDS = ("body_md", "body_text", "deleted_at", "hidden_at", "thread_id")
# deleted_at, space_id: a thread deleted, restored or made private leaves or rejoins search.
THREAD_FIELDS = ("title", "specialty_id", "kind", "topics", "deleted_at", "space_id")


def _changed(obj, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _collect(session: Session) -> tuple[set[int], set[int]]:
    post_ids: set[int] = set()
    thread_ids: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Post):
            post_ids.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Post) and _changed(obj, POST_FIELDS):
            post_ids.add(obj.id)
        elif isinstance(obj, Thread) and _changed(obj, THREAD_FIELDS):
            thread_ids.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Post):
            post_ids.add(obj.id)
        elif isinstance(obj, Thread):
            thread_ids.add(obj.id)
    return post_ids, thread_ids


def _record(session: Session, flush_context) -> None:
    post_ids, thread_ids = _collect(session)
    rows = [{"post_id": pid, "thread_id": None} for pid in sorted(post_ids)]
    rows += [{"post_id": None, "thread_id": tid} for tid in sorted(thread_ids)]
    if rows:
        # Straight onto the flush's connection: same transaction, no second flush.
        session.connection().execute(insert(SearchChange), rows)
        after_commit("search", session)


def listen() -> None:
    """Start recording (idempotent): called once by create_app."""
    if not event.contains(Session, "after_flush", _record):
        event.listen(Session, "after_flush", _record)
