"""The scorer reads Whoosh's postings itself: it must agree with Whoosh, segment by segment."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from whoosh import query as wq
from whoosh.matching import WrappingMatcher

from forum.search import query as parsing
from forum.search.index import (
    SCHEMA_VERSION,
    Document,
    Filters,
    IndexStore,
    Reader,
    forget,
    reading,
    scoring,
)

START = datetime(2026, 1, 1, tzinfo=UTC)


def doc(post_id, thread_id, body, title="A thread", **extra) -> Document:
    fields = {
        "author": "someone",
        "specialty": "cardiology",
        "topics": [],
        "kind": "question",
        "created": START + timedelta(hours=post_id),
    }
    fields.update(extra)
    return Document(post_id, thread_id, title, body, **fields)


@pytest.fixture
def store(tmp_path):
    return IndexStore(tmp_path / "index")


def search(store, text, filters=None, newest=False, exclude_thread=None):
    with Reader(store) as reader:
        hits = reader.search(
            parsing.parse(text).root, filters or Filters(), newest, exclude_thread=exclude_thread
        )
        return [(hit.post_id, hit.thread_id) for hit in hits[:]]


def test_term_scores_equal_whooshs_own_bm25f(store):
    bodies = [
        "stent " * n + "filler words " * (10 - n) + "thrombosis" * (n % 2) for n in range(1, 10)
    ]
    store.rebuild([doc(i, i, body) for i, body in enumerate(bodies, 1)], 0)
    with Reader(store) as reader:
        searcher = reader.searcher
        ours = scoring.Scorer(searcher).term("body", "stent")
        theirs = {
            hit.docnum: hit.score for hit in searcher.search(wq.Term("body", "stent"), limit=None)
        }
    assert ours.keys() == theirs.keys() and len(ours) == 9
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-6)


def test_block_reading_agrees_with_whooshs_public_matcher(store):
    # More than one posting block (Whoosh writes 128 postings a block), with deletions.
    store.rebuild([doc(i, i % 7 + 1, f"stent {'stent ' * (i % 3)}") for i in range(1, 400)], 0)
    store.apply([], removals=[5, 6, 7, 200], last_change=1)
    with Reader(store) as reader:
        segment = reader.searcher.reader()
        fast = [
            (d, w)
            for ids, weights in scoring._blocks(segment.postings("body", "stent"))
            for d, w in zip(ids, weights, strict=True)
        ]
        slow = [
            (d, w)
            for ids, weights in scoring._blocks(WrappingMatcher(segment.postings("body", "stent")))
            for d, w in zip(ids, weights, strict=True)
        ]
        assert len(fast) == 399  # the block reader leaves deletions to its caller
        assert {d for d, _ in slow} <= {d for d, _ in fast}
        deleted = scoring._deleted(segment)
        assert [p for p in fast if p[0] not in deleted] == slow
        # Only the blocks holding the wanted documents are read, and they are the same.
        wanted = [3, 150, 390]
        skipped = [
            d
            for ids, _ in scoring._blocks(segment.postings("body", "stent"), wanted)
            for d in ids
        ]
        assert set(wanted) <= set(skipped) and len(skipped) < len(fast)
    hits = search(store, "stent")
    assert len(hits) == 7 and all(post_id not in (5, 6, 7, 200) for post_id, _ in hits)


def test_posts_matching_more_of_the_words_rank_first(store):
    store.rebuild(
        [
            doc(1, 1, "career advice for a junior doctor"),
            doc(2, 2, "surgical robotics simulator"),
            doc(3, 3, "start a career in surgical robotics with a simulator"),
            doc(4, 4, "nothing relevant here"),
        ],
        0,
    )
    hits = search(store, "how do I start a career in surgical robotics")
    assert [thread for _, thread in hits] == [3, 2, 1]


def test_common_words_only_add_to_posts_matching_a_rarer_one(store):
    # "patients" is in every post: alone it would make every post a match.
    documents = [doc(i, i, f"patients seen on the ward number {i}") for i in range(1, 60)]
    documents.append(doc(60, 60, "patients on apixaban"))
    documents.append(doc(61, 61, "apixaban dosing"))
    store.rebuild(documents, 0)
    assert [thread for _, thread in search(store, "apixaban patients")] == [60, 61]
    assert len(search(store, "patients")) == 60  # alone, a common word still matches


def test_phrases_need_the_words_in_order_and_keep_numbers_and_letters(store):
    store.rebuild(
        [
            doc(1, 1, "A patient with type 1 diabetes on a pump."),
            doc(2, 2, "Type 2 diabetes managed with metformin."),
            doc(3, 3, "Diabetes, type unknown: 1 clinic visit."),
            doc(4, 4, "Serology for hep B before rituximab."),
            doc(5, 5, "Treating hep C with direct-acting antivirals."),
        ],
        0,
    )
    assert search(store, '"type 1 diabetes"') == [(1, 1)]
    assert search(store, '"type 2 diabetes"') == [(2, 2)]
    assert search(store, '"hep B"') == [(4, 4)]
    assert search(store, '"hep C"') == [(5, 5)]


def test_abbreviation_that_is_an_english_word_searches_its_meanings(store):
    store.rebuild(
        [
            doc(1, 1, "Severe aortic stenosis in an 80-year-old: TAVI or surgery?"),
            doc(2, 2, "As usual, the ward round ran late as the registrar was ill."),
            doc(3, 3, "Ankylosing spondylitis and TNF inhibitors."),
        ],
        0,
    )
    assert {thread for _, thread in search(store, "AS")} == {1, 3}
    assert {thread for _, thread in search(store, "AS surgery")} == {1, 3}
    assert search(store, "as") == [(2, 2)]  # typed in lower case it is the word


def test_filters_exclusions_and_field_prefixes(store):
    store.rebuild(
        [
            doc(1, 1, "warfarin bridging", specialty="cardiology", kind="question"),
            doc(2, 2, "warfarin reversal", specialty="neurology", kind="discussion"),
            doc(3, 3, "warfarin and apixaban", specialty="cardiology", kind="discussion"),
        ],
        0,
    )
    assert {t for _, t in search(store, "warfarin", Filters(specialty="cardiology"))} == {1, 3}
    assert {t for _, t in search(store, "warfarin -apixaban")} == {1, 2}
    assert {t for _, t in search(store, "warfarin kind:discussion")} == {2, 3}
    assert search(store, "warfarin AND reversal") == [(2, 2)]
    assert {t for _, t in search(store, "bridging OR reversal")} == {1, 2}
    since = Filters(since=START + timedelta(hours=2))
    assert {t for _, t in search(store, "warfarin", since)} == {2, 3}
    assert search(store, "warfarin", Filters(author="nobody")) == []


def test_grouping_across_segments_newest_and_excluded_thread(store):
    store.rebuild([doc(1, 1, "sepsis bundle audit"), doc(2, 2, "sepsis screening tool")], 0)
    # Each apply commits a new segment; thread ids are read from every one.
    store.apply([doc(3, 1, "sepsis sepsis sepsis bundle")], [], 1)
    store.apply([doc(4, 3, "sepsis in children")], [], 2)
    with Reader(store) as reader:
        assert len(reader.searcher.reader().leaf_readers()) > 1
    hits = search(store, "sepsis")
    assert sorted(thread for _, thread in hits) == [1, 2, 3]  # one row per thread
    assert (3, 1) in hits  # thread 1's best post is the reply that says it three times
    assert [thread for _, thread in search(store, "sepsis", newest=True)] == [3, 1, 2]
    assert search(store, "sepsis", newest=True)[1] == (3, 1)  # its newest matching post
    assert 1 not in {t for _, t in search(store, "sepsis", exclude_thread=1)}


def test_searcher_is_kept_open_and_reopened_when_the_index_changes(store):
    store.rebuild([doc(1, 1, "lactate clearance")], 0)
    with Reader(store) as first:
        pass
    with Reader(store) as second:
        assert second.searcher is first.searcher  # nothing changed: the same open searcher
    store.apply([doc(2, 2, "lactate in sepsis")], [], 1)
    assert len(search(store, "lactate")) == 2  # a commit is seen by the next search
    store.rebuild([doc(3, 3, "lactate only here")], 2)
    assert search(store, "lactate") == [(3, 3)]  # and so is a rebuilt generation
    forget(store)


def test_an_index_replaced_at_the_same_path_is_not_read_through_an_old_searcher(store):
    store.rebuild([doc(1, 1, "procalcitonin guided antibiotics")], 0)
    assert search(store, "procalcitonin") == [(1, 1)]
    for path in sorted(store.root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    replacement = IndexStore(store.root)
    replacement.rebuild([doc(9, 9, "procalcitonin again")], 0)
    assert (store.root / "gen-1").exists()  # the same generation name as before
    assert search(store, "procalcitonin") == [(9, 9)]


def test_generation_built_by_another_schema_version_is_outdated(store):
    store.rebuild([doc(1, 1, "text")], 0)
    assert not store.outdated()
    assert (store.current_dir() / "schema").read_text() == SCHEMA_VERSION
    (store.current_dir() / "schema").write_text("1")
    assert store.outdated()
    os.remove(store.current_dir() / "schema")  # generations from before versions existed
    assert store.outdated()


def test_a_match_deep_in_a_long_post_is_highlighted(store):
    long_body = "Routine ward notes without the word. " * 900 + "Then a pheochromocytoma crisis."
    store.rebuild([doc(1, 1, long_body)], 0)
    with Reader(store) as reader:
        hit = reader.search(parsing.parse("pheochromocytoma").root, Filters(), False)[0]
        snippet = reader.highlight(hit, long_body)
    assert len(long_body) > 30_000
    window = reading._window(long_body, hit.terms)  # only this much is analysed
    assert len(window) <= reading.HIGHLIGHT_WINDOW and "pheochromocytoma" in window
    assert "<mark" in snippet and "pheochromocytoma</mark>" in snippet
    assert len(snippet) < 1000


def test_an_empty_index_answers_with_nothing(store):
    store.ensure()  # a generation with no documents, as before the first post
    assert search(store, "anything at all") == []
    assert search(store, '"a phrase" AND word -other') == []
