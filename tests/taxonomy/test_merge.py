"""Merging research topics: every thread retagged in one statement per table, counters
recounted, watchers moved, the old address leading to the target, and search (a real
Whoosh index) filtering by the new slugs once the change log is applied. Renames reach
the index the same way."""

import pytest
from sqlalchemy import func, select

from forum.exceptions import Invalid
from forum.extensions import db
from forum.moderation.models import AuditEntry
from forum.notifications.models import Watch
from forum.notifications.service import set_watch
from forum.search import results
from forum.search import service as search
from forum.search.index import Filters
from forum.search.models import SearchChange
from forum.taxonomy import curation, merging, service
from forum.taxonomy.models import ResearchTopic, SlugRedirect
from forum.threads import service as threads
from forum.threads.models import thread_topics
from tests.factories import make_specialty, make_thread, make_topic, make_user

WORD = "pheochromocytoma"


@pytest.fixture
def staff(app):
    return make_user(role="moderator", username="staff")


def _tags() -> set[tuple[int, int]]:
    return set(db.session.execute(select(thread_topics.c.thread_id, thread_topics.c.topic_id)))


def _counts(*topics) -> list[int]:
    db.session.expire_all()
    return [db.session.get(ResearchTopic, t.id).thread_count for t in topics]


def _found(text: str = WORD, **filters) -> set[int]:
    page = results.search_page(text, Filters(**filters), per_page=100)
    return {row.thread.id for row in page.rows}


def test_merge_retags_every_thread_recounts_and_retires_the_source(staff):
    a, b, other = make_topic("Alpha", slug="alpha"), make_topic("Beta", slug="beta"), make_topic()
    only_a = make_thread(topics=[a])
    both = make_thread(topics=[a, b, other])
    only_b = make_thread(topics=[b])
    deleted = make_thread(topics=[a])
    threads.delete_post(make_user(role="moderator"), threads.get_post(None, deleted.first_post_id))
    assert _counts(a, b) == [2, 2]  # deleted threads are not counted

    target = merging.merge_topics(staff, a, b.id, "  Two names for one thing ")

    assert target.id == b.id
    assert _tags() == {
        (only_a.id, b.id),
        (both.id, b.id),
        (both.id, other.id),
        (only_b.id, b.id),
        (deleted.id, b.id),
    }
    assert _counts(a, b, other) == [0, 3, 1]
    db.session.expire_all()
    assert db.session.get(ResearchTopic, a.id).is_retired
    assert service.merged_into(db.session.get(ResearchTopic, a.id)).id == b.id
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "topic")).one()
    assert (entry.action, entry.target_id, entry.reason) == (
        "topic.merge",
        a.id,
        "Two names for one thing",
    )
    assert entry.before == {"thread_count": 2, "target_thread_count": 2}
    assert entry.after == {"merged_into": "Beta", "thread_count": 0, "target_thread_count": 3}


def test_merge_runs_the_same_statements_for_5_and_for_50_threads(staff, count_queries):
    counts = []
    for size in (5, 50):
        a, b = make_topic(), make_topic()
        author, specialty = make_user(role="moderator"), make_specialty()
        for i in range(size):
            make_thread(author, specialty, [a, b] if i % 2 else [a], body=f"Opening post {i}.")
        a, b = db.session.get(ResearchTopic, a.id), db.session.get(ResearchTopic, b.id)
        with count_queries() as statements:
            merging.merge_topics(staff, a, b.id)
        touching = [s for s in statements if "thread_topics" in s.split("FROM")[0]]
        assert len(touching) == 2, touching  # one INSERT ... SELECT, one DELETE
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_members_watching_the_source_watch_the_target(staff):
    a, b = make_topic(), make_topic()
    only_a, both = make_user(), make_user()
    set_watch(only_a, "topic", a.id, "tracking")
    set_watch(both, "topic", a.id, "watching")
    set_watch(both, "topic", b.id, "muted")  # their own choice on the target wins

    merging.merge_topics(staff, a, b.id)

    watches = db.session.execute(
        select(Watch.user_id, Watch.target_id, Watch.level).where(Watch.target_kind == "topic")
    ).all()
    assert set(watches) == {(only_a.id, b.id, "tracking"), (both.id, b.id, "muted")}


def test_merge_refuses_itself_a_retired_target_and_a_merged_source(staff):
    a, b, retired = make_topic(), make_topic(), make_topic()
    curation.retire_topic(staff, retired)
    for target_id in (a.id, None, 999999, retired.id):
        with pytest.raises(Invalid) as refused:
            merging.merge_topics(staff, a, target_id)
        assert refused.value.field == "target"
    merging.merge_topics(staff, a, b.id)
    with pytest.raises(Invalid, match="already merged"):
        merging.merge_topics(staff, db.session.get(ResearchTopic, a.id), make_topic().id)
    with pytest.raises(Invalid, match="Keep the note"):
        merging.merge_topics(staff, make_topic(), b.id, "x" * 501)


def test_merging_into_a_topic_that_is_merged_later_still_leads_there_in_one_hop(staff, client):
    a, b, c = make_topic(slug="a-topic"), make_topic(slug="b-topic"), make_topic(slug="c-topic")
    curation.edit_topic(staff, a, name="Alpha renamed")  # a-topic -> alpha-renamed
    merging.merge_topics(staff, a, b.id)
    merging.merge_topics(staff, db.session.get(ResearchTopic, b.id), c.id)

    for old in ("a-topic", "alpha-renamed", "b-topic"):
        response = client.get(f"/topics/{old}?status=solved")
        assert response.status_code == 301, old
        assert response.headers["Location"] == "/topics/c-topic?status=solved"
    assert client.get("/topics/c-topic").status_code == 200


def test_a_merged_topic_brought_back_is_empty_and_stops_redirecting(staff, client):
    a, b = make_topic("Alpha", slug="alpha"), make_topic(slug="beta")
    make_thread(topics=[a])
    merging.merge_topics(staff, a, b.id)

    curation.unretire_topic(staff, db.session.get(ResearchTopic, a.id))

    page = client.get("/topics/alpha")
    assert page.status_code == 200 and "No threads are tagged" in page.get_data(as_text=True)
    assert _counts(a, b) == [0, 1]
    unretired = select(AuditEntry).where(AuditEntry.action == "topic.unretire")
    entry = db.session.scalars(unretired).one()
    assert entry.before["merged_into"] == b.name
    assert db.session.scalar(select(func.count()).select_from(SlugRedirect)) == 0


# ---- search ------------------------------------------------------------------------------


def test_merged_threads_are_found_under_the_target_topic_after_sync(staff):
    a, b = make_topic("Alpha", slug="alpha"), make_topic("Beta", slug="beta")
    body = f"A {WORD} case with a crisis in theatre."
    tagged_a = {make_thread(topics=[a], body=body, replies=1).id for _ in range(3)}
    tagged_b = {make_thread(topics=[b], body=body).id}
    search.sync()
    assert _found(topic="alpha") == tagged_a
    logged = db.session.scalar(select(func.max(SearchChange.id)))

    merging.merge_topics(staff, a, b.id)

    # The merge logged each retagged thread whole, in the same transaction as the merge.
    assert (
        set(db.session.scalars(select(SearchChange.thread_id).where(SearchChange.id > logged)))
        == tagged_a
    )
    search.sync()
    assert _found(topic="alpha") == set()
    assert _found(topic="beta") == tagged_a | tagged_b
    assert _found(f"{WORD} topic:beta") == tagged_a | tagged_b
    assert search.verify().clean


def test_a_merge_refused_leaves_nothing_in_the_change_log(staff):
    a = make_topic()
    make_thread(topics=[a])
    before = db.session.scalar(select(func.count()).select_from(SearchChange))
    with pytest.raises(Invalid):
        merging.merge_topics(staff, a, a.id)
    assert db.session.scalar(select(func.count()).select_from(SearchChange)) == before


def test_renamed_specialties_and_topics_reach_the_search_filters(staff):
    cardiology = make_specialty("Cardiology", slug="cardiology")
    topic = make_topic("Wearables", slug="wearables")
    ids = {make_thread(specialty=cardiology, topics=[topic], body=f"{WORD} notes").id}
    search.sync()
    assert _found(specialty="cardiology") == ids

    curation.edit_specialty(staff, cardiology, name="Heart medicine")
    curation.edit_topic(staff, topic, name="Wearable sensors")
    search.sync()

    assert _found(specialty="cardiology") == set()
    assert _found(specialty="heart-medicine", topic="wearable-sensors") == ids
    assert search.verify().clean


def test_a_name_change_that_keeps_the_slug_logs_no_search_change(staff):
    specialty = make_specialty("cardiology", slug="cardiology")
    make_thread(specialty=specialty)
    before = db.session.scalar(select(func.count()).select_from(SearchChange))
    curation.edit_specialty(staff, specialty, name="Cardiology", description="Hearts.")
    assert db.session.scalar(select(func.count()).select_from(SearchChange)) == before
