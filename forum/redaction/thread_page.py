"""What redaction adds to a thread page: a "Redact" button on each post that is not
deleted, for the thread's moderators (read from the rows the page has: no query for
any viewer). A deleted post's redact page is still theirs, by its address."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forum.permissions import can_moderate, can_redact_post
from forum.templating import link
from forum.threads import hooks
from forum.threads.hooks import PostButton, PostParts


def post_parts(thread, viewer, posts: Sequence[Any]) -> dict[int, PostParts]:
    """The Redact button: it opens the form at /posts/<id>/redact."""
    if not can_moderate(viewer, thread):  # everyone else: one check, nothing added
        return {}
    return {
        post.id: PostParts(
            buttons=(
                PostButton(
                    "Redact",
                    link("redaction.redact", post.id),
                    css="redact-button",
                    title="Replace part of this post's text (and of its earlier versions)",
                ),
            )
        )
        for post in posts
        # A deleted post shows no buttons (only its placeholder); its page still opens.
        if not post.is_deleted and can_redact_post(viewer, post)
    }


def register() -> None:
    """Plug the button into the thread page (idempotent); called by init_app."""
    hooks.register_post_parts("redaction", post_parts)
