"""Unsubscribe links: one per member and kind, signed, usable without logging in.

A link carries [user id, kind] signed with SECRET_KEY (itsdangerous, a salt of its
own, as forum/auth/recovery.py does for resets), so nobody can make one for another
member or another kind. It does not expire: a link in a year-old email still stops
the mail (all it can do is turn email off). The kind "digest" stands for every kind
the member gets in digests, for the link in a digest.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.notifications.email_preferences import (
    DIGEST,
    cadences_for,
    digest_kinds,
    set_cadences,
)
from forum.notifications.models import KINDS
from forum.unit_of_work import transactional

SALT = "rounds.notification-unsubscribe"
MAX_TOKEN_LENGTH = 200  # ours are about 50 characters; longer is not ours
BAD_LINK = "This unsubscribe link is not valid. Check that it was copied in full."


class BadUnsubscribeLink(NotFound):
    """A token that is not ours, or names an account that no longer exists (404)."""

    def __init__(self) -> None:
        super().__init__(BAD_LINK)


@dataclass(frozen=True)
class Unsubscription:
    """What a valid link stops: `kind` (a KIND or "digest") of `user`'s email, that is
    `kinds` (for "digest", the kinds the member gets in digests when the link is read)."""

    user: User
    kind: str
    kinds: tuple[str, ...]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user_id: int, kind: str) -> str:
    """The token of the link that stops `kind` of email to the member `user_id`."""
    if kind not in KINDS and kind != DIGEST:
        raise ValueError(f"no such kind of notification email: {kind!r}")
    return _serializer().dumps([user_id, kind])


def read_token(token: str) -> Unsubscription:
    """What `token` unsubscribes from.

    :raises BadUnsubscribeLink: when it is not ours or its account is gone.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadUnsubscribeLink()
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        raise BadUnsubscribeLink() from None
    valid = (
        isinstance(payload, list)
        and len(payload) == 2
        and isinstance(payload[0], int)
        and (payload[1] in KINDS or payload[1] == DIGEST)
    )
    if not valid:
        raise BadUnsubscribeLink()
    user = db.session.get(User, payload[0])
    if user is None:
        raise BadUnsubscribeLink()
    kind = payload[1]
    kinds = digest_kinds(cadences_for(user)) if kind == DIGEST else [kind]
    return Unsubscription(user, kind, tuple(kinds))


@transactional
def unsubscribe(token: str) -> Unsubscription:
    """Set the kinds a link names to "never" (again is harmless); returns what it named.

    :raises BadUnsubscribeLink: as read_token.
    """
    link = read_token(token)
    set_cadences(link.user, dict.fromkeys(link.kinds, "never"))
    return link
