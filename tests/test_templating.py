"""Display helpers: relative times with the exact time on hover, counts, and fast links."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import url_for

from forum.templating import link, plural, relative_time, time_tag

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "delta, text",
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(hours=3, minutes=59), "3 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=15), "2 weeks ago"),
        (timedelta(days=400), "1 year ago"),
        (-timedelta(days=2), "in 2 days"),
    ],
)
def test_relative_time(delta, text):
    assert relative_time(NOW - delta, now=NOW) == text


def test_time_tag_carries_exact_utc_time_for_hover():
    moment = datetime(2026, 3, 1, 8, 30, 15, tzinfo=UTC)
    html = str(time_tag(moment))
    assert html.startswith(
        '<time datetime="2026-03-01T08:30:15+00:00" title="2026-03-01 08:30 UTC">'
    )
    assert html.endswith("</time>")
    assert str(time_tag(None)) == ""


def test_plural():
    assert plural(1, "reply", "replies") == "1 reply"
    assert plural(1200, "reply", "replies") == "1,200 replies"
    assert plural(0, "thread") == "0 threads"


@pytest.mark.parametrize(
    "endpoint, argument, value",
    [
        ("threads.show", "thread_id", 7),
        ("threads.post", "post_id", 2147483647),
        ("threads.history", "post_id", 1),
        ("profiles.show", "username", "dr_who-2"),
        ("profiles.show", "username", "needs quoting/é?"),
        ("browse.topic", "slug", "ai-diagnostics"),
        ("browse.specialty", "slug", "emergency-medicine"),
    ],
)
def test_link_builds_exactly_what_url_for_builds(app, endpoint, argument, value):
    for script_root in ("", "/forum"):
        with app.test_request_context("/", base_url=f"http://rounds.test{script_root}/"):
            assert link(endpoint, value) == url_for(endpoint, **{argument: value})
