"""Audit entries for the moderator actions the threads package performs itself.

Pinning, locking, editing a member's post and deleting it are threads.service's
actions (below moderation, which it must not import), announced as domain events
(forum/events.py) inside their unit of work. These receivers add the audit entry to
that same unit of work, so the action and its entry commit together or not at all.
Hiding a post is audited by moderation's own service (forum/moderation/posts.py):
post_removed with a reason is that, and is left alone here.
"""

from __future__ import annotations

import difflib

from forum import events
from forum.moderation import audit

# thread_state_changed's change -> (action when True, action when False)
_STATE_ACTIONS = {
    "pinned": ("thread.pin", "thread.unpin"),
    "locked": ("thread.lock", "thread.unlock"),
}


def _on_thread_state_changed(_sender, *, thread, actor, changes: dict, **_extra) -> None:
    """thread.pin / thread.unpin / thread.lock / thread.unlock, one entry per change."""
    for name, value in changes.items():
        on, off = _STATE_ACTIONS[name]
        audit.record(
            actor,
            on if value else off,
            "thread",
            thread.id,
            thread.title,
            before={name: not value},
            after={name: value},
        )


def edit_summary(before: str, after: str) -> tuple[dict, dict]:
    """What an edit changed, without the text itself: lengths, and lines added and
    removed (the post's history keeps the versions for those who may read them)."""
    removed = added = 0
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed += 1
        elif line.startswith("+ "):
            added += 1
    return (
        {"characters": len(before)},
        {"characters": len(after), "lines_added": added, "lines_removed": removed},
    )


def _on_post_edited(_sender, *, post, editor, previous_body: str, **_extra) -> None:
    """post.edit when someone other than the author (a moderator) edited the post."""
    if editor is None or editor.id == post.author_id:
        return
    before, after = edit_summary(previous_body or "", post.body_md or "")
    audit.record(
        editor, "post.edit", "post", post.id, post.thread.title, before=before, after=after
    )


def _on_post_removed(_sender, *, post, actor, reason=None, **_extra) -> None:
    """post.delete when a moderator deleted someone else's post (a hide, which carries a
    reason, is audited by moderation's own service)."""
    if actor is None or reason is not None or actor.id == post.author_id:
        return
    audit.record(
        actor,
        "post.delete",
        "post",
        post.id,
        post.thread.title,
        before={"deleted": False, "opening_post": post.is_opening},
        after={"deleted": True},
    )


def register() -> None:
    """Connect the receivers (idempotent: blinker keeps one connection per receiver)."""
    events.thread_state_changed.connect(_on_thread_state_changed, weak=False)
    events.post_edited.connect(_on_post_edited, weak=False)
    events.post_removed.connect(_on_post_removed, weak=False)
