"""What answers add to a thread page, through forum/threads/hooks.py.

- post columns: each post's helpful count and the viewer's mark, and the thread's
  accepted answer, read with the page's posts (queries.post_columns);
- the page extra "answers" (queries.thread_answers, from those columns);
- on each post: an "Accepted answer" badge, a "Helpful" button with its count (or the
  bare count for those who may not mark), and "Accept answer" / "Unaccept";
- the accepted answer's box under the question (answers/accepted_box.html, page 1);
- the reply order "Most helpful".

A button is offered exactly when its action would succeed (forum/permissions.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forum.answers import queries
from forum.permissions import can_accept_answer, can_mark_helpful, signed_in
from forum.templating import link
from forum.threads import hooks
from forum.threads.hooks import PostBadge, PostButton, PostParts

ACCEPTED_BADGE = PostBadge("Accepted answer", "accepted")


def post_parts(thread, viewer, posts: Sequence[Any]) -> dict[int, PostParts]:
    """Badges and buttons for the page's posts, from the page's answers extra."""
    answers = queries.thread_answers(thread, viewer, posts)
    question = thread.is_answerable
    member = signed_in(viewer)
    parts: dict[int, PostParts] = {}
    for post in posts:
        if post.is_deleted or post.is_hidden:
            continue  # no counts, no buttons on a post that is not there to read
        is_accepted = post.id == answers.accepted_post_id
        badges = (ACCEPTED_BADGE,) if is_accepted else ()
        buttons = []
        count = answers.counts.get(post.id, 0)
        if member and can_mark_helpful(viewer, post):
            marked = post.id in answers.marked
            buttons.append(
                PostButton(
                    "Helpful",
                    link("answers.unhelpful" if marked else "answers.helpful", post.id),
                    pressed=marked,
                    count=count or None,  # "Helpful", not "Helpful 0"
                    css="helpful-button",
                    title="Take back your helpful mark" if marked else "Mark this post helpful",
                )
            )
        elif count:
            buttons.append(
                PostButton(
                    "Helpful",
                    None,
                    count=count,
                    css="helpful-count",
                    title=f"{count} found this helpful",
                )
            )
        if question and member and can_accept_answer(viewer, post):
            if is_accepted:
                buttons.append(
                    PostButton(
                        "Unaccept",
                        link("answers.unaccept", post.id),
                        css="accept-button",
                        title="Withdraw this accepted answer",
                    )
                )
            else:
                buttons.append(
                    PostButton(
                        "Accept answer",
                        link("answers.accept", post.id),
                        css="accept-button",
                        title="Mark this reply as the answer",
                    )
                )
        if badges or buttons:
            parts[post.id] = PostParts(badges, tuple(buttons))
    return parts


def register() -> None:
    """Plug answers into the thread page (idempotent)."""
    hooks.register_post_columns(
        "answers", hooks.PostColumns(queries.post_columns, queries.post_column_params)
    )
    hooks.register_page_extra("answers", queries.thread_answers)
    hooks.register_post_parts("answers", post_parts)
    hooks.register_template(
        "below_opening",
        "answers/accepted_box.html",
        when=lambda extras: bool(extras.get("answers") and extras["answers"].accepted),
    )
    hooks.register_post_order("helpful", "Most helpful", queries.helpful_order)
