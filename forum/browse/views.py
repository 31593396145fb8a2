"""Home, latest threads, specialty and research-topic listings."""

from flask import Blueprint, render_template, request

from forum.browse import queries
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
    sort = request.args.get("sort", "latest")
    if sort not in queries.SORTS:
        sort = "latest"
    specialty, page = queries.specialty_page(slug, sort, page_arg())
    return render_template(
        "browse/specialty.html", specialty=specialty, page=page, sort=sort, sorts=queries.SORTS
    )


@bp.route("/topics/<slug>")
def topic(slug: str):
    topic, page = queries.topic_page(slug, page_arg())
    return render_template("browse/topic.html", topic=topic, page=page)
