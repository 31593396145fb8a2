"""Account rules: registration, login with rate limits, profile and password changes."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable
from functools import cache

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from forum import ratelimit
from forum.auth import recovery
from forum.auth.models import PROFESSIONS, ROLES, USERNAME_PATTERN, User
from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotFound
from forum.extensions import db
from forum.taxonomy.models import Specialty
from forum.unit_of_work import transactional

LOGIN_FAILED = "Wrong username or password."


@cache
def _decoy_hash() -> str:
    """A hash to check against when the account does not exist, so timing reveals nothing."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


def find_user(username_or_email: str) -> User | None:
    """The user with this username or email, compared without case."""
    key = username_or_email.strip().lower()
    column = User.email if "@" in key else User.username
    return db.session.scalar(select(User).where(func.lower(column) == key))


def user_for_session(token: str) -> User | None:
    """The user a session or remember-me cookie names ("<id>-<session token>"), if that
    token is still theirs: a password change since then ends the session. Their
    moderator scopes come in the same query, so permission checks make none."""
    user_id, _, session_token = token.partition("-")
    if not user_id.isdigit() or not session_token or len(user_id) > 18:
        return None
    user = db.session.scalar(
        select(User).where(User.id == int(user_id)).options(joinedload(User.moderator_scopes))
    )
    if user is None or not hmac.compare_digest(user.session_token(), session_token):
        return None
    return user


def get_user_by_username(username: str) -> User:
    """:raises NotFound: when there is no such user."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None:
        raise NotFound("There is no member with that username.")
    return user


def _check_specialty(specialty_id: int | None) -> int | None:
    if not specialty_id:
        return None
    if db.session.get(Specialty, specialty_id) is None:
        raise Invalid("specialty_id", "Choose a specialty from the list.")
    return specialty_id


def register_user(
    *,
    username: str,
    email: str,
    password: str,
    display_name: str,
    profession: str = "other",
    specialty_id: int | None = None,
    institution: str | None = None,
    bio: str | None = None,
    roles: Iterable[str] = (),
    address: str | None = None,
    verify_email: bool = False,
) -> User:
    """Create an account; `address` (the client's, from the register form) is rate-limited.

    With `verify_email` (a sign-up from the web) and EMAIL_VERIFICATION on, the address
    stays unconfirmed and the link that confirms it is mailed; otherwise it counts as
    confirmed (accounts an admin creates, the demo's).

    :raises RateLimited: when that address has created too many accounts in the window.
    :raises Invalid: when the username or email is taken, or a choice is unknown.
    """
    if address is not None:
        _check_registration_limit(address[:255])
    roles = _check_roles(roles)
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise Invalid("username", "Use 3–30 letters, digits, underscores or hyphens.")
    if profession not in PROFESSIONS:
        raise Invalid("profession", "Choose a profession from the list.")
    if find_user(username) is not None:
        raise Invalid("username", "That username is taken.")
    if find_user(email) is not None:
        raise Invalid("email", "An account with that email already exists.")
    user = User(
        username=username,
        email=email,
        display_name=display_name or username,
        profession=profession,
        specialty_id=_check_specialty(specialty_id),
        institution=institution or None,
        bio=bio or None,
    )
    user.roles = roles
    user.set_password(password)
    needs_link = verify_email and current_app.config["EMAIL_VERIFICATION"]
    user.email_verified_at = None if needs_link else utcnow()
    db.session.add(user)
    if address is not None:
        ratelimit.add_hit("register", address[:255], current_app.config["REGISTER_LIMIT_WINDOW"])
    try:
        if needs_link:
            db.session.flush()  # the link names the new account's id
            recovery.send_verification(user)  # the mail commits with the account
        db.session.commit()
    except IntegrityError:  # a concurrent registration took the name between check and insert
        db.session.rollback()
        raise Invalid("username", "That username or email is taken.") from None
    return user


def _check_registration_limit(address: str) -> None:
    config = current_app.config
    ratelimit.check(
        "register",
        address,
        config["REGISTER_LIMIT_PER_ADDRESS"],
        config["REGISTER_LIMIT_WINDOW"],
        "Too many accounts were created from your network just now.",
    )


def authenticate(login: str, password: str, address: str) -> User:
    """Check credentials, counting failures per account and per client address.

    :raises RateLimited: when either has failed too often in the window.
    :raises Invalid: when the credentials are wrong.
    """
    user = _check_credentials(login, password, address)
    if user is None:  # raised only now: the failure it counted is committed
        raise Invalid("password", LOGIN_FAILED)
    return user


@transactional
def _check_credentials(login: str, password: str, address: str) -> User | None:
    """The user, or None after counting a failure (one unit of work either way)."""
    config = current_app.config
    window = config["LOGIN_LIMIT_WINDOW"]
    user = find_user(login)
    # Failures count against the account itself, however it was named (username or
    # email); names that match no account are counted as typed.
    account_key = f"user:{user.id}" if user else f"name:{login.strip().lower()}"[:255]
    address_key = address[:255]
    for bucket, key, limit in (
        ("login-account", account_key, config["LOGIN_LIMIT_PER_ACCOUNT"]),
        ("login-address", address_key, config["LOGIN_LIMIT_PER_ADDRESS"]),
    ):
        ratelimit.check(bucket, key, limit, window, "Too many failed log-in attempts.")
    if user is None:
        check_password_hash(_decoy_hash(), password)
    if user is None or not user.check_password(password):
        ratelimit.add_hit("login-account", account_key, window)
        ratelimit.add_hit("login-address", address_key, window)
        return None
    ratelimit.clear_hits("login-account", account_key)
    return user


@transactional
def update_profile(
    user: User,
    *,
    display_name: str,
    profession: str,
    specialty_id: int | None,
    institution: str | None,
    bio: str | None,
) -> User:
    """Change the editable profile fields of `user`.

    :raises Invalid: when a choice is unknown.
    """
    if profession not in PROFESSIONS:
        raise Invalid("profession", "Choose a profession from the list.")
    user.specialty_id = _check_specialty(specialty_id)
    user.display_name = display_name
    user.profession = profession
    user.institution = institution or None
    user.bio = bio or None
    return user


@transactional
def change_password(user: User, current: str, new: str) -> None:
    """Set a new password; every session and remember-me cookie issued before ends.

    :raises Invalid: when `current` is not the user's password.
    """
    if not user.check_password(current):
        raise Invalid("current", "That is not your current password.")
    user.set_password(new)


def _check_roles(roles: Iterable[str]) -> set[str]:
    """:raises Invalid: an unknown role."""
    wanted = set(roles)
    unknown = wanted - set(ROLES)
    if unknown:
        raise Invalid("roles", f"Roles are: {', '.join(ROLES)} (not {', '.join(sorted(unknown))}).")
    return wanted


@transactional
def set_roles(username: str, roles: Iterable[str]) -> User:
    """Give an existing user exactly these roles (CLI); "member" alone takes every role away.

    :raises NotFound: unknown user. :raises Invalid: unknown role.
    """
    wanted = _check_roles(roles)
    user = get_user_by_username(username)
    user.roles = wanted
    return user
