"""Shared fixtures: a fresh app and database per test, a CSRF-aware client, query counting.

The database is SQLite in tmp_path by default; with TEST_DATABASE=postgres the
whole suite runs against a throwaway PostgreSQL 15 cluster started here.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from forum import create_app
from forum.extensions import db
from tests import database, factories

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session")
def postgres_url():
    """URL of a throwaway PostgreSQL database, or None on the SQLite run."""
    if not database.ON_POSTGRES:
        yield None
        return
    from tests.postgres import Cluster

    cluster = Cluster().start()
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture
def database_url(tmp_path, postgres_url) -> str:
    return postgres_url or f"sqlite:///{tmp_path / 'rounds.sqlite'}"


@pytest.fixture
def app(tmp_path, database_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "search_index"),
            "SEARCH_SYNC": "off",  # tests apply the change log explicitly
            "SERVER_NAME": "rounds.test",
        }
    )
    with app.app_context():
        database.prepare(app)
        yield app
        database.clean(app)


class FormClient(FlaskClient):
    """A test client that fills in the CSRF token the way a browser would: from the page."""

    def csrf_token(self, url: str) -> str:
        page = self.get(url)
        match = CSRF_INPUT.search(page.get_data(as_text=True))
        assert match, f"no CSRF token in the form at {url} (status {page.status_code})"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, *, form_url: str | None = None, **kw):
        """GET `form_url` (default `url`), read its CSRF token, then POST `data` to `url`."""
        payload = dict(data or {})
        payload["csrf_token"] = self.csrf_token(form_url or url)
        return self.post(url, data=payload, **kw)


@pytest.fixture
def client(app):
    app.test_client_class = FormClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: FormClient):
        self.client = client

    def login(self, username: str, password: str = factories.PASSWORD):
        return self.client.submit("/login", {"username": username, "password": password})

    def logout(self):
        return self.client.submit("/logout", form_url="/")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login(client, auth):
    """Create a user with `role` and log the client in as them; returns the user."""

    def _login(role: str = "member", **fields):
        user = factories.make_user(role=role, **fields)
        response = auth.login(user.username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return _login


@pytest.fixture
def count_queries(app):
    """Context manager collecting the SQL statements run inside it."""

    @contextmanager
    def _count():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return _count
