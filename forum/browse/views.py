"""Home, latest threads, specialty and research-topic listings."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from forum.answers.queries import status_arg
from forum.browse import queries
from forum.notifications.queries import watch_state
from forum.pagination import page_arg

bp = Blueprint("browse", __name__)


@bp.route("/")
def home():
    specialties, threads = queries.home_page()
    return render_template("browse/home.html", specialties=specialties, threads=threads)


@bp.route("/latest")
def latest():
    page = queries.latest_page(page_arg())
    return render_template("browse/latest.html", page=page)


@bp.route("/specialties/<slug>")
def specialty(slug: str):
    sort, status = queries.specialty_args(request.args.get("sort"), request.args.get("status"))
    specialty, page = queries.specialty_page(slug, sort, page_arg(), status=status)
    return render_template(
        "browse/specialty.html",
        specialty=specialty,
        page=page,
        watch=watch_state(current_user, "specialty", specialty.id),
        sort=sort,
        sorts=queries.SORTS,
        status=status,
        statuses=queries.STATUS_FILTERS,
    )


@bp.route("/topics/<slug>")
def topic(slug: str):
    status = status_arg(request.args.get("status"))
    topic, page = queries.topic_page(slug, page_arg(), status=status)
    return render_template(
        "browse/topic.html", topic=topic, page=page, status=status,
        statuses=queries.STATUS_FILTERS, watch=watch_state(current_user, "topic", topic.id),
    )  # fmt: skip
