"""What the privacy guard keeps: a post made or edited over its warning.

A row says that an author confirmed a version of a post contained no patient
identifiers although the guard found some, and which kinds it found. It never keeps
the text the guard flagged: the record must not become a copy of what it warns about.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.auth.models import User
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.threads.models import Post


class PrivacyConfirmation(db.Model):
    __tablename__ = "privacy_confirmations"
    __table_args__ = (
        # A post's history reads its confirmations; the moderators' list is newest first.
        Index("ix_privacy_confirmations_post_id", "post_id"),
        Index("ix_privacy_confirmations_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # The post's version this confirms: 1 for the post as first written, n + 1 after the
    # n-th edit (the numbering of the history page).
    version: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The kinds found (forum.privacy.findings.KINDS keys), sorted, each once.
    kinds: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship()
    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PrivacyConfirmation post {self.post_id} v{self.version} {self.kinds}>"
