"""What a mentorship adds to its conversation's thread page (forum/threads/hooks.py).

A mentorship's private space holds one thread, its conversation, shown on the usual
thread page (/threads/<id>), which already answers 404 to everyone but the space's two
members. On that page only, a banner at the "thread_header" slot says the conversation
is private to the two of them and links back to the mentorship; once it ended, that it
is read-only. Public threads cost nothing: the loader returns None for them without a
query, and the template is not included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from forum.auth.models import User
from forum.extensions import db
from forum.mentorship.models import Mentorship
from forum.rows import Person, StrictRow
from forum.threads import hooks

EXTRA = "mentorship_space"


@dataclass(frozen=True, slots=True)
class SpaceBanner(StrictRow):
    mentorship_id: int
    status: str
    mentor: Person
    mentee: Person


def space_banner(thread, viewer, _posts) -> SpaceBanner | None:
    """The mentorship whose conversation `thread` is, for its banner; None for every
    other thread (a public one without a query)."""
    if thread.space_id is None:
        return None
    mentor, mentee = aliased(User), aliased(User)
    row = db.session.execute(
        select(
            Mentorship.id,
            Mentorship.status,
            mentor.username,
            mentor.display_name,
            mentee.username,
            mentee.display_name,
        )
        .join(mentor, mentor.id == Mentorship.mentor_id)
        .join(mentee, mentee.id == Mentorship.mentee_id)
        .where(Mentorship.thread_id == thread.id)
    ).first()
    if row is None:
        return None
    return SpaceBanner(row[0], row[1], Person(row[2], row[3]), Person(row[4], row[5]))


def _wants_banner(extras: dict[str, Any]) -> bool:
    return extras.get(EXTRA) is not None


def register() -> None:
    """Plug the banner into the thread page (idempotent)."""
    hooks.register_page_extra(EXTRA, space_banner)
    hooks.register_template("thread_header", "mentorship/_space_banner.html", when=_wants_banner)
