"""The mail outbox: each row is one message, written in the transaction that asked for it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db


class OutgoingMail(db.Model):
    """One message to one recipient, kept until it is sent or given up (then pruned).

    A sender claims a row by writing its own `claim_token` and `claimed_at` in one
    UPDATE that only matches unclaimed (or stale) rows, so two senders never hold the
    same row; see forum/mail/service.py.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (
        Index("ix_mail_outbox_due", "sent_at", "gave_up_at", "next_attempt_at"),
        {"sqlite_autoincrement": True},  # ids name messages (Message-ID): never reuse one
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    # Extra headers ({name: value}), e.g. List-Unsubscribe on notification mail.
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Tries made so far (the successful one included) and when the next may start.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    # Which sender holds the row right now, and since when (a claim this old is stale).
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    gave_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutgoingMail {self.id} to {self.recipient}>"
