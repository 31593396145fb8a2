"""Writing the audit log: one `record` call per moderator or admin action.

Called by the service that performs the action, inside its unit of work, so the
entry commits with the change or not at all. Entries are never changed or deleted
(forum/moderation/models.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from forum.extensions import db
from forum.moderation.models import AuditEntry

# target_type names, and what each action name in the log means (the log's filter
# offers these). Moderation's own are listed here; a feature above moderation that
# records actions of its own names them with register_actions at init_app.
TARGET_TYPES = ("thread", "post", "user", "specialty", "topic", "flag", "message_report")
ACTIONS = {
    "thread.rename": "Renamed a thread",
    "thread.move": "Moved a thread to another specialty",
    "thread.retag": "Changed a thread's research topics",
    "thread.merge": "Merged a thread into another",
    "thread.split": "Split posts into a new thread",
    "thread.delete": "Deleted a thread",
    "thread.restore": "Restored a thread",
    "thread.pin": "Pinned a thread",
    "thread.unpin": "Unpinned a thread",
    "thread.lock": "Locked a thread",
    "thread.unlock": "Unlocked a thread",
    "post.edit": "Edited a member's post",
    "post.delete": "Deleted a member's post",
    "post.hide": "Hid a post",
    "post.unhide": "Restored a hidden post",
    "post.auto_hide": "Hid a post flagged by several members",
    "post.privacy_hide": "Hid a post over a patient privacy concern",
    "flag.dismiss": "Dismissed a flag",
    "flag.resolve": "Resolved a flag",
    "user.warn": "Warned a member",
    "user.suspend": "Suspended a member",
    "user.unsuspend": "Lifted a suspension",
    "user.note": "Added a staff note on a member",
    "user.roles": "Changed a member's roles",
    "user.scopes": "Changed a moderator's specialties",
    "specialty.create": "Created a specialty",
    "specialty.edit": "Edited a specialty",
    "specialty.reorder": "Reordered specialties",
    "specialty.retire": "Retired a specialty",
    "specialty.unretire": "Brought back a specialty",
    "topic.create": "Created a research topic",
    "topic.edit": "Edited a research topic",
    "topic.merge": "Merged a research topic into another",
    "topic.retire": "Retired a research topic",
    "topic.unretire": "Brought back a research topic",
    "mentor.approve": "Approved an application to mentor",
    "mentor.decline": "Declined an application to mentor",
    "message_report.dismiss": "Dismissed a report of a private message",
    "message_report.action": "Acted on a report of a private message",
}


def register_actions(actions: Mapping[str, str]) -> None:
    """Let `record` take these action names (name -> what the log says it means), for a
    feature above moderation (credentials, redaction). Idempotent; a name moderation
    already uses may not be given another meaning."""
    for name, label in actions.items():
        if ACTIONS.setdefault(name, label) != label:
            raise ValueError(f"audit action {name!r} is already registered")


def _plain(value: Any) -> Any:
    """A before/after value as JSON can hold it (dates as ISO text, sets as sorted lists)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def record(
    actor,
    action: str,
    target_type: str,
    target_id: int | None,
    target_label: str = "",
    *,
    reason: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add the audit entry for `action` by `actor` (a User, or None for the system, as
    when three flags hide a post) to the current unit of work.

    `before` and `after` hold only what changed. Unknown action or target names are a
    programming error, caught by the tests, not a user's.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to audit.ACTIONS")
    if target_type not in TARGET_TYPES:
        raise ValueError(f"unknown audit target type {target_type!r}")
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.username if actor is not None else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=(target_label or "")[:200],
        reason=reason or None,
        before=_plain(before) if before else None,
        after=_plain(after) if after else None,
    )
    db.session.add(entry)
    return entry
