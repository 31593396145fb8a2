"""The <link rel="alternate"> of each page that has a feed, for base.html's <head>.

Pages do not name their feeds: base.html asks `feed_links()`, which maps the
request's endpoint and arguments to the feed's URL. It does no I/O: it builds URLs
and reads only what the page already passed its template (the specialty, topic or
thread it shows, for the title, and whether a guest may see the thread at all: a
deleted or private thread's page links to no feed, since that feed answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import has_request_context, request, url_for
from jinja2 import pass_context
from jinja2.runtime import Context

from forum import visibility
from forum.feeds.atom import SITE_NAME


@dataclass(frozen=True, slots=True)
class FeedLink:
    title: str
    href: str


def _read(value, name: str, default=None):
    """An attribute the page's object may have (rows raise LookupError for others)."""
    try:
        return getattr(value, name)
    except (AttributeError, LookupError):
        return default


def _link(title: str, endpoint: str, **args) -> list[FeedLink]:
    return [FeedLink(f"{title} · {SITE_NAME}", url_for(endpoint, **args))]


@pass_context
def feed_links(context: Context) -> list[FeedLink]:
    """The feeds of the page being rendered (none on error pages and other pages)."""
    # context.name is the template the view rendered (base.html's child): error pages are
    # rendered at the endpoint that failed, and link no feed.
    if not has_request_context() or (context.name or "").startswith("errors/"):
        return []
    endpoint, args = request.endpoint, request.view_args or {}
    if endpoint in ("browse.home", "browse.latest"):
        return _link("Latest threads", "feeds.latest")
    if endpoint == "browse.specialty":
        name = _read(context.get("specialty"), "name", "This specialty")
        return _link(name, "feeds.specialty", slug=args["slug"])
    if endpoint == "browse.topic":
        name = _read(context.get("topic"), "name", "This research topic")
        return _link(name, "feeds.topic", slug=args["slug"])
    if endpoint == "threads.show":
        thread = context.get("thread")
        try:
            listed = visibility.is_listed(thread)
        except (AttributeError, LookupError):  # no thread in the context, or not a Thread
            listed = True
        if listed:
            title = _read(thread, "title", "This thread")
            return _link(title, "feeds.thread", thread_id=args["thread_id"])
    return []
