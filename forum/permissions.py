"""Who may do what: pure decisions over already-loaded columns, no queries, no request globals.

Services call these to enforce, views through `require`, and templates through the
Jinja globals registered in create_app, so a button shows exactly when the action
would succeed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.exceptions import NotAllowed

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.threads.models import Post, Thread

STAFF_ROLES = frozenset({"moderator", "admin"})


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_staff(user: User | None) -> bool:
    """Moderators and admins."""
    return _signed_in(user) and user.role in STAFF_ROLES


def can_start_thread(user: User | None) -> bool:
    return _signed_in(user)


def can_reply(user: User | None, thread: Thread) -> bool:
    """Signed-in users may reply to open threads; staff may also reply to locked ones."""
    return _signed_in(user) and (not thread.is_locked or is_staff(user))


def can_edit_post(user: User | None, post: Post) -> bool:
    """Authors edit their own live posts while the thread is open; staff edit any live post."""
    if not _signed_in(user) or post.deleted_at is not None:
        return False
    if is_staff(user):
        return True
    return post.author_id == user.id and not post.thread.is_locked


def can_delete_post(user: User | None, post: Post) -> bool:
    return can_edit_post(user, post)


def can_see_deleted_body(user: User | None, post: Post) -> bool:
    """Deleted posts keep a placeholder; only staff can still read what was there."""
    return is_staff(user)


def can_moderate(user: User | None, thread: Thread | None = None) -> bool:
    """Pin, unpin, lock and unlock threads."""
    return is_staff(user)


def can_edit_profile(user: User | None, profile: User) -> bool:
    return _signed_in(user) and user.id == profile.id


def require(allowed: bool, message: str = "You are not allowed to do that.") -> None:
    """Raise NotAllowed unless `allowed`.

    :raises NotAllowed: when the decision was no.
    """
    if not allowed:
        raise NotAllowed(message)


# Names exposed to templates, each bound to current_user by create_app.
TEMPLATE_CHECKS = {
    "can_start_thread": can_start_thread,
    "can_reply": can_reply,
    "can_edit_post": can_edit_post,
    "can_delete_post": can_delete_post,
    "can_see_deleted_body": can_see_deleted_body,
    "can_moderate": can_moderate,
    "can_edit_profile": can_edit_profile,
}
