"""What a redaction leaves behind: who redacted a post, when, why and how much.

Never the text itself: a record of what was taken out would be one more copy of it.
The audit log (forum/moderation/audit.py) gets the same facts as `post.redact`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db

REASON_LENGTH = 500


class Redaction(db.Model):
    """One moderator's redaction of one post (every occurrence of one span of text)."""

    __tablename__ = "redactions"
    __table_args__ = (Index("ix_redactions_post_id", "post_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(REASON_LENGTH))
    # Occurrences replaced: in the current text, in its saved earlier versions, and in
    # the words of the members' flags on it.
    in_post: Mapped[int] = mapped_column(Integer, default=0)
    in_revisions: Mapped[int] = mapped_column(Integer, default=0)
    in_flags: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def spans(self) -> int:
        return self.in_post + self.in_revisions + self.in_flags

    def __repr__(self) -> str:
        return f"<Redaction {self.id} of post {self.post_id}: {self.spans} spans>"
