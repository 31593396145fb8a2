"""POST /privacy/check (JSON, for privacy-guard.js) and the moderators' list of posts
confirmed over a warning."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required

from forum.exceptions import RateLimited
from forum.pagination import page_arg
from forum.permissions import can_review_flags, require
from forum.privacy import queries, service
from forum.privacy.guard import FIELD_NAME, FIELDS, MAX_FIELDS, utf16_offsets

bp = Blueprint("privacy", __name__)


@bp.route("/privacy/check", methods=["POST"])
def check():
    """{"fields": {"body": "…", "title": "…"}} (or the same as form fields) → {"fields":
    {"body": [finding, …]}}, each finding with start, end, kind, label and placeholder.

    The same check that posting runs, for the editor's script: offsets count UTF-16
    code units, as JavaScript strings do. Members only (the CSRF token comes in the
    X-CSRFToken header).
    """
    if not current_user.is_authenticated:
        return jsonify(error="Log in to check a draft."), 401
    if request.is_json:
        payload = request.get_json(silent=True)
        fields = payload.get("fields") if isinstance(payload, dict) else None
    else:  # a plain form post of the editor's own fields
        fields = {name: request.form[name] for name in FIELDS if name in request.form}
    if (
        not isinstance(fields, dict)
        or len(fields) > MAX_FIELDS
        or not all(
            isinstance(name, str) and FIELD_NAME.fullmatch(name) and isinstance(text, str)
            for name, text in fields.items()
        )
    ):
        return jsonify(error='Send {"fields": {"body": "…"}}.'), 400
    try:
        found = service.check_draft(current_user, fields)
    except RateLimited as error:
        response = jsonify(error=error.message)
        return response, 429, {"Retry-After": str(error.retry_after)}
    return jsonify(fields={name: utf16_offsets(fields[name], hits) for name, hits in found.items()})


@bp.route("/moderation/privacy-confirmations")
@login_required
def confirmations():
    require(can_review_flags(current_user), "This list is for moderators.")
    page = queries.confirmations_page(current_user, page_arg())
    return render_template("privacy/confirmations.html", page=page, kind_names=queries.kind_names)
