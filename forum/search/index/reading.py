"""Reading the live index: a pool of open searchers, searches, highlights, spelling.

Opening a Whoosh searcher reads every segment's headers and tables, so searchers are
kept open in a small per-process pool and reused until the index directory changes
(a commit or a rebuild). A writer committing at the same moment can delete segment
files that a new reader was about to open: the directory has then changed, and the
new state is opened instead. An index that cannot be read (damaged files) surfaces as
IndexUnavailable, the searcher is closed rather than pooled, and the caller retries.

Only errors raised while Whoosh reads the index's files become IndexUnavailable (see
read_error): an error raised by our own code is a bug, and is raised as it is.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import threading
import traceback
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from whoosh import highlight
from whoosh import index as whoosh_index
from whoosh import query as wq

from forum.search.index.scoring import TEXT_FIELDS, Scorer
from forum.search.index.store import (
    ANALYZER,
    READ_ATTEMPTS,
    SCHEMA,
    STATE_FIELDS,
    STATE_TERMS,
    IndexStore,
    IndexUnavailable,
    analyzed,
    read_error,
)

logger = logging.getLogger(__name__)


def _unavailable(error: BaseException) -> IndexUnavailable:
    return IndexUnavailable(f"{type(error).__name__}: {error}")


@dataclass
class Filters:
    specialty: str | None = None
    topic: str | None = None
    author: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    state: str | None = None  # solved, unsolved or unanswered (STATE_TERMS)

    def conditions(self) -> list[tuple[str, str]]:
        """(field, term) pairs a post must have."""
        found = list(STATE_TERMS.get(self.state or "", ()))
        if self.specialty:
            found.append(("specialty", self.specialty))
        if self.topic:
            found.append(("topics", self.topic.lower()))
        if self.author:
            found.append(("author", self.author.lower()))
        if self.kind:
            found.append(("kind", self.kind))
        return found

    def date_query(self):
        if not (self.since or self.until):
            return None
        since = self.since.replace(tzinfo=None) if self.since else None
        until = self.until.replace(tzinfo=None) if self.until else None
        return wq.DateRange("created", since, until)


@dataclass
class Hit:
    post_id: int
    thread_id: int
    score: float
    terms: frozenset = frozenset()  # the analysed words searched for, to highlight


# --- the searcher pool ---------------------------------------------------------------------
class _Open:
    def __init__(self, stamp: tuple, searcher):
        self.stamp = stamp
        self.searcher = searcher


_idle: OrderedDict[str, list[_Open]] = OrderedDict()  # index directory -> idle searchers
_idle_lock = threading.Lock()
KEPT_PER_INDEX = 4  # idle searchers kept per index directory (one per concurrent search)
KEPT_INDEXES = 4  # index directories whose searchers are kept


def _stamp(path: Path) -> tuple:
    """Identifies one state of a generation: a commit or a rebuild changes the directory."""
    info = os.stat(path)
    return (str(path), info.st_ino, info.st_mtime_ns)


def _changed(stamp: tuple) -> bool:
    try:
        return _stamp(Path(stamp[0])) != stamp
    except FileNotFoundError:
        return True


def _live_stamp(store: IndexStore) -> tuple | None:
    """The live generation's stamp (None when there is none), as of one moment."""
    for _attempt in range(READ_ATTEMPTS):
        current = store.current_dir()
        if current is None:
            return None
        try:
            return _stamp(current)
        except FileNotFoundError:
            continue  # removed by a rebuild just now: CURRENT names the new one
    raise IndexUnavailable(f"the index in {store.root} keeps changing")


def _acquire(store: IndexStore) -> _Open | None:
    """An idle searcher on the live generation as it is now, or a newly opened one.

    A Whoosh searcher reads through shared file handles, so each is used by one search
    at a time: searches take one from the pool and give it back when done. A commit that
    replaces files while one is opened changes the generation's stamp: the new state is
    opened instead.
    """
    for _attempt in range(READ_ATTEMPTS):
        stamp = _live_stamp(store)
        if stamp is None:
            return None
        try:
            return _pooled(store, stamp) or _opened(stamp)
        except _OpenFailed as error:
            message = str(error)
            if _live_stamp(store) == stamp:  # the files did not change: they are damaged
                logger.warning("cannot open the search index in %s: %s", stamp[0], message)
                raise IndexUnavailable(message.partition("\n")[0]) from None
            logger.info("search index changed while opening it; opening it again")
    raise IndexUnavailable(f"the index in {store.root} keeps changing")


def _pooled(store: IndexStore, stamp: tuple) -> _Open | None:
    """An idle searcher opened on exactly this state, closing those on older states."""
    key = str(store.root)
    stale = []
    found = None
    with _idle_lock:
        entries = _idle.get(key, [])
        while entries:
            entry = entries.pop()
            if entry.stamp == stamp:
                found = entry
                break
            stale.append(entry)
    for entry in stale:
        _close(entry)
    return found


class _OpenFailed(Exception):
    """Opening a searcher failed while reading the index's files (message and traceback
    as text: the exception itself would keep the files it had opened alive)."""


def _opened(stamp: tuple) -> _Open:
    """A new searcher on the generation `stamp` names, with every file it reads open.

    :raises _OpenFailed: if reading the files failed; the caller compares the stamp to
        tell a commit that replaced them meanwhile from a damaged index.
    """
    current = stamp[0]
    # Whoosh leaves the files of a segment it failed to open to the garbage collector
    # (they are referenced from the traceback); they are released here, at once, since a
    # damaged index is tried again on every search.
    failure = searcher = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            searcher = whoosh_index.open_dir(current, schema=SCHEMA).searcher()
            _open_files(searcher)
        except Exception as error:
            if searcher is not None:  # opened, but reading one of its files failed
                _close(_Open(stamp, searcher))
                searcher = None
            if not read_error(error):
                raise
            failure = f"{type(error).__name__}: {error}\n{traceback.format_exc()}"
        if failure is not None:
            gc.collect()
        elif _changed(stamp):
            # A commit raced the opening: Whoosh retries a segment that vanished without
            # closing the ones it had opened, and leaves those to the garbage collector.
            gc.collect()
    if failure is not None:
        raise _OpenFailed(failure)
    return _Open(stamp, searcher)


def _open_files(searcher) -> None:
    """Open now the per-document files Whoosh would open on first use (stored fields, field
    lengths, the sortable columns), so that a commit deleting them later, as it merges
    segments away, cannot pull them from under a search: an open file stays readable."""
    for reader, _offset in searcher.reader().leaf_readers():
        if reader.doc_count_all():
            reader.stored_fields(0)
            for fieldname in TEXT_FIELDS:
                reader.doc_field_length(0, fieldname)
        for fieldname in ("thread_id", "created"):
            if reader.has_column(fieldname):
                reader.column_reader(fieldname)


def _release(store: IndexStore, entry: _Open) -> None:
    key = str(store.root)
    evicted = []
    with _idle_lock:
        entries = _idle.setdefault(key, [])
        _idle.move_to_end(key)
        if len(entries) < KEPT_PER_INDEX:
            entries.append(entry)
        else:
            evicted.append(entry)
        while len(_idle) > KEPT_INDEXES:
            evicted += _idle.popitem(last=False)[1]
    for old in evicted:
        _close(old)


def forget(store: IndexStore) -> None:
    """Close the idle searchers on `store` (the next search opens a fresh one)."""
    with _idle_lock:
        entries = _idle.pop(str(store.root), [])
    for entry in entries:
        _close(entry)


def _close(entry: _Open) -> None:
    try:
        entry.searcher.close()
    except Exception as error:  # closing files of a damaged or replaced index
        if not read_error(error):
            raise


# --- reading -------------------------------------------------------------------------------
HIGHLIGHT_WINDOW = 4000  # characters of a long post that highlighting analyses


def _window(text: str, terms: frozenset) -> str:
    """The part of a long post worth highlighting: from a little before the first place a
    searched word's stem appears (analysing all 50,000 characters of a long post for its
    snippet would take tens of milliseconds)."""
    if len(text) <= HIGHLIGHT_WINDOW:
        return text
    stems = sorted((re.escape(t) for t in terms if len(t) > 1), key=len, reverse=True)
    found = re.search(r"\b(?:" + "|".join(stems) + ")", text, re.IGNORECASE) if stems else None
    start = 0 if found is None else max(0, found.start() - 200)
    return text[start : start + HIGHLIGHT_WINDOW]


class Matches(Sequence):
    """Every matching thread's best post, best first; post ids are read when sliced, so
    slice it only while the Reader that made it is open (its searcher goes back to the pool)."""

    def __init__(self, searcher=None, groups: list | None = None, terms: frozenset = frozenset()):
        self.searcher = searcher
        self.groups = groups or []  # (document number, thread id, score)
        self.terms = terms

    def __len__(self) -> int:
        return len(self.groups)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._hit(group) for group in self.groups[index]]
        return self._hit(self.groups[index])

    def _hit(self, group) -> Hit:
        docnum, thread_id, score = group
        try:
            stored = self.searcher.stored_fields(docnum)
        except Exception as error:
            if not read_error(error):
                raise
            raise _unavailable(error) from error
        post_id, thread_id = str(stored.get("post_id", "")), str(thread_id)
        if not (post_id.isdigit() and thread_id.isdigit()):
            # A stored-fields block (or the thread column the groups were read from)
            # read while a commit replaced it: the index's state, not our code, so the
            # search is retried like any other read error.
            torn = ValueError(
                f"document {docnum} has no post or thread id: {thread_id!r} {stored!r}"[:200]
            )
            raise _unavailable(torn)
        return Hit(int(post_id), int(thread_id), score, self.terms)


class Reader:
    """One search's view of the live index."""

    def __init__(self, store: IndexStore):
        self.store = store
        try:
            self._open = _acquire(store)
        except IndexUnavailable:
            forget(store)
            raise
        except Exception as error:
            if not read_error(error):
                raise
            forget(store)
            raise _unavailable(error) from error
        self.searcher = self._open.searcher if self._open is not None else None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._open is None:
            return
        if exc_type is not None and issubclass(exc_type, IndexUnavailable):
            _close(self._open)  # the retry opens a fresh searcher
        else:
            _release(self.store, self._open)
        self._open = None

    def search(
        self, root, filters: Filters, newest: bool, exclude_thread: int | None = None
    ) -> Matches:
        """Each matching thread's best post (or newest matching post), best first."""
        if self.searcher is None or root is None:
            return Matches()
        try:
            if not self.searcher.doc_count_all():  # an empty index (Whoosh's idf needs posts)
                return Matches()
            scorer = Scorer(self.searcher, str(self.store.root))
            allowed = scorer.filter_docs(filters.conditions(), filters.date_query())
            if allowed is not None and not allowed:
                return Matches()
            scores = scorer.evaluate(root, allowed)
            groups = scorer.best_by_thread(
                scores,
                newest=newest,
                exclude_thread=str(exclude_thread) if exclude_thread else None,
            )
        except Exception as error:
            if not read_error(error):
                raise
            raise _unavailable(error) from error
        return Matches(self.searcher, groups, frozenset(scorer.terms))

    def knows_states(self) -> bool:
        """Whether the live index records thread states (solved, unanswered): one built
        before SCHEMA_VERSION 4 does not, until `search sync` has rebuilt it."""
        if self.searcher is None or not self.searcher.doc_count_all():
            return True  # nothing indexed: nothing is missing
        try:
            names = set(self.searcher.reader().indexed_field_names())
        except Exception as error:
            if not read_error(error):
                raise
            raise _unavailable(error) from error
        return all(name in names for name in STATE_FIELDS)

    def highlight(self, hit: Hit, text: str, top: int = 2) -> str:
        """HTML with the searched words in <mark>; Whoosh's formatter escapes the text."""
        if not text or not hit.terms:
            return ""
        return highlight.highlight(
            _window(text, hit.terms),
            hit.terms,
            ANALYZER,
            highlight.ContextFragmenter(maxchars=220, surround=60),
            highlight.HtmlFormatter(tagname="mark", between=" … "),
            top=top,
        )

    def suggest(self, word: str) -> str | None:
        """A likelier spelling of `word` from the index's own unstemmed words, if any."""
        if self.searcher is None or len(word) < 3 or not word.isalpha():
            return None
        lowered = word.lower()
        try:
            reader = self.searcher.reader()
            stems = analyzed(lowered)
            for fieldname in TEXT_FIELDS:
                spelling = SCHEMA[fieldname].spelling_fieldname(fieldname)
                if (spelling, lowered) in reader or any((fieldname, s) in reader for s in stems):
                    return None  # a word the index knows, in this form or another
            # One edit for short words ("stent" must not become "student"), two for long
            # ones; the first letter is kept, as people rarely mistype it.
            maxdist = 1 if len(lowered) <= 6 else 2
            for fieldname in TEXT_FIELDS:
                found = self.searcher.corrector(fieldname).suggest(
                    lowered, limit=1, maxdist=maxdist, prefix=1
                )
                if found:
                    return found[0]
        except Exception as error:
            if not read_error(error):
                raise
            raise _unavailable(error) from error
        return None
