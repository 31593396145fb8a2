"""Curating specialties and research topics from the web (the moderation pages):
create, edit (name, slug, description), reorder, retire and bring back. Merging topics
is in forum/taxonomy/merging.py.

Each function is one unit of work that checks forum/permissions.py itself and writes
its audit entry (forum/moderation/audit.py), so a change and its record commit
together. Site-wide staff curate everything (can_curate_taxonomy); a specialty's own
moderators edit its name and description (can_edit_specialty). Names and addresses,
their clashes and the redirects old addresses leave are forum/taxonomy/naming.py's.

These modules live in the taxonomy package but are moderation-level services: they
change threads' topics, the search change log, watches and the audit log, so they
import those packages, and nothing below them imports these modules (the taxonomy
package's __init__ does not: its pages are the `curation` blueprint's).
"""

from __future__ import annotations

from sqlalchemy import case, func, select, update

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict
from forum.extensions import db
from forum.moderation import audit
from forum.permissions import (
    active,
    can_curate_taxonomy,
    can_edit_specialty,
    is_moderator,
    require,
)
from forum.taxonomy import naming
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.taxonomy.service import merged_into
from forum.unit_of_work import transactional

CURATORS_ONLY = "Only site-wide moderators curate specialties and research topics."


def can_open_curation(user: User | None) -> bool:
    """The specialties page of moderation: everyone who may edit at least one specialty
    (site-wide staff, and scoped moderators for their own)."""
    return active(user) and is_moderator(user)


# ---- shared steps -----------------------------------------------------------------------


def _create(kind: naming.Kind, actor: User, name: str, slug: str | None, description: str, **extra):
    name = naming.clean_name(name)
    description = naming.clean_description(description)
    slug = naming.slug_for(name, slug)
    naming.check_unique(kind, None, name, slug)
    item = kind.model(name=name, slug=slug, description=description, **extra)
    db.session.add(item)
    naming.flush(kind)
    naming.take_slug(kind, slug)
    audit.record(
        actor,
        f"{kind.name}.create",
        kind.name,
        item.id,
        name,
        after={"name": name, "slug": slug, "description": description},
    )
    return item


def _edit(
    kind: naming.Kind, actor: User, item, name: str, slug: str | None, description: str | None
):
    """Rename (the slug follows the name unless given), re-address and describe `item`."""
    name = naming.clean_name(name)
    description = item.description if description is None else naming.clean_description(description)
    if slug:
        new_slug = naming.clean_slug(slug)
    elif name.lower() != item.name.lower():  # a new name, not just new capitals
        new_slug = naming.slug_for(name, None)
    else:
        new_slug = item.slug
    before = {"name": item.name, "slug": item.slug, "description": item.description}
    after = {"name": name, "slug": new_slug, "description": description}
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return item
    naming.check_unique(kind, item.id, name, new_slug)
    old_slug = item.slug
    item.name, item.slug, item.description = name, new_slug, description
    naming.flush(kind)
    if new_slug != old_slug:
        naming.take_slug(kind, new_slug)
        naming.leave_slug(kind, old_slug, item.id)
        naming.reindex_slug_change(kind, item.id)
    audit.record(
        actor,
        f"{kind.name}.edit",
        kind.name,
        item.id,
        name,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    return item


def _set_retired(kind: naming.Kind, actor: User, item, retired: bool) -> None:
    before = item.retired_at
    item.retired_at = utcnow() if retired else None
    audit.record(
        actor,
        f"{kind.name}.{'retire' if retired else 'unretire'}",
        kind.name,
        item.id,
        item.name,
        before={"retired_at": before},
        after={"retired_at": item.retired_at},
    )


# ---- specialties ------------------------------------------------------------------------


@transactional
def create_specialty(
    actor: User, *, name: str, slug: str | None = None, description: str = ""
) -> Specialty:
    """A new specialty, listed last; its slug is derived from the name unless given.

    :raises NotAllowed: not site-wide staff. :raises Invalid: a bad or taken name or slug.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    last = select(func.coalesce(func.max(Specialty.position), 0) + 1).scalar_subquery()
    return _create(naming.SPECIALTY, actor, name, slug, description, position=last)


@transactional
def edit_specialty(
    actor: User,
    specialty: Specialty,
    *,
    name: str,
    description: str | None = None,
    slug: str | None = None,
) -> Specialty:
    """Change a specialty's name, description and (staff only) slug. A new name gives a
    new slug unless one is given; the old address then answers 301 to the new one.

    :raises NotAllowed: not its moderator, or a scoped moderator giving a slug.
    :raises Invalid: a bad or taken name or slug.
    """
    require(
        can_edit_specialty(actor, specialty.id),
        "Only this specialty's moderators can edit it.",
    )
    if slug:
        require(can_curate_taxonomy(actor), "Only site-wide moderators choose addresses.")
    return _edit(naming.SPECIALTY, actor, specialty, name, slug, description)


@transactional
def move_specialty(actor: User, specialty: Specialty, direction: str) -> Specialty:
    """Move a specialty one place "up" or "down" in the order pages list them; the
    first stays first. Every position is rewritten in one UPDATE, so ties left by
    older data (all 0) become a clean 1..n.

    :raises NotAllowed: not site-wide staff.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    order = list(
        db.session.scalars(
            select(Specialty.id).order_by(Specialty.position, Specialty.name).with_for_update()
        )
    )
    here = order.index(specialty.id)
    there = here - 1 if direction == "up" else here + 1
    if direction not in ("up", "down") or not 0 <= there < len(order):
        return specialty
    order[here], order[there] = order[there], order[here]
    db.session.execute(
        update(Specialty)
        .where(Specialty.id.in_(order))
        .values(position=case({sid: n for n, sid in enumerate(order, 1)}, value=Specialty.id)),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(specialty, ["position"])
    audit.record(
        actor,
        "specialty.reorder",
        "specialty",
        specialty.id,
        specialty.name,
        before={"position": here + 1},
        after={"position": there + 1},
    )
    return specialty


@transactional
def retire_specialty(actor: User, specialty: Specialty) -> Specialty:
    """Retire a specialty: it takes no new threads (threads.service refuses it), its
    page and threads stay readable, marked retired. Retiring it again changes nothing.

    :raises NotAllowed: not site-wide staff. :raises Conflict: the last open specialty.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    if specialty.is_retired:
        return specialty
    others_open = db.session.scalar(
        select(func.count())
        .select_from(Specialty)
        .where(Specialty.retired_at.is_(None), Specialty.id != specialty.id)
    )
    if not others_open:
        raise Conflict(
            f"{specialty.name} is the last specialty that takes new threads: "
            "bring another back or create one first."
        )
    _set_retired(naming.SPECIALTY, actor, specialty, True)
    return specialty


@transactional
def unretire_specialty(actor: User, specialty: Specialty) -> Specialty:
    """Bring a retired specialty back: it takes new threads again.

    :raises NotAllowed: not site-wide staff.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    if specialty.is_retired:
        _set_retired(naming.SPECIALTY, actor, specialty, False)
    return specialty


# ---- research topics --------------------------------------------------------------------


@transactional
def create_topic(
    actor: User, *, name: str, slug: str | None = None, description: str = ""
) -> ResearchTopic:
    """A new research topic; its slug is derived from the name unless given.

    :raises NotAllowed: not site-wide staff. :raises Invalid: a bad or taken name or slug.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    return _create(naming.TOPIC, actor, name, slug, description)


def _not_merged(topic: ResearchTopic) -> None:
    into = merged_into(topic)
    if into is not None:
        raise Conflict(
            f"{topic.name} was merged into {into.name}: its threads are there now. "
            "Bring it back first to use it again."
        )


@transactional
def edit_topic(
    actor: User,
    topic: ResearchTopic,
    *,
    name: str,
    description: str | None = None,
    slug: str | None = None,
) -> ResearchTopic:
    """Rename and describe a research topic (a new name gives a new slug unless one is
    given; the old address answers 301 to the new one).

    :raises NotAllowed: not site-wide staff. :raises Conflict: it was merged away.
    :raises Invalid: a bad or taken name or slug.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    _not_merged(topic)
    return _edit(naming.TOPIC, actor, topic, name, slug, description)


@transactional
def retire_topic(actor: User, topic: ResearchTopic) -> ResearchTopic:
    """Retire a topic: no new thread may choose it; its page and threads stay readable.

    :raises NotAllowed: not site-wide staff.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    if not topic.is_retired:
        _set_retired(naming.TOPIC, actor, topic, True)
    return topic


@transactional
def unretire_topic(actor: User, topic: ResearchTopic) -> ResearchTopic:
    """Bring a retired topic back. A topic merged into another comes back empty (its
    threads stay where the merge put them) and its address stops redirecting.

    :raises NotAllowed: not site-wide staff.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    if not topic.is_retired:
        return topic
    into = merged_into(topic)
    if into is not None:
        naming.take_slug(naming.TOPIC, topic.slug)
    before = topic.retired_at
    topic.retired_at = None
    audit.record(
        actor,
        "topic.unretire",
        "topic",
        topic.id,
        topic.name,
        before={"retired_at": before, **({"merged_into": into.name} if into else {})},
        after={"retired_at": None},
    )
    return topic
