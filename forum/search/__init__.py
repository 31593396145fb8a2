"""Full-text search: a Whoosh index fed from a change log in the database."""

from flask import Flask

from forum.search import changes, worker
from forum.search.cli import search_cli


def init_app(app: Flask) -> None:
    """Record searchable changes, apply them after commit, and add `flask search`."""
    changes.listen()
    worker.listen()
    app.cli.add_command(search_cli)
