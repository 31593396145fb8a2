"""Page reads of the privacy guard: the moderators' list and a post's history notes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from forum import visibility
from forum.auth.models import User
from forum.extensions import db
from forum.pagination import Page
from forum.permissions import is_staff
from forum.privacy.findings import KINDS
from forum.privacy.models import PrivacyConfirmation
from forum.threads.models import Post, Thread

PER_PAGE = 25


def kind_names(kinds: list[str]) -> list[str]:
    return [KINDS[kind][0] if kind in KINDS else kind for kind in kinds]


def _scope(viewer: User) -> list:
    """Confirmations on live posts `viewer` moderates and may see."""
    conditions = [Post.deleted_at.is_(None), visibility.visible_threads(viewer)]
    if not is_staff(viewer):
        conditions.append(Thread.specialty_id.in_(sorted(viewer.moderated_specialty_ids)))
    return conditions


def confirmations_page(viewer: User, page: int, per_page: int = PER_PAGE) -> Page:
    """Posts confirmed over a privacy warning, newest first, in `viewer`'s moderation
    scope (2 queries: the count and the page, with post, thread and user joined)."""
    conditions = _scope(viewer)
    joined = (
        select(PrivacyConfirmation)
        .join(Post, Post.id == PrivacyConfirmation.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(*conditions)
    )
    total = db.session.scalar(select(func.count()).select_from(joined.subquery()))
    rows = db.session.scalars(
        joined.options(
            contains_eager(PrivacyConfirmation.post).contains_eager(Post.thread),
            joinedload(PrivacyConfirmation.user),
        )
        .order_by(PrivacyConfirmation.created_at.desc(), PrivacyConfirmation.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(rows, page, per_page, total or 0)


def history_notes(post: Post) -> dict[int, list[str]]:
    """What the history page says under each version confirmed over a warning (1 query)."""
    notes: dict[int, list[str]] = {}
    rows = db.session.scalars(
        select(PrivacyConfirmation)
        .where(PrivacyConfirmation.post_id == post.id)
        .order_by(PrivacyConfirmation.id)
    )
    for row in rows:
        notes.setdefault(row.version, []).append(
            "Posted over a privacy warning: the author confirmed this version contains no "
            "patient identifiers (the guard had found what looked like "
            + ", ".join(kind_names(row.kinds))
            + ")."
        )
    return notes
