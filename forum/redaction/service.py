"""Redacting part of a post: one moderator action, one unit of work.

`redact_post` replaces every occurrence of one exact span, in the post's Markdown and
in every saved earlier version (and in the words of the members' flags on it, which
often quote what they report), with spans.MARKER. The post and the versions are
rendered again; the change log re-indexes the post and a purge entry rewrites the
index files (purge.py); stored mail holding the span, or an excerpt it changed, is
rewritten or withdrawn. The redaction record and the audit entry say who, when, why
and how many spans, never the span: the text is overwritten, not kept anywhere in
Rounds.
"""

from __future__ import annotations

from sqlalchemy import select, update

from forum import visibility
from forum.auth.models import User
from forum.exceptions import Invalid
from forum.extensions import db
from forum.moderation import audit
from forum.moderation.models import Flag
from forum.moderation.posts import clean_reason
from forum.notifications.email_compose import EXCERPT_CHARS, one_line
from forum.permissions import can_redact_post, require
from forum.redaction import purge, spans
from forum.redaction.models import Redaction
from forum.threads.models import Post, PostRevision
from forum.threads.service import render_body
from forum.unit_of_work import transactional

# The audit log's words for what this package records (audit.register_actions).
AUDIT_ACTIONS = {"post.redact": "Redacted part of a post"}
NOT_FOUND = (
    "This text is not in the post or its earlier versions. Copy it from the Markdown "
    "above exactly as it is written there (formatting marks included)."
)
REPEATED = "Leave the redacted text out of the reason: the audit log keeps the reason."
FLAG_TEXT_LENGTH = 500  # Flag.text's column


def clean_redaction_reason(reason: str | None, span: str) -> str:
    """:raises Invalid: no reason, too long a one, or one that repeats the span."""
    reason = clean_reason(reason)
    if span in reason or spans.normalized(span) in spans.normalized(reason):
        raise Invalid("reason", REPEATED)
    return reason


def _redact_flags(post: Post, span: str) -> int:
    """The span out of the words of the flags on `post`; how many were replaced."""
    replaced = 0
    rows = db.session.execute(
        select(Flag.id, Flag.text).where(
            Flag.post_id == post.id, Flag.text.contains(span, autoescape=True)
        )
    ).all()
    for flag_id, text in rows:
        new, count = spans.replace(text, span)
        if count:
            replaced += count
            db.session.execute(
                update(Flag)
                .where(Flag.id == flag_id)
                .values(text=new[:FLAG_TEXT_LENGTH])
                .execution_options(synchronize_session=False)
            )
    return replaced


@transactional
def redact_post(actor: User, post: Post, text: str | None, reason: str | None) -> Redaction:
    """Replace every occurrence of `text` in `post` (loaded through
    threads.service.get_post) and its saved versions with the marker, for `reason`.

    :raises NotFound: the actor may not see the post. :raises NotAllowed: not its
    thread's moderator. :raises Invalid: no text, too long a one, text the post and its
    versions do not hold (field "text"); no reason, too long a one, or one repeating
    the text (field "reason").
    """
    visibility.require_post(actor, post)
    require(can_redact_post(actor, post), "Only this thread's moderators can redact its posts.")
    span = spans.clean_span(text)
    reason = clean_redaction_reason(reason, span)
    revisions = list(
        db.session.scalars(
            select(PostRevision)
            .where(PostRevision.post_id == post.id)
            .order_by(PostRevision.number)
        )
    )
    # What mail may have quoted of each version before (purge.py looks for these).
    quoted_before = {
        version: one_line(text_of, EXCERPT_CHARS)
        for version, text_of in [
            ("current", post.body_text),
            *((revision.id, spans.plain(revision.body_md)) for revision in revisions),
        ]
    }
    body, in_post = spans.replace(post.body_md, span)
    in_revisions = 0
    changed: dict[str | int, str] = {}
    for revision in revisions:
        new, count = spans.replace(revision.body_md, span)
        if count:
            in_revisions += count
            revision.body_md = new
            revision.body_html = render_body(new)[0]
            changed[revision.id] = new
    if not in_post and not in_revisions:
        raise Invalid("text", NOT_FOUND)
    if in_post:
        post.body_md = body
        post.body_html, post.body_text = render_body(body)
        changed["current"] = body
    in_flags = _redact_flags(post, span)
    record = Redaction(
        post_id=post.id,
        actor_id=actor.id,
        reason=reason,
        in_post=in_post,
        in_revisions=in_revisions,
        in_flags=in_flags,
    )
    db.session.add(record)
    audit.record(
        actor,
        "post.redact",
        "post",
        post.id,
        post.thread.title,
        reason=reason,
        after={
            "spans": in_post + in_revisions + in_flags,
            "in_post": in_post,
            "in_revisions": in_revisions,
            "in_flags": in_flags,
        },
    )
    # The old excerpts the redaction changed held (part of) the span: mail about the
    # post that quotes one of them must not go. An excerpt it left alone quoted none.
    changed_excerpts = [
        quoted_before[version]
        for version, new in changed.items()
        if one_line(spans.plain(new), EXCERPT_CHARS) != quoted_before[version]
    ]
    purge.purge_post(
        post,
        whole_post=False,
        about_post=changed_excerpts,
        anywhere=sorted({span, spans.plain(span)} - {""}),
    )
    db.session.flush()
    return record
