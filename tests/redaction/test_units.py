"""The pieces on their own: replacing spans, the index purge, rewriting stored mail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mail.models import OutgoingMail
from forum.mail.service import _renew as renew_claim
from forum.mail.service import queue_mail, rewrite_mail
from forum.redaction import spans
from forum.redaction.spans import MARKER
from forum.search.index import Document, IndexStore
from forum.unit_of_work import unit_of_work


@pytest.mark.parametrize(
    ("text", "span", "expected", "count"),
    [
        ("Ana met Ana.", "Ana", f"{MARKER} met {MARKER}.", 2),
        ("Nothing here.", "Ana", "Nothing here.", 0),
        (f"{MARKER} and a red car", "red", f"{MARKER} and a {MARKER} car", 1),  # markers kept
        (f"{MARKER} Smith", f"{MARKER} Smith", MARKER, 1),  # a span taking in a marker
        ("", "Ana", "", 0),
        (None, "Ana", None, 0),
    ],
)
def test_replace_counts_and_keeps_markers_whole(text, span, expected, count):
    assert spans.replace(text, span) == (expected, count)


def test_clean_span_keeps_the_inner_lines_as_stored():
    assert spans.clean_span("  Ana\r\nSmith \r") == "Ana\nSmith"


# ---- the index ---------------------------------------------------------------------------


def _document(post_id: int, body: str) -> Document:
    return Document(
        post_id=post_id,
        thread_id=1,
        title="A thread",
        body=body,
        author="ana",
        specialty="cardiology",
        topics=[],
        kind="discussion",
        created=utcnow(),
    )


def _bytes(store: IndexStore) -> bytes:
    return b"".join(p.read_bytes().lower() for p in store.root.rglob("*") if p.is_file())


def test_a_removed_document_keeps_its_words_in_the_files_until_a_purge(tmp_path):
    """Why privacy hides and redactions log a purge: Whoosh only marks a document deleted."""
    store = IndexStore(tmp_path / "index")
    store.apply([_document(1, "Zebrafinchowitz was seen."), _document(2, "Other words.")], [], 1)
    store.apply([], [1], 2)
    assert store.digests().keys() == {2}
    assert b"zebrafinchowitz" in _bytes(store)  # gone from results, not from the files
    store.apply([], [], 3, purge=True)
    assert b"zebrafinchowitz" not in _bytes(store)
    assert store.digests().keys() == {2} and b"other" in _bytes(store)


def test_a_purge_in_the_same_commit_as_the_replacement(tmp_path):
    store = IndexStore(tmp_path / "index")
    store.apply([_document(1, "Zebrafinchowitz was seen.")], [], 1)
    store.apply([_document(1, "[redacted] was seen.")], [], 2, purge=True)
    assert b"zebrafinchowitz" not in _bytes(store)
    assert store.digests().keys() == {1} and store.applied() == 2


# ---- stored mail ---------------------------------------------------------------------------


def _queued(text: str, html: str | None = None) -> int:
    with unit_of_work():
        mail = queue_mail("ana@example.org", "A subject", text, html)
    return mail.id


def _rows() -> dict[int, OutgoingMail]:
    db.session.expire_all()
    return {m.id: m for m in db.session.scalars(select(OutgoingMail))}


def test_rewrite_mail_rewrites_withdraws_and_leaves_the_rest(app):
    kept = _queued("Nothing to see.")
    rewritten = _queued("Says SECRET here.", "<p>Says SECRET here.</p>")
    withdrawn = _queued("Only SECRET.")

    def rewrite(text, html):
        if text == "Only SECRET.":
            return None
        return text.replace("SECRET", "[x]"), html.replace("SECRET", "[x]") if html else html

    with unit_of_work():
        done = rewrite_mail(["SECRET"], rewrite)
    assert (done.rewritten, done.withdrawn) == (1, 1)
    rows = _rows()
    assert set(rows) == {kept, rewritten} and withdrawn not in rows
    assert (rows[rewritten].text, rows[rewritten].html) == (
        "Says [x] here.",
        "<p>Says [x] here.</p>",
    )
    assert rows[kept].text == "Nothing to see."


def test_a_sender_holding_a_rewritten_mail_finds_its_claim_gone(app):
    mail_id = _queued("Says SECRET here.")
    mail = db.session.get(OutgoingMail, mail_id)
    mail.claim_token, mail.claimed_at = "sender-1", utcnow()
    db.session.commit()
    with unit_of_work():
        rewrite_mail(["SECRET"], lambda text, html: (text.replace("SECRET", "[x]"), html))
    held = db.session.get(OutgoingMail, mail_id)
    assert renew_claim(db.session, held, "sender-1", utcnow()) is False  # it skips the row
    assert _rows()[mail_id].claim_token is None  # and a later pass sends the new text


def test_rewrite_mail_escapes_like_wildcards(app):
    _queued("100% sure, a_b.")
    with unit_of_work():
        done = rewrite_mail(["%"], lambda text, html: None)
    assert done.withdrawn == 1
    _queued("Nothing like it.")
    with unit_of_work():
        assert rewrite_mail(["_"], lambda text, html: None).withdrawn == 0
