"""Reviews of accepted answers: "reviewed, still current", one row per review.

Kept beside accepted_answers rather than on it: an answer is reviewed many times over
the years, and each review (who, when) stays as its history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db


class AnswerReview(db.Model):
    """Someone who may (the answer's author, a mentor of its specialty) confirmed that
    an accepted answer is still current at `reviewed_at`."""

    __tablename__ = "answer_reviews"
    # The latest review of a post is the last entry of this index.
    __table_args__ = (Index("ix_answer_reviews_post_id_reviewed_at", "post_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<AnswerReview post {self.post_id} by {self.reviewer_id}>"
