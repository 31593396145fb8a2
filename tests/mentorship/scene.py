"""Rows for mentorship tests, written directly (not through the services under test)."""

from __future__ import annotations

from datetime import date, timedelta

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship.models import (
    Compact,
    MenteeGoals,
    MentorProfile,
    Mentorship,
    MentorshipGoal,
)
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from tests import factories


def make_mentor(
    username: str | None = None,
    *,
    specialties=(),
    topics=(),
    status: str = "approved",
    capacity: int = 2,
    accepting: bool = True,
    modes: str = "forum video",
    languages: str = "en",
    time_zone: str = "Europe/London",
    years: int = 12,
    statement: str = "I mentor early-career clinicians in research and practice.",
    role: str | None = None,
    **user_fields,
):
    """A user with a mentor profile in `status` (the mentor role when approved)."""
    role = role or ("mentor" if status == "approved" else "member")
    user = factories.make_user(role, username=username, **user_fields)
    profile = MentorProfile(
        user_id=user.id,
        status=status,
        statement=statement,
        years_in_practice=years,
        modes_text=modes,
        languages_text=languages,
        time_zone=time_zone,
        accepting=accepting,
        capacity=capacity,
        specialties=list(specialties),
        topics=list(topics),
    )
    db.session.add(profile)
    db.session.commit()
    return user


def set_goals(
    user,
    *,
    text: str = "I want to learn to run a pragmatic trial in my clinic.",
    specialties=(),
    topics=(),
    modes: str = "video",
    languages: str = "en",
    time_zone: str = "Europe/Lisbon",
):
    goals = MenteeGoals(
        user_id=user.id,
        text=text,
        modes_text=modes,
        languages_text=languages,
        time_zone=time_zone,
        specialties=list(specialties),
        topics=list(topics),
    )
    db.session.add(goals)
    db.session.commit()
    return goals


def make_mentorship(mentor, mentee, *, status: str = "requested", specialty=None, **fields):
    """A mentorship in `status`. From "agreeing" on it has a compact (accepted by both
    from "active" on); "active" and "ended" ones have their private space and thread."""
    if status in ("active", "ended"):
        specialty = specialty or factories.make_specialty()  # commits: before the rows below
    mentorship = Mentorship(
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        status=status,
        request_message=fields.pop("request_message", "Would you mentor me on trial design?"),
        **fields,
    )
    db.session.add(mentorship)
    db.session.flush()
    if status in ("agreeing", "active", "ended"):
        accepted = utcnow() if status != "agreeing" else None
        mentorship.compact = Compact(
            goals="Design a pragmatic trial\nPublish the protocol",
            meeting_frequency="monthly",
            modes_text="video",
            mentee_commitments="Come prepared with a draft.",
            mentor_commitments="Read drafts within a week.",
            review_on=date.today() + timedelta(days=90),
            mentor_accepted_at=accepted,
            mentee_accepted_at=accepted,
        )
    if status in ("active", "ended"):
        mentorship.started_at = utcnow()
        mentorship.review_on = mentorship.compact.review_on
        space = Space(name=f"Mentorship {mentorship.id}")
        space.members = [SpaceMember(user_id=mentor.id), SpaceMember(user_id=mentee.id)]
        db.session.add(space)
        db.session.flush()
        thread = threads.start_private_thread(
            mentee,
            space,
            title=f"Mentorship of {mentee.username} by {mentor.username}",
            specialty_id=specialty.id,
            body=mentorship.request_message,
        )
        mentorship.space_id = space.id
        mentorship.thread_id = thread.id
        for n, line in enumerate(mentorship.compact.goals.splitlines()):
            db.session.add(MentorshipGoal(mentorship_id=mentorship.id, title=line, position=n))
    if status == "ended":
        mentorship.ended_at = utcnow()
        mentorship.ended_by_id = mentee.id
        thread.is_locked = True
    db.session.commit()
    return mentorship
