"""What moderation keeps: reports (flags), warnings, suspensions, staff notes on users,
the addresses merged threads leave behind, and the append-only audit log.

The audit log is written only through forum/moderation/audit.py `record`, inside the
unit of work of the action it records, so an action and its entry commit together. No
code updates or deletes an entry: the ORM refuses (below), and database triggers
(migration 0008, and create_all through the DDL below) refuse UPDATE and DELETE on the
table itself, on PostgreSQL and SQLite alike. So a user who acted can never be deleted
(the actor's ON DELETE SET NULL would be an UPDATE the trigger refuses): accounts that
must go are anonymised, and the entry keeps the actor's name as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.auth.models import User
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db

# Why a member reports a post, in the order the form offers them. "privacy" (a patient
# privacy concern) is always reviewed first.
FLAG_REASONS = {
    "privacy": "Patient privacy concern",
    "misinformation": "Clinical misinformation",
    "unprofessional": "Unprofessional conduct",
    "spam": "Spam",
    "off_topic": "Off-topic",
    "other": "Something else",
}
# open: waiting for review. The others say how a moderator resolved it.
FLAG_STATUSES = ("open", "hidden", "edited", "dismissed", "warned")


class Flag(db.Model):
    """One member's report of one post (once per member and post: the unique key)."""

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("post_id", "flagger_id"),
        # The review queue: open flags, oldest first.
        Index("ix_flags_status_created_at", "status", "created_at"),
        Index("ix_flags_flagger_id", "flagger_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    flagger_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(String(500))  # required for "other"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What the moderator told the flagger about the outcome (shown to the flagger).
    outcome_note: Mapped[str | None] = mapped_column(String(500))

    flagger: Mapped[User] = relationship(foreign_keys=[flagger_id], lazy="raise")

    @property
    def reason_label(self) -> str:
        return FLAG_REASONS.get(self.reason, self.reason)

    def __repr__(self) -> str:
        return f"<Flag {self.id} post {self.post_id} {self.reason} {self.status}>"


class ModeratorWarning(db.Model):
    """A moderator's message to a member about their conduct (the member reads it)."""

    __tablename__ = "moderator_warnings"
    __table_args__ = (Index("ix_moderator_warnings_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Suspension(db.Model):
    """A period in which a member may read but not write.

    `users.suspended_until` carries the end of the one in force, so every permission
    check reads it from the already-loaded user with no query; this table keeps the
    reason and the history. ends_at None means "until lifted".
    """

    __tablename__ = "suspensions"
    __table_args__ = (Index("ix_suspensions_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class UserNote(db.Model):
    """A moderator's private note on a member: staff read them, the member never does."""

    __tablename__ = "user_notes"
    __table_args__ = (Index("ix_user_notes_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThreadRedirect(db.Model):
    """A thread merged into another: its old address answers 301 to the new one."""

    __tablename__ = "thread_redirects"

    old_thread_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(db.Model):
    """One moderator or admin action: who, when, what, on which target, why, and the
    values before and after where something changed. Append-only."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_created_at", "created_at"),
        Index("ix_audit_log_actor_id", "actor_id"),
        Index("ix_audit_log_target", "target_type", "target_id"),
        Index("ix_audit_log_action", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Who did it; the name is kept too, so the entry still says who after an account goes.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(40))  # e.g. "post.hide", "thread.merge"
    # thread, post, user, specialty, topic or flag (audit.TARGET_TYPES)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column(Integer)
    target_label: Mapped[str] = mapped_column(String(200), default="")  # a title or name, as then
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target_type}:{self.target_id}>"


class AppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit log entry."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(_mapper, _connection, entry: AuditEntry) -> None:
    raise AppendOnly(f"audit log entries are append-only (tried to update {entry.id})")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(_mapper, _connection, entry: AuditEntry) -> None:
    raise AppendOnly(f"audit log entries are append-only (tried to delete {entry.id})")


# The same triggers as migration 0008, for databases made with create_all (the tests').
# On PostgreSQL, TRUNCATE (which only tests use, to empty tables) is not a row DELETE.
# DDL() formats its text with %, so the function's own % placeholder is written %%.
_TRIGGERS = {
    "postgresql": (
        """CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'audit_log is append-only: %% refused', TG_OP;
        END;
        $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
    ),
    "sqlite": (
        """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END""",
        """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END""",
    ),
}
for _dialect, _statements in _TRIGGERS.items():
    for _statement in _statements:
        event.listen(
            AuditEntry.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )
