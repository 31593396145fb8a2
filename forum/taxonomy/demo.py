"""Demo content for curation: a retired research topic and one merged into another, made
through the curation service by the demo's site-wide moderator, so the topics index
shows a retired badge, an old address answers 301 and the audit log has their entries."""

from __future__ import annotations

from sqlalchemy import select

from forum.auth.models import User
from forum.extensions import db
from forum.taxonomy import curation, merging
from forum.taxonomy.models import ResearchTopic

CURATOR = "tom_adebayo"  # the demo's site-wide moderator (forum/demo/data.py MODERATOR)
RETIRED_TOPIC = (
    "Blockchain health records",
    "Distributed ledgers for patient records. Retired: the discussion moved to health data "
    "and privacy.",
)
# Created, then merged into the existing topic with this slug.
MERGED_TOPIC = ("EHR interoperability", "interoperability-fhir")


def _exists(name: str) -> bool:
    return db.session.scalar(select(ResearchTopic.id).where(ResearchTopic.name == name)) is not None


def seed_demo() -> int:
    """Add the retired and the merged demo topics unless they exist (running it again
    changes nothing); returns how many curation actions it took."""
    curator = db.session.scalar(select(User).where(User.username == CURATOR))
    if curator is None:
        return 0
    done = 0
    name, description = RETIRED_TOPIC
    if not _exists(name):
        topic = curation.create_topic(curator, name=name, description=description)
        curation.retire_topic(curator, topic)
        done += 2
    name, into_slug = MERGED_TOPIC
    into = db.session.scalar(select(ResearchTopic).where(ResearchTopic.slug == into_slug))
    if into is not None and not _exists(name):
        topic = curation.create_topic(curator, name=name, description="Records that travel.")
        merging.merge_topics(curator, topic, into.id, "The same subject under two names.")
        done += 2
    return done
