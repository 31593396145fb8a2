"""Notices: notifications written for one member in words of their own, with a link.

Moderation tells a flagger what became of their report, an author why their post was
hidden or that they were warned, a member that they were suspended; later features
(mentorship) tell members about their requests the same way. A notice is added to
the caller's unit of work, so it commits with the action it reports, and it shows on
the notifications page, in the header's unread count and in email like any other
notification (NOTICE_KINDS in forum/notifications/models.py).

A notice never quotes a post's text: it may be about a post the recipient can no
longer read (hidden, deleted), and the visibility rule still decides what its link
shows when it is followed.
"""

from __future__ import annotations

from forum.extensions import db
from forum.notifications.email import MAIL_EFFECT
from forum.notifications.models import NOTICE_KINDS, Notification
from forum.redirects import is_safe_path
from forum.unit_of_work import after_commit

MESSAGE_LENGTH = 500


def notify(
    user_id: int,
    message: str,
    *,
    link: str | None = None,
    kind: str = "moderation",
    actor_id: int | None = None,
) -> Notification:
    """Add a notice for the member `user_id` to the current unit of work.

    `link` is a path as this app's routes spell it ("/posts/12", what url_for gives
    when the app is not mounted under a prefix), never an outside address; the
    notifications page and emails build it again from its route
    (forum/notifications/notice_links.py). The notice is emailed after the commit,
    as its recipient's cadence for `kind` says.

    :raises ValueError: not a notice kind, or a link that is not a same-site path.
    """
    if kind not in NOTICE_KINDS:
        raise ValueError(f"{kind!r} is not a notice kind: add it to NOTICE_KINDS")
    if link is not None and not is_safe_path(link):
        raise ValueError(f"a notice links to a path on this site, not {link!r}")
    notice = Notification(
        user_id=user_id,
        kind=kind,
        message=message[:MESSAGE_LENGTH],
        link=link,
        actor_id=actor_id,
    )
    db.session.add(notice)
    # Emailed once the action commits, as the fan-out's notifications are (its kind's
    # cadence permitting): the email drain reads it from the database.
    after_commit(MAIL_EFFECT)
    return notice
