"""Migration 0013: posts, their versions and search changes already stored read as not
hidden for privacy, not staff-only and not purges; the redactions table comes and goes."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from forum.extensions import db

BEFORE, AFTER = "0012_credentials", "0013_redaction"


def _columns(table: str) -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns(table)}


def test_existing_rows_get_false_and_the_columns_come_and_go(migrating_app):
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO search_changes (post_id, created_at) VALUES (7, :at)"),
                     {"at": "2026-12-01 09:00:00"})  # fmt: skip

    upgrade(revision=AFTER)

    assert "hidden_for_privacy" in _columns("posts")
    assert "staff_only" in _columns("post_revisions")
    assert "redactions" in inspect(db.engine).get_table_names()
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT post_id, purge FROM search_changes")).all() == [(7, False)]

    downgrade(revision=BEFORE)

    assert "hidden_for_privacy" not in _columns("posts")
    assert "staff_only" not in _columns("post_revisions")
    assert "purge" not in _columns("search_changes")
    assert "redactions" not in inspect(db.engine).get_table_names()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT post_id FROM search_changes")).scalars().all() == [7]
