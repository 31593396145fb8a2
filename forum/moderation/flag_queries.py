"""Page reads for reports: the moderators' review queue, one flagged post's review, a
member's own flag on a post, and a member's warnings.

The queue lists flagged posts (all open flags of a post together), "patient privacy
concern" first, then oldest first by their first open flag, for the threads the
viewer moderates and may see. Each item shows the post in context: its thread, the
posts just before and after it, its author's flag history (how many of their posts
were flagged and how those flags ended), the reasons with their counts and each
flagger with their weight. A page costs the same queries whatever it shows: the
count, the page of flagged posts, the posts with their threads and authors (and the
authors' moderator scopes, for can_warn), their flags, their neighbours and the
authors' history.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from forum import visibility
from forum.auth.models import User
from forum.extensions import db
from forum.moderation import flags as service
from forum.moderation.models import FLAG_REASONS, FLAG_STATUSES, Flag, ModeratorWarning
from forum.pagination import Page, check_page
from forum.permissions import is_staff, signed_in
from forum.rows import Person, StrictRow
from forum.spaces.models import Space
from forum.threads.models import Post, Thread

ITEMS_PER_PAGE = 20
WARNINGS_PER_PAGE = 20
EXCERPT_LENGTH = 300


@dataclass(frozen=True, slots=True)
class FlagRow(StrictRow):
    """One open flag as the queue shows it."""

    reason: str
    text: str | None
    created_at: datetime
    flagger: Person
    weight: float

    @property
    def reason_label(self) -> str:
        return FLAG_REASONS.get(self.reason, self.reason)

    @property
    def low_weight(self) -> bool:
        return self.weight < service.FULL_WEIGHT


@dataclass(frozen=True, slots=True)
class Neighbour(StrictRow):
    """The post just before or after a flagged one, as an excerpt."""

    id: int
    position: int
    excerpt: str
    created_at: datetime
    deleted: bool
    hidden: bool
    author: Person


@dataclass(frozen=True, slots=True)
class AuthorHistory(StrictRow):
    """How the author's posts have fared with flags (this post's open ones included)."""

    flagged_posts: int
    outcomes: dict[str, int]  # FLAG_STATUSES -> flags

    @property
    def flags(self) -> int:
        return sum(self.outcomes.values())


@dataclass(frozen=True, slots=True)
class FlaggedPost(StrictRow):
    """A post with open flags, in its context, for the review queue."""

    post: Post  # with .thread (and its specialty) and .author (with scopes) loaded
    position: int
    first_flagged_at: datetime
    privacy: bool
    reasons: list[tuple[str, int]]  # (label, how many), in FLAG_REASONS order
    flags: list[FlagRow]
    before: Neighbour | None
    after: Neighbour | None
    history: AuthorHistory

    @property
    def auto_hidden(self) -> bool:
        return service.is_auto_hidden(self.post)

    @property
    def weight(self) -> float:
        return sum(flag.weight for flag in self.flags)


# ---- which flagged posts -------------------------------------------------------------


def _reviewable(viewer: User) -> list:
    """Open flags on live posts of live threads `viewer` moderates and may see."""
    conditions = [
        Flag.status == "open",
        Post.deleted_at.is_(None),
        Thread.deleted_at.is_(None),
        visibility.visible_threads(viewer),
    ]
    if not is_staff(viewer):
        conditions.append(Thread.specialty_id.in_(sorted(viewer.moderated_specialty_ids)))
    return conditions


_PRIVACY = func.max(case((Flag.reason == "privacy", 1), else_=0)).label("privacy")
_FIRST = func.min(Flag.created_at).label("first_flagged_at")


def _flagged(conditions: list):
    """(post id, privacy, first open flag) per flagged post, in review order."""
    return (
        select(Flag.post_id, _PRIVACY, _FIRST)
        .join(Post, Post.id == Flag.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(*conditions)
        .group_by(Flag.post_id)
        .order_by(_PRIVACY.desc(), _FIRST, Flag.post_id)
    )


def count_flagged_posts(viewer: User) -> int:
    """How many posts wait in `viewer`'s review queue (for the dashboard; one query)."""
    if not signed_in(viewer):
        return 0
    return (
        db.session.scalar(
            select(func.count(distinct(Flag.post_id)))
            .join(Post, Post.id == Flag.post_id)
            .join(Thread, Thread.id == Post.thread_id)
            .where(*_reviewable(viewer))
        )
        or 0
    )


# ---- what each shows -------------------------------------------------------------------


def _earlier(post, other):
    return and_(
        other.thread_id == post.thread_id,
        or_(
            other.created_at < post.created_at,
            and_(other.created_at == post.created_at, other.id < post.id),
        ),
    )


def _later(post, other):
    return and_(
        other.thread_id == post.thread_id,
        or_(
            other.created_at > post.created_at,
            and_(other.created_at == post.created_at, other.id > post.id),
        ),
    )


def _posts_with_neighbours(
    post_ids: list[int],
) -> dict[int, tuple[Post, int | None, int | None, int]]:
    """{id: (post, id before, id after, position)}: correlated subqueries on the thread's
    (thread_id, created_at, id) index find each neighbour, so a long thread costs no more."""
    other = aliased(Post)
    before = (
        select(other.id)
        .where(_earlier(Post, other))
        .order_by(other.created_at.desc(), other.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    after = (
        select(other.id)
        .where(_later(Post, other))
        .order_by(other.created_at, other.id)
        .limit(1)
        .scalar_subquery()
    )
    earlier = select(func.count()).select_from(other).where(_earlier(Post, other))
    rows = db.session.execute(
        select(Post, before, after, earlier.scalar_subquery())
        .where(Post.id.in_(post_ids))
        .options(
            joinedload(Post.thread).joinedload(Thread.specialty),
            # can_warn compares ranks, which reads the author's moderator scopes.
            joinedload(Post.author).selectinload(User.moderator_scopes),
        )
    )
    return {
        post.id: (post, before_id, after_id, count + 1) for post, before_id, after_id, count in rows
    }


def _neighbours(ids: set[int]) -> dict[int, tuple]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            Post.id,
            func.substr(Post.body_text, 1, EXCERPT_LENGTH + 1),
            Post.created_at,
            Post.deleted_at,
            Post.hidden_at,
            User.username,
            User.display_name,
        )
        .join(User, User.id == Post.author_id)
        .where(Post.id.in_(sorted(ids)))
    )
    return {row[0]: row for row in rows}


def _neighbour(row, position: int) -> Neighbour | None:
    if row is None:
        return None
    post_id, text, created_at, deleted_at, hidden_at, username, display_name = row
    text = " ".join((text or "").split())
    if len(text) > EXCERPT_LENGTH:
        text = text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + "…"
    return Neighbour(
        id=post_id,
        position=position,
        excerpt=text,
        created_at=created_at,
        deleted=deleted_at is not None,
        hidden=hidden_at is not None,
        author=Person(username, display_name),
    )


def _open_flags(post_ids: list[int]) -> dict[int, list[FlagRow]]:
    """Each post's open flags, oldest first, with each flagger's weight (one query)."""
    mine = aliased(Flag)
    by_flagger = mine.flagger_id == Flag.flagger_id
    dismissed = select(func.count()).where(by_flagger, mine.status == "dismissed")
    resolved = select(func.count()).where(by_flagger, mine.status != "open")
    rows = db.session.execute(
        select(
            Flag.post_id,
            Flag.reason,
            Flag.text,
            Flag.created_at,
            User.username,
            User.display_name,
            dismissed.scalar_subquery(),
            resolved.scalar_subquery(),
        )
        .join(User, User.id == Flag.flagger_id)
        .where(Flag.post_id.in_(post_ids), Flag.status == "open")
        .order_by(Flag.created_at, Flag.id)
    )
    flags: dict[int, list[FlagRow]] = {post_id: [] for post_id in post_ids}
    for post_id, reason, text, created_at, username, name, dismissed_n, resolved_n in rows:
        flags[post_id].append(
            FlagRow(
                reason,
                text,
                created_at,
                Person(username, name),
                service.weight(dismissed_n, resolved_n),
            )
        )
    return flags


def _histories(author_ids: set[int]) -> dict[int, AuthorHistory]:
    """Each author's flagged posts and their flags by outcome (one query)."""
    by_status = [
        func.coalesce(func.sum(case((Flag.status == status, 1), else_=0)), 0)
        for status in FLAG_STATUSES
    ]
    rows = db.session.execute(
        select(Post.author_id, func.count(distinct(Flag.post_id)), *by_status)
        .join(Flag, Flag.post_id == Post.id)
        .where(Post.author_id.in_(sorted(author_ids)))
        .group_by(Post.author_id)
    )
    histories = {
        row[0]: AuthorHistory(row[1], dict(zip(FLAG_STATUSES, row[2:], strict=True)))
        for row in rows
    }
    return histories


def _reasons(flags: list[FlagRow]) -> list[tuple[str, int]]:
    counts = Counter(flag.reason for flag in flags)
    return [(label, counts[key]) for key, label in FLAG_REASONS.items() if counts[key]]


def _items(flagged: list) -> list[FlaggedPost]:
    """The FlaggedPost of each (post id, privacy, first flagged) row, in that order."""
    if not flagged:
        return []
    post_ids = [row[0] for row in flagged]
    loaded = _posts_with_neighbours(post_ids)
    neighbours = _neighbours(
        {n for _post, before, after, _pos in loaded.values() for n in (before, after) if n}
    )
    flags = _open_flags(post_ids)
    histories = _histories({post.author_id for post, *_rest in loaded.values()})
    items = []
    for post_id, privacy, first in flagged:
        post, before, after, position = loaded[post_id]
        items.append(
            FlaggedPost(
                post=post,
                position=position,
                first_flagged_at=first,
                privacy=bool(privacy),
                reasons=_reasons(flags[post_id]),
                flags=flags[post_id],
                before=_neighbour(neighbours.get(before), position - 1),
                after=_neighbour(neighbours.get(after), position + 1),
                history=histories.get(post.author_id, AuthorHistory(0, {})),
            )
        )
    return items


def review_queue(viewer: User, page: int, per_page: int = ITEMS_PER_PAGE) -> Page:
    """A page of the flagged posts `viewer` reviews (FlaggedPost), privacy first, then
    oldest first.

    :raises NotFound: a page past the end.
    """
    conditions = _reviewable(viewer)
    total = (
        db.session.scalar(
            select(func.count(distinct(Flag.post_id)))
            .join(Post, Post.id == Flag.post_id)
            .join(Thread, Thread.id == Post.thread_id)
            .where(*conditions)
        )
        or 0
    )
    check_page(page, total, per_page)
    flagged = []
    if total:
        flagged = db.session.execute(
            _flagged(conditions).limit(per_page).offset((page - 1) * per_page)
        ).all()
    return Page(_items(flagged), page, per_page, total)


def review_item(post: Post) -> FlaggedPost | None:
    """`post` (already checked: the viewer moderates it) with its open flags in context,
    or None when it has none."""
    flagged = db.session.execute(_flagged([Flag.post_id == post.id, Flag.status == "open"])).all()
    items = _items(flagged)
    return items[0] if items else None


# ---- a member's own ------------------------------------------------------------------


def flag_target(viewer: User, post_id: int) -> Post:
    """The post a member is about to flag, with its thread and author (one query; a
    private thread's members too, for the visibility check).

    :raises NotFound: no such post, or one the viewer may not see.
    """
    post = db.session.scalar(
        select(Post)
        .where(Post.id == post_id)
        .options(
            joinedload(Post.thread).joinedload(Thread.space).selectinload(Space.members),
            joinedload(Post.author),
        )
    )
    return visibility.require_post(viewer, post)


def flag_of(viewer: User, post_id: int) -> Flag | None:
    """`viewer`'s flag on the post, if they flagged it."""
    return db.session.scalar(
        select(Flag).where(Flag.post_id == post_id, Flag.flagger_id == viewer.id)
    )


@dataclass(frozen=True, slots=True)
class WarningRow(StrictRow):
    id: int
    message: str
    created_at: datetime
    read_at: datetime | None
    post_id: int | None


def member_warnings(viewer: User, page: int, per_page: int = WARNINGS_PER_PAGE) -> Page:
    """A page of the warnings addressed to `viewer`, newest first (2 queries).

    :raises NotFound: a page past the end.
    """
    mine = ModeratorWarning.user_id == viewer.id
    total = db.session.scalar(select(func.count()).select_from(ModeratorWarning).where(mine))
    check_page(page, total or 0, per_page)
    rows = db.session.execute(
        select(
            ModeratorWarning.id,
            ModeratorWarning.message,
            ModeratorWarning.created_at,
            ModeratorWarning.read_at,
            ModeratorWarning.post_id,
        )
        .where(mine)
        .order_by(ModeratorWarning.created_at.desc(), ModeratorWarning.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page([WarningRow(*row) for row in rows], page, per_page, total or 0)
