"""Setting up and cleaning the test database, shared by the app and live-server fixtures."""

from __future__ import annotations

import os
import time

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


# How long clean() waits for connections still checked out by other threads.
RETURN_WAIT_SECONDS = 10


def clean(app: Flask) -> None:
    """Forget the session and, on PostgreSQL, empty every table for the next test."""
    db.session.remove()
    _wait_for_checked_out_connections()
    if ON_POSTGRES:
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.engine.dispose()


def _wait_for_checked_out_connections() -> None:
    """Let other threads (a live server's request threads, which its shutdown does not
    join, or the effect runner) give their connections back before the pool is disposed.

    dispose() closes only the connections in the pool: one still checked out is returned
    later to the discarded pool and garbage-collected open, and psycopg's ResourceWarning
    then fails whichever test happens to be running (filterwarnings = error).
    """
    checked_out = getattr(db.engine.pool, "checkedout", None)  # QueuePool's count
    if checked_out is None:
        return
    deadline = time.monotonic() + RETURN_WAIT_SECONDS
    while checked_out() and time.monotonic() < deadline:
        time.sleep(0.02)
