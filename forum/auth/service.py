"""Account rules: registration, login with rate limits, profile and password changes,
roles and moderator scopes, and what a suspended member is told."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import datetime
from functools import cache

from blinker import Namespace
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from forum import ratelimit
from forum.auth import recovery
from forum.auth.models import (
    PROFESSIONS,
    ROLES,
    SUSPENDED_INDEFINITELY,
    USERNAME_PATTERN,
    ModeratorScope,
    User,
)
from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotFound
from forum.extensions import db
from forum.permissions import can_edit_profile, require
from forum.taxonomy.models import Specialty
from forum.unit_of_work import transactional

LOGIN_FAILED = "Wrong username or password."

_signals = Namespace()
# A user's roles or moderator scopes changed (from the web, the command line, or an
# account created with them): user, actor (None from the command line), before and
# after ({"roles": [...], "specialties": [slug, ...]}, only what changed), reason. Sent
# inside the unit of work; forum/moderation/people.py writes the audit entries, so a
# change from the command line is in the log too (auth cannot import moderation).
roles_changed = _signals.signal("roles-changed")


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
    moderates: Iterable[str] = (),
    address: str | None = None,
    verify_email: bool = False,
) -> User:
    """Create an account; `address` (the client's, from the register form) is rate-limited.

    With `verify_email` (a sign-up from the web) and EMAIL_VERIFICATION on, the address
    stays unconfirmed and the link that confirms it is mailed; otherwise it counts as
    confirmed (accounts an admin creates, the demo's). `moderates` names (by slug) the
    specialties the new account moderates (create-user --moderates).

    :raises RateLimited: when that address has created too many accounts in the window.
    :raises Invalid: when the username or email is taken, or a choice or slug is unknown.
    """
    if address is not None:
        _check_registration_limit(address[:255])
    roles = _check_roles(roles)
    scopes = specialties_by_slug(moderates)
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
    user.moderator_scopes = [ModeratorScope(specialty_id=s.id) for s in scopes]
    user.set_password(password)
    needs_link = verify_email and current_app.config["EMAIL_VERIFICATION"]
    user.email_verified_at = None if needs_link else utcnow()
    db.session.add(user)
    if address is not None:
        ratelimit.add_hit("register", address[:255], current_app.config["REGISTER_LIMIT_WINDOW"])
    try:
        if needs_link or user.roles or scopes:
            db.session.flush()  # the link and the audit entry name the new account's id
        if needs_link:
            recovery.send_verification(user)  # the mail commits with the account
        if user.roles or scopes:  # an account created with powers is in the audit log
            roles_changed.send(
                None,
                user=user,
                actor=None,
                before={"roles": []} if user.roles else {"specialties": []},
                after=_granted(user.roles, scopes),
                reason="Account created with these roles",
            )
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

    :raises NotAllowed: the member is suspended. :raises Invalid: when a choice is unknown.
    """
    require(can_edit_profile(user, user), suspension_refusal(user, "change your profile"))
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


def _granted(roles: Iterable[str], scopes: Iterable[Specialty]) -> dict[str, list[str]]:
    """The audit entry's "after" for a new account: what it was created with."""
    after: dict[str, list[str]] = {}
    if roles:
        after["roles"] = sorted(roles)
    slugs = sorted(s.slug for s in scopes)
    if slugs:
        after["specialties"] = slugs
    return after


def specialties_by_slug(slugs: Iterable[str]) -> list[Specialty]:
    """The specialties named by `slugs` (compared without case), in one query.

    :raises Invalid: a slug no specialty has (field "moderates").
    """
    wanted = {slug.strip().lower() for slug in slugs if slug.strip()}
    if not wanted:
        return []
    found = list(
        db.session.scalars(select(Specialty).where(func.lower(Specialty.slug).in_(wanted)))
    )
    missing = wanted - {s.slug.lower() for s in found}
    if missing:
        raise Invalid("moderates", f"No specialty has the slug {', '.join(sorted(missing))}.")
    return found


def scope_slugs(user: User) -> list[str]:
    """The slugs of the specialties `user` moderates, sorted (one query, none if no scope)."""
    specialty_ids = user.moderated_specialty_ids
    if not specialty_ids:
        return []
    return list(
        db.session.scalars(
            select(Specialty.slug).where(Specialty.id.in_(specialty_ids)).order_by(Specialty.slug)
        )
    )


def lock_user(user: User) -> User:
    """`user` re-read under a row lock (FOR UPDATE on PostgreSQL; SQLite has one writer
    anyway) with their scopes, so two admins changing the same account take turns and
    each audit entry's "before" is what the change replaced."""
    return db.session.scalars(
        select(User)
        .where(User.id == user.id)
        .with_for_update()
        .options(selectinload(User.moderator_scopes))
        .execution_options(populate_existing=True)
    ).one()


def apply_roles(
    user: User,
    *,
    roles: Iterable[str] | None = None,
    specialty_ids: Iterable[int] | None = None,
    actor: User | None = None,
    reason: str | None = None,
) -> dict[str, dict]:
    """Give `user` exactly `roles` and/or moderate exactly `specialty_ids` (None leaves
    that part alone), and announce what changed (roles_changed). No permission check:
    the callers check (the web's people service; the command line is the operator's).
    Flushes, never commits. Returns {"before": {...}, "after": {...}}, empty if nothing
    changed.

    :raises Invalid: an unknown role or specialty.
    """
    user = lock_user(user)
    before: dict[str, list] = {}
    after: dict[str, list] = {}
    if roles is not None:
        wanted = _check_roles(roles) - {"member"}
        if wanted != set(user.roles):
            before["roles"] = sorted(user.roles)
            user.roles = wanted
            after["roles"] = sorted(user.roles)
    if specialty_ids is not None:
        wanted_ids = set(specialty_ids)
        current = set(user.moderated_specialty_ids)
        if wanted_ids != current:
            slugs = dict(
                db.session.execute(
                    select(Specialty.id, Specialty.slug).where(
                        Specialty.id.in_(wanted_ids | current)
                    )
                ).all()
            )
            if not wanted_ids <= set(slugs):
                raise Invalid("specialties", "Choose specialties from the list.")
            # Kept rows stay (no delete and insert of the same key); the rest go with the
            # relationship's delete-orphan cascade.
            kept = [scope for scope in user.moderator_scopes if scope.specialty_id in wanted_ids]
            added = [ModeratorScope(specialty_id=i) for i in sorted(wanted_ids - current)]
            user.moderator_scopes = kept + added
            before["specialties"] = sorted(slugs[i] for i in current)
            after["specialties"] = sorted(slugs[i] for i in wanted_ids)
    if not after:
        return {}
    db.session.flush()
    roles_changed.send(None, user=user, actor=actor, before=before, after=after, reason=reason)
    return {"before": before, "after": after}


@transactional
def set_roles(username: str, roles: Iterable[str]) -> User:
    """Give an existing user exactly these roles (CLI); "member" alone takes every role away.

    :raises NotFound: unknown user. :raises Invalid: unknown role.
    """
    wanted = _check_roles(roles)
    user = get_user_by_username(username)
    apply_roles(user, roles=wanted)
    return user


@transactional
def set_scopes(username: str, slugs: Iterable[str]) -> User:
    """Make an existing user moderate exactly the specialties named by `slugs` (CLI);
    none takes every scope away. Site-wide moderation is the "moderator" role.

    :raises NotFound: unknown user. :raises Invalid: unknown slug.
    """
    specialties = specialties_by_slug(slugs)
    user = get_user_by_username(username)
    apply_roles(user, specialty_ids=[s.id for s in specialties])
    return user


# --- suspensions, as the suspended member reads them ------------------------------------


def suspension_end_text(until: datetime | None) -> str:
    """ "until 3 May 2025, 14:00 UTC", or "until a moderator lifts it"."""
    if until is None or until >= SUSPENDED_INDEFINITELY:
        return "until a moderator lifts it"
    return f"until {until.day} {until:%B %Y, %H:%M} UTC"


def suspension_refusal(user: User, action: str = "post") -> str:
    """What a suspended member is told when refused: until when, and that they can read."""
    return (
        f"Your account is suspended {suspension_end_text(user.suspended_until)}: "
        f"you can read, but not {action}."
    )
