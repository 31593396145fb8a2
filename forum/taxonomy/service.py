"""Reading specialties and research topics, their addresses, and the choices forms offer.

A specialty or topic that was renamed keeps its old addresses as SlugRedirect rows,
each pointing at the specialty or topic by id, so a chain of renames still answers in
one hop with the current slug. A topic merged into another is retired and its own
slug redirects to the topic it was merged into (a SlugRedirect row for the slug it
still holds): that row is what "merged" means. Writes are in forum/taxonomy/curation.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from forum.exceptions import NotFound
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.rows import Tag
from forum.taxonomy.models import ResearchTopic, SlugRedirect, Specialty
from forum.unit_of_work import transactional

SLUG_LENGTH = 60
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
RETIRED_LABEL = "{name} (retired)"
TOPICS_PER_PAGE = 100


class Moved(NotFound):
    """The address is an old one: the specialty or topic now lives at `slug` (a 301).

    A NotFound, so a caller that does not redirect still answers 404, never 500."""

    def __init__(self, slug: str):
        super().__init__("This page has moved.")
        self.slug = slug


def slugify(name: str) -> str:
    """The address a name gives: lowercase ASCII letters, digits and single hyphens
    ("Cardiology & Vascular" -> "cardiology-vascular"); "" when none are left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:SLUG_LENGTH].rstrip("-")


def list_specialties() -> list[Specialty]:
    """Every specialty, retired ones too, in their curated order."""
    return list(db.session.scalars(select(Specialty).order_by(Specialty.position, Specialty.name)))


def list_topics() -> list[ResearchTopic]:
    """Every research topic, retired and merged ones too, by name."""
    return list(db.session.scalars(select(ResearchTopic).order_by(ResearchTopic.name)))


def _merged():
    """(redirect, target, on): a SlugRedirect row for a topic's own slug, and the topic
    it leads to, to outer-join on research_topics: set only for merged topics."""
    redirect, target = aliased(SlugRedirect), aliased(ResearchTopic)
    on = and_(redirect.kind == "topic", redirect.old_slug == ResearchTopic.slug)
    return redirect, target, on


def listed_topics() -> list[ResearchTopic]:
    """The topics index: every topic but those merged into another (their address
    redirects), by name; retired ones are listed, marked."""
    redirect, _target, on = _merged()
    return list(
        db.session.scalars(
            select(ResearchTopic)
            .outerjoin(redirect, on)
            .where(redirect.old_slug.is_(None))
            .order_by(ResearchTopic.name)
        )
    )


def moved_to(kind: str, slug: str) -> str | None:
    """The current slug of the specialty or topic that `slug` was an address of (an
    old slug, or the same slug in other letter case), or None: for a 301 where a page
    or a search filter finds nothing at `slug`."""
    table = Specialty if kind == "specialty" else ResearchTopic
    target_id = SlugRedirect.specialty_id if kind == "specialty" else SlugRedirect.topic_id
    wanted = slug.lower()
    current = db.session.scalar(
        select(table.slug)
        .join(SlugRedirect, target_id == table.id)
        .where(SlugRedirect.kind == kind, SlugRedirect.old_slug == wanted)
    )
    if current is None:
        current = db.session.scalar(select(table.slug).where(func.lower(table.slug) == wanted))
    return current if current is not None and current != slug else None


def get_specialty(slug: str) -> Specialty:
    """:raises Moved: an old address. :raises NotFound: unknown slug."""
    specialty = db.session.scalar(select(Specialty).where(Specialty.slug == slug))
    if specialty is None:
        _raise_moved("specialty", slug)
        raise NotFound("There is no such specialty.")
    return specialty


def get_topic(slug: str) -> ResearchTopic:
    """The topic at `slug`, in one query that also says whether it was merged away.

    :raises Moved: an old address, or a topic merged into another. :raises NotFound:
    unknown slug.
    """
    redirect, target, on = _merged()
    row = db.session.execute(
        select(ResearchTopic, target.slug)
        .outerjoin(redirect, on)
        .outerjoin(target, target.id == redirect.topic_id)
        .where(ResearchTopic.slug == slug)
    ).first()
    if row is None:
        _raise_moved("topic", slug)
        raise NotFound("There is no such research topic.")
    topic, merged_into = row
    if merged_into is not None and merged_into != topic.slug:
        raise Moved(merged_into)
    return topic


def _raise_moved(kind: str, slug: str) -> None:
    current = moved_to(kind, slug)
    if current is not None:
        raise Moved(current)


def merged_into(topic: ResearchTopic) -> ResearchTopic | None:
    """The topic `topic` was merged into (followed to where its threads are now), or None."""
    return db.session.scalar(
        select(ResearchTopic)
        .join(SlugRedirect, SlugRedirect.topic_id == ResearchTopic.id)
        .where(
            SlugRedirect.kind == "topic",
            SlugRedirect.old_slug == topic.slug,
            ResearchTopic.id != topic.id,
        )
    )


def specialty_by_id(specialty_id: int) -> Specialty:
    """:raises NotFound: no such specialty."""
    specialty = db.session.get(Specialty, specialty_id)
    if specialty is None:
        raise NotFound("There is no such specialty.")
    return specialty


def topic_by_id(topic_id: int) -> ResearchTopic:
    """:raises NotFound: no such research topic."""
    topic = db.session.get(ResearchTopic, topic_id)
    if topic is None:
        raise NotFound("There is no such research topic.")
    return topic


@dataclass(frozen=True, slots=True)
class CuratedTopic:
    """A row of the moderation topics page: the topic, and where it was merged, if it was."""

    topic: ResearchTopic
    merged_into: Tag | None


def curation_topics(page: int, per_page: int = TOPICS_PER_PAGE) -> Page:
    """A page of every topic by name, with the topic each merged one went into: two
    queries (the count, the rows) whatever the page size.

    :raises NotFound: a page past the end.
    """
    total = db.session.scalar(select(func.count()).select_from(ResearchTopic)) or 0
    check_page(page, total, per_page)
    redirect, target, on = _merged()
    rows = db.session.execute(
        select(ResearchTopic, target.slug, target.name)
        .outerjoin(redirect, on)
        .outerjoin(target, target.id == redirect.topic_id)
        .order_by(ResearchTopic.name, ResearchTopic.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [
        CuratedTopic(topic, Tag(slug, name) if slug is not None and slug != topic.slug else None)
        for topic, slug, name in rows
    ]
    return Page(items, page, per_page, total)


def specialty_choices(
    blank: str | None = "— None —", *, open_only: bool = False, keep: int | None = None
) -> list[tuple[int, str]]:
    """(id, name) pairs for a select field, optionally led by a 'none' choice with id 0.

    `open_only` leaves out retired specialties (a new thread's choices), except `keep`
    (the thread's own), which is labelled retired. Profiles keep every specialty: a
    member's own specialty being retired does not change what they practise.
    """
    rows = db.session.execute(
        select(Specialty.id, Specialty.name, Specialty.retired_at).order_by(
            Specialty.position, Specialty.name
        )
    ).all()
    choices = [
        (row.id, RETIRED_LABEL.format(name=row.name) if row.retired_at else row.name)
        for row in rows
        if not (open_only and row.retired_at is not None and row.id != keep)
    ]
    return ([(0, blank)] if blank else []) + choices


def topic_choices(*, open_only: bool = False, keep: Iterable[int] = ()) -> list[tuple[int, str]]:
    """(id, name) pairs by name; `open_only` leaves out retired (and so merged) topics
    except those in `keep` (the thread's own), which are labelled retired."""
    keep = set(keep)
    rows = db.session.execute(
        select(ResearchTopic.id, ResearchTopic.name, ResearchTopic.retired_at).order_by(
            ResearchTopic.name
        )
    ).all()
    return [
        (row.id, RETIRED_LABEL.format(name=row.name) if row.retired_at else row.name)
        for row in rows
        if not (open_only and row.retired_at is not None and row.id not in keep)
    ]


@transactional
def add_specialty(slug: str, name: str, description: str = "", position: int = 0) -> Specialty:
    """A specialty as seeded (the demo, tests): no checks, no audit; the web uses curation."""
    specialty = Specialty(slug=slug, name=name, description=description, position=position)
    db.session.add(specialty)
    return specialty


@transactional
def add_topic(slug: str, name: str, description: str = "") -> ResearchTopic:
    """A topic as seeded (the demo, tests): no checks, no audit; the web uses curation."""
    topic = ResearchTopic(slug=slug, name=name, description=description)
    db.session.add(topic)
    return topic
