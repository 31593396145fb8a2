"""Page reads for redaction: the redact page's post, its versions and past redactions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from forum.auth.models import User
from forum.extensions import db
from forum.redaction.models import Redaction
from forum.rows import StrictRow
from forum.threads.models import Post, PostRevision

RECENT_REDACTIONS = 20


@dataclass(frozen=True, slots=True)
class PastRedaction(StrictRow):
    """An earlier redaction of the post, as the page lists it (never its text: none is kept)."""

    created_at: datetime
    actor_name: str | None
    reason: str
    spans: int


@dataclass(frozen=True, slots=True)
class RedactPage(StrictRow):
    post: Post  # with .thread, loaded by threads.service.get_post
    revisions: int  # saved earlier versions, each redacted too
    past: list[PastRedaction]


def redact_page(post: Post) -> RedactPage:
    """What the redact page shows besides the post (2 queries)."""
    revisions = db.session.scalar(
        select(func.count()).select_from(PostRevision).where(PostRevision.post_id == post.id)
    )
    rows = db.session.execute(
        select(
            Redaction.created_at,
            User.display_name,
            Redaction.reason,
            Redaction.in_post + Redaction.in_revisions + Redaction.in_flags,
        )
        .outerjoin(User, User.id == Redaction.actor_id)
        .where(Redaction.post_id == post.id)
        .order_by(Redaction.created_at.desc(), Redaction.id.desc())
        .limit(RECENT_REDACTIONS)
    )
    return RedactPage(post, revisions or 0, [PastRedaction(*row) for row in rows])
