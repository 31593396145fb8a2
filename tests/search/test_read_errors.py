"""Only errors reading the index's files become "Search is briefly unavailable"; a bug in
our own code is raised as it is, so that it fails the tests instead of hiding in a notice."""

from datetime import UTC, datetime

import pytest
from whoosh import index as whoosh_index

from forum.search import query as parsing
from forum.search import results, service
from forum.search.index import (
    SCHEMA,
    Document,
    Filters,
    IndexStore,
    IndexUnavailable,
    Reader,
    forget,
    reading,
    scoring,
    store,
)
from tests.factories import make_thread

UNAVAILABLE = "Search is briefly unavailable"


def doc(post_id: int, body: str) -> Document:
    created = datetime(2026, 1, 1, tzinfo=UTC)
    return Document(post_id, post_id, "A thread", body, "a", "b", [], "question", created)


@pytest.fixture
def index(tmp_path):
    found = IndexStore(tmp_path / "index")
    found.rebuild([doc(1, "stent thrombosis"), doc(2, "stent restenosis")], 0)
    yield found
    forget(found)


def _raise(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as raised:
        return raised


def test_errors_raised_by_whoosh_or_the_file_system_are_read_errors():
    with pytest.raises(KeyError) as inside_whoosh:  # a damaged index raises such things
        SCHEMA["no such field"]
    assert store.read_error(inside_whoosh.value)
    with pytest.raises(whoosh_index.EmptyIndexError) as missing:
        whoosh_index.open_dir("/nonexistent/index")
    assert store.read_error(missing.value)
    assert store.read_error(_raise(FileNotFoundError("gone")))
    assert store.read_error(_raise(EOFError()))


def test_errors_raised_by_our_own_code_are_not_read_errors():
    with pytest.raises(AttributeError) as ours:
        parsing.clean_words(None)  # raised inside forum/search/query.py
    assert not store.read_error(ours.value)
    assert not store.read_error(_raise(ZeroDivisionError()))  # raised in this file
    assert not store.read_error(_raise(KeyboardInterrupt()))


def test_a_bug_in_our_scorer_fails_the_search_loudly(app, monkeypatch):
    make_thread(title="Drug-eluting stents in diabetics", body="Stents and restenosis.")
    service.sync()
    monkeypatch.setattr(scoring, "K1", None)  # BM25's arithmetic now fails in scoring.py
    with pytest.raises(TypeError):
        results.search_page("stents", Filters())


def test_a_bug_while_opening_a_searcher_fails_loudly(index, monkeypatch):
    forget(index)
    monkeypatch.setattr(reading, "TEXT_FIELDS", None)  # _open_files iterates over it
    with pytest.raises(TypeError):
        Reader(index)


def test_a_bug_in_a_state_reader_fails_loudly(index, monkeypatch):
    monkeypatch.setattr(store, "SCHEMA_VERSION", None)
    with pytest.raises(AttributeError):
        index.read_live(lambda current: store.SCHEMA_VERSION.strip(), "")


def test_a_damaged_index_is_unavailable_for_search_and_status(app, runner):
    make_thread(title="Sepsis bundles at the front door", body="Lactate and cultures.")
    service.sync()
    generation = service.store().current_dir()
    for toc in generation.glob("_MAIN_*.toc"):
        toc.write_bytes(toc.read_bytes()[:40])  # truncated: Whoosh cannot read it
    forget(service.store())
    page = results.search_page("sepsis", Filters())
    assert UNAVAILABLE in " ".join(page.notes) and page.rows == []
    with pytest.raises(IndexUnavailable):
        service.status()
    result = runner.invoke(args=["search", "status"])
    assert result.exit_code != 0 and "search rebuild" in result.output


def test_a_segment_file_gone_for_good_is_unavailable_not_retried_forever(index, monkeypatch):
    forget(index)
    for path in index.current_dir().iterdir():
        if path.suffix == ".trm":
            path.unlink()
    opened = []
    real = reading._opened
    monkeypatch.setattr(reading, "_opened", lambda stamp: opened.append(1) or real(stamp))
    with pytest.raises(IndexUnavailable):
        Reader(index)
    assert len(opened) == 1  # nothing changed on disk: not taken for a commit


class _TornSearcher:
    """Stored fields as a read racing a commit can see them: the block half replaced."""

    def __init__(self, stored):
        self.stored = stored

    def stored_fields(self, docnum):
        return self.stored


@pytest.mark.parametrize(
    ("thread_id", "stored"),
    [("", {"post_id": 3}), (7, {"post_id": ""}), (7, {})],
    ids=["torn thread column", "torn post id", "no stored fields"],
)
def test_a_hit_read_while_a_commit_replaced_its_block_is_unavailable(thread_id, stored):
    # Seen under concurrent commits: the grouped thread column came back empty, and
    # int('') escaped as a ValueError instead of the retried IndexUnavailable.
    matches = reading.Matches(_TornSearcher(stored), [(0, thread_id, 1.0)])
    with pytest.raises(IndexUnavailable, match="no post or thread id"):
        matches[:]


def test_a_whole_hit_is_read_as_it_was_stored():
    matches = reading.Matches(_TornSearcher({"post_id": 3}), [(0, 7, 1.0)])
    (hit,) = matches[:]
    assert (hit.post_id, hit.thread_id) == (3, 7)
