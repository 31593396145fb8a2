"""Tele-mentoring sessions: either side proposes one, the other accepts it, declines it or
proposes another time (which supersedes it); either side cancels a proposed or
accepted one (permissions.can_respond_to_session, can_cancel_session).

Times are stored in UTC. A proposal's date and time are read in the proposer's own
zone (access.zone_of): a wall time the clocks skip (a spring-forward gap) is refused
beside the field, and one that happens twice (an autumn fold) is taken as its first
occurrence, which the page says. Each answer is a conditional UPDATE from the state
the member saw, so two answers at once (one accepts while the other cancels) cannot
both land: the second finds the state changed and is told so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotFound
from forum.extensions import db
from forum.mentorship import access
from forum.mentorship.models import SESSION_MODES, MentoringSession, Mentorship
from forum.notifications.notices import notify
from forum.permissions import (
    can_cancel_session,
    can_respond_to_session,
    can_work_in_mentorship,
    require,
)
from forum.unit_of_work import transactional, unit_of_work

MIN_MINUTES, MAX_MINUTES = 15, 240
AGENDA_LENGTH = 2000
SUBMISSION_KEY_LENGTH = 64
# How far ahead a session may be proposed.
MAX_AHEAD = timedelta(days=366)

READ_ONLY = "This mentorship has ended: its sessions can be read, not changed."
ALREADY_ANSWERED = "That proposal was already answered or cancelled: nothing changed."
NOT_YOURS_TO_ANSWER = "The other side answers a proposal you made; you can cancel it."


class SessionChanged(Conflict):
    """The session is no longer in the state the member acted on."""


@dataclass(frozen=True, slots=True)
class LocalTime:
    """A proposal's wall time resolved in a zone: `ambiguous` when it happens twice."""

    starts_at: datetime  # UTC
    ambiguous: bool


def local_to_utc(day: date, clock: time, zone_name: str) -> LocalTime:
    """The UTC moment of `day` `clock` on the wall clocks of `zone_name`.

    :raises Invalid: the clocks skip that time there (a daylight-saving gap).
    """
    zone = ZoneInfo(zone_name if access.valid_zone(zone_name) else access.DEFAULT_ZONE)
    naive = datetime.combine(day, clock.replace(second=0, microsecond=0))
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise Invalid(
            "clock",
            f"{naive:%H:%M} does not exist on {naive:%-d %b %Y} in {zone_name}: the clocks "
            "go forward then. Choose a time an hour later or earlier.",
        )
    ambiguous = first.utcoffset() != second.utcoffset()
    return LocalTime(first.astimezone(UTC), ambiguous)


def local_text(moment: datetime, zone_name: str) -> str:
    """`moment` as plain text in `zone_name`: "Tue 8 Dec 2026, 14:30 (Europe/Lisbon)"."""
    zone = zone_name if access.valid_zone(zone_name) else access.DEFAULT_ZONE
    return f"{moment.astimezone(ZoneInfo(zone)):%a %-d %b %Y, %H:%M} ({zone})"


def _clean(
    day: date | None, clock: time | None, minutes, mode, agenda, zone: str, now: datetime
) -> tuple[LocalTime, int, str, str]:
    """:raises Invalid: a missing, past, too distant or skipped time, a bad length, an
    unknown mode or an empty or too long agenda."""
    if day is None:
        raise Invalid("day", "Give the date, as 2026-12-08.")
    if clock is None:
        raise Invalid("clock", "Give the start time, as 14:30.")
    if not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise Invalid("minutes", f"A session lasts from {MIN_MINUTES} to {MAX_MINUTES} minutes.")
    if mode not in SESSION_MODES:
        raise Invalid("mode", "Choose how you will meet from the list.")
    agenda = (agenda or "").strip()
    if not agenda:
        raise Invalid("agenda", "Say what you would like to talk about.")
    if len(agenda) > AGENDA_LENGTH:
        raise Invalid("agenda", f"Keep the agenda under {AGENDA_LENGTH:,} characters.")
    try:
        local = local_to_utc(day, clock, zone)
    except OverflowError:  # a date at the very end of the calendar
        raise Invalid("day", "Choose a date within the next year.") from None
    if local.starts_at <= now:
        raise Invalid("day", f"That time has passed in {zone}: propose a time to come.")
    if local.starts_at > now + MAX_AHEAD:
        raise Invalid("day", "Choose a date within the next year.")
    return local, minutes, mode, agenda


def _submitted(user: User, key: str | None) -> MentoringSession | None:
    if not key:
        return None
    return db.session.scalar(
        select(MentoringSession).where(
            MentoringSession.proposed_by_id == user.id, MentoringSession.submission_key == key
        )
    )


def _session_of(mentorship: Mentorship, session_id: int) -> MentoringSession:
    """:raises NotFound: no such session in this mentorship."""
    found = db.session.scalar(
        select(MentoringSession).where(
            MentoringSession.id == session_id, MentoringSession.mentorship_id == mentorship.id
        )
    )
    if found is None:
        raise NotFound("There is no such session.")
    return found


def _tell_other(mentorship: Mentorship, actor: User, message: str) -> None:
    notify(
        mentorship.other_id(actor.id),
        message,
        link=f"/mentorships/{mentorship.id}/sessions",
        kind="mentorship",
        actor_id=actor.id,
    )


def work_refusal(mentorship: Mentorship) -> str:
    return READ_ONLY if mentorship.status == "ended" else "This mentorship is not active."


def propose_session(
    user: User,
    mentorship_id: int,
    *,
    day: date | None,
    clock: time | None,
    minutes: int | None,
    mode: str | None,
    agenda: str | None,
    submission_key: str | None = None,
    replaces_id: int | None = None,
    now: datetime | None = None,
) -> tuple[MentoringSession, LocalTime]:
    """Propose a session (or, with `replaces_id`, answer that proposal with another time,
    which supersedes it), read in `user`'s own zone, and tell the other side. The same
    form submitted again returns the first proposal it made.

    :raises NotFound: not a member, or no such proposal. :raises NotAllowed: not active,
    or not theirs to answer. :raises Invalid: a bad field. :raises SessionChanged: the
    proposal was answered meanwhile.
    """
    key = (submission_key or "")[:SUBMISSION_KEY_LENGTH] or None
    now = now or utcnow()
    try:
        with unit_of_work():
            mentorship = access.get_mentorship(user, mentorship_id, lock=True)
            earlier = _submitted(user, key)
            if earlier is not None and earlier.mentorship_id == mentorship.id:
                return earlier, LocalTime(earlier.starts_at, False)
            require(can_work_in_mentorship(user, mentorship), work_refusal(mentorship))
            old = None
            if replaces_id is not None:
                old = _session_of(mentorship, replaces_id)
                if old.status != "proposed":
                    raise SessionChanged(ALREADY_ANSWERED)
                require(can_respond_to_session(user, mentorship, old), NOT_YOURS_TO_ANSWER)
            zone = access.zone_of(user.id)
            local, minutes, mode, agenda = _clean(day, clock, minutes, mode, agenda, zone, now)
            if old is not None:
                _move(old, ("proposed",), status="superseded", responded_at=now)
            session = MentoringSession(
                mentorship_id=mentorship.id,
                proposed_by_id=user.id,
                starts_at=local.starts_at,
                minutes=minutes,
                mode=mode,
                agenda=agenda,
                replaces_id=old.id if old is not None else None,
                submission_key=key,
            )
            db.session.add(session)
            db.session.flush()
            what = "proposed another time for your session" if old else "proposed a session"
            other_zone = access.zone_of(mentorship.other_id(user.id))
            _tell_other(
                mentorship,
                user,
                f"{user.display_name} {what}: {local_text(local.starts_at, other_zone)}, "
                f"{minutes} minutes. Accept it or propose another time.",
            )
    except IntegrityError:
        earlier = _submitted(user, key)  # the same form sent twice at once
        if earlier is None:
            raise
        return earlier, LocalTime(earlier.starts_at, False)
    return session, local


def _move(session: MentoringSession, expected: tuple[str, ...], **values) -> None:
    """Change `session` only if it is still in `expected`, in one UPDATE.

    :raises SessionChanged: another answer changed it first.
    """
    done = db.session.execute(
        update(MentoringSession)
        .where(MentoringSession.id == session.id, MentoringSession.status.in_(expected))
        .values(**values),
        execution_options={"synchronize_session": False},
    ).rowcount
    if not done:
        raise SessionChanged(ALREADY_ANSWERED)
    db.session.expire(session)


def _answer(user: User, mentorship_id: int, session_id: int):
    mentorship = access.get_mentorship(user, mentorship_id, lock=True)
    session = _session_of(mentorship, session_id)
    require(can_work_in_mentorship(user, mentorship), work_refusal(mentorship))
    if session.status != "proposed":
        raise SessionChanged(ALREADY_ANSWERED)
    require(can_respond_to_session(user, mentorship, session), NOT_YOURS_TO_ANSWER)
    return mentorship, session


@transactional
def accept_session(
    user: User, mentorship_id: int, session_id: int, *, now: datetime | None = None
) -> MentoringSession:
    """Accept the other side's proposal (it gets a calendar file and a reminder).

    :raises NotFound: not a member, or no such session. :raises NotAllowed: their own
    proposal, or not active. :raises SessionChanged: already answered.
    :raises Invalid: its time has passed.
    """
    now = now or utcnow()
    mentorship, session = _answer(user, mentorship_id, session_id)
    if session.starts_at <= now:
        raise Invalid("session", "That time has passed: propose another time instead.")
    starts_at = session.starts_at
    _move(session, ("proposed",), status="accepted", responded_at=now)
    zone = access.zone_of(mentorship.other_id(user.id))
    _tell_other(
        mentorship,
        user,
        f"{user.display_name} accepted the session on {local_text(starts_at, zone)}.",
    )
    return session


@transactional
def decline_session(
    user: User, mentorship_id: int, session_id: int, *, now: datetime | None = None
) -> MentoringSession:
    """Decline the other side's proposal. :raises: as accept_session."""
    mentorship, session = _answer(user, mentorship_id, session_id)
    starts_at = session.starts_at
    _move(session, ("proposed",), status="declined", responded_at=now or utcnow())
    zone = access.zone_of(mentorship.other_id(user.id))
    _tell_other(
        mentorship,
        user,
        f"{user.display_name} declined the session proposed for {local_text(starts_at, zone)}.",
    )
    return session


@transactional
def cancel_session(
    user: User, mentorship_id: int, session_id: int, *, now: datetime | None = None
) -> MentoringSession:
    """Cancel a proposed or accepted session (either side); an accepted one's calendar
    SEQUENCE goes up. :raises NotFound: as accept_session. :raises NotAllowed: not
    active. :raises SessionChanged: already closed."""
    mentorship = access.get_mentorship(user, mentorship_id, lock=True)
    session = _session_of(mentorship, session_id)
    require(can_work_in_mentorship(user, mentorship), work_refusal(mentorship))
    if not can_cancel_session(user, mentorship, session):
        raise SessionChanged(ALREADY_ANSWERED)
    starts_at, was = session.starts_at, session.status
    _move(
        session,
        (was,),
        status="cancelled",
        responded_at=now or utcnow(),
        sequence=MentoringSession.sequence + (1 if was == "accepted" else 0),
    )
    zone = access.zone_of(mentorship.other_id(user.id))
    _tell_other(
        mentorship,
        user,
        f"{user.display_name} cancelled the session on {local_text(starts_at, zone)}.",
    )
    return session


def accepted_session(viewer: User, mentorship_id: int, session_id: int):
    """The accepted session `session_id` of the mentorship, with the mentorship, for its
    calendar file. :raises NotFound: not a member, no such session, or not accepted."""
    mentorship = access.get_mentorship(viewer, mentorship_id)
    session = _session_of(mentorship, session_id)
    if session.status != "accepted":
        raise NotFound("Only an accepted session has a calendar file.")
    return mentorship, session
