"""Moderation's blueprints, each in the module of the feature it serves."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)


def _blueprints():
    return ()
