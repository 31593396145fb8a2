"""Fixtures the mentorship tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def as_user(client, auth):
    """Log the client in as `user` (out of whoever was logged in before)."""
    current = []

    def _as(user):
        """None: a guest (the test's app context keeps the last user on g, so a second
        client would not do)."""
        if current:
            auth.logout()
            current.clear()
        if user is not None:
            assert auth.login(user.username).status_code == 302
            current[:] = [user]

    return _as
