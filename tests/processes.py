"""For tests that race several processes against one database: the app each process
builds for itself, on the test's database and search index."""

from __future__ import annotations

from flask import Flask


def process_app(database_url: str, index_dir: str) -> Flask:
    """A fresh app in this (child) process, sharing the test's database and index, with
    no after-commit runner (the test applies effects itself)."""
    from forum import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "concurrency-test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": index_dir,
            "AFTER_COMMIT": "off",
        }
    )
