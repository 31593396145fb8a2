"""Migration 0007: the mail outbox gains a headers column; waiting mail survives both ways."""

from __future__ import annotations

from datetime import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from forum.extensions import db

BEFORE, AFTER = "0006_notifications", "0007_mail_headers"


def _waiting_mail(conn, subject: str) -> None:
    at = datetime(2026, 12, 1, 9, 0, 0)
    conn.execute(
        text(
            "INSERT INTO mail_outbox (recipient, subject, text, created_at, attempts,"
            " next_attempt_at) VALUES ('jane@example.org', :subject, 'Body.', :at, 0, :at)"
        ),
        {"subject": subject, "at": at},
    )


def _columns() -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns("mail_outbox")}


def test_headers_column_comes_and_goes_and_waiting_mail_stays(migrating_app):
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        _waiting_mail(conn, "Queued before the upgrade")

    upgrade(revision=AFTER)

    assert "headers" in _columns()
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT subject, headers FROM mail_outbox")).all() == [
            ("Queued before the upgrade", None)
        ]
        _waiting_mail(conn, "Queued after the upgrade")

    downgrade(revision=BEFORE)

    assert "headers" not in _columns()
    with db.engine.connect() as conn:
        subjects = conn.execute(text("SELECT subject FROM mail_outbox ORDER BY id")).scalars()
        assert list(subjects) == ["Queued before the upgrade", "Queued after the upgrade"]
