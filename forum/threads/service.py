"""Writing threads and posts: every rule and counter lives here, and each function commits."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from forum import content, ratelimit
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotFound, RateLimited
from forum.extensions import db
from forum.permissions import can_delete_post, can_edit_post, can_moderate, is_staff, require
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import THREAD_KINDS, Post, PostRevision, Thread

LOCKED_MESSAGE = "This thread is locked: it no longer takes replies."


def get_thread(thread_id: int) -> Thread:
    """:raises NotFound: no such thread."""
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        raise NotFound("There is no such thread.")
    return thread


def get_post(post_id: int) -> Post:
    """The post with its thread loaded, ready for permission checks.

    :raises NotFound: no such post.
    """
    row = db.session.execute(
        select(Post, Thread).join(Thread, Post.thread_id == Thread.id).where(Post.id == post_id)
    ).first()
    if row is None:
        raise NotFound("There is no such post.")
    post, thread = row
    post.thread = thread
    return post


def _check_post_rate(author: User) -> None:
    """:raises RateLimited: when `author` posted too often in the window (staff are exempt)."""
    if is_staff(author):
        return
    limit = current_app.config["POST_LIMIT"]
    window = current_app.config["POST_LIMIT_WINDOW"]
    since = utcnow() - timedelta(seconds=window)
    recent, oldest = db.session.execute(
        select(func.count(), func.min(Post.created_at)).where(
            Post.author_id == author.id, Post.created_at > since
        )
    ).one()
    if recent >= limit:
        wait = ratelimit.retry_after(oldest, window)
        raise RateLimited(
            f"You are posting very quickly. Please wait {wait} seconds and try again.", wait
        )


def _rendered(body: str) -> tuple[str, str]:
    html = content.render_markdown(body)
    return html, content.html_to_text(html)


def _add_post(thread_id: int, author: User, body: str, *, is_reply: bool) -> Post:
    """Insert the next post of a thread and bump the thread and specialty counters in SQL."""
    now = utcnow()
    # One UPDATE both reserves the post number and moves the counters, so two
    # concurrent replies can never get the same number or lose an increment.
    number = db.session.execute(
        update(Thread)
        .where(Thread.id == thread_id)
        .values(
            post_count=Thread.post_count + 1,
            reply_count=Thread.reply_count + (1 if is_reply else 0),
            last_post_at=now,
            last_poster_id=author.id,
        )
        .returning(Thread.post_count, Thread.specialty_id),
        execution_options={"synchronize_session": False},
    ).one()
    db.session.execute(
        update(Specialty)
        .where(Specialty.id == number.specialty_id)
        .values(post_count=Specialty.post_count + 1, last_activity_at=now),
        execution_options={"synchronize_session": False},
    )
    html, text = _rendered(body)
    post = Post(
        thread_id=thread_id,
        number=number.post_count,
        author_id=author.id,
        body_md=body,
        body_html=html,
        body_text=text,
        created_at=now,
    )
    db.session.add(post)
    return post


def start_thread(
    author: User,
    *,
    title: str,
    specialty_id: int,
    topic_ids: list[int],
    kind: str,
    body: str,
) -> Thread:
    """Open a thread with its first post.

    :raises Invalid: unknown specialty, topic or kind. :raises RateLimited: posting too fast.
    """
    title = _clean_title(title)
    if kind not in THREAD_KINDS:
        raise Invalid("kind", "Choose question or discussion.")
    if db.session.get(Specialty, specialty_id) is None:
        raise Invalid("specialty", "Choose a specialty from the list.")
    wanted = set(topic_ids)
    if not 1 <= len(wanted) <= 5:
        raise Invalid("topics", "Choose between one and five research topics.")
    topics = list(db.session.scalars(select(ResearchTopic).where(ResearchTopic.id.in_(wanted))))
    if len(topics) != len(wanted):
        raise Invalid("topics", "Choose research topics from the list.")
    _check_post_rate(author)

    thread = Thread(
        title=title, kind=kind, specialty_id=specialty_id, author_id=author.id, topics=topics
    )
    db.session.add(thread)
    db.session.flush()
    db.session.execute(
        update(Specialty)
        .where(Specialty.id == specialty_id)
        .values(thread_count=Specialty.thread_count + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(ResearchTopic)
        .where(ResearchTopic.id.in_(wanted))
        .values(thread_count=ResearchTopic.thread_count + 1),
        execution_options={"synchronize_session": False},
    )
    _add_post(thread.id, author, body, is_reply=False)
    db.session.commit()
    return thread


def reply_to_thread(author: User, thread: Thread, body: str) -> Post:
    """Add a reply.

    :raises Conflict: the thread is locked. :raises RateLimited: posting too fast.
    """
    if thread.is_locked and not is_staff(author):
        raise Conflict(LOCKED_MESSAGE)
    require(author.is_authenticated, "Log in to reply.")
    _check_post_rate(author)
    post = _add_post(thread.id, author, body, is_reply=True)
    db.session.commit()
    return post


def _clean_title(title: str) -> str:
    """:raises Invalid: when the title (spaces collapsed) is not 10–200 characters."""
    title = " ".join(title.split())
    if not 10 <= len(title) <= 200:
        raise Invalid("title", "Titles are 10–200 characters.")
    return title


def edit_post(editor: User, post: Post, body: str, *, title: str | None = None) -> Post:
    """Replace a post's body, keeping the previous version in its history; for the opening
    post, `title` (when given) also renames the thread.

    :raises NotAllowed: not the author (or staff), or the post is deleted or locked.
    :raises Invalid: a title of the wrong length, or a title for a reply.
    """
    require(can_edit_post(editor, post), "You can only edit your own posts in open threads.")
    if title is not None:
        if post.number != 1:
            raise Invalid("title", "Only the opening post carries the thread's title.")
        title = _clean_title(title)
        if title != post.thread.title:
            post.thread.title = title  # the search change log picks the rename up
    if body == post.body_md:
        db.session.commit()
        return post
    db.session.add(
        PostRevision(
            post_id=post.id,
            number=post.edit_count + 1,
            body_md=post.body_md,
            body_html=post.body_html,
            created_at=post.edited_at or post.created_at,
            editor_id=post.edited_by_id or post.author_id,
        )
    )
    post.body_md = body
    post.body_html, post.body_text = _rendered(body)
    post.edited_at = utcnow()
    post.edited_by_id = editor.id
    post.edit_count = Post.edit_count + 1
    db.session.commit()
    return post


def delete_post(actor: User, post: Post) -> Post:
    """Soft-delete: the post stays in place as a placeholder and leaves the counters.

    :raises NotAllowed: not the author (or staff), or already deleted.
    """
    require(can_delete_post(actor, post), "You can only delete your own posts in open threads.")
    post.deleted_at = utcnow()
    post.deleted_by_id = actor.id
    thread = post.thread
    if post.number > 1:
        db.session.execute(
            update(Thread).where(Thread.id == thread.id).values(reply_count=Thread.reply_count - 1),
            execution_options={"synchronize_session": False},
        )
    db.session.execute(
        update(Specialty)
        .where(Specialty.id == thread.specialty_id)
        .values(post_count=Specialty.post_count - 1),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return post


def set_thread_state(
    actor: User, thread: Thread, *, pinned: bool | None = None, locked: bool | None = None
) -> Thread:
    """Pin/unpin or lock/unlock a thread. :raises NotAllowed: not staff."""
    require(can_moderate(actor, thread), "Only moderators can pin or lock threads.")
    if pinned is not None:
        thread.is_pinned = pinned
    if locked is not None:
        thread.is_locked = locked
    db.session.commit()
    return thread


def preview(body: str) -> str:
    """Rendered HTML for the preview pane (nothing is stored)."""
    return content.render_markdown(body)
