"""Reading the audit log: the filtered, paginated page, the CSV export, and what each
entry's target is today.

An entry keeps its target's title as it was (`target_label`), but the thread may since
have been deleted or may sit in a private space. Whether a viewer may see a target is
asked of forum/visibility.py, in SQL, for all the entries shown at once: a thread, post
or flag the viewer may not see (or that is gone) is shown without its title, reason or
values, so the log never tells someone what they could not read on the thread itself.
People, specialties and topics are public: their names always show.

A page costs the same number of queries whatever it shows: the count, the rows (with
each actor's current username joined) and one UNION that resolves every target.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

from forum import visibility
from forum.auth.models import User
from forum.extensions import db
from forum.moderation import audit
from forum.moderation.models import AuditEntry, Flag, ThreadRedirect
from forum.pagination import Page, check_page
from forum.rows import StrictRow
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.templating import exact_time
from forum.threads.models import Post, Thread

ENTRIES_PER_PAGE = 50
EXPORT_BATCH = 500
# Kinds of target whose very existence follows the visibility rule.
GUARDED = ("thread", "post", "flag")
TARGET_LABELS = {
    "thread": "Thread",
    "post": "Post",
    "user": "Member",
    "specialty": "Specialty",
    "topic": "Research topic",
    "flag": "Flag",
    # A private message's report: labelled "report N", never linked or quoted.
    "message_report": "Reported private message",
}


# ---- filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    """What the log is narrowed to (all None: everything). Dates are UTC days, inclusive."""

    actor_id: int | None = None
    actor_name: str | None = None  # lower-cased; for "system" and accounts that are gone
    action: str | None = None
    target_type: str | None = None
    target_id: int | None = None
    since: date | None = None
    until: date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions = []
        if self.actor_id is not None:
            conditions.append(AuditEntry.actor_id == self.actor_id)
        elif self.actor_name is not None:
            conditions.append(func.lower(AuditEntry.actor_name) == self.actor_name)
        if self.action:
            conditions.append(AuditEntry.action == self.action)
        if self.target_type:
            conditions.append(AuditEntry.target_type == self.target_type)
        if self.target_id is not None:
            conditions.append(AuditEntry.target_id == self.target_id)
        if self.since is not None:
            conditions.append(AuditEntry.created_at >= datetime.combine(self.since, time.min, UTC))
        if self.until is not None and self.until < date.max:
            day_after = datetime.combine(self.until + timedelta(days=1), time.min, UTC)
            conditions.append(AuditEntry.created_at < day_after)
        return conditions


def find_actor(username: str) -> int | None:
    """The id of the member called `username` (any case), or None."""
    return db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))


# ---- rows ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change(StrictRow):
    """One value an action changed, as text."""

    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Target(StrictRow):
    """Where an entry's target is today, for a viewer: what to link to, if anything."""

    kind: str  # "thread", "post" (also a flag's post), "user", "specialty", "topic"
    ref: Any  # thread or post id, username, or slug
    moved_to: int | None = None  # a merged thread: the thread it now lives in


@dataclass(frozen=True, slots=True)
class LogRow(StrictRow):
    """One audit entry as the log shows it. `withheld`: the viewer may not see the target,
    so its label, the reason and the values are not shown."""

    id: int
    created_at: datetime
    actor_name: str
    actor_username: str | None  # the acting account's current username; None when gone
    action: str
    target_type: str
    target_id: int | None
    target_label: str
    reason: str | None
    before: dict | None
    after: dict | None
    target: Target | None  # None: nothing to link to
    withheld: bool
    changes: list[Change] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return audit.ACTIONS.get(self.action, self.action)

    @property
    def target_kind_label(self) -> str:
        return TARGET_LABELS.get(self.target_type, self.target_type)

    @property
    def when(self) -> str:
        return exact_time(self.created_at)

    @property
    def when_iso(self) -> str:
        return self.created_at.astimezone(UTC).isoformat(timespec="seconds")


def value_text(value: Any) -> str:
    """A before/after value as a reader reads it."""
    if value is None or value == "" or value == []:
        return "(none)"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def changes(before: dict | None, after: dict | None) -> list[Change]:
    """before -> after for every key either side names, in the order the action wrote them."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [
        Change(key.replace("_", " "), value_text(before.get(key)), value_text(after.get(key)))
        for key in keys
    ]


_COLUMNS = (
    AuditEntry.id,
    AuditEntry.created_at,
    AuditEntry.actor_name,
    AuditEntry.action,
    AuditEntry.target_type,
    AuditEntry.target_id,
    AuditEntry.target_label,
    AuditEntry.reason,
    AuditEntry.before,
    AuditEntry.after,
    User.username.label("actor_username"),
)
_NEWEST_FIRST = (AuditEntry.created_at.desc(), AuditEntry.id.desc())


def _entries(conditions: list) -> Any:
    return (
        select(*_COLUMNS)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(*conditions)
        .order_by(*_NEWEST_FIRST)
    )


def resolve_targets(viewer: User | None, wanted: Iterable[tuple[str, int]]) -> dict:
    """{(target_type, target_id): Target} for the targets that exist and that `viewer` may
    see, in one query: threads (or, for a merged thread, the thread it went into), posts
    and flags through forum/visibility.py; members, specialties and topics as they are."""
    ids: dict[str, set[int]] = {}
    for kind, target_id in wanted:
        if target_id is not None:
            ids.setdefault(kind, set()).add(target_id)
    parts = []
    seen = visibility.visible_threads(viewer)
    none_int, none_text = cast(null(), Integer), cast(null(), String)

    def part(kind, asked, thread_id, post_id, name):
        # The kind as an SQL constant, not a parameter: PostgreSQL cannot type an untyped
        # parameter in a UNION's select list.
        return (
            literal_column(f"'{kind}'", String).label("kind"),
            asked.label("asked"),
            thread_id.label("thread_id"),
            post_id.label("post_id"),
            name.label("name"),
        )

    if ids.get("thread"):
        wanted_ids = sorted(ids["thread"])
        parts.append(
            select(*part("thread", Thread.id, Thread.id, none_int, none_text)).where(
                Thread.id.in_(wanted_ids), seen
            )
        )
        # A merged thread's row is gone; its posts live on in the thread it went into.
        parts.append(
            select(
                *part(
                    "thread",
                    ThreadRedirect.old_thread_id,
                    ThreadRedirect.thread_id,
                    none_int,
                    none_text,
                )
            )
            .join(Thread, Thread.id == ThreadRedirect.thread_id)
            .where(ThreadRedirect.old_thread_id.in_(wanted_ids), seen)
        )
    if ids.get("post"):
        parts.append(
            select(*part("post", Post.id, Post.thread_id, Post.id, none_text))
            .join(Thread, Thread.id == Post.thread_id)
            .where(Post.id.in_(sorted(ids["post"])), seen)
        )
    if ids.get("flag"):
        parts.append(
            select(*part("flag", Flag.id, Post.thread_id, Post.id, none_text))
            .join(Post, Post.id == Flag.post_id)
            .join(Thread, Thread.id == Post.thread_id)
            .where(Flag.id.in_(sorted(ids["flag"])), seen)
        )
    for kind, model, name in (
        ("user", User, User.username),
        ("specialty", Specialty, Specialty.slug),
        ("topic", ResearchTopic, ResearchTopic.slug),
    ):
        if ids.get(kind):
            parts.append(
                select(*part(kind, model.id, none_int, none_int, name)).where(
                    model.id.in_(sorted(ids[kind]))
                )
            )
    if not parts:
        return {}
    found = {}
    statement = parts[0] if len(parts) == 1 else union_all(*parts)
    for kind, asked, thread_id, post_id, name in db.session.execute(statement):
        if kind == "thread":
            moved = thread_id if thread_id != asked else None
            # A live thread with this id wins over an old merged one that had it.
            if (kind, asked) not in found or moved is None:
                found[kind, asked] = Target("thread", thread_id, moved)
        elif kind in ("post", "flag"):
            found[kind, asked] = Target("post", post_id)
        else:
            found[kind, asked] = Target(kind, name)
    return found


def _rows(viewer: User | None, raw: list) -> list[LogRow]:
    targets = resolve_targets(viewer, ((r.target_type, r.target_id) for r in raw))
    rows = []
    for r in raw:
        target = targets.get((r.target_type, r.target_id))
        withheld = r.target_type in GUARDED and target is None
        rows.append(
            LogRow(
                id=r.id,
                created_at=r.created_at,
                actor_name=r.actor_name,
                actor_username=r.actor_username,
                action=r.action,
                target_type=r.target_type,
                target_id=r.target_id,
                target_label="" if withheld else r.target_label,
                reason=None if withheld else r.reason,
                before=None if withheld else r.before,
                after=None if withheld else r.after,
                target=target,
                withheld=withheld,
                changes=[] if withheld else changes(r.before, r.after),
            )
        )
    return rows


# ---- pages -----------------------------------------------------------------------------


def log_page(viewer: User, filters: LogFilters, number: int) -> Page:
    """One page of the filtered log, newest first.

    :raises NotFound: `number` is past the last page.
    """
    conditions = filters.conditions()
    total = db.session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0
    check_page(number, total, ENTRIES_PER_PAGE)
    raw = db.session.execute(
        _entries(conditions).limit(ENTRIES_PER_PAGE).offset((number - 1) * ENTRIES_PER_PAGE)
    ).all()
    return Page(_rows(viewer, raw), number, ENTRIES_PER_PAGE, total)


def latest_entries(viewer: User, limit: int = 10) -> list[LogRow]:
    """The newest `limit` entries (the dashboard's "latest actions")."""
    return _rows(viewer, db.session.execute(_entries([]).limit(limit)).all())


def export_rows(viewer: User, filters: LogFilters, batch: int = EXPORT_BATCH) -> Iterator[LogRow]:
    """Every filtered entry, newest first, read `batch` at a time.

    Keyset paging on (created_at, id) rather than one open cursor: the targets of each
    batch are resolved with queries of their own, which an open server-side cursor on
    the same connection would not allow everywhere, and OFFSET would slow down as it goes.
    """
    conditions = filters.conditions()
    after: tuple[datetime, int] | None = None
    while True:
        statement = _entries(conditions)
        if after is not None:
            created_at, entry_id = after
            statement = statement.where(
                or_(
                    AuditEntry.created_at < created_at,
                    and_(AuditEntry.created_at == created_at, AuditEntry.id < entry_id),
                )
            )
        raw = db.session.execute(statement.limit(batch)).all()
        yield from _rows(viewer, raw)
        if len(raw) < batch:
            return
        after = (raw[-1].created_at, raw[-1].id)


# ---- CSV -------------------------------------------------------------------------------

CSV_HEADER = (
    "id",
    "when_utc",
    "actor",
    "action",
    "action_label",
    "target_type",
    "target_id",
    "target_label",
    "reason",
    "before",
    "after",
)
WITHHELD_LABEL = "(not visible to you)"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# such a cell gets a leading apostrophe, which shows as text. Tab and carriage return
# are on OWASP's list too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """`value` as CSV cell text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _json(value: dict | None) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def csv_values(row: LogRow) -> list[str]:
    return [
        safe_cell(v)
        for v in (
            row.id,
            row.when_iso,
            row.actor_name,
            row.action,
            row.action_label,
            row.target_type,
            row.target_id,
            WITHHELD_LABEL if row.withheld else row.target_label,
            row.reason,
            _json(row.before),
            _json(row.after),
        )
    ]


def csv_chunks(rows: Iterable[LogRow], flush_at: int = 16_384) -> Iterator[str]:
    """The CSV text of `rows` (header first) in pieces of about `flush_at` characters.

    It starts with a byte order mark, so that spreadsheet programs read it as UTF-8
    (names and titles with accents); CSV readers take it with encoding "utf-8-sig".
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(csv_values(row))
        if buffer.tell() >= flush_at:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
