"""The Alembic migrations build the same schema as the models, on SQLite and PostgreSQL."""

import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from forum import create_app
from forum.extensions import db


def test_upgrade_on_empty_database_matches_the_models(empty_database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "idx"),
        }
    )
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        with db.engine.connect() as conn, warnings.catch_warnings():
            # Expression indexes (lower(username)) cannot be reflected for comparison.
            warnings.filterwarnings("ignore", message=".*expression-based index.*")
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        _assert_usernames_unique_regardless_of_case()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def _assert_usernames_unique_regardless_of_case():
    insert = text(
        "INSERT INTO users (username, email, password_hash, display_name, roles, profession,"
        " created_at) VALUES (:u, :e, 'x', 'x', '', 'other', CURRENT_TIMESTAMP)"
    )
    with db.engine.begin() as conn:
        conn.execute(insert, {"u": "Alice", "e": "alice@example.org"})
    for clash in ({"u": "ALICE", "e": "other@example.org"}, {"u": "bob", "e": "ALICE@example.org"}):
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(insert, clash)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM users"))
