"""Page reads for credentials: the member's own list, the review queue, the profile's
section, and the SQL the thread page reads each post author's badges with.

A badge is built in SQL from the credential's own columns (the words of
models.badge_label), so the thread page learns every author's badges in its posts
query, with no query of its own (forum/credentials/thread_page.py). No read here
that others see selects the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from forum.auth.models import User
from forum.credentials.models import SHOWN_STATUSES, Credential
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.permissions import signed_in
from forum.rows import StrictRow
from forum.threads.models import Post

QUEUE_PER_PAGE = 25
# Between a post's badges in the one text column the thread page reads: a control
# character, which the service never stores (it turns them into spaces).
SEPARATOR = "\x1f"
# On a post's author card, at most this many badges (verified ones first).
MOST_BADGES = 3


@dataclass(frozen=True, slots=True)
class Badge(StrictRow):
    """A credential as others see it: verified or not, and its words. No number."""

    verified: bool
    label: str

    @property
    def text(self) -> str:
        """"Verified: Registered Nurse, UK NMC" or "Unverified: ..."."""
        return f"{'Verified' if self.verified else 'Unverified'}: {self.label}"


def _order(badge: Badge) -> tuple:
    """Verified first, then by their words: the same order on every page."""
    return (not badge.verified, badge.label.lower(), badge.label)


# ---- the thread page -----------------------------------------------------------------

_credentials = Credential.__table__.c


def post_columns() -> tuple[Any, ...]:
    """What the thread page's posts query reads for credentials (threads.hooks post
    columns): the author's shown credentials as one text, "v:" or "p:" and the badge's
    words each, separated by SEPARATOR; NULL when they have none. One probe of
    ix_credentials_user_id_status per post, so the page runs no query of its own."""
    label = (
        case((_credentials.status == "verified", "v:"), else_="p:")
        + _credentials.profession
        + ", "
        + _credentials.jurisdiction
        + " "
        + _credentials.issuing_body
    )
    return (
        select(func.aggregate_strings(label, SEPARATOR))
        .where(
            _credentials.user_id == Post.author_id,
            _credentials.status.in_(SHOWN_STATUSES),
        )
        .scalar_subquery()
        .label("credential_badges"),
    )


def badges_from_column(value: str | None) -> list[Badge]:
    """The badges of post_columns' text, in order, at most MOST_BADGES."""
    if not value:
        return []
    badges = [
        Badge(entry[:2] == "v:", entry[2:]) for entry in value.split(SEPARATOR) if len(entry) > 2
    ]
    return sorted(badges, key=_order)[:MOST_BADGES]


# ---- the profile page ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProfileCredential(StrictRow):
    """A credential on the profile page: its badge and the facts others may read."""

    badge: Badge
    credential_type: str
    institution: str | None
    years_in_practice: int


@dataclass(frozen=True, slots=True)
class ProfileCredentials:
    """The profile's credentials section: what others see, and whether it is the
    viewer's own profile (who gets the link to manage them)."""

    items: list[ProfileCredential]
    own: bool


def profile_extra(user: User, viewer: User | None) -> ProfileCredentials | None:
    """forum/profiles/hooks.py loader: the member's verified and pending credentials (one
    query, no numbers); None when there is nothing to show and it is not the viewer's own
    profile."""
    own = signed_in(viewer) and viewer.id == user.id
    rows = db.session.execute(
        select(
            Credential.status,
            Credential.profession,
            Credential.jurisdiction,
            Credential.issuing_body,
            Credential.credential_type,
            Credential.institution,
            Credential.years_in_practice,
        )
        .where(Credential.user_id == user.id, Credential.status.in_(SHOWN_STATUSES))
        .order_by(Credential.id)
    ).all()
    items = [
        ProfileCredential(
            Badge(status == "verified", f"{profession}, {jurisdiction} {body}"),
            kind,
            institution,
            years,
        )
        for status, profession, jurisdiction, body, kind, institution, years in rows
    ]
    if not items and not own:
        return None
    items.sort(key=lambda item: _order(item.badge))
    return ProfileCredentials(items, own)


# ---- the member's own page and the review queue --------------------------------------


def own_credentials(user_id: int) -> list[Credential]:
    """Every credential of the member, whatever its state, oldest first (one query)."""
    return list(
        db.session.scalars(
            select(Credential)
            .where(Credential.user_id == user_id)
            .order_by(Credential.created_at, Credential.id)
        )
    )


def review_queue(page: int, per_page: int = QUEUE_PER_PAGE) -> Page:
    """A page of pending credentials, the longest waiting first, each with its member
    (2 queries whatever the page holds).

    :raises NotFound: a page past the end.
    """
    pending = Credential.status == "pending"
    total = db.session.scalar(select(func.count()).select_from(Credential).where(pending)) or 0
    check_page(page, total, per_page)
    credentials = db.session.scalars(
        select(Credential)
        .where(pending)
        .order_by(Credential.submitted_at, Credential.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .options(joinedload(Credential.user))
    ).all()
    return Page(list(credentials), page, per_page, total)
