"""Apply the change log after commits, off the request path.

Each process runs at most one daemon thread. A commit that logged search
changes wakes it; it then tries the index's writer lock without blocking. If
another process holds it, that process (or the next wake-up, or
`flask search sync`) applies the changes: nothing is lost, since they wait in
the database.
"""

from __future__ import annotations

import queue
import threading

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.search import service

_requests: queue.SimpleQueue[Flask] = queue.SimpleQueue()
_start_lock = threading.Lock()
_thread: threading.Thread | None = None


def _run() -> None:
    while True:
        app = _requests.get()
        while True:  # many commits in a burst need one sync per app
            try:
                queued = _requests.get_nowait()
            except queue.Empty:
                break
            if queued is not app:
                _sync(app)
                app = queued
        _sync(app)


def _sync(app: Flask) -> None:
    with app.app_context():
        try:
            service.sync()
        except Exception:  # the index is a cache: log, keep serving; the log keeps the changes
            app.logger.exception("search sync failed; changes stay queued")


def _wake(app: Flask) -> None:
    global _thread
    with _start_lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="search-sync", daemon=True)
            _thread.start()
    _requests.put(app)


def _after_commit(session: Session) -> None:
    if not session.info.pop("search_changed", False):
        return
    try:
        app = current_app._get_current_object()
    except RuntimeError:  # outside an app (a script): `flask search sync` catches up
        return
    if app.config.get("SEARCH_SYNC") == "background":
        _wake(app)


def _after_rollback(session: Session, previous_transaction) -> None:
    session.info.pop("search_changed", None)


def listen() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
