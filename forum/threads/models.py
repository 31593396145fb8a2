"""Threads, their posts and the posts' edit history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.auth.models import User
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.spaces.models import Space
from forum.taxonomy.models import ResearchTopic, Specialty

THREAD_KINDS = {"question": "Question", "discussion": "Discussion", "case": "Case"}
# The kinds a member picks on the new-thread form; a case has its own form (forum/cases/).
FORM_KINDS = ("question", "discussion")
# The kinds that ask for an answer: they take an accepted answer, wait in the mentors'
# queue and count as unsolved until one is accepted. A case presentation is a question.
ANSWERABLE_KINDS = ("question", "case")

thread_topics = Table(
    "thread_topics",
    db.metadata,
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("research_topics.id", ondelete="CASCADE"), primary_key=True),
    # The topic page lists a topic's threads: look them up from the topic side.
    Index("ix_thread_topics_topic_id_thread_id", "topic_id", "thread_id"),
)


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (
        # Specialty page: pinned first, then by latest activity or newest.
        Index("ix_threads_specialty_pinned_last_post", "specialty_id", "is_pinned", "last_post_at"),
        Index("ix_threads_specialty_pinned_created", "specialty_id", "is_pinned", "created_at"),
        Index("ix_threads_last_post_at", "last_post_at"),
        Index("ix_threads_author_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="discussion")
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Listing counters, kept by the service in SQL so concurrent writers add up.
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    reply_count: Mapped[int] = mapped_column(Integer, default=0)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_poster_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The opening post. No foreign key: posts already point at threads, and a cycle of
    # constraints would need deferred checks on every insert; the service keeps it right.
    first_post_id: Mapped[int | None] = mapped_column(Integer)
    # A deleted thread keeps its posts; forum/visibility.py shows it to its moderators only.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set for a thread in a private space: only the space's members may see it.
    space_id: Mapped[int | None] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"))

    specialty: Mapped[Specialty] = relationship(lazy="raise")
    space: Mapped[Space | None] = relationship(lazy="raise")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="raise")
    last_poster: Mapped[User | None] = relationship(foreign_keys=[last_poster_id], lazy="raise")
    topics: Mapped[list[ResearchTopic]] = relationship(
        secondary=thread_topics, lazy="raise", order_by=ResearchTopic.name
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_answerable(self) -> bool:
        return self.kind in ANSWERABLE_KINDS

    @property
    def kind_label(self) -> str:
        return THREAD_KINDS.get(self.kind, self.kind.title())

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.title!r}>"


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        # A thread's posts are in date order (id breaks ties): a page is a range on this
        # index and a post's page is a count on it. Moving posts to another thread (a
        # merge or a split) changes only their thread_id; nothing is renumbered.
        Index("ix_posts_thread_id_created_at_id", "thread_id", "created_at", "id"),
        Index("ix_posts_author_id_created_at", "author_id", "created_at"),
        # Few posts are hidden: the staff header counts and the dashboard lists them from
        # this small partial index instead of scanning every post.
        Index(
            "ix_posts_hidden_at",
            "hidden_at",
            sqlite_where=text("hidden_at IS NOT NULL"),
            postgresql_where=text("hidden_at IS NOT NULL"),
        ),
        # The form's one-time key: submitting the same form twice finds the first post.
        UniqueConstraint("author_id", "submission_key", name="uq_posts_author_id_submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edit_count: Mapped[int] = mapped_column(Integer, default=0)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Hidden by a moderator: readers see a placeholder, the author the reason, staff the text.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    # Hidden over a patient-privacy concern (forum/redaction/): its text left search and
    # unsent mail at once, its author may edit it, and its history is kept for staff only.
    hidden_for_privacy: Mapped[bool] = mapped_column(Boolean, default=False)
    submission_key: Mapped[str | None] = mapped_column(String(64))

    thread: Mapped[Thread] = relationship(lazy="raise")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="raise")

    # The post's place in its thread (1 = the opening post), set by the query that
    # loaded it for a page; None where nobody counted.
    position = None  # int | None; not a column

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_opening(self) -> bool:
        """The thread's first post (needs post.thread loaded)."""
        return self.thread.first_post_id == self.id

    def __repr__(self) -> str:
        return f"<Post {self.id} in {self.thread_id}>"


class PostRevision(db.Model):
    """An earlier version of a post, saved each time the post is edited."""

    __tablename__ = "post_revisions"
    __table_args__ = (Index("ix_post_revisions_post_id_number", "post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # For an opening post: the thread's title in that version (renames show in the history).
    title: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A version from before a privacy review (forum/redaction/): only the post's
    # moderators see it on the history page (threads.queries.post_history).
    staff_only: Mapped[bool] = mapped_column(Boolean, default=False)

    editor: Mapped[User | None] = relationship(lazy="raise")
