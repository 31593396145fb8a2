"""Helpers for the notification tests: run the fan-out, read what someone was told."""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from forum import effects, events
from forum.answers.models import AcceptedAnswer, HelpfulMark
from forum.extensions import db
from forum.notifications.models import Notification, NotificationEvent
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from forum.unit_of_work import unit_of_work


def fan_out() -> None:
    """What the after-commit runner does once the posting request has committed."""
    effects.run_now(["notifications"])


def told(user) -> list[tuple[str, int]]:
    """(kind, post id) of each notification `user` has, oldest first."""
    db.session.expire_all()
    return [
        tuple(row)
        for row in db.session.execute(
            select(Notification.kind, Notification.post_id)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    ]


def pending_events() -> int:
    return len(db.session.scalars(select(NotificationEvent.id)).all())


def make_private(thread, *members) -> None:
    """Put `thread` in a private space whose members are `members`."""
    space = Space(name=f"Space for thread {thread.id}")
    space.members = [SpaceMember(user_id=member.id) for member in members]
    db.session.add(space)
    db.session.flush()
    thread.space_id = space.id
    db.session.commit()


def accept(thread, post, actor, previous_post_id=None) -> None:
    """What the answers service does: the row, then the event, in one unit of work."""
    with unit_of_work():
        if previous_post_id is not None:
            db.session.execute(delete(AcceptedAnswer).where(AcceptedAnswer.thread_id == thread.id))
        db.session.execute(
            insert(AcceptedAnswer).values(
                thread_id=thread.id, post_id=post.id, accepted_by_id=actor.id
            )
        )
        events.answer_accepted.send(
            None, thread=thread, post=post, actor=actor, previous_post_id=previous_post_id
        )


def unaccept(thread, post, actor) -> None:
    with unit_of_work():
        db.session.execute(delete(AcceptedAnswer).where(AcceptedAnswer.thread_id == thread.id))
        events.answer_unaccepted.send(None, thread=thread, post=post, actor=actor)


def mark_helpful(post, actor) -> None:
    with unit_of_work():
        db.session.execute(insert(HelpfulMark).values(post_id=post.id, user_id=actor.id))
        events.post_marked_helpful.send(None, post=post, actor=actor)


def unmark_helpful(post, actor) -> None:
    with unit_of_work():
        db.session.execute(
            delete(HelpfulMark).where(
                HelpfulMark.post_id == post.id, HelpfulMark.user_id == actor.id
            )
        )
        events.post_unmarked_helpful.send(None, post=post, actor=actor)


def delete_post(actor, post) -> None:
    """Delete `post` (a post or its id) as `actor`, through the threads service."""
    threads.delete_post(actor, threads.get_post(actor, getattr(post, "id", post)))
