"""The real server: gunicorn with several workers sharing one database."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from forum.extensions import db
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(database_url: str, tmp_path: Path, **settings: str):
    """Serve the database with three gunicorn workers (the project's gunicorn.conf.py);
    yields the base URL once they answer."""
    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        SECRET_KEY="gunicorn-test-secret",
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
        **settings,
    )
    env.pop("AFTER_COMMIT", None)  # the default, "background", as in production
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    log = tmp_path / "gunicorn.log"
    log_file = log.open("wb")
    server = subprocess.Popen(
        [
            str(gunicorn_bin),
            "--workers",
            "3",
            "--no-control-socket",
            "--bind",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/login", timeout=10):
                    break
            except OSError:  # refused, reset or timed out while the workers boot
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(log.read_text()[-2000:]) from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log_file.close()


@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    factories.make_user(username="target")
    db.session.remove()
    with serve(database_url, tmp_path, LOGIN_LIMIT_PER_ACCOUNT="4") as base:
        yield base


def _failed_login(base: str) -> int:
    """A fresh client (new connection, new cookie jar) that logs in with a wrong password."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "username": "target", "password": "wrong-password!"}
    ).encode()
    try:
        with opener.open(base + "/login", data=data, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_login_limit_holds_across_gunicorn_workers(gunicorn):
    statuses = [_failed_login(gunicorn) for _ in range(6)]
    # Each attempt is a new connection that any of the three workers may take;
    # the count lives in the database, so the fifth and later are refused.
    assert statuses == [200, 200, 200, 200, 429, 429]


def _threads_matching(base: str, word: str) -> str:
    with urllib.request.urlopen(f"{base}/search?q={word}", timeout=30) as response:
        page = response.read().decode()
    return re.search(r"([\d,]+) threads? matched", page).group(1)


def _eventually(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def test_a_new_server_applies_changes_written_while_none_ran(app, database_url, tmp_path):
    # Written with no server running and no sync (as `seed-demo` on a new database).
    factories.make_thread(title="Sepsis bundles in the emergency department")
    db.session.remove()
    with serve(database_url, tmp_path, AFTER_COMMIT_POLL_SECONDS="1") as base:
        # Each worker catches up as it boots, before anyone posts.
        assert _eventually(lambda: _threads_matching(base, "sepsis") == "1", 15)
        # A write from another process (this one) reaches the index within the interval.
        factories.make_thread(title="Procalcitonin to stop antibiotics early")
        db.session.remove()
        assert _eventually(lambda: _threads_matching(base, "procalcitonin") == "1", 15)
