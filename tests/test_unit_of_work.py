"""A change and everything it causes commit together or not at all; effects run after."""

import threading

import click
import pytest
from sqlalchemy import event, func, select

from forum import effects
from forum.exceptions import Invalid
from forum.extensions import db
from forum.search import service as search
from forum.search.models import SearchChange
from forum.threads import service as threads
from forum.threads.models import Post
from forum.unit_of_work import after_commit, in_unit_of_work, transactional, unit_of_work
from tests.factories import make_thread, make_user


@pytest.fixture
def probe(app):
    """An effect called "probe" that records each run and signals it."""
    runs: list[str] = []
    ran = threading.Event()

    def drain():
        runs.append("ran")
        ran.set()

    effects.register("probe", drain)
    yield runs, ran
    effects._drains.pop("probe", None)
    effects.stop(app)


@pytest.fixture
def commits(app):
    seen = []
    listener = lambda session: seen.append(session)  # noqa: E731
    event.listen(db.session, "after_commit", listener)
    yield seen
    event.remove(db.session, "after_commit", listener)


def _changes() -> int:
    return db.session.scalar(select(func.count()).select_from(SearchChange))


def test_services_compose_into_one_transaction(app, commits):
    thread = make_thread()
    author = make_user()
    commits.clear()

    @transactional
    def two_replies():
        assert in_unit_of_work()
        threads.reply_to_thread(author, thread, "One.")
        threads.reply_to_thread(author, thread, "Two.")

    two_replies()
    assert len(commits) == 1
    assert db.session.scalar(select(func.count()).where(Post.thread_id == thread.id)) == 3


def test_a_failure_anywhere_rolls_back_the_post_its_counters_and_its_search_change(app):
    thread = make_thread()
    author = make_user()
    before = _changes()

    @transactional
    def reply_then_fail():
        threads.reply_to_thread(author, thread, "This must not survive.")
        raise Invalid("body", "something later refused")

    with pytest.raises(Invalid):
        reply_then_fail()
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Post.thread_id == thread.id)) == 1
    assert db.session.get(type(thread), thread.id).post_count == 1
    assert _changes() == before


def test_effects_run_after_the_commit_and_not_after_a_rollback(app, probe):
    runs, ran = probe
    app.config["AFTER_COMMIT"] = "background"
    with pytest.raises(RuntimeError), unit_of_work():
        after_commit("probe")
        raise RuntimeError("rolled back")
    with unit_of_work():
        after_commit("probe")
        assert runs == []  # queued, not run, inside the transaction
    assert ran.wait(10), "the effect never ran after the commit"
    assert runs[0] == "ran"


def test_off_runs_nothing_by_itself(app, probe):
    runs, _ = probe
    with unit_of_work():
        after_commit("probe")
    effects.run_now(["probe"])  # what tests and `flask search sync` do explicitly
    assert runs == ["ran"]


def test_a_cli_command_applies_its_changes_before_it_exits(app, runner):
    author = make_user()
    thread = make_thread(author, title="Ketamine for procedural sedation")
    search.sync()
    app.config["AFTER_COMMIT"] = "background"  # as in production: only the command runs it

    @app.cli.command("add-reply")
    @click.argument("text")
    def add_reply(text):
        threads.reply_to_thread(author, thread, text)

    result = runner.invoke(args=["add-reply", "Propofol after ketamine works well."])
    assert result.exit_code == 0, result.output
    assert search.status().pending == 0  # applied inline when the command ended
    assert search.store().doc_count() == 2


def test_a_runner_started_late_catches_up_and_then_polls(app):
    app.config.update(AFTER_COMMIT="background", AFTER_COMMIT_POLL_SECONDS=0.2)
    make_thread(title="Written while no runner ran")  # AFTER_COMMIT was off for this part
    app.config["AFTER_COMMIT"] = "off"
    db.session.add(SearchChange(post_id=db.session.scalar(select(func.max(Post.id)))))
    db.session.commit()
    app.config["AFTER_COMMIT"] = "background"
    try:
        effects.start(app)
        done = threading.Event()
        for _ in range(100):
            if search.status().pending == 0:
                done.set()
                break
            done.wait(0.1)
            db.session.remove()
        assert done.is_set(), "the runner did not catch up"
        assert search.store().doc_count() == 1
    finally:
        effects.stop(app)
