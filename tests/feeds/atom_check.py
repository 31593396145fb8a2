"""Reading a feed the way a feed reader does, and checking what RFC 4287 requires."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

NS = {"atom": "http://www.w3.org/2005/Atom"}
A = "{http://www.w3.org/2005/Atom}"


def _date(element) -> datetime:
    assert element is not None and element.text, "a date element is missing or empty"
    moment = datetime.fromisoformat(element.text)
    assert moment.tzinfo is not None, f"{element.text} has no time zone (RFC 3339 wants one)"
    return moment


def _required(parent, tag: str):
    found = parent.findall(f"atom:{tag}", NS)
    assert len(found) == 1, f"<{parent.tag}> has {len(found)} <{tag}> (must have exactly one)"
    assert (found[0].text or "").strip(), f"<{tag}> is empty"
    return found[0]


def links(parent, rel: str) -> list[str]:
    return [
        link.get("href")
        for link in parent.findall("atom:link", NS)
        if link.get("rel", "alternate") == rel
    ]


def parse(response):
    """The feed element of an Atom response, after checking the elements Atom requires."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    assert feed.tag == f"{A}feed"
    _required(feed, "id")
    _required(feed, "title")
    updated = _date(_required(feed, "updated"))
    assert len(links(feed, "self")) == 1 and len(links(feed, "alternate")) == 1
    feed_has_author = feed.find("atom:author/atom:name", NS) is not None
    entry_times = []
    ids = set()
    for entry in feed.findall("atom:entry", NS):
        ids.add(_required(entry, "id").text)
        _required(entry, "title")
        entry_times.append(_date(_required(entry, "updated")))
        if entry.find("atom:published", NS) is not None:
            _date(entry.find("atom:published", NS))
        assert links(entry, "alternate"), "an entry without a link must carry its content"
        author = entry.find("atom:author/atom:name", NS)
        assert feed_has_author or (author is not None and author.text)
        content = entry.find("atom:content", NS)
        if content is None:
            assert entry.find("atom:summary", NS) is not None or links(entry, "alternate")
    assert len(ids) == len(entry_times), "entry ids repeat"
    if entry_times:
        assert updated == max(entry_times), "the feed's updated is its latest entry's"
    return feed


def entries(feed) -> list:
    return feed.findall("atom:entry", NS)


def text(element, tag: str) -> str | None:
    found = element.find(f"atom:{tag}", NS)
    return None if found is None else found.text
