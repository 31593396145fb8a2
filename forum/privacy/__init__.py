"""Patient privacy: the guard that checks every post, reply, edit, title and preview
for patient identifiers (HIPAA Safe Harbor) before anything is saved.

`check(text)` is the one entry point of the detector; forum/privacy/guard.py runs it
as a confirmable posting check (forum/threads/hooks.py).
"""

from __future__ import annotations

from flask import Flask

from forum.privacy.detector import check
from forum.privacy.findings import KINDS, Finding


def init_app(app: Flask) -> None:
    """Register the guard's posting check, pages and history notes."""


__all__ = ["KINDS", "Finding", "check", "init_app"]
