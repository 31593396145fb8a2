"""The demo's audit history: real actions' names, dated in the past, written once, and
shown on the log and the dashboard."""

from __future__ import annotations

from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import audit, audit_demo
from forum.moderation.models import AuditEntry


def test_the_demo_gains_an_audit_history_once(app, runner, client):
    # seed-demo writes the history after the threads (whose pins and locks the thread
    # tools log as they happen).
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "past moderation entries" in result.output
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.created_at)).all()
    assert len(entries) >= 4
    assert {e.action for e in entries} <= set(audit.ACTIONS)
    assert {"thread.pin", "thread.lock", "thread.rename", "specialty.edit"} <= {
        e.action for e in entries
    }
    assert all(e.created_at < utcnow() for e in entries)
    assert len({e.created_at.date() for e in entries}) >= 4  # spread over the weeks
    assert audit_demo.seed_demo() == 0

    login = {"username": audit_demo.MODERATOR, "password": "rounds-demo-password"}
    assert client.submit("/login", login).status_code == 302
    log = client.get("/moderation/log").get_data(as_text=True)
    assert "Renamed a thread" in log and "A title that says what is asked" in log
    dashboard = client.get("/moderation").get_data(as_text=True)
    assert "Latest actions" in dashboard and "log-entry" in dashboard
