"""Accepted answers and helpful marks, kept beside threads and posts, not on them.

The threads package sits below answers and does not know about them, so these are
tables of their own, joined in where a page shows them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db


class AcceptedAnswer(db.Model):
    """A question's accepted answer: one row per solved thread (its primary key)."""

    __tablename__ = "accepted_answers"
    # A month's acceptances (a specialty's top mentors) are a range on this index.
    __table_args__ = (Index("ix_accepted_answers_accepted_at", "accepted_at"),)

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True
    )
    # unique: a post answers one question, and "is this post accepted" is a lookup.
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), unique=True)
    accepted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<AcceptedAnswer thread {self.thread_id} post {self.post_id}>"


class HelpfulMark(db.Model):
    """One member found one post helpful (at most once: the primary key)."""

    __tablename__ = "helpful_marks"
    # "What did this member mark on this page" and "what did this author receive".
    __table_args__ = (
        Index("ix_helpful_marks_user_id", "user_id"),
        # A month's marks (a specialty's top mentors) are a range on this index.
        Index("ix_helpful_marks_created_at", "created_at"),
    )

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HelpfulCount(db.Model):
    """How many members marked a post helpful, moved in SQL (count + 1) beside each mark
    so that concurrent marks add up; no row means none."""

    __tablename__ = "helpful_counts"
    # Ordering a thread's replies by helpfulness, and a mentor's marks received.
    __table_args__ = (Index("ix_helpful_counts_count", "count"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    count: Mapped[int] = mapped_column(Integer, default=0)
