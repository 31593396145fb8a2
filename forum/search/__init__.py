"""Full-text search: a Whoosh index fed from a change log in the database."""

from flask import Flask

from forum import effects, visibility
from forum.search import changes, results, service
from forum.search.cli import search_cli
from forum.search.views import bp
from forum.threads import hooks


def init_app(app: Flask) -> None:
    """Record searchable changes, apply them after commit, and add `flask search`."""
    changes.listen()
    effects.register("search", service.sync)
    # Thread pages and the new-thread form get their lists from the threads package's
    # own query functions, which call these (threads sits below search).
    hooks.register_page_extra("related", _related_unless_private)
    hooks.register_similar_finder(
        lambda viewer, title: results.similar_threads(title, viewer=viewer)
    )
    app.cli.add_command(search_cli)


def _related_unless_private(thread, viewer, _posts):
    return results.related_threads(thread, viewer) if visibility.is_listed(thread) else []


__all__ = ["bp", "init_app"]
