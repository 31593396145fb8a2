"""Demo history for the audit log, so that `make run` shows a log and a dashboard with
something in them.

Called by `flask seed-demo` after the threads are written and back-dated. Every entry
describes the demo as it now is (the pinned and locked threads, a title and topics
tidied by a moderator, a specialty's description, a moderator's role) and is written
through audit.record inside one unit of work, dated over the past three weeks. Running
it again adds nothing: an action already in the log for the same target is skipped (so
are the pins and locks if the thread tools already recorded them while seeding).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import audit
from forum.moderation.models import AuditEntry
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import Thread, thread_topics
from forum.unit_of_work import unit_of_work

MODERATOR = "tom_adebayo"
SECOND_MODERATOR = "karin_lindqvist"
ADMIN = "ines_marchetti"
DEMO_SPECIALTY = "cardiology"
# What the description said before the admin rewrote it.
OLD_DESCRIPTION = "Heart rhythm, heart failure, imaging and interventions."


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def _logged(action: str, target_type: str, target_id: int) -> bool:
    return (
        db.session.scalar(
            select(AuditEntry.id).where(
                AuditEntry.action == action,
                AuditEntry.target_type == target_type,
                AuditEntry.target_id == target_id,
            )
        )
        is not None
    )


def _plan() -> list[tuple]:
    """(days ago, actor username, action, target_type, target_id, label, reason, before,
    after) for each entry the demo's current state supports."""
    plan = []
    threads = db.session.execute(
        select(Thread.id, Thread.title, Thread.is_pinned, Thread.is_locked, Thread.specialty_id)
        .where(Thread.deleted_at.is_(None), Thread.space_id.is_(None))
        .order_by(Thread.id)
    ).all()
    for n, thread in enumerate(t for t in threads if t.is_pinned):
        plan.append(
            (
                20 - n,
                MODERATOR,
                "thread.pin",
                "thread",
                thread.id,
                thread.title,
                "A reference thread: kept at the top of its specialty.",
                {"pinned": False},
                {"pinned": True},
            )
        )
    for n, thread in enumerate(t for t in threads if t.is_locked):
        plan.append(
            (
                6 - n,
                SECOND_MODERATOR,
                "thread.lock",
                "thread",
                thread.id,
                thread.title,
                "Answered and summarised; new questions belong in a new thread.",
                {"locked": False},
                {"locked": True},
            )
        )
    plain = [t for t in threads if not (t.is_pinned or t.is_locked)]
    if plain:
        renamed = plain[len(plain) // 3]
        plan.append(
            (
                12,
                MODERATOR,
                "thread.rename",
                "thread",
                renamed.id,
                renamed.title,
                "A title that says what is asked, so that search finds it.",
                {"title": "Quick question?"},
                {"title": renamed.title},
            )
        )
    for thread in plain[len(plain) // 2 :]:
        names = db.session.scalars(
            select(ResearchTopic.name)
            .join(thread_topics, thread_topics.c.topic_id == ResearchTopic.id)
            .where(thread_topics.c.thread_id == thread.id)
            .order_by(ResearchTopic.name)
        ).all()
        if len(names) >= 2:
            plan.append(
                (
                    4,
                    SECOND_MODERATOR,
                    "thread.retag",
                    "thread",
                    thread.id,
                    thread.title,
                    "Added the research topic the discussion is really about.",
                    {"topics": names[:-1]},
                    {"topics": names},
                )
            )
            break
    specialty = db.session.execute(
        select(Specialty.id, Specialty.name, Specialty.description).where(
            Specialty.slug == DEMO_SPECIALTY
        )
    ).first()
    if specialty is not None:
        plan.append(
            (
                15,
                ADMIN,
                "specialty.edit",
                "specialty",
                specialty.id,
                specialty.name,
                "Mentions the devices and algorithms members keep asking about.",
                {"description": OLD_DESCRIPTION},
                {"description": specialty.description},
            )
        )
    second = _user(SECOND_MODERATOR)
    if second is not None and second.has_role("moderator"):
        plan.append(
            (
                21,
                ADMIN,
                "user.roles",
                "user",
                second.id,
                second.username,
                "Joins the moderators: antimicrobial stewardship lead.",
                {"roles": []},
                {"roles": sorted(second.roles)},
            )
        )
    return plan


def seed_demo(now: datetime | None = None) -> int:
    """Write the demo's audit history (once); returns how many entries were added."""
    now = now or utcnow()
    plan = _plan()
    actors = {name: _user(name) for name in {entry[1] for entry in plan}}
    added = 0
    with unit_of_work():
        for days, actor, action, target_type, target_id, label, reason, before, after in plan:
            if actors[actor] is None or _logged(action, target_type, target_id):
                continue
            entry = audit.record(
                actors[actor],
                action,
                target_type,
                target_id,
                label,
                reason=reason,
                before=before,
                after=after,
            )
            # Set before the insert is flushed: entries are never updated afterwards.
            entry.created_at = now - timedelta(
                days=days, hours=3 * added % 9, minutes=17 * added % 60
            )
            added += 1
    return added
