"""What credentials add to the member profile page, through forum/profiles/hooks.py: the
member's verified credentials and unverified claims (never a number), and on one's own
profile the link to manage them."""

from __future__ import annotations

from forum.credentials import queries
from forum.profiles import hooks


def register() -> None:
    """Plug the credentials section into profile pages (idempotent)."""
    hooks.register_page_extra("credentials", queries.profile_extra)
    hooks.register_template(
        "below_header",
        "credentials/profile_part.html",
        when=lambda extras: extras.get("credentials") is not None,
    )
