"""The Whoosh index on disk: its schema, its documents and its generations.

The index package (this module, reading.py, scoring.py) is the only code importing whoosh.

Layout of SEARCH_INDEX_DIR:
    CURRENT          names the live generation (replaced atomically by a rebuild)
    gen-<n>/         a complete Whoosh index, plus `applied` (last change-log id in it)
                     and `schema` (the SCHEMA_VERSION it was built with)
    writer.lock      held (flock, non-blocking) by whichever process applies changes

Segments are written as separate files, not one compound file: Whoosh reads a
compound segment by copying each part into memory every time a searcher opens it
(110 ms and the size of the postings for 100,000 posts), a plain file it reads in place.

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

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

# English stemming, but no stop list and one-letter words kept: "type 1 diabetes" and
# "type 2 diabetes", "hep B" and "hep C", "AS" (the abbreviation) must stay apart.
# Only the "s" of "patient's" and the "t" of "don't" are dropped.
ANALYZER = StemmingAnalyzer(stoplist=frozenset({"s", "t"}), minsize=1)


def analyzed(text: str) -> list[str]:
    """The terms `text` is indexed as (lower case, stemmed), in order."""
    return [token.text for token in ANALYZER(text)]


# Bumped whenever SCHEMA or ANALYZER changes what is indexed: a generation built with
# another version is rebuilt by the next `search sync` (and searched meanwhile).
SCHEMA_VERSION = "2"

SCHEMA = Schema(
    post_id=ID(stored=True, unique=True),
    thread_id=ID(stored=True, sortable=True),
    number=NUMERIC(stored=True),
    # spelling=True also indexes the unstemmed words, for "Did you mean".
    title=TEXT(analyzer=ANALYZER, field_boost=2.0, spelling=True),
    body=TEXT(analyzer=ANALYZER, spelling=True),
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
        (path / "schema").write_text(SCHEMA_VERSION)
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

    def outdated(self) -> bool:
        """Whether the live generation was built with another SCHEMA_VERSION."""
        current = self.current_dir()
        if current is None:
            return False
        try:
            return (current / "schema").read_text().strip() != SCHEMA_VERSION
        except FileNotFoundError:
            return True

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
        writer = ix.writer(compound=False)
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
        writer = ix.writer(limitmb=128, compound=False)
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
