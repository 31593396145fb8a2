"""Reminders: a day before an accepted session and on an active mentorship's review
date, both members are notified once, however many drains run, at once or not."""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from forum import effects
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship import reminders
from forum.mentorship.models import MentoringSession, Mentorship
from forum.notifications.models import Notification
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship
from tests.processes import finish, process_app


@pytest.fixture
def pair(app):
    mentor, mentee = make_mentor(), factories.make_user()
    mentorship = make_mentorship(mentor, mentee, status="active")
    # Far from its review date, so only sessions are due unless a test moves it.
    mentorship.review_on = date.today() + timedelta(days=60)
    db.session.commit()
    return mentor, mentee, mentorship


def _session(mentorship, proposer, hours: float, status: str = "accepted") -> MentoringSession:
    session = MentoringSession(
        mentorship_id=mentorship.id, proposed_by_id=proposer.id, minutes=45, mode="video",
        agenda="Protocol", status=status, starts_at=utcnow() + timedelta(hours=hours),
    )  # fmt: skip
    db.session.add(session)
    db.session.commit()
    return session


def _notices(*user_ids) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id.in_(user_ids), Notification.kind == "mentorship")
            .order_by(Notification.user_id)
        )
    )


def test_a_session_23_hours_ahead_is_reminded_once_to_both(pair):
    mentor, mentee, mentorship = pair
    session = _session(mentorship, mentee, 23)
    assert reminders.send_due_reminders().sessions == 1
    assert reminders.send_due_reminders().sessions == 0
    notices = _notices(mentor.id, mentee.id)
    assert sorted(n.user_id for n in notices) == sorted([mentor.id, mentee.id])
    assert all(n.link == f"/mentorships/{mentorship.id}/sessions" for n in notices)
    assert all("45 minutes" in n.message for n in notices)
    assert db.session.get(MentoringSession, session.id).reminded_at is not None


def test_a_session_30_hours_ahead_waits_and_is_reminded_when_due(pair):
    mentor, mentee, mentorship = pair
    _session(mentorship, mentee, 30)
    assert reminders.send_due_reminders().sessions == 0
    assert _notices(mentor.id, mentee.id) == []
    assert reminders.send_due_reminders(now=utcnow() + timedelta(hours=7)).sessions == 1


@pytest.mark.parametrize("status", ["proposed", "declined", "cancelled", "superseded"])
def test_a_session_not_accepted_is_never_reminded(pair, status):
    mentor, mentee, mentorship = pair
    _session(mentorship, mentee, 3, status=status)
    reminders.send_due_reminders()
    assert _notices(mentor.id, mentee.id) == []


def test_a_session_already_started_or_of_an_ended_mentorship_is_not_reminded(pair):
    mentor, mentee, mentorship = pair
    _session(mentorship, mentee, -1)
    ended = make_mentorship(make_mentor(), mentee, status="ended")
    _session(ended, mentee, 5)
    assert reminders.send_due_reminders().sessions == 0


def test_the_review_date_reminds_both_members_once_from_the_day_before(pair):
    mentor, mentee, mentorship = pair
    mentorship = db.session.get(Mentorship, mentorship.id)
    mentorship.review_on = (utcnow() + timedelta(days=3)).date()
    db.session.commit()
    assert reminders.send_due_reminders().reviews == 0
    later = utcnow() + timedelta(days=2)  # the review date is tomorrow then
    assert reminders.send_due_reminders(now=later).reviews == 1
    assert reminders.send_due_reminders(now=later).reviews == 0
    notices = _notices(mentor.id, mentee.id)
    assert len(notices) == 2
    assert all(n.link == f"/mentorships/{mentorship.id}" for n in notices)


def test_an_ended_mentorships_review_date_is_not_reminded(app):
    mentee = factories.make_user()
    ended = make_mentorship(make_mentor(), mentee, status="ended")
    ended.review_on = date.today()
    db.session.commit()
    assert reminders.send_due_reminders().reviews == 0


def test_the_drain_is_registered_and_the_cli_command_runs_it(pair, runner):
    _mentor, mentee, mentorship = pair
    assert reminders.EFFECT in effects.registered()
    _session(mentorship, mentee, 2)
    result = runner.invoke(args=["mentorship", "remind"])
    assert result.exit_code == 0, result.output
    assert "Reminded 1 session(s)" in result.output
    effects.run_now([reminders.EFFECT])  # what the interval pass does
    assert len(_notices(mentorship.mentor_id, mentee.id)) == 2


def test_two_drains_in_threads_at_once_remind_once(app, pair):
    mentor, mentee, mentorship = pair
    _session(mentorship, mentee, 20)
    ids = (mentor.id, mentee.id)
    db.session.remove()
    step, errors, counts = threading.Barrier(2), [], []

    def drain():
        try:
            with app.app_context():
                step.wait(timeout=30)
                counts.append(reminders.send_due_reminders().sessions)
                db.session.remove()
        except BaseException:
            errors.append(traceback.format_exc())

    workers = [threading.Thread(target=drain) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not errors, errors
    assert sorted(counts) == [0, 1]
    assert len(_notices(*ids)) == 2


def _drain_in_process(database_url, index_dir, step, results, errors):
    try:
        app = process_app(database_url, index_dir)
        with app.app_context():
            step.wait(timeout=60)
            results.put(reminders.send_due_reminders().sessions)
            db.session.remove()
            db.engine.dispose()
    except BaseException:
        errors.put(traceback.format_exc())
        step.abort()
        raise


@pytest.mark.slow
def test_two_drains_in_two_processes_remind_once(app, pair, database_url, tmp_path):
    mentor, mentee, mentorship = pair
    _session(mentorship, mentee, 12)
    db.session.remove()
    context = multiprocessing.get_context("spawn")
    step, results, errors = context.Barrier(2), context.Queue(), context.Queue()
    workers = [
        context.Process(
            target=_drain_in_process,
            args=(database_url, str(tmp_path / "index"), step, results, errors),
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    finish(workers, errors, timeout=120)
    counts = sorted(results.get() for _ in range(2))
    assert counts == [0, 1]
    total = select(func.count()).select_from(Notification).where(Notification.kind == "mentorship")
    assert db.session.scalar(total) == 2
