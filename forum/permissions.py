"""Who may do what: pure decisions over already-loaded columns, no queries, no request globals.

Services call these to enforce, views through `require`, and templates through the
Jinja globals registered in create_app, so a button shows exactly when the action
would succeed. Roles combine (a mentor may also moderate); a decision about a
thing takes the thing into account, so `can_moderate(user, thread)` asks whether
the user moderates that thread's specialty. Who may *see* a thing is the other
half of the rule, in forum/visibility.py.

| role | powers |
| --- | --- |
| member (everyone signed in) | post once verified; edit and delete own posts in open threads; |
| | accept an answer to an own open question; mark others' replies helpful; watch |
| mentor | as a member; the mentors' queue (mentorship adds its own checks) |
| scoped moderator (ModeratorScope rows) | moderate threads in those specialties |
| moderator | moderate every specialty; not rate-limited |
| admin | everything a moderator may, everywhere |
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.exceptions import NotAllowed

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.threads.models import Post, Thread


def signed_in(user: User | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_role(user: User | None, role: str) -> bool:
    return signed_in(user) and user.has_role(role)


def is_admin(user: User | None) -> bool:
    return has_role(user, "admin")


def is_staff(user: User | None) -> bool:
    """Site-wide moderators and admins (exempt from the posting rate limit)."""
    return has_role(user, "moderator") or is_admin(user)


def moderates(user: User | None, specialty_id: int | None) -> bool:
    """Whether `user` moderates the specialty `specialty_id` (site-wide staff moderate all)."""
    if not signed_in(user):
        return False
    return is_staff(user) or (
        specialty_id is not None and specialty_id in user.moderated_specialty_ids
    )


def can_post(user: User | None) -> bool:
    """Signed in with a verified email address."""
    return signed_in(user) and user.email_verified_at is not None


def can_start_thread(user: User | None) -> bool:
    return can_post(user)


def can_moderate(user: User | None, thread: Thread | None = None) -> bool:
    """Pin, lock, and see deleted content in `thread` (any thread when None: site-wide only)."""
    if thread is None:
        return is_staff(user)
    return moderates(user, thread.specialty_id)


def can_reply(user: User | None, thread: Thread) -> bool:
    """Verified members reply to open threads; the thread's moderators also to locked ones."""
    if thread.is_deleted:
        return False
    return can_post(user) and (not thread.is_locked or can_moderate(user, thread))


def _own_open_post(user: User | None, post: Post) -> bool:
    return signed_in(user) and post.author_id == user.id and not post.thread.is_locked


def can_edit_post(user: User | None, post: Post) -> bool:
    """Authors edit their own live posts while the thread is open; its moderators any live post."""
    if not signed_in(user) or post.is_deleted or post.thread.is_deleted:
        return False
    return can_moderate(user, post.thread) or (_own_open_post(user, post) and not post.is_hidden)


def can_delete_post(user: User | None, post: Post) -> bool:
    """As editing, except that an author cannot delete an opening post that has replies:
    answers never end up under a deleted question (the author can still edit it)."""
    if not can_edit_post(user, post):
        return False
    if can_moderate(user, post.thread):
        return True
    return not (post.is_opening and post.thread.reply_count > 0)


def can_edit_thread(user: User | None, thread: Thread) -> bool:
    """Change a thread's title, specialty and topics: its author while open, or its moderators."""
    if not signed_in(user) or thread.is_deleted:
        return False
    if can_moderate(user, thread):
        return True
    return thread.author_id == user.id and not thread.is_locked


def can_see_deleted_body(user: User | None, post: Post) -> bool:
    """Deleted and hidden posts keep a placeholder; the thread's moderators still read the text."""
    return can_moderate(user, post.thread)


def can_accept_answer(user: User | None, post: Post) -> bool:
    """Mark (or unmark) a reply as its question's accepted answer: the asker while the
    thread is open, or the thread's moderators; never a deleted or hidden reply."""
    thread = post.thread
    if not signed_in(user) or thread.kind != "question" or thread.is_deleted:
        return False
    if post.is_opening or post.is_deleted or post.is_hidden:
        return False
    if can_moderate(user, thread):
        return True
    return thread.author_id == user.id and not thread.is_locked


def can_mark_helpful(user: User | None, post: Post) -> bool:
    """Verified members mark others' live replies helpful (and take the mark back)."""
    if not can_post(user) or post.author_id == user.id:
        return False
    return not (post.is_opening or post.is_deleted or post.is_hidden or post.thread.is_deleted)


def can_use_queue(user: User | None) -> bool:
    """The mentors' queue of unanswered questions: mentors, and moderators of any scope."""
    if not signed_in(user):
        return False
    return has_role(user, "mentor") or is_staff(user) or bool(user.moderated_specialty_ids)


def can_watch(user: User | None) -> bool:
    """Set watch levels and read notifications: any signed-in member."""
    return signed_in(user)


def can_edit_profile(user: User | None, profile: User) -> bool:
    return signed_in(user) and user.id == profile.id


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
    "can_edit_thread": can_edit_thread,
    "can_see_deleted_body": can_see_deleted_body,
    "can_moderate": can_moderate,
    "can_edit_profile": can_edit_profile,
    "can_accept_answer": can_accept_answer,
    "can_mark_helpful": can_mark_helpful,
    "can_use_queue": can_use_queue,
    "can_watch": can_watch,
}
