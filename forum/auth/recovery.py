"""Getting back into an account: password reset by mail, and confirming an email address.

Links carry a token signed with SECRET_KEY (itsdangerous, one salt per purpose, so a
confirmation token is no reset token). A reset token also carries the digest of the
account's password hash (User.session_token), so it stops working once it has been
used and whenever the password changes; it expires after an hour. Mail goes
through the outbox (forum/mail), in the same transaction as the rest of the action.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from flask import current_app, render_template, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash

from forum import ratelimit
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import NotFound
from forum.extensions import db
from forum.mail import queue_mail
from forum.unit_of_work import transactional

RESET_MAX_AGE = 60 * 60  # a reset link works for an hour
VERIFY_MAX_AGE = 7 * 24 * 60 * 60  # a confirmation link for a week
MAX_TOKEN_LENGTH = 400  # ours are about 100 characters; longer is not ours

RESET_SUBJECT = "Reset your Rounds password"
VERIFY_SUBJECT = "Confirm your email address for Rounds"
RATE_MESSAGE = "Too many emails were asked for just now."


MESSAGES = {
    ("reset", "invalid"): "This password reset link is not valid. Check that it was copied in"
    " full.",
    ("reset", "expired"): "This password reset link has expired: links work for one hour.",
    ("reset", "used"): "This password reset link has already been used, or the password was"
    " changed since it was sent.",
    ("verify", "invalid"): "This confirmation link is not valid. Check that it was copied in full.",
    ("verify", "expired"): "This confirmation link has expired: links work for a week.",
    ("verify", "used"): "This confirmation link was sent to an email address the account no"
    " longer uses.",
}
SALTS = {"reset": "rounds.password-reset", "verify": "rounds.email-verification"}


class BadLink(NotFound):
    """A mailed link that cannot be used; `purpose` is "reset" or "verify", `reason` one of
    "invalid", "expired" or "used"."""

    def __init__(self, purpose: str, reason: str):
        super().__init__(MESSAGES[purpose, reason])
        self.purpose = purpose
        self.reason = reason


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALTS[purpose])


def _email_digest(email: str) -> str:
    return hashlib.blake2b(email.strip().lower().encode(), digest_size=8).hexdigest()


def _user_with_email(email: str) -> User | None:
    key = email.strip().lower()
    return db.session.scalar(select(User).where(func.lower(User.email) == key))


def _load(purpose: str, token: str, max_age: int) -> tuple[User, str]:
    """The user a token names and the stamp it carries.

    :raises BadLink: "invalid" or "expired".
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadLink(purpose, "invalid")
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise BadLink(purpose, "expired") from None
    except BadSignature:
        raise BadLink(purpose, "invalid") from None
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        raise BadLink(purpose, "invalid")
    user = db.session.get(User, payload[0])
    if user is None:
        raise BadLink(purpose, "invalid")
    return user, str(payload[1])


# --- password reset --------------------------------------------------------------------------


@cache
def _decoy_stamp() -> str:
    return secrets.token_hex(8)


def _reset_mail(user_id: int, stamp: str, name: str, username: str) -> tuple[str, str]:
    token = _serializer("reset").dumps([user_id, stamp])
    link = url_for("auth.reset", token=token, _external=True)
    context = {"name": name, "username": username, "link": link}
    return (
        render_template("auth/mail/reset.txt", **context),
        render_template("auth/mail/reset.html", **context),
    )


def _check_mail_limits(email: str, address: str | None) -> None:
    """Count a request for mail to `email` (and from `address`), refusing past the limits.

    :raises RateLimited: when either has asked too often in the window.
    """
    config = current_app.config
    window = config["RESET_LIMIT_WINDOW"]
    # Keyed by the address as typed, whether or not an account uses it, so the limit
    # answers alike for both and caps the mail any one inbox can be sent.
    buckets = [("mail-email", email.strip().lower()[:255], config["RESET_LIMIT_PER_EMAIL"])]
    if address is not None:
        buckets.append(("reset-address", address[:255], config["RESET_LIMIT_PER_ADDRESS"]))
    for bucket, key, limit in buckets:
        ratelimit.check(bucket, key, limit, window, RATE_MESSAGE)
    for bucket, key, _limit in buckets:
        ratelimit.add_hit(bucket, key, window)


@transactional
def request_password_reset(email: str, address: str) -> None:
    """Mail a reset link to the account that uses `email`, if there is one.

    The caller answers the same whether or not there is: nothing here says which,
    and the work done is the same either way except for one outbox row.

    :raises RateLimited: when that email or client address asked too often.
    """
    _check_mail_limits(email, address)
    user = _user_with_email(email)
    if user is None:
        # A link for nobody, built and thrown away, so both answers take as long.
        _reset_mail(0, _decoy_stamp(), "", "")
        return
    text, html = _reset_mail(user.id, user.session_token(), user.display_name, user.username)
    queue_mail(user.email, RESET_SUBJECT, text, html)


def check_reset_token(token: str) -> User:
    """The account a reset link is for, while the link is still good.

    :raises BadLink: when it is not ours, has expired, or was used (the password changed).
    """
    user, stamp = _load("reset", token, RESET_MAX_AGE)
    if not hmac.compare_digest(user.session_token(), stamp):
        raise BadLink("reset", "used")
    return user


@transactional
def reset_password(token: str, new: str) -> User:
    """Set a new password through a reset link; every existing session of the account ends.

    The link also proves the address, so an unconfirmed one counts as confirmed.

    :raises BadLink: as check_reset_token, also when two uses race (one of them wins).
    """
    user = check_reset_token(token)
    old_hash = user.password_hash
    # Compare-and-set on the old hash: of two submissions of the same link, only one
    # finds it still in place, so the link is single-use even under a race.
    changed = db.session.execute(
        update(User)
        .where(User.id == user.id, User.password_hash == old_hash)
        .values(password_hash=generate_password_hash(new, method="scrypt"))
        .execution_options(synchronize_session="fetch")
    )
    if changed.rowcount != 1:
        raise BadLink("reset", "used")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


# --- email verification ----------------------------------------------------------------------


@transactional
def send_verification(user: User) -> None:
    """Queue the mail with the link that confirms `user`'s email address."""
    token = _serializer("verify").dumps([user.id, _email_digest(user.email)])
    context = {
        "name": user.display_name,
        "username": user.username,
        "link": url_for("auth.verify", token=token, _external=True),
    }
    queue_mail(
        user.email,
        VERIFY_SUBJECT,
        render_template("auth/mail/verify.txt", **context),
        render_template("auth/mail/verify.html", **context),
    )


@transactional
def resend_verification(user: User, address: str | None = None) -> bool:
    """Mail the confirmation link again; False when the address is already confirmed.

    :raises RateLimited: when mail to that address (or from `address`) was asked for too often.
    """
    if user.email_verified_at is not None:
        return False
    _check_mail_limits(user.email, address)
    send_verification(user)
    return True


def check_verification_token(token: str) -> User:
    """The account a confirmation link is for.

    :raises BadLink: when it is not ours, has expired, or names an address the account
        no longer uses.
    """
    user, digest = _load("verify", token, VERIFY_MAX_AGE)
    if not hmac.compare_digest(_email_digest(user.email), digest):
        raise BadLink("verify", "used")
    return user


@transactional
def verify_email(token: str) -> User:
    """Confirm the address a link was sent to (again is harmless).

    :raises BadLink: as check_verification_token.
    """
    user = check_verification_token(token)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user
