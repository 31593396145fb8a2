"""The effect runner: drains outbox tables after commits, on start-up and on an interval.

An effect is a name and a drain function registered by a feature package
(`register("search", sync)`, `register("mail", send_pending)`). A drain reads its
own outbox table, does the work and marks the rows done; it must be safe to run
at any time and from several processes at once (the search drain takes a
non-blocking file lock, the mail drain claims rows in SQL), because it runs:

- after a commit that queued it (forum/unit_of_work.after_commit), woken in a
  daemon thread of the serving process, never on the request's own thread;
- when a serving process starts, so changes written while no server ran (a seed,
  a script, a crashed worker) are applied without waiting for the next write;
- every AFTER_COMMIT_POLL_SECONDS, so changes committed by another process whose
  own runner could not apply them are picked up within that bound;
- at the end of a `flask` command that committed, inline, so a CLI write has been
  applied (or left to a running server holding the lock) when the command exits.

AFTER_COMMIT="off" (the tests) runs nothing by itself: tests call `run_now`.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable

import click
from flask import Flask, current_app, has_app_context

Drain = Callable[[], object]

_drains: dict[str, Drain] = {}
_wakeups: queue.SimpleQueue[tuple[Flask, frozenset[str]]] = queue.SimpleQueue()
_lock = threading.Lock()
_pass = threading.Lock()  # held while the runner runs drains, so stop() can wait for them
_thread: threading.Thread | None = None
_apps: list[Flask] = []  # apps whose runner was started in this process


def register(name: str, drain: Drain) -> None:
    """Make `drain` the effect called `name` (idempotent)."""
    _drains[name] = drain


def registered() -> list[str]:
    return sorted(_drains)


def _mode(app: Flask) -> str:
    return app.config.get("AFTER_COMMIT") or ("off" if app.testing else "background")


def run_now(names: Iterable[str] | None = None, app: Flask | None = None) -> None:
    """Run the named drains (all by default) in this thread, logging their failures.

    A drain that fails leaves its rows in the outbox for the next pass; the failure
    is logged, and re-raised under TESTING so a bug cannot hide behind the log.
    """
    app = app or current_app._get_current_object()
    for name in sorted(names if names is not None else _drains):
        drain = _drains.get(name)
        if drain is None:
            continue
        try:
            drain()
        except Exception:
            app.logger.exception("after-commit effect %r failed; its outbox keeps the work", name)
            if app.testing:
                raise


def dispatch(names: set[str]) -> None:
    """Called after a commit with the effects it queued."""
    if not has_app_context():  # a plain script: the next server start or interval catches up
        return
    app = current_app._get_current_object()
    mode = _mode(app)
    if mode == "off":
        return
    command = click.get_current_context(silent=True)
    if command is not None:
        # A CLI command: run once, inline, when the command ends (its process may not
        # live long enough for a background thread).
        pending = command.meta.setdefault("rounds_effects_at_exit", set())
        if not pending:
            command.call_on_close(lambda: _run_in(app, pending))
        pending.update(names)
        return
    start(app)
    _wakeups.put((app, frozenset(names)))


def start(app: Flask) -> None:
    """Start this process's runner for `app` (idempotent); it first runs every drain once."""
    if _mode(app) != "background":
        return
    global _thread
    with _lock:
        if app not in _apps:
            _apps.append(app)
            _wakeups.put((app, frozenset(_drains)))  # catch up on start
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, name="after-commit", daemon=True)
            _thread.start()


def stop(app: Flask) -> None:
    """Stop running effects for `app`, waiting for a pass already under way to end
    (tests that started a runner end with this, before their database goes)."""
    with _lock:
        if app in _apps:
            _apps.remove(app)
    with _pass:
        pass


def stop_all() -> None:
    """Stop running effects for every app of this process (the tests' safety net)."""
    for app in list(_apps):
        stop(app)


def _interval(app: Flask) -> float:
    return app.config.get("AFTER_COMMIT_POLL_SECONDS", 5)


def _loop() -> None:
    last_poll: dict[int, float] = {}
    while True:
        with _lock:
            apps = list(_apps)
        timeout = min((_interval(a) for a in apps), default=5)
        try:
            app, names = _wakeups.get(timeout=max(0.05, timeout))
        except queue.Empty:
            app, names = None, frozenset()
        pending: dict[int, tuple[Flask, set[str]]] = {}
        if app is not None:
            pending[id(app)] = (app, set(names))
        while True:  # a burst of commits needs one pass per app
            try:
                more_app, more = _wakeups.get_nowait()
            except queue.Empty:
                break
            pending.setdefault(id(more_app), (more_app, set()))[1].update(more)
        now = time.monotonic()
        for each in apps:
            if now - last_poll.get(id(each), 0.0) >= _interval(each):
                pending.setdefault(id(each), (each, set()))[1].update(_drains)
        for target, wanted in pending.values():
            with _pass:
                with _lock:
                    if target not in _apps:  # stopped since it was queued
                        continue
                if wanted.issuperset(_drains):
                    last_poll[id(target)] = now
                with target.app_context():
                    try:
                        run_now(wanted, target)
                    except Exception:  # noqa: BLE001 - already logged; the thread must live on
                        pass


def _run_in(app: Flask, names: set[str]) -> None:
    with app.app_context():
        run_now(names, app)


def register_app(app: Flask) -> None:
    """Start the runner before the first request this process serves.

    gunicorn's post_worker_init (gunicorn.conf.py) starts it as soon as a worker boots,
    so a new server catches up before anyone asks; the request hook covers other servers.
    """

    @app.before_request
    def _start_runner() -> None:
        if app not in _apps:
            start(app)

