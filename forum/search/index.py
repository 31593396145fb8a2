"""The Whoosh index: the only module that imports whoosh.

Layout of SEARCH_INDEX_DIR:
    CURRENT          names the live generation (replaced atomically by a rebuild)
    gen-<n>/         a complete Whoosh index, plus `applied` (last change-log id in it)
    writer.lock      held (flock, non-blocking) by whichever process applies changes

flock locks belong to the process: one killed with SIGKILL while holding the
lock releases it with its file descriptors, so the next writer simply takes it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from whoosh import highlight
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from forum.search import query as q

STEMMED = StemmingAnalyzer()

SCHEMA = Schema(
    post_id=ID(stored=True, unique=True),
    thread_id=ID(stored=True, sortable=True),
    number=NUMERIC(stored=True),
    # spelling=True also indexes the unstemmed words, for "Did you mean".
    title=TEXT(analyzer=STEMMED, field_boost=2.0, spelling=True),
    body=TEXT(analyzer=STEMMED, spelling=True),
    author=KEYWORD(lowercase=True),
    specialty=ID,
    topics=KEYWORD(commas=True, lowercase=True),
    kind=ID,
    created=DATETIME(sortable=True),
    accepted=BOOLEAN,
    # A hash of the searchable content, so `search verify` can spot stale documents.
    digest=ID(stored=True),
)


@dataclass
class Document:
    """What the index holds for one post; built from the database by search.documents."""

    post_id: int
    thread_id: int
    number: int
    title: str
    body: str
    author: str
    specialty: str
    topics: list[str]
    kind: str
    created: datetime
    accepted: bool = False

    def digest(self) -> str:
        parts = (
            self.thread_id,
            self.title,
            self.body,
            self.author,
            self.specialty,
            ",".join(self.topics),
            self.kind,
            self.accepted,
        )
        return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()

    def fields(self) -> dict:
        return {
            "digest": self.digest(),
            "post_id": str(self.post_id),
            "thread_id": str(self.thread_id),
            "number": self.number,
            "title": self.title,
            "body": self.body,
            "author": self.author,
            "specialty": self.specialty,
            "topics": ",".join(self.topics),
            "kind": self.kind,
            "created": self.created.replace(tzinfo=None),
            "accepted": self.accepted,
        }


class IndexStore:
    """The generations of one index directory."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    # --- generations -----------------------------------------------------------------------
    def current_dir(self) -> Path | None:
        try:
            name = (self.root / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if whoosh_index.exists_in(str(path)) else None

    def _new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()]
        path = self.root / f"gen-{max(numbers, default=0) + 1}"
        path.mkdir(parents=True)
        whoosh_index.create_in(str(path), SCHEMA)
        return path

    def _make_current(self, path: Path) -> None:
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(path.name)
        os.replace(tmp, self.root / "CURRENT")
        for old in self.root.glob("gen-*"):
            if old != path and old.name != path.name:
                # Readers open the generation CURRENT names for each search; an old
                # one is only in use by a search already running, which keeps its
                # open files on POSIX.
                shutil.rmtree(old, ignore_errors=True)

    def ensure(self) -> Path:
        """The live generation, creating an empty one if there is none (hold writer_lock)."""
        current = self.current_dir()
        if current is None:
            current = self._new_generation()
            write_applied(current, 0)
            self._make_current(current)
        return current

    def open(self):
        """The live Whoosh index, or None when none exists yet."""
        current = self.current_dir()
        return whoosh_index.open_dir(str(current)) if current else None

    # --- writing ---------------------------------------------------------------------------
    @contextmanager
    def writer_lock(self) -> Iterator[bool]:
        """Try to become the single writer; yields False at once if another process is."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / "writer.lock", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def apply(self, upserts: Iterable[Document], removals: Iterable[int], last_change: int) -> None:
        """Write documents into the live generation and record the change id they reach.

        Call only while holding writer_lock. Re-applying the same changes is harmless:
        documents are replaced by post id.
        """
        current = self.ensure()
        ix = whoosh_index.open_dir(str(current))
        writer = ix.writer()
        try:
            for post_id in removals:
                writer.delete_by_term("post_id", str(post_id))
            for document in upserts:
                writer.update_document(**document.fields())
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        write_applied(current, last_change)

    def rebuild(self, documents: Iterable[Document], last_change: int) -> int:
        """Build a fresh generation from `documents`, then swap it in; returns the count.

        Call while holding writer_lock; searches keep using the old generation meanwhile.
        """
        path = self._new_generation()
        ix = whoosh_index.open_dir(str(path))
        writer = ix.writer(limitmb=128)
        count = 0
        try:
            for document in documents:
                writer.add_document(**document.fields())
                count += 1
        except BaseException:
            writer.cancel()
            shutil.rmtree(path, ignore_errors=True)
            raise
        writer.commit()
        write_applied(path, last_change)
        self._make_current(path)
        return count

    def applied(self) -> int:
        current = self.current_dir()
        return read_applied(current) if current else 0

    def size_bytes(self) -> int:
        current = self.current_dir()
        total = 0
        for path in current.iterdir() if current else ():
            try:
                total += path.stat().st_size
            except FileNotFoundError:  # a commit just replaced it
                continue
        return total

    def doc_count(self) -> int:
        for _attempt in range(3):
            try:
                ix = self.open()
                return ix.doc_count() if ix else 0
            except (OSError, whoosh_index.IndexError):  # a commit replaced files mid-open
                continue
        return 0

    def digests(self) -> dict[int, str]:
        """Every indexed post id with its content digest (for verify)."""
        for attempt in range(3):
            try:
                ix = self.open()
                if ix is None:
                    return {}
                with ix.searcher() as searcher:
                    return {
                        int(fields["post_id"]): fields.get("digest", "")
                        for fields in searcher.all_stored_fields()
                    }
            except (OSError, whoosh_index.IndexError):  # a commit replaced files mid-read
                if attempt == 2:
                    raise
        return {}


def read_applied(path: Path) -> int:
    try:
        return int((path / "applied").read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def write_applied(path: Path, change_id: int) -> None:
    tmp = path / "applied.tmp"
    tmp.write_text(str(change_id))
    os.replace(tmp, path / "applied")


# --- reading -------------------------------------------------------------------------------
TEXT_FIELDS = ("title", "body")
MAX_HITS = 300  # threads considered per search (15 pages); deeper pages help nobody


@dataclass
class Filters:
    specialty: str | None = None
    topic: str | None = None
    author: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _analyzed(word: str) -> list[str]:
    return [token.text for token in STEMMED(word)]


def _words_query(words: tuple[str, ...]):
    """A word or phrase across title and body, analysed as the documents were."""
    per_field = []
    for fieldname in TEXT_FIELDS:
        terms = [t for w in words for t in _analyzed(w)]
        if not terms:
            continue
        if len(terms) == 1:
            per_field.append(wq.Term(fieldname, terms[0]))
        else:
            per_field.append(wq.Phrase(fieldname, terms))
    return wq.Or(per_field) if per_field else None


def to_whoosh(node):
    """Translate a forum.search.query tree into a Whoosh query (None when nothing is left)."""
    if isinstance(node, q.Words):
        return _words_query(node.words)
    if isinstance(node, q.FieldValue):
        value = node.value.lower()
        if node.field in ("specialty", "topics"):  # slugs: "surgical robotics" -> surgical-robotics
            value = value.replace(" ", "-")
        return wq.Term(node.field, value)
    if isinstance(node, q.Synonyms):
        parts = [p for p in (to_whoosh(a) for a in node.alternatives) if p is not None]
        return wq.Or(parts) if parts else None
    if isinstance(node, q.Not):
        child = to_whoosh(node.child)
        return wq.Not(child) if child is not None else None
    if isinstance(node, q.MostOf):
        # Plain words side by side: excluded words must not match, field prefixes
        # (author:, kind:, ...) must all hold, and of the other words any may match,
        # documents matching more of them scoring higher.
        required = [to_whoosh(c) for c in node.children if isinstance(c, q.FieldValue)]
        rest = [c for c in node.children if not isinstance(c, q.FieldValue)]
        translated = [c for c in (to_whoosh(n) for n in rest) if c is not None]
        positive = [c for c in translated if not isinstance(c, wq.Not)]
        negative = [c.query for c in translated if isinstance(c, wq.Not)]
        if not positive and not required:
            return None
        wanted = wq.Or(positive) if len(positive) > 1 else (positive[0] if positive else None)
        if required:
            wanted = wq.And([*required, wanted]) if wanted else wq.And(required)
        return wq.AndNot(wanted, wq.Or(negative)) if negative else wanted
    children = [c for c in (to_whoosh(n) for n in node.children) if c is not None]
    if not children:
        return None
    if isinstance(node, q.All):
        return wq.And(children)
    return wq.Or(children)


def _filter_query(filters: Filters):
    parts = []
    if filters.specialty:
        parts.append(wq.Term("specialty", filters.specialty))
    if filters.topic:
        parts.append(wq.Term("topics", filters.topic.lower()))
    if filters.author:
        parts.append(wq.Term("author", filters.author.lower()))
    if filters.kind:
        parts.append(wq.Term("kind", filters.kind))
    if filters.since or filters.until:
        since = filters.since.replace(tzinfo=None) if filters.since else None
        until = filters.until.replace(tzinfo=None) if filters.until else None
        parts.append(wq.DateRange("created", since, until))
    return wq.And(parts) if parts else None


@dataclass
class Hit:
    post_id: int
    thread_id: int
    score: float
    _hit: object = None  # the Whoosh hit, for highlighting while the searcher is open


class IndexUnavailable(Exception):
    """The index could not be read just now (files replaced under us, or damaged)."""


class Reader:
    """One search's view of the live index: open it, ask, highlight, close.

    A writer committing at the same moment can delete segment files a new reader
    was about to open; that surfaces as IndexUnavailable, and the caller retries.
    """

    def __init__(self, store: IndexStore):
        try:
            ix = store.open()
            self.searcher = ix.searcher() if ix is not None else None
        except (OSError, whoosh_index.IndexError, ValueError) as error:
            raise IndexUnavailable(str(error)) from error

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        if self.searcher is not None:
            self.searcher.close()

    def search(
        self,
        root,
        filters: Filters,
        newest: bool,
        exclude_thread: int | None = None,
        limit: int = MAX_HITS,
    ) -> list[Hit]:
        """Best-matching post of each matching thread, best (or newest) first."""
        if self.searcher is None:
            return []
        query = to_whoosh(root) if root is not None else None
        if query is None:
            return []
        mask = wq.Term("thread_id", str(exclude_thread)) if exclude_thread else None
        try:
            results = self.searcher.search(
                query,
                limit=limit,
                filter=_filter_query(filters),
                mask=mask,
                collapse="thread_id",
                collapse_limit=1,
                sortedby="created" if newest else None,
                reverse=newest,
            )
        except (OSError, whoosh_index.IndexError, ValueError) as error:
            raise IndexUnavailable(str(error)) from error
        return [
            Hit(int(hit["post_id"]), int(hit["thread_id"]), hit.score or 0.0, hit)
            for hit in results
        ]

    def highlight(self, hit: Hit, fieldname: str, text: str, top: int = 2) -> str:
        """HTML with matched words in <mark>; the text is escaped by Whoosh's formatter."""
        if hit._hit is None or not text:
            return ""
        hit._hit.results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
        hit._hit.results.formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        return hit._hit.highlights(fieldname, text=text, top=top)

    def suggest(self, word: str) -> str | None:
        """A likelier spelling of `word` from the index's own unstemmed words, if any."""
        if self.searcher is None or len(word) < 3 or not word.isalpha():
            return None
        lowered = word.lower()
        reader = self.searcher.reader()
        stems = _analyzed(lowered)
        for fieldname in TEXT_FIELDS:
            spelling = SCHEMA[fieldname].spelling_fieldname(fieldname)
            if (spelling, lowered) in reader or any((fieldname, s) in reader for s in stems):
                return None  # a word the index knows, in this form or another
        # One edit for short words ("stent" must not become "student"), two for long ones;
        # the first letter is kept, as people rarely mistype it.
        maxdist = 1 if len(lowered) <= 6 else 2
        for fieldname in TEXT_FIELDS:
            found = self.searcher.corrector(fieldname).suggest(
                lowered, limit=1, maxdist=maxdist, prefix=1
            )
            if found:
                return found[0]
        return None
