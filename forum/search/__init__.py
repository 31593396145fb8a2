"""Full-text search: a Whoosh index fed from a change log in the database."""

from flask import Flask

from forum.search import changes, results, worker
from forum.search.cli import search_cli
from forum.search.views import bp


def init_app(app: Flask) -> None:
    """Record searchable changes, apply them after commit, and add `flask search`."""
    changes.listen()
    worker.listen()
    app.cli.add_command(search_cli)
    # Lists other pages show without importing search (threads sits below it).
    app.jinja_env.globals.update(
        related_threads=results.related_threads, similar_threads=results.similar_threads
    )


__all__ = ["bp", "init_app"]
