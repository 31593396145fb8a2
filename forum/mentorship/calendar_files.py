"""The iCalendar (.ics) file of an accepted session, for calendar apps (RFC 5545).

Built with the icalendar library, which folds long lines at 75 octets and escapes
commas, semicolons and newlines. The UID is stable per session, so importing the file
again updates the event instead of adding one; SEQUENCE rises when an accepted session
changes (sessions.py), as calendar apps expect of an update.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from forum.mentorship.models import SESSION_MODES, MentoringSession, Mentorship

PRODID = "-//Rounds//Mentorship sessions//EN"


def session_uid(session: MentoringSession, host: str) -> str:
    """The event's UID: the same for every download of this session."""
    return f"session-{session.id}@{host}"


def session_calendar(
    mentorship: Mentorship,
    session: MentoringSession,
    *,
    host: str,
    url: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The .ics file of `session` (accepted) between the mentorship's two members."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    starts = session.starts_at.astimezone(UTC)
    event.add("uid", session_uid(session, host))
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=session.minutes))
    event.add("sequence", session.sequence)
    event.add("status", "CONFIRMED")
    mode = SESSION_MODES.get(session.mode, session.mode)
    event.add(
        "summary",
        f"Mentoring session: {mentorship.mentor.display_name} and "
        f"{mentorship.mentee.display_name} ({mode})",
    )
    event.add("description", session.agenda)
    if url:
        event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
