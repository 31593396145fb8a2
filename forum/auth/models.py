"""The User account."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
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
# Everyone is a member; the other roles are held in any combination (a mentor who is
# also a moderator). "moderator" moderates every specialty; moderating only some is a
# ModeratorScope row per specialty, with no role.
ROLES = ("member", "mentor", "moderator", "admin")
GRANTED_ROLES = ("mentor", "moderator", "admin")
ROLE_LABELS = {"member": "Member", "mentor": "Mentor", "moderator": "Moderator", "admin": "Admin"}
# "Until lifted" as an end date: far enough that it never lifts itself.
SUSPENDED_INDEFINITELY = datetime(9999, 1, 1, tzinfo=UTC)
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
    # The granted roles, space-separated in ROLES order ("mentor moderator"); "" for a
    # member. A column, not a table: badges beside every post need it with no extra query.
    roles_text: Mapped[str] = mapped_column("roles", String(64), default="")
    profession: Mapped[str] = mapped_column(String(32), default="other")
    specialty_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialties.id", ondelete="SET NULL")
    )
    institution: Mapped[str | None] = mapped_column(String(120))
    bio: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None until the address is confirmed (set at registration when verification is off).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The end of the suspension in force (forum/moderation/models.py Suspension), so every
    # permission check reads it from the loaded user: None when not suspended, and
    # SUSPENDED_INDEFINITELY for "until lifted". A past value has lifted itself.
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    specialty: Mapped[Specialty | None] = relationship(lazy="raise")
    # Loaded with the signed-in user (auth.service.user_for_session); elsewhere on first use.
    moderator_scopes: Mapped[list[ModeratorScope]] = relationship(
        lazy="select", cascade="all, delete-orphan"
    )

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
    def roles(self) -> frozenset[str]:
        """Granted roles ("member" is implied and not listed)."""
        return frozenset(self.roles_text.split()) if self.roles_text else frozenset()

    @roles.setter
    def roles(self, names) -> None:
        wanted = set(names) - {"member"}
        unknown = wanted - set(GRANTED_ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {', '.join(sorted(unknown))}")
        self.roles_text = " ".join(r for r in GRANTED_ROLES if r in wanted)

    def has_role(self, name: str) -> bool:
        return name == "member" or name in self.roles

    @property
    def badges(self) -> list[tuple[str, str]]:
        """(role, label) for each granted role, highest last: what is shown beside a name."""
        return [(r, ROLE_LABELS[r]) for r in GRANTED_ROLES if r in self.roles]

    @property
    def moderated_specialty_ids(self) -> frozenset[int]:
        return frozenset(scope.specialty_id for scope in self.moderator_scopes)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def profession_label(self) -> str:
        return PROFESSIONS.get(self.profession, self.profession.title())

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class ModeratorScope(db.Model):
    """A specialty that one user moderates (without being a site-wide moderator)."""

    __tablename__ = "moderator_scopes"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    specialty_id: Mapped[int] = mapped_column(
        ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True
    )


# Uniqueness regardless of case, enforced by the database itself; lookups use
# the same lower() expression so both backends can use these indexes.
Index("uq_users_username_lower", func.lower(User.username), unique=True)
Index("uq_users_email_lower", func.lower(User.email), unique=True)
