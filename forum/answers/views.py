"""Pages of the answers feature."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("answers", __name__)
