"""Warning a member: a moderator's message about their conduct, which only they (and
staff) read.

A warning is a ModeratorWarning row, an audit entry (user.warn) and a notice that
leads the member to /account/warnings, where they read it and can mark it read. Who
may warn whom is permissions.can_warn: a moderator who outranks the member, and
moderates the post's thread when the warning is about a post (site-wide staff only
for a warning about no post).
"""

from __future__ import annotations

from forum import visibility
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotFound
from forum.extensions import db
from forum.moderation import audit
from forum.moderation.models import ModeratorWarning
from forum.notifications.notices import notify
from forum.permissions import can_warn, require
from forum.threads.models import Post
from forum.unit_of_work import transactional

MESSAGE_LENGTH = 2000
WARNINGS_PATH = "/account/warnings"


def clean_message(message: str | None, field: str = "message") -> str:
    """The warning's text, trimmed (line breaks kept).

    :raises Invalid: empty, or longer than MESSAGE_LENGTH.
    """
    message = (message or "").strip()
    if not message:
        raise Invalid(field, "Write the warning: the member will read it.")
    if len(message) > MESSAGE_LENGTH:
        raise Invalid(field, f"Keep the warning under {MESSAGE_LENGTH:,} characters.")
    return message


def warning_refusal(actor: User | None, target: User, post: Post | None = None) -> str:
    if actor is not None and getattr(actor, "id", None) == target.id:
        return "You cannot warn yourself."
    return "Only a moderator of a higher rank than this member can warn them."


@transactional
def warn_user(
    actor: User, target: User, message: str, post: Post | None = None
) -> ModeratorWarning:
    """Send `target` a warning, about `post` (loaded with its thread) when given.

    :raises NotFound: the actor may not see the post. :raises NotAllowed: can_warn says
    no. :raises Invalid: no message, or too long a one.
    """
    if post is not None:
        visibility.require_post(actor, post)
    require(can_warn(actor, target, post), warning_refusal(actor, target, post))
    message = clean_message(message)
    warning = ModeratorWarning(
        user_id=target.id,
        moderator_id=actor.id,
        post_id=post.id if post is not None else None,
        message=message,
    )
    db.session.add(warning)
    db.session.flush()
    audit.record(
        actor,
        "user.warn",
        "user",
        target.id,
        target.username,
        reason=message,
        after={"warning_id": warning.id, "post_id": post.id if post is not None else None},
    )
    about = f" about your post in “{post.thread.title}”" if post is not None else ""
    notify(
        target.id,
        f"A moderator sent you a warning{about}. Please read it.",
        link=WARNINGS_PATH,
        actor_id=actor.id,
    )
    return warning


@transactional
def mark_warning_read(user: User, warning_id: int) -> ModeratorWarning:
    """The member says they have read their warning (reading it again changes nothing).

    :raises NotFound: no such warning, or someone else's.
    """
    warning = db.session.get(ModeratorWarning, warning_id)
    if warning is None or warning.user_id != user.id:
        raise NotFound("There is no such warning.")
    if warning.read_at is None:
        warning.read_at = utcnow()
    return warning
