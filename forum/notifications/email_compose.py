"""What a notification email says: its lines, its absolute links, its text and HTML parts.

The drains in forum/notifications/email.py decide what is mailed and when; this
module turns notifications into mail. Post text comes from `body_text`, the plain
copy forum/content.py stores, and the HTML part is built from autoescaped templates,
so nothing a member wrote reaches it unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from forum.auth.models import User
from forum.mail import queue_mail
from forum.notifications import notice_links
from forum.notifications.email_preferences import KIND_LABELS
from forum.notifications.models import NOTICE_KINDS, Notification
from forum.notifications.unsubscribe import make_token
from forum.spaces.models import Space
from forum.threads.models import Post, Thread
from forum.visibility import can_read_post, can_see_thread

EXCERPT_CHARS = 300
SUBJECT_CHARS = 200
MESSAGE_CHARS = 500  # a notice's whole message (forum/notifications/notices.py keeps 500)
# Notices (NOTICE_KINDS) by kind: who they are from, in the plain subject of one mailed
# alone ("A message from the Rounds moderators") and in a digest's heading and subject.
# A kind added to NOTICE_KINDS without an entry here is "from Rounds".
NOTICE_SENDERS = {"moderation": "the Rounds moderators", "mentorship": "Rounds mentorship"}


def notice_sender(kind: str) -> str:
    return NOTICE_SENDERS.get(kind, "Rounds")


def notice_subject(kind: str) -> str:
    return f"A message from {notice_sender(kind)}"


# --- links -----------------------------------------------------------------------------------


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for mail, built outside any request (the drains run in the runner).

    As for password-reset links, SERVER_NAME (and PREFERRED_URL_SCHEME) name the site.
    Without it (allowed in debug, or with TRUSTED_HOSTS in production) the first trusted
    host is used, else localhost:5000 (`flask run`'s address).
    """
    config = current_app.config
    if config.get("SERVER_NAME") or has_request_context():
        return url_for(endpoint, _external=True, **values)
    trusted = [host.lstrip(".") for host in config.get("TRUSTED_HOSTS") or () if host]
    adapter = current_app.url_map.bind(
        trusted[0] if trusted else "localhost:5000",
        script_name=config.get("APPLICATION_ROOT") or "/",
        url_scheme=config.get("PREFERRED_URL_SCHEME") or "http",
    )
    return adapter.build(endpoint, values, force_external=True)


def external_link(link: str | None) -> str:
    """A notice's link (a path on this site) as an absolute URL for mail, built as
    external_url builds the others; the notifications page when it leads nowhere."""
    found = notice_links.target(link)
    if found is None:
        return external_url("notifications.index")
    return external_url(found.endpoint, **found.values) + found.suffix


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to
    the URL (forum/notifications/email_views.py accepts that without a CSRF token)."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# --- what a mail says ------------------------------------------------------------------------


@dataclass
class Entry:
    """One notification as a mail shows it."""

    kind: str
    headline: str
    url: str
    excerpt: str
    created_at: datetime


@dataclass
class ThreadGroup:
    """A digest's entries in one thread."""

    title: str
    url: str
    entries: list[Entry] = field(default_factory=list)


def one_line(text: str, limit: int) -> str:
    """`text` on one line (a subject, an excerpt), cut at a word to at most `limit`."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,.;:") + "…"


def headline(notification: Notification, actor: User | None, thread: Thread | None) -> str:
    """What happened, in a line: "Dr Ana Ruiz replied to your post"."""
    who = actor.display_name if actor is not None else "A colleague"
    kind, count = notification.kind, notification.count or 1
    if kind == "reply":
        return f"{who} replied to your post"
    if kind == "watched":
        return f"{who} posted in a thread you watch"
    if kind == "mention":
        return f"{who} mentioned you"
    if kind == "accepted":
        return f"{who} accepted your answer"
    if kind == "helpful":
        if count > 1:
            return f"{count} colleagues found your post helpful"
        return f"{who} found your post helpful"
    if kind == "new_question":
        where = f" in {thread.specialty.name}" if thread is not None else ""
        return f"{who} asked a new question{where}"
    return f"{who}: {kind}"


@dataclass
class Loaded:
    """The rows a batch of notifications needs, each loaded once."""

    users: dict[int, User]
    posts: dict[int, Post]
    threads: dict[int, Thread]


def load_rows(session: Session, notifications: Iterable[Notification]) -> Loaded:
    """Recipients, actors, posts and threads of `notifications`, a query or two each."""
    notifications = list(notifications)
    user_ids = {n.user_id for n in notifications} | {n.actor_id for n in notifications}
    user_ids.discard(None)
    post_ids = {n.post_id for n in notifications if n.post_id is not None}
    thread_ids = {n.thread_id for n in notifications if n.thread_id is not None}
    # Everything the visibility rule reads: the recipient's moderator scopes, the thread's
    # specialty and private space with its members.
    thread_options = (
        joinedload(Thread.specialty),
        selectinload(Thread.space).selectinload(Space.members),
    )
    users = session.scalars(
        select(User).where(User.id.in_(user_ids)).options(selectinload(User.moderator_scopes))
    ).all()
    posts = (
        session.scalars(
            select(Post)
            .where(Post.id.in_(post_ids))
            .options(joinedload(Post.thread).options(*thread_options))
        ).all()
        if post_ids
        else []
    )
    thread_ids -= {post.thread_id for post in posts}
    threads = (
        session.scalars(
            select(Thread).where(Thread.id.in_(thread_ids)).options(*thread_options)
        ).all()
        if thread_ids
        else []
    )
    return Loaded(
        users={user.id: user for user in users},
        posts={post.id: post for post in posts},
        threads={thread.id: thread for thread in [*threads, *(post.thread for post in posts)]},
    )


def is_notice(notification: Notification) -> bool:
    """A notice: a message of its own for its recipient, with no post or thread to show."""
    return notification.kind in NOTICE_KINDS


def entry_for(notification: Notification, recipient: User, rows: Loaded) -> Entry | None:
    """The notification as a mail line, or None when it must not be emailed: read
    already, or no longer visible to the recipient (forum/visibility.py decides).

    A notice's line is its own message and link, whatever became of what it names: it
    quotes no post, and it is its recipient's alone.
    """
    if notification.read_at is not None:
        return None
    if is_notice(notification):
        return Entry(
            kind=notification.kind,
            headline=one_line(notification.message or "", MESSAGE_CHARS),
            url=external_link(notification.link),
            excerpt="",
            created_at=notification.created_at,
        )
    post = rows.posts.get(notification.post_id) if notification.post_id is not None else None
    thread = post.thread if post is not None else rows.threads.get(notification.thread_id)
    if post is not None:
        if not can_read_post(recipient, post):
            return None
        url = external_url("threads.post", post_id=post.id)
        excerpt = one_line(post.body_text, EXCERPT_CHARS)
    elif thread is not None and notification.post_id is None:
        if not can_see_thread(recipient, thread):
            return None
        url, excerpt = external_url("threads.show", thread_id=thread.id), ""
    else:  # its post or thread is gone
        return None
    actor = rows.users.get(notification.actor_id) if notification.actor_id else None
    return Entry(
        kind=notification.kind,
        headline=headline(notification, actor, thread),
        url=url,
        excerpt=excerpt,
        created_at=notification.created_at,
    )


def thread_of(notification: Notification, rows: Loaded) -> Thread:
    """The thread a notification (that entry_for accepted, not a notice) is about."""
    if notification.post_id is not None:
        return rows.posts[notification.post_id].thread
    return rows.threads[notification.thread_id]


def digest_group(notification: Notification, rows: Loaded) -> tuple[int | str, ThreadGroup]:
    """The digest group a notification (that entry_for accepted) goes in, keyed: its
    thread's (by id), or for a notice its kind's, which links to the notifications page."""
    if is_notice(notification):
        title = f"Messages from {notice_sender(notification.kind)}"
        return notification.kind, ThreadGroup(title, external_url("notifications.index"))
    thread = thread_of(notification, rows)
    return thread.id, ThreadGroup(thread.title, external_url("threads.show", thread_id=thread.id))


def may_mail(user: User | None) -> bool:
    """Whether `user` may be sent notification mail at all."""
    # Only confirmed addresses: with EMAIL_VERIFICATION on, an unconfirmed one may be
    # somebody else's, who never asked for this forum's mail.
    return user is not None and user.email_verified_at is not None and bool(user.email)


def queue_notification_mail(
    session: Session,
    recipient: User,
    subject: str,
    template: str,
    *,
    unsubscribe_kind: str,
    **context,
) -> None:
    """Add one mail to the outbox in `session`'s transaction: `template` (.txt and .html
    under notifications/email/) as its parts, and a List-Unsubscribe link that stops
    `unsubscribe_kind` (a kind, or "digest") for `recipient`."""
    unsubscribe_url = external_url(
        "notification_email.unsubscribe", token=make_token(recipient.id, unsubscribe_kind)
    )
    context.update(
        recipient=recipient,
        unsubscribe_url=unsubscribe_url,
        settings_url=external_url("notification_email.settings"),
        kind_labels=KIND_LABELS,
    )
    queue_mail(
        recipient.email,
        one_line(subject, SUBJECT_CHARS),
        render_template(f"notifications/email/{template}.txt", **context),
        render_template(f"notifications/email/{template}.html", **context),
        headers=unsubscribe_headers(unsubscribe_url),
        session=session,
    )
