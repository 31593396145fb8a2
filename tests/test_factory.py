"""create_app and Config: defaults, environment variables, the secret-key guard, SQLite pragmas.

create_app has no instance_path parameter, so the tests that depend on the instance folder
(the default SQLite file, instance/secret_key) build the app through a Flask class whose
root and instance folders live in tmp_path. That also keeps a developer's real
instance/secret_key from leaking into the guard tests.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

import forum
import forum.config
from forum import InsecureConfiguration, create_app
from forum.config import DEFAULT_SECRET_KEY
from forum.extensions import db
from forum.threads.models import Thread
from tests import factories
from tests.database import ON_POSTGRES

ENV_VARS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "SEARCH_INDEX_DIR",
    "SESSION_COOKIE_SECURE",
    "MAX_CONTENT_LENGTH",
    "POST_MAX_LENGTH",
    "LOGIN_LIMIT_PER_ACCOUNT",
    "LOGIN_LIMIT_PER_ADDRESS",
    "LOGIN_LIMIT_WINDOW",
    "POST_LIMIT",
    "POST_LIMIT_WINDOW",
    "TRUSTED_PROXIES",
    "FLASK_DEBUG",
)


@pytest.fixture
def sandbox(monkeypatch, tmp_path) -> Path:
    """Make create_app use tmp_path/project/forum as root and tmp_path/instance as instance."""
    root = tmp_path / "project" / "forum"
    instance = tmp_path / "instance"

    def sandboxed_flask(import_name, **kwargs):
        return Flask(import_name, root_path=str(root), instance_path=str(instance), **kwargs)

    monkeypatch.setattr(forum, "Flask", sandboxed_flask)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return tmp_path


@pytest.fixture
def load_config(monkeypatch):
    """Re-read forum.config under the given environment; the original is restored after."""
    env = pytest.MonkeyPatch()
    for name in ENV_VARS:
        env.delenv(name, raising=False)

    def _load(**variables: str):
        for name, value in variables.items():
            env.setenv(name, value)
        module = importlib.reload(forum.config)
        monkeypatch.setattr(forum, "Config", module.Config)
        return module.Config

    yield _load
    env.undo()
    importlib.reload(forum.config)


def test_config_defaults_are_laptop_safe(load_config):
    config = load_config()

    assert config.SECRET_KEY == DEFAULT_SECRET_KEY
    assert config.SQLALCHEMY_DATABASE_URI is None
    assert config.SEARCH_INDEX_DIR == "search_index"
    assert config.SESSION_COOKIE_SECURE is False
    assert config.SESSION_COOKIE_HTTPONLY is True
    assert config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.LOGIN_LIMIT_PER_ACCOUNT == 5
    assert config.POST_LIMIT == 10


def test_config_reads_documented_environment_variables(load_config):
    config = load_config(
        SECRET_KEY="from-the-environment",
        DATABASE_URL="sqlite:////srv/rounds.sqlite",
        SEARCH_INDEX_DIR="/srv/rounds-index",
        SESSION_COOKIE_SECURE="true",
        MAX_CONTENT_LENGTH="2048",
        POST_MAX_LENGTH="900",
        LOGIN_LIMIT_PER_ACCOUNT="3",
        LOGIN_LIMIT_PER_ADDRESS="7",
        LOGIN_LIMIT_WINDOW="60",
        POST_LIMIT="4",
        POST_LIMIT_WINDOW="30",
        TRUSTED_PROXIES="1",
    )

    assert config.SECRET_KEY == "from-the-environment"
    assert config.SQLALCHEMY_DATABASE_URI == "sqlite:////srv/rounds.sqlite"
    assert config.SEARCH_INDEX_DIR == "/srv/rounds-index"
    assert config.SESSION_COOKIE_SECURE is True
    assert config.REMEMBER_COOKIE_SECURE is True
    assert config.MAX_CONTENT_LENGTH == 2048
    assert config.POST_MAX_LENGTH == 900
    assert config.LOGIN_LIMIT_PER_ACCOUNT == 3
    assert config.LOGIN_LIMIT_PER_ADDRESS == 7
    assert config.LOGIN_LIMIT_WINDOW == 60
    assert config.POST_LIMIT == 4
    assert config.POST_LIMIT_WINDOW == 30
    assert config.TRUSTED_PROXIES == 1


@pytest.mark.parametrize("value", ["0", "false", "no", "off", ""])
def test_session_cookie_secure_stays_off_for_false_values(load_config, value):
    assert load_config(SESSION_COOKIE_SECURE=value).SESSION_COOKIE_SECURE is False


@pytest.mark.parametrize("value", ["many", "-3", "1.5", " "])
def test_unparseable_number_in_environment_falls_back_to_default(load_config, value):
    assert load_config(POST_LIMIT=value).POST_LIMIT == 10


def test_environment_reaches_the_app_config(load_config, sandbox):
    load_config(
        SECRET_KEY="from-the-environment",
        DATABASE_URL="postgres://rounds:pw@db.example/rounds",
        SEARCH_INDEX_DIR=str(sandbox / "env-index"),
        POST_LIMIT="3",
    )

    app = create_app()

    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://rounds:pw@db.example/rounds"
    assert app.config["SEARCH_INDEX_DIR"] == str(sandbox / "env-index")
    assert (sandbox / "env-index").is_dir()
    assert app.config["POST_LIMIT"] == 3


def test_database_defaults_to_sqlite_file_in_instance_folder(sandbox):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": None})

    expected = sandbox / "instance" / "rounds.sqlite"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"
    assert (sandbox / "instance").is_dir()


def test_default_search_index_dir_is_resolved_next_to_the_package_and_created(sandbox):
    app = create_app({"TESTING": True, "SEARCH_INDEX_DIR": "search_index"})

    index_dir = Path(app.config["SEARCH_INDEX_DIR"])
    assert index_dir.is_absolute()
    assert index_dir == sandbox / "project" / "search_index"
    assert index_dir.is_dir()


def test_absolute_search_index_dir_is_kept_and_created(sandbox):
    wanted = sandbox / "deep" / "er" / "index"

    app = create_app({"TESTING": True, "SEARCH_INDEX_DIR": str(wanted)})

    assert app.config["SEARCH_INDEX_DIR"] == str(wanted)
    assert wanted.is_dir()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:pw@db.example:5432/rounds", "postgresql+psycopg://u:pw@db.example:5432/rounds"),
        ("postgresql://u:pw@db.example/rounds", "postgresql+psycopg://u:pw@db.example/rounds"),
        ("postgresql+psycopg://u:pw@db.example/rounds", "postgresql+psycopg://u:pw@db.example/rounds"),
    ],
)
def test_postgres_urls_are_normalised_to_psycopg3(sandbox, given, expected):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": given})

    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected
    with app.app_context():
        assert db.engine.url.drivername == "postgresql+psycopg"


@pytest.mark.parametrize("key", [DEFAULT_SECRET_KEY, ""])
def test_production_refuses_to_start_with_default_or_empty_secret_key(sandbox, key):
    with pytest.raises(InsecureConfiguration) as caught:
        create_app({"SECRET_KEY": key})

    message = str(caught.value)
    assert "export SECRET_KEY=" in message
    assert str(sandbox / "instance" / "secret_key") in message


def test_suggested_secret_key_is_long_and_random(sandbox):
    messages = []
    for _ in range(2):
        with pytest.raises(InsecureConfiguration) as caught:
            create_app({"SECRET_KEY": DEFAULT_SECRET_KEY})
        messages.append(str(caught.value))

    suggestion = messages[0].split("export SECRET_KEY=")[1].split()[0]
    assert len(suggestion) >= 32
    assert messages[0] != messages[1]


@pytest.mark.parametrize("mode", ["TESTING", "DEBUG"])
def test_debug_and_testing_may_use_the_default_secret_key(sandbox, mode):
    app = create_app({mode: True, "SECRET_KEY": DEFAULT_SECRET_KEY})

    assert app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY


def test_secret_key_file_in_instance_folder_is_used(sandbox):
    (sandbox / "instance").mkdir()
    (sandbox / "instance" / "secret_key").write_text("key-from-the-instance-file\n")

    app = create_app({"SECRET_KEY": DEFAULT_SECRET_KEY})

    assert app.config["SECRET_KEY"] == "key-from-the-instance-file"


def test_explicit_secret_key_wins_over_the_instance_file(sandbox):
    (sandbox / "instance").mkdir()
    (sandbox / "instance" / "secret_key").write_text("key-from-the-instance-file\n")

    app = create_app({"SECRET_KEY": "explicit-production-key"})

    assert app.config["SECRET_KEY"] == "explicit-production-key"


def test_empty_secret_key_file_is_refused(sandbox):
    (sandbox / "instance").mkdir()
    (sandbox / "instance" / "secret_key").write_text("\n")

    with pytest.raises(InsecureConfiguration):
        create_app({"SECRET_KEY": DEFAULT_SECRET_KEY})


def test_factory_creates_no_tables(sandbox):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": None})

    with app.app_context():
        tables = db.session.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        assert tables.all() == []


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite pragmas")
def test_sqlite_connections_use_wal_and_enforce_foreign_keys(app):
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_database_rejects_a_row_pointing_at_a_missing_parent(app):
    author = factories.make_user()
    db.session.add(Thread(title="Orphan thread title", specialty_id=9999, author_id=author.id))

    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()

