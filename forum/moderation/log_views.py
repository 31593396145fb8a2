"""The audit log: GET /moderation/log (filtered, paginated) and GET /moderation/log.csv
(the same filters, every matching row, streamed). Both only read: the log has no route
that changes an entry."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from forum.dbtypes import utcnow
from forum.moderation import log_queries
from forum.moderation.log_forms import LogFilterForm
from forum.pagination import page_arg
from forum.permissions import can_view_audit_log, require

bp = Blueprint("audit", __name__)


def _filters(form: LogFilterForm) -> log_queries.LogFilters | None:
    """The form's filters, or None when the form has errors (which it then shows)."""
    if not form.validate():
        return None
    actor = (form.actor.data or "").strip()
    actor_id = log_queries.find_actor(actor) if actor else None
    return log_queries.LogFilters(
        actor_id=actor_id,
        # "system", and accounts that no longer exist, by the name the entry kept.
        actor_name=actor.lower() if actor and actor_id is None else None,
        action=form.action.data or None,
        target_type=form.target_type.data or None,
        target_id=form.target_id.data,
        since=form.since.data,
        until=form.until.data,
    )


def _allowed() -> None:
    require(can_view_audit_log(current_user), "The audit log is for moderators.")


@bp.route("/moderation/log")
@login_required
def index():
    _allowed()
    form = LogFilterForm(request.args)
    filters = _filters(form)
    page = log_queries.log_page(current_user, filters, page_arg()) if filters else None
    if page is not None and not page.total and filters.actor_name not in (None, "system"):
        form.actor.errors = ["Nobody by that username has an entry in the log."]
    export_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "moderation/log/index.html", form=form, page=page, export_args=export_args
    )


@bp.route("/moderation/log.csv")
@login_required
def export():
    _allowed()
    form = LogFilterForm(request.args)
    filters = _filters(form)
    if filters is None:  # show what is wrong beside the fields, on the page
        return redirect(url_for("audit.index", **request.args.to_dict()))
    rows = log_queries.export_rows(current_user, filters)
    response = Response(stream_with_context(log_queries.csv_chunks(rows)), mimetype="text/csv")
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    response.headers["Content-Disposition"] = f'attachment; filename="rounds-audit-log-{stamp}.csv"'
    response.headers["Cache-Control"] = "no-store"  # moderators' data: keep it out of caches
    return response
