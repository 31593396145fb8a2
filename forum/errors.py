"""Error pages in the site's layout, and the mapping from domain errors to HTTP."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from forum.exceptions import Conflict, Invalid, NotAllowed, NotFound, RateLimited
from forum.extensions import db

TITLES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "You do not have permission to do that."),
    404: ("Page not found", "We could not find that page. It may have been moved or removed."),
    405: ("Method not allowed", "That page cannot be used this way."),
    409: ("Conflict", "That cannot be done right now."),
    413: ("Too large", "What you sent is larger than we accept."),
    429: ("Slow down", "Too many attempts. Please wait a little and try again."),
    500: ("Something went wrong", "An unexpected error occurred. It has been logged."),
}


def render_error(status: int, message: str | None = None, headers: dict | None = None):
    title, default = TITLES.get(status, ("Error", "Something went wrong."))
    body = render_template(
        "errors/error.html", status=status, title=title, message=message or default
    )
    return body, status, headers or {}


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if status >= 500:
            db.session.rollback()
        message = None
        if isinstance(error, CSRFError):
            message = "Your form expired or was sent from elsewhere. Please reload and try again."
        elif status == 400 and error.description and "NUL" in error.description:
            message = error.description
        headers = (
            {"Allow": ", ".join(error.valid_methods)}
            if status == 405 and getattr(error, "valid_methods", None)
            else None
        )
        return render_error(status, message, headers)

    def domain_error(status: int):
        def handler(error):
            return render_error(status, error.message or None)

        return handler

    for error_class, status in (
        (NotFound, 404),
        (NotAllowed, 403),
        (Conflict, 409),
        (Invalid, 400),
    ):
        app.register_error_handler(error_class, domain_error(status))

    @app.errorhandler(RateLimited)
    def rate_limited(error: RateLimited):
        return render_error(429, error.message, {"Retry-After": str(error.retry_after)})

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        db.session.rollback()
        app.logger.error(
            "Unhandled error on %s %s",
            request.method,
            request.path,
            exc_info=error.original_exception,
        )
        return render_error(500)
