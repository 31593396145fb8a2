"""Reading the index's state while a commit or a rebuild replaces its files.

Readers take no lock: a commit writes a new TOC and deletes the old one and its merged
segments, and a rebuild deletes the whole old generation, at any moment. Each test puts
that moment exactly between a reader finding a file and opening it, by running the
commit from a hook on the file access itself, so the race happens on every run.
"""

import os
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from whoosh.filedb.filestore import FileStorage

from forum.search import query as parsing
from forum.search import results, service
from forum.search.index import (
    Document,
    Filters,
    IndexStore,
    IndexUnavailable,
    Reader,
    forget,
    reading,
)
from tests.factories import make_thread

START = datetime(2026, 1, 1, tzinfo=UTC)


def doc(post_id: int, body: str = "lactate clearance in sepsis") -> Document:
    return Document(
        post_id, post_id, "A thread", body, "someone", "cardiology", [], "question",
        START + timedelta(hours=post_id),
    )  # fmt: skip


@pytest.fixture
def store(tmp_path):
    index = IndexStore(tmp_path / "index")
    index.rebuild([doc(i) for i in range(1, 6)], 5)
    yield index
    forget(index)


def _commit_when_a_toc_is_opened(monkeypatch, commit):
    """The first time anything opens a TOC, `commit` runs first: the TOC it was about to
    open is then gone. Returns the list of TOC names that were raced."""
    raced = []
    real = FileStorage.open_file

    def open_file(self, name, *args, **kwargs):
        if name.endswith(".toc") and not raced:
            raced.append(name)
            commit()
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "open_file", open_file)
    return raced


def _search(store, text):
    with Reader(store) as reader:
        return sorted(
            hit.post_id for hit in reader.search(parsing.parse(text).root, Filters(), False)[:]
        )


def _search_as_the_page_does(store, text):
    """A search retried on IndexUnavailable, as results.search_page retries it: a stored
    field read while a commit replaced its block is unavailable for that attempt only."""
    for _ in range(results.ATTEMPTS - 1):
        try:
            return _search(store, text)
        except IndexUnavailable:
            continue
    return _search(store, text)


def test_status_survives_a_commit_replacing_the_toc_it_was_opening(app, monkeypatch):
    make_thread(replies=1)
    service.sync()
    index = service.store()
    before = index.current_dir()
    raced = _commit_when_a_toc_is_opened(
        monkeypatch, lambda: index.apply([doc(9001)], [], index.applied())
    )
    state = service.status()
    assert raced and not (before / raced[0]).exists()  # the race really happened
    assert state.documents == 3 and state.pending == 0 and not state.outdated


def test_doc_count_and_digests_survive_a_commit_replacing_the_toc(store, monkeypatch):
    raced = _commit_when_a_toc_is_opened(monkeypatch, lambda: store.apply([doc(6)], [], 6))
    assert store.doc_count() == 6 and raced
    raced.clear()
    assert set(store.digests()) == {1, 2, 3, 4, 5, 6} and raced


def test_a_searcher_opened_during_a_commit_is_reopened_on_the_new_files(store, monkeypatch):
    forget(store)  # no pooled searcher: the next search opens the index
    raced = _commit_when_a_toc_is_opened(monkeypatch, lambda: store.apply([doc(7)], [], 6))
    assert _search(store, "lactate") == [1, 2, 3, 4, 5, 7]  # no IndexUnavailable, new post
    assert raced


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        (lambda index: index.applied(), 9),
        (lambda index: index.outdated(), False),
        (lambda index: index.doc_count(), 2),
        (lambda index: set(index.digests()), {20, 21}),
        (lambda index: index.size_bytes() > 0, True),
    ],
    ids=["applied", "outdated", "doc_count", "digests", "size_bytes"],
)
def test_state_readers_follow_a_rebuild_that_removed_their_generation(
    store, monkeypatch, read, expected
):
    old = store.current_dir()
    store.rebuild([doc(20), doc(21)], 9)  # removes `old`
    assert not old.exists()
    # The reader found `old` an instant before the rebuild swapped it.
    found = [old]
    real = IndexStore.current_dir
    monkeypatch.setattr(
        IndexStore, "current_dir", lambda self: found.pop() if found else real(self)
    )
    assert read(store) == expected
    assert not found


def test_current_dir_reads_current_again_when_a_rebuild_removed_its_generation(store, monkeypatch):
    old = store.current_dir()
    real = os.listdir
    rebuilt = []

    def listdir(path="."):
        if str(path) == str(old) and not rebuilt:
            rebuilt.append(store.rebuild([doc(30)], 10))  # between reading CURRENT and listing
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)
    current = store.current_dir()
    assert rebuilt and current != old and current.exists()
    assert store.applied() == 10


def test_the_pool_check_follows_a_rebuild_that_removed_the_generation(store, monkeypatch):
    assert _search(store, "lactate") == [1, 2, 3, 4, 5]  # a pooled searcher on gen 1
    real = reading._stamp
    rebuilt = []

    def stamp(path):
        if not rebuilt:
            rebuilt.append(store.rebuild([doc(40)], 11))  # after current_dir, before stat
        return real(path)

    monkeypatch.setattr(reading, "_stamp", stamp)
    assert _search(store, "lactate") == [40]
    assert rebuilt


def test_readers_never_fail_while_another_thread_commits_in_a_tight_loop(store):
    commits, failures, done = 40, [], threading.Event()

    def write():
        try:
            for n in range(commits):
                store.apply([doc(100 + n)], [], 100 + n)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    reads = 0
    deadline = time.monotonic() + 60
    try:
        while not done.is_set() and time.monotonic() < deadline:
            store.applied(), store.outdated(), store.size_bytes(), store.doc_count()
            assert len(_search_as_the_page_does(store, "lactate")) >= 5
            reads += 1
    finally:
        writer.join(timeout=60)
    assert not failures and reads > 0
    assert store.doc_count() == 5 + commits and store.applied() == 100 + commits - 1
