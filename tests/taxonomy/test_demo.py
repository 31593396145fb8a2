"""The curation demo content: a retired topic and a merged one, added once."""

from sqlalchemy import select

from forum.extensions import db
from forum.moderation.models import AuditEntry
from forum.taxonomy.demo import seed_demo
from tests.factories import make_topic, make_user


def test_seed_demo_retires_one_topic_merges_another_and_runs_once(client):
    make_user(role="moderator", username="tom_adebayo")
    make_topic("Interoperability & FHIR", slug="interoperability-fhir")

    assert seed_demo() == 4
    assert seed_demo() == 0

    assert client.get("/topics/blockchain-health-records").status_code == 200
    moved = client.get("/topics/ehr-interoperability")
    assert moved.status_code == 301 and moved.headers["Location"] == "/topics/interoperability-fhir"
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["topic.create", "topic.retire", "topic.create", "topic.merge"]


def test_seed_demo_without_the_demo_moderator_does_nothing(app):
    assert seed_demo() == 0
