"""Page reads for people: the moderators' page on a member, the roles form, and the
suspension a suspended member is shown.

The member page costs the same eight queries however many suspensions, warnings and
notes it lists: each list is one statement that brings the names it shows with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from forum import visibility
from forum.auth.models import ModeratorScope, User
from forum.dbtypes import utcnow
from forum.exceptions import NotFound
from forum.extensions import db
from forum.moderation.models import Flag, ModeratorWarning, Suspension, UserNote
from forum.taxonomy.models import Specialty
from forum.threads.models import Post, Thread

# Each list shows at most this many, newest first (the page says when there are more).
SHOWN = 100
# How the page words each flag status (models.FLAG_STATUSES), in the order it lists them.
FLAG_OUTCOMES = {
    "open": "open",
    "hidden": "upheld (post hidden)",
    "edited": "upheld (post edited)",
    "warned": "upheld (author warned)",
    "dismissed": "dismissed",
}


def in_force(user_id: int) -> Suspension | None:
    """The member's suspension in force now (not lifted, not past its end), if any."""
    return db.session.scalar(
        select(Suspension)
        .where(Suspension.user_id == user_id, Suspension.lifted_at.is_(None), _not_ended())
        .order_by(Suspension.created_at.desc(), Suspension.id.desc())
        .limit(1)
    )


def _not_ended():
    return Suspension.ends_at.is_(None) | (Suspension.ends_at > utcnow())


@dataclass(frozen=True)
class SuspensionRow:
    suspension: Suspension
    moderator: str | None  # a username; None when that account is gone
    lifted_by: str | None
    now: datetime

    @property
    def state(self) -> str:
        """ "in force", "lifted" (ended early) or "ended" (ran its course)."""
        if self.suspension.lifted_at is not None:
            return "lifted"
        ends_at = self.suspension.ends_at
        return "ended" if ends_at is not None and ends_at <= self.now else "in force"

    @property
    def length(self) -> str:
        """How long it was set for: "24 hours", "3 days", "until lifted"."""
        ends_at = self.suspension.ends_at
        if ends_at is None:
            return "until lifted"
        hours = round((ends_at - self.suspension.created_at).total_seconds() / 3600)
        if hours < 48:
            return f"{hours} hour{'s' if hours != 1 else ''}"
        return f"{round(hours / 24)} days"


@dataclass(frozen=True)
class WarningRow:
    warning: ModeratorWarning
    moderator: str | None


@dataclass(frozen=True)
class NoteRow:
    note: UserNote
    author: str | None


@dataclass
class MemberPage:
    user: User
    scopes: list[tuple[str, str]]  # (name, slug) of the specialties they moderate
    thread_count: int
    post_count: int
    hidden_posts: int
    deleted_posts: int
    suspensions: list[SuspensionRow]
    warnings: list[WarningRow]
    notes: list[NoteRow]
    flags_on_posts: dict[str, int]  # status -> how many flags others raised on their posts
    flags_raised: dict[str, int]  # status -> how many flags they raised
    more: set[str] = field(default_factory=set)  # lists cut at SHOWN

    @staticmethod
    def flag_summary(counts: dict[str, int]) -> str:
        """ "2 open, 1 dismissed", or "None"."""
        parts = [f"{counts[s]:,} {label}" for s, label in FLAG_OUTCOMES.items() if counts.get(s)]
        parts += [f"{n:,} {s}" for s, n in counts.items() if s not in FLAG_OUTCOMES and n]
        return ", ".join(parts) or "None"

    @property
    def current(self) -> SuspensionRow | None:
        return next((row for row in self.suspensions if row.state == "in force"), None)


def member(username: str) -> tuple[User, list[tuple[str, str]]]:
    """The member (specialty and moderator scopes loaded, so permission checks on them
    make no query) and the (name, slug) of each specialty they moderate: two queries.

    :raises NotFound: no such member.
    """
    user = db.session.scalar(
        select(User)
        .where(func.lower(User.username) == username.lower())
        .options(joinedload(User.specialty))
    )
    if user is None:
        raise NotFound("There is no member with that username.")
    rows = db.session.execute(
        select(ModeratorScope, Specialty.name, Specialty.slug)
        .join(Specialty, Specialty.id == ModeratorScope.specialty_id)
        .where(ModeratorScope.user_id == user.id)
        .order_by(Specialty.name)
    ).all()
    set_committed_value(user, "moderator_scopes", [row[0] for row in rows])
    return user, [(name, slug) for _scope, name, slug in rows]


def _cut(rows: list, name: str, more: set[str]) -> list:
    if len(rows) > SHOWN:
        more.add(name)
        return rows[:SHOWN]
    return rows


def member_page(viewer: User, username: str) -> MemberPage:
    """Everything the moderators' page on a member shows, in eight queries.

    :raises NotFound: no such member.
    """
    user, scopes = member(username)
    now = utcnow()
    more: set[str] = set()

    # Counts of what the viewer may open (a private space's threads stay its own).
    threads = (
        select(func.count())
        .select_from(Thread)
        .where(Thread.author_id == user.id, visibility.visible_threads(viewer))
        .scalar_subquery()
    )
    counts = db.session.execute(
        select(threads, func.count(), func.count(Post.hidden_at), func.count(Post.deleted_at))
        .select_from(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id == user.id, visibility.visible_threads(viewer))
    ).one()

    moderator, lifter = aliased(User), aliased(User)
    suspensions = [
        SuspensionRow(row[0], row[1], row[2], now)
        for row in db.session.execute(
            select(Suspension, moderator.username, lifter.username)
            .outerjoin(moderator, moderator.id == Suspension.moderator_id)
            .outerjoin(lifter, lifter.id == Suspension.lifted_by_id)
            .where(Suspension.user_id == user.id)
            .order_by(Suspension.created_at.desc(), Suspension.id.desc())
            .limit(SHOWN + 1)
        )
    ]
    warnings = [
        WarningRow(*row)
        for row in db.session.execute(
            select(ModeratorWarning, moderator.username)
            .outerjoin(moderator, moderator.id == ModeratorWarning.moderator_id)
            .where(ModeratorWarning.user_id == user.id)
            .order_by(ModeratorWarning.created_at.desc(), ModeratorWarning.id.desc())
            .limit(SHOWN + 1)
        )
    ]
    notes = [
        NoteRow(*row)
        for row in db.session.execute(
            select(UserNote, moderator.username)
            .outerjoin(moderator, moderator.id == UserNote.author_id)
            .where(UserNote.user_id == user.id)
            .order_by(UserNote.created_at.desc(), UserNote.id.desc())
            .limit(SHOWN + 1)
        )
    ]
    on_posts = dict(
        db.session.execute(
            select(Flag.status, func.count())
            .join(Post, Post.id == Flag.post_id)
            .where(Post.author_id == user.id)
            .group_by(Flag.status)
        ).all()
    )
    raised = dict(
        db.session.execute(
            select(Flag.status, func.count())
            .where(Flag.flagger_id == user.id)
            .group_by(Flag.status)
        ).all()
    )
    return MemberPage(
        user=user,
        scopes=scopes,
        thread_count=counts[0] or 0,
        post_count=counts[1] or 0,
        hidden_posts=counts[2] or 0,
        deleted_posts=counts[3] or 0,
        suspensions=_cut(suspensions, "suspensions", more),
        warnings=_cut(warnings, "warnings", more),
        notes=_cut(notes, "notes", more),
        flags_on_posts=on_posts,
        flags_raised=raised,
        more=more,
    )


def specialty_options() -> list[tuple[int, str]]:
    """(id, label) of every specialty for the scopes form, retired ones marked."""
    rows = db.session.execute(
        select(Specialty.id, Specialty.name, Specialty.retired_at).order_by(
            Specialty.position, Specialty.name
        )
    )
    return [(id_, f"{name} (retired)" if retired else name) for id_, name, retired in rows]
