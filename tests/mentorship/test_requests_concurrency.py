"""Requests, acceptances and the compact from several processes at once: a mentor's last
place is taken once, a member's fourth request cannot slip past the count, a double
submit makes one request, and both sides accepting the compact at once start the
mentorship once."""

from __future__ import annotations

import multiprocessing
import traceback

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.mentorship import compacts
from forum.mentorship.models import Compact, Mentorship
from forum.spaces.models import Space
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship
from tests.processes import finish, process_app

pytestmark = pytest.mark.slow


def _act(database_url, index_dir, job, step, results, errors):
    """In a fresh process with its own app on the same database: wait at `step` (so every
    process acts at once), then do `job` and report what happened."""
    try:
        from forum.auth.models import User
        from forum.exceptions import Conflict, Invalid
        from forum.mentorship import requests

        what, user_id, target, extra = job
        app = process_app(database_url, index_dir)
        with app.app_context():
            user = db.session.get(User, user_id)
            step.wait(timeout=60)
            try:
                if what == "accept":
                    requests.accept_request(user, target, "Yes, gladly.")
                    results.put("done")
                elif what == "request":
                    _m, created = requests.request_mentorship(
                        user, target, "Please mentor me.", submission_key=extra
                    )
                    results.put("done" if created else "same")
                else:
                    compacts.accept_compact(user, target, extra)
                    results.put("done")
            except (Conflict, Invalid):
                results.put("refused")
            db.session.remove()
            db.engine.dispose()
    except BaseException:
        errors.put(traceback.format_exc())
        step.abort()
        raise


def _race(database_url, tmp_path, jobs) -> list[str]:
    db.session.remove()
    context = multiprocessing.get_context("spawn")  # no inherited connections or locks
    step, results, errors = context.Barrier(len(jobs)), context.Queue(), context.Queue()
    workers = [
        context.Process(
            target=_act, args=(database_url, str(tmp_path / "index"), job, step, results, errors)
        )
        for job in jobs
    ]
    for worker in workers:
        worker.start()
    finish(workers, errors, timeout=120)
    outcomes = []
    while not results.empty():
        outcomes.append(results.get())
    return sorted(outcomes)


def _count(statement) -> int:
    db.session.remove()
    return db.session.scalar(statement)


def test_two_acceptances_for_the_last_place_take_it_once(app, database_url, tmp_path):
    mentor = make_mentor("drmentor", capacity=1)
    waiting = [make_mentorship(mentor, factories.make_user()).id for _ in range(2)]
    outcomes = _race(
        database_url, tmp_path, [("accept", mentor.id, m_id, None) for m_id in waiting]
    )
    assert outcomes == ["done", "refused"]
    agreeing = select(func.count()).where(Mentorship.status == "agreeing")
    assert _count(agreeing) == 1


def test_two_requests_racing_for_the_third_open_slot_make_one(app, database_url, tmp_path):
    mentee = factories.make_user()
    for n in range(2):
        make_mentorship(make_mentor(f"busy{n}"), mentee)
    make_mentor("first")
    make_mentor("second")
    jobs = [
        ("request", mentee.id, "first", "key-one-1234567890ab"),
        ("request", mentee.id, "second", "key-two-1234567890ab"),
    ]
    assert _race(database_url, tmp_path, jobs) == ["done", "refused"]
    waiting = select(func.count()).where(
        Mentorship.mentee_id == mentee.id, Mentorship.status == "requested"
    )
    assert _count(waiting) == 3


def test_a_double_submit_from_two_processes_makes_one_request(app, database_url, tmp_path):
    mentee = factories.make_user()
    make_mentor("drmentor")
    job = ("request", mentee.id, "drmentor", "the-same-key-12345678")
    outcomes = _race(database_url, tmp_path, [job, job])
    assert outcomes == ["done", "same"]
    assert _count(select(func.count()).select_from(Mentorship)) == 1


def test_both_sides_accepting_at_once_start_the_mentorship_once(app, database_url, tmp_path):
    factories.make_specialty()
    mentor, mentee = make_mentor("drmentor"), factories.make_user()
    mentorship = make_mentorship(mentor, mentee, status="agreeing")
    seen = compacts.version(db.session.get(Compact, mentorship.id))
    jobs = [("compact", member.id, mentorship.id, seen) for member in (mentor, mentee)]
    assert _race(database_url, tmp_path, jobs) == ["done", "done"]
    status = select(Mentorship.status).where(Mentorship.id == mentorship.id)
    assert _count(status) == "active"
    assert _count(select(func.count()).select_from(Space)) == 1
