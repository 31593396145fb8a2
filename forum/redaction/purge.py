"""Taking a post's old words out of everywhere but the post and its staff-only history.

Hiding a post over a patient-privacy concern (forum/moderation/posts.hide with
privacy) and redacting a span (service.redact_post) both call `purge_post` in their
unit of work:

- search: a purge entry in the change log (forum/search/changes.log_purge). The hide
  or the new text already logs the post; the purge entry makes the sync after commit
  also rewrite the index segments that still hold the old document's words (a deleted
  Whoosh document keeps its terms, and its "Did you mean" words, until then);
- mail: the stored notification mail that carries the words is rewritten or withdrawn
  (outbox.py), in the same transaction, so a sender never delivers them afterwards.

Feeds, notification lists and digests made later read the post as it is now (hidden:
left out by forum/visibility.py; redacted: the new text), so they need nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from forum.extensions import db
from forum.mail.service import Rewritten
from forum.moderation.posts import keep_history_for_staff
from forum.notifications.email_compose import EXCERPT_CHARS, one_line
from forum.redaction import outbox
from forum.redaction.spans import plain
from forum.search.changes import log_purge
from forum.threads.models import Post, PostRevision


def excerpts(post: Post, revisions: Sequence[PostRevision] | None = None) -> list[str]:
    """The excerpt a notification mail would have quoted from each version of `post`."""
    if revisions is None:
        revisions = db.session.scalars(
            select(PostRevision).where(PostRevision.post_id == post.id)
        ).all()
    texts = [post.body_text, *(plain(revision.body_md) for revision in revisions)]
    return sorted({one_line(text, EXCERPT_CHARS) for text in texts if text and text.strip()})


def purge_post(
    post: Post,
    *,
    whole_post: bool,
    about_post: Sequence[str] = (),
    anywhere: Sequence[str] = (),
) -> Rewritten:
    """Queue the index purge of `post` and rewrite the mail holding its words (see
    outbox.Scrub for the arguments). In the caller's unit of work."""
    log_purge([post.id])
    return outbox.scrub(
        outbox.Scrub(post.id, whole_post=whole_post, about_post=about_post, anywhere=anywhere)
    )


def on_post_removed(_sender, *, post: Post, **_extra) -> None:
    """A post hidden over a privacy concern (posts.hide set hidden_for_privacy before it
    sent the event): its text leaves the index files and every mail about it."""
    if post.hidden_for_privacy:
        purge_post(post, whole_post=True, about_post=excerpts(post))


def on_post_edited(_sender, *, post: Post, **_extra) -> None:
    """An edit of a post hidden over a privacy concern (its author taking the identifier
    out): the version it saved, which still holds the identifier, is staff-only at once,
    not only when the post is restored."""
    if post.hidden_for_privacy:
        db.session.flush()  # the edit's new PostRevision row
        keep_history_for_staff(post)
