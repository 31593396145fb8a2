"""The compact, and the start of a mentorship once both sides accept it.

After the AAMC's mentoring compacts: the goals (one a line), how often and how the two
meet, what each side commits to, and a date to review how it is going.

- When the mentor accepts a request, a draft is made from it (`draft`): the request's
  lines as goals, the ways of meeting both offered, a review in three months.
- Either side edits it while agreeing (permissions.can_edit_compact). An edit that
  changes something records who made it and clears the other side's acceptance: each
  side accepts the text as it is.
- Each side accepts it, naming the version they read; a version edited since is refused.
  The second acceptance starts the mentorship in the same unit of work (`_start`):
  status "active", the review date copied, one MentorshipGoal per goal line, a private
  Space with the two members, its conversation thread (threads.service.
  start_private_thread: opened by the mentee with their request), both members watching
  it, and both told.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, update

from forum.auth.models import User
from forum.auth.service import suspension_refusal
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid
from forum.extensions import db
from forum.mentorship import access
from forum.mentorship.models import (
    MEETING_FREQUENCIES,
    MODES,
    Compact,
    MenteeGoals,
    MentorProfile,
    Mentorship,
    MentorshipGoal,
    codes,
    goal_specialties,
    join_codes,
    mentor_specialties,
)
from forum.notifications import service as watches
from forum.notifications.notices import notify
from forum.permissions import can_edit_compact, can_post, require, signed_in
from forum.spaces.models import Space, SpaceMember
from forum.taxonomy.models import Specialty
from forum.threads import service as threads
from forum.unit_of_work import transactional

MAX_GOALS = 10
GOAL_LENGTH = 300  # MentorshipGoal.title
GOALS_LENGTH = MAX_GOALS * (GOAL_LENGTH + 1)
COMMITMENTS_LENGTH = 2000
REVIEW_WITHIN_DAYS = 730  # two years
DRAFT_REVIEW_DAYS = 90

DRAFT_MENTEE = (
    "Come to each meeting prepared, with questions or a draft; say what I need; "
    "keep my mentor posted on progress."
)
DRAFT_MENTOR = (
    "Keep the meetings we agree; read drafts before we meet; give honest, kind feedback; "
    "keep what we discuss confidential."
)
CHANGED_SINCE = (
    "The compact changed since you opened it: read it again, then accept it if you agree."
)


def _link(mentorship_id: int) -> str:
    return f"/mentorships/{mentorship_id}"


def member_refusal(user: User, otherwise: str) -> str:
    """Why a member of a mentorship may not act on it: suspended, or `otherwise`."""
    if signed_in(user) and user.is_suspended:
        return suspension_refusal(user, "change your mentorships")
    return otherwise


def locked_mentorship(user: User, mentorship_id: int) -> Mentorship:
    """The mentorship for a change by `user`: loaded locked (access.get_mentorship), so two
    members acting at once take turns, with its compact as committed now.

    PostgreSQL's FOR UPDATE locks the mentorship row only; a second member who waited for
    it gets its newest version, but the compact joined to it as read before the wait, so
    the compact is read again. SQLite has no row locks: there a write that changes
    nothing takes the database's one write lock first, so what is read after it is
    current and nobody else writes until this transaction ends.

    :raises NotFound: no such mentorship, or `user` is not one of its two members.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(Mentorship).where(Mentorship.id == mentorship_id).values(id=Mentorship.id),
            execution_options={"synchronize_session": False},
        )
    mentorship = access.get_mentorship(user, mentorship_id, lock=True)
    if mentorship.compact is not None:
        db.session.refresh(mentorship.compact)
    return mentorship


def today() -> date:
    """Today in UTC: review dates are compared with it."""
    return utcnow().date()


def version(compact: Compact) -> str:
    """The version a member read, carried by the accept form (its last change)."""
    return compact.updated_at.isoformat()


def goal_lines(text: str) -> list[str]:
    """The non-empty lines of a compact's goals, stripped and with spaces collapsed."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def draft(mentorship: Mentorship, profile: MentorProfile) -> Compact:
    """A first compact from the request: for the two to edit, accepted by neither."""
    lines = [line[:GOAL_LENGTH] for line in goal_lines(mentorship.request_message)]
    wanted = db.session.scalar(
        select(MenteeGoals.modes_text).where(MenteeGoals.user_id == mentorship.mentee_id)
    )
    offered = profile.modes
    both = [mode for mode in offered if mode in codes(wanted)]
    return Compact(
        goals="\n".join(lines[:MAX_GOALS]),
        meeting_frequency="monthly",
        modes_text=join_codes(both or offered or ["forum"], MODES),
        mentee_commitments=DRAFT_MENTEE,
        mentor_commitments=DRAFT_MENTOR,
        review_on=today() + timedelta(days=DRAFT_REVIEW_DAYS),
        updated_at=utcnow(),
        updated_by_id=mentorship.mentor_id,
    )


def _commitment(field: str, text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(field, "Say in a few words what this side commits to.")
    if len(text) > COMMITMENTS_LENGTH:
        raise Invalid(field, f"Keep it under {COMMITMENTS_LENGTH:,} characters.")
    return text


def clean_compact(
    *,
    goals: str | None,
    meeting_frequency: str | None,
    modes: list[str] | None,
    mentee_commitments: str | None,
    mentor_commitments: str | None,
    review_on: date | None,
) -> dict:
    """The compact's fields, checked and tidied, as Compact column values.

    :raises Invalid: no goal, too many or too long ones, an unknown frequency or way of
    meeting, empty or too long commitments, or a review date not in the next two years.
    """
    lines = goal_lines(goals or "")
    if not lines:
        raise Invalid("goals", "Write at least one goal.")
    if len(lines) > MAX_GOALS:
        raise Invalid("goals", f"Keep to {MAX_GOALS} goals at most, one a line.")
    if any(len(line) > GOAL_LENGTH for line in lines):
        raise Invalid("goals", f"Keep each goal under {GOAL_LENGTH} characters.")
    if meeting_frequency not in MEETING_FREQUENCIES:
        raise Invalid("meeting_frequency", "Choose how often you meet from the list.")
    modes = list(modes or [])
    if not modes or any(mode not in MODES for mode in modes):
        raise Invalid("modes", "Choose at least one way of meeting from the list.")
    if not isinstance(review_on, date):
        raise Invalid("review_on", "Choose a review date.")
    now = today()
    if review_on <= now:
        raise Invalid("review_on", "Choose a review date in the future.")
    if review_on > now + timedelta(days=REVIEW_WITHIN_DAYS):
        raise Invalid("review_on", "Choose a review date within the next two years.")
    return {
        "goals": "\n".join(lines),
        "meeting_frequency": meeting_frequency,
        "modes_text": join_codes(modes, MODES),
        "mentee_commitments": _commitment("mentee_commitments", mentee_commitments),
        "mentor_commitments": _commitment("mentor_commitments", mentor_commitments),
        "review_on": review_on,
    }


def _agreeing(user: User, mentorship_id: int) -> Mentorship:
    """The mentorship, locked, if `user` may edit its compact.

    :raises NotFound: not one of its members. :raises Conflict: not being agreed.
    :raises NotAllowed: a suspended member."""
    mentorship = locked_mentorship(user, mentorship_id)
    if mentorship.status != "agreeing":
        raise Conflict("The compact can only change while the two of you are agreeing on it.")
    require(
        can_edit_compact(user, mentorship), member_refusal(user, "You cannot change this compact.")
    )
    return mentorship


def _side(mentorship: Mentorship, user_id: int) -> str:
    return "mentor" if user_id == mentorship.mentor_id else "mentee"


@transactional
def edit_compact(user: User, mentorship_id: int, **fields) -> Compact:
    """Change the compact (fields as clean_compact's); a change clears the other side's
    acceptance and tells them. Nothing changed: nothing is written.

    :raises: as _agreeing and clean_compact.
    """
    mentorship = _agreeing(user, mentorship_id)
    values = clean_compact(**fields)
    compact = mentorship.compact
    if all(getattr(compact, name) == value for name, value in values.items()):
        return compact
    for name, value in values.items():
        setattr(compact, name, value)
    compact.updated_at = utcnow()
    compact.updated_by_id = user.id
    other = "mentee" if _side(mentorship, user.id) == "mentor" else "mentor"
    setattr(compact, f"{other}_accepted_at", None)
    notify(
        mentorship.other_id(user.id),
        f"{user.display_name} changed your mentorship compact: read it, and accept it "
        "if you agree.",
        link=_link(mentorship.id),
        kind="mentorship",
        actor_id=user.id,
    )
    return compact


@transactional
def accept_compact(user: User, mentorship_id: int, seen: str | None) -> Mentorship:
    """Accept the compact as it is (version `seen`); the second acceptance starts the
    mentorship.

    :raises Conflict: the compact changed since `seen`, or it is not being agreed.
    :raises: as _agreeing.
    """
    mentorship = _agreeing(user, mentorship_id)
    compact = mentorship.compact
    if seen != version(compact):
        raise Conflict(CHANGED_SINCE)
    side = _side(mentorship, user.id)
    if getattr(compact, f"{side}_accepted_at") is None:
        setattr(compact, f"{side}_accepted_at", utcnow())
    if compact.mentor_accepted_at is not None and compact.mentee_accepted_at is not None:
        _start(mentorship)
    else:
        notify(
            mentorship.other_id(user.id),
            f"{user.display_name} accepted your mentorship compact: accept it too to start.",
            link=_link(mentorship.id),
            kind="mentorship",
            actor_id=user.id,
        )
    return mentorship


def _conversation_specialty(mentorship: Mentorship) -> int:
    """The specialty the conversation is filed under (it shows on no public page): the
    mentor's first, else the mentee's first goal specialty, else any; live ones only,
    since a retired specialty takes no new threads. One query."""
    live = Specialty.retired_at.is_(None)
    order = (Specialty.position, Specialty.id)
    mentors = (
        select(Specialty.id)
        .join(mentor_specialties, mentor_specialties.c.specialty_id == Specialty.id)
        .where(mentor_specialties.c.user_id == mentorship.mentor_id, live)
        .order_by(*order)
        .limit(1)
    )
    mentees = (
        select(Specialty.id)
        .join(goal_specialties, goal_specialties.c.specialty_id == Specialty.id)
        .where(goal_specialties.c.user_id == mentorship.mentee_id, live)
        .order_by(*order)
        .limit(1)
    )
    anyone = select(Specialty.id).where(live).order_by(*order).limit(1)
    specialty_id = db.session.scalar(
        select(
            func.coalesce(
                mentors.scalar_subquery(), mentees.scalar_subquery(), anyone.scalar_subquery()
            )
        )
    )
    if specialty_id is None:
        raise Conflict("The forum has no specialty yet, so no conversation can be opened.")
    return specialty_id


def _start(mentorship: Mentorship) -> None:
    """Both accepted: start the mentorship, its goals, space and conversation (flushes)."""
    mentor, mentee = mentorship.mentor, mentorship.mentee
    require(
        can_post(mentee),
        f"The mentorship starts once {mentee.display_name} can post again: their "
        "request opens your conversation.",
    )
    compact = mentorship.compact
    mentorship.status = "active"
    mentorship.started_at = utcnow()
    mentorship.review_on = compact.review_on
    for position, title in enumerate(goal_lines(compact.goals)):
        db.session.add(MentorshipGoal(mentorship_id=mentorship.id, title=title, position=position))
    space = Space(name=f"Mentorship {mentorship.id}")
    space.members = [SpaceMember(user_id=mentor.id), SpaceMember(user_id=mentee.id)]
    db.session.add(space)
    db.session.flush()
    title = f"Mentorship: {mentee.display_name} with {mentor.display_name}"
    thread = threads.start_private_thread(
        mentee,
        space,
        title=" ".join(title.split())[:200],
        specialty_id=_conversation_specialty(mentorship),
        body=mentorship.request_message,
    )
    mentorship.space_id = space.id
    mentorship.thread_id = thread.id
    # Both are told of each other's messages, whatever their posting default says.
    for member in (mentor, mentee):
        watches.set_watch(member, "thread", thread.id, "watching")
    for member in (mentor, mentee):
        other = mentee if member is mentor else mentor
        notify(
            member.id,
            f"Your mentorship with {other.display_name} has started: your private "
            "conversation is open.",
            link=_link(mentorship.id),
            kind="mentorship",
            actor_id=None,
        )
