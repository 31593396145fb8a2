"""How each member wants each kind of notification emailed: immediately, in a digest, never.

A member's choice for a kind is an EmailPreference row; no row means DEFAULT_CADENCE.
The same rule is given as SQL (`cadence_column`) for the email drains, which pick
notifications by their recipient's cadence in one query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import and_, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from forum.exceptions import Invalid
from forum.extensions import db
from forum.notifications.models import (
    CADENCES,
    DEFAULT_CADENCE,
    KINDS,
    EmailPreference,
    Notification,
)
from forum.unit_of_work import transactional

if TYPE_CHECKING:
    from forum.auth.models import User

# What the settings page and the unsubscribe pages call each kind.
KIND_LABELS = {
    "reply": "Replies to your posts",
    "mention": "Mentions of your username",
    "accepted": "Your answer accepted",
    "watched": "New posts in threads you watch",
    "helpful": "Colleagues finding your posts helpful",
    "new_question": "New questions in specialties and topics you watch",
    "moderation": "Messages from moderators",
    "mentorship": "Your mentorships: requests, compacts, sessions and reminders",
}
CADENCE_LABELS = {"immediately": "Immediately", "digest": "In the digest", "never": "Never"}
# The unsubscribe link in a digest turns off every kind the member gets in digests.
DIGEST = "digest"


def mail_enabled() -> bool:
    """Notification email is sent only when MAIL_SERVER is set (no outbox rows otherwise)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def digest_hours() -> int:
    """How often a member's digest may come, in hours (DIGEST_HOURS, 24 by default)."""
    return max(1, int(current_app.config.get("DIGEST_HOURS") or 24))


def digest_name() -> str:
    """ "the daily digest", or "the digest (every 12 hours)" when DIGEST_HOURS says so."""
    hours = digest_hours()
    if hours == 24:
        return "the daily digest"
    if hours % 24 == 0:
        return f"the digest (every {hours // 24} days)"
    return f"the digest (every {hours} hours)"


def cadence_choices() -> list[tuple[str, str]]:
    """(cadence, label) for the settings form, the digest's period named."""
    return [
        (cadence, f"In {digest_name()}" if cadence == "digest" else CADENCE_LABELS[cadence])
        for cadence in CADENCES
    ]


def cadence_column():
    """SQL: the cadence of Notification's recipient for its kind (outer-join EmailPreference
    with `preference_join()`)."""
    default = case(DEFAULT_CADENCE, value=Notification.kind, else_="never")
    return func.coalesce(EmailPreference.cadence, default)


def preference_join():
    """The ON clause joining a notification to its recipient's choice for its kind."""
    return and_(
        EmailPreference.user_id == Notification.user_id,
        EmailPreference.kind == Notification.kind,
    )


def cadences_for(user: User) -> dict[str, str]:
    """{kind: cadence} for every kind, the member's choices over the defaults."""
    chosen = dict(
        db.session.execute(
            select(EmailPreference.kind, EmailPreference.cadence).where(
                EmailPreference.user_id == user.id
            )
        ).all()
    )
    return {kind: chosen.get(kind, DEFAULT_CADENCE[kind]) for kind in KINDS}


def _upsert(session: Session, user_id: int, kind: str, cadence: str) -> None:
    # INSERT ... ON CONFLICT DO UPDATE: two saves at once (two tabs, a settings page and
    # an unsubscribe link) both land, the later winning, instead of one failing on the key.
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(EmailPreference).values(user_id=user_id, kind=kind, cadence=cadence)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[EmailPreference.user_id, EmailPreference.kind],
            set_={"cadence": statement.excluded.cadence},
        )
    )


@transactional
def set_cadences(user: User, choices: dict[str, str]) -> dict[str, str]:
    """Store `user`'s cadence for each kind in `choices`; returns all their cadences.

    :raises Invalid: on the field of an unknown kind or cadence.
    """
    for kind, cadence in choices.items():
        if kind not in KINDS:
            raise Invalid(kind, "There is no such kind of notification.")
        if cadence not in CADENCES:
            raise Invalid(kind, f"Choose immediately, in {digest_name()}, or never.")
    session = db.session()
    for kind, cadence in choices.items():
        _upsert(session, user.id, kind, cadence)
    return cadences_for(user)


def digest_kinds(cadences: dict[str, str]) -> list[str]:
    """The kinds a member gets in digests, in KINDS order."""
    return [kind for kind in KINDS if cadences.get(kind) == "digest"]
