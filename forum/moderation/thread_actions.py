"""Moderators' thread tools: rename, move, retag, delete and restore (merge and split,
which move posts between threads, are in thread_surgery.py).

Each public function is one unit of work that checks itself what the actor may see
(forum/visibility.py) and do (forum/permissions.py), changes the thread through the
threads package's domain steps (counters move in SQL), and writes one audit entry with
the values before and after. Search follows through its change log: a title,
specialty, topics or deleted_at changing, or a post moving to another thread, is
logged at flush (forum/search/changes.py).

Counters: a specialty counts its listed threads and their readable posts, a research
topic its listed threads, a thread its readable replies (threads.service.recount_thread).
"""

from __future__ import annotations

from sqlalchemy import update

from forum import visibility
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Invalid
from forum.extensions import db
from forum.moderation import audit
from forum.moderation.posts import optional_reason
from forum.notifications.notices import notify
from forum.permissions import can_manage_thread, can_move_to_specialty, require
from forum.taxonomy.models import Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from forum.unit_of_work import transactional

NOT_MODERATOR = "Only this thread's moderators can do that."


def require_manageable(actor: User, thread: Thread) -> None:
    """:raises NotFound: the actor may not see it (or a merge emptied it). :raises
    NotAllowed: not its moderator."""
    visibility.require_thread(actor, None if thread.first_post_id is None else thread)
    require(can_manage_thread(actor, thread), NOT_MODERATOR)


def _specialty_name(specialty_id: int) -> str:
    return db.session.get(Specialty, specialty_id).name


def _topic_names(thread: Thread) -> list[str]:
    return sorted(topic.name for topic in threads.with_topics(thread).topics)


def tell_author(actor: User, author_id: int, message: str, link: str | None) -> None:
    """A moderation notice to the author of what was changed, unless they changed it."""
    if author_id != actor.id:
        notify(author_id, message, link=link, actor_id=actor.id)


# ---- rename, move, retag ---------------------------------------------------------------


@transactional
def rename_thread(actor: User, thread: Thread, title: str, reason: str | None = None) -> Thread:
    """Give `thread` a new title (threads.service's title rules).

    :raises NotFound: the actor may not see it. :raises NotAllowed: not its moderator.
    :raises Invalid: a title of the wrong length, or the title it has.
    """
    require_manageable(actor, thread)
    reason = optional_reason(reason)
    title = threads.clean_title(title)
    if title == thread.title:
        raise Invalid("title", "That is the thread's title already.")
    before = thread.title
    thread.title = title
    audit.record(
        actor,
        "thread.rename",
        "thread",
        thread.id,
        title,
        reason=reason,
        before={"title": before},
        after={"title": title},
    )
    return thread


@transactional
def move_thread(
    actor: User, thread: Thread, specialty_id: int | None, reason: str | None = None
) -> Thread:
    """Move `thread` to another specialty; it takes its readable posts' count along.

    :raises NotFound: the actor may not see it. :raises NotAllowed: not a moderator of the
    thread and of the new specialty. :raises Invalid: an unknown or retired specialty, or
    the one it is in.
    """
    require_manageable(actor, thread)
    reason = optional_reason(reason)
    if specialty_id == thread.specialty_id:
        raise Invalid("specialty", "The thread is in that specialty already.")
    new = threads.choose_specialty(specialty_id)
    require(
        can_move_to_specialty(actor, thread, new.id),
        "You can only move threads into specialties you moderate.",
    )
    old = thread.specialty_id
    before = {"specialty_id": old, "specialty": _specialty_name(old)}
    threads.retag(thread, new.id, None)
    audit.record(
        actor,
        "thread.move",
        "thread",
        thread.id,
        thread.title,
        reason=reason,
        before=before,
        after={"specialty_id": new.id, "specialty": new.name},
    )
    return thread


@transactional
def retag_thread(
    actor: User, thread: Thread, topic_ids: list[int], reason: str | None = None
) -> Thread:
    """Give `thread` other research topics (one to five; a retired one only if it had it).

    :raises NotFound: the actor may not see it. :raises NotAllowed: not its moderator.
    :raises Invalid: not 1–5 known topics, a retired new one, or the topics it has.
    """
    require_manageable(actor, thread)
    reason = optional_reason(reason)
    before = _topic_names(thread)
    if set(topic_ids) == {topic.id for topic in thread.topics}:
        raise Invalid("topics", "Those are the thread's topics already.")
    threads.retag(thread, None, topic_ids)
    audit.record(
        actor,
        "thread.retag",
        "thread",
        thread.id,
        thread.title,
        reason=reason,
        before={"topics": before},
        after={"topics": sorted(topic.name for topic in thread.topics)},
    )
    return thread


# ---- delete and restore -----------------------------------------------------------------


def _count_whole_thread(thread: Thread, step: int) -> None:
    """The thread and its readable posts join (+1) or leave (-1) the counters of its
    specialty and research topics."""
    topic_ids = [topic.id for topic in threads.with_topics(thread).topics]
    threads.count_thread(thread.specialty_id, topic_ids, step)
    db.session.execute(
        update(Specialty)
        .where(Specialty.id == thread.specialty_id)
        .values(post_count=Specialty.post_count + step * threads.live_post_count(thread.id)),
        execution_options={"synchronize_session": False},
    )


@transactional
def delete_thread(actor: User, thread: Thread, reason: str | None = None) -> Thread:
    """Delete a whole thread: it leaves every list, count and search, and only its
    moderators can still open it (and restore it). Its posts stay as they are.

    :raises NotFound: the actor may not see it. :raises NotAllowed: not its moderator, or
    it is deleted already. :raises Invalid: a reason too long.
    """
    require_manageable(actor, thread)
    require(not thread.is_deleted, "This thread is deleted already.")
    reason = optional_reason(reason)
    _count_whole_thread(thread, -1)
    thread.deleted_at = utcnow()
    thread.deleted_by_id = actor.id
    audit.record(
        actor,
        "thread.delete",
        "thread",
        thread.id,
        thread.title,
        reason=reason,
        before={"deleted": False},
        after={"deleted": True},
    )
    tell_author(
        actor,
        thread.author_id,
        f"Your thread “{thread.title}” was deleted by a moderator."
        + (f" Reason: {reason}" if reason else ""),
        None,
    )
    db.session.flush()
    return thread


@transactional
def restore_thread(actor: User, thread: Thread, reason: str | None = None) -> Thread:
    """Bring a deleted thread back to lists, counts and search. A thread deleted with its
    opening post (threads.service.delete_post) gets that post back too.

    :raises NotFound: the actor may not see it. :raises NotAllowed: not its moderator, or
    it is not deleted. :raises Invalid: a reason too long.
    """
    require_manageable(actor, thread)
    require(thread.is_deleted, "This thread is not deleted.")
    reason = optional_reason(reason)
    opening = db.session.get(Post, thread.first_post_id)
    if opening.deleted_at is not None and opening.deleted_at == thread.deleted_at:
        opening.deleted_at = None
        opening.deleted_by_id = None
    thread.deleted_at = None
    thread.deleted_by_id = None
    db.session.flush()
    _count_whole_thread(thread, +1)
    audit.record(
        actor,
        "thread.restore",
        "thread",
        thread.id,
        thread.title,
        reason=reason,
        before={"deleted": True},
        after={"deleted": False},
    )
    tell_author(
        actor,
        thread.author_id,
        f"Your thread “{thread.title}” was restored by a moderator.",
        f"/threads/{thread.id}",
    )
    return thread
