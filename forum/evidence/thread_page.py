"""What evidence adds to a thread page, through forum/threads/hooks.py.

- post columns: the accepted answer's acceptance and latest review times, read with
  the page's posts (queries.post_columns);
- the page extra "evidence" (queries.answer_currency): when the answer was accepted,
  whether its review notice is due, the latest review, and whether the viewer may mark
  it "reviewed, still current";
- under the accepted answer's box (page 1): "Accepted <date>", the notice or the latest
  review, and the button (evidence/_currency.html);
- on the accepted answer itself, while the notice is due, a "Review due" badge that
  leads to the notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forum.evidence import queries
from forum.templating import link
from forum.threads import hooks
from forum.threads.hooks import PostBadge, PostParts

ANCHOR = "answer-currency"


def post_parts(thread, viewer, posts: Sequence[Any]) -> dict[int, PostParts]:
    """The "Review due" badge on the accepted answer, from the post columns (no query)."""
    post_id = queries.due_answer(thread, posts)
    if post_id is None:
        return {}
    post = next((post for post in posts if post.id == post_id), None)
    if post is None or post.is_deleted or post.is_hidden:
        return {}
    href = f"{link('threads.show', thread.id)}#{ANCHOR}"
    return {post_id: PostParts((PostBadge("Review due", "review-due", href),))}


def _wants_currency(extras: dict[str, Any]) -> bool:
    # Under answers' box, which shows only while the answer is readable.
    answers = extras.get("answers")
    return bool(extras.get("evidence") and answers and answers.accepted)


def register() -> None:
    """Plug evidence into the thread page (idempotent; after answers, whose box it follows)."""
    hooks.register_post_columns("evidence", hooks.PostColumns(queries.post_columns))
    hooks.register_page_extra("evidence", queries.answer_currency)
    hooks.register_post_parts("evidence", post_parts)
    hooks.register_template("below_opening", "evidence/_currency.html", when=_wants_currency)
