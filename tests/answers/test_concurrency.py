"""Helpful marks from several processes at once add up exactly (the counter moves in SQL)."""

from __future__ import annotations

import multiprocessing
import traceback

import pytest
from sqlalchemy import func, select

from forum.answers.models import HelpfulCount, HelpfulMark
from forum.extensions import db
from tests.factories import make_post, make_thread, make_user
from tests.processes import finish, process_app

PROCESSES = 4
pytestmark = pytest.mark.slow


def _mark_then_unmark(database_url, index_dir, post_id, user_ids, step, errors):
    """In a fresh process, with its own app against the same database: at each `step`
    (a barrier the test also waits at, so every process writes at once) mark the post
    helpful as every user, then take every mark back."""
    try:
        from forum.answers import service
        from forum.auth.models import User
        from forum.threads.service import get_post

        app = process_app(database_url, index_dir)
        with app.app_context():
            users = [db.session.get(User, user_id) for user_id in user_ids]
            for action in (service.mark_helpful, service.unmark_helpful):
                step.wait(timeout=60)
                for user in users:
                    action(user, get_post(user, post_id))
                step.wait(timeout=60)  # done: the test counts
            db.session.remove()
            db.engine.dispose()
    except BaseException:
        errors.put(traceback.format_exc())
        step.abort()
        raise


def _counts(post_id) -> tuple[int, int]:
    """(the post's helpful count, its helpful marks), read afresh."""
    db.session.remove()
    count = db.session.scalar(select(HelpfulCount.count).where(HelpfulCount.post_id == post_id))
    marks = db.session.scalar(
        select(func.count()).select_from(HelpfulMark).where(HelpfulMark.post_id == post_id)
    )
    db.session.remove()
    return count or 0, marks


def test_four_processes_marking_one_post_at_once_get_the_exact_count(app, database_url, tmp_path):
    post_id = make_post(make_thread(), make_user()).id
    user_ids = [make_user().id for _ in range(PROCESSES)]
    db.session.remove()
    context = multiprocessing.get_context("spawn")  # no inherited connections or locks
    step, errors = context.Barrier(PROCESSES + 1), context.Queue()
    workers = [
        # Every process acts for every user, each in another order: each mark is made by
        # one process and raced by three identical ones.
        context.Process(
            target=_mark_then_unmark,
            args=(database_url, str(tmp_path / "index"), post_id,
                  user_ids[n:] + user_ids[:n], step, errors),
        )
        for n in range(PROCESSES)
    ]  # fmt: skip
    for worker in workers:
        worker.start()
    try:
        observed = []
        for _phase in ("marked", "unmarked"):
            step.wait(timeout=90)  # go
            step.wait(timeout=90)  # all done
            observed.append(_counts(post_id))
    except multiprocessing.BrokenBarrierError:
        observed = None
    finally:
        finish(workers, errors, timeout=60)
    assert observed == [(PROCESSES, PROCESSES), (0, 0)]
