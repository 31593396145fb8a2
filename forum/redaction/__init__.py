"""redaction (issue 12: clinical trust)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this feature's blueprints, hooks and event receivers."""


__all__ = ["init_app"]
