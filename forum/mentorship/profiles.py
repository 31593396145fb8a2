"""Mentor profiles: applying to mentor, the staff's decision, and the mentor's own edits.

- A verified, active member who is not a mentor and holds a verified professional
  credential (forum/credentials) applies with a profile
  (permissions.can_apply_as_mentor): specialties, research topics, years in practice,
  a statement, how they mentor (MODES), languages (LANGUAGES), an IANA time zone,
  whether they take mentees now and how many at once (1..MAX_CAPACITY). The profile
  row is the application (status "pending"); its primary key is the member, so a form
  sent twice makes one application (the second is told it is already waiting). A
  declined member may apply again: the same row becomes pending.
- Site-wide staff (permissions.can_review_mentor_applications) approve or decline a
  pending one, with a reason (needed to decline; the applicant reads it). Approving
  gives the mentor role through auth.service.apply_roles in the same unit of work, so
  the role change writes its own user.roles audit entry as any other; the decision
  writes mentor.approve or mentor.decline, and the applicant gets a notice.
- The member edits their profile (permissions.can_edit_mentor_profile; a pending
  application too), and a mentor pauses or resumes taking mentees (`accepting`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from forum.auth import service as accounts
from forum.auth.models import User
from forum.auth.service import suspension_refusal
from forum.credentials.service import has_verified_credential
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotFound
from forum.extensions import db
from forum.mentorship.access import valid_zone
from forum.mentorship.models import LANGUAGES, MAX_CAPACITY, MODES, MentorProfile, join_codes
from forum.moderation import audit
from forum.notifications.notices import notify
from forum.permissions import (
    can_apply_as_mentor,
    can_edit_mentor_profile,
    can_review_mentor_applications,
    has_role,
    require,
    signed_in,
)
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.unit_of_work import transactional, unit_of_work

STATEMENT_LENGTH = 2000
REASON_LENGTH = 500
MAX_SPECIALTIES = 5
MAX_TOPICS = 10
MAX_YEARS = 70

ALREADY_APPLIED = "Your application to mentor is already with the moderators."
ALREADY_DECIDED = "This application was already decided: nothing changed."
# Mentors are trusted with others' careers: a moderator checks their credentials first.
NEEDS_CREDENTIAL = (
    "Mentors need a verified professional credential. Add yours, and apply once a "
    "moderator has verified it."
)


class AlreadyApplied(Conflict):
    """The member's application is already waiting (a second submit of the form)."""


class AlreadyDecided(Conflict):
    """Another reviewer decided the application first (or it was never pending)."""


# ---- checking what was sent --------------------------------------------------------


def _ids(field: str, values: Iterable, most: int, what: str) -> list[int]:
    ids: list[int] = []
    for value in values or ():
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(field, f"Choose {what} from the list.")
        if value not in ids:
            ids.append(value)
    if len(ids) > most:
        raise Invalid(field, f"Choose at most {most} {what}.")
    return ids


def _codes(field: str, values: Iterable, allowed: dict, what: str) -> str:
    values = list(values or ())
    if not values:
        raise Invalid(field, f"Choose at least one: {what}.")
    if any(value not in allowed for value in values):
        raise Invalid(field, f"Choose {what} from the list.")
    return join_codes(values, allowed)


def _chosen(model, field: str, ids: list[int], kept: set[int], what: str) -> list:
    """The rows of `ids`, each existing and open (or already on the profile: `kept`)."""
    if not ids:
        return []
    rows = db.session.scalars(select(model).where(model.id.in_(ids))).all()
    usable = {row.id: row for row in rows if row.retired_at is None or row.id in kept}
    if len(usable) != len(ids):
        raise Invalid(field, f"Choose {what} from the list.")
    return [usable[i] for i in ids]


def _whole(field: str, value, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(field, message)
    return value


def clean_profile(
    *,
    specialty_ids: Iterable[int] = (),
    topic_ids: Iterable[int] = (),
    years_in_practice,
    statement: str | None,
    modes: Iterable[str] = (),
    languages: Iterable[str] = (),
    time_zone: str | None,
    accepting: bool = True,
    capacity,
) -> dict:
    """The profile's values, checked for shape (the ids against the database later).

    :raises Invalid: the first field that is wrong, with the message for beside it.
    """
    specialty_ids = _ids("specialties", specialty_ids, MAX_SPECIALTIES, "specialties")
    if not specialty_ids:
        raise Invalid("specialties", "Choose the specialties you mentor in (at least one).")
    statement = (statement or "").strip()
    if not statement:
        raise Invalid("statement", "Say in a few words what you offer mentees.")
    if len(statement) > STATEMENT_LENGTH:
        raise Invalid("statement", f"Keep your statement under {STATEMENT_LENGTH:,} characters.")
    if not isinstance(time_zone, str) or not valid_zone(time_zone):
        raise Invalid("time_zone", "Choose your time zone from the list.")
    return {
        "specialty_ids": specialty_ids,
        "topic_ids": _ids("topics", topic_ids, MAX_TOPICS, "research topics"),
        "years_in_practice": _whole(
            "years_in_practice",
            years_in_practice,
            0,
            MAX_YEARS,
            f"Give your years in practice as a whole number from 0 to {MAX_YEARS}.",
        ),
        "statement": statement,
        "modes": _codes("modes", modes, MODES, "how you mentor"),
        "languages": _codes("languages", languages, LANGUAGES, "the languages you mentor in"),
        "time_zone": time_zone,
        "accepting": bool(accepting),
        "capacity": _whole(
            "capacity",
            capacity,
            1,
            MAX_CAPACITY,
            f"Take between 1 and {MAX_CAPACITY} mentees at once.",
        ),
    }


def _fill(profile: MentorProfile, data: dict) -> None:
    """Write checked `data` (clean_profile) onto `profile`, its areas read from the DB."""
    kept_specialties = {s.id for s in profile.specialties}
    kept_topics = {t.id for t in profile.topics}
    profile.specialties = _chosen(
        Specialty, "specialties", data["specialty_ids"], kept_specialties, "specialties"
    )
    profile.topics = _chosen(
        ResearchTopic, "topics", data["topic_ids"], kept_topics, "research topics"
    )
    profile.years_in_practice = data["years_in_practice"]
    profile.statement = data["statement"]
    profile.modes_text = data["modes"]
    profile.languages_text = data["languages"]
    profile.time_zone = data["time_zone"]
    profile.accepting = data["accepting"]
    profile.capacity = data["capacity"]
    profile.updated_at = utcnow()


def _profile(user_id: int, *, lock: bool = False) -> MentorProfile | None:
    """The member's profile with its areas (and member), locked until the transaction
    ends when `lock`: two reviewers, or a reviewer and the member, take turns."""
    statement = (
        select(MentorProfile)
        .where(MentorProfile.user_id == user_id)
        .options(
            joinedload(MentorProfile.user),
            selectinload(MentorProfile.specialties),
            selectinload(MentorProfile.topics),
        )
        .execution_options(populate_existing=True)
    )
    if lock:
        statement = statement.with_for_update(of=MentorProfile)
    return db.session.scalars(statement).unique().one_or_none()


def refusal(user: User | None, profile: MentorProfile | None = None) -> str:
    """Why `user` may not apply to mentor (for the page and the service alike)."""
    if not signed_in(user):
        return "Sign in to apply to mentor."
    if user.is_suspended:
        return suspension_refusal(user, "apply to mentor")
    if user.email_verified_at is None:
        return "Confirm your email address before applying to mentor."
    if has_role(user, "mentor"):
        return "You are a mentor already: edit your mentor profile instead."
    if profile is not None and profile.status == "pending":
        return ALREADY_APPLIED
    return "You cannot apply to mentor."


# ---- the member's side -------------------------------------------------------------


def apply_as_mentor(user: User, **values) -> MentorProfile:
    """Send (or, after a decline, send again) `user`'s application to mentor, with the
    profile in `values` (clean_profile's keywords).

    :raises AlreadyApplied: an application is already waiting (a second submit).
    :raises NotAllowed: not a verified active member, or a mentor already.
    :raises Invalid: a field that is wrong (unknown or retired specialty or topic, a zone
    this machine does not know, capacity out of range, too long a statement, ...), or
    ("credentials", NEEDS_CREDENTIAL) no verified professional credential.
    """
    data = clean_profile(**values)
    try:
        with unit_of_work():
            profile = _profile(user.id, lock=True)
            if profile is not None and profile.status == "pending":
                raise AlreadyApplied(ALREADY_APPLIED)
            require(can_apply_as_mentor(user, profile), refusal(user, profile))
            if not has_verified_credential(user.id):
                raise Invalid("credentials", NEEDS_CREDENTIAL)
            if profile is None:
                profile = MentorProfile(user_id=user.id, specialties=[], topics=[])
            # Filled before it joins the session: the look-ups of its areas would flush
            # a new row before its columns are set.
            _fill(profile, data)
            db.session.add(profile)
            profile.status = "pending"
            profile.submitted_at = utcnow()
            profile.decided_at = None
            profile.decided_by_id = None
            profile.decision_reason = None
            # Two first submits that both found no row: the primary key fails the second
            # here, and its unit of work rolls back.
            db.session.flush()
    except IntegrityError:
        if _profile(user.id) is None:  # not the race the primary key settles
            raise
        raise AlreadyApplied(ALREADY_APPLIED) from None
    return profile


@transactional
def edit_mentor_profile(user: User, **values) -> MentorProfile:
    """Change `user`'s own mentor profile (or waiting application); its status stays.
    A mentor by role without a profile (an admin granted the role) writes their first,
    approved at once: they are mentors already.

    :raises NotFound: they have no profile and are not a mentor. :raises NotAllowed:
    suspended. :raises Invalid: as apply_as_mentor.
    """
    profile = _profile(user.id, lock=True)
    if profile is None and has_role(user, "mentor"):
        profile = MentorProfile(
            user_id=user.id, status="approved", decided_at=utcnow(), specialties=[], topics=[]
        )
    if profile is None:
        raise NotFound("You have no mentor profile yet: apply to mentor first.")
    require(
        can_edit_mentor_profile(user, profile),
        suspension_refusal(user, "change your mentor profile")
        if signed_in(user) and user.is_suspended
        else "You cannot change this mentor profile.",
    )
    _fill(profile, clean_profile(**values))
    db.session.add(profile)
    db.session.flush()
    return profile


@transactional
def set_accepting(user: User, accepting: bool) -> MentorProfile:
    """Pause (False) or resume (True) taking new mentees; current mentorships go on.

    :raises NotFound: no profile. :raises NotAllowed: suspended. :raises Conflict: the
    profile is not approved (an application has nothing to pause).
    """
    profile = _profile(user.id, lock=True)
    if profile is None:
        raise NotFound("You have no mentor profile yet: apply to mentor first.")
    require(
        can_edit_mentor_profile(user, profile),
        "You cannot change this mentor profile.",
    )
    if not profile.is_approved:
        raise Conflict("Only an approved mentor profile can pause or resume taking mentees.")
    profile.accepting = bool(accepting)
    profile.updated_at = utcnow()
    db.session.flush()
    return profile


# ---- the reviewers' side -----------------------------------------------------------


def _clean_reason(reason: str | None, *, required: bool) -> str | None:
    reason = " ".join((reason or "").split()) or None
    if reason is None and required:
        raise Invalid("reason", "Say why: the applicant will read it.")
    if reason is not None and len(reason) > REASON_LENGTH:
        raise Invalid("reason", f"Keep the reason under {REASON_LENGTH} characters.")
    return reason


def _pending(actor: User, user_id: int) -> MentorProfile:
    """:raises NotAllowed: not a reviewer. :raises NotFound: no such application.
    :raises AlreadyDecided: it is not pending (any more)."""
    require(
        can_review_mentor_applications(actor),
        "Only site-wide moderators and admins review applications to mentor.",
    )
    profile = _profile(user_id, lock=True)
    if profile is None:
        raise NotFound("There is no such application.")
    if profile.status != "pending":
        raise AlreadyDecided(ALREADY_DECIDED)
    return profile


def _decide(actor: User, profile: MentorProfile, status: str, reason: str | None) -> None:
    profile.status = status
    profile.decided_at = utcnow()
    profile.decided_by_id = actor.id
    profile.decision_reason = reason
    action = "mentor.approve" if status == "approved" else "mentor.decline"
    user = profile.user
    audit.record(
        actor,
        action,
        "user",
        user.id,
        user.username,
        reason=reason,
        before={"status": "pending"},
        after={"status": status},
    )


@transactional
def approve_application(actor: User, user_id: int, reason: str | None = None) -> MentorProfile:
    """Approve `user_id`'s application: the profile is listed, and the member gets the
    mentor role (and its badge) in the same transaction, audited as role changes are.

    :raises NotAllowed: not site-wide staff. :raises NotFound: no such application.
    :raises AlreadyDecided: decided meanwhile. :raises Invalid: too long a reason.
    """
    reason = _clean_reason(reason, required=False)
    profile = _pending(actor, user_id)
    _decide(actor, profile, "approved", reason)
    user = profile.user
    accounts.apply_roles(user, roles=set(user.roles) | {"mentor"}, actor=actor, reason=reason)
    message = "Your application to mentor was approved: you are listed in the mentor directory."
    if reason:
        message += f" The moderator added: {reason}"
    notify(user.id, message, link="/mentors/profile", kind="mentorship", actor_id=actor.id)
    db.session.flush()
    return profile


@transactional
def decline_application(actor: User, user_id: int, reason: str) -> MentorProfile:
    """Decline `user_id`'s application with a reason the applicant reads; they may
    apply again.

    :raises NotAllowed: not site-wide staff. :raises NotFound: no such application.
    :raises AlreadyDecided: decided meanwhile. :raises Invalid: no reason, or too long.
    """
    reason = _clean_reason(reason, required=True)
    profile = _pending(actor, user_id)
    _decide(actor, profile, "declined", reason)
    notify(
        profile.user_id,
        f"Your application to mentor was declined. Reason: {reason} You may apply again.",
        link="/mentors/apply",
        kind="mentorship",
        actor_id=actor.id,
    )
    db.session.flush()
    return profile
