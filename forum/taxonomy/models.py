"""Specialties and research topics: the two ways threads are organised."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime
from forum.extensions import db


class Specialty(db.Model):
    __tablename__ = "specialties"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Listing counters, updated in SQL by the threads service.
    thread_count: Mapped[int] = mapped_column(Integer, default=0)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Retired: takes no new threads; its page and threads stay readable, marked retired.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Specialty {self.slug}>"


class ResearchTopic(db.Model):
    __tablename__ = "research_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    thread_count: Mapped[int] = mapped_column(Integer, default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<ResearchTopic {self.slug}>"


class SlugRedirect(db.Model):
    """An address a specialty or topic used to have (renamed, or a topic merged into
    another): /specialties/<old> or /topics/<old> answers 301 to the target's page."""

    __tablename__ = "slug_redirects"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # "specialty" or "topic"
    old_slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    specialty_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialties.id", ondelete="CASCADE")
    )
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_topics.id", ondelete="CASCADE")
    )


# Names and slugs are unique regardless of case, enforced by the database; lookups use
# the same lower() expression.
Index("uq_specialties_name_lower", func.lower(Specialty.name), unique=True)
Index("uq_specialties_slug_lower", func.lower(Specialty.slug), unique=True)
Index("uq_research_topics_name_lower", func.lower(ResearchTopic.name), unique=True)
Index("uq_research_topics_slug_lower", func.lower(ResearchTopic.slug), unique=True)
