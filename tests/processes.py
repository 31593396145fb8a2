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


def finish(workers: list, errors, timeout: float) -> None:
    """Wait for the child processes (killing any still running after `timeout` seconds),
    then fail with every traceback they reported on `errors`, or if any exited non-zero."""
    for worker in workers:
        worker.join(timeout=timeout)
        if worker.is_alive():
            worker.kill()
            worker.join()
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert not failures, failures
    assert [worker.exitcode for worker in workers] == [0] * len(workers)
