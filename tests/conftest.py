"""Shared fixtures: a fresh app and database per test, a CSRF-aware client, query counting.

The database is SQLite in tmp_path by default; with TEST_DATABASE=postgres the
whole suite runs against a throwaway PostgreSQL 15 cluster started here.
"""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from forum import create_app, effects
from forum.extensions import db
from tests import database, factories
from tests.mail.smtpd import SmtpServer

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(autouse=True)
def _no_runner_outlives_its_test():
    """Apps a test builds itself may start the after-commit runner (outside TESTING, or
    with AFTER_COMMIT on): stop it before the test's database goes away."""
    yield
    effects.stop_all()


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
def empty_database_url(tmp_path, postgres_url):
    """A database with no tables, for migration tests (a fresh one on PostgreSQL)."""
    if postgres_url is None:
        yield f"sqlite:///{tmp_path / 'migrate.sqlite'}"
        return
    name = f"migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def migrating_app(empty_database_url, tmp_path):
    """An app on an empty database, for tests that run Alembic migrations step by step."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "idx"),
            "AFTER_COMMIT": "off",
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


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
            "AFTER_COMMIT": "off",  # tests run after-commit effects explicitly
            "SERVER_NAME": "rounds.test",
            # Fixtures post the same default text again and again; the check that refuses
            # a repeated post is tested on its own (tests/moderation/test_new_accounts.py).
            "DUPLICATE_POST_MINUTES": 0,
        }
    )
    with app.app_context():
        database.prepare(app)
        yield app
        effects.stop(app)  # a test that switched the runner on leaves nothing polling
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


# --- mail: a real SMTP server on 127.0.0.1 (aiosmtpd) ------------------------------------


def point_app_at(app, server: SmtpServer) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False)


@pytest.fixture
def smtp_server(app):
    """A running SMTP server on 127.0.0.1 that the app sends to; `.messages` is what arrived."""
    server = SmtpServer().start()
    point_app_at(app, server)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_down(app):
    """The app's SMTP port with nothing listening on it; `.start()` brings the server up."""
    server = SmtpServer()
    point_app_at(app, server)
    try:
        yield server
    finally:
        server.stop()
