"""Pages with a feed name it in <head> with <link rel="alternate">, for feed readers."""

from __future__ import annotations

import re

from flask import g

from forum.extensions import db
from forum.spaces.models import Space, SpaceMember
from forum.taxonomy import curation, merging
from forum.threads import service as threads
from tests.factories import make_specialty, make_thread, make_topic, make_user, nth_post
from tests.feeds.atom_check import parse

FEED_LINK = re.compile(
    r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">'
)


def _feed_links(html: str) -> list[tuple[str, str]]:
    head = html.split("</head>", 1)[0]
    return FEED_LINK.findall(head)


def test_the_four_kinds_of_page_link_their_feed(client):
    cardiology = make_specialty("Cardiology", slug="cardiology")
    topic = make_topic("Heart & imaging", slug="imaging")
    thread = make_thread(specialty=cardiology, topics=[topic], title="Echo <before> TAVI")
    expected = {
        "/": ("Latest threads · Rounds", "/feeds/latest.atom"),
        "/latest": ("Latest threads · Rounds", "/feeds/latest.atom"),
        "/specialties/cardiology?sort=newest&status=unanswered": (
            "Cardiology · Rounds",
            "/feeds/specialties/cardiology.atom",
        ),
        "/topics/imaging": ("Heart &amp; imaging · Rounds", "/feeds/topics/imaging.atom"),
        f"/threads/{thread.id}": (
            "Echo &lt;before&gt; TAVI · Rounds",
            f"/feeds/threads/{thread.id}.atom",
        ),
    }
    for url, link in expected.items():
        page = client.get(url)
        assert page.status_code == 200
        assert _feed_links(page.get_data(as_text=True)) == [link], url
        parse(client.get(link[1]))  # the link leads to a feed


def test_pages_without_a_feed_link_none(client):
    make_specialty(slug="cardiology")
    for url in ("/search?q=echo", "/login", "/topics", "/specialties/nope", "/threads/999"):
        assert _feed_links(client.get(url).get_data(as_text=True)) == [], url


def test_threads_a_guest_may_not_see_link_no_feed(client, login):
    insider = login("moderator")
    thread = make_thread(insider)
    space = Space(name="Private", members=[SpaceMember(user_id=insider.id)])
    db.session.add(space)
    db.session.flush()
    thread.space_id = space.id
    db.session.commit()
    deleted = make_thread(insider)
    threads.delete_post(insider, threads.get_post(insider, nth_post(deleted, 1).id))
    for name in list(g):  # Flask-Login caches the user in the test's shared app context
        g.pop(name)
    for shown in (thread, deleted):
        page = client.get(f"/threads/{shown.id}")
        assert page.status_code == 200  # the member, and the moderator, see it...
        assert _feed_links(page.get_data(as_text=True)) == []  # ...but its feed is a 404
        assert client.get(f"/feeds/threads/{shown.id}.atom").status_code == 404


def test_the_feed_link_is_in_head_only(client):
    page = client.get("/").get_data(as_text=True)
    head, body = page.split("</head>", 1)
    assert "/feeds/latest.atom" in head and "/feeds/latest.atom" not in body


def test_a_renamed_or_merged_listings_old_feed_address_answers_301(client):
    admin = make_user("admin")
    cardiology = make_specialty("Cardiology", slug="cardiology")
    imaging, echo = make_topic("Imaging", slug="imaging"), make_topic("Echo", slug="echo")
    curation.edit_specialty(admin, cardiology, name="Cardiology", slug="heart", description="")
    merging.merge_topics(admin, echo, imaging.id, "The same subject.")
    for old, new in (
        ("/feeds/specialties/cardiology.atom", "/feeds/specialties/heart.atom"),
        ("/feeds/topics/echo.atom", "/feeds/topics/imaging.atom"),
    ):
        response = client.get(old)
        assert response.status_code == 301 and response.headers["Location"].endswith(new)
        assert client.get(new).status_code == 200
    assert client.get("/feeds/topics/never-was.atom").status_code == 404
