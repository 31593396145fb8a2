"""Page reads of a mentorship's life: the request page, "My mentorships" and the hub.

Each page costs a fixed number of queries whatever it shows: the request page one for
the mentor and their profile, one for the asker's goals and, when the asker may ask,
the counts that could stop them; "My mentorships" one query for every mentorship the
viewer is in, with both members' names; the hub one (access.get_mentorship: the
mentorship, both members and the compact) plus its goals once it started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from forum.auth.models import User
from forum.extensions import db
from forum.mentorship import access, requests
from forum.mentorship.models import MenteeGoals, MentorProfile, Mentorship, MentorshipGoal
from forum.permissions import can_request_mentorship
from forum.rows import Person, StrictRow

# How many closed (declined, withdrawn) mentorships "My mentorships" lists.
CLOSED_SHOWN = 50


@dataclass(frozen=True, slots=True)
class RequestPage:
    mentor: User
    profile: MentorProfile
    refusal: str | None  # why the viewer may not ask now (no form then)
    goals_text: str | None  # the viewer's stated goals: the message's first draft


def request_page(viewer: User, username: str) -> RequestPage:
    """:raises NotFound: no such member, or not an approved mentor."""
    mentor, profile = requests.mentor_profile(username)
    if can_request_mentorship(viewer, profile):
        refusal = requests.obstacle(viewer, mentor, profile)
    else:
        refusal = requests.request_refusal(viewer, mentor, profile)
    goals = db.session.scalar(select(MenteeGoals.text).where(MenteeGoals.user_id == viewer.id))
    return RequestPage(mentor, profile, refusal, goals)


@dataclass(frozen=True, slots=True)
class MentorshipRow(StrictRow):
    id: int
    status: str
    requested_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    mentor: Person
    mentee: Person
    i_mentor: bool

    @property
    def other(self) -> Person:
        return self.mentee if self.i_mentor else self.mentor


@dataclass(frozen=True, slots=True)
class MyMentorships:
    waiting_for_me: list[MentorshipRow]  # requests I was sent
    sent: list[MentorshipRow]  # requests I sent
    agreeing: list[MentorshipRow]
    active: list[MentorshipRow]
    ended: list[MentorshipRow]
    closed: list[MentorshipRow]  # declined or withdrawn

    @property
    def empty(self) -> bool:
        return not any(
            (self.waiting_for_me, self.sent, self.agreeing, self.active, self.ended, self.closed)
        )


def my_mentorships(viewer: User) -> MyMentorships:
    """Every mentorship `viewer` is in, by section, newest first: one query."""
    mentor, mentee = aliased(User), aliased(User)
    rows = db.session.execute(
        select(
            Mentorship.id,
            Mentorship.status,
            Mentorship.requested_at,
            Mentorship.started_at,
            Mentorship.ended_at,
            Mentorship.mentor_id,
            mentor.username,
            mentor.display_name,
            mentee.username,
            mentee.display_name,
        )
        .join(mentor, mentor.id == Mentorship.mentor_id)
        .join(mentee, mentee.id == Mentorship.mentee_id)
        .where(or_(Mentorship.mentor_id == viewer.id, Mentorship.mentee_id == viewer.id))
        .order_by(Mentorship.requested_at.desc(), Mentorship.id.desc())
    )
    found = MyMentorships([], [], [], [], [], [])
    for row in rows:
        item = MentorshipRow(
            id=row[0],
            status=row[1],
            requested_at=row[2],
            started_at=row[3],
            ended_at=row[4],
            mentor=Person(row[6], row[7]),
            mentee=Person(row[8], row[9]),
            i_mentor=row[5] == viewer.id,
        )
        if item.status == "requested":
            (found.waiting_for_me if item.i_mentor else found.sent).append(item)
        elif item.status in ("agreeing", "active", "ended"):
            getattr(found, item.status).append(item)
        elif len(found.closed) < CLOSED_SHOWN:
            found.closed.append(item)
    return found


@dataclass(frozen=True, slots=True)
class Hub:
    mentorship: Mentorship
    goals: list[str]  # the goals made from the compact, once it started
    is_mentor: bool

    @property
    def other(self) -> User:
        m = self.mentorship
        return m.mentee if self.is_mentor else m.mentor

    def name_of(self, user_id: int | None) -> str | None:
        """The display name of one of the two members (who edited, who ended)."""
        m = self.mentorship
        return {m.mentor_id: m.mentor.display_name, m.mentee_id: m.mentee.display_name}.get(user_id)


def hub(viewer: User, mentorship_id: int) -> Hub:
    """The mentorship's page for one of its members.

    :raises NotFound: no such mentorship, or `viewer` is not one of its two members.
    """
    mentorship = access.get_mentorship(viewer, mentorship_id)
    goals: list[str] = []
    if mentorship.status in ("active", "ended"):
        goals = list(
            db.session.scalars(
                select(MentorshipGoal.title)
                .where(MentorshipGoal.mentorship_id == mentorship.id)
                .order_by(MentorshipGoal.position, MentorshipGoal.id)
            )
        )
    return Hub(mentorship, goals, viewer.id == mentorship.mentor_id)
