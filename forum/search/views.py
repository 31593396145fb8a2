"""GET /search (linkable, paginated) and GET /search/similar (JSON for the new-thread form)."""

from datetime import UTC, datetime, time

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from forum import form_support
from forum.exceptions import NotFound
from forum.pagination import page_arg
from forum.search import results as finder
from forum.search.forms import SORTS, STATUSES, SearchForm
from forum.search.index import Filters
from forum.taxonomy.service import Moved, get_specialty, get_topic, list_specialties, list_topics
from forum.threads.models import THREAD_KINDS

bp = Blueprint("search", __name__)


def _filters(form: SearchForm) -> Filters:
    def day(value, end=False):
        if not value:
            return None
        return datetime.combine(value, time.max if end else time.min, tzinfo=UTC)

    return Filters(
        specialty=form.specialty.data or None,
        topic=form.topic.data or None,
        author=(form.author.data or "").strip().lower() or None,
        kind=form.kind.data if form.kind.data in THREAD_KINDS else None,
        state=form.status.data if form.status.data in STATUSES else None,
        since=day(form.since.data),
        until=day(form.until.data, end=True),
    )


def _moved_filters(form: SearchForm) -> dict[str, str]:
    """The specialty and topic filters given by an old address (a renamed specialty, a
    renamed or merged topic), with their current slugs."""
    moved = {}
    for name, find in (("specialty", get_specialty), ("topic", get_topic)):
        slug = form[name].data
        # A merged topic is still one of the choices (retired), so topics are always
        # asked; a specialty only when its slug is not one of today's.
        if not slug or (name == "specialty" and slug in {c.value for c in form[name].choices}):
            continue
        try:
            find(slug)
        except Moved as error:
            moved[name] = error.slug
        except NotFound:
            pass  # the field says it is not a choice
    return moved


@bp.route("/search")
def results():
    form = SearchForm(request.args)
    form.specialty.choices = form_support.choices(
        [("", "All specialties"), *((s.slug, s.name) for s in list_specialties())]
    )
    form.topic.choices = form_support.choices(
        [("", "All topics"), *((t.slug, t.name) for t in list_topics())]
    )
    moved = _moved_filters(form)
    if moved:  # a link saved before a rename or merge: the same search, at today's names
        args = request.args.to_dict(flat=False) | {k: [v] for k, v in moved.items()}
        return redirect(url_for("search.results", **args), 301)
    page = None
    if form.validate() and (form.q.data or "").strip():
        page = finder.search_page(
            form.q.data,
            _filters(form),
            newest=form.sort.data == "newest",
            page=page_arg(),
            as_typed=form.as_typed.data,
            viewer=current_user,
        )
    return render_template("search/results.html", form=form, page=page, sorts=SORTS)


@bp.route("/search/similar")
def similar():
    title = request.args.get("title", "")[:200]
    long_enough = len(title.strip()) >= 8
    threads = finder.similar_threads(title, viewer=current_user) if long_enough else []
    return jsonify(
        [
            {
                "title": t.title,
                "url": url_for("threads.show", thread_id=t.id),
                "replies": t.reply_count,
            }
            for t in threads
        ]
    )
