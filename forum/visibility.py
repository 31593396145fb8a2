"""Who may see what: one rule, as pure checks for one object and as SQL for lists.

Every page, list, search hit, related or similar thread, profile, feed,
notification and digest asks this module, so no two places can disagree about
what a viewer may see. The pure checks read only loaded columns (a private
thread needs `thread.space.members` loaded); the SQL conditions express the same
rule for queries. Adding a state (a later issue's) means adding a row here.

| thing | who sees it | everyone else |
| --- | --- | --- |
| thread, public | everyone | |
| thread, deleted | its moderators (page, with a notice; never in lists) | 404 |
| thread, in a private space | the space's members (staff are not, unless members) | 404 |
| post, in a visible thread | everyone who sees the thread | 404 |
| post text, deleted | its thread's moderators | a placeholder |
| post text, hidden by a moderator | its thread's moderators | a placeholder (and the reason, |
| | | to its author) |
| mentorship (its compact, goals, check-ins, | its mentor and its mentee only (staff are | 404 |
| sessions, space) | not) | |
| a reported private message | the two members; site-wide staff see that one | 404 |
| | message as reported (a copy), never the space | |

Lists (home, specialty, topic, latest, profiles, related and similar threads,
search, feeds) show *listed* things only: public, not deleted threads and their
readable posts. A private space lists its own threads on its own page, through
`visible_threads`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true

from forum.exceptions import NotFound
from forum.permissions import can_moderate, moderates, signed_in
from forum.spaces.models import SpaceMember
from forum.threads.models import Post, Thread

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.mentorship.models import Mentorship


# ---- one object ------------------------------------------------------------------


def can_see_thread(viewer: User | None, thread: Thread) -> bool:
    """May `viewer` know that `thread` exists (open its page, its posts, their permalinks)?"""
    if thread.space_id is not None:
        if not signed_in(viewer) or viewer.id not in thread.space.member_ids:
            return False
    if thread.is_deleted:
        return can_moderate(viewer, thread)
    return True


def can_see_post(viewer: User | None, post: Post) -> bool:
    """May `viewer` see that `post` exists (its place in the thread, maybe a placeholder)?"""
    return can_see_thread(viewer, post.thread)


def can_read_post(viewer: User | None, post: Post) -> bool:
    """May `viewer` read the text of `post` (not just its placeholder)?"""
    if not can_see_post(viewer, post):
        return False
    if post.is_deleted or post.is_hidden:
        return can_moderate(viewer, post.thread)
    return True


def can_see_hidden_reason(viewer: User | None, post: Post) -> bool:
    """The author of a hidden post, and its moderators, see why it was hidden."""
    return post.is_hidden and (
        (signed_in(viewer) and viewer.id == post.author_id) or can_moderate(viewer, post.thread)
    )


def is_listed(thread: Thread) -> bool:
    """Whether lists may show `thread` (the pure twin of `listed_threads`)."""
    return thread.space_id is None and not thread.is_deleted


def require_thread(viewer: User | None, thread: Thread | None) -> Thread:
    """`thread` if `viewer` may see it.

    :raises NotFound: it does not exist or may not be known to exist.
    """
    if thread is None or not can_see_thread(viewer, thread):
        raise NotFound("There is no such thread.")
    return thread


def require_post(viewer: User | None, post: Post | None) -> Post:
    """:raises NotFound: the post does not exist or may not be known to exist."""
    if post is None or not can_see_post(viewer, post):
        raise NotFound("There is no such post.")
    return post


def can_see_mentorship(viewer: User | None, mentorship: Mentorship) -> bool:
    """A mentorship, and everything in it, is its two members' only: staff included,
    everyone else may not know it exists."""
    return signed_in(viewer) and viewer.id in mentorship.member_ids


def require_mentorship(viewer: User | None, mentorship: Mentorship | None) -> Mentorship:
    """:raises NotFound: no such mentorship, or `viewer` is not one of its two members."""
    if mentorship is None or not can_see_mentorship(viewer, mentorship):
        raise NotFound("There is no such mentorship.")
    return mentorship


# Exposed to templates, bound to current_user by create_app (with permissions').
TEMPLATE_CHECKS = {
    "can_see_hidden_reason": can_see_hidden_reason,
    "can_read_post": can_read_post,
}


# ---- SQL for lists ---------------------------------------------------------------


def _member_of_space(viewer: User | None) -> ColumnElement[bool]:
    if not signed_in(viewer):
        return false()
    spaces = select(SpaceMember.space_id).where(SpaceMember.user_id == viewer.id)
    return Thread.space_id.in_(spaces.scalar_subquery())


def _moderated(viewer: User | None) -> ColumnElement[bool]:
    if not signed_in(viewer):
        return false()
    if moderates(viewer, None):  # site-wide staff
        return true()
    ids = sorted(viewer.moderated_specialty_ids)
    return Thread.specialty_id.in_(ids) if ids else false()


def visible_threads(viewer: User | None) -> ColumnElement[bool]:
    """Threads `viewer` may open: the SQL form of can_see_thread."""
    return and_(
        or_(Thread.space_id.is_(None), _member_of_space(viewer)),
        or_(Thread.deleted_at.is_(None), _moderated(viewer)),
    )


_LISTED_THREADS = and_(Thread.space_id.is_(None), Thread.deleted_at.is_(None))


def listed_threads(viewer: User | None = None) -> ColumnElement[bool]:
    """Threads a public list may show: not deleted and not in a private space.

    The same for every viewer today; it takes the viewer so a later state (threads
    shown only to some) is added here, not at every call site. It returns one shared
    (immutable) expression, so callers may key statements they build once on it.
    """
    return _LISTED_THREADS


def readable_posts() -> ColumnElement[bool]:
    """Posts whose text lists may show (not deleted, not hidden); join Thread for the rest."""
    return and_(Post.deleted_at.is_(None), Post.hidden_at.is_(None))


def readable_by_members(user_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Posts (joined with Thread) whose text the member in column `user_id` may read as a
    member, without moderator rights: one test per row, for fan-out to many readers at once
    (notifications, digests). Its text readable, its thread not deleted and, in a private
    space, `user_id` a member. Nobody is told about deleted or hidden things, staff included.
    """
    in_space = exists().where(
        SpaceMember.space_id == Thread.space_id, SpaceMember.user_id == user_id
    )
    return and_(
        readable_posts(), Thread.deleted_at.is_(None), or_(Thread.space_id.is_(None), in_space)
    )


def listed_posts(viewer: User | None = None) -> ColumnElement[bool]:
    """Posts lists and search may show, with their thread: query joins Post to Thread."""
    return and_(readable_posts(), listed_threads(viewer))
