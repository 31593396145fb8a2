"""Names and addresses of specialties and research topics, for the curation services.

Names and slugs are unique regardless of case: check_unique looks first, for a message
beside the field, and the database's lower() unique indexes enforce it; their refusal
(two curators at once) becomes the same kind of message in flush, never a 500. A slug
given up by a rename stays behind as a SlugRedirect to the specialty or topic (by id,
so chains of renames answer in one hop); a slug taken by anything stops redirecting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, true
from sqlalchemy.exc import IntegrityError

from forum.exceptions import Invalid
from forum.extensions import db
from forum.search.changes import log_threads
from forum.taxonomy.models import ResearchTopic, SlugRedirect, Specialty
from forum.taxonomy.service import SLUG_LENGTH, SLUG_PATTERN, slugify
from forum.threads.models import Thread, thread_topics

NAME_LENGTH = (2, 80)
DESCRIPTION_LENGTH = 1000


@dataclass(frozen=True)
class Kind:
    name: str  # SlugRedirect.kind and the audit target type
    model: type
    label: str  # in messages
    path: str  # the page's address, for messages
    redirect_column: str  # SlugRedirect's column pointing at the model


SPECIALTY = Kind("specialty", Specialty, "specialty", "/specialties/", "specialty_id")
TOPIC = Kind("topic", ResearchTopic, "research topic", "/topics/", "topic_id")


# ---- what was typed --------------------------------------------------------------------


def clean_name(name: str | None) -> str:
    """:raises Invalid: shorter than 2 or longer than 80 characters."""
    name = " ".join((name or "").split())
    low, high = NAME_LENGTH
    if not low <= len(name) <= high:
        raise Invalid("name", f"Names are {low}–{high} characters.")
    return name


def clean_description(description: str | None) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_LENGTH:
        raise Invalid("description", f"Keep the description under {DESCRIPTION_LENGTH} characters.")
    return description


def clean_slug(slug: str | None) -> str:
    """A given address, lowercased. :raises Invalid: not lowercase letters, digits and
    single hyphens, or longer than 60 characters."""
    slug = (slug or "").strip().lower()
    if len(slug) > SLUG_LENGTH or not re.match(SLUG_PATTERN, slug):
        raise Invalid(
            "slug",
            f"Use lowercase letters, digits and single hyphens (like heart-rhythm), "
            f"up to {SLUG_LENGTH} characters.",
        )
    return slug


def slug_for(name: str, slug: str | None) -> str:
    """The given slug, else the one the name gives. :raises Invalid: neither works."""
    if slug:
        return clean_slug(slug)
    derived = slugify(name)
    if not derived:
        raise Invalid("slug", "This name gives no address: type one (like heart-rhythm).")
    return derived


def check_unique(kind: Kind, own_id: int | None, name: str, slug: str) -> None:
    """:raises Invalid: another specialty (or topic) has this name or slug, in any case."""
    model = kind.model
    clashes = db.session.execute(
        select(model.name, model.slug, model.retired_at).where(
            or_(func.lower(model.name) == name.lower(), func.lower(model.slug) == slug.lower()),
            model.id != own_id if own_id is not None else true(),
        )
    ).all()
    for other in clashes:
        if other.name.lower() == name.lower():
            raise Invalid(
                "name", f"Another {kind.label} is already called “{other.name}”{_retired(other)}."
            )
    for other in clashes:
        raise Invalid(
            "slug",
            f"The address {kind.path}{slug} belongs to “{other.name}”{_retired(other)}: "
            "choose another name or address.",
        )


def _retired(row) -> str:
    return " (retired)" if row.retired_at is not None else ""


def flush(kind: Kind) -> None:
    """Flush the change. :raises Invalid: the unique indexes refused it after our check
    passed (another curator committed the same name or slug meanwhile)."""
    try:
        db.session.flush()
    except IntegrityError as error:
        field = "slug" if "slug" in str(error.orig).lower() else "name"
        what = "address" if field == "slug" else "name"
        raise Invalid(field, f"Another {kind.label} has just taken this {what}.") from error


# ---- addresses --------------------------------------------------------------------------


def take_slug(kind: Kind, slug: str) -> None:
    """A slug now in use stops redirecting to whatever had it before."""
    db.session.execute(
        delete(SlugRedirect).where(SlugRedirect.kind == kind.name, SlugRedirect.old_slug == slug)
    )


def leave_slug(kind: Kind, old_slug: str, target_id: int) -> None:
    """`old_slug` (just given up) now answers 301 to the specialty or topic `target_id`."""
    take_slug(kind, old_slug)
    db.session.add(
        SlugRedirect(kind=kind.name, old_slug=old_slug, **{kind.redirect_column: target_id})
    )


def reindex_slug_change(kind: Kind, item_id: int) -> None:
    """Search documents carry the specialty's and topics' slugs: log their threads."""
    if kind.name == "specialty":
        log_threads(select(Thread.id).where(Thread.specialty_id == item_id))
    else:
        log_threads(select(thread_topics.c.thread_id).where(thread_topics.c.topic_id == item_id))
