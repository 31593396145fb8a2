"""A private space and its members.

A thread with a space_id belongs to that space: forum/visibility.py shows it to
the space's members only, and to nobody else (staff included), and answers 404
to everyone else. Public threads have no space.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db


class Space(db.Model):
    __tablename__ = "spaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[SpaceMember]] = relationship(lazy="raise", cascade="all, delete-orphan")

    @property
    def member_ids(self) -> frozenset[int]:
        return frozenset(member.user_id for member in self.members)

    def __repr__(self) -> str:
        return f"<Space {self.id} {self.name!r}>"


class SpaceMember(db.Model):
    __tablename__ = "space_members"
    # "Which spaces is this viewer in" is the lookup every private-thread check makes.
    __table_args__ = (Index("ix_space_members_user_id", "user_id"),)

    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
