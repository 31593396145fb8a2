"""The research topics index."""

from flask import Blueprint, render_template

from forum.taxonomy import service

bp = Blueprint("taxonomy", __name__)


@bp.route("/topics")
def topics():
    return render_template("taxonomy/topics.html", topics=service.listed_topics())
