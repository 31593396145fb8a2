"""The feeds: Atom documents of the latest threads, a specialty's, a research topic's,
and of a thread's posts, answered with an ETag so that readers polling them get a 304.

Every feed is the same for everyone (forum/feeds/queries.py reads it as a guest), so
it is cacheable by anyone: the views never touch the session or current_user, so no
response carries a cookie.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, url_for

from forum.feeds import atom, queries
from forum.rows import Person, Tag
from forum.taxonomy.service import Moved

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

# Feed readers poll; a shared cache may answer them for this long without asking us.
MAX_AGE = 300


@bp.route("/latest.atom")
def latest():
    entries = tuple(_thread_entry(row) for row in queries.latest_threads())
    page = url_for("browse.latest", _external=True)
    return _respond(atom.Feed(_self(), f"Latest threads · {atom.SITE_NAME}", page, entries))


@bp.route("/specialties/<slug>.atom")
def specialty(slug: str):
    try:
        specialty, rows = queries.specialty_threads(slug)
    except Moved as moved:  # renamed: readers follow the 301 and keep their subscription
        return redirect(url_for("feeds.specialty", slug=moved.slug), 301)
    page = url_for("browse.specialty", slug=specialty.slug, _external=True)
    return _respond(_thread_list(specialty.name, specialty.description, page, rows))


@bp.route("/topics/<slug>.atom")
def topic(slug: str):
    try:
        topic, rows = queries.topic_threads(slug)
    except Moved as moved:  # renamed, or merged into another topic
        return redirect(url_for("feeds.topic", slug=moved.slug), 301)
    page = url_for("browse.topic", slug=topic.slug, _external=True)
    return _respond(_thread_list(topic.name, topic.description, page, rows))


@bp.route("/threads/<id:thread_id>.atom")
def thread(thread_id: int):
    head, rows = queries.thread_posts(thread_id)
    site = url_for("browse.home", _external=True)
    entries = tuple(_post_entry(head, row, site) for row in rows)
    page = url_for("threads.show", thread_id=head.id, _external=True)
    return _respond(atom.Feed(_self(), f"{head.title} · {atom.SITE_NAME}", page, entries))


def _respond(feed: atom.Feed) -> Response:
    """The feed, or 304 when the reader's copy (If-None-Match) is current.

    The ETag is known before the XML is written, so a 304 skips writing it.
    """
    tag = atom.etag(feed)
    response = Response(mimetype=atom.MIMETYPE)
    response.set_etag(tag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    if request.if_none_match.contains_weak(tag):
        response.status_code = 304  # no body; the same validators and caching headers
        return response
    response.set_data(atom.render(feed))
    return response


def _self() -> str:
    return url_for(request.endpoint, **(request.view_args or {}), _external=True)


def _thread_list(name: str, description: str, page: str, rows) -> atom.Feed:
    entries = tuple(_thread_entry(row) for row in rows)
    title = f"{name} · {atom.SITE_NAME}"
    return atom.Feed(_self(), title, page, entries, subtitle=description or None)


def _author(person: Person) -> atom.Author:
    uri = url_for("profiles.show", username=person.username, _external=True)
    return atom.Author(person.display_name, uri)


def _category(specialty: Tag) -> atom.Category:
    return atom.Category(specialty.slug, specialty.name)


def _thread_entry(row: queries.ThreadEntry) -> atom.Entry:
    link = url_for("threads.show", thread_id=row.id, _external=True)
    return atom.Entry(
        id=link,
        title=row.title,
        link=link,
        published=row.created_at,
        updated=row.updated_at,
        author=_author(row.author),
        summary=row.summary,
        categories=(_category(row.specialty),),
    )


def _post_entry(head: queries.ThreadHead, row: queries.PostEntry, site: str) -> atom.Entry:
    permalink = url_for("threads.post", post_id=row.id, _external=True)
    return atom.Entry(
        id=permalink,
        title=head.title if row.is_opening else f"Re: {head.title}",
        link=permalink,
        published=row.created_at,
        updated=row.updated_at,
        author=_author(row.author),
        content_html=atom.absolute_links(row.body_html, site),
        categories=(_category(head.specialty),),
    )
