"""Scoring a parsed query against the index, and keeping the best post of each thread.

Whoosh stores the index and reads its posting lists; this module adds up BM25F scores
(Whoosh's formula and defaults, K1=1.2, B=0.75) a posting block at a time into plain
dicts, then keeps each thread's best-scoring post. Whoosh's own collectors walk a tree
of matcher objects one document at a time and, to group results by thread, have to
score every match (`collapse`); on 100,000 posts that was four to eight times slower
than this (bench/search.py). Phrases intersect the words' posting lists first and decode
positions (Whoosh's format) only for the posts that have every word.

It reads Whoosh 2.7.4's private internals (the W3 codec's posting blocks, per-document
columns and deletion sets), so setup.cfg pins that exact version; wherever they are
missing it uses Whoosh's public API instead, with the same scores
(tests/search/test_scoring_fallbacks.py).

What the nodes of forum.search.query mean here:
    Words       a word, or a phrase, in the title or the body; the two fields add up
    Synonyms    any alternative; a post scores its best alternative
    MostOf      at least one of the words. score = sum × (words matched / words), so a
                post matching more of the words ranks higher. When some words occur in
                more than COMMON of the posts and others are rarer, a post must match a
                rarer one; the common ones only add to its score (they would otherwise
                make almost every post a match, and the search slow).
    All         every child; AnyOf: any child (a NOT inside OR is ignored)
    Not         under All or MostOf, leaves out the posts that match it
    FieldValue  a condition (author:, topic:, specialty:, kind:, is:); adds nothing to the
                score. is:solved, is:unsolved, is:unanswered are the thread states of
                store.STATE_TERMS, which every post of a thread carries.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from forum.search import query as q
from forum.search.index.store import STATE_TERMS, analyzed

K1, B = 1.2, 0.75  # whoosh.scoring.BM25F's defaults
COMMON = 0.05  # a word in more than this share of posts is "common" (see MostOf above)
TEXT_FIELDS = ("title", "body")
_BYTE_TO_LENGTH = [byte_to_length(b) for b in range(256)]

Scores = dict[int, float]  # global document number -> score


# --- per-segment tables ----------------------------------------------------------------------
class _SegmentTables:
    """Columns of one segment that scoring reads for every match: field lengths, thread ids,
    creation times. A segment never changes once written, so these are cached by its id;
    each is read on first use, through whichever open reader of the segment asks."""

    def __init__(self, count: int):
        self.count = count
        self._lengths: dict[str, list[int]] = {}
        self._columns: dict[str, list] = {}

    def lengths(self, reader, fieldname: str) -> list[int]:
        found = self._lengths.get(fieldname)
        if found is None:
            found = self._lengths[fieldname] = _read_lengths(reader, fieldname, self.count)
        return found

    def column(self, reader, fieldname: str) -> list:
        """A sortable field's value for every document (thread_id, created)."""
        found = self._columns.get(fieldname)
        if found is None:
            found = self._columns[fieldname] = list(reader.column_reader(fieldname))
        return found


def _read_lengths(reader, fieldname: str, count: int) -> list[int]:
    """Every document's length of `fieldname` in one segment, as Whoosh stores it (one byte)."""
    perdoc = getattr(reader, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):  # Whoosh 2.7's W3 codec
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is not None:
        table = _BYTE_TO_LENGTH
        return [table[b] for b in column.load()]
    return [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]


_TABLES: OrderedDict[tuple, _SegmentTables] = OrderedDict()
_TABLES_LOCK = threading.Lock()
TABLES_KEPT = 64  # segments whose tables stay cached, across index directories


def _tables_for(reader, index_key: str) -> _SegmentTables:
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None:
        return _SegmentTables(reader.doc_count_all())
    key = (index_key, segment.segment_id(), reader.doc_count_all())
    with _TABLES_LOCK:
        found = _TABLES.get(key)
        if found is not None:
            _TABLES.move_to_end(key)
            return found
        found = _TABLES[key] = _SegmentTables(reader.doc_count_all())
        while len(_TABLES) > TABLES_KEPT:
            _TABLES.popitem(last=False)
        return found


@dataclass
class _Leaf:
    searcher: object  # a Whoosh searcher over one segment
    offset: int  # its first global document number
    tables: _SegmentTables
    deleted: frozenset

    def lengths(self, fieldname: str) -> list[int]:
        return self.tables.lengths(self.searcher.reader(), fieldname)

    def column(self, fieldname: str) -> list:
        return self.tables.column(self.searcher.reader(), fieldname)


def _deleted(reader) -> frozenset:
    if not reader.has_deletions():
        return frozenset()
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is not None and hasattr(perdoc, "deleted_docs"):
        return frozenset(perdoc.deleted_docs())
    return frozenset(d for d in range(reader.doc_count_all()) if reader.is_deleted(d))


def _is_w3(matcher) -> bool:
    """Whether a matcher (under the deleted-documents filter, if any) is Whoosh 2.7's block
    reader, whose blocks are read here directly."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return all(hasattr(matcher, name) for name in ("_read_ids", "_goto", "_maxid", "_lastblock"))


def _block_readers(matcher, wanted: list[int] | None = None):
    """Step through a term's posting blocks, yielding the matcher at each block.

    With `wanted` (sorted document numbers), blocks holding none of them are skipped
    from their headers, without decoding them.
    """
    if isinstance(matcher, FilterMatcher):  # deleted documents: the caller skips them
        matcher = matcher.child
    low = 0  # no id in the current block is below this
    while matcher.is_active():
        if wanted is not None:
            i = bisect_left(wanted, low)
            if i == len(wanted):
                return
            if wanted[i] <= matcher._maxid:
                yield matcher
        else:
            yield matcher
        if matcher._lastblock:
            return
        low = matcher._maxid + 1
        matcher._goto(matcher._nextoffset)


def _blocks(matcher, wanted: list[int] | None = None):
    """A term's postings as (document numbers, weights) pairs, a block at a time."""
    if _is_w3(matcher):
        for block in _block_readers(matcher, wanted):
            block._read_ids()
            block._read_weights()
            yield block._ids, block._weights
        return
    ids, weights = [], []  # any other matcher, one posting at a time
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def _term_values(leaf: _Leaf, fieldname: str, text: str, candidates: set | None) -> dict:
    """Document number -> encoded positions of a term in one segment (only `candidates`)."""
    try:
        matcher = leaf.searcher.reader().postings(fieldname, text)
    except TermNotFound:
        return {}
    found: dict = {}
    if not _is_w3(matcher):
        while matcher.is_active():  # any other matcher, one posting at a time
            d = matcher.id()
            if candidates is None or d in candidates:
                found[d] = matcher.value()
            matcher.next()
        return found
    wanted = sorted(candidates) if candidates is not None else None
    for block in _block_readers(matcher, wanted):
        block._read_ids()
        ids = block._ids
        hits = ids if candidates is None else candidates.intersection(ids)
        if hits:
            block._read_values()
            values = block._values
            if candidates is None:
                found.update(zip(ids, values, strict=False))
            else:
                found.update((d, v) for d, v in zip(ids, values, strict=False) if d in hits)
    return found


def _positions_decoder(searcher, fieldname: str):
    """The function turning a posting's stored value into its word positions."""
    return searcher.schema[fieldname].format.decode_positions


# --- the scorer ------------------------------------------------------------------------------
class Scorer:
    """Scores one query tree over one open searcher."""

    def __init__(self, searcher, index_key: str = ""):
        self.searcher = searcher
        subsearchers = searcher.subsearchers or [(searcher, 0)]
        self.leaves = [
            _Leaf(s, offset, _tables_for(s.reader(), index_key), _deleted(s.reader()))
            for s, offset in subsearchers
        ]
        self.doc_count = searcher.doc_count() or 1
        self.terms: set[str] = set()  # every analysed word searched for (for highlighting)

    # --- leaves of the tree ---
    def _bm25(self, fieldname: str, idf: float) -> tuple[float, float, float]:
        """(a, b, top) such that a posting's BM25F is top × tf / (tf + a + b × length)."""
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        return K1 * (1 - B), K1 * B / avgfl, idf * (K1 + 1)

    def term(self, fieldname: str, text: str, within: set | None = None) -> Scores:
        """BM25F of one term for every post containing it (or only those in `within`)."""
        searcher = self.searcher
        if not searcher.doc_frequency(fieldname, text):
            return {}
        a, b, top = self._bm25(fieldname, searcher.idf(fieldname, text))
        scores: Scores = {}
        for leaf in self.leaves:
            try:
                matcher = leaf.searcher.reader().postings(fieldname, text)
            except TermNotFound:
                continue
            lengths, offset, deleted = leaf.lengths(fieldname), leaf.offset, leaf.deleted
            wanted = None
            if within is not None and len(within) * 8 < leaf.searcher.doc_frequency(
                fieldname, text
            ):  # a few posts among many postings: read only the blocks holding them
                wanted = sorted(g - offset for g in within if 0 <= g - offset < leaf.tables.count)
            for ids, weights in _blocks(matcher, wanted):
                if within is None and not deleted:
                    for d, w in zip(ids, weights, strict=False):
                        scores[d + offset] = top * w / (w + a + b * lengths[d])
                    continue
                for d, w in zip(ids, weights, strict=False):
                    g = d + offset
                    if (within is None or g in within) and d not in deleted:
                        scores[g] = top * w / (w + a + b * lengths[d])
        return scores

    def phrase(self, fieldname: str, texts: list[str], within: set | None = None) -> Scores:
        """Posts with these terms next to each other, scored as one rarer term.

        The posts having every term are found first by intersecting posting lists (rarest
        first, a block at a time); only those have their positions decoded and checked.
        """
        searcher = self.searcher
        if not all(searcher.doc_frequency(fieldname, text) for text in texts):
            return {}
        a, b, top = self._bm25(fieldname, sum(searcher.idf(fieldname, t) for t in texts))
        decode = _positions_decoder(searcher, fieldname)
        reader = searcher.reader()
        frequencies = [reader.doc_frequency(fieldname, text) for text in texts]
        order = sorted(range(len(texts)), key=frequencies.__getitem__)
        # A `within` larger than the rarest term's postings narrows nothing down: it is
        # applied to the phrase matches instead.
        narrow = within is not None and len(within) <= min(frequencies)
        scores: Scores = {}
        for leaf in self.leaves:
            offset = leaf.offset
            candidates = None
            if narrow:
                candidates = {g - offset for g in within if 0 <= g - offset < leaf.tables.count}
            values: dict[int, dict] = {}
            for i in order:
                found = _term_values(leaf, fieldname, texts[i], candidates)
                if not found:
                    break
                values[i] = found
                candidates = set(found)
            else:
                lengths = leaf.lengths(fieldname)
                for d in candidates:
                    if d in leaf.deleted:
                        continue
                    starts = set(decode(values[0][d]))
                    for i in range(1, len(texts)):
                        starts &= {p - i for p in decode(values[i][d])}
                        if not starts:
                            break
                    if starts and (within is None or d + offset in within):
                        scores[d + offset] = top / (1 + a + b * lengths[d])
        return scores

    def term_docs(self, fieldname: str, text: str) -> set[int]:
        """The posts containing a term of a condition field (no scores)."""
        found: set[int] = set()
        for leaf in self.leaves:
            try:
                matcher = leaf.searcher.reader().postings(fieldname, text)
            except TermNotFound:
                continue
            offset, deleted = leaf.offset, leaf.deleted
            for ids, _weights in _blocks(matcher):
                found.update(d + offset for d in ids if d not in deleted)
        return found

    def field_docs(self, node: q.FieldValue) -> set[int]:
        """The posts meeting a condition node (author:, topic:, ..., is:)."""
        if node.field == "is":
            return self.filter_docs(list(STATE_TERMS.get(node.value, ()))) or set()
        return self.term_docs(node.field, _field_text(node))

    def query_docs(self, query) -> set[int]:
        """The posts matching any Whoosh query (for date ranges), without scores."""
        return set(self.searcher.docs_for_query(query))

    def doc_frequency(self, node) -> int:
        """About how many posts a node matches, from the index's term statistics."""
        reader = self.searcher.reader()
        if isinstance(node, q.Words):
            texts = _terms(node.words)
            if not texts:
                return 0
            return max(
                min(reader.doc_frequency(fieldname, t) for t in texts) for fieldname in TEXT_FIELDS
            )
        if isinstance(node, q.Synonyms):
            return sum(self.doc_frequency(a) for a in node.alternatives)
        return self.doc_count

    # --- the tree ---
    def evaluate(self, node, within: set | None = None) -> Scores:
        if isinstance(node, q.Words):
            return self.words(node.words, within)
        if isinstance(node, q.Synonyms):
            best: Scores = {}
            for alternative in node.alternatives:
                for d, s in self.evaluate(alternative, within).items():
                    if s > best.get(d, -1.0):
                        best[d] = s
            return best
        if isinstance(node, q.FieldValue):
            docs = self.field_docs(node)
            return dict.fromkeys(docs & within if within is not None else docs, 0.0)
        if isinstance(node, q.Not):  # a NOT on its own (under OR): nothing to look for
            return {}
        if isinstance(node, q.All):
            return self._all(node.children, within)
        if isinstance(node, q.AnyOf):
            total: Scores = {}
            for child in node.children:
                _add(total, self.evaluate(child, within))
            return total
        if isinstance(node, q.MostOf):
            return self._most_of(node.children, within)
        return {}

    def words(self, words: tuple[str, ...], within: set | None) -> Scores:
        texts = _terms(words)
        if not texts:
            return {}
        self.terms.update(texts)
        total: Scores = {}
        for fieldname in TEXT_FIELDS:
            if len(texts) == 1:
                _add(total, self.term(fieldname, texts[0], within))
            else:
                _add(total, self.phrase(fieldname, texts, within))
        return total

    def _exclude(self, scores: Scores, negatives: list) -> Scores:
        for node in negatives:
            if not scores:
                break
            for d in self.evaluate(node.child, set(scores)):
                scores.pop(d, None)
        return scores

    def _all(self, children, within: set | None) -> Scores:
        positive = sorted((c for c in children if not isinstance(c, q.Not)), key=self.doc_frequency)
        negatives = [c for c in children if isinstance(c, q.Not)]
        if not positive:
            return {}
        total = self.evaluate(positive[0], within)
        for child in positive[1:]:
            if not total:
                return {}
            part = self.evaluate(child, set(total))
            total = {d: total[d] + s for d, s in part.items()}
        return self._exclude(total, negatives)

    def _most_of(self, children, within: set | None) -> Scores:
        conditions = [c for c in children if isinstance(c, q.FieldValue)]
        negatives = [c for c in children if isinstance(c, q.Not)]
        units = [c for c in children if not isinstance(c, q.FieldValue | q.Not)]
        candidates = within
        for condition in conditions:
            docs = self.field_docs(condition)
            candidates = docs if candidates is None else candidates & docs
            if not candidates:
                return {}
        if not units:
            if candidates is None:
                return {}
            return self._exclude(dict.fromkeys(candidates, 0.0), negatives)
        frequencies = [self.doc_frequency(u) for u in units]
        limit = COMMON * self.doc_count
        rare = [u for u, f in zip(units, frequencies, strict=True) if f <= limit]
        common = [u for u, f in zip(units, frequencies, strict=True) if f > limit]
        if not rare:
            rare, common = units, []
        total: Scores = {}
        matched: dict[int, int] = {}
        for unit in rare:
            _add(total, self.evaluate(unit, candidates), matched)
        # Common words add to the posts the rarer ones found; if those found nothing, the
        # common words are searched alone.
        pool = set(total) if total else candidates
        for unit in common:
            _add(total, self.evaluate(unit, pool), matched)
        if len(units) > 1:
            share = 1.0 / len(units)
            total = {d: s * matched[d] * share for d, s in total.items()}
        return self._exclude(total, negatives)

    # --- filters and grouping ---
    def filter_docs(self, conditions: list[tuple[str, str]], date_query=None) -> set | None:
        """Posts meeting every (field, term) condition and the date range; None: no filter."""
        found: set | None = None
        for fieldname, text in conditions:
            if isinstance(text, tuple):  # any of these terms
                docs = set().union(*(self.term_docs(fieldname, one) for one in text))
            else:
                docs = self.term_docs(fieldname, text)
            found = docs if found is None else found & docs
        if date_query is not None:
            docs = self.query_docs(date_query)
            found = docs if found is None else found & docs
        return found

    def _column_of(self, fieldname: str):
        """A function from global document number to a sortable field's value."""
        if len(self.leaves) == 1:
            return self.leaves[0].column(fieldname).__getitem__
        spans = [(leaf.offset, leaf.column(fieldname)) for leaf in self.leaves]
        offsets = [offset for offset, _ in spans]

        def lookup(docnum: int):
            offset, values = spans[_bisect(offsets, docnum)]
            return values[docnum - offset]

        return lookup

    def best_by_thread(
        self, scores: Scores, *, newest: bool = False, exclude_thread: str | None = None
    ) -> list[tuple[int, str, float]]:
        """(document number, thread id, score) of each thread's best post, best first.

        By relevance: the thread's highest-scoring post (ties go to the newer post). By
        newest: the thread's newest matching post, newest first.
        """
        thread_of = self._column_of("thread_id")
        best: dict[str, tuple] = {}
        if newest:
            created_of = self._column_of("created")
            for d, s in scores.items():
                thread, key = thread_of(d), (created_of(d), d)
                current = best.get(thread)
                if current is None or key > current[0]:
                    best[thread] = (key, s)
            best.pop(exclude_thread, None)
            ordered = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
            return [(key[1], thread, s) for thread, (key, s) in ordered]
        for d, s in scores.items():
            thread = thread_of(d)
            current = best.get(thread)
            if current is None or (s, d) > current:
                best[thread] = (s, d)
        best.pop(exclude_thread, None)
        ordered = sorted(best.items(), key=lambda item: item[1], reverse=True)
        return [(d, thread, s) for thread, (s, d) in ordered]


def _terms(words: tuple[str, ...]) -> list[str]:
    """The indexed terms of a word or phrase, in order."""
    return [text for word in words for text in analyzed(word)]


def _add(total: Scores, part: Scores, matched: dict[int, int] | None = None) -> None:
    """Add `part`'s scores into `total`; with `matched`, count one more match per post."""
    for d, s in part.items():
        total[d] = total.get(d, 0.0) + s
        if matched is not None:
            matched[d] = matched.get(d, 0) + 1


def _bisect(offsets: list[int], docnum: int) -> int:
    lo, hi = 0, len(offsets) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if offsets[mid] <= docnum:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _field_text(node: q.FieldValue) -> str:
    value = node.value.lower()
    if node.field in ("specialty", "topics"):  # slugs: "surgical robotics" -> surgical-robotics
        value = value.replace(" ", "-")
    return value
