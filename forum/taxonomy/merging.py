"""Merging one research topic into another: every thread retagged in SQL, one
statement per table, in one unit of work with its audit entry and search changes."""

from __future__ import annotations

from sqlalchemy import delete, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Invalid
from forum.extensions import db
from forum.moderation import audit
from forum.notifications.models import Watch
from forum.permissions import can_curate_taxonomy, require
from forum.search.changes import log_threads
from forum.taxonomy import naming
from forum.taxonomy.curation import CURATORS_ONLY
from forum.taxonomy.models import ResearchTopic, SlugRedirect
from forum.taxonomy.service import merged_into
from forum.threads.models import Thread, thread_topics
from forum.unit_of_work import transactional

REASON_LENGTH = 500


def _insert_missing(table):
    """An INSERT that skips rows whose key already exists (ON CONFLICT DO NOTHING)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _recount(topic_ids: list[int]) -> dict[int, int]:
    """Recount the topics' threads in SQL, as the threads service counts them (every
    thread not deleted); returns {topic id: count}."""
    counted = (
        select(func.count())
        .select_from(thread_topics)
        .join(Thread, Thread.id == thread_topics.c.thread_id)
        .where(thread_topics.c.topic_id == ResearchTopic.id, Thread.deleted_at.is_(None))
        .scalar_subquery()
    )
    rows = db.session.execute(
        update(ResearchTopic)
        .where(ResearchTopic.id.in_(topic_ids))
        .values(thread_count=counted)
        .returning(ResearchTopic.id, ResearchTopic.thread_count),
        execution_options={"synchronize_session": False},
    )
    return dict(rows.all())


@transactional
def merge_topics(
    actor: User, source: ResearchTopic, target_id: int | None, reason: str | None = None
) -> ResearchTopic:
    """Merge the topic `source` into the topic `target_id`, returning the target.

    Every thread of the source is retagged with one statement per table: thread_topics
    gains the target for the source's threads that lack it and loses the source's
    rows; members watching the source watch the target (their own level on the target
    wins); both counters are recounted in SQL. The source is retired and its addresses
    (old ones too) answer 301 to the target. The bulk SQL passes the ORM by, so the
    search change log gets the retagged threads here, in the same transaction.

    :raises NotAllowed: not site-wide staff. :raises Invalid: no, the same, a retired
    or a merged target, or the source merged already; a reason too long.
    """
    require(can_curate_taxonomy(actor), CURATORS_ONLY)
    reason = " ".join((reason or "").split()) or None
    if reason and len(reason) > REASON_LENGTH:
        raise Invalid("reason", f"Keep the note under {REASON_LENGTH} characters.")
    # Lock both rows (PostgreSQL): a second merge of the same topic waits, then sees it
    # merged; threads retagged meanwhile wait on the counters.
    topics = {
        topic.id: topic
        for topic in db.session.scalars(
            select(ResearchTopic)
            .where(ResearchTopic.id.in_([source.id, target_id or 0]))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    target = topics.get(target_id) if target_id != source.id else None
    if target is None:
        raise Invalid("target", "Choose another research topic to merge into.")
    merged = merged_into(source)
    if merged is not None:
        raise Invalid("target", f"{source.name} was already merged into {merged.name}.")
    if target.is_retired:
        raise Invalid("target", f"{target.name} is retired: merge into a topic that is open.")
    before = {"thread_count": source.thread_count, "target_thread_count": target.thread_count}

    of_source = thread_topics.c.topic_id == source.id
    log_threads(select(thread_topics.c.thread_id).where(of_source))
    # ON CONFLICT DO NOTHING: a thread that has both keeps one row of the target (also
    # one retagged by a transaction that committed while this one ran).
    db.session.execute(
        _insert_missing(thread_topics)
        .from_select(
            ["thread_id", "topic_id"],
            select(thread_topics.c.thread_id, literal(target.id)).where(of_source),
        )
        .on_conflict_do_nothing()
    )
    db.session.execute(delete(thread_topics).where(of_source))
    counts = _recount([source.id, target.id])
    watching_source = (Watch.target_kind == "topic", Watch.target_id == source.id)
    db.session.execute(
        _insert_missing(Watch.__table__)
        .from_select(
            ["user_id", "target_kind", "target_id", "level", "created_at"],
            select(
                Watch.user_id, literal("topic"), literal(target.id), Watch.level, Watch.created_at
            ).where(*watching_source),
        )
        .on_conflict_do_nothing()
    )
    db.session.execute(delete(Watch).where(*watching_source))
    # Addresses: the source's old ones follow it to the target, and its own joins them.
    db.session.execute(
        update(SlugRedirect)
        .where(SlugRedirect.kind == "topic", SlugRedirect.topic_id == source.id)
        .values(topic_id=target.id)
    )
    naming.leave_slug(naming.TOPIC, source.slug, target.id)
    source.retired_at = source.retired_at or utcnow()
    db.session.expire(target, ["thread_count"])
    db.session.expire(source, ["thread_count"])
    audit.record(
        actor,
        "topic.merge",
        "topic",
        source.id,
        source.name,
        reason=reason,
        before=before,
        after={
            "merged_into": target.name,
            "thread_count": counts.get(source.id, 0),
            "target_thread_count": counts.get(target.id, 0),
        },
    )
    return target
