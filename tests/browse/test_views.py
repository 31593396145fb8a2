"""Home, latest threads, specialty and research-topic listings."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.threads import service
from forum.threads.models import Thread
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user


def _titles_in_order(html: str, titles: list[str]) -> list[str]:
    return sorted(titles, key=lambda t: html.index(t))


def test_home_lists_specialties_with_counts_and_latest_threads(client):
    cardiology = make_specialty(name="Cardiology", description="Hearts and vessels.")
    make_specialty(name="Oncology")
    thread = make_thread(specialty=cardiology, title="Troponin assays in the ED", replies=2)
    html = client.get("/").get_data(as_text=True)
    assert "Cardiology" in html and "Oncology" in html and "Hearts and vessels." in html
    assert "1 thread · 3 posts" in html
    assert "Troponin assays in the ED" in html
    assert f'href="/threads/{thread.id}"' in html


def test_specialty_page_puts_pinned_first_then_latest_activity(client):
    specialty = make_specialty(slug="cardiology")
    old = make_thread(specialty=specialty, title="Old thread with a new reply")
    newer = make_thread(specialty=specialty, title="Newer thread without replies")
    pinned = make_thread(specialty=specialty, title="Pinned: read before posting")
    service.set_thread_state(make_user(role="moderator"), pinned, pinned=True)
    db.session.execute(
        update(Thread)
        .where(Thread.id == pinned.id)
        .values(last_post_at=utcnow() - timedelta(days=9))
    )
    db.session.commit()
    make_post(old)
    html = client.get("/specialties/cardiology").get_data(as_text=True)
    titles = [pinned.title, old.title, newer.title]
    assert _titles_in_order(html, titles) == titles


def test_specialty_sorts_newest_and_unanswered(client):
    specialty = make_specialty(slug="neuro")
    answered = make_thread(specialty=specialty, title="Answered stroke thrombectomy question")
    unanswered = make_thread(specialty=specialty, title="Unanswered EEG wearable question")
    make_post(answered)
    newest = client.get("/specialties/neuro?sort=newest").get_data(as_text=True)
    assert _titles_in_order(newest, [answered.title, unanswered.title]) == [
        unanswered.title,
        answered.title,
    ]
    only_open = client.get("/specialties/neuro?sort=unanswered").get_data(as_text=True)
    assert unanswered.title in only_open and answered.title not in only_open
    assert client.get("/specialties/neuro?sort=bogus").status_code == 200


def test_specialty_pages_hold_25_threads(client):
    specialty = make_specialty(slug="busy")
    author = make_user(role="moderator")
    for _ in range(27):
        make_thread(author, specialty)
    first = client.get("/specialties/busy").get_data(as_text=True)
    second = client.get("/specialties/busy?page=2").get_data(as_text=True)
    assert first.count('class="thread-row') == 25
    assert second.count('class="thread-row') == 2
    assert 'rel="next" href="/specialties/busy?page=2"' in first
    assert client.get("/specialties/busy?page=3").status_code == 404


def test_topic_page_lists_threads_across_specialties(client):
    topic = make_topic(slug="robotics", name="Surgical robotics")
    other = make_topic()
    a = make_thread(
        specialty=make_specialty(), topics=[topic], title="Robotic hernia repair outcomes"
    )
    b = make_thread(
        specialty=make_specialty(), topics=[topic, other], title="Training on the console"
    )
    c = make_thread(topics=[other], title="Not about robots at all")
    html = client.get("/topics/robotics").get_data(as_text=True)
    assert a.title in html and b.title in html and c.title not in html
    assert "2 threads across specialties" in html


def test_topics_index_lists_every_topic(client):
    make_topic(name="AI diagnostics", description="Machine learning that reads images.")
    make_topic(name="Genomics")
    html = client.get("/topics").get_data(as_text=True)
    assert "AI diagnostics" in html and "Genomics" in html
    assert "Machine learning that reads images." in html


@pytest.mark.parametrize("url", ["/specialties/nope", "/topics/nope", "/specialties/%C3%28"])
def test_unknown_slugs_get_the_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def _fill(count: int, specialty, topic):
    """`count` threads, each by a different author with a different last poster."""
    for _ in range(count):
        thread = make_thread(make_user(specialty_id=specialty.id), specialty, [topic, make_topic()])
        make_post(thread, make_user(role="moderator"))


@pytest.mark.parametrize("url", ["/", "/latest", "/specialties/{s}", "/topics/{t}"])
def test_listing_query_count_does_not_grow_with_threads(client, count_queries, url):
    counts = []
    for size in (5, 50):
        specialty, topic = make_specialty(), make_topic()
        _fill(size, specialty, topic)
        with count_queries() as statements:
            response = client.get(url.format(s=specialty.slug, t=topic.slug))
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_latest_page_lists_every_thread_latest_activity_first_25_a_page(client):
    author = make_user(role="moderator")
    cardiology, oncology = make_specialty(), make_specialty()
    threads = [make_thread(author, cardiology if i % 2 else oncology) for i in range(27)]
    oldest = threads[0]
    db.session.execute(
        update(Thread)
        .where(Thread.id != oldest.id)
        .values(last_post_at=utcnow() - timedelta(days=1))
    )
    db.session.commit()
    make_post(oldest, body="A late reply brings the oldest thread to the top.")
    first = client.get("/latest").get_data(as_text=True)
    second = client.get("/latest?page=2").get_data(as_text=True)
    assert first.count('class="thread-row') == 25
    assert second.count('class="thread-row') == 2
    shown = [int(i) for i in re.findall(r'<a href="/threads/(\d+)">', first + second)]
    # The freshly answered thread first, then the rest, newest id first among equal times.
    assert shown == [oldest.id] + [t.id for t in reversed(threads[1:])]
    assert "27 threads across specialties" in first
    assert 'rel="next" href="/latest?page=2"' in first
    assert cardiology.name in first and oncology.name in first  # every specialty
    assert client.get("/latest?page=3").status_code == 404


def test_latest_page_without_threads_says_so(client):
    assert "No threads yet." in client.get("/latest").get_data(as_text=True)


def test_home_shows_15_latest_threads_first_and_links_to_the_latest_page(client):
    specialty = make_specialty(name="Cardiology")
    author = make_user(role="moderator")
    for _ in range(17):
        make_thread(author, specialty)
    html = client.get("/").get_data(as_text=True)
    assert html.count('class="thread-row') == 15
    assert 'href="/latest"' in html.split('id="latest-heading"', 1)[1]
    # Latest threads come before the specialty cards in the markup (what phones show
    # first and screen readers read first).
    assert html.index('id="latest-heading"') < html.index('id="specialties-heading"')
