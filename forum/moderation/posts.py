"""Hiding a post and bringing it back: the post keeps its place as a placeholder.

Readers see "hidden by a moderator"; its author also sees the reason; the thread's
moderators still read the text (forum/visibility.py). A hidden post leaves search
(the change log sees hidden_at change), listings' counters (moved here in SQL),
feeds and related threads (they list readable posts only) in the same commit.

A post hidden over a patient-privacy concern (the first such flag hides it, before any
review: flags.py) also keeps its earlier versions for staff only, from then on and
again when it is restored; its author may edit it meanwhile to take the identifier
out, and forum/redaction/ takes its text out of the index files and unsent mail.
"""

from __future__ import annotations

from sqlalchemy import update

from forum import events, visibility
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Invalid
from forum.extensions import db
from forum.moderation import audit
from forum.notifications.notices import notify
from forum.permissions import can_hide_post, can_unhide_post, require
from forum.taxonomy.models import Specialty
from forum.threads.models import Post, PostRevision, Thread
from forum.unit_of_work import transactional

REASON_LENGTH = 500
AUTO_HIDE_REASON = (
    "Hidden automatically: several members reported it. A moderator will review it soon."
)
PRIVACY_HIDE_REASON = (
    "Hidden at once: a member raised a patient privacy concern. A moderator will review it."
)


def clean_reason(reason: str | None, field: str = "reason") -> str:
    """:raises Invalid: no reason, or one longer than REASON_LENGTH."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid(field, "Say why: the author and the audit log will see it.")
    if len(reason) > REASON_LENGTH:
        raise Invalid(field, f"Keep the reason under {REASON_LENGTH} characters.")
    return reason


def optional_reason(reason: str | None, field: str = "reason") -> str | None:
    """A reason that may be left out (None when blank), spaces collapsed.

    :raises Invalid: longer than REASON_LENGTH.
    """
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_LENGTH:
        raise Invalid(field, f"Keep the reason under {REASON_LENGTH} characters.")
    return reason or None


def _count(post: Post, step: int) -> None:
    """Move the listings' counters of the post's thread and specialty by `step` (a
    deleted thread's posts are in no specialty's count: only its own reply count moves,
    as threads.service.recount_thread would count it)."""
    thread = post.thread
    if not post.is_opening:
        db.session.execute(
            update(Thread)
            .where(Thread.id == thread.id)
            .values(reply_count=Thread.reply_count + step),
            execution_options={"synchronize_session": False},
        )
    if thread.is_deleted:
        return
    db.session.execute(
        update(Specialty)
        .where(Specialty.id == thread.specialty_id)
        .values(post_count=Specialty.post_count + step),
        execution_options={"synchronize_session": False},
    )


def hide(
    post: Post,
    actor: User | None,
    reason: str,
    *,
    action: str = "post.hide",
    privacy: bool = False,
    notice: str | None = None,
) -> None:
    """The domain step of hiding a readable post (no permission check: the callers
    check), for the moderation services' own units of work: `actor` None is the
    system (members' flags). Flushes, never commits.

    `privacy`: hidden over a patient-privacy concern. Its author may still edit it (to
    take the identifier out), its saved versions become staff-only, and the receivers of
    post_removed that read `post.hidden_for_privacy` take its text out of the search
    index's files and of unsent mail (forum/redaction/purge.py). `notice` replaces the
    author's plain "it was hidden" notice."""
    post.hidden_at = utcnow()
    post.hidden_by_id = actor.id if actor is not None else None
    post.hidden_reason = reason
    post.hidden_for_privacy = privacy
    if privacy:
        keep_history_for_staff(post)
    _count(post, -1)
    events.post_removed.send(None, post=post, actor=actor, reason=reason)
    audit.record(actor, action, "post", post.id, post.thread.title, reason=reason)
    if notice is None:
        notice = (
            f"Your post in “{post.thread.title}” was hidden by "
            f"{'a moderator' if actor is not None else 'the forum'}. Reason: {reason}"
        )
    notify(
        post.author_id,
        notice,
        link=f"/posts/{post.id}/edit" if privacy else f"/posts/{post.id}",
        actor_id=actor.id if actor is not None else None,
    )
    db.session.flush()


def keep_history_for_staff(post: Post) -> None:
    """Make every saved earlier version of `post` staff-only (one UPDATE): after a privacy
    hide its old versions may hold the identifier, so only its moderators read them."""
    db.session.execute(
        update(PostRevision)
        .where(PostRevision.post_id == post.id, PostRevision.staff_only.is_(False))
        .values(staff_only=True),
        execution_options={"synchronize_session": False},
    )


@transactional
def hide_post(actor: User, post: Post, reason: str) -> Post:
    """Hide `post` (loaded through threads.service.get_post) with a reason.

    :raises NotFound: the actor may not see it. :raises NotAllowed: not its thread's
    moderator, or it is deleted or already hidden. :raises Invalid: no reason.
    """
    visibility.require_post(actor, post)
    require(can_hide_post(actor, post), "Only this thread's moderators can hide its posts.")
    hide(post, actor, clean_reason(reason))
    return post


@transactional
def unhide_post(
    actor: User, post: Post, reason: str | None = None, *, notice: str | None = None
) -> Post:
    """Make a hidden post readable again, and tell its author (`notice`, or the plain
    "a moderator restored it" with the reason).

    :raises NotFound: the actor may not see it. :raises NotAllowed: not its thread's
    moderator, or it is not hidden. :raises Invalid: a reason too long.
    """
    visibility.require_post(actor, post)
    require(can_unhide_post(actor, post), "Only this thread's moderators can restore its posts.")
    reason = optional_reason(reason)
    before = {"hidden_reason": post.hidden_reason}
    if post.hidden_for_privacy:
        # The versions its author saved while it was hidden (the identifier still in
        # them) stay with the staff: readers see the restored text and what follows.
        keep_history_for_staff(post)
        before["hidden_for_privacy"] = True
    post.hidden_at = None
    post.hidden_by_id = None
    post.hidden_reason = None
    post.hidden_for_privacy = False
    _count(post, +1)
    events.post_restored.send(None, post=post, actor=actor)
    audit.record(
        actor, "post.unhide", "post", post.id, post.thread.title, reason=reason, before=before
    )
    # Its author was told it was hidden: tell them it is back.
    if notice is None:
        said = f" Reason: {reason}" if reason else ""
        notice = f"Your post in “{post.thread.title}” is visible again: a moderator restored it."
        notice += said
    notify(
        post.author_id,
        notice,
        link=f"/posts/{post.id}",
        actor_id=actor.id,
    )
    return post
