"""What credentials add to a thread page, through forum/threads/hooks.py: a badge per
credential of each post's author, "Verified: Registered Nurse, UK NMC" or
"Unverified: ...". The words say which, so colour is never the only difference.

It costs the page no query: the post column (queries.post_columns) reads every
author's badges with the page's posts, and the parts are built from those rows.
The badges go on the author card (PostParts.author_badges).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forum.credentials import queries
from forum.threads import hooks
from forum.threads.hooks import PostBadge, PostParts

COLUMN = "credential_badges"
CSS = {True: "credential-verified", False: "credential-unverified"}


def post_parts(thread, viewer, posts: Sequence[Any]) -> dict[int, PostParts]:
    """Each post's credential badges, from the page's post rows (no query)."""
    parts: dict[int, PostParts] = {}
    for post in posts:
        badges = tuple(
            PostBadge(badge.text, CSS[badge.verified])
            for badge in queries.badges_from_column(post.more.get(COLUMN))
        )
        if badges:
            parts[post.id] = PostParts(author_badges=badges)
    return parts


def register() -> None:
    """Plug credential badges into thread pages (idempotent)."""
    hooks.register_post_columns("credentials", hooks.PostColumns(queries.post_columns))
    hooks.register_post_parts("credentials", post_parts)
