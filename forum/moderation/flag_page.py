"""What reports add to a thread page, through forum/threads/hooks.py: a "Flag" button
on each post the viewer may flag (permissions.can_flag).

It costs the page no query: the decision reads only the loaded post rows and the
signed-in user, and the button carries no state (whether the viewer flagged the post
already is said by the flag page it opens, not read for every post of every page).
The button posts only the page's CSRF token to /posts/<id>/flag, which answers with
the report form; without JavaScript, as with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forum.permissions import can_flag, can_post
from forum.templating import link
from forum.threads import hooks
from forum.threads.hooks import PostButton, PostParts


def post_parts(thread, viewer, posts: Sequence[Any]) -> dict[int, PostParts]:
    """A Flag button for each post `viewer` may flag."""
    if not can_post(viewer):  # guests, unconfirmed and suspended members: nothing to add
        return {}
    return {
        post.id: PostParts(
            buttons=(
                PostButton(
                    "Flag",
                    link("flags.flag", post.id),
                    css="flag-button",
                    title="Report this post to the moderators",
                ),
            )
        )
        for post in posts
        if can_flag(viewer, post)
    }


def register() -> None:
    """Plug the Flag button into thread pages (idempotent)."""
    hooks.register_post_parts("flags", post_parts)
