"""Requests: a member asks a mentor, the mentor accepts or declines, either withdraws.

- A verified, active member asks an approved mentor who is taking mentees
  (permissions.can_request_mentorship), with a message stating their goals. Refused,
  with a message beside the field: a mentor with no free place (access.places_taken
  has reached their capacity), a fourth open request (MAX_OPEN_REQUESTS waiting for
  an answer), or a second open mentorship with the same mentor (the partial unique
  index uq_mentorships_open_pair refuses it in the database too).
- The request form carries a submission key: the same form sent twice makes one
  request, and the second submit gets the first back.
- The mentor accepts (the mentorship is then "agreeing": a compact is drafted from the
  request, forum/mentorship/compacts.py) or declines, with a message; the mentee is told.
- Before the compact is agreed, either side withdraws (the mentee only, while it is a
  request); the other side is told.

Every action on a mentorship loads it through access.get_mentorship, locked, so
non-members get 404 and two members acting at once take turns.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from forum.auth.models import User
from forum.auth.service import suspension_refusal
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotFound
from forum.extensions import db
from forum.mentorship import access, compacts
from forum.mentorship.compacts import locked_mentorship, member_refusal
from forum.mentorship.models import (
    MAX_OPEN_REQUESTS,
    OPEN_STATUSES,
    MentorProfile,
    Mentorship,
)
from forum.notifications.notices import notify
from forum.permissions import (
    can_request_mentorship,
    can_respond_to_request,
    can_withdraw_request,
    require,
    signed_in,
)
from forum.privacy import guard
from forum.threads.service import UNVERIFIED_MESSAGE
from forum.unit_of_work import transactional, unit_of_work

MESSAGE_LENGTH = 5000
RESPONSE_LENGTH = 2000
SUBMISSION_KEY_LENGTH = 64

ALREADY_ASKED = "You have already asked {name}: your request is waiting for an answer."
ALREADY_MENTORED = "You and {name} already have a mentorship in progress."
TOO_MANY = (
    f"You have {MAX_OPEN_REQUESTS} requests waiting for an answer: withdraw one, or wait "
    "for a mentor to answer, before asking another."
)
FULL = (
    "{name} has no free place for a new mentee right now. Try again later, or ask another mentor."
)
PAUSED = "{name} is not taking new mentees right now."
NO_PLACE_TO_ACCEPT = (
    "You have no free place: all {capacity} of your places are taken. End a mentorship, "
    "or raise your capacity on your mentor profile, before accepting."
)


def link(mentorship_id: int) -> str:
    """The path of a mentorship's page, for notices."""
    return f"/mentorships/{mentorship_id}"


def mentor_profile(username: str) -> tuple[User, MentorProfile]:
    """The member `username` (any case) and their approved mentor profile.

    :raises NotFound: no such member, or they do not mentor (a pending or declined
    application is not said to exist).
    """
    row = db.session.execute(
        select(User, MentorProfile)
        .outerjoin(MentorProfile, MentorProfile.user_id == User.id)
        .where(func.lower(User.username) == username.lower())
    ).first()
    if row is None:
        raise NotFound("There is no member with that username.")
    user, profile = row
    if profile is None or not profile.is_approved:
        raise NotFound(f"{user.display_name} does not mentor on Rounds.")
    return user, profile


def request_refusal(user: User | None, mentor: User, profile: MentorProfile) -> str:
    """Why `user` may not ask `mentor` (the page and the service say the same)."""
    if not signed_in(user):
        return "Log in to ask for mentorship."
    if user.id == profile.user_id:
        return "You cannot ask yourself for mentorship."
    if user.is_suspended:
        return suspension_refusal(user, "ask for mentorship")
    if user.email_verified_at is None:
        return UNVERIFIED_MESSAGE
    if not profile.accepting:
        return PAUSED.format(name=mentor.display_name)
    return "You cannot ask this mentor for mentorship."


def clean_message(text: str | None, field: str = "message", limit: int = MESSAGE_LENGTH) -> str:
    """:raises Invalid: empty, or longer than `limit`."""
    text = (text or "").strip()
    if not text:
        raise Invalid(field, "Write a few words: the other side reads them first.")
    if len(text) > limit:
        raise Invalid(field, f"Keep it under {limit:,} characters.")
    return text


def open_with(mentee_id: int, mentor_id: int) -> Mentorship | None:
    """The pair's open mentorship (requested, agreeing or active), if any."""
    return db.session.scalar(
        select(Mentorship).where(
            Mentorship.mentee_id == mentee_id,
            Mentorship.mentor_id == mentor_id,
            Mentorship.status.in_(OPEN_STATUSES),
        )
    )


def open_requests(mentee_id: int) -> int:
    """How many of the member's requests wait for an answer."""
    return db.session.scalar(
        select(func.count(Mentorship.id)).where(
            Mentorship.mentee_id == mentee_id, Mentorship.status == "requested"
        )
    )


def obstacle(mentee: User, mentor: User, profile: MentorProfile) -> str | None:
    """What stops `mentee` asking `mentor` now, beyond the permission: the counts.

    The request page shows it instead of the form; the service checks it again, locked.
    """
    mine = open_with(mentee.id, mentor.id)
    if mine is not None:
        return (ALREADY_ASKED if mine.status == "requested" else ALREADY_MENTORED).format(
            name=mentor.display_name
        )
    if access.places_taken(mentor.id) >= profile.capacity:
        return FULL.format(name=mentor.display_name)
    if open_requests(mentee.id) >= MAX_OPEN_REQUESTS:
        return TOO_MANY
    return None


def _submitted(mentee: User, key: str | None) -> Mentorship | None:
    if not key:
        return None
    return db.session.scalar(
        select(Mentorship).where(
            Mentorship.mentee_id == mentee.id, Mentorship.submission_key == key
        )
    )


def _on_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _lock_profile(mentor_id: int) -> MentorProfile:
    """The mentor's profile as committed now, its row locked until this transaction ends.

    Requests for (and acceptances by) one mentor take turns here, so two acceptances of
    the mentor's last place at once cannot both count a free place: the second counts
    again after the first commits. On PostgreSQL this is SELECT ... FOR UPDATE. SQLite
    has no row locks and renders no FOR UPDATE, so there a write that changes nothing
    takes the database's one write lock first: the counts read after it see every
    commit before it, and no other writer commits until this transaction ends.
    """
    if _on_sqlite():
        db.session.execute(
            update(MentorProfile)
            .where(MentorProfile.user_id == mentor_id)
            .values(capacity=MentorProfile.capacity),
            execution_options={"synchronize_session": False},
        )
    return db.session.scalars(
        select(MentorProfile)
        .where(MentorProfile.user_id == mentor_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _lock_member(user_id: int) -> None:
    """Lock the asking member's row, so their own requests (to different mentors) take
    turns and a fourth cannot slip past the count. FOR NO KEY UPDATE: a mentorship's
    INSERT holds a KEY SHARE lock on both members' rows (its foreign keys), which FOR
    UPDATE would wait for. (On SQLite, _lock_profile's write lock, taken next, covers
    this too: the counts are read after it.)"""
    if not _on_sqlite():
        db.session.execute(
            select(User.id).where(User.id == user_id).with_for_update(key_share=True)
        ).one()


def request_mentorship(
    mentee: User,
    mentor_username: str,
    message: str,
    *,
    submission_key: str | None = None,
    confirmed: bool = False,
) -> tuple[Mentorship, bool]:
    """Ask the mentor `mentor_username` for mentorship; returns (mentorship, created).
    The same form sent again returns the request it made. The message becomes the
    first post of the mentorship's conversation, so the privacy guard reads it first
    (`confirmed`: the mentee confirmed its warning).

    :raises NotFound: no such member, or not a mentor. :raises NotAllowed: oneself, not
    a verified active member, or a mentor who paused. :raises Invalid: a bad message,
    a full mentor, too many open requests, or an open mentorship with this mentor.
    :raises NeedsConfirmation: the message looks like it holds a patient identifier.
    """
    mentor, profile = mentor_profile(mentor_username)
    key = (submission_key or "")[:SUBMISSION_KEY_LENGTH] or None
    earlier = _submitted(mentee, key) if signed_in(mentee) else None
    if earlier is not None:
        return earlier, False
    require(can_request_mentorship(mentee, profile), request_refusal(mentee, mentor, profile))
    message = clean_message(message)
    guard.check_fields({"message": message}, confirmed=confirmed)
    try:
        with unit_of_work():
            _lock_member(mentee.id)
            profile = _lock_profile(mentor.id)
            # The same form sent just before, whose turn came first.
            earlier = _submitted(mentee, key)
            if earlier is not None:
                return earlier, False
            require(
                can_request_mentorship(mentee, profile), request_refusal(mentee, mentor, profile)
            )
            refusal = obstacle(mentee, mentor, profile)
            if refusal is not None:
                raise Invalid("message", refusal)
            mentorship = Mentorship(
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                status="requested",
                request_message=message,
                submission_key=key,
            )
            db.session.add(mentorship)
            # Two submits that both passed the look-ups: the unique index on the open
            # pair fails the second here, and the whole unit of work rolls back.
            db.session.flush()
            notify(
                mentor.id,
                f"{mentee.display_name} asked you to be their mentor.",
                link=link(mentorship.id),
                kind="mentorship",
                actor_id=mentee.id,
            )
    except IntegrityError:
        earlier = _submitted(mentee, key)
        if earlier is not None:  # the same form, sent twice at once
            return earlier, False
        if open_with(mentee.id, mentor.id) is None:  # not the race this index settles
            raise
        raise Invalid("message", ALREADY_ASKED.format(name=mentor.display_name)) from None
    return mentorship, True


def _respond(mentor: User, mentorship_id: int, message: str) -> Mentorship:
    mentorship = locked_mentorship(mentor, mentorship_id)
    if mentorship.status != "requested" and mentorship.mentor_id == mentor.id:
        raise Conflict("This request was already answered or withdrawn.")
    require(
        can_respond_to_request(mentor, mentorship),
        member_refusal(mentor, "Only the mentor asked answers a request."),
    )
    mentorship.response_message = clean_message(message, limit=RESPONSE_LENGTH)
    mentorship.responded_at = utcnow()
    return mentorship


@transactional
def accept_request(mentor: User, mentorship_id: int, message: str) -> Mentorship:
    """Accept a request: the two then agree on a compact, drafted from the request.

    :raises NotFound: not one of its members. :raises NotAllowed: not its mentor.
    :raises Conflict: already answered or withdrawn, or no free place.
    :raises Invalid: no message.
    """
    mentorship = _respond(mentor, mentorship_id, message)
    profile = _lock_profile(mentor.id)  # as in request_mentorship: places are counted
    if access.places_taken(mentor.id) >= profile.capacity:
        raise Conflict(NO_PLACE_TO_ACCEPT.format(capacity=profile.capacity))
    mentorship.status = "agreeing"
    mentorship.compact = compacts.draft(mentorship, profile)
    notify(
        mentorship.mentee_id,
        f"{mentor.display_name} accepted your request. Agree on your compact together "
        "to start the mentorship.",
        link=link(mentorship.id),
        kind="mentorship",
        actor_id=mentor.id,
    )
    return mentorship


@transactional
def decline_request(mentor: User, mentorship_id: int, message: str) -> Mentorship:
    """Decline a request, with a message the member reads.

    :raises: as accept_request (but a full mentor may decline).
    """
    mentorship = _respond(mentor, mentorship_id, message)
    mentorship.status = "declined"
    notify(
        mentorship.mentee_id,
        f"{mentor.display_name} declined your request for mentorship.",
        link=link(mentorship.id),
        kind="mentorship",
        actor_id=mentor.id,
    )
    return mentorship


@transactional
def withdraw_request(user: User, mentorship_id: int) -> Mentorship:
    """Withdraw before the mentorship starts (the request, or the compact being agreed).

    :raises NotFound: not one of its members. :raises NotAllowed: the mentor of a
    request (who declines instead). :raises Conflict: it already started or closed.
    """
    mentorship = locked_mentorship(user, mentorship_id)
    if mentorship.status not in ("requested", "agreeing"):
        raise Conflict("This mentorship can no longer be withdrawn.")
    require(
        can_withdraw_request(user, mentorship),
        member_refusal(user, "The mentor answers a request: accept or decline it."),
    )
    what = (
        "their request for mentorship"
        if mentorship.status == "requested"
        else "from your mentorship before it started"
    )
    mentorship.status = "withdrawn"
    notify(
        mentorship.other_id(user.id),
        f"{user.display_name} withdrew {what}.",
        link=link(mentorship.id),
        kind="mentorship",
        actor_id=user.id,
    )
    return mentorship
