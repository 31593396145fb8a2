"""Loading a mentorship for its viewer, and the time zone each member reads times in.

Every page and action of a mentorship starts with `get_mentorship`: it answers 404
(visibility.require_mentorship) to everyone but its two members, staff included, so
no view or service repeats that rule. Services that change a mentorship load it with
`lock=True`, so two members acting at once (both accepting the compact) take turns.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forum import visibility
from forum.auth.models import User
from forum.extensions import db
from forum.mentorship.models import MenteeGoals, MentorProfile, Mentorship

# Mentorships that hold one of a mentor's places (capacity): agreed or being agreed.
CAPACITY_STATUSES = ("agreeing", "active")
DEFAULT_ZONE = "UTC"


def get_mentorship(viewer: User | None, mentorship_id: int, *, lock: bool = False) -> Mentorship:
    """The mentorship `mentorship_id` with its mentor, mentee and compact, for `viewer`.

    :raises NotFound: there is no such mentorship, or `viewer` is not one of its members.
    """
    statement = (
        select(Mentorship)
        .where(Mentorship.id == mentorship_id)
        .options(
            joinedload(Mentorship.mentor),
            joinedload(Mentorship.mentee),
            joinedload(Mentorship.compact),
        )
    )
    if lock:
        # Refresh a mentorship this request already loaded from the locked row.
        statement = statement.with_for_update(of=Mentorship).execution_options(
            populate_existing=True
        )
    mentorship = db.session.scalars(statement).unique().one_or_none()
    return visibility.require_mentorship(viewer, mentorship)


def places_taken(mentor_id: int) -> int:
    """How many of the mentor's places are held (CAPACITY_STATUSES)."""
    return db.session.scalar(
        select(func.count(Mentorship.id)).where(
            Mentorship.mentor_id == mentor_id, Mentorship.status.in_(CAPACITY_STATUSES)
        )
    )


# ---- time zones ------------------------------------------------------------------


def valid_zone(name: str | None) -> bool:
    """Whether `name` is an IANA time zone this machine knows ("Europe/Lisbon")."""
    if not name or name != name.strip() or "/" not in name and name != "UTC":
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_choices() -> list[tuple[str, str]]:
    """(name, label) for every IANA zone, for a select (UTC first)."""
    names = sorted(
        n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/"))
    )
    return [(DEFAULT_ZONE, "UTC"), *((n, n.replace("_", " ")) for n in names)]


def zone_of(user_id: int) -> str:
    """The zone `user_id` reads times in: their mentor profile's, else their goals', else UTC."""
    mentor = select(MentorProfile.time_zone).where(MentorProfile.user_id == user_id)
    goals = select(MenteeGoals.time_zone).where(MenteeGoals.user_id == user_id)
    return db.session.scalar(mentor) or db.session.scalar(goals) or DEFAULT_ZONE


def in_zone(moment: datetime | None, zone: str) -> Markup:
    """`moment` as a <time> element in `zone`: "Tue 8 Dec 2026, 14:30 (Europe/Lisbon)"."""
    if moment is None:
        return Markup("")
    local = moment.astimezone(ZoneInfo(zone if valid_zone(zone) else DEFAULT_ZONE))
    shown = local.strftime("%a %-d %b %Y, %H:%M")
    return Markup('<time datetime="{}">{} ({})</time>').format(
        moment.isoformat(timespec="minutes"), shown, zone
    )
