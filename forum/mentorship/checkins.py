"""Check-ins on a mentorship's goals: a note (Markdown, rendered once here), the goal's
new status (the goal keeps its latest), maybe the accepted session it follows, and
maybe public threads as evidence.

Evidence is a list of this forum's threads, one a line, by address or number. Only
threads the author may see *and* that lists may show (public, not deleted:
visibility.is_listed) are accepted, so a check-in never points at a private space's
thread or a deleted one; the page shows each link only while its viewer may still
see it (work_queries). Anything else (another site, a script: URL, a post's or a
profile's address) is refused beside the field, without repeating what was typed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from forum import content, visibility
from forum.auth.models import User
from forum.exceptions import Invalid
from forum.extensions import db
from forum.mentorship import access
from forum.mentorship.models import (
    GOAL_STATUSES,
    CheckIn,
    MentoringSession,
    MentorshipGoal,
    checkin_threads,
)
from forum.notifications import notice_links
from forum.permissions import can_work_in_mentorship, require
from forum.request_guards import MAX_ID
from forum.threads.models import Thread
from forum.unit_of_work import unit_of_work

NOTE_LENGTH = 5000
MAX_EVIDENCE = 10
SUBMISSION_KEY_LENGTH = 64
_NUMBER = re.compile(r"#?(\d{1,12})")

READ_ONLY = "This mentorship has ended: its check-ins can be read, not added to."


def evidence_ids(text: str | None, site_hosts: frozenset[str] = frozenset()) -> list[int]:
    """The thread ids named by `text`, one a line ("12", "#12", "/threads/12",
    "https://<this site>/threads/12/…"), in order and without repeats.

    :raises Invalid: a line that names no thread of this site, or too many lines.
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_EVIDENCE:
        raise Invalid("evidence", f"Give at most {MAX_EVIDENCE} threads.")
    ids: list[int] = []
    for number, line in enumerate(lines, start=1):
        thread_id = _thread_id(line, site_hosts)
        if thread_id is None:
            raise Invalid(
                "evidence",
                f"Line {number} is not a thread of this forum: give its address "
                "(…/threads/12) or its number.",
            )
        if thread_id not in ids:
            ids.append(thread_id)
    return ids


def _thread_id(line: str, site_hosts: frozenset[str]) -> int | None:
    number = _NUMBER.fullmatch(line)
    if number:
        value = int(number.group(1))
        return value if 0 < value <= MAX_ID else None
    try:
        parts = urlsplit(line)
    except ValueError:  # "http://[x"
        return None
    if parts.scheme or parts.netloc:
        if parts.scheme.lower() not in ("http", "https") or parts.hostname is None:
            return None
        if parts.hostname.lower() not in site_hosts:
            return None
    found = notice_links.target(parts.path or "/")
    if found is None or found.endpoint != "threads.show":
        return None
    return int(found.values["thread_id"])


def check_evidence(viewer: User, thread_ids: list[int]) -> list[int]:
    """`thread_ids` if each is a thread `viewer` may see and lists may show.

    :raises Invalid: one is not (missing, private, deleted: all said alike).
    """
    if not thread_ids:
        return []
    threads = {
        thread.id: thread
        for thread in db.session.scalars(select(Thread).where(Thread.id.in_(thread_ids)))
    }
    for number, thread_id in enumerate(thread_ids, start=1):
        thread = threads.get(thread_id)
        # is_listed first: a listed thread is public, so can_see_thread reads no space.
        if (
            thread is None
            or not visibility.is_listed(thread)
            or not visibility.can_see_thread(viewer, thread)
        ):
            raise Invalid(
                "evidence",
                f"Evidence {number} is not a public thread of this forum: only threads "
                "anyone can read can be evidence.",
            )
    return thread_ids


def _submitted(author: User, key: str | None) -> CheckIn | None:
    if not key:
        return None
    return db.session.scalar(
        select(CheckIn).where(CheckIn.author_id == author.id, CheckIn.submission_key == key)
    )


def add_checkin(
    author: User,
    mentorship_id: int,
    *,
    goal_id: int | None,
    status: str | None,
    note: str | None,
    evidence: str | None = None,
    session_id: int | None = None,
    submission_key: str | None = None,
    site_hosts: frozenset[str] = frozenset(),
) -> CheckIn:
    """Add a check-in on one of the mentorship's goals and set the goal's status; the
    same form submitted again returns the first check-in it made.

    :raises NotFound: `author` is not a member. :raises NotAllowed: the mentorship is not
    active. :raises Invalid: a goal or session not of this mentorship, a bad status, an
    empty or too long note, or evidence that is not a public thread.
    """
    key = (submission_key or "")[:SUBMISSION_KEY_LENGTH] or None
    try:
        with unit_of_work():
            mentorship = access.get_mentorship(author, mentorship_id, lock=True)
            earlier = _submitted(author, key)
            if earlier is not None:
                return earlier
            require(can_work_in_mentorship(author, mentorship), READ_ONLY)
            goal = db.session.get(MentorshipGoal, goal_id) if goal_id else None
            if goal is None or goal.mentorship_id != mentorship.id:
                raise Invalid("goal_id", "Choose one of this mentorship's goals.")
            if status not in GOAL_STATUSES:
                raise Invalid("status", "Choose a status from the list.")
            note = (note or "").strip()
            if not note:
                raise Invalid("note", "Write a few words on the progress.")
            if len(note) > NOTE_LENGTH:
                raise Invalid("note", f"Keep the note under {NOTE_LENGTH:,} characters.")
            if session_id is not None:
                _check_session(mentorship.id, session_id)
            thread_ids = check_evidence(author, evidence_ids(evidence, site_hosts))
            checkin = CheckIn(
                mentorship_id=mentorship.id,
                goal_id=goal.id,
                session_id=session_id,
                author_id=author.id,
                status=status,
                note_md=note,
                note_html=content.render_markdown(note),
                submission_key=key,
            )
            db.session.add(checkin)
            goal.status = status
            db.session.flush()
            if thread_ids:
                db.session.execute(
                    insert(checkin_threads),
                    [{"checkin_id": checkin.id, "thread_id": t} for t in thread_ids],
                )
    except IntegrityError:
        earlier = _submitted(author, key)  # the same form sent twice at once
        if earlier is None:
            raise
        return earlier
    return checkin


def _check_session(mentorship_id: int, session_id: int) -> None:
    """:raises Invalid: not an accepted session of this mentorship."""
    found = db.session.scalar(
        select(MentoringSession.id).where(
            MentoringSession.id == session_id,
            MentoringSession.mentorship_id == mentorship_id,
            MentoringSession.status == "accepted",
        )
    )
    if found is None:
        raise Invalid("session_id", "Choose one of this mentorship's accepted sessions.")
