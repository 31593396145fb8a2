"""What every editor (new thread, reply, edit, a case, a mentorship request) does with
the features' draft reviews and actions (forum/threads/hooks.py): a view names the
form fields a posting check reads, and this applies a pressed draft action to them,
reads what the author confirmed, and gives the template the features' editor parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import request

from forum.threads import hooks


def fields(form, names: Sequence[str]) -> dict[str, str | None]:
    """The named fields of `form` that it has, by name, with what was typed."""
    return {name: form[name].data for name in names if name in form}


def rewritten(form, names: Sequence[str]) -> bool:
    """Apply the draft action a pressed button names (a redaction) to `form`'s fields:
    True when one was pressed, and nothing is to be saved."""
    if not form.is_submitted():
        return False
    changed = hooks.draft_action(request.form.get("draft_action"), fields(form, names))
    if changed is None:
        return False
    for name, text in changed.items():
        form[name].data = text
    return True


def confirmed() -> set[str]:
    """The confirmable posting checks whose box the author ticked in this submission."""
    return hooks.confirmed_checks(request.form)


def parts(form, names: Sequence[str], reviewed: bool) -> dict[str, Any]:
    """The template's editor parts: the features' reviews of the draft (only when it was
    previewed, refused or rewritten), their templates, and the fields they read."""
    reviews = hooks.review_draft(fields(form, names)) if reviewed else {}
    return {
        "reviews": reviews,
        "editor_parts": hooks.editor_templates(),
        "guarded_fields": [name for name in names if name in form],
    }
