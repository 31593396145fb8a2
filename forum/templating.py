"""Jinja filters and globals for showing times and counts and for building links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache

from flask import Flask, request, url_for
from flask.globals import request_ctx
from markupsafe import Markup

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
    # Every part is made here from a datetime (digits, words, "UTC"), so nothing
    # needs escaping; a plain f-string is half the cost of Markup.format on list pages.
    return Markup(f"{_time_opening(moment)}{relative_time(moment)}</time>")


@lru_cache(maxsize=4096)
def _time_opening(moment: datetime) -> str:
    """The opening <time> tag of `moment`. Only the relative text changes as time passes, so
    the formatted parts (half of time_tag's cost, 20-60 times a page) are kept per moment."""
    moment = moment.astimezone(UTC)
    return f'<time datetime="{moment.isoformat(timespec="seconds")}" title="{exact_time(moment)}">'


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 reply', '3 replies'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


# Placeholders spliced out of a sample URL; the number fits every id converter.
_TEXT_MARKER = "0rounds0marker0"
_NUMBER_MARKER = 1234567891


def link(endpoint: str, value) -> str:
    """url_for(endpoint, <its single argument>=value), for links a page repeats many times.

    url_for walks werkzeug's builder each time (~10 µs, 60-150 times on a list
    page); here url_for runs once per endpoint and mount point, and later links
    splice the value, converted by the rule's own converter, into that pattern.
    Text values (usernames, slugs: a few hundred, each on many pages) also keep their
    quoted form, and one context lookup finds both the app and the mount point.
    """
    ctx = request_ctx._get_current_object()
    patterns = ctx.app.extensions.get("rounds_url_patterns")
    if patterns is None:
        patterns = ctx.app.extensions["rounds_url_patterns"] = {}
    key = (endpoint, ctx.request.script_root)
    pattern = patterns.get(key)
    if pattern is None:
        (rule,) = ctx.app.url_map.iter_rules(endpoint)
        (argument,) = rule.arguments
        converter = rule._converters[argument]
        numeric = hasattr(converter, "num_convert")
        marker = _NUMBER_MARKER if numeric else _TEXT_MARKER
        prefix, suffix = url_for(endpoint, **{argument: marker}).split(str(marker))
        to_url = converter.to_url if numeric else lru_cache(maxsize=4096)(converter.to_url)
        pattern = patterns[key] = (prefix, suffix, to_url)
    prefix, suffix, to_url = pattern
    return prefix + to_url(value) + suffix


_PAGE_MARKER = 987654321987  # a page number no real link carries


def page_links(endpoint: str, args: dict) -> Callable[[int], str]:
    """A function giving url_for(endpoint, **args, page=n) for each page link of a pager.

    url_for runs once, for a marker page; each link then splices its number in. If the
    marker is not found exactly once (a query that happens to contain it), every link
    falls back to url_for.
    """
    url = url_for(endpoint, **dict(args, page=_PAGE_MARKER))
    parts = url.split(f"page={_PAGE_MARKER}")
    if len(parts) != 2:
        return lambda n: url_for(endpoint, **dict(args, page=n))
    before, after = parts[0] + "page=", parts[1]
    return lambda n: f"{before}{n}{after}"


def current_path() -> str:
    """This page's path, plus `?query` only when it has one, for links like ?next=.

    request.full_path always ends in "?", so a login link from /threads/1 carried
    next=/threads/1? and landed back on a URL with a stray question mark.
    """
    path = request.script_root + request.path
    query = request.query_string.decode("utf-8", "replace")
    return f"{path}?{query}" if query else path


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    # link is also a filter, `'threads.show'|link(thread.id)`: Jinja calls a filter
    # directly but a global through Context.call, which costs as much as link itself.
    # The partials that repeat per post or per row use the filter form.
    app.jinja_env.filters.update(
        time_tag=time_tag, relative_time=relative_time, plural=plural, link=link
    )
    app.jinja_env.globals.update(link=link, current_path=current_path, page_links=page_links)
