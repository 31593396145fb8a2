"""Ending a mentorship, and the mentee's thank-you.

- Either side of an active mentorship ends it (permissions.can_end_mentorship), with an
  optional note: status "ended", who and when, and its conversation thread locked, so
  neither side replies or edits any more (permissions.can_reply and can_edit_post read
  the lock; nobody moderates a private thread, so nobody unlocks it). The other side
  is told.
- Once it ended, the mentee may thank the mentor, once (can_thank_mentor); the mentor
  chooses whether the thank-you shows on their profile (can_show_thanks).
"""

from __future__ import annotations

from sqlalchemy import update

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid
from forum.extensions import db
from forum.mentorship.compacts import locked_mentorship, member_refusal
from forum.mentorship.models import MentoringSession, Mentorship
from forum.notifications.notices import notify
from forum.permissions import can_end_mentorship, can_show_thanks, can_thank_mentor, require
from forum.threads.models import Thread
from forum.unit_of_work import transactional

NOTE_LENGTH = 500  # Mentorship.end_note
THANKS_LENGTH = 2000
ALREADY_THANKED = "You have already thanked your mentor: a thank-you is sent once."


def _link(mentorship_id: int) -> str:
    return f"/mentorships/{mentorship_id}"


def clean_note(note: str | None) -> str | None:
    """:raises Invalid: longer than NOTE_LENGTH."""
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_LENGTH:
        raise Invalid("note", f"Keep the note under {NOTE_LENGTH} characters.")
    return note


@transactional
def end_mentorship(user: User, mentorship_id: int, note: str | None = None) -> Mentorship:
    """End an active mentorship; its space becomes read-only for both.

    :raises NotFound: not one of its members. :raises Conflict: not active (not started,
    or ended already). :raises NotAllowed: a suspended member. :raises Invalid: the note.
    """
    mentorship = locked_mentorship(user, mentorship_id)
    if mentorship.status == "ended":
        raise Conflict("This mentorship has already ended.")
    if mentorship.status != "active":
        raise Conflict("Only a mentorship that started can end: withdraw from it instead.")
    require(can_end_mentorship(user, mentorship), member_refusal(user, "You cannot end this."))
    note = clean_note(note)
    mentorship.status = "ended"
    mentorship.ended_at = utcnow()
    mentorship.ended_by_id = user.id
    mentorship.end_note = note
    if mentorship.thread_id is not None:
        db.session.execute(
            update(Thread).where(Thread.id == mentorship.thread_id).values(is_locked=True),
            execution_options={"synchronize_session": False},
        )
    # Sessions still to come are off: no reminder, no calendar file for a meeting that
    # will not happen (past ones stay as they were, with their notes).
    db.session.execute(
        update(MentoringSession)
        .where(
            MentoringSession.mentorship_id == mentorship.id,
            MentoringSession.status.in_(("proposed", "accepted")),
            MentoringSession.starts_at > mentorship.ended_at,
        )
        .values(status="cancelled", sequence=MentoringSession.sequence + 1),
        execution_options={"synchronize_session": False},
    )
    message = f"{user.display_name} ended your mentorship. Your conversation stays, read-only."
    if note:
        message += f" Their note: {note}"
    notify(
        mentorship.other_id(user.id),
        message,
        link=_link(mentorship.id),
        kind="mentorship",
        actor_id=user.id,
    )
    return mentorship


def clean_thanks(text: str | None) -> str:
    """:raises Invalid: empty, or longer than THANKS_LENGTH."""
    text = (text or "").strip()
    if not text:
        raise Invalid("text", "Write your thank-you.")
    if len(text) > THANKS_LENGTH:
        raise Invalid("text", f"Keep it under {THANKS_LENGTH:,} characters.")
    return text


@transactional
def thank_mentor(mentee: User, mentorship_id: int, text: str) -> Mentorship:
    """Leave the mentee's thank-you on an ended mentorship, once; the mentor is told.

    :raises NotFound: not one of its members. :raises Conflict: thanked already.
    :raises NotAllowed: the mentor, a suspended mentee, or not ended. :raises Invalid:
    the text.
    """
    mentorship = locked_mentorship(mentee, mentorship_id)
    if mentorship.thanks is not None and mentee.id == mentorship.mentee_id:
        raise Conflict(ALREADY_THANKED)
    require(
        can_thank_mentor(mentee, mentorship),
        member_refusal(mentee, "The mentee thanks the mentor, once the mentorship ended."),
    )
    mentorship.thanks = clean_thanks(text)
    mentorship.thanked_at = utcnow()
    mentorship.thanks_shown = False  # the mentor chooses
    notify(
        mentorship.mentor_id,
        f"{mentee.display_name} thanked you for your mentoring. You can show their "
        "thank-you on your profile.",
        link=_link(mentorship.id),
        kind="mentorship",
        actor_id=mentee.id,
    )
    return mentorship


@transactional
def show_thanks(mentor: User, mentorship_id: int, shown: bool) -> Mentorship:
    """Show (or hide) the mentee's thank-you on the mentor's profile.

    :raises NotFound: not one of its members. :raises NotAllowed: not the mentor, a
    suspended one, or no thank-you yet.
    """
    mentorship = locked_mentorship(mentor, mentorship_id)
    require(
        can_show_thanks(mentor, mentorship),
        member_refusal(mentor, "Only the mentor thanked chooses where the thank-you shows."),
    )
    mentorship.thanks_shown = bool(shown)
    return mentorship
