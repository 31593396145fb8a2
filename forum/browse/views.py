"""Home, latest threads, specialty and research-topic listings.

A renamed specialty or topic, or a topic merged into another, leaves its old address
behind: it answers 301 to the current one, with the same query arguments (?page=,
?status=, ?sort=), in one hop however many renames there were.
"""

from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from forum.answers.queries import status_arg
from forum.browse import hooks, queries
from forum.notifications.queries import watch_state
from forum.pagination import page_arg
from forum.taxonomy.curation import can_open_curation
from forum.taxonomy.service import Moved

bp = Blueprint("browse", __name__)


@bp.route("/")
def home():
    specialties, threads = queries.home_page()
    return render_template(
        "browse/home.html",
        specialties=specialties,
        threads=threads,
        curate=can_open_curation(current_user),
    )


@bp.route("/latest")
def latest():
    page = queries.latest_page(page_arg())
    return render_template("browse/latest.html", page=page)


def _moved(endpoint: str, moved: Moved):
    """301 to the same listing at its current address, keeping the query arguments."""
    query = urlencode(list(request.args.items(multi=True)))
    return redirect(url_for(endpoint, slug=moved.slug) + (f"?{query}" if query else ""), 301)


@bp.route("/specialties/<slug>")
def specialty(slug: str):
    sort, status = queries.specialty_args(request.args.get("sort"), request.args.get("status"))
    try:
        specialty, page = queries.specialty_page(
            slug, sort, page_arg(), status=status, viewer=current_user
        )
    except Moved as moved:
        return _moved("browse.specialty", moved)
    return render_template(
        "browse/specialty.html",
        specialty=specialty,
        page=page,
        watch=watch_state(current_user, "specialty", specialty.id),
        sort=sort,
        sorts=queries.SORTS,
        status=status,
        statuses=queries.STATUS_FILTERS,
        extras=page.extra,
        specialty_parts=hooks.templates(page.extra),
    )


@bp.route("/topics/<slug>")
def topic(slug: str):
    status = status_arg(request.args.get("status"))
    try:
        topic, page = queries.topic_page(slug, page_arg(), status=status)
    except Moved as moved:
        return _moved("browse.topic", moved)
    return render_template(
        "browse/topic.html", topic=topic, page=page, status=status,
        statuses=queries.STATUS_FILTERS, watch=watch_state(current_user, "topic", topic.id),
    )  # fmt: skip
