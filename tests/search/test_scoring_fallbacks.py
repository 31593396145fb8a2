"""The scorer's other paths: Whoosh's public API where its internals are missing, and the
corners of the tree that ordinary searches never reach.

scoring.py reads Whoosh 2.7.4's private internals (the W3 codec's posting blocks, its
per-document columns, its deletion sets) and falls back to the public API for anything
else. Whoosh is pinned in setup.cfg; these tests prove the fallbacks give the same
scores, so an upgrade that drops an internal degrades speed, not results.
"""

from datetime import UTC, datetime, timedelta

import pytest

from forum.search import query as parsing
from forum.search.index import Document, Filters, IndexStore, Reader, forget, scoring
from forum.search.query import All, FieldValue, MostOf, Not, Words

START = datetime(2026, 1, 1, tzinfo=UTC)
QUERIES = [
    "stent",
    '"stent thrombosis"',
    "stent restenosis -balloon",
    "stent AND thrombosis",
    "stent kind:question",
    "thrombosis OR balloon",
]


def doc(post_id, thread_id, body, **extra) -> Document:
    fields = {"kind": "question", "created": START + timedelta(hours=post_id)}
    fields.update(extra)
    return Document(
        post_id, thread_id, "A thread", body, "someone", "cardiology", [],
        fields["kind"], fields["created"],
    )  # fmt: skip


class PublicOnly:
    """A segment reader seen through its public methods only: no `_perdoc`, no `segment()`,
    as a Whoosh without those internals would be."""

    def __init__(self, reader):
        self._reader = reader

    def __getattr__(self, name):
        if name.startswith("_") or name == "segment":
            raise AttributeError(name)
        return getattr(self._reader, name)


@pytest.fixture
def store(tmp_path):
    index = IndexStore(tmp_path / "index")
    bodies = [
        "stent thrombosis after a stent",
        "stent restenosis and a balloon",
        "balloon angioplasty only",
        "stent " * 3 + "restenosis",
    ]
    index.rebuild(
        [doc(i, i % 5 + 1, bodies[i % 4] + f" note {i}") for i in range(1, 300)], 0
    )  # more than one posting block (128 a block)
    index.apply([doc(400, 2, "stent thrombosis in a second segment")], [3, 4, 150], 1)
    index.apply([doc(401, 3, "restenosis without the other word")], [], 2)  # no "thrombosis"
    yield index
    forget(index)


def _scores(store) -> list[dict]:
    scoring._TABLES.clear()
    with Reader(store) as reader:
        found = []
        for text in QUERIES:
            scorer = scoring.Scorer(reader.searcher, str(store.root))
            found.append(scorer.evaluate(parsing.parse(text).root))
        return found


def _assert_same(ours: list[dict], theirs: list[dict]) -> None:
    for text, mine, public in zip(QUERIES, ours, theirs, strict=True):
        assert mine.keys() == public.keys(), text
        for docnum, score in mine.items():
            assert public[docnum] == pytest.approx(score, rel=1e-9), text


def test_scores_through_whooshs_public_api_equal_the_block_readers(store, monkeypatch):
    with Reader(store) as reader:
        assert len(reader.searcher.reader().leaf_readers()) > 1  # several segments
        assert reader.searcher.reader().has_deletions()
    fast = _scores(store)
    assert all(fast) and fast[1]  # every query matches something, the phrase too

    real_lengths, real_deleted, real_tables = (
        scoring._read_lengths,
        scoring._deleted,
        scoring._tables_for,
    )
    monkeypatch.setattr(scoring, "_is_w3", lambda matcher: False)
    monkeypatch.setattr(scoring, "_read_lengths", lambda r, f, n: real_lengths(PublicOnly(r), f, n))
    monkeypatch.setattr(scoring, "_deleted", lambda r: real_deleted(PublicOnly(r)))
    monkeypatch.setattr(scoring, "_tables_for", lambda r, key: real_tables(PublicOnly(r), key))
    _assert_same(fast, _scores(store))


def test_lengths_and_deletions_fallbacks_read_the_same_values(store):
    with Reader(store) as reader:
        for leaf, _offset in reader.searcher.reader().leaf_readers():
            count = leaf.doc_count_all()
            for fieldname in ("title", "body"):
                assert scoring._read_lengths(PublicOnly(leaf), fieldname, count) == (
                    scoring._read_lengths(leaf, fieldname, count)
                )
            assert scoring._deleted(PublicOnly(leaf)) == scoring._deleted(leaf)
            tables = scoring._tables_for(PublicOnly(leaf), "key")  # no segment id: not cached
            assert tables is not scoring._tables_for(PublicOnly(leaf), "key")


def test_block_reading_stops_after_the_last_wanted_document(store):
    with Reader(store) as reader:
        first = reader.searcher.reader().leaf_readers()[0][0]
        every = list(scoring._blocks(first.postings("body", "stent")))
        wanted = list(scoring._blocks(first.postings("body", "stent"), wanted=[1]))
    assert len(every) > 1 and len(wanted) == 1


def test_segment_tables_cache_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(scoring, "TABLES_KEPT", 1)
    stores = [IndexStore(tmp_path / f"index{n}") for n in range(3)]
    for n, index in enumerate(stores):
        index.rebuild([doc(1, 1, f"lactate number {n}")], 0)
        with Reader(index) as reader:
            assert reader.search(parsing.parse("lactate").root, Filters(), False)
        forget(index)
    assert len(scoring._TABLES) == 1


def test_newest_keeps_each_threads_newest_post_whatever_the_order_read(tmp_path):
    index = IndexStore(tmp_path / "index")
    index.rebuild([doc(2, 1, "sepsis reply", created=START + timedelta(days=2))], 0)
    # An older post of the same thread, written later: read after the newer one.
    index.apply([doc(1, 1, "sepsis opening post", created=START)], [], 1)
    with Reader(index) as reader:
        hits = reader.search(parsing.parse("sepsis").root, Filters(), True)[:]
    forget(index)
    assert [hit.post_id for hit in hits] == [2]


def test_degenerate_trees_score_nothing_rather_than_fail(store):
    with Reader(store) as reader:
        scorer = scoring.Scorer(reader.searcher, str(store.root))
        stent = Words(("stent",))
        assert scorer.evaluate(Not(stent)) == {}  # a NOT alone: nothing to look for
        assert scorer.evaluate(object()) == {}  # not a node of the tree
        assert scorer.evaluate(All((Not(stent),))) == {}
        assert scorer.evaluate(All((Words(("nosuchword",)), stent))) == {}
        assert scorer.evaluate(MostOf((FieldValue("kind", "nosuchkind"), stent))) == {}
        assert scorer.evaluate(MostOf((Not(stent),))) == {}
        assert scorer.doc_frequency(FieldValue("kind", "question")) == scorer.doc_count
        assert scorer.evaluate(Words(())) == {}


def test_phrase_within_a_few_posts_equals_the_phrase_narrowed_to_them(store):
    with Reader(store) as reader:
        scorer = scoring.Scorer(reader.searcher, str(store.root))
        terms = scoring._terms(("stent", "thrombosis"))
        everywhere = scorer.phrase("body", terms)
        few = set(sorted(everywhere)[:2]) | {2}  # post 2 has no such phrase
        narrowed = scorer.phrase("body", terms, within=few)
    assert narrowed == {d: s for d, s in everywhere.items() if d in few}
    assert len(narrowed) == 2
