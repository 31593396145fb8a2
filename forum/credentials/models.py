"""What credentials keep: a member's professional credentials and their review.

A member may hold several (a nurse who is also a prescriber). Each is pending until a
moderator or admin verifies or rejects it; editing one sends it back to pending, so
what a badge says is always what a moderator checked.

The registration number is stored for the reviewers. It is shown only to the member
and to staff (permissions.can_view_credential_number): never on a post, a profile, a
feed, a search result, a notice or the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.auth.models import User
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db

# pending: waiting for a moderator. verified: a moderator checked it (a "Verified"
# badge). rejected: a moderator did not, and said why; the member may correct it.
STATUSES = ("pending", "verified", "rejected")
# What other members see of a credential: verified ones, and pending claims marked as
# unverified. A rejected one is shown to its member and to staff only.
SHOWN_STATUSES = ("verified", "pending")
STATUS_LABELS = {"pending": "Unverified", "verified": "Verified", "rejected": "Not verified"}

PROFESSION_LENGTH = 80
TYPE_LENGTH = 80
BODY_LENGTH = 80
JURISDICTION_LENGTH = 60
NUMBER_LENGTH = 40
INSTITUTION_LENGTH = 120
NOTE_LENGTH = 500
MAX_YEARS = 70


class Credential(db.Model):
    """One professional credential a member claims, and what a reviewer decided."""

    __tablename__ = "credentials"
    __table_args__ = (
        # A member's own list, and every post's badges (forum/credentials/thread_page.py).
        Index("ix_credentials_user_id_status", "user_id", "status"),
        # The review queue: the oldest pending first.
        Index("ix_credentials_status_submitted_at", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    profession: Mapped[str] = mapped_column(String(PROFESSION_LENGTH))  # "Registered Nurse"
    # The licence or registration type ("Nursing registration", "Independent prescriber").
    credential_type: Mapped[str] = mapped_column(String(TYPE_LENGTH))
    issuing_body: Mapped[str] = mapped_column(String(BODY_LENGTH))  # "NMC"
    jurisdiction: Mapped[str] = mapped_column(String(JURISDICTION_LENGTH))  # "UK"
    number: Mapped[str] = mapped_column(String(NUMBER_LENGTH))  # member and staff only
    institution: Mapped[str | None] = mapped_column(String(INSTITUTION_LENGTH))
    years_in_practice: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it was last sent for review: the queue's order.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # The reviewer's note: the reason of a rejection, or what they added to a verification.
    review_note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="raise")

    @property
    def label(self) -> str:
        """What a badge says after "Verified:": "Registered Nurse, UK NMC"."""
        return badge_label(self.profession, self.jurisdiction, self.issuing_body)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_verified(self) -> bool:
        return self.status == "verified"

    def __repr__(self) -> str:
        return f"<Credential {self.id} of {self.user_id} {self.status}>"


def badge_label(profession: str, jurisdiction: str, issuing_body: str) -> str:
    """The words of a credential's badge; the SQL of thread pages builds the same."""
    return f"{profession}, {jurisdiction} {issuing_body}"
