"""Merging and splitting threads: the moderators' tools that move posts between threads.

Like thread_actions.py, each public function is one unit of work that checks what the
actor may see and do, moves the posts with threads.service.move_posts (date order
kept, both threads recounted in SQL), keeps the specialties' and topics' counters
right, and writes one audit entry. The search change log re-indexes each moved post in
its new thread (its thread_id changed).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import exists, func, insert, literal, select, update
from sqlalchemy.orm import aliased

from forum import visibility
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotFound
from forum.extensions import db
from forum.moderation import audit
from forum.moderation.models import ThreadRedirect
from forum.moderation.posts import optional_reason
from forum.moderation.thread_actions import require_manageable, tell_author
from forum.notifications.models import Notification, Watch
from forum.permissions import can_merge_threads, can_move_to_specialty, require
from forum.request_guards import MAX_ID
from forum.taxonomy.models import Specialty
from forum.threads import service as threads
from forum.threads.models import THREAD_KINDS, Post, Thread
from forum.unit_of_work import transactional


def _move_post_count(from_id: int, to_id: int, count: int) -> None:
    """Move `count` readable posts from one specialty's post count to another's, in SQL."""
    if from_id == to_id or not count:
        return
    for specialty_id, step in ((from_id, -count), (to_id, count)):
        db.session.execute(
            update(Specialty)
            .where(Specialty.id == specialty_id)
            .values(post_count=Specialty.post_count + step),
            execution_options={"synchronize_session": False},
        )


def _readable_among(post_ids: list[int]) -> int:
    """How many of these posts the specialty counts (not deleted, not hidden)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Post)
        .where(Post.id.in_(post_ids), visibility.readable_posts())
    )


def _follow_notifications(post_ids: list[int], thread_id: int) -> None:
    """Notifications about moved posts now belong to the thread the posts are in."""
    if post_ids:
        db.session.execute(
            update(Notification)
            .where(Notification.post_id.in_(post_ids))
            .values(thread_id=thread_id),
            execution_options={"synchronize_session": False},
        )


# ---- merge ------------------------------------------------------------------------------

# "123", "#123", or an address of the thread or of one of its posts, from this site or
# pasted with its host: /threads/123?page=2, https://…/threads/123#post-9, /posts/456.
_NUMBER = re.compile(r"#?\s*(\d{1,18})")
_ADDRESS = re.compile(r"/(threads|posts)/(\d{1,18})(?:[/.?#]|$)")
TARGET_HELP = "Give the thread's number or paste its address (or the address of one of its posts)."


def _named_thread_id(text: str | None) -> tuple[int, str]:
    """The thread id that `text` names (a post's address names its thread), and what to
    call it when there is no such thing the actor may see ("thread #12", "post #40": a
    post's thread number is not told).

    :raises Invalid: it names none.
    """
    text = (text or "").strip()
    number = _NUMBER.fullmatch(text)
    if number:
        kind, value = "threads", int(number.group(1))
    else:
        path = urlsplit(text).path + "?" if "://" in text else text
        address = _ADDRESS.search(path)
        if address is None:
            raise Invalid("target", TARGET_HELP)
        kind, value = address.group(1), int(address.group(2))
    if kind == "threads":
        return value, f"thread #{value}"
    thread_id = None
    if value <= MAX_ID:  # larger ids cannot exist (and PostgreSQL refuses to compare them)
        thread_id = db.session.scalar(select(Post.thread_id).where(Post.id == value))
    return thread_id or 0, f"post #{value}"


def _merge_refusal(actor: User, source: Thread, target: Thread) -> str | None:
    """Why `source` may not be merged into `target` (None: it may)."""
    if target.id == source.id:
        return "That is this thread: choose the one to merge it into."
    if target.is_deleted:
        return "That thread is deleted: restore it first, or choose another."
    if not can_merge_threads(actor, source, target):
        return "You can only merge into threads of specialties you moderate."
    # Posts keep their date order, so the older thread's opening post would open the
    # merged one: merge the newer thread into the older.
    openings = dict(
        db.session.execute(
            select(Post.thread_id, Post.created_at).where(
                Post.id.in_([source.first_post_id, target.first_post_id])
            )
        ).all()
    )
    if openings[source.id] < openings[target.id]:
        return (
            "That thread started after this one: merge the newer thread into the older, "
            "so that each keeps its opening post first (you can rename it afterwards)."
        )
    return None


def merge_target(actor: User, source: Thread, text: str | None) -> Thread:
    """The thread `text` names, if `source` may be merged into it (a read: changes nothing).

    A merged thread's old number leads to the thread it went into.

    :raises NotFound: the actor may not see `source`. :raises NotAllowed: not its
    moderator. :raises Invalid: `text` names no thread the actor may see, or one that
    `source` may not be merged into (shown beside the field).
    """
    require_manageable(actor, source)
    require(not source.is_deleted, "This thread is deleted: restore it before merging it.")
    thread_id, named = _named_thread_id(text)
    target = _visible_thread(actor, thread_id)
    if target is None and 0 < thread_id <= MAX_ID:
        moved_to = db.session.get(ThreadRedirect, thread_id)
        target = _visible_thread(actor, moved_to.thread_id) if moved_to else None
    if target is None:
        raise Invalid("target", f"There is no {named}.")
    refusal = _merge_refusal(actor, source, target)
    if refusal:
        raise Invalid("target", refusal)
    return target


def _visible_thread(actor: User, thread_id: int) -> Thread | None:
    if not 0 < thread_id <= MAX_ID:
        return None
    try:
        return threads.get_thread(actor, thread_id)
    except NotFound:
        return None


@transactional
def merge_thread(actor: User, source: Thread, target: Thread, reason: str | None = None) -> Thread:
    """Move every post of `source` into `target` (date order kept) and leave `source` an
    emptied, deleted thread whose address answers 301 to `target`. Returns `target`.

    Its watchers watch `target` too (a level set there stays), notifications about its
    posts follow them, and its accepted answer is dropped (answers' posts_moved receiver).

    :raises NotFound: the actor may not see `source` or `target`. :raises NotAllowed: not
    the moderator of `source`. :raises Invalid: a target it may not be merged into.
    """
    require_manageable(actor, source)
    require(not source.is_deleted, "This thread is deleted: restore it before merging it.")
    visibility.require_thread(actor, None if target.first_post_id is None else target)
    refusal = _merge_refusal(actor, source, target)
    if refusal:
        raise Invalid("target", refusal)
    reason = optional_reason(reason)
    posts = list(db.session.scalars(select(Post).where(Post.thread_id == source.id)))
    moved = [post.id for post in posts]
    readable = _readable_among(moved)
    topic_ids = [topic.id for topic in threads.with_topics(source).topics]
    title = source.title

    threads.move_posts(posts, target)
    threads.count_thread(source.specialty_id, topic_ids, -1)
    _move_post_count(source.specialty_id, target.specialty_id, readable)
    source.deleted_at = utcnow()
    source.deleted_by_id = actor.id
    # One hop for every old address: those that led to `source` now lead to `target`.
    db.session.execute(
        update(ThreadRedirect)
        .where(ThreadRedirect.thread_id == source.id)
        .values(thread_id=target.id),
        execution_options={"synchronize_session": False},
    )
    db.session.add(ThreadRedirect(old_thread_id=source.id, thread_id=target.id))
    _carry_watches(source.id, target.id)
    _follow_notifications(moved, target.id)
    audit.record(
        actor,
        "thread.merge",
        "thread",
        source.id,
        title,
        reason=reason,
        before={"thread_id": source.id, "title": title, "posts": len(moved)},
        after={"thread_id": target.id, "title": target.title},
    )
    tell_author(
        actor,
        source.author_id,
        f"Your thread “{title}” was merged by a moderator into “{target.title}”.",
        f"/threads/{target.id}",
    )
    db.session.flush()
    return target


def _carry_watches(source_id: int, target_id: int) -> None:
    """Members watching (or muting) `source` get the same level on `target`, unless they
    set one there; in one INSERT ... SELECT."""
    old, there = aliased(Watch), aliased(Watch)
    already = exists().where(
        there.user_id == old.user_id,
        there.target_kind == "thread",
        there.target_id == target_id,
    )
    rows = select(
        old.user_id, old.target_kind, literal(target_id), old.level, old.created_at
    ).where(old.target_kind == "thread", old.target_id == source_id, ~already)
    db.session.execute(
        insert(Watch).from_select(
            ["user_id", "target_kind", "target_id", "level", "created_at"], rows
        ),
        execution_options={"synchronize_session": False},
    )


# ---- split ------------------------------------------------------------------------------


@transactional
def split_thread(
    actor: User,
    thread: Thread,
    post_ids: list[int],
    *,
    title: str,
    kind: str,
    specialty_id: int | None,
    topic_ids: list[int],
    reason: str | None = None,
) -> Thread:
    """Move the chosen posts of `thread` (never its opening post) into a new thread,
    whose opening post is the earliest of them. Returns the new thread.

    :raises NotFound: the actor may not see `thread`. :raises NotAllowed: not a moderator
    of it and of the new thread's specialty, or it is deleted. :raises Invalid: no posts,
    the opening post, posts of another thread, an unreadable first post, or a bad title,
    kind, specialty or topics.
    """
    require_manageable(actor, thread)
    require(not thread.is_deleted, "This thread is deleted: restore it before splitting it.")
    reason = optional_reason(reason)
    title = threads.clean_title(title)
    if kind not in THREAD_KINDS:
        raise Invalid("kind", "Choose question or discussion.")
    specialty = threads.choose_specialty(specialty_id)
    require(
        can_move_to_specialty(actor, thread, specialty.id),
        "You can only start threads in specialties you moderate.",
    )
    topics = threads.choose_topics(topic_ids)
    posts = _posts_to_split(thread, post_ids)
    moved = [post.id for post in posts]
    first = posts[0]
    readable = _readable_among(moved)

    new = Thread(
        title=title,
        kind=kind,
        specialty_id=specialty.id,
        author_id=first.author_id,
        topics=topics,
        # It began when its first post was written (listings sort by it, as by date).
        created_at=first.created_at,
        last_post_at=first.created_at,
    )
    db.session.add(new)
    db.session.flush()
    threads.count_thread(specialty.id, [topic.id for topic in topics], +1)
    threads.move_posts(posts, new)
    _move_post_count(thread.specialty_id, specialty.id, readable)
    _follow_notifications(moved, new.id)
    audit.record(
        actor,
        "thread.split",
        "thread",
        thread.id,
        thread.title,
        reason=reason,
        before={"thread_id": thread.id, "title": thread.title},
        after={
            "thread_id": new.id,
            "title": title,
            "post_ids": moved,
            "specialty": specialty.name,
            "topics": sorted(topic.name for topic in topics),
        },
    )
    tell_author(
        actor,
        first.author_id,
        f"A moderator moved your post in “{thread.title}” into a new thread, “{title}”.",
        f"/threads/{new.id}",
    )
    db.session.flush()
    return new


def _posts_to_split(thread: Thread, post_ids: list[int]) -> list[Post]:
    """The chosen posts of `thread` in date order.

    :raises Invalid: none, the opening post, one not in the thread, or a first post
    readers cannot read (it opens the new thread).
    """
    wanted = set(post_ids)
    if not wanted:
        raise Invalid("posts", "Tick the posts to move into the new thread.")
    if thread.first_post_id in wanted:
        raise Invalid("posts", "The opening post stays with its thread: untick it.")
    posts = list(
        db.session.scalars(
            select(Post)
            .where(Post.id.in_(wanted), Post.thread_id == thread.id)
            .order_by(Post.created_at, Post.id)
        )
    )
    if len(posts) != len(wanted):
        raise Invalid("posts", "Tick posts of this thread only.")
    if posts[0].is_deleted or posts[0].is_hidden:
        raise Invalid(
            "posts",
            "The earliest post you tick opens the new thread, so it must be one readers "
            "can read (not deleted or hidden).",
        )
    return posts
