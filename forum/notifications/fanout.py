"""Fan-out: notification events become notifications after the commit, a few statements each.

Receivers (forum/notifications/listeners.py) write one NotificationEvent row in the
transaction that posted, accepted or marked something, and name this drain
(`after_commit("notifications")`). The drain claims events in SQL, as the mail
sender claims mail (forum/mail/service.py), so two processes never fan out the same
event, and turns each into notifications with INSERT ... SELECT over watches and
users: the same few statements for 10 watchers or 10,000, never an ORM object per
recipient. It then names "notification_mail" in the same transaction, so the email
drain (forum/notifications/email.py) sends what this one created.

For a post P in thread T by author A, who is told (never A, never a member muted on
T, never one who may not read P; at most one notification a member and post, of the
first kind that applies):

1. mention: the members P names as @username (the first MAX_MENTIONS of them);
2. reply (replies only): T's author, and the authors of the posts P quotes;
3. watched (replies only): members whose level on T is watching;
4. new_question (opening posts only): members watching T's specialty or one of its
   topics, and, by default, the mentors whose primary specialty it is when T is a
   question (a mentor's own row for that specialty, at any level, replaces the default).

A member's level on T is their row for T if they have one; else muted when they mute
T's specialty or one of its topics, watching when they watch one, normal otherwise.
An accepted answer tells its author (kind accepted); helpful marks keep one row per
post for its author whose count follows the marks (kind helpful).
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.orm import Session

from forum import content
from forum.answers.models import AcceptedAnswer, HelpfulMark
from forum.auth.models import User
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.notifications.models import Notification, NotificationEvent, Watch
from forum.notifications.statements import readable_by, upsert
from forum.request_guards import MAX_ID
from forum.threads.models import ANSWERABLE_KINDS, Post, Thread, thread_topics
from forum.unit_of_work import after_commit

BATCH = 100
CLAIM_TRIES = 5  # a drain that loses every event it chose to another looks again, this often
# A claim this old belongs to a drain that died (or failed on the event): another may retry it.
STALE = timedelta(minutes=10)
MAX_MENTIONS = 10  # @mentions in one post that notify
MAX_QUOTES = 10  # quoted posts in one reply whose authors are told
# The kinds about a new post, most specific first: a member gets the first that applies.
POST_KINDS = ("mention", "reply", "watched", "new_question")

# A quote (forum/threads/quoting.py) is a block quote ending in a link to the quoted
# post's permalink, /posts/<id> (under the site's path, never another host).
_QUOTE_PARTS = re.compile(r'<(/?)blockquote>|<a href="(?:/[\w.~-]+)*/posts/(\d{1,10})"')

Event = Row  # (id, kind, thread_id, post_id, actor_id) of a NotificationEvent


@dataclass(frozen=True, slots=True)
class Subject:
    """The post an event is about, with what the fan-out reads of it and its thread."""

    post_id: int
    thread_id: int
    post_author_id: int
    body_html: str
    thread_author_id: int
    specialty_id: int
    thread_kind: str
    is_reply: bool


def drain() -> int:
    """Fan out every pending event; returns how many notifications were made or raised.

    Safe to run from several processes at once: each event is claimed by one of them.
    An event whose fan-out fails keeps its claim, and is retried once the claim is STALE.
    """
    made, failed = 0, None
    # Its own session: the drain commits event by event and never the caller's work.
    with Session(db.engine, expire_on_commit=False) as session:
        while True:
            token = secrets.token_hex(16)
            events = _claim(session, token, utcnow())
            for event in events:
                try:
                    made += _fan_out(session, event, token)
                except Exception as error:  # noqa: BLE001 - one bad event must not hold up the rest
                    current_app.logger.exception(
                        "fan-out of notification event %s failed", event.id
                    )
                    failed = failed or error
            if len(events) < BATCH:
                break
    if failed is not None:
        raise failed  # the runner logs it (and the tests see it); the event waits for STALE
    return made


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(NotificationEvent.claimed_at.is_(None), NotificationEvent.claimed_at < now - STALE)


def _claim(session: Session, token: str, now: datetime) -> list[Event]:
    """Mark up to BATCH pending events as this drain's and return them (none: nothing pending)."""
    events = NotificationEvent
    for _ in range(CLAIM_TRIES):
        ids = list(
            session.scalars(
                select(events.id).where(_claimable(now)).order_by(events.id).limit(BATCH)
            )
        )
        session.rollback()  # end the read; the claim below is its own short transaction
        if not ids:
            return []
        # The UPDATE repeats the "claimable" test, so only events still unclaimed when it
        # runs get our token: a concurrent drain's UPDATE of the same rows waits for ours
        # to commit (PostgreSQL then re-checks its WHERE; SQLite has one writer at a time)
        # and matches none of them. Each event has exactly one holder.
        claimed = session.execute(
            update(events)
            .where(events.id.in_(ids), _claimable(now))
            .values(claim_token=token, claimed_at=now)
            .returning(events.id, events.kind, events.thread_id, events.post_id, events.actor_id)
            .execution_options(synchronize_session=False)
        ).all()
        # Committed before any event is fanned out: no read is left open to go stale while
        # another drain writes (SQLite would then refuse this one's next write).
        session.commit()
        if claimed:
            return sorted(claimed, key=lambda event: event.id)
        # Another drain claimed all of these first: look again past its claim.
    return []


def _fan_out(session: Session, event: Event, token: str) -> int:
    """Turn one claimed event into notifications and delete it, in one transaction."""
    handler = _HANDLERS.get(event.kind)
    try:
        # The event goes first, in the same transaction: a write, so SQLite's write lock
        # is taken before anything is read, and a rollback brings the event back. No row:
        # our claim went stale and another drain took the event over.
        ours = session.execute(
            delete(NotificationEvent).where(
                NotificationEvent.id == event.id, NotificationEvent.claim_token == token
            )
        ).rowcount
        made = handler(session, event, utcnow()) if ours and handler is not None else 0
        if made:
            after_commit("notification_mail", session)  # harmless when nothing sends email
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return made


# ---- who hears about what ---------------------------------------------------------
# Each statement is built once, with bound parameters (:the_thread, :the_post, ...) that
# every event fills in (_params): building one cost far more than running it.

# Core tables, not ORM entities: a statement run with a dict of parameters stays one
# statement (the ORM would read the dict as rows for a bulk INSERT or UPDATE).
_watches = Watch.__table__
_users = User.__table__
_posts = Post.__table__
_notifications = Notification.__table__


def _subject(session: Session, post_id: int | None) -> Subject | None:
    row = session.execute(_SUBJECT, {"the_post": post_id}).first()
    if row is None:  # deleted for good since
        return None
    return Subject(*row[:7], is_reply=row.first_post_id != row.id)


_SUBJECT = (
    select(
        Post.id,
        Post.thread_id,
        Post.author_id,
        Post.body_html,
        Thread.author_id,
        Thread.specialty_id,
        Thread.kind,
        Thread.first_post_id,
    )
    .join(Thread, Thread.id == Post.thread_id)
    .where(Post.id == bindparam("the_post"))
)


def quoted_post_ids(html: str) -> list[int]:
    """Ids of the posts that rendered `html` quotes (links to them inside block quotes)."""
    ids: dict[int, None] = {}
    depth = 0
    for part in _QUOTE_PARTS.finditer(html):
        if part[2] is None:
            depth = max(0, depth - 1) if part[1] else depth + 1
        elif depth and int(part[2]) <= MAX_ID:
            ids.setdefault(int(part[2]), None)
    return list(ids)[:MAX_QUOTES]


def _params(subject: Subject, event: Event, now: datetime) -> dict:
    return {
        "the_thread": subject.thread_id,
        "the_post": subject.post_id,
        "the_specialty": subject.specialty_id,
        "thread_author": subject.thread_author_id,
        "post_author": subject.post_author_id,
        "the_actor": event.actor_id,
        "now": now,
        "names": content.mentioned_names(subject.body_html)[:MAX_MENTIONS],
        "quoted": quoted_post_ids(subject.body_html) if subject.is_reply else [],
    }


def _thread_row(user_id, level: str | None = None) -> ColumnElement[bool]:
    """`user_id` has a watch row for the thread (at `level`, if given)."""
    watch = _watches.alias()
    where = [
        watch.c.user_id == user_id,
        watch.c.target_kind == "thread",
        watch.c.target_id == bindparam("the_thread"),
    ]
    if level is not None:
        where.append(watch.c.level == level)
    return exists().where(*where)


def _of_categories(watch) -> ColumnElement[bool]:
    """`watch` (an alias of watches) is a row for the thread's specialty or one of its topics."""
    topics = select(thread_topics.c.topic_id).where(
        thread_topics.c.thread_id == bindparam("the_thread")
    )
    return or_(
        and_(watch.c.target_kind == "specialty", watch.c.target_id == bindparam("the_specialty")),
        and_(watch.c.target_kind == "topic", watch.c.target_id.in_(topics.scalar_subquery())),
    )


def _muted(user_id) -> ColumnElement[bool]:
    """`user_id`'s level on the thread is muted: their row for it, or, without one, a muted
    specialty or topic of it."""
    watch = _watches.alias()
    category_muted = exists().where(
        watch.c.user_id == user_id, watch.c.level == "muted", _of_categories(watch)
    )
    return or_(_thread_row(user_id, "muted"), and_(~_thread_row(user_id), category_muted))


def _told(user_id, kinds: tuple[str, ...]) -> ColumnElement[bool]:
    told = Notification.__table__.alias()
    return exists().where(
        told.c.user_id == user_id,
        told.c.post_id == bindparam("the_post"),
        told.c.kind.in_(kinds),
    )


@functools.cache
def _telling(kind: str, recipients: str, dialect: str):
    """INSERT ... SELECT: a `kind` notification about :the_post for each member `recipients`
    names (a key of _RECIPIENTS) who is not the actor, may read the post, is not muted on
    its thread and has not been told about it yet (in a kind that rules this one out)."""
    candidates = _RECIPIENTS[recipients]().subquery()
    user_id = candidates.c.user_id
    already = POST_KINDS if kind in POST_KINDS else (kind,)
    rows = (
        select(
            user_id,
            literal(kind),
            bindparam("the_thread", type_=Integer),
            bindparam("the_post", type_=Integer),
            bindparam("the_actor", type_=Integer),
            literal(1, Integer),
            bindparam("now", type_=UTCDateTime()),
        )
        .select_from(candidates)
        .join(Post, Post.id == bindparam("the_post"))
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            user_id != func.coalesce(bindparam("the_actor", type_=Integer), 0),
            readable_by(user_id),
            ~_muted(user_id),
            ~_told(user_id, already),
        )
    )
    columns = ["user_id", "kind", "thread_id", "post_id", "actor_id", "count", "created_at"]
    # DO NOTHING: a drain in another process telling the same member about the same post
    # at the same moment (the unique index) leaves one row, not an error.
    return upsert(_notifications, dialect).from_select(columns, rows).on_conflict_do_nothing()


def _tell(session: Session, kind: str, recipients: str, params: dict) -> int:
    statement = _telling(kind, recipients, session.get_bind().dialect.name)
    return session.execute(statement, params).rowcount


def _mentioned() -> Select:
    """The members the post names (:names, lower-cased)."""
    return select(_users.c.id.label("user_id")).where(
        func.lower(_users.c.username).in_(bindparam("names", expanding=True))
    )


def _replied_to() -> Select:
    """The thread's author, and the authors of the posts the reply quotes (:quoted)."""
    quoted = select(_posts.c.author_id).where(_posts.c.id.in_(bindparam("quoted", expanding=True)))
    return select(_users.c.id.label("user_id")).where(
        or_(_users.c.id == bindparam("thread_author"), _users.c.id.in_(quoted.scalar_subquery()))
    )


def _watching() -> Select:
    """Members whose level on the thread is watching (muted ones are left out by _telling):
    their row for it says so, or, without one, they watch its specialty or a topic of it."""
    watch = _watches.alias()
    on_thread = and_(
        watch.c.target_kind == "thread",
        watch.c.target_id == bindparam("the_thread"),
        watch.c.level == "watching",
    )
    inherited = and_(
        watch.c.level == "watching", _of_categories(watch), ~_thread_row(watch.c.user_id)
    )
    return select(watch.c.user_id.label("user_id")).where(or_(on_thread, inherited)).distinct()


def _watching_categories() -> Select:
    """Members watching the new thread's specialty or a topic of it."""
    watch = _watches.alias()
    return (
        select(watch.c.user_id.label("user_id"))
        .where(watch.c.level == "watching", _of_categories(watch))
        .distinct()
    )


def _watching_categories_or_mentoring() -> Select:
    """As _watching_categories, and the mentors of the specialty (for a new question) who
    have no row of their own for it: their default."""
    watch, own = _watches.alias(), _watches.alias()
    watchers = select(watch.c.user_id.label("user_id")).where(
        watch.c.level == "watching", _of_categories(watch)
    )
    chose = exists().where(
        own.c.user_id == _users.c.id,
        own.c.target_kind == "specialty",
        own.c.target_id == bindparam("the_specialty"),
    )
    mentors = select(_users.c.id.label("user_id")).where(
        _users.c.specialty_id == bindparam("the_specialty"),
        # has_role(user, "mentor") in SQL: roles are whole words, and no other contains it.
        _users.c.roles.contains("mentor"),
        ~chose,
    )
    return select(union(watchers, mentors).subquery().c.user_id)


def _accepted_author() -> Select:
    """The post's author while it is still the accepted answer."""
    return (
        select(_posts.c.author_id.label("user_id"))
        .join(AcceptedAnswer, AcceptedAnswer.post_id == _posts.c.id)
        .where(_posts.c.id == bindparam("the_post"))
    )


def _marks():
    return (
        select(func.count())
        .select_from(HelpfulMark)
        .where(HelpfulMark.post_id == bindparam("the_post"))
        .scalar_subquery()
    )


def _marked_author() -> Select:
    """The post's author while anyone marks it helpful."""
    return select(_users.c.id.label("user_id")).where(
        _users.c.id == bindparam("post_author"), _marks() > 0
    )


_RECIPIENTS: dict[str, Callable[[], Select]] = {
    "mentioned": _mentioned,
    "replied_to": _replied_to,
    "watching": _watching,
    "watching_categories": _watching_categories,
    "watching_categories_or_mentoring": _watching_categories_or_mentoring,
    "accepted_author": _accepted_author,
    "marked_author": _marked_author,
}


def _post_added(session: Session, event: Event, now: datetime) -> int:
    subject = _subject(session, event.post_id)
    if subject is None:
        return 0
    params = _params(subject, event, now)
    made = _tell(session, "mention", "mentioned", params) if params["names"] else 0
    if subject.is_reply:
        made += _tell(session, "reply", "replied_to", params)
        made += _tell(session, "watched", "watching", params)
    else:
        question = subject.thread_kind in ANSWERABLE_KINDS
        audience = "watching_categories_or_mentoring" if question else "watching_categories"
        made += _tell(session, "new_question", audience, params)
    return made


def _post_edited(session: Session, event: Event, now: datetime) -> int:
    """Mentions an edit added: members named now and not yet told about the post."""
    subject = _subject(session, event.post_id)
    if subject is None:
        return 0
    params = _params(subject, event, now)
    return _tell(session, "mention", "mentioned", params) if params["names"] else 0


def _accepted(session: Session, event: Event, now: datetime) -> int:
    subject = _subject(session, event.post_id)
    if subject is None:
        return 0
    return _tell(session, "accepted", "accepted_author", _params(subject, event, now))


def _helpful(session: Session, event: Event, now: datetime) -> int:
    """Bring the author's one helpful notification for the post to the number of marks.

    The count is read from the marks themselves, not added to, so events handled late,
    twice or out of order (a mark and its removal) still end at the truth. A rising count
    makes the notification new again; no marks left removes it.
    """
    subject = _subject(session, event.post_id)
    if subject is None:
        return 0
    params = _params(subject, event, now)
    made = _tell(session, "helpful", "marked_author", params)
    session.execute(_HELPFUL_GONE, params)
    return made + session.execute(_HELPFUL_COUNTED, params).rowcount


def _helpful_row() -> ColumnElement[bool]:
    return and_(
        _notifications.c.user_id == bindparam("post_author"),
        _notifications.c.post_id == bindparam("the_post"),
        _notifications.c.kind == "helpful",
    )


_HELPFUL_GONE = delete(_notifications).where(_helpful_row(), _marks() == 0)
_rising = _marks() > _notifications.c.count
_HELPFUL_COUNTED = (
    update(_notifications)
    .where(_helpful_row(), _notifications.c.count != _marks())
    .values(
        count=_marks(),
        read_at=case((_rising, null()), else_=_notifications.c.read_at),
        created_at=case(
            (_rising, bindparam("now", type_=UTCDateTime())), else_=_notifications.c.created_at
        ),
        actor_id=case(
            (_rising, bindparam("the_actor", type_=Integer)), else_=_notifications.c.actor_id
        ),
    )
)


_HANDLERS: dict[str, Callable[[Session, Event, datetime], int]] = {
    "post_added": _post_added,
    "post_edited": _post_edited,
    "accepted": _accepted,
    "helpful": _helpful,
}
