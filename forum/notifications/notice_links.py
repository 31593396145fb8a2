"""Where a notice's link leads: the path notify() stored, as a URL of this app.

A notice's link is a path as the app's own routes spell it ("/posts/12",
"/moderation/users/ana"), without any prefix the app is mounted under. It is
matched against the URL map and built again with url_for, so the address the
notifications page redirects to carries the mount prefix (APPLICATION_ROOT), and the
one in an email is absolute (forum/notifications/email_compose.py). A link that is
not a same-site path, or that leads to no page (a route since removed), is None:
the callers fall back to the notifications page rather than send anyone to a 404
or off the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from flask import current_app, url_for
from werkzeug.exceptions import HTTPException

from forum.redirects import is_safe_path


@dataclass(frozen=True, slots=True)
class Target:
    """A notice's link as a route: url_for(endpoint, **values), then the suffix
    ("?query#fragment", or "")."""

    endpoint: str
    values: dict
    suffix: str


def target(link: str | None) -> Target | None:
    """The page `link` leads to, or None (no link, not a same-site path, or no such page)."""
    if not is_safe_path(link):
        return None
    parts = urlsplit(link)
    try:
        # The server name is irrelevant here: routes are matched on the path alone.
        endpoint, values = current_app.url_map.bind("localhost").match(
            unquote(parts.path), method="GET"
        )
    except HTTPException:  # NotFound, MethodNotAllowed, and RequestRedirect (a slash)
        return None
    suffix = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )
    return Target(endpoint, values, suffix)


def local_url(link: str | None) -> str | None:
    """The URL a browser on this site opens for `link`, or None (see target)."""
    found = target(link)
    if found is None:
        return None
    return url_for(found.endpoint, **found.values) + found.suffix
