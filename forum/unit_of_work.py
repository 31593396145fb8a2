"""One transaction per user action, and the effects it queues for after the commit.

A service function is decorated with `@transactional` (or wraps its body in
`unit_of_work()`): the outermost one commits when the function returns and rolls
back if it raises, and a nested one joins it, so services compose into one
transaction. Domain helpers that other features reuse (add a post, move a post)
only flush.

Work that must wait for the commit (applying the search change log, sending
mail, fanning out notifications) never runs inline. Its data goes into an outbox
table in the same transaction, and the service names the effect that drains that
table with `after_commit(name)`. The name lives on the session until the
transaction ends: a commit hands it to the effect runner (forum/effects.py), and a
rollback forgets it along with the outbox rows. If the process dies in between,
the rows are still in the database and the runner's start-up and interval passes
find them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from forum.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

_DEPTH = "rounds_unit_of_work_depth"
_EFFECTS = "rounds_after_commit"


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Commit at the end of the outermost block, roll back if it raised; nested blocks join."""
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def transactional(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` as one unit of work (see unit_of_work)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work():
            return fn(*args, **kwargs)

    return wrapper


def in_unit_of_work() -> bool:
    """True inside a service's transaction (for helpers that must not commit themselves)."""
    return db.session().info.get(_DEPTH, 0) > 0


def after_commit(effect: str, session: Session | None = None) -> None:
    """Run the effect registered as `effect` once the current transaction commits."""
    session = session if session is not None else db.session()
    session.info.setdefault(_EFFECTS, set()).add(effect)


def _committed(session: Session) -> None:
    effects = session.info.pop(_EFFECTS, None)
    if effects:
        from forum import effects as runner  # the runner sits above every feature package

        runner.dispatch(effects)


def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    # Only the outermost transaction's end forgets the queue; a savepoint's rollback
    # leaves the effects the enclosing transaction queued.
    if not previous.nested and previous.parent is None:
        session.info.pop(_EFFECTS, None)


def listen() -> None:
    """Hand queued effects to the runner after each commit (idempotent; called by create_app)."""
    if not event.contains(Session, "after_commit", _committed):
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_soft_rollback", _rolled_back)
