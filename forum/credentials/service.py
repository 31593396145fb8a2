"""Credentials: a member's claims, the staff's review, and the rule mentorship reads.

- An active member adds credentials (permissions.can_add_credential): profession,
  licence or registration type, issuing body, jurisdiction, number, institution and
  years in practice. Each starts pending. Adding is rate-limited (CREDENTIAL_LIMIT a
  CREDENTIAL_LIMIT_WINDOW) and a member keeps at most MAX_CREDENTIALS.
- The member edits their own (permissions.can_edit_credential): any edit of a verified
  or rejected one sends it back to the queue as pending, so a badge always says what a
  moderator checked. They withdraw (delete) a pending or rejected one
  (permissions.can_withdraw_credential); the number goes with it.
- A moderator of any scope or an admin verifies or rejects a pending one
  (permissions.can_verify_credentials; never their own), with a note (needed to
  reject: the member reads it). The decision writes credential.verify or
  credential.reject in the audit log (the note, never the number) and a notice to
  the member, in the same unit of work.
- `has_verified_credential(user_id)` is what mentorship asks before an application.

A credential another member owns answers NotFound, as one that does not exist: its
existence is the member's business.
"""

from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from forum import ratelimit
from forum.auth.models import User
from forum.auth.service import suspension_refusal
from forum.credentials.models import (
    BODY_LENGTH,
    INSTITUTION_LENGTH,
    JURISDICTION_LENGTH,
    MAX_YEARS,
    NOTE_LENGTH,
    NUMBER_LENGTH,
    PROFESSION_LENGTH,
    TYPE_LENGTH,
    Credential,
)
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotFound
from forum.extensions import db
from forum.moderation import audit
from forum.notifications.notices import notify
from forum.permissions import (
    can_add_credential,
    can_edit_credential,
    can_verify_credentials,
    can_withdraw_credential,
    require,
    signed_in,
)
from forum.unit_of_work import transactional

MAX_CREDENTIALS = 10
RATE_BUCKET = "credential"
# The notice's link: the member's own credentials page.
OWN_PAGE = "/credentials"

# The audit log's words for the two decisions (forum/moderation/audit.py ACTIONS).
AUDIT_ACTIONS = {
    "credential.verify": "Verified a member's professional credential",
    "credential.reject": "Rejected a member's professional credential",
}

YEARS_MESSAGE = f"Give your years in practice as a whole number from 0 to {MAX_YEARS}."
NUMBER_MESSAGE = (
    "Give the number as your register shows it: letters and digits, with spaces, "
    "dots, slashes or hyphens between them."
)
# Letters and digits (any script), with single separators between them.
NUMBER_PATTERN = re.compile(r"^[^\W_](?:[ ./-]?[^\W_])*$")
ALREADY_DECIDED = "This credential was already reviewed: nothing changed."
WITHDRAW_VERIFIED = (
    "A verified credential is not withdrawn: edit it if it changed (a moderator checks "
    "it again)."
)

# field: (what it is called in messages, longest length, required)
TEXT_FIELDS = {
    "profession": ("your profession", PROFESSION_LENGTH, True),
    "credential_type": ("the licence or registration type", TYPE_LENGTH, True),
    "issuing_body": ("the issuing body", BODY_LENGTH, True),
    "jurisdiction": ("the jurisdiction", JURISDICTION_LENGTH, True),
    "number": ("the number", NUMBER_LENGTH, True),
    "institution": ("the institution", INSTITUTION_LENGTH, False),
}


class AlreadyDecided(Conflict):
    """Another reviewer decided first, or the member changed it meanwhile."""


# ---- checking what was sent --------------------------------------------------------


def _text(field: str, value) -> str | None:
    """One text value, its spaces collapsed (control characters are spaces too).

    :raises Invalid: missing when required, too long, or not text.
    """
    what, longest, required = TEXT_FIELDS[field]
    if value is not None and not isinstance(value, str):
        raise Invalid(field, f"Give {what} as text.")
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in value or "").split())
    if not cleaned:
        if required:
            raise Invalid(field, f"Give {what}.")
        return None
    if len(cleaned) > longest:
        raise Invalid(field, f"Keep {what} to {longest} characters.")
    return cleaned


def clean_credential(
    *,
    profession,
    credential_type,
    issuing_body,
    jurisdiction,
    number,
    years_in_practice,
    institution=None,
) -> dict:
    """The credential's values, checked and tidied (spaces collapsed).

    :raises Invalid: the first field that is wrong, with the message for beside it.
    """
    values = {
        "profession": profession,
        "credential_type": credential_type,
        "issuing_body": issuing_body,
        "jurisdiction": jurisdiction,
        "number": number,
        "institution": institution,
    }
    data = {field: _text(field, value) for field, value in values.items()}
    if not NUMBER_PATTERN.match(data["number"]):
        raise Invalid("number", NUMBER_MESSAGE)
    years = years_in_practice
    if isinstance(years, bool) or not isinstance(years, int) or not 0 <= years <= MAX_YEARS:
        raise Invalid("years_in_practice", YEARS_MESSAGE)
    data["years_in_practice"] = years
    return data


def _clean_note(note: str | None, *, required: bool) -> str | None:
    note = " ".join((note or "").split()) or None
    if note is None and required:
        raise Invalid("note", "Say why it could not be verified: the member will read it.")
    if note is not None and len(note) > NOTE_LENGTH:
        raise Invalid("note", f"Keep the note under {NOTE_LENGTH} characters.")
    return note


# ---- reads the rules need ----------------------------------------------------------


def has_verified_credential(user_id: int) -> bool:
    """Whether the member holds at least one verified credential (one query)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(Credential.user_id == user_id, Credential.status == "verified")
            )
        )
    )


def _load(credential_id: int, *, lock: bool = False) -> Credential | None:
    """The credential with its member, locked until the transaction ends when `lock`:
    two reviewers, or a reviewer and the member, take turns."""
    statement = (
        select(Credential)
        .where(Credential.id == credential_id)
        .options(joinedload(Credential.user))
        .execution_options(populate_existing=True)
    )
    if lock:
        statement = statement.with_for_update(of=Credential)
    return db.session.scalars(statement).one_or_none()


def own_credential(user: User, credential_id: int, *, lock: bool = False) -> Credential:
    """The member's own credential.

    :raises NotFound: no such credential, or another member's.
    """
    credential = _load(credential_id, lock=lock) if signed_in(user) else None
    if credential is None or credential.user_id != user.id:
        raise NotFound("There is no such credential among yours.")
    return credential


def _refusal(user: User, doing: str) -> str:
    if signed_in(user) and user.is_suspended:
        return suspension_refusal(user, doing)
    return "You cannot do that with this credential."


# ---- the member's side -------------------------------------------------------------


def _check_rate(user: User) -> None:
    """:raises RateLimited: the member added CREDENTIAL_LIMIT in the window."""
    config = current_app.config
    limit = config["CREDENTIAL_LIMIT"]
    window = config["CREDENTIAL_LIMIT_WINDOW"]
    key = str(user.id)
    ratelimit.check(RATE_BUCKET, key, limit, window, "You added several credentials just now.")
    ratelimit.add_hit(RATE_BUCKET, key, window)


@transactional
def add_credential(user: User, **values) -> Credential:
    """Add a pending credential for `user` (clean_credential's keywords).

    :raises NotAllowed: not an active member. :raises Invalid: a field that is wrong,
    or MAX_CREDENTIALS already. :raises RateLimited: too many added in the window.
    """
    require(can_add_credential(user), _refusal(user, "add credentials"))
    data = clean_credential(**values)
    held = db.session.scalar(
        select(func.count()).select_from(Credential).where(Credential.user_id == user.id)
    )
    if held >= MAX_CREDENTIALS:
        raise Invalid(
            "profession",
            f"You can hold {MAX_CREDENTIALS} credentials here: withdraw one to add another.",
        )
    _check_rate(user)
    now = utcnow()
    credential = Credential(
        user_id=user.id, status="pending", created_at=now, updated_at=now, submitted_at=now, **data
    )
    db.session.add(credential)
    db.session.flush()
    return credential


@transactional
def edit_credential(user: User, credential_id: int, **values) -> Credential:
    """Change the member's own credential. A verified or rejected one goes back to the
    queue as pending (a changed claim is checked again); an edit that changes nothing
    leaves it as it is.

    :raises NotFound: not theirs. :raises NotAllowed: suspended. :raises Invalid: a field.
    """
    data = clean_credential(**values)
    credential = own_credential(user, credential_id, lock=True)
    require(can_edit_credential(user, credential), _refusal(user, "change your credentials"))
    if all(getattr(credential, field) == value for field, value in data.items()):
        return credential
    for field, value in data.items():
        setattr(credential, field, value)
    now = utcnow()
    credential.updated_at = now
    if credential.status != "pending":
        credential.status = "pending"
        credential.submitted_at = now
        credential.reviewed_at = None
        credential.reviewed_by_id = None
        credential.review_note = None
    db.session.flush()
    return credential


@transactional
def withdraw_credential(user: User, credential_id: int) -> None:
    """Delete the member's own pending or rejected credential (and so its number).

    :raises NotFound: not theirs. :raises NotAllowed: suspended. :raises Conflict: it is
    verified (edit it instead; an edit sends it back for review).
    """
    credential = own_credential(user, credential_id, lock=True)
    require(can_edit_credential(user, credential), _refusal(user, "withdraw your credentials"))
    if not can_withdraw_credential(user, credential):
        raise Conflict(WITHDRAW_VERIFIED)
    db.session.delete(credential)
    db.session.flush()


# ---- the reviewers' side -----------------------------------------------------------


def _pending(actor: User, credential_id: int) -> Credential:
    """:raises NotAllowed: not a reviewer, or their own. :raises NotFound: no such
    credential. :raises AlreadyDecided: it is not pending (any more)."""
    require(
        can_verify_credentials(actor),
        "Credentials are reviewed by moderators and admins.",
    )
    credential = _load(credential_id, lock=True)
    if credential is None:
        raise NotFound("There is no such credential.")
    require(
        can_verify_credentials(actor, credential),
        "Your own credentials are reviewed by another moderator.",
    )
    if credential.status != "pending":
        raise AlreadyDecided(ALREADY_DECIDED)
    return credential


def _decide(actor: User, credential: Credential, status: str, note: str | None) -> None:
    credential.status = status
    credential.reviewed_at = utcnow()
    credential.reviewed_by_id = actor.id
    credential.review_note = note
    member = credential.user
    # The label names the claim for the log's reader; the number never goes in.
    audit.record(
        actor,
        "credential.verify" if status == "verified" else "credential.reject",
        "user",
        member.id,
        member.username,
        reason=note,
        before={"status": "pending"},
        after={"status": status, "credential": credential.label},
    )


@transactional
def verify_credential(actor: User, credential_id: int, note: str | None = None) -> Credential:
    """Verify a pending credential: its badge says "Verified" from now on; audited, and
    the member is told.

    :raises NotAllowed: not a moderator or admin, or their own. :raises NotFound: no
    such credential. :raises AlreadyDecided: decided or changed meanwhile.
    :raises Invalid: too long a note.
    """
    note = _clean_note(note, required=False)
    credential = _pending(actor, credential_id)
    _decide(actor, credential, "verified", note)
    message = f"Your credential “{credential.label}” was verified: it shows beside your posts."
    if note:
        message += f" The moderator added: {note}"
    notify(credential.user_id, message, link=OWN_PAGE, kind="moderation", actor_id=actor.id)
    db.session.flush()
    return credential


@transactional
def reject_credential(actor: User, credential_id: int, note: str) -> Credential:
    """Reject a pending credential with a note the member reads; they may correct it
    and send it again.

    :raises NotAllowed: not a moderator or admin, or their own. :raises NotFound: no
    such credential. :raises AlreadyDecided: decided or changed meanwhile.
    :raises Invalid: no note, or too long.
    """
    note = _clean_note(note, required=True)
    credential = _pending(actor, credential_id)
    _decide(actor, credential, "rejected", note)
    notify(
        credential.user_id,
        f"Your credential “{credential.label}” could not be verified. Reason: {note} "
        "You may correct it and send it again.",
        link=OWN_PAGE,
        kind="moderation",
        actor_id=actor.id,
    )
    db.session.flush()
    return credential
