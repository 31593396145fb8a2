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

Readers never take the lock, so a commit (a new TOC, old segment files deleted) or a
rebuild (a new generation, the old one deleted) can replace files between a reader
finding them and opening them. Every reader of the index's state goes through
IndexStore.read_live(), which then reads the live generation again.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import os
import re
import shutil
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import whoosh
from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

# English stemming, but no stop list and one-letter words kept: "type 1 diabetes" and
# "type 2 diabetes", "hep B" and "hep C", "AS" (the abbreviation) must stay apart.
# Only the "s" of "patient's" and the "t" of "don't" are dropped.
ANALYZER = StemmingAnalyzer(stoplist=frozenset({"s", "t"}), minsize=1)


class IndexUnavailable(Exception):
    """The index could not be read just now (files replaced under us, or damaged)."""


# What a reader meets when a commit or a rebuild replaced the files it was reading: a
# file gone (OSError), or no TOC left where Whoosh looked for one (its IndexError).
REPLACED = (OSError, whoosh_index.IndexError)
READ_ATTEMPTS = 5  # times a state read is tried before the index counts as unreadable
# Whoosh 2.7 names each generation's table of contents _MAIN_<n>.toc (Whoosh is pinned).
_TOC = re.compile(r"_MAIN_[0-9]+\.toc")
T = TypeVar("T")

WHOOSH_DIR = os.path.dirname(whoosh.__file__) + os.sep
OUR_DIR = str(Path(__file__).resolve().parents[2]) + os.sep  # the forum package


def read_error(error: BaseException) -> bool:
    """Whether `error` came from reading the index's files rather than from a bug of ours.

    A file that is gone or unreadable gives OSError anywhere. A damaged file can make
    Whoosh raise almost anything (it unpickles and unpacks its blocks: KeyError,
    ValueError, struct.error, zlib.error, even a bare Exception), so any error raised
    inside Whoosh's code, or in what Whoosh called, counts too. An error whose
    innermost frame is in the forum package is ours, and is not one.
    """
    if isinstance(error, OSError | EOFError | whoosh_index.IndexError):
        return True
    if not isinstance(error, Exception):
        return False  # KeyboardInterrupt, SystemExit, MemoryError's siblings
    files = [
        os.path.abspath(frame.f_code.co_filename)
        for frame, _ in traceback.walk_tb(error.__traceback__)
    ]
    if not files or files[-1].startswith(OUR_DIR):
        return False
    return any(name.startswith(WHOOSH_DIR) for name in files)


def analyzed(text: str) -> list[str]:
    """The terms `text` is indexed as (lower case, stemmed), in order."""
    return [token.text for token in ANALYZER(text)]


# Bumped whenever SCHEMA or ANALYZER changes what is indexed: a generation built with
# another version is rebuilt by the next `search sync` (and searched meanwhile).
# 3: posts have no number any more (ordered by date); 4: solved and unanswered threads.
SCHEMA_VERSION = "4"

SCHEMA = Schema(
    post_id=ID(stored=True, unique=True),
    thread_id=ID(stored=True, sortable=True),
    # spelling=True also indexes the unstemmed words, for "Did you mean".
    title=TEXT(analyzer=ANALYZER, field_boost=2.0, spelling=True),
    body=TEXT(analyzer=ANALYZER, spelling=True),
    author=KEYWORD(lowercase=True),
    specialty=ID,
    topics=KEYWORD(commas=True, lowercase=True),
    kind=ID,
    created=DATETIME(sortable=True),
    # The post is its question's accepted answer.
    accepted=BOOLEAN,
    # Thread states, on every post of the thread: results are grouped by thread, so
    # `is:solved stent` must find a solved thread whichever of its posts mentions stents
    # (a flag on the accepted answer alone would only find the answer itself).
    solved=BOOLEAN,  # the thread has an accepted answer
    unanswered=BOOLEAN,  # the thread has no live reply (reply_count == 0)
    # A hash of the searchable content, so `search verify` can spot stale documents.
    digest=ID(stored=True),
)


# What each thread state means in the index: (field, term) pairs a post must all have;
# a tuple of terms means any one of them. An unsolved thread is a question (or a case)
# without an accepted answer; a discussion is neither.
STATE_TERMS: dict[str, tuple[tuple[str, str | tuple[str, ...]], ...]] = {
    "solved": (("solved", "t"),),
    "unsolved": (("kind", ("question", "case")), ("solved", "f")),
    "unanswered": (("unanswered", "t"),),
}
# Fields an index built before SCHEMA_VERSION 4 lacks (see Reader.knows_states).
STATE_FIELDS = ("solved", "unanswered")


@dataclass
class Document:
    """What the index holds for one post; built from the database by search.documents."""

    post_id: int
    thread_id: int
    title: str
    body: str
    author: str
    specialty: str
    topics: list[str]
    kind: str
    created: datetime
    accepted: bool = False
    solved: bool = False
    unanswered: bool = False

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
            self.solved,
            self.unanswered,
        )
        return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()

    def fields(self) -> dict:
        return {
            "digest": self.digest(),
            "post_id": str(self.post_id),
            "thread_id": str(self.thread_id),
            "title": self.title,
            "body": self.body,
            "author": self.author,
            "specialty": self.specialty,
            "topics": ",".join(self.topics),
            "kind": self.kind,
            "created": self.created.replace(tzinfo=None),
            "accepted": self.accepted,
            "solved": self.solved,
            "unanswered": self.unanswered,
        }


class IndexStore:
    """The generations of one index directory."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    # --- generations -----------------------------------------------------------------------
    def current_dir(self) -> Path | None:
        """The live generation's directory, or None while there is none.

        It only lists names (never opens the TOC, which a commit may be replacing), and
        reads CURRENT again when a rebuild removed the generation CURRENT named.
        """
        for _attempt in range(READ_ATTEMPTS):
            try:
                name = (self.root / "CURRENT").read_text().strip()
            except FileNotFoundError:
                return None
            path = self.root / name
            try:
                names = os.listdir(path)
            except (FileNotFoundError, NotADirectoryError):
                continue  # removed by a rebuild that has just swapped CURRENT
            return path if any(_TOC.fullmatch(n) for n in names) else None
        return None

    def read_live(self, read: Callable[[Path], T], default: T) -> T:
        """`read(live generation)`, or `default` when there is none.

        When a commit or a rebuild replaces files while `read` runs (it raises one of
        REPLACED), the live generation is found and read again.

        :raises IndexUnavailable: when the files stay missing or are damaged.
        """
        failure = ""
        for attempt in range(READ_ATTEMPTS):
            current = self.current_dir()
            if current is None:
                return default
            # Whoosh leaves the files it had opened before one went missing to the garbage
            # collector; they are released here rather than warned about later.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)
                try:
                    return read(current)
                except REPLACED as error:
                    failure = f"{type(error).__name__}: {error}"
                except Exception as error:
                    if not read_error(error):
                        raise  # a bug of ours
                    failure = f"{type(error).__name__}: {error}"  # damaged: no retry
                    break
                finally:
                    if failure:
                        gc.collect()
            time.sleep(0.002 * attempt)  # let the commit finish its renames
        raise IndexUnavailable(failure)

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

        def read(current: Path) -> bool:
            version = _read_file(current / "schema")
            return version is None or version != SCHEMA_VERSION

        return self.read_live(read, False)

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

    def apply(
        self,
        upserts: Iterable[Document],
        removals: Iterable[int],
        last_change: int,
        *,
        purge: bool = False,
    ) -> None:
        """Write documents into the live generation and record the change id they reach.

        Call only while holding writer_lock. Re-applying the same changes is harmless:
        documents are replaced by post id. With `purge`, every segment holding a deleted
        document (these removals and replacements, and earlier ones) is rewritten without
        it, so its words leave the files: deleting a document only marks it deleted.
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
        writer.commit(mergetype=_merge_deletions if purge else None)
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

    # --- the index's state (each read tolerates a commit or a rebuild meanwhile) ---------
    def applied(self) -> int:
        """The last change-log id the live generation holds (0 with none)."""
        return self.read_live(read_applied, 0)

    def size_bytes(self) -> int:
        def read(current: Path) -> int:
            total = 0
            for path in current.iterdir():
                try:
                    total += path.stat().st_size
                except FileNotFoundError:  # a commit just replaced that file
                    continue
            return total

        return self.read_live(read, 0)

    def doc_count(self) -> int:
        """Documents in the live generation, from its TOC alone (no segment is opened)."""

        def read(current: Path) -> int:
            toc = whoosh_index.TOC.read(FileStorage(str(current)), "MAIN")
            return sum(segment.doc_count() for segment in toc.segments)

        return self.read_live(read, 0)

    def digests(self) -> dict[int, str]:
        """Every indexed post id with its content digest (for verify)."""

        def read(current: Path) -> dict[int, str]:
            with whoosh_index.open_dir(str(current)).searcher() as searcher:
                return {
                    int(fields["post_id"]): fields.get("digest", "")
                    for fields in searcher.all_stored_fields()
                }

        return self.read_live(read, {})


def _merge_deletions(writer, segments):
    """A Whoosh merge policy: rewrite the segments that hold deleted documents (their
    live documents are copied into the new segment, the deleted ones and every term
    only they had are left out), keep the others as they are."""
    kept = []
    for segment in segments:
        if segment.has_deletions():
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        else:
            kept.append(segment)
    return kept


def _read_file(path: Path) -> str | None:
    """A small file of a generation, or None if that generation has none.

    Raises FileNotFoundError if the generation itself is gone (a rebuild removed it),
    so that read_live() reads the new one.
    """
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise
        return None


def read_applied(path: Path) -> int:
    """The change-log id recorded in a generation (0 if none is)."""
    try:
        return int(_read_file(path / "applied") or 0)
    except ValueError:
        return 0


def write_applied(path: Path, change_id: int) -> None:
    tmp = path / "applied.tmp"
    tmp.write_text(str(change_id))
    os.replace(tmp, path / "applied")
