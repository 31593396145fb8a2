"""The demo mentor's queue reaches past their primary specialty."""

from __future__ import annotations

from sqlalchemy import select

from forum.auth.models import User
from forum.extensions import db
from forum.queue import demo, queries


def test_the_demo_mentor_tracks_topics_and_sees_other_specialties(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # runs the queue's seed too
    rohan = db.session.scalar(select(User).where(User.username == "rohan_patel"))
    assert demo.seed_demo() == 0  # again adds nothing
    queue = queries.queue_page(rohan, "all", 1)
    assert [t.name for t in queue.topics] == ["AI diagnostics", "Wearables & remote monitoring"]
    assert {row.specialty.slug for row in queue.page.items} - {"cardiology"}
