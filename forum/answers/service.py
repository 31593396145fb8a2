"""Accepting answers and marking posts helpful: the rules and the writes.

Each function is one unit of work (forum/unit_of_work.py) that checks what the actor
may see (forum/visibility.py) and do (forum/permissions.py), writes, and announces
what happened (forum/events.py) for notifications and the rest to act on in the
same transaction. Asking twice for what is already so (accepting the accepted
answer, marking a post twice, unmarking a post never marked) changes nothing and
announces nothing: a double click or a resubmitted form is not an error.

Accepted answers are written through the ORM, so the search change log (a flush
listener, forum/search/changes.py) sees them. Helpful marks and their counts are
written with Core statements that make concurrent marks add up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from forum import events, visibility
from forum.answers.models import AcceptedAnswer, HelpfulCount, HelpfulMark
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.permissions import can_accept_answer, can_mark_helpful, can_post, require, signed_in
from forum.spaces.models import Space
from forum.threads.models import Post, Thread
from forum.unit_of_work import in_unit_of_work, transactional

if TYPE_CHECKING:
    from forum.auth.models import User

DISCUSSION_REFUSAL = "Discussions have no accepted answer."


# ---- loading what the checks read -------------------------------------------------


def _thread_query():
    # A private thread's visibility check reads its space's members.
    return select(Thread).options(joinedload(Thread.space).selectinload(Space.members))


def _with_thread(post: Post) -> Post:
    """`post` with its thread (and a private thread's members) loaded.

    Views pass posts from threads.service.get_post, but a commit in between (the
    retry in accept_answer, a test's factory) expires what was loaded: reload it
    rather than trust the caller.
    """
    if "thread" not in post.__dict__:
        set_committed_value(
            post, "thread", db.session.scalar(_thread_query().where(Thread.id == post.thread_id))
        )
    thread = post.thread
    if thread.space_id is not None and "space" not in thread.__dict__:
        space = db.session.scalar(
            select(Space).where(Space.id == thread.space_id).options(selectinload(Space.members))
        )
        set_committed_value(thread, "space", space)
    return post


# ---- accepted answers -------------------------------------------------------------


def acceptance_refusal(actor: User | None, post: Post) -> str:
    """Why `actor` may not accept (or withdraw) `post` as its question's answer."""
    thread = post.thread
    if not thread.is_answerable:
        return DISCUSSION_REFUSAL
    if post.is_opening:
        return "The question itself cannot be its answer: accept a reply."
    if post.is_deleted or post.is_hidden:
        return "A deleted or hidden reply cannot be the accepted answer."
    if signed_in(actor) and thread.author_id == actor.id and thread.is_locked:
        return "This thread is locked: only a moderator can change its accepted answer."
    return "Only the person who asked, or a moderator, can accept an answer."


def _check_acceptance(actor: User, post: Post) -> Thread:
    visibility.require_post(actor, _with_thread(post))
    require(can_accept_answer(actor, post), acceptance_refusal(actor, post))
    return post.thread


def accepted_answer(thread_id: int) -> AcceptedAnswer | None:
    """The accepted answer row of a thread, if it has one."""
    return db.session.get(AcceptedAnswer, thread_id)


@transactional
def _accept(actor: User, post: Post) -> AcceptedAnswer:
    thread = _check_acceptance(actor, post)
    answer = accepted_answer(thread.id)
    if answer is not None and answer.post_id == post.id:
        return answer  # already the accepted answer
    previous_post_id = answer.post_id if answer is not None else None
    if answer is None:
        answer = AcceptedAnswer(thread_id=thread.id, post_id=post.id, accepted_by_id=actor.id)
        db.session.add(answer)
    else:
        answer.post_id = post.id
        answer.accepted_by_id = actor.id
        answer.accepted_at = utcnow()
    db.session.flush()
    events.answer_accepted.send(
        None, thread=thread, post=post, actor=actor, previous_post_id=previous_post_id
    )
    return answer


def accept_answer(actor: User, post: Post) -> AcceptedAnswer:
    """Make the reply `post` its question's accepted answer, replacing the one before.

    :raises NotFound: the actor may not see the post. :raises NotAllowed: a discussion,
        the question itself, a deleted or hidden reply, or an actor who is neither the
        asker (while the thread is open) nor its moderator.
    """
    try:
        return _accept(actor, post)
    except IntegrityError:
        # Two first acceptances at once: both saw no row and inserted, and the thread's
        # primary key failed the later one (rolled back whole). Run it again: it now
        # finds the winner's row and replaces it, as a change of mind would.
        if in_unit_of_work():  # composed into a larger change: that one decides
            raise
        return _accept(actor, post)


@transactional
def unaccept_answer(actor: User, thread: Thread, *, post: Post | None = None) -> Post | None:
    """Withdraw the accepted answer of `thread` (the question is unsolved again); returns
    the post that was accepted, or None when there was none.

    With `post`, withdraw only if it is still the accepted answer (a button on a page
    that someone else's change made stale leaves the newer choice alone).

    :raises NotFound: the actor may not see the thread. :raises NotAllowed: as accept_answer.
    """
    answer = accepted_answer(thread.id)
    if answer is None or (post is not None and answer.post_id != post.id):
        if post is not None:  # nothing to withdraw; still refuse those who may not
            _check_acceptance(actor, post)
        return None
    accepted = db.session.scalar(
        select(Post).where(Post.id == answer.post_id).options(joinedload(Post.thread))
    )
    _check_acceptance(actor, accepted)
    db.session.delete(answer)
    db.session.flush()
    events.answer_unaccepted.send(None, thread=accepted.thread, post=accepted, actor=actor)
    return accepted


def _on_post_removed(_sender, *, post: Post, actor: User, **_extra) -> None:
    """A deleted (later: hidden) reply stops being its question's accepted answer: the
    question shows unsolved again, as on Stack Overflow when an accepted answer goes.
    Its helpful marks stay (they come back if the post is restored); the page shows no
    buttons on it."""
    answer = db.session.scalar(select(AcceptedAnswer).where(AcceptedAnswer.post_id == post.id))
    if answer is None:
        return
    db.session.delete(answer)
    db.session.flush()
    events.answer_unaccepted.send(None, thread=post.thread, post=post, actor=actor)


def _on_posts_moved(_sender, *, posts: list[Post], target, **_extra) -> None:
    """A reply moved out of its question (a merge or split) no longer answers it: the old
    thread shows unsolved. Deleted through the ORM so search's change log sees it."""
    moved = [post.id for post in posts]
    for answer in db.session.scalars(
        select(AcceptedAnswer).where(
            AcceptedAnswer.post_id.in_(moved), AcceptedAnswer.thread_id != target.id
        )
    ):
        db.session.delete(answer)
    db.session.flush()


def listen() -> None:
    """Receive the events answers act on (idempotent; called by init_app)."""
    events.post_removed.connect(_on_post_removed, weak=False)
    events.posts_moved.connect(_on_posts_moved, weak=False)


# ---- helpful marks ----------------------------------------------------------------


def helpful_refusal(actor: User | None, post: Post) -> str:
    """Why `actor` may not mark (or unmark) `post` helpful."""
    if not can_post(actor):
        return "Sign in with a confirmed email address to mark posts helpful."
    if post.author_id == actor.id:
        return "You cannot mark your own post helpful."
    if post.is_opening:
        return "Only replies can be marked helpful."
    return "A deleted or hidden post cannot be marked helpful."


def _check_helpful(actor: User, post: Post) -> None:
    visibility.require_post(actor, _with_thread(post))
    require(can_mark_helpful(actor, post), helpful_refusal(actor, post))


def _insert(model):
    """INSERT ... ON CONFLICT for the database in use. SQLite (3.24+) and PostgreSQL
    write the same SQL, but SQLAlchemy has one construct per dialect."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


@transactional
def mark_helpful(actor: User, post: Post) -> bool:
    """`actor` finds `post` helpful; returns whether that is new (False if already marked).

    :raises NotFound: the actor may not see the post. :raises NotAllowed: not signed in
        and verified, their own post, the opening post, or a deleted or hidden one.
    """
    _check_helpful(actor, post)
    # The (post, user) primary key makes a second mark, even one racing this one in
    # another process, insert nothing; only a mark that went in moves the count.
    inserted = db.session.execute(
        _insert(HelpfulMark)
        .values(post_id=post.id, user_id=actor.id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=[HelpfulMark.post_id, HelpfulMark.user_id])
        .returning(HelpfulMark.post_id)
    ).first()
    if inserted is None:
        return False
    # count + 1 in SQL, creating the row on a post's first mark: two marks committing
    # at once both add (a Python `+= 1` on a loaded row would lose one).
    upsert = _insert(HelpfulCount).values(post_id=post.id, count=1)
    db.session.execute(
        upsert.on_conflict_do_update(
            index_elements=[HelpfulCount.post_id], set_={"count": HelpfulCount.count + 1}
        )
    )
    events.post_marked_helpful.send(None, post=post, actor=actor)
    return True


@transactional
def unmark_helpful(actor: User, post: Post) -> bool:
    """`actor` takes their helpful mark back; returns whether there was one.

    :raises NotFound: the actor may not see the post. :raises NotAllowed: as mark_helpful.
    """
    _check_helpful(actor, post)
    removed = db.session.execute(
        delete(HelpfulMark)
        .where(HelpfulMark.post_id == post.id, HelpfulMark.user_id == actor.id)
        .returning(HelpfulMark.post_id)
    ).first()
    if removed is None:
        return False
    db.session.execute(
        update(HelpfulCount)
        .where(HelpfulCount.post_id == post.id)
        .values(count=HelpfulCount.count - 1),
        execution_options={"synchronize_session": False},
    )
    events.post_unmarked_helpful.send(None, post=post, actor=actor)
    return True
