"""Checks every request passes before a view sees it."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL `integer`; larger ids cannot exist


class IdConverter(IntegerConverter):
    """`<id:name>`: a positive database id; anything larger than a column can hold is a 404."""

    def __init__(self, map, **kwargs):
        super().__init__(map, min=1, max=MAX_ID, **kwargs)


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def reject_nul_bytes() -> None:
    """NUL characters cannot be stored (PostgreSQL refuses them); answer 400, not 500."""
    if (
        "\x00" in request.path
        or _has_nul(request.args.values())
        or (request.method == "POST" and _has_nul(request.form.values()))
    ):
        raise BadRequest("The request contained a character that cannot be stored (NUL).")


def register(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    app.before_request(reject_nul_bytes)
