"""The search change log (an outbox in the database) and each index's place in it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db


class SearchChange(db.Model):
    """A post (post_id) or a whole thread (thread_id) whose search documents must be rewritten.

    Written in the same transaction as the change itself, so the log never
    misses a committed change and never holds one that was rolled back.
    """

    __tablename__ = "search_changes"
    # Ids must never be reused (SQLite would, after a prune, without AUTOINCREMENT):
    # each index remembers the highest id it has applied.
    __table_args__ = (
        Index("ix_search_changes_created_at", "created_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    post_id: Mapped[int | None] = mapped_column(Integer)
    thread_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The post's old words must leave the index files, not just its search results (a
    # privacy hide, a redaction): applying this entry also rewrites the segments that
    # hold deleted documents (search.changes.log_purge).
    purge: Mapped[bool] = mapped_column(Boolean, default=False)


class SearchIndexCursor(db.Model):
    """How far one index (one host's SEARCH_INDEX_DIR) has applied the change log."""

    __tablename__ = "search_index_cursors"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    last_change_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
