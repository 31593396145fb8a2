"""The change log feeds a real Whoosh index in tmp_path; the database stays the truth."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.search import results, service
from forum.search.index import Filters
from forum.search.models import SearchChange, SearchIndexCursor
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests.factories import make_thread, make_topic, make_user, nth_post

ROOT = Path(__file__).resolve().parents[2]


def _changes() -> list[tuple]:
    return db.session.execute(
        select(SearchChange.post_id, SearchChange.thread_id).order_by(SearchChange.id)
    ).all()


def test_new_posts_are_logged_in_the_same_transaction(app):
    thread = make_thread(replies=1)
    opening, reply = db.session.scalars(
        select(Post.id).where(Post.thread_id == thread.id).order_by(Post.id)
    ).all()
    # The reply also logs the opening post: the thread is no longer unanswered.
    assert [pid for pid, _ in _changes()] == [opening, reply, opening]


def test_rolled_back_change_leaves_no_log_entry(app):
    thread = make_thread()
    before = len(_changes())
    db.session.add(
        Post(
            thread_id=thread.id,
            author_id=thread.author_id,
            body_md="x",
            body_html="x",
            body_text="x",
        )
    )
    db.session.flush()
    # The post, and the opening post of a thread no longer unanswered.
    assert len(_changes()) == before + 2  # logged inside the transaction...
    db.session.rollback()
    assert len(_changes()) == before  # ...and gone with it


def test_counter_updates_and_unsearchable_fields_are_not_logged(app):
    thread = make_thread()
    before = len(_changes())
    threads.set_thread_state(make_user(role="moderator"), thread, pinned=True, locked=True)
    assert len(_changes()) == before


def test_sync_indexes_posts_and_verify_finds_no_drift(app):
    make_thread(replies=3)
    assert service.sync() == 5  # 4 posts, and the opening post again on the first reply
    state = service.status()
    assert (state.documents, state.pending) == (4, 0)
    assert service.verify().clean


def test_edit_delete_and_retitle_reach_the_index(app):
    author = make_user()
    thread = make_thread(author, replies=2)
    service.sync()
    first = threads.get_post(None, nth_post(thread, 1).id)
    threads.edit_post(author, first, "Now about troponin assays")
    moderator = make_user(role="moderator")
    reply = threads.get_post(None, nth_post(thread, 2).id)
    threads.delete_post(moderator, reply)
    first = threads.get_post(None, first.id)
    threads.edit_post(author, first, first.body_md, title="A retitled thread about troponin")
    assert ("thread", thread.id) in {("thread", t) for _, t in _changes() if t}
    drift = service.verify()
    assert drift.stale and reply.id in drift.extra
    service.sync()
    assert service.verify().clean
    assert reply.id not in service.store().digests()
    found = results.search_page("retitled", Filters())
    assert [row.thread.title for row in found.rows] == ["A retitled thread about troponin"]


def test_verify_spots_changes_that_bypassed_the_log_and_fix_repairs(app):
    thread = make_thread(replies=1)
    service.sync()
    # A direct SQL update skips the ORM, so nothing is logged: the index goes stale.
    db.session.execute(update(Post).where(Post.thread_id == thread.id).values(body_text="zzz"))
    db.session.commit()
    drift = service.verify()
    assert len(drift.stale) == 2 and not drift.missing and not drift.extra
    service.fix(drift)
    assert service.verify().clean


def test_rebuild_matches_incremental_sync(app):
    topic = make_topic()
    for _ in range(3):
        make_thread(topics=[topic], replies=2)
    service.sync()
    incremental = service.store().digests()
    assert service.rebuild() == len(incremental) == 9
    assert service.store().digests() == incremental
    assert len(list(Path(app.config["SEARCH_INDEX_DIR"]).glob("gen-*"))) == 1


def _age_log(minutes: int) -> None:
    db.session.execute(
        update(SearchChange).values(created_at=utcnow() - timedelta(minutes=minutes))
    )
    db.session.commit()


def test_applied_entries_are_pruned_once_settled(app):
    make_thread(replies=2)
    service.sync()
    # Young entries stay for the settle window (a slower transaction may still commit
    # an id below them); settled ones go.
    assert db.session.scalar(select(func.count()).select_from(SearchChange)) == 4
    _age_log(minutes=10)
    service.sync()
    assert db.session.scalar(select(func.count()).select_from(SearchChange)) == 0
    cursor = db.session.get(SearchIndexCursor, service.index_name())
    assert cursor.last_change_id == service.store().applied() > 0


def test_an_index_that_stopped_checking_in_does_not_hold_the_log_forever(app):
    db.session.add(
        SearchIndexCursor(
            name="gone-host", last_change_id=0, updated_at=utcnow().replace(year=2020)
        )
    )
    db.session.commit()
    make_thread()
    _age_log(minutes=10)
    service.sync()
    assert db.session.scalar(select(func.count()).select_from(SearchChange)) == 0


def test_a_late_committing_lower_id_is_still_applied(app):
    thread = make_thread()
    service.sync()
    late = threads.reply_to_thread(make_user(role="moderator"), thread, "late")
    # Pretend its id was handed out before the last sync but committed after it.
    db.session.execute(update(SearchChange).where(SearchChange.post_id == late.id).values(id=0))
    db.session.commit()
    assert service.store().applied() > 0
    service.sync()
    assert late.id in service.store().digests()


HOLD_LOCK = textwrap.dedent(
    """
    import fcntl, os, sys, time
    fd = os.open(os.path.join(sys.argv[1], "writer.lock"), os.O_CREAT | os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_busy_writer_lock_leaves_changes_queued_and_sigkill_releases_it(app):
    index_dir = Path(app.config["SEARCH_INDEX_DIR"])
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(index_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        make_thread(replies=1)
        started = time.monotonic()
        assert service.sync() is None  # does not wait for the lock
        assert time.monotonic() - started < 2
        assert service.status().pending == 3  # 2 posts, the opening post again on the reply
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        assert service.sync() == 3
        assert service.verify().clean
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.stdout.close()


WRITER = textwrap.dedent(
    """
    import sys
    from forum import create_app
    from forum.auth.models import User
    from forum.extensions import db
    from forum.search import service
    from forum.threads import service as threads

    url, index_dir, thread_id, user_id, count = sys.argv[1:6]
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": index_dir, "SEARCH_SYNC": "off"})
    with app.app_context():
        author = db.session.get(User, int(user_id))
        for i in range(int(count)):
            thread = threads.get_thread(None, int(thread_id))
            threads.reply_to_thread(author, thread, f"concurrent stent note marker{user_id}x{i}")
            service.sync()  # every process competes for the writer lock
    print("done", flush=True)
    """
)


def test_four_processes_writing_at_once_lose_nothing(app, database_url):
    thread_id = make_thread().id
    author_ids = [make_user(role="moderator").id for _ in range(4)]
    db.session.remove()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                database_url,
                app.config["SEARCH_INDEX_DIR"],
                str(thread_id),
                str(author_id),
                "50",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for author_id in author_ids
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err[-3000:]
        assert out.strip() == "done"
    service.sync()
    indexed = service.store().digests()
    posts = db.session.scalars(select(Post.id).where(Post.thread_id == thread_id)).all()
    assert len(posts) == 201
    assert set(posts) <= set(indexed)
    assert service.verify().clean
    # And each is found by the search page's own function, by the word only it contains.
    for author_id in author_ids:
        for i in range(50):
            page = results.search_page(f"marker{author_id}x{i}", Filters())
            assert [row.post.body_md for row in page.rows] == [
                f"concurrent stent note marker{author_id}x{i}"
            ]


def test_background_worker_applies_changes_after_commit(app):
    app.config["AFTER_COMMIT"] = "background"
    make_thread(replies=1)
    deadline = time.monotonic() + 10
    while service.status().pending and time.monotonic() < deadline:
        time.sleep(0.05)
        db.session.rollback()  # see the worker's commits
    assert service.status().pending == 0
    assert service.status().documents == 2


def test_moving_and_retagging_a_thread_reaches_the_index(app):
    thread = make_thread(replies=1)
    service.sync()
    before = service.store().digests()
    thread = db.session.get(Thread, thread.id)
    thread.specialty_id = make_thread().specialty_id  # moved to another specialty
    db.session.commit()
    assert service.verify().stale  # both posts now carry the old specialty
    service.sync()
    after = service.store().digests()
    assert all(after[pid] != before[pid] for pid in before if pid in after)
    topic = make_topic()
    thread = db.session.scalars(
        select(Thread).where(Thread.id == thread.id).options(selectinload(Thread.topics))
    ).one()
    thread.topics = [topic]  # retagged
    db.session.commit()
    assert service.verify().stale
    service.sync()
    assert service.verify().clean
