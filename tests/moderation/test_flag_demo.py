"""The demo content gains open flags (a patient privacy concern first in the queue) and
resolved ones, through the services, and a second run adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.auth.service import find_user
from forum.extensions import db
from forum.moderation import flag_queries, flags_demo
from forum.moderation.models import AuditEntry, Flag, ModeratorWarning


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_demo_has_open_and_resolved_flags_and_runs_twice(runner):
    result = runner.invoke(args=["seed-demo"])  # which files the demo's reports
    assert result.exit_code == 0
    reports = len(
        [r for _t, _n, reports, *_ in flags_demo.OPEN + flags_demo.RESOLVED for r in reports]
    )
    assert f"filed {reports} reports ({len(flags_demo.RESOLVED)} resolved)" in result.output
    assert _count(Flag) == reports
    statuses = dict(
        db.session.execute(select(Flag.status, func.count()).group_by(Flag.status)).all()
    )
    assert statuses == {"open": 5, "hidden": 2, "dismissed": 1, "warned": 2}
    assert _count(ModeratorWarning) == 1
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"post.hide", "flag.resolve", "flag.dismiss", "user.warn"} <= actions

    moderator = find_user("tom_adebayo")
    queue = flag_queries.review_queue(moderator, 1)
    assert queue.total == len(flags_demo.OPEN)
    assert queue.items[0].privacy and queue.items[0].reasons == [("Patient privacy concern", 1)]

    counts = [_count(m) for m in (Flag, AuditEntry, ModeratorWarning)]
    assert flags_demo.seed_demo() == {"flags": 0, "resolved": 0}
    assert [_count(m) for m in (Flag, AuditEntry, ModeratorWarning)] == counts
