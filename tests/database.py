"""Setting up and cleaning the test database, shared by the app and live-server fixtures."""

from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import text

from forum.extensions import db

ON_POSTGRES = os.environ.get("TEST_DATABASE", "sqlite") == "postgres"
_schema_ready: set[str] = set()


def prepare(app: Flask) -> None:
    """Create the tables (once per PostgreSQL run; SQLite files are new for every test)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url not in _schema_ready:
        db.create_all()
        if ON_POSTGRES:
            _schema_ready.add(url)


def clean(app: Flask) -> None:
    """Forget the session and, on PostgreSQL, empty every table for the next test."""
    db.session.remove()
    if ON_POSTGRES:
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.engine.dispose()
