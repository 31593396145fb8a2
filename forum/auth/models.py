"""The User account."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db

if TYPE_CHECKING:
    from forum.taxonomy.models import Specialty

# 3–30 letters, digits, underscores or hyphens.
USERNAME_PATTERN = r"^[A-Za-z0-9_-]{3,30}$"
ROLES = ("member", "mentor", "moderator", "admin")
ROLE_LABELS = {"member": "Member", "mentor": "Mentor", "moderator": "Moderator", "admin": "Admin"}
PROFESSIONS = {
    "physician": "Physician",
    "surgeon": "Surgeon",
    "nurse": "Nurse",
    "pharmacist": "Pharmacist",
    "researcher": "Researcher",
    "student": "Student",
    "allied": "Allied health professional",
    "other": "Other",
}


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16), default="member")
    profession: Mapped[str] = mapped_column(String(32), default="other")
    specialty_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialties.id", ondelete="SET NULL")
    )
    institution: Mapped[str | None] = mapped_column(String(120))
    bio: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    specialty: Mapped[Specialty | None] = relationship(lazy="raise")

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of `password`."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """True when `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def session_token(self) -> str:
        """Changes whenever the password does (a digest of the salted hash)."""
        return hashlib.blake2b(self.password_hash.encode(), digest_size=8).hexdigest()

    def get_id(self) -> str:
        """What the session and the remember-me cookie hold: the id and the session token,
        so a password change ends every other session (see auth.service.user_for_session)."""
        return f"{self.id}-{self.session_token()}"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role.title())

    @property
    def profession_label(self) -> str:
        return PROFESSIONS.get(self.profession, self.profession.title())

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")

    def __repr__(self) -> str:
        return f"<User {self.username}>"


# Uniqueness regardless of case, enforced by the database itself; lookups use
# the same lower() expression so both backends can use these indexes.
Index("uq_users_username_lower", func.lower(User.username), unique=True)
Index("uq_users_email_lower", func.lower(User.email), unique=True)
