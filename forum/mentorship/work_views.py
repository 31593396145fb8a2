"""(being written)"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("mentorship_work", __name__)


def setup(app: Flask) -> None:
    """What this part registers at start-up besides its blueprint (hooks, effects, CLI)."""
