"""Page reads inside a mentorship (check-ins, sessions) and the staff's reports page.

Each page loads what its template shows in a fixed number of queries, into rows
(forum/rows.py), so templates never lazy-load. The mentorship itself comes from
access.get_mentorship, which has already answered 404 to everyone but its members.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from forum import visibility
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship import access
from forum.mentorship.models import (
    GOAL_STATUSES,
    SESSION_MODES,
    CheckIn,
    MentoringSession,
    Mentorship,
    MentorshipGoal,
    MessageReport,
    checkin_threads,
)
from forum.mentorship.sessions import local_text
from forum.moderation.models import FLAG_REASONS
from forum.pagination import Page, check_page
from forum.permissions import can_cancel_session, can_respond_to_session, can_work_in_mentorship
from forum.rows import Person, StrictRow
from forum.threads.models import Thread

CHECKINS_PER_PAGE = 20
PAST_SESSIONS = 30
SESSION_CHOICES = 20
REPORTS_PER_PAGE = 20


@dataclass(frozen=True, slots=True)
class GoalRow(StrictRow):
    id: int
    title: str
    status: str

    @property
    def status_label(self) -> str:
        return GOAL_STATUSES.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class Evidence(StrictRow):
    id: int
    title: str


@dataclass(frozen=True, slots=True)
class CheckInRow(StrictRow):
    id: int
    goal_title: str | None
    status: str
    note_html: str
    created_at: datetime
    author: Person
    session_starts_at: datetime | None
    evidence: list[Evidence]

    @property
    def status_label(self) -> str:
        return GOAL_STATUSES.get(self.status, self.status)


@dataclass
class CheckInsPage:
    mentorship: Mentorship
    goals: list[GoalRow]
    checkins: Page  # of CheckInRow
    zone: str
    can_add: bool
    session_choices: list[tuple[int, str]]


def checkins_page(viewer: User, mentorship: Mentorship, page: int) -> CheckInsPage:
    """The goals, a page of check-ins (newest first) with the evidence the viewer may
    still see, and the sessions a new check-in may follow (6 queries)."""
    goals = [
        GoalRow(*row)
        for row in db.session.execute(
            select(MentorshipGoal.id, MentorshipGoal.title, MentorshipGoal.status)
            .where(MentorshipGoal.mentorship_id == mentorship.id)
            .order_by(MentorshipGoal.position, MentorshipGoal.id)
        )
    ]
    total = db.session.scalar(
        select(func.count(CheckIn.id)).where(CheckIn.mentorship_id == mentorship.id)
    )
    check_page(page, total, CHECKINS_PER_PAGE)
    rows = db.session.execute(
        select(
            CheckIn.id,
            MentorshipGoal.title,
            CheckIn.status,
            CheckIn.note_html,
            CheckIn.created_at,
            User.username,
            User.display_name,
            MentoringSession.starts_at,
        )
        .join(User, User.id == CheckIn.author_id)
        .outerjoin(MentorshipGoal, MentorshipGoal.id == CheckIn.goal_id)
        .outerjoin(MentoringSession, MentoringSession.id == CheckIn.session_id)
        .where(CheckIn.mentorship_id == mentorship.id)
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
        .limit(CHECKINS_PER_PAGE)
        .offset((page - 1) * CHECKINS_PER_PAGE)
    ).all()
    evidence = _evidence(viewer, [row[0] for row in rows])
    checkins = [
        CheckInRow(
            *row[:5],
            author=Person(row[5], row[6]),
            session_starts_at=row[7],
            evidence=evidence.get(row[0], []),
        )
        for row in rows
    ]
    zone = access.zone_of(viewer.id)
    can_add = can_work_in_mentorship(viewer, mentorship)
    return CheckInsPage(
        mentorship,
        goals,
        Page(checkins, page, CHECKINS_PER_PAGE, total),
        zone,
        can_add,
        session_choices(mentorship, zone) if can_add else [],
    )


def _evidence(viewer: User, checkin_ids: list[int]) -> dict[int, list[Evidence]]:
    """Each check-in's evidence threads that `viewer` may see and lists show, today: a
    thread deleted or moved into a space since is left out, not shown as a dead link."""
    if not checkin_ids:
        return {}
    found: dict[int, list[Evidence]] = defaultdict(list)
    rows = db.session.execute(
        select(checkin_threads.c.checkin_id, Thread.id, Thread.title)
        .join(Thread, Thread.id == checkin_threads.c.thread_id)
        .where(
            checkin_threads.c.checkin_id.in_(checkin_ids),
            visibility.listed_threads(viewer),
            visibility.visible_threads(viewer),
        )
        .order_by(checkin_threads.c.checkin_id, Thread.id)
    )
    for checkin_id, thread_id, title in rows:
        found[checkin_id].append(Evidence(thread_id, title))
    return found


def session_choices(mentorship: Mentorship, zone: str) -> list[tuple[int, str]]:
    """(id, label) of the accepted sessions a check-in may follow, newest first."""
    rows = db.session.execute(
        select(MentoringSession.id, MentoringSession.starts_at)
        .where(
            MentoringSession.mentorship_id == mentorship.id,
            MentoringSession.status == "accepted",
        )
        .order_by(MentoringSession.starts_at.desc())
        .limit(SESSION_CHOICES)
    )
    return [(session_id, local_text(starts_at, zone)) for session_id, starts_at in rows]


def goal_choices(goals: list[GoalRow]) -> list[tuple[int, str]]:
    return [(goal.id, goal.title) for goal in goals]


# ---- sessions --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionRow(StrictRow):
    id: int
    starts_at: datetime
    minutes: int
    mode: str
    agenda: str
    status: str
    proposed_by: Person
    proposed_by_id: int
    replaces_id: int | None
    can_respond: bool
    can_cancel: bool

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def mode_label(self) -> str:
        return SESSION_MODES.get(self.mode, self.mode)


@dataclass
class SessionsPage:
    mentorship: Mentorship
    upcoming: list[SessionRow]
    past: list[SessionRow]
    zone: str
    can_propose: bool


def sessions_page(viewer: User, mentorship: Mentorship, now: datetime | None = None):
    """Proposed and accepted sessions to come (soonest first), and the others (latest
    first, PAST_SESSIONS of them), in the viewer's zone (3 queries)."""
    now = now or utcnow()
    proposer = aliased(User)
    coming = and_(
        MentoringSession.status.in_(("proposed", "accepted")), MentoringSession.starts_at > now
    )
    columns = (
        MentoringSession.id,
        MentoringSession.starts_at,
        MentoringSession.minutes,
        MentoringSession.mode,
        MentoringSession.agenda,
        MentoringSession.status,
        proposer.username,
        proposer.display_name,
        MentoringSession.proposed_by_id,
        MentoringSession.replaces_id,
    )
    base = (
        select(*columns)
        .join(proposer, proposer.id == MentoringSession.proposed_by_id)
        .where(MentoringSession.mentorship_id == mentorship.id)
    )
    upcoming = db.session.execute(
        base.where(coming).order_by(MentoringSession.starts_at, MentoringSession.id)
    ).all()
    past = db.session.execute(
        base.where(~coming)
        .order_by(MentoringSession.starts_at.desc(), MentoringSession.id.desc())
        .limit(PAST_SESSIONS)
    ).all()
    return SessionsPage(
        mentorship,
        [_session_row(viewer, mentorship, row) for row in upcoming],
        [_session_row(viewer, mentorship, row) for row in past],
        access.zone_of(viewer.id),
        can_work_in_mentorship(viewer, mentorship),
    )


def _session_row(viewer: User, mentorship: Mentorship, row) -> SessionRow:
    session = MentoringSession(id=row[0], status=row[5], proposed_by_id=row[8])
    return SessionRow(
        *row[:6],
        proposed_by=Person(row[6], row[7]),
        proposed_by_id=row[8],
        replaces_id=row[9],
        can_respond=can_respond_to_session(viewer, mentorship, session),
        can_cancel=can_cancel_session(viewer, mentorship, session),
    )


# ---- the staff's reports page ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportRow(StrictRow):
    """One open report: the message's copy, its author and the reason; nothing of the
    space it came from (no thread, no link, no neighbouring message)."""

    id: int
    reason: str
    text: str | None
    message_html: str
    message_created_at: datetime
    created_at: datetime
    author: Person
    reporter: Person

    @property
    def reason_label(self) -> str:
        return FLAG_REASONS.get(self.reason, self.reason)


def private_reports(page: int) -> Page:
    """Open reports of private messages, oldest first, "privacy" ones first (2 queries)."""
    total = db.session.scalar(
        select(func.count(MessageReport.id)).where(MessageReport.status == "open")
    )
    check_page(page, total, REPORTS_PER_PAGE)
    author, reporter = aliased(User), aliased(User)
    rows = db.session.execute(
        select(
            MessageReport.id,
            MessageReport.reason,
            MessageReport.text,
            MessageReport.message_html,
            MessageReport.message_created_at,
            MessageReport.created_at,
            author.username,
            author.display_name,
            reporter.username,
            reporter.display_name,
        )
        .join(author, author.id == MessageReport.author_id)
        .join(reporter, reporter.id == MessageReport.reporter_id)
        .where(MessageReport.status == "open")
        .order_by((MessageReport.reason != "privacy"), MessageReport.created_at, MessageReport.id)
        .limit(REPORTS_PER_PAGE)
        .offset((page - 1) * REPORTS_PER_PAGE)
    ).all()
    items = [
        ReportRow(*row[:6], author=Person(row[6], row[7]), reporter=Person(row[8], row[9]))
        for row in rows
    ]
    return Page(items, page, REPORTS_PER_PAGE, total)
