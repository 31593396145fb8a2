"""GET /moderation/log.csv: the filtered log as CSV, streamed, safe to open in a
spreadsheet, and no more telling than the page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import log_queries
from forum.moderation.models import AuditEntry
from tests.factories import make_specialty, make_thread, make_user
from tests.moderation.test_audit_log import entry

CSV_URL = "/moderation/log.csv"


def _table(response) -> list[dict]:
    text = response.get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def sitemod(app):
    return make_user("moderator", username="sitemod")


def test_the_export_is_a_streamed_csv_attachment_newest_first(client, login, sitemod):
    thread = make_thread(title="Ablation versus drugs for AF")
    old = entry(sitemod, "thread.pin", "thread", thread.id, thread.title, ago=timedelta(days=1))
    new = entry(
        sitemod,
        "thread.rename",
        "thread",
        thread.id,
        thread.title,
        reason="Clearer title",
        before={"title": "AF?"},
        after={"title": thread.title},
    )
    login("moderator")
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="rounds-audit-log-'
    )
    assert response.headers["Cache-Control"] == "no-store"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark spreadsheets look for
    rows = _table(response)
    assert list(rows[0]) == list(log_queries.CSV_HEADER)
    assert [int(r["id"]) for r in rows] == [new.id, old.id]
    first = rows[0]
    assert first["actor"] == "sitemod"
    assert first["action"] == "thread.rename"
    assert first["action_label"] == "Renamed a thread"
    assert (first["target_type"], first["target_id"]) == ("thread", str(thread.id))
    assert first["target_label"] == "Ablation versus drugs for AF"
    assert first["reason"] == "Clearer title"
    assert first["before"] == '{"title": "AF?"}'
    assert first["after"] == '{"title": "Ablation versus drugs for AF"}'
    assert first["when_utc"] == new.created_at.isoformat(timespec="seconds")


def test_the_export_applies_the_same_filters_as_the_page(client, login, sitemod):
    other = make_user("moderator", username="othermod")
    entry(sitemod, "thread.pin", "thread", 1, "One")
    locked = entry(other, "thread.lock", "thread", 1, "One")
    entry(other, "thread.pin", "thread", 2, "Two", ago=timedelta(days=30))
    login("admin")
    since = (utcnow() - timedelta(days=1)).date().isoformat()
    rows = _table(client.get(f"{CSV_URL}?actor=othermod&since={since}"))
    assert [int(r["id"]) for r in rows] == [locked.id]
    page = client.get(f"/moderation/log?actor=othermod&since={since}").get_data(as_text=True)
    assert f"/moderation/log.csv?actor=othermod&amp;since={since}" in page


def test_bad_filters_send_the_export_back_to_the_page_that_explains_them(client, login):
    login("moderator")
    response = client.get(f"{CSV_URL}?since=not-a-date&action=thread.pin")
    assert response.status_code == 302
    assert response.headers["Location"] == "/moderation/log?since=not-a-date&action=thread.pin"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not a valid date value." in page


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tpadded", "\r1"],
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_quoted(client, login, dangerous):
    db.session.execute(
        AuditEntry.__table__.insert().values(
            created_at=utcnow(),
            actor_id=None,
            actor_name=dangerous[:30],
            action="user.warn",
            target_type="user",
            target_id=None,
            target_label=dangerous,
            reason=dangerous,
        )
    )
    db.session.commit()
    login("moderator")
    (row,) = _table(client.get(CSV_URL))
    for column in ("actor", "target_label", "reason"):
        assert row[column].startswith("'"), column
        assert row[column][1:] == (dangerous[:30] if column == "actor" else dangerous)


def test_ordinary_values_are_left_alone():
    assert log_queries.safe_cell('Dr Ünal\'s note, "quoted"') == 'Dr Ünal\'s note, "quoted"'
    assert log_queries.safe_cell(42) == "42"
    assert log_queries.safe_cell(None) == ""
    assert log_queries.safe_cell("a=b") == "a=b"


def test_a_target_the_viewer_may_not_see_is_withheld_in_the_export_too(client, auth, sitemod):
    thread = make_thread(title="SECRET title")
    entry(sitemod, "thread.delete", "thread", thread.id, thread.title, reason="SECRET reason")
    thread.deleted_at = utcnow()
    db.session.commit()
    # A moderator of another specialty: the deleted thread is not theirs to see.
    make_user(username="scoped", moderates=[make_specialty()])
    auth.login("scoped")
    response = client.get(CSV_URL)
    assert "SECRET" not in response.get_data(as_text=True)
    (row,) = [r for r in _table(response) if r["action"] == "thread.delete"]
    assert row["target_label"] == "(not visible to you)"
    assert row["reason"] == "" and row["before"] == "" and row["after"] == ""
    assert row["target_id"] == str(thread.id)


def _insert(created_at, n: int) -> int:
    return db.session.execute(
        AuditEntry.__table__.insert()
        .values(
            created_at=created_at,
            actor_name="sitemod",
            action="thread.pin",
            target_type="thread",
            target_id=n,
            target_label=f"Thread {n}",
        )
        .returning(AuditEntry.id)
    ).scalar_one()


def test_rows_are_read_in_batches_without_losing_or_repeating_ties(app, sitemod):
    moment = utcnow() - timedelta(hours=1)
    # Five entries in the same microsecond, two later ones: batches of 2 split the ties.
    made = [(moment, _insert(moment, n)) for n in range(5)]
    made += [
        (moment + timedelta(minutes=n), _insert(moment + timedelta(minutes=n), n)) for n in (1, 2)
    ]
    db.session.commit()
    expected = [entry_id for _, entry_id in sorted(made, reverse=True)]
    rows = list(log_queries.export_rows(sitemod, log_queries.LogFilters(), batch=2))
    assert [r.id for r in rows] == expected
