"""What features above threads plug into thread pages and forms.

threads sits below search, answers and mentorship and must not import them; they
register here at init_app instead, and the page's own query function calls them,
so templates never do I/O and a new feature is a registration, not an edit here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.threads.models import Thread

PageExtra = Callable[["Thread", "User | None"], Any]
SimilarFinder = Callable[["User | None", str], list["Thread"]]

_page_extras: dict[str, PageExtra] = {}
_similar: list[SimilarFinder] = []


def register_page_extra(name: str, loader: PageExtra) -> None:
    """Show `loader(thread, viewer)` on every thread page as `extras[name]`."""
    _page_extras[name] = loader


def page_extras(thread: Thread, viewer: User | None) -> dict[str, Any]:
    return {name: loader(thread, viewer) for name, loader in _page_extras.items()}


def register_similar_finder(finder: SimilarFinder) -> None:
    """The function that finds threads like a title being typed (search registers one)."""
    _similar[:] = [finder]


def similar_threads(viewer: User | None, title: str) -> list[Thread]:
    """Threads like `title` that `viewer` may see; none when no finder is registered."""
    return _similar[0](viewer, title) if _similar else []
