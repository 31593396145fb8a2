"""A member's mentoring goals: what "Suggested mentors" (goal_queries, matching) ranks by.

Goals are free text plus chosen specialties and research topics, preferred modes
(MODES), languages (LANGUAGES) and the member's IANA time zone. Any active member
states or changes their own (permissions.can_set_goals); there is one row per member.
Retired specialties and topics are not offered, but goals that already name one keep it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from forum.auth.models import User
from forum.auth.service import suspension_refusal
from forum.dbtypes import utcnow
from forum.exceptions import Invalid
from forum.extensions import db
from forum.mentorship.access import valid_zone
from forum.mentorship.models import LANGUAGES, MODES, MenteeGoals, join_codes
from forum.permissions import can_set_goals, require
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.unit_of_work import transactional

TEXT_LENGTH = 2000
MAX_SPECIALTIES = 5
MAX_TOPICS = 10


def _clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid("text", "Say in a few words what you would like a mentor's help with.")
    if len(text) > TEXT_LENGTH:
        raise Invalid("text", f"Keep your goals under {TEXT_LENGTH:,} characters.")
    return text


def _clean_codes(field: str, values: Iterable[str], allowed: dict, what: str) -> str:
    values = list(values or ())
    if any(value not in allowed for value in values):
        raise Invalid(field, f"Choose {what} from the list.")
    return join_codes(values, allowed)


def _ids(field: str, values: Iterable[int], most: int, what: str) -> list[int]:
    ids = []
    for value in values or ():
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(field, f"Choose {what} from the list.")
        if value not in ids:
            ids.append(value)
    if len(ids) > most:
        raise Invalid(field, f"Choose at most {most} {what}.")
    return ids


def _chosen(model, field: str, ids: list[int], kept: set[int], what: str) -> list:
    """The rows of `ids`, each existing and open (or already in the goals: `kept`)."""
    if not ids:
        return []
    rows = db.session.scalars(select(model).where(model.id.in_(ids))).all()
    usable = {row.id: row for row in rows if row.retired_at is None or row.id in kept}
    if len(usable) != len(ids):
        raise Invalid(field, f"Choose {what} from the list.")
    return [usable[i] for i in ids]


def _existing(user_id: int) -> MenteeGoals | None:
    return db.session.scalar(
        select(MenteeGoals)
        .where(MenteeGoals.user_id == user_id)
        .options(selectinload(MenteeGoals.specialties), selectinload(MenteeGoals.topics))
        .with_for_update(of=MenteeGoals)
    )


@transactional
def _save(user: User, text, specialty_ids, topic_ids, modes, languages, zone) -> MenteeGoals:
    goals = _existing(user.id)
    kept_specialties = {s.id for s in goals.specialties} if goals else set()
    kept_topics = {t.id for t in goals.topics} if goals else set()
    specialties = _chosen(Specialty, "specialties", specialty_ids, kept_specialties, "specialties")
    topics = _chosen(ResearchTopic, "topics", topic_ids, kept_topics, "research topics")
    if goals is None:
        goals = MenteeGoals(user_id=user.id, specialties=[], topics=[])
        db.session.add(goals)
    goals.text = text
    goals.specialties = specialties
    goals.topics = topics
    goals.modes_text = modes
    goals.languages_text = languages
    goals.time_zone = zone
    goals.updated_at = utcnow()
    # Two first submits racing: the second's INSERT fails here, inside the unit of work.
    db.session.flush()
    return goals


def set_goals(
    user: User,
    *,
    text: str,
    specialty_ids: Iterable[int] = (),
    topic_ids: Iterable[int] = (),
    modes: Iterable[str] = (),
    languages: Iterable[str] = (),
    time_zone: str = "UTC",
) -> MenteeGoals:
    """State or replace `user`'s own mentoring goals.

    :raises NotAllowed: not an active member. :raises Invalid: empty or too long a text,
    unknown or retired specialties or topics (or too many), unknown modes or
    languages, or a time zone this machine does not know.
    """
    require(can_set_goals(user), refusal(user))
    text = _clean_text(text)
    specialty_ids = _ids("specialties", specialty_ids, MAX_SPECIALTIES, "specialties")
    topic_ids = _ids("topics", topic_ids, MAX_TOPICS, "research topics")
    modes = _clean_codes("modes", modes, MODES, "how you would like to be mentored")
    languages = _clean_codes("languages", languages, LANGUAGES, "languages")
    if not isinstance(time_zone, str) or not valid_zone(time_zone):
        raise Invalid("time_zone", "Choose your time zone from the list.")
    arguments = (user, text, specialty_ids, topic_ids, modes, languages, time_zone)
    try:
        return _save(*arguments)
    except IntegrityError:
        # The same member's other submit made the row first: this one replaces it.
        return _save(*arguments)


def refusal(user: User | None) -> str:
    """What a member who may not set goals is told (a suspended one: until when)."""
    if user is not None and getattr(user, "is_authenticated", False) and user.is_suspended:
        return suspension_refusal(user, "change your mentoring goals")
    return "Sign in to state your mentoring goals."
