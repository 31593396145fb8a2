"""Keeping the index in step with the database: apply the change log, rebuild, verify, prune."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import joinedload

from forum import visibility
from forum.answers.models import AcceptedAnswer
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.search.index import Document, IndexStore
from forum.search.models import SearchChange, SearchIndexCursor
from forum.threads.models import Post, Thread
from forum.threads.queries import attach_topics

BATCH = 500
# Ids are handed out when a transaction inserts, not when it commits, so a slow
# transaction can commit an id below one already applied. Each sync therefore
# also re-applies entries this young (harmless: documents are replaced by id),
# and pruning leaves them alone.
SETTLE = timedelta(minutes=5)


def store() -> IndexStore:
    return IndexStore(current_app.config["SEARCH_INDEX_DIR"])


def index_name() -> str:
    """This index's name in search_index_cursors: host and directory."""
    name = current_app.config.get("SEARCH_INDEX_NAME")
    return (name or f"{socket.gethostname()}:{current_app.config['SEARCH_INDEX_DIR']}")[-120:]


def _visible_posts():
    """What the index holds: posts any list may show (forum/visibility.py), no more."""
    return (
        select(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .where(visibility.listed_posts())
        .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.specialty))
        # The caller's session may already hold these posts without their relationships.
        .execution_options(populate_existing=True)
    )


def _accepted_answers(thread_ids: list[int]) -> dict[int, int]:
    """{thread id: its accepted answer's post id} for those of `thread_ids` that are solved."""
    if not thread_ids:
        return {}
    rows = db.session.execute(
        select(AcceptedAnswer.thread_id, AcceptedAnswer.post_id).where(
            AcceptedAnswer.thread_id.in_(thread_ids)
        )
    )
    return dict(rows.all())


def _documents(posts: list[Post]) -> list[Document]:
    threads = list({post.thread.id: post.thread for post in posts}.values())
    attach_topics(threads)
    answers = _accepted_answers([thread.id for thread in threads])
    return [
        Document(
            post_id=post.id,
            thread_id=post.thread_id,
            title=post.thread.title,
            body=post.body_text,
            author=post.author.username,
            specialty=post.thread.specialty.slug,
            topics=[topic.slug for topic in post.thread.topics],
            kind=post.thread.kind,
            created=post.created_at,
            accepted=answers.get(post.thread_id) == post.id,
            solved=post.thread_id in answers,
            unanswered=post.thread.reply_count == 0,
        )
        for post in posts
    ]


def documents_for(post_ids: set[int]) -> list[Document]:
    """Documents for those of `post_ids` that are visible (the rest leave the index)."""
    found: list[Document] = []
    ids = sorted(post_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        posts = list(db.session.scalars(_visible_posts().where(Post.id.in_(chunk))))
        found += _documents(posts)
    return found


def all_documents() -> Iterator[Document]:
    """Every visible post, in batches by id, for a rebuild."""
    last = 0
    while True:
        posts = list(
            db.session.scalars(
                _visible_posts().where(Post.id > last).order_by(Post.id).limit(BATCH)
            )
        )
        if not posts:
            return
        yield from _documents(posts)
        last = posts[-1].id


def pending_count(applied: int | None = None) -> int:
    """Entries this index has not applied yet."""
    applied = store().applied() if applied is None else applied
    return db.session.scalar(select(func.count()).where(SearchChange.id > applied)) or 0


def sync(limit: int = 5000) -> int | None:
    """Apply pending changes to this host's index; None if another process holds the lock.

    Returns how many changes were applied. Safe to call from any process at any time.
    """
    index = store()
    with index.writer_lock() as locked:
        if not locked:
            return None
        if index.outdated():  # built by an older version of the schema or analyzer
            current_app.logger.warning("search index schema is outdated; rebuilding it")
            _rebuild(index)
        index.ensure()
        applied = index.applied()
        total = 0
        settling = SearchChange.created_at >= utcnow() - SETTLE
        late = SearchChange.id <= applied
        while True:
            changes = db.session.execute(
                select(
                    SearchChange.id,
                    SearchChange.post_id,
                    SearchChange.thread_id,
                    SearchChange.purge,
                )
                .where(or_(SearchChange.id > applied, and_(late, settling)))
                .order_by(SearchChange.id)
                .limit(limit)
            ).all()
            fresh = [c for c in changes if c.id > applied]
            post_ids = {c.post_id for c in changes if c.post_id is not None}
            thread_ids = {c.thread_id for c in changes if c.thread_id is not None}
            if thread_ids:
                post_ids |= set(
                    db.session.scalars(select(Post.id).where(Post.thread_id.in_(thread_ids)))
                )
            documents = documents_for(post_ids)
            removals = post_ids - {d.post_id for d in documents}
            applied = max(applied, changes[-1].id) if changes else applied
            # A purge entry (a privacy hide, a redaction) rewrites the segments holding
            # deleted documents, so no word of the old text stays in the index files. A
            # settling one counts too: it may have committed below an id already applied.
            purge = any(c.purge for c in changes)
            if post_ids:
                index.apply(documents, removals, applied, purge=purge)
            total += len(fresh)
            if len(changes) < limit:
                break
            late = SearchChange.id < 0  # settling entries were covered by the first batch
        _record_cursor(applied)
        prune()
        db.session.commit()
        return total


def rebuild(progress=None) -> int | None:
    """Recreate the index from the database into a new generation and swap it in.

    Changes logged while rebuilding are applied by the next sync. Returns the
    number of documents, or None if another process holds the writer lock.
    """
    index = store()
    with index.writer_lock() as locked:
        if not locked:
            return None
        count = _rebuild(index, progress)
    sync()
    return count


def _rebuild(index: IndexStore, progress=None) -> int:
    """Rebuild while holding the writer lock; the changes logged meanwhile are left to sync."""
    start = db.session.scalar(select(func.max(SearchChange.id))) or 0
    documents = all_documents()
    if progress is not None:
        documents = progress(documents)
    count = index.rebuild(documents, start)
    _record_cursor(start)
    db.session.commit()
    return count


def _record_cursor(applied: int) -> None:
    cursor = db.session.get(SearchIndexCursor, index_name())
    if cursor is None:
        db.session.add(SearchIndexCursor(name=index_name(), last_change_id=applied))
    else:
        cursor.last_change_id = applied
        cursor.updated_at = utcnow()


def prune() -> int:
    """Forget changes every live index has applied, and any older than the retention.

    An index that has not checked in for SEARCH_LOG_RETENTION_DAYS no longer holds
    entries back; if it comes back it must be rebuilt (`flask search status` says so).
    """
    cutoff = utcnow() - timedelta(days=current_app.config["SEARCH_LOG_RETENTION_DAYS"])
    reached = db.session.scalar(
        select(func.min(SearchIndexCursor.last_change_id)).where(
            SearchIndexCursor.updated_at >= cutoff
        )
    )
    condition = SearchChange.created_at < cutoff
    if reached is not None:
        settled = SearchChange.created_at < utcnow() - SETTLE
        condition = or_(condition, and_(SearchChange.id <= reached, settled))
    return db.session.execute(delete(SearchChange).where(condition)).rowcount or 0


@dataclass
class Status:
    documents: int
    pending: int
    size_bytes: int
    applied: int
    updated: str | None
    outdated: bool = False  # built with another SCHEMA_VERSION; the next sync rebuilds it


def status() -> Status:
    index = store()
    cursor = db.session.get(SearchIndexCursor, index_name())
    applied = index.applied()
    return Status(
        documents=index.doc_count(),
        pending=pending_count(applied),
        size_bytes=index.size_bytes(),
        applied=applied,
        updated=cursor.updated_at.isoformat(timespec="seconds") if cursor else None,
        outdated=index.outdated(),
    )


@dataclass
class Drift:
    missing: list[int]
    extra: list[int]
    stale: list[int]

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def verify() -> Drift:
    """Compare the index with the database: posts missing, extra, or indexed with old content."""
    indexed = store().digests()
    missing, stale, seen = [], [], set()
    for document in all_documents():
        seen.add(document.post_id)
        digest = indexed.get(document.post_id)
        if digest is None:
            missing.append(document.post_id)
        elif digest != document.digest():
            stale.append(document.post_id)
    extra = sorted(set(indexed) - seen)
    return Drift(missing, extra, stale)


def fix(drift: Drift) -> None:
    """Repair what verify found by logging those posts as changed, then syncing."""
    ids = drift.missing + drift.extra + drift.stale
    if ids:
        db.session.add_all(SearchChange(post_id=pid) for pid in ids)
        db.session.commit()
    sync()
