"""Reading and curating specialties and research topics."""

from __future__ import annotations

from sqlalchemy import select

from forum.exceptions import NotFound
from forum.extensions import db
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.unit_of_work import transactional


def list_specialties() -> list[Specialty]:
    return list(db.session.scalars(select(Specialty).order_by(Specialty.position, Specialty.name)))


def list_topics() -> list[ResearchTopic]:
    return list(db.session.scalars(select(ResearchTopic).order_by(ResearchTopic.name)))


def get_specialty(slug: str) -> Specialty:
    """:raises NotFound: unknown slug."""
    specialty = db.session.scalar(select(Specialty).where(Specialty.slug == slug))
    if specialty is None:
        raise NotFound("There is no such specialty.")
    return specialty


def get_topic(slug: str) -> ResearchTopic:
    """:raises NotFound: unknown slug."""
    topic = db.session.scalar(select(ResearchTopic).where(ResearchTopic.slug == slug))
    if topic is None:
        raise NotFound("There is no such research topic.")
    return topic


def specialty_choices(blank: str | None = "— None —") -> list[tuple[int, str]]:
    """(id, name) pairs for a select field, optionally led by a 'none' choice with id 0."""
    rows = db.session.execute(
        select(Specialty.id, Specialty.name).order_by(Specialty.position, Specialty.name)
    ).all()
    choices = [(row.id, row.name) for row in rows]
    return ([(0, blank)] if blank else []) + choices


def topic_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(ResearchTopic.id, ResearchTopic.name).order_by(ResearchTopic.name)
    ).all()
    return [(row.id, row.name) for row in rows]


@transactional
def add_specialty(slug: str, name: str, description: str = "", position: int = 0) -> Specialty:
    specialty = Specialty(slug=slug, name=name, description=description, position=position)
    db.session.add(specialty)
    return specialty


@transactional
def add_topic(slug: str, name: str, description: str = "") -> ResearchTopic:
    topic = ResearchTopic(slug=slug, name=name, description=description)
    db.session.add(topic)
    return topic
