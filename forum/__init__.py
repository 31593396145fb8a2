"""Rounds: a forum where health professionals discuss medical innovation."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from forum import permissions
from forum.config import DEFAULT_SECRET_KEY, Config
from forum.extensions import csrf, db, login_manager, migrate


class InsecureConfiguration(RuntimeError):
    """Raised at start-up when production would run with an unsafe setting."""


def create_app(config: Mapping | None = None) -> Flask:
    """Build the application; `config` overrides settings (tests pass theirs here)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if config:
        app.config.update(config)
        if "SEARCH_SYNC" in config and "AFTER_COMMIT" not in config:  # the older name
            app.config["AFTER_COMMIT"] = config["SEARCH_SYNC"]
    configure_paths(app)
    configure_secret_key(app)
    configure_proxies(app)
    register_extensions(app)
    register_effects(app)
    register_request_guards(app)
    register_blueprints(app)
    register_errors(app)
    register_cli(app)
    register_search(app)
    register_mail(app)
    register_features(app)
    register_template_globals(app)
    register_security_headers(app)
    return app


def configure_paths(app: Flask) -> None:
    """Create the instance and index folders and default the database to SQLite there."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    index_dir = Path(app.config["SEARCH_INDEX_DIR"])
    if not index_dir.is_absolute():
        index_dir = Path(app.root_path).parent / index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    app.config["SEARCH_INDEX_DIR"] = str(index_dir)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = Path(app.instance_path) / "rounds.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):  # the form some hosts hand out
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgres://") :]
    elif uri.startswith("postgresql://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            "postgresql+psycopg://" + uri[len("postgresql://") :]
        )


def configure_secret_key(app: Flask) -> None:
    """Use SECRET_KEY, else instance/secret_key; refuse the default outside debug and tests."""
    key_file = Path(app.instance_path) / "secret_key"
    if app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY and key_file.is_file():
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    unsafe = not app.config["SECRET_KEY"] or app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY
    if unsafe and not (app.debug or app.testing):
        raise InsecureConfiguration(
            "SECRET_KEY is not set. Export a long random value, for example\n"
            f"  export SECRET_KEY={secrets.token_hex(32)}\n"
            f"or write one to {key_file} (`make run` does this for you)."
        )


def configure_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client address from X-Forwarded-For (N hops)."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # WAL lets readers and the single writer work at once; foreign keys are off by default.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def register_effects(app: Flask) -> None:
    """Services' transactions hand their queued effects to the runner after commit."""
    from forum import effects, unit_of_work

    unit_of_work.listen()
    effects.register_app(app)


def register_request_guards(app: Flask) -> None:
    from forum import request_guards

    request_guards.register(app)


def register_blueprints(app: Flask) -> None:
    from forum.auth import bp as auth_bp
    from forum.browse import bp as browse_bp
    from forum.profiles import bp as profiles_bp
    from forum.search import bp as search_bp
    from forum.taxonomy import bp as taxonomy_bp
    from forum.threads import bp as threads_bp

    for bp in (browse_bp, auth_bp, profiles_bp, search_bp, taxonomy_bp, threads_bp):
        app.register_blueprint(bp)


def register_errors(app: Flask) -> None:
    from forum.errors import register

    register(app)


def register_cli(app: Flask) -> None:
    from forum.auth.cli import create_user_command, set_roles_command, set_scopes_command
    from forum.demo.cli import seed_demo_command
    from forum.threads.cli import rerender_posts_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(set_roles_command)
    app.cli.add_command(set_scopes_command)
    app.cli.add_command(rerender_posts_command)
    app.cli.add_command(seed_demo_command)


def register_search(app: Flask) -> None:
    from forum import search

    search.init_app(app)


def register_mail(app: Flask) -> None:
    from forum import mail

    mail.init_app(app)


def register_features(app: Flask) -> None:
    """The features built on threads: each registers its blueprint, thread-page hooks,
    event listeners and effects in its own init_app."""
    from forum import (
        answers,
        cases,
        credentials,
        evidence,
        feeds,
        mentorship,
        moderation,
        notifications,
        privacy,
        queue,
        redaction,
    )

    features = (answers, notifications, queue, feeds, moderation, mentorship)
    clinical_trust = (privacy, credentials, redaction, cases, evidence)
    for feature in features + clinical_trust:
        feature.init_app(app)


def register_template_globals(app: Flask) -> None:
    """Expose permission checks bound to the current user, and the display filters."""
    from forum import templating, visibility

    def bind(check):
        return lambda *args: check(current_user, *args)

    checks = permissions.TEMPLATE_CHECKS | visibility.TEMPLATE_CHECKS
    app.jinja_env.globals.update({name: bind(fn) for name, fn in checks.items()})
    templating.register(app)


def register_security_headers(app: Flask) -> None:
    from forum.security_headers import apply

    app.after_request(apply)


__all__ = ["create_app"]
