"""People: suspending members and lifting it, staff notes, and admins' changes of roles
and moderator scopes.

Each public function is one unit of work: it checks its permission in
forum/permissions.py, changes the member under a row lock (so two moderators acting at
once take turns and the audit entry's "before" is what was replaced), writes the
audit entry and the member's notice, and commits.

A suspension is a Suspension row (reason, history) plus users.suspended_until, which
every permission check reads from the user loaded with each request, so a suspension
reaches sessions already open on their next request, and ends by itself when that
moment passes (nothing has to run at the end). Lifting it early sets lifted_at.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import select

from forum.auth import service as accounts
from forum.auth.models import SUSPENDED_INDEFINITELY, User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid
from forum.extensions import db
from forum.moderation import audit
from forum.moderation.models import Suspension, UserNote
from forum.moderation.people_queries import in_force
from forum.moderation.posts import clean_reason
from forum.notifications.notices import notify
from forum.permissions import (
    can_manage_roles,
    can_note_user,
    can_suspend,
    is_admin,
    require,
)
from forum.taxonomy.models import Specialty
from forum.unit_of_work import transactional

# How long a suspension lasts, in the order the form offers them; None is "until lifted".
SUSPENSION_PERIODS: dict[str, tuple[str, timedelta | None]] = {
    "1d": ("24 hours", timedelta(hours=24)),
    "3d": ("3 days", timedelta(days=3)),
    "1w": ("A week", timedelta(weeks=1)),
    "1m": ("A month (30 days)", timedelta(days=30)),
    "lifted": ("Until lifted", None),
}
NOTE_LENGTH = 2000
# Roles an admin grants and takes back from the web; "admin" only from the command line.
WEB_ROLES = ("mentor", "moderator")
WHAT_SUSPENDED_MEMBERS_CANNOT_DO = "post, reply, edit, flag or change your profile"


@transactional
def suspend_user(actor: User, target: User, period: str, reason: str) -> Suspension:
    """Suspend `target` for `period` (a SUSPENSION_PERIODS key) with a reason the member
    reads. A member already suspended keeps that suspension: lift it first to change it.

    :raises NotAllowed: the actor is not site-wide staff outranking the member.
    :raises Invalid: an unknown period, no reason, or already suspended.
    """
    target = accounts.lock_user(target)
    require(
        can_suspend(actor, target),
        "Only site-wide moderators can suspend, and only members of a lower rank.",
    )
    if period not in SUSPENSION_PERIODS:
        raise Invalid("period", "Choose how long the suspension lasts.")
    reason = clean_reason(reason)
    if target.is_suspended:
        raise Invalid(
            "period",
            f"{target.username} is already suspended "
            f"{accounts.suspension_end_text(target.suspended_until)}; lift that first "
            "to change it.",
        )
    label, length = SUSPENSION_PERIODS[period]
    now = utcnow()
    ends_at = now + length if length is not None else None
    suspension = Suspension(
        user_id=target.id, moderator_id=actor.id, reason=reason, created_at=now, ends_at=ends_at
    )
    db.session.add(suspension)
    target.suspended_until = ends_at or SUSPENDED_INDEFINITELY
    until = accounts.suspension_end_text(target.suspended_until)
    audit.record(
        actor,
        "user.suspend",
        "user",
        target.id,
        target.username,
        reason=reason,
        before={"suspended_until": None},
        after={"suspended_until": ends_at or "until lifted", "period": label},
    )
    notify(
        target.id,
        f"Your account is suspended {until}: you can read, but not "
        f"{WHAT_SUSPENDED_MEMBERS_CANNOT_DO}. Reason: {reason}",
        link=f"/members/{target.username}",
        actor_id=actor.id,
    )
    db.session.flush()
    return suspension


@transactional
def lift_suspension(actor: User, target: User, reason: str | None = None) -> Suspension:
    """End `target`'s suspension now.

    :raises NotAllowed: the actor is not site-wide staff outranking the member.
    :raises Conflict: the member is not suspended (any more: it ended, or was lifted).
    :raises Invalid: a reason longer than the limit.
    """
    target = accounts.lock_user(target)
    require(
        can_suspend(actor, target),
        "Only site-wide moderators can lift suspensions, and only of members of a lower rank.",
    )
    reason = clean_reason(reason) if reason and reason.strip() else None
    suspension = in_force(target.id) if target.is_suspended else None
    if suspension is None:
        raise Conflict(f"{target.username} is not suspended.")
    now = utcnow()
    before = {"suspended_until": target.suspended_until}
    suspension.lifted_at = now
    suspension.lifted_by_id = actor.id
    target.suspended_until = None
    audit.record(
        actor,
        "user.unsuspend",
        "user",
        target.id,
        target.username,
        reason=reason,
        before=before,
        after={"suspended_until": None},
    )
    notify(
        target.id,
        "Your suspension was lifted: you can post again.",
        link=f"/members/{target.username}",
        actor_id=actor.id,
    )
    db.session.flush()
    return suspension


@transactional
def add_note(actor: User, target: User, body: str) -> UserNote:
    """Keep a private note on `target`, read by moderators and admins only.

    :raises NotAllowed: the actor does not moderate, or does not outrank the member.
    :raises Invalid: an empty or too long note.
    """
    require(
        can_note_user(actor, target),
        "Only moderators of a higher rank than the member can keep notes on them.",
    )
    body = (body or "").strip()
    if not body:
        raise Invalid("body", "Write the note first.")
    if len(body) > NOTE_LENGTH:
        raise Invalid("body", f"Keep notes under {NOTE_LENGTH:,} characters.")
    note = UserNote(user_id=target.id, author_id=actor.id, body=body)
    db.session.add(note)
    # The note's words stay on the member's page, where only staff read them; the log
    # says a note was written, and by whom.
    audit.record(actor, "user.note", "user", target.id, target.username)
    db.session.flush()
    return note


@transactional
def change_roles(
    actor: User,
    target: User,
    *,
    roles: Iterable[str],
    specialty_ids: Iterable[int],
    reason: str | None = None,
) -> dict:
    """Give `target` exactly `roles` (of WEB_ROLES) and make them moderate exactly
    `specialty_ids`. The audit entries (user.roles, user.scopes) and the member's
    notice come from the roles_changed receiver below. Returns what changed.

    :raises NotAllowed: not an admin, or the member is an admin (or the actor).
    :raises Invalid: a role or specialty not offered, or a reason too long.
    """
    require(
        can_manage_roles(actor, target),
        "Only admins change roles, and not another admin's (that is done from the command line).",
    )
    wanted = set(roles)
    if not wanted <= set(WEB_ROLES):
        raise Invalid("roles", "Choose roles from the list.")
    reason = clean_reason(reason) if reason and reason.strip() else None
    return accounts.apply_roles(
        target, roles=wanted, specialty_ids=set(specialty_ids), actor=actor, reason=reason
    )


# ---- the audit entries and notices of role changes (web and command line) ------------


def _roles_text(roles: list[str]) -> str:
    return " and ".join(roles) if roles else "member only"


def record_role_change(
    _sender, *, user: User, actor: User | None, before: dict, after: dict, reason: str | None
) -> None:
    """auth.service.roles_changed receiver: the audit entries, and a notice telling the
    member what they may now do (not for an account just created with its roles)."""
    told = []
    if "roles" in after:
        audit.record(
            actor,
            "user.roles",
            "user",
            user.id,
            user.username,
            reason=reason,
            before={"roles": before.get("roles", [])},
            after={"roles": after["roles"]},
        )
        told.append(f"your roles are now: {_roles_text(after['roles'])}")
    if "specialties" in after:
        audit.record(
            actor,
            "user.scopes",
            "user",
            user.id,
            user.username,
            reason=reason,
            before={"specialties": before.get("specialties", [])},
            after={"specialties": after["specialties"]},
        )
        names = _specialty_names(after["specialties"])
        told.append(
            f"you moderate {', '.join(names)}" if names else "you moderate no specialty of your own"
        )
    if actor is not None and told:
        notify(
            user.id,
            # An admin through the people pages; a moderator approving a mentor.
            f"{'An admin' if is_admin(actor) else 'A moderator'} changed what you can do "
            f"on Rounds: {'; '.join(told)}.",
            link=f"/members/{user.username}",
            actor_id=actor.id,
        )


def _specialty_names(slugs: list[str]) -> list[str]:
    if not slugs:
        return []
    return list(
        db.session.scalars(
            select(Specialty.name).where(Specialty.slug.in_(slugs)).order_by(Specialty.name)
        )
    )


def register() -> None:
    """Record every change of roles and scopes in the audit log (idempotent)."""
    accounts.roles_changed.connect(record_role_change, weak=False)
