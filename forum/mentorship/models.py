"""What mentorship keeps: mentor profiles (and the applications they start as), members'
goals, mentorships with their compact, goals and check-ins, tele-mentoring sessions, and
reports of private messages.

A mentorship's conversation is a thread in a private space (forum/spaces): the one
visibility rule (forum/visibility.py) already shows it to the space's two members only.
Everything else here is shown through `visibility.can_see_mentorship`, the same rule
for the rows of this package: the mentor and the mentee, and nobody else, staff included.

Lists of choices (modes, languages) are space-separated codes in one column, as
`User.roles_text` is: the directory and the matching read them with the row.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
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
from forum.taxonomy.models import ResearchTopic, Specialty

# How a mentor mentors, and how a member would like to be mentored.
MODES = {
    "forum": "Forum answers",
    "video": "Video calls",
    "in_person": "In person",
}
# ISO 639-1 codes of the languages offered on profiles and goals, in the form's order.
LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "pt": "Portuguese",
    "de": "German",
    "it": "Italian",
    "ar": "Arabic",
    "zh": "Mandarin Chinese",
    "hi": "Hindi",
    "bn": "Bengali",
    "ur": "Urdu",
    "sw": "Swahili",
    "ru": "Russian",
    "ja": "Japanese",
    "ko": "Korean",
    "tr": "Turkish",
    "fa": "Persian",
    "pl": "Polish",
    "nl": "Dutch",
    "yo": "Yoruba",
}
# A mentor profile's application state: pending until a moderator decides.
PROFILE_STATUSES = ("pending", "approved", "declined")
MAX_CAPACITY = 10

# requested: waiting for the mentor. declined / withdrawn: closed before it began.
# agreeing: the mentor accepted; the two are agreeing on the compact. active: both
# accepted the compact; the space is open. ended: either side ended it; read-only.
MENTORSHIP_STATUSES = ("requested", "declined", "withdrawn", "agreeing", "active", "ended")
OPEN_STATUSES = ("requested", "agreeing", "active")
MAX_OPEN_REQUESTS = 3

GOAL_STATUSES = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "Needs attention",
    "done": "Done",
}
SESSION_STATUSES = ("proposed", "accepted", "declined", "superseded", "cancelled")
SESSION_MODES = {"video": "Video call", "phone": "Phone call", "in_person": "In person"}
REPORT_STATUSES = ("open", "dismissed", "actioned")


def codes(text_value: str | None) -> tuple[str, ...]:
    """The codes of a space-separated column, in stored order."""
    return tuple(text_value.split()) if text_value else ()


def join_codes(values, allowed) -> str:
    """Store `values` (of `allowed`, in its order) space-separated."""
    wanted = set(values)
    return " ".join(code for code in allowed if code in wanted)


mentor_specialties = Table(
    "mentor_specialties",
    db.metadata,
    Column("user_id", ForeignKey("mentor_profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("specialty_id", ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True),
    # The directory's "mentors in cardiology" and a specialty's top mentors.
    Index("ix_mentor_specialties_specialty_id", "specialty_id"),
)

mentor_topics = Table(
    "mentor_topics",
    db.metadata,
    Column("user_id", ForeignKey("mentor_profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("research_topics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_mentor_topics_topic_id", "topic_id"),
)

goal_specialties = Table(
    "goal_specialties",
    db.metadata,
    Column("user_id", ForeignKey("mentee_goals.user_id", ondelete="CASCADE"), primary_key=True),
    Column("specialty_id", ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True),
)

goal_topics = Table(
    "goal_topics",
    db.metadata,
    Column("user_id", ForeignKey("mentee_goals.user_id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("research_topics.id", ondelete="CASCADE"), primary_key=True),
)


class MentorProfile(db.Model):
    """A member's mentor profile, which starts as their application to mentor.

    pending → approved (the member gets the mentor role) or declined (they may apply
    again, which makes it pending). An approved mentor edits it and may pause taking
    mentees (`accepting`).
    """

    __tablename__ = "mentor_profiles"
    __table_args__ = (Index("ix_mentor_profiles_status", "status"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(12), default="pending")
    statement: Mapped[str] = mapped_column(Text)
    years_in_practice: Mapped[int] = mapped_column(Integer)
    modes_text: Mapped[str] = mapped_column("modes", String(64), default="")
    languages_text: Mapped[str] = mapped_column("languages", String(120), default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")  # IANA name
    accepting: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int] = mapped_column(Integer, default=2)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="raise")
    specialties: Mapped[list[Specialty]] = relationship(
        secondary=mentor_specialties, lazy="raise", order_by=Specialty.position
    )
    topics: Mapped[list[ResearchTopic]] = relationship(
        secondary=mentor_topics, lazy="raise", order_by=ResearchTopic.name
    )

    @property
    def modes(self) -> tuple[str, ...]:
        return codes(self.modes_text)

    @property
    def languages(self) -> tuple[str, ...]:
        return codes(self.languages_text)

    @property
    def is_approved(self) -> bool:
        return self.status == "approved"

    def __repr__(self) -> str:
        return f"<MentorProfile {self.user_id} {self.status}>"


class MenteeGoals(db.Model):
    """What a member wants from a mentor: the input of "Suggested mentors" and of requests."""

    __tablename__ = "mentee_goals"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    modes_text: Mapped[str] = mapped_column("modes", String(64), default="")
    languages_text: Mapped[str] = mapped_column("languages", String(120), default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")  # IANA name
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    specialties: Mapped[list[Specialty]] = relationship(
        secondary=goal_specialties, lazy="raise", order_by=Specialty.position
    )
    topics: Mapped[list[ResearchTopic]] = relationship(
        secondary=goal_topics, lazy="raise", order_by=ResearchTopic.name
    )

    @property
    def modes(self) -> tuple[str, ...]:
        return codes(self.modes_text)

    @property
    def languages(self) -> tuple[str, ...]:
        return codes(self.languages_text)


class Mentorship(db.Model):
    """One mentor and one mentee, from the request to its end (MENTORSHIP_STATUSES)."""

    __tablename__ = "mentorships"
    __table_args__ = (
        Index("ix_mentorships_mentor_id_status", "mentor_id", "status"),
        Index("ix_mentorships_mentee_id_status", "mentee_id", "status"),
        # A private thread's page finds its mentorship (the banner, the report buttons).
        Index("ix_mentorships_thread_id", "thread_id"),
        # One open mentorship per pair: a second request while one is open is refused
        # by the database too, so two submits racing cannot both land.
        Index(
            "uq_mentorships_open_pair",
            "mentor_id",
            "mentee_id",
            unique=True,
            sqlite_where=text("status IN ('requested', 'agreeing', 'active')"),
            postgresql_where=text("status IN ('requested', 'agreeing', 'active')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="requested")
    # The mentee's request, in their words (with their goals), and the mentor's answer.
    request_message: Mapped[str] = mapped_column(Text)
    response_message: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # compact agreed
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    end_note: Mapped[str | None] = mapped_column(String(500))
    # The private space and its conversation thread, made when the compact is agreed.
    space_id: Mapped[int | None] = mapped_column(ForeignKey("spaces.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    # The compact's review date, copied when both accepted; the reminder is sent once.
    review_on: Mapped[date | None] = mapped_column(Date)
    review_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The mentee's thank-you once it ended, and whether the mentor shows it on their profile.
    thanks: Mapped[str | None] = mapped_column(Text)
    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    thanks_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    # The request form's one-time key: the same form submitted twice makes one request.
    submission_key: Mapped[str | None] = mapped_column(String(64))

    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id], lazy="raise")
    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id], lazy="raise")
    compact: Mapped[Compact | None] = relationship(
        lazy="raise", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def member_ids(self) -> frozenset[int]:
        return frozenset((self.mentor_id, self.mentee_id))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def other_id(self, user_id: int) -> int:
        return self.mentee_id if user_id == self.mentor_id else self.mentor_id

    def __repr__(self) -> str:
        return f"<Mentorship {self.id} {self.mentor_id}->{self.mentee_id} {self.status}>"


class Compact(db.Model):
    """The mentoring compact both sides accept before a mentorship starts (AAMC-style).

    Editing it clears the other side's acceptance: each side accepts the text as it is.
    """

    __tablename__ = "mentorship_compacts"

    mentorship_id: Mapped[int] = mapped_column(
        ForeignKey("mentorships.id", ondelete="CASCADE"), primary_key=True
    )
    goals: Mapped[str] = mapped_column(Text)  # one goal a line: each becomes a MentorshipGoal
    meeting_frequency: Mapped[str] = mapped_column(String(40))  # MEETING_FREQUENCIES code
    modes_text: Mapped[str] = mapped_column("modes", String(64), default="")
    mentee_commitments: Mapped[str] = mapped_column(Text)
    mentor_commitments: Mapped[str] = mapped_column(Text)
    review_on: Mapped[date] = mapped_column(Date)
    mentor_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentee_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def modes(self) -> tuple[str, ...]:
        return codes(self.modes_text)


MEETING_FREQUENCIES = {
    "weekly": "Every week",
    "fortnightly": "Every two weeks",
    "monthly": "Every month",
    "quarterly": "Every three months",
    "as_needed": "When either of us asks",
}


class MentorshipGoal(db.Model):
    """One goal of an active mentorship (from the compact's lines), with its latest status."""

    __tablename__ = "mentorship_goals"
    __table_args__ = (Index("ix_mentorship_goals_mentorship_id", "mentorship_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="not_started")  # GOAL_STATUSES
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


checkin_threads = Table(
    "checkin_threads",
    db.metadata,
    Column(
        "checkin_id", ForeignKey("mentorship_checkins.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
)


class CheckIn(db.Model):
    """A note on a goal's progress, by either side, maybe after a session, maybe pointing
    at public threads as evidence (shown only while the viewer may see them)."""

    __tablename__ = "mentorship_checkins"
    __table_args__ = (
        Index("ix_mentorship_checkins_mentorship_id_created_at", "mentorship_id", "created_at"),
        UniqueConstraint("author_id", "submission_key", name="uq_checkins_author_submission"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentorship_goals.id", ondelete="SET NULL")
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_sessions.id", ondelete="SET NULL")
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))  # GOAL_STATUSES
    note_md: Mapped[str] = mapped_column(Text)
    note_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submission_key: Mapped[str | None] = mapped_column(String(64))


class MentoringSession(db.Model):
    """A tele-mentoring session one side proposes and the other accepts (or answers with
    another time, which supersedes this one). Times are UTC; pages show each viewer's zone."""

    __tablename__ = "mentoring_sessions"
    __table_args__ = (
        Index("ix_mentoring_sessions_mentorship_id_starts_at", "mentorship_id", "starts_at"),
        # The reminder pass: accepted sessions starting soon that were not reminded.
        Index("ix_mentoring_sessions_status_starts_at", "status", "starts_at"),
        UniqueConstraint("proposed_by_id", "submission_key", name="uq_sessions_author_submission"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(12))  # SESSION_MODES
    agenda: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="proposed")  # SESSION_STATUSES
    # The proposal this one answers ("proposes another time"), superseded by it.
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_sessions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised each time an accepted session changes, for the calendar file's SEQUENCE.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    submission_key: Mapped[str | None] = mapped_column(String(64))


class MessageReport(db.Model):
    """A member's report of one message in their mentorship's private space.

    The moderators see this message only: its text as it was when reported (a copy,
    since they may not open the space), who wrote it and when; never the space.
    """

    __tablename__ = "mentorship_reports"
    __table_args__ = (
        UniqueConstraint("post_id", "reporter_id"),
        Index("ix_mentorship_reports_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))  # moderation FLAG_REASONS codes
    text: Mapped[str | None] = mapped_column(String(500))
    message_html: Mapped[str] = mapped_column(Text)  # the sanitised HTML, as it was
    message_created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open")  # REPORT_STATUSES
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome_note: Mapped[str | None] = mapped_column(String(500))

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="raise")
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id], lazy="raise")
