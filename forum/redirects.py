"""Only ever redirect within the site."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import redirect, request, url_for


def is_safe_path(target: str | None) -> bool:
    """True for a same-site path like /threads/3?page=2, whatever encoding tricks are tried."""
    if not target or len(target) > 2000:
        return False
    candidate = target
    for _ in range(5):  # undo nested percent-encoding (%252F -> %2F -> /)
        decoded = unquote(candidate)
        if decoded == candidate:
            break
        candidate = decoded
    else:
        return False
    # Browsers drop tabs and newlines from URLs and treat "\" as "/".
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in candidate):
        return False
    candidate = candidate.replace("\\", "/")
    if not candidate.startswith("/") or candidate.startswith("//"):
        return False
    parts = urlsplit(candidate)
    return not parts.scheme and not parts.netloc


def redirect_next(default_endpoint: str = "browse.home", **values):
    """Redirect to ?next= (or the form's next field) when safe, else to `default_endpoint`."""
    target = request.args.get("next") or request.form.get("next")
    if is_safe_path(target):
        return redirect(target)
    return redirect(url_for(default_endpoint, **values))
