"""What moderation adds to a thread page, through forum/threads/hooks.py.

- the page extra "thread_tools": whether the viewer may manage the thread (a pure
  check of loaded columns: no query), and, only then, the "Moderate" menu at the
  thread_header slot (moderation/threads/_menu.html), so guests and members include
  nothing;
- on each post, for the thread's moderators: "Hide" (it opens the form that asks the
  reason) or "Restore" for a hidden post, read from the post rows the page already has
  (hidden_at, deleted_at): no query for any viewer;
- the forwarding address of a merged thread: /threads/<old id> answers 301 to the
  thread it went into, asked only when a thread is not found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forum.moderation import thread_queries
from forum.permissions import can_hide_post, can_manage_thread, can_moderate, can_unhide_post
from forum.templating import link
from forum.threads import hooks
from forum.threads.hooks import PostButton, PostParts


def thread_tools(thread, viewer, _posts) -> bool:
    """Whether the viewer gets the Moderate menu on this thread's page."""
    return can_manage_thread(viewer, thread)


def _wants_menu(extras: dict[str, Any]) -> bool:
    return extras.get("thread_tools") is True


def post_parts(thread, viewer, posts: Sequence[Any]) -> dict[int, PostParts]:
    """Hide and Restore buttons on the page's posts, for the thread's moderators."""
    if not can_moderate(viewer, thread):  # everyone else: one check, nothing added
        return {}
    parts: dict[int, PostParts] = {}
    for post in posts:
        if can_hide_post(viewer, post):
            button = PostButton(
                "Hide",
                link("moderation_threads.hide", post.id),
                css="hide-button",
                title="Hide this post from readers, with a reason its author sees",
            )
        elif can_unhide_post(viewer, post):
            button = PostButton(
                "Restore",
                link("moderation_threads.unhide", post.id),
                css="unhide-button",
                title="Make this hidden post readable again",
            )
        else:
            continue
        parts[post.id] = PostParts(buttons=(button,))
    return parts


def register() -> None:
    """Plug the thread tools into the thread page (idempotent); called by init_app."""
    hooks.register_page_extra("thread_tools", thread_tools)
    hooks.register_template("thread_header", "moderation/threads/_menu.html", when=_wants_menu)
    hooks.register_post_parts("moderation", post_parts)
    hooks.register_thread_redirect(thread_queries.moved_to)
