"""The privacy guard's one write: counting a member's draft checks against the limit."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app

from forum import ratelimit
from forum.auth.models import User
from forum.privacy.findings import Finding
from forum.privacy.guard import findings_in
from forum.unit_of_work import transactional

BUCKET = "privacy-check"
# Longer fields are not checked while typing (the form refuses them on submit anyway).
MAX_FIELD_CHARS = 100_000


@transactional
def check_draft(user: User, fields: Mapping[str, str]) -> dict[str, list[Finding]]:
    """The findings in a draft being typed, field by field, counted against the
    member's limit of checks.

    :raises RateLimited: too many checks in the window.
    """
    limit = current_app.config["PRIVACY_CHECK_LIMIT"]
    window = current_app.config["PRIVACY_CHECK_WINDOW"]
    key = str(user.id)
    ratelimit.check(BUCKET, key, limit, window, "Too many privacy checks in a short time.")
    ratelimit.add_hit(BUCKET, key, window)
    return findings_in({name: text[:MAX_FIELD_CHARS] for name, text in fields.items()})
