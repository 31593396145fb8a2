"""Fixtures for the browser tests: a live server, Debian's Chromium, a page that records errors.

The browser is the system Chromium (installed by the project's setup), never a
downloaded one, launched with flags that keep it off the network. Screenshots go
to test-artifacts/e2e/ at the repository root.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from forum import create_app, effects
from forum.extensions import db
from tests import database, factories

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@dataclass
class LiveServer:
    url: str
    app: object
    specialty: str
    topics: list[str]


@pytest.fixture
def live_server(tmp_path, database_url):
    """The app served over HTTP on 127.0.0.1, with one specialty and two research topics."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "search_index"),
            "AFTER_COMMIT": "background",  # as in production; stopped at teardown
            # Fixtures post the same default text again and again (as in tests/conftest.py).
            "DUPLICATE_POST_MINUTES": 0,
        }
    )
    with app.app_context():
        database.prepare(app)
        specialty = factories.make_specialty("Cardiology", slug="cardiology")
        topics = [
            factories.make_topic("Digital health", slug="digital-health"),
            factories.make_topic("Clinical trials", slug="clinical-trials"),
        ]
        names = (specialty.name, [t.name for t in topics])
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, names[0], names[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        effects.stop(app)
        with app.app_context():
            database.clean(app)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; fails (never skips) when it is missing."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}. The project's setup installs Debian's "
            "`chromium` package; install it (apt-get install chromium) or set CHROMIUM_PATH. "
            "Do not run `playwright install`: these tests use the system browser.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class BrowserErrors:
    """Console errors and uncaught page errors (CSP violations appear as console errors)."""

    messages: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        assert not self.messages, "browser reported errors:\n" + "\n".join(self.messages)


@pytest.fixture
def browser_errors() -> BrowserErrors:
    return BrowserErrors()


@pytest.fixture
def make_page(browser, live_server, browser_errors):
    """Open a page in a fresh browser context (own cookies) at the given viewport size."""
    contexts = []

    def _make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()

        def on_console(message):
            if message.type == "error":
                browser_errors.messages.append(f"console: {message.text} ({page.url})")

        def on_page_error(error):
            browser_errors.messages.append(f"pageerror: {error} ({page.url})")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        return page

    yield _make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """Save a full-page PNG as test-artifacts/e2e/<name>.png; returns the path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot
