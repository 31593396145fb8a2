"""Demo content for the queue: a mentor whose queue reaches past their own specialty."""

from __future__ import annotations

from sqlalchemy import select

from forum.auth.models import User
from forum.extensions import db
from forum.notifications import service as notifications
from forum.notifications.models import Watch
from forum.taxonomy.models import ResearchTopic

# The showcase mentor (an interventional cardiologist who co-led an AI-ECG study) tracks
# the research topics of that work, so their queue also holds other specialties' questions.
DEMO_TOPIC_WATCHES = {"rohan_patel": ("ai-diagnostics", "wearables-remote-monitoring")}


def seed_demo() -> int:
    """Add the demo mentors' topic watches where they have chosen nothing for that topic
    yet (so running it again, or after another seeder, changes nothing); returns how many."""
    added = 0
    for username, slugs in DEMO_TOPIC_WATCHES.items():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            continue
        for slug in slugs:
            topic_id = db.session.scalar(select(ResearchTopic.id).where(ResearchTopic.slug == slug))
            if topic_id is None or db.session.get(Watch, (user.id, "topic", topic_id)):
                continue
            notifications.set_watch(user, "topic", topic_id, "tracking")
            added += 1
    return added
