"""Migration 0003: the mail outbox, and accounts from before it count as verified."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from forum.extensions import db

BEFORE, AFTER = "0002_search_change_log", "0003_mail_outbox"


def _insert_user(conn, username: str, email: str) -> None:
    conn.execute(
        text(
            "INSERT INTO users (username, email, password_hash, display_name, role, profession,"
            " created_at) VALUES (:u, :e, 'x', 'x', 'member', 'other', :at)"
        ),
        {"u": username, "e": email, "at": datetime(2026, 5, 4, 3, 2, 1)},
    )


def _assert_names_still_unique_regardless_of_case() -> None:
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        _insert_user(conn, "ALICE", "other@example.org")


def test_upgrade_marks_existing_accounts_verified_and_downgrade_drops_the_outbox(migrating_app):
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        _insert_user(conn, "alice", "alice@example.org")

    upgrade(revision=AFTER)

    with db.engine.connect() as conn:
        verified, created = conn.execute(
            text("SELECT email_verified_at, created_at FROM users WHERE username = 'alice'")
        ).one()
    assert verified is not None and str(verified) == str(created)
    assert "mail_outbox" in inspect(db.engine).get_table_names()
    # users was altered in place: its lower(username) and lower(email) indexes survive.
    _assert_names_still_unique_regardless_of_case()

    downgrade(revision=BEFORE)

    inspector = inspect(db.engine)
    assert "mail_outbox" not in inspector.get_table_names()
    assert "email_verified_at" not in {c["name"] for c in inspector.get_columns("users")}
    _assert_names_still_unique_regardless_of_case()
