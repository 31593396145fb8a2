"""The Atom feeds: valid Atom, what they list, and what they never contain."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user
from tests.feeds.atom_check import entries, links, parse, text

SITE = "http://rounds.test"


@pytest.fixture
def cardiology(app):
    return make_specialty("Cardiology", slug="cardiology", description="Hearts and vessels.")


@pytest.fixture
def imaging(app):
    return make_topic("Cardiac imaging", slug="cardiac-imaging", description="Echo, CT, MRI.")


def _backdate(thread: Thread, hours: int) -> None:
    then = utcnow() - timedelta(hours=hours)
    db.session.execute(
        update(Thread).where(Thread.id == thread.id).values(created_at=then, last_post_at=then)
    )
    db.session.commit()


def test_latest_feed_lists_threads_latest_activity_first(client, cardiology):
    author = make_user(username="ada", display_name="Dr Ada Lovelace")
    older = make_thread(author, cardiology, title="Older thread", body="An older question.")
    newer = make_thread(author, title="Newer thread in another specialty")
    _backdate(older, hours=2)
    _backdate(newer, hours=1)
    make_post(older, body="A reply brings it back to the top.")

    feed = parse(client.get("/feeds/latest.atom"))

    assert text(feed, "id") == f"{SITE}/feeds/latest.atom"
    assert text(feed, "title") == "Latest threads · Rounds"
    assert links(feed, "self") == [f"{SITE}/feeds/latest.atom"]
    assert links(feed, "alternate") == [f"{SITE}/latest"]
    first, second = entries(feed)
    assert [text(first, "title"), text(second, "title")] == [older.title, newer.title]
    assert text(first, "id") == f"{SITE}/threads/{older.id}"
    assert links(first, "alternate") == [f"{SITE}/threads/{older.id}"]
    assert first.find("{*}author/{*}name").text == "Dr Ada Lovelace"
    assert first.find("{*}author/{*}uri").text == f"{SITE}/members/ada"
    assert text(first, "summary") == "An older question."
    assert first.find("{*}category").get("label") == "Cardiology"
    # updated is the latest activity (the reply), published the thread's start.
    assert text(first, "updated") > text(first, "published")
    assert text(feed, "updated") == text(first, "updated")


def test_summary_is_an_excerpt_of_the_opening_post_text(client):
    body = "**Bold** start. " + "word " * 200
    make_thread(body=body)
    summary = text(entries(parse(client.get("/feeds/latest.atom")))[0], "summary")
    assert summary.startswith("Bold start. word word")
    assert summary.endswith("…") and len(summary) <= 301
    assert "**" not in summary and "<" not in summary


def test_specialty_feed_has_only_its_threads(client, cardiology):
    mine = make_thread(specialty=cardiology, title="Statins after seventy")
    make_thread(title="A thread elsewhere")
    feed = parse(client.get("/feeds/specialties/cardiology.atom"))
    assert text(feed, "title") == "Cardiology · Rounds"
    assert text(feed, "subtitle") == "Hearts and vessels."
    assert links(feed, "self") == [f"{SITE}/feeds/specialties/cardiology.atom"]
    assert links(feed, "alternate") == [f"{SITE}/specialties/cardiology"]
    assert [text(e, "title") for e in entries(feed)] == [mine.title]


def test_topic_feed_has_only_threads_on_the_topic(client, imaging):
    tagged = make_thread(topics=[imaging, make_topic()], title="Strain echo in chemotherapy")
    make_thread(title="Untagged thread")
    feed = parse(client.get("/feeds/topics/cardiac-imaging.atom"))
    assert text(feed, "title") == "Cardiac imaging · Rounds"
    assert links(feed, "alternate") == [f"{SITE}/topics/cardiac-imaging"]
    assert [text(e, "title") for e in entries(feed)] == [tagged.title]


def test_an_empty_feed_is_still_valid(client, cardiology):
    feed = parse(client.get("/feeds/specialties/cardiology.atom"))
    assert entries(feed) == [] and text(feed, "updated")
    assert feed.find("{*}author/{*}name").text == "Rounds"


def test_thread_feed_has_its_posts_newest_first_as_html(client, cardiology):
    asker = make_user(username="asker", display_name="Dr Asker")
    thread = make_thread(asker, cardiology, title="TAVI in the frail", body="What *works*?")
    first_reply = make_post(thread, make_user(display_name="Dr First"), "Start with **frailty**.")
    last_reply = make_post(
        thread, make_user(display_name="Dr Last"), f"As [asker said](/posts/{first_reply.id})."
    )

    feed = parse(client.get(f"/feeds/threads/{thread.id}.atom"))

    assert text(feed, "title") == "TAVI in the frail · Rounds"
    assert links(feed, "alternate") == [f"{SITE}/threads/{thread.id}"]
    assert links(feed, "self") == [f"{SITE}/feeds/threads/{thread.id}.atom"]
    newest, middle, opening = entries(feed)
    assert [text(e, "id") for e in (newest, middle, opening)] == [
        f"{SITE}/posts/{last_reply.id}",
        f"{SITE}/posts/{first_reply.id}",
        f"{SITE}/posts/{thread.first_post_id}",
    ]
    assert links(newest, "alternate") == [f"{SITE}/posts/{last_reply.id}"]
    assert text(opening, "title") == "TAVI in the frail"
    assert text(middle, "title") == "Re: TAVI in the frail"
    assert newest.find("{*}author/{*}name").text == "Dr Last"
    content = middle.find("{*}content")
    assert content.get("type") == "html"
    assert content.text == first_reply.body_html  # the sanitised HTML, escaped once
    assert "<strong>frailty</strong>" in content.text
    # A link inside a post is made absolute for readers that ignore the feed's address.
    assert f'href="{SITE}/posts/{first_reply.id}"' in newest.find("{*}content").text


def test_an_edit_updates_the_entry(client):
    thread, replier = make_thread(), make_user()
    reply = make_post(thread, replier, "First version.")
    db.session.execute(
        update(Post).where(Post.id == reply.id).values(created_at=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    threads.edit_post(replier, reply, "Second version.")
    feed = parse(client.get(f"/feeds/threads/{thread.id}.atom"))
    (entry,) = [e for e in entries(feed) if text(e, "id") == f"{SITE}/posts/{reply.id}"]
    assert "Second version." in entry.find("{*}content").text
    assert text(entry, "updated") > text(entry, "published")


def test_feeds_stop_at_thirty_entries(client, cardiology):
    thread = make_thread(specialty=cardiology, replies=31)
    for _ in range(31):
        make_thread(specialty=cardiology)
    assert len(entries(parse(client.get("/feeds/specialties/cardiology.atom")))) == 30
    assert len(entries(parse(client.get(f"/feeds/threads/{thread.id}.atom")))) == 30


def test_text_that_xml_cannot_carry_does_not_break_the_feed(client):
    # The sanitiser turns C0 controls into "?", but U+FFFE survives it, and a name
    # stored by an older version (or another tool) may hold anything.
    author = make_user(display_name="Dr Vertical\x0bTab")
    thread = make_thread(author, body="Not a character: \ufffe.")
    make_post(thread, author, body="Nor this one: \uffff.")
    for url in ("/feeds/latest.atom", f"/feeds/threads/{thread.id}.atom"):
        feed = parse(client.get(url))  # an XML parser refuses the whole feed otherwise
        entry = entries(feed)[0]
        assert entry.find("{*}author/{*}name").text == "Dr VerticalTab"
    assert "Nor this one: ." in entries(feed)[0].find("{*}content").text


def test_titles_and_names_are_escaped(client):
    author = make_user(display_name='Dr <b>"Bold"</b> & co')
    thread = make_thread(author, title="Is <script>alert(1)</script> & co a thing?")
    entry = entries(parse(client.get(f"/feeds/threads/{thread.id}.atom")))[0]
    assert text(entry, "title") == "Is <script>alert(1)</script> & co a thing?"
    assert entry.find("{*}author/{*}name").text == 'Dr <b>"Bold"</b> & co'


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/specialties/nope.atom",
        "/feeds/topics/nope.atom",
        "/feeds/threads/99999.atom",
        "/feeds/threads/99999999999999999999.atom",
    ],
)
def test_unknown_feeds_answer_404(client, url):
    assert client.get(url).status_code == 404


def _fill(count: int, specialty, topic) -> Thread:
    """`count` threads by different authors, and a thread with `count` replies."""
    for _ in range(count):
        thread = make_thread(make_user(), specialty, [topic, make_topic()])
        make_post(thread, make_user(role="moderator"))
    busy = make_thread(make_user(), specialty, [topic])
    for _ in range(count):
        make_post(busy, make_user(role="moderator"))
    return busy


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/latest.atom",
        "/feeds/specialties/{s}.atom",
        "/feeds/topics/{t}.atom",
        "/feeds/threads/{thread}.atom",
    ],
)
def test_feed_query_count_does_not_grow_with_entries(client, count_queries, url):
    counts = []
    for size in (5, 30):
        specialty, topic = make_specialty(), make_topic()
        busy = _fill(size, specialty, topic)
        address = url.format(s=specialty.slug, t=topic.slug, thread=busy.id)
        with count_queries() as statements:
            feed = parse(client.get(address))
        assert len(entries(feed)) >= size
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 2, counts
