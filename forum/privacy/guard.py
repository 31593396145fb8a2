"""The privacy guard on posting: check(text) run on every draft before it is saved.

It is a confirmable posting check (forum/threads/hooks.py): a new thread, reply or
edit whose title or body holds something that looks like a patient identifier is
refused with NeedsConfirmation until the author either replaces each finding with a
placeholder ("[DATE]") or ticks "I confirm this contains no patient identifiers". A
post made over the warning records the confirmation and the kinds found (never the
text) as a PrivacyConfirmation, shown in the post's history and listed for moderators.

The editor shows the findings through a draft review and redacts them through a
draft action, so all of it works as plain form submissions; privacy-guard.js does the
same as the author pauses typing, through POST /privacy/check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from forum import events
from forum.exceptions import NeedsConfirmation
from forum.extensions import db
from forum.privacy.detector import check
from forum.privacy.findings import KINDS, Finding
from forum.privacy.models import PrivacyConfirmation
from forum.threads import hooks
from forum.threads.models import PostRevision

CHECK = "privacy"
# What the editor calls a thread's fields; a form with fields of its own (a case's
# sections) passes them all, and the editor shows each with the form's label.
FIELDS = {"title": "Title", "body": "Text"}
# A field's name, as forms and the script send them.
FIELD_NAME = re.compile(r"[a-z][a-z_]{0,39}")
MAX_FIELDS = 12
CONFIRM_LABEL = "I confirm this contains no patient identifiers"
# Characters of context shown either side of a finding.
CONTEXT = 32


@dataclass(frozen=True, slots=True)
class Shown:
    """A finding as the editor shows it: the text around it and the button's value."""

    field: str
    finding: Finding
    before: str
    text: str
    after: str

    @property
    def action(self) -> str:
        """The value of its "Replace with …" button (a draft action: see redact)."""
        return f"{CHECK}:{self.field}:{self.finding.start}:{self.finding.end}"


@dataclass(frozen=True, slots=True)
class FieldReview:
    field: str
    label: str
    findings: list[Shown]


def findings_in(fields: Mapping[str, str | None]) -> dict[str, list[Finding]]:
    """What check() finds in each field that has text, in the fields' order (fields with
    none are left out)."""
    found = {}
    for name, text in fields.items():
        if text:
            hits = check(text)
            if hits:
                found[name] = hits
    return found


def _shown(field: str, text: str, finding: Finding) -> Shown:
    start, end = finding.start, finding.end
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    if start > CONTEXT:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if end + CONTEXT < len(text):
        after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
    return Shown(field, finding, before, text[start:end], after)


def review(fields: Mapping[str, str]) -> list[FieldReview]:
    """The findings of a draft, field by field, as the editor shows them."""
    return [
        FieldReview(
            name, FIELDS.get(name, name.capitalize()), [_shown(name, fields[name], f) for f in hits]
        )
        for name, hits in findings_in(fields).items()
    ]


def redact(text: str, start: int, end: int) -> str | None:
    """`text` with the finding at exactly [start, end) replaced by its placeholder, or
    None when check() finds no such span there (the text changed since)."""
    for finding in check(text):
        if (finding.start, finding.end) == (start, end):
            return text[:start] + finding.placeholder + text[end:]
    return None


def redact_action(fields: Mapping[str, str], argument: str) -> dict[str, str] | None:
    """The draft action of a "Replace with [X]" button: argument is "field:start:end"."""
    field, _sep, span = argument.partition(":")
    start, _sep, end = span.partition(":")
    if not (start.isdigit() and end.isdigit()) or not fields.get(field):
        return None
    redacted = redact(fields[field], int(start), int(end))
    return {field: redacted} if redacted is not None else None


def _kinds(found: Mapping[str, list[Finding]]) -> list[str]:
    return sorted({finding.kind for hits in found.values() for finding in hits})


def kinds_phrase(kinds: list[str]) -> str:
    """ "a phone number and a date tied to a person"."""
    names = [KINDS[kind][0] for kind in kinds if kind in KINDS]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check_post(author, *, body, title, thread, post, confirmed: bool):
    """The posting check: warn (NeedsConfirmation) about anything that looks like a
    patient identifier in the title or the body; once confirmed, what to record."""
    found = findings_in({"title": title, "body": body})
    if not found:
        return None
    kinds = _kinds(found)
    if confirmed:
        return {"kinds": kinds}
    field = next(iter(found))
    raise NeedsConfirmation(
        field,
        f"This may identify a patient: it contains what looks like {kinds_phrase(kinds)}. "
        "Replace each with a placeholder below, or confirm that it contains no patient "
        "identifiers.",
        check=CHECK,
        findings=[finding for hits in found.values() for finding in hits],
    )


def check_fields(fields: Mapping[str, str | None], *, confirmed: bool) -> None:
    """The guard on a form of several fields (a case's sections), field by field: warn
    beside the first field with findings unless the author confirmed. The post made of
    them then passes the posting check, which records the confirmation.

    :raises NeedsConfirmation: naming that field, with every field's findings.
    """
    found = findings_in(fields)
    if found and not confirmed:
        raise NeedsConfirmation(
            next(iter(found)),
            f"This may identify a patient: it contains what looks like "
            f"{kinds_phrase(_kinds(found))}. Replace each with a placeholder below, or "
            "confirm that the case contains no patient identifiers.",
            check=CHECK,
            findings=[finding for hits in found.values() for finding in hits],
        )


def _record(post, user_id: int, checks: Mapping, version: int) -> None:
    note = checks.get(CHECK)
    if note:
        db.session.add(
            PrivacyConfirmation(
                post_id=post.id, version=version, user_id=user_id, kinds=note["kinds"]
            )
        )


def _on_post_added(_sender, *, post, checks=None, **_extra) -> None:
    _record(post, post.author_id, checks or {}, 1)


def _on_post_edited(_sender, *, post, editor, checks=None, **_extra) -> None:
    if not (checks or {}).get(CHECK):
        return
    # The edit's earlier version is already stored as a revision: this one comes after.
    stored = db.session.scalar(
        select(func.count()).select_from(PostRevision).where(PostRevision.post_id == post.id)
    )
    _record(post, editor.id, checks, stored + 1)


def utf16_offsets(text: str, findings: list[Finding]) -> list[dict]:
    """Findings as JSON for the script, with offsets counted as JavaScript strings count
    them (UTF-16 code units), so a character outside the BMP does not shift the marks."""
    out = []
    for finding in findings:
        start = len(text[: finding.start].encode("utf-16-le")) // 2
        length = len(text[finding.start : finding.end].encode("utf-16-le")) // 2
        out.append(
            {
                "start": start,
                "end": start + length,
                "kind": finding.kind,
                "label": finding.label,
                "placeholder": finding.placeholder,
            }
        )
    return out


def register() -> None:
    """Connect the guard to posting, the editor and the history page (idempotent)."""
    hooks.register_post_check(CHECK, check_post, confirmable=True)
    hooks.register_draft_review(CHECK, review, "privacy/_editor.html")
    hooks.register_draft_action(CHECK, redact_action)
    events.post_added.connect(_on_post_added, weak=False)
    events.post_edited.connect(_on_post_edited, weak=False)
