"""Jinja filters for showing times and counts."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from markupsafe import Markup, escape

_UNITS = (
    (365 * 24 * 3600, "year"),
    (30 * 24 * 3600, "month"),
    (7 * 24 * 3600, "week"),
    (24 * 3600, "day"),
    (3600, "hour"),
    (60, "minute"),
)


def relative_time(moment: datetime, now: datetime | None = None) -> str:
    """'3 hours ago', 'just now', 'in 2 days' for an aware datetime."""
    now = now or datetime.now(UTC)
    seconds = int((now - moment).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    for size, unit in _UNITS:
        if seconds >= size:
            count = seconds // size
            label = f"{count} {unit}{'' if count == 1 else 's'}"
            return f"in {label}" if future else f"{label} ago"
    return "just now"  # pragma: no cover - the loop always returns for >= 60


def exact_time(moment: datetime) -> str:
    """The exact UTC time, shown on hover."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def time_tag(moment: datetime | None) -> Markup:
    """A <time> element: relative text, exact time on hover, machine-readable datetime."""
    if moment is None:
        return Markup("")
    iso = moment.astimezone(UTC).isoformat(timespec="seconds")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        iso, exact_time(moment), relative_time(moment)
    )


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 reply', '3 replies'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        time_tag=time_tag, relative_time=relative_time, plural=plural, escape=escape
    )
