"""INSERT ... ON CONFLICT for the backend in use, and the audience rule the fan-out applies.

SQLite and PostgreSQL spell "insert unless it exists" the same way, but SQLAlchemy
builds it with each dialect's own `insert`; `upsert` picks the right one, so a
watch set twice at once, or two drains telling the same member about the same
post, end with one row instead of an IntegrityError.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.dialects import postgresql, sqlite

from forum import visibility
from forum.extensions import db


def upsert(model, dialect: str | None = None):
    """`insert(model)` with `.on_conflict_do_nothing()` / `_do_update()` for the backend
    named `dialect` (default: the session's)."""
    dialect = dialect or db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(model)


def readable_by(user_id: ColumnElement[int]) -> ColumnElement[bool]:
    """The post joined as Post, in the thread joined as Thread, is readable by the member
    `user_id` (a column: one test per recipient): forum/visibility.py's rule for many readers."""
    return visibility.readable_by_members(user_id)
