"""Atom documents (RFC 4287): what a feed holds, its ETag, and its XML.

Written with the standard library's ElementTree, which escapes every text and
attribute, rather than with feedgen: feedgen brings lxml (a 12 MB C extension)
and python-dateutil for the dozen elements used here, adds entries in reverse
order unless told otherwise, and stamps the feed and every entry with the
current time when a date is left out (which would change the ETag on each
request). The rules it would check (an id, a title and an updated date on the
feed and each entry) are checked by tests/feeds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, tostring

NAMESPACE = "http://www.w3.org/2005/Atom"
MIMETYPE = "application/atom+xml"
SITE_NAME = "Rounds"
# Bump when the XML written for the same data changes, so caches holding the old
# form get the new one (it is part of every ETag).
FORMAT_VERSION = "1"
# `updated` of a feed with no entries: nothing has been posted since.
NOTHING_YET = datetime(1970, 1, 1, tzinfo=UTC)

# Characters XML 1.0 cannot carry at all, even escaped (C0 controls but tab and newlines,
# lone surrogates, U+FFFE/U+FFFF). A post may contain them; a feed reader would refuse
# the whole feed, so they are dropped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Root-relative links in a post (mentions, "quoted from" links) as bleach writes them.
_ROOT_RELATIVE = re.compile(r'(<(?:a|img)\s[^>]*?\b(?:href|src)=")/(?!/)')


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    uri: str


@dataclass(frozen=True, slots=True)
class Category:
    term: str  # a slug
    label: str


@dataclass(frozen=True, slots=True)
class Entry:
    id: str  # an absolute URL that stays the entry's (the thread's page, the post's permalink)
    title: str
    link: str
    published: datetime
    updated: datetime
    author: Author
    summary: str | None = None  # plain text
    content_html: str | None = None  # sanitised HTML (forum/content.py), sent as type="html"
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True, slots=True)
class Feed:
    id: str  # the feed's own absolute URL
    title: str
    page: str  # the HTML page this feed is the alternate of
    entries: tuple[Entry, ...]
    subtitle: str | None = None

    @property
    def updated(self) -> datetime:
        """The latest entry's time (RFC 4287 wants one even when there is none)."""
        return max((entry.updated for entry in self.entries), default=NOTHING_YET)


def etag(feed: Feed) -> str:
    """A digest of everything the feed's XML is made from, known before writing it.

    A latest-timestamp-and-count tag would miss a retitle, an edited opening post,
    a post hidden and another added, a thread moved or a renamed author. Hashing the
    entries already read (at most 30) costs far less than writing the XML, and misses
    nothing: the tag changes exactly when the document would.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(FORMAT_VERSION.encode())
    digest.update(repr(feed).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def absolute_links(html: str, site_url: str) -> str:
    """`html` with root-relative href/src made absolute, for readers that ignore xml:base."""
    parts = urlsplit(site_url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    return _ROOT_RELATIVE.sub(lambda match: match[1] + origin, html)


def _text(parent: Element, tag: str, text: str, **attributes: str) -> Element:
    element = SubElement(parent, tag, attributes)
    element.text = _NOT_XML.sub("", text)
    return element


def _date(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _entry(feed: Element, entry: Entry) -> None:
    element = SubElement(feed, "entry")
    _text(element, "id", entry.id)
    _text(element, "title", entry.title)
    SubElement(element, "link", {"rel": "alternate", "type": "text/html", "href": entry.link})
    _text(element, "published", _date(entry.published))
    _text(element, "updated", _date(entry.updated))
    author = SubElement(element, "author")
    _text(author, "name", entry.author.name)
    _text(author, "uri", entry.author.uri)
    for category in entry.categories:
        label = _NOT_XML.sub("", category.label)
        SubElement(element, "category", {"term": category.term, "label": label})
    if entry.summary is not None:
        _text(element, "summary", entry.summary, type="text")
    if entry.content_html is not None:
        _text(element, "content", entry.content_html, type="html")


def render(feed: Feed) -> bytes:
    """The feed as an Atom document, UTF-8."""
    root = Element("feed", {"xmlns": NAMESPACE})
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", _date(feed.updated))
    SubElement(root, "link", {"rel": "self", "type": MIMETYPE, "href": feed.id})
    SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": feed.page})
    # Every entry names its author; the feed's own is for validators of an empty feed.
    _text(SubElement(root, "author"), "name", SITE_NAME)
    _text(root, "generator", SITE_NAME)
    for entry in feed.entries:
        _entry(root, entry)
    return tostring(root, encoding="utf-8", xml_declaration=True)
