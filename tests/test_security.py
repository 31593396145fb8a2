"""Site-wide defences: CSRF on every POST route, security headers, no inline script,
error pages in the layout without tracebacks, cookie flags, sanitised posts on the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

import forum
from forum.auth.models import User
from forum.exceptions import NotAllowed, RateLimited
from forum.extensions import db
from forum.threads.models import Post
from tests import factories
from tests.conftest import CSRF_INPUT

TEMPLATES = Path(forum.__file__).parent / "templates"
CSRF_MESSAGE = "Your form expired or was sent from elsewhere. Please reload and try again."
SKIP_LINK = '<a class="skip-link" href="#main">Skip to content</a>'
MAIN_NAV = 'aria-label="Main"'
STRICT_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


class Markup(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside <script> elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def inline_scripts(self) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == "script" and not attrs.get("src")]

    def event_handlers(self) -> list[tuple[str, str]]:
        return [(tag, name) for tag, attrs in self.tags for name in attrs if name.startswith("on")]

    def script_urls(self) -> list[str]:
        return [
            value
            for _, attrs in self.tags
            for name, value in attrs.items()
            if name in {"href", "src", "action", "formaction"}
            and value
            and re.sub(r"[\x00-\x20]", "", value).lower().startswith(("javascript:", "data:"))
        ]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [word.lower() for word in words[1:]]
    return directives


@pytest.fixture
def world(app):
    """A moderator with a thread, a reply and a second user: enough for every URL to exist."""
    moderator = factories.make_user(role="moderator", username="mod")
    specialty = factories.make_specialty(slug="cardiology")
    topic = factories.make_topic(slug="wearables")
    thread = factories.make_thread(author=moderator, specialty=specialty, topics=[topic])
    reply = factories.make_post(thread, author=moderator, body="A reply with **bold**.")
    other = factories.make_user(username="other")
    return {
        "moderator": moderator,
        "thread_id": thread.id,
        "post_id": reply.id,
        "username": other.username,
        "slug": specialty.slug,
        "topic_slug": topic.slug,
    }


def url_values(rule, world) -> dict:
    """Arguments for `rule` that point at rows in `world` (or any id, for unknown names)."""
    values = {}
    for name in rule.arguments:
        if name in world:
            values[name] = world[name]
        elif name == "slug" or name.endswith("slug"):
            values[name] = world["slug"]
        elif isinstance(rule._converters[name], IntegerConverter):
            values[name] = 1
        else:
            values[name] = "x"
    return values


def urls_for(app, world, method: str) -> dict[str, str]:
    """{endpoint: url} for every rule accepting `method` (static files aside)."""
    urls = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if method in rule.methods and rule.endpoint != "static":
                values = url_values(rule, world)
                if rule.endpoint == "browse.topic":
                    values["slug"] = world["topic_slug"]
                urls[rule.endpoint] = url_for(rule.endpoint, **values)
    return urls


def log_in(client, username: str) -> None:
    response = client.submit("/login", {"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302


# --- (a) CSRF on every POST route ----------------------------------------------------------------


# RFC 8058 one-click unsubscribe: mail clients POST to it with no session, so no CSRF
# token; the signed token in its URL authorises it (a bad one, like "x" here, answers 404).
CSRF_EXEMPT = {"notification_email.unsubscribe"}


def test_every_post_route_refuses_a_request_without_csrf_token(app, client, world):
    log_in(client, "mod")
    urls = urls_for(app, world, "POST")
    assert {"auth.login", "auth.logout", "threads.reply", "threads.state"} <= set(urls)

    answers = {}
    for endpoint, url in urls.items():
        response = client.post(url, data={"body": "Sneaky reply body", "action": "lock",
                                          "title": "A sneaky thread title"})
        answers[endpoint] = (response.status_code, CSRF_MESSAGE in response.get_data(as_text=True))

    assert answers == {
        endpoint: (404, False) if endpoint in CSRF_EXEMPT else (400, True) for endpoint in urls
    }
    assert db.session.scalar(select(Post).where(Post.body_md == "Sneaky reply body")) is None


def test_every_post_route_refuses_a_wrong_csrf_token(app, client, world):
    log_in(client, "mod")

    refused = {
        endpoint: client.post(url, data={"csrf_token": "forged-token"}).status_code
        for endpoint, url in urls_for(app, world, "POST").items()
    }

    assert {status for endpoint, status in refused.items() if endpoint not in CSRF_EXEMPT} == {400}
    assert refused["notification_email.unsubscribe"] == 404


def test_csrf_token_from_another_session_is_refused(app, client, world):
    attacker, victim = app.test_client(), client
    # A context of its own, so the token Flask-WTF caches in `g` stays with the attacker.
    with app.app_context():
        attacker_token = attacker.csrf_token("/login")
    log_in(victim, "mod")

    response = victim.post(
        f"/threads/{world['thread_id']}/reply",
        data={"csrf_token": attacker_token, "body": "Planted by the attacker"},
    )

    assert response.status_code == 400
    assert db.session.scalar(select(Post).where(Post.body_md == "Planted by the attacker")) is None


# --- (b) security headers on every page ----------------------------------------------------------


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    csp = csp_directives(headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts, f"{where}: no script-src or default-src"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(
        scripts
    ), f"{where}: script-src {scripts}"
    assert csp.get("object-src") == ["'none'"], where
    assert "base-uri" in csp, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in STRICT_REFERRER_POLICIES, where
    framing_denied = csp.get("frame-ancestors") in (["'none'"], ["'self'"]) or headers.get(
        "X-Frame-Options"
    ) in ("DENY", "SAMEORIGIN")
    assert framing_denied, where


def assert_no_inline_script(response, where: str) -> None:
    markup = Markup(response.get_data(as_text=True))
    assert markup.inline_scripts() == [], where
    assert markup.event_handlers() == [], where
    assert markup.script_urls() == [], where


@pytest.mark.parametrize("visitor", ["anonymous", "moderator"])
def test_every_html_page_sends_security_headers_and_has_no_inline_script(
    app, client, world, visitor
):
    if visitor == "moderator":
        log_in(client, "mod")
    urls = urls_for(app, world, "GET")
    urls["missing page"] = "/no/such/page"

    html_pages = 0
    for endpoint, url in urls.items():
        response = client.get(url)
        assert_security_headers(response, f"{endpoint} {url} ({response.status_code})")
        if response.mimetype == "text/html":
            html_pages += 1
            assert_no_inline_script(response, f"{endpoint} {url}")

    assert html_pages >= 10


def test_security_headers_are_on_static_files_and_redirects_too(client, world):
    with client.get("/static/css/rounds.css") as static:
        assert static.status_code == 200
    redirect = client.get(f"/posts/{world['post_id']}")

    assert redirect.status_code == 302
    assert_security_headers(static, "static")
    assert_security_headers(redirect, "redirect")


# --- (c) templates carry no inline script --------------------------------------------------------

TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))
TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def test_template_scan_finds_the_templates():
    names = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATE_FILES}

    assert {"base.html", "errors/error.html", "threads/show.html", "_macros/forms.html"} <= names


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_template_has_no_inline_script_event_handler_or_inline_style(path):
    source = path.read_text()

    inline_scripts = [m.group(0) for m in SCRIPT_TAG.finditer(source) if "src=" not in m.group(1)]
    handlers = [tag for tag in TAG.findall(source) if EVENT_ATTRIBUTE.search(tag)]
    inline_styles = re.findall(r"<style\b|\sstyle\s*=", source, re.IGNORECASE)

    assert inline_scripts == []
    assert handlers == []
    assert inline_styles == []  # style-src 'self' would block them
    assert "javascript:" not in source.lower()


# --- (d) error pages -----------------------------------------------------------------------------

SECRET_DETAIL = "database password is hunter2"


@pytest.fixture
def failing_routes(app):
    """Routes that fail on purpose; registered before the app serves its first request."""

    def explode():
        db.session.add(User(username="ghost", email="ghost@example.org", password_hash="x",
                            display_name="Ghost", profession="other"))
        db.session.flush()
        raise RuntimeError(SECRET_DETAIL)

    def slow_down():
        raise RateLimited("Too many requests from you. Try again in 42 seconds.", retry_after=42)

    def forbidden():
        raise NotAllowed("Only moderators can see this.")

    app.add_url_rule("/_test/explode", "test_explode", explode)
    app.add_url_rule("/_test/slow-down", "test_slow_down", slow_down)
    app.add_url_rule("/_test/forbidden", "test_forbidden", forbidden)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer with the 500 page as in production


def assert_error_page(response, status: int, title: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert SKIP_LINK in html and MAIN_NAV in html and 'class="site-footer"' in html
    assert f'<p class="error-code">{status}</p>' in html
    assert f"<h1>{title}</h1>" in html
    assert "Traceback" not in html and 'File "' not in html
    assert_security_headers(response, f"error {status}")
    return html


def test_400_page_for_missing_csrf_token(client):
    html = assert_error_page(client.post("/login", data={"username": "x"}), 400, "Bad request")

    assert CSRF_MESSAGE in html


def test_403_page_for_editing_someone_elses_post(client, world, login):
    login(role="member")

    response = client.get(f"/posts/{world['post_id']}/edit")

    html = assert_error_page(response, 403, "Not allowed")
    assert "You can only edit your own posts." in html


def test_403_page_for_not_allowed_domain_error(failing_routes, client):
    html = assert_error_page(client.get("/_test/forbidden"), 403, "Not allowed")

    assert "Only moderators can see this." in html


def test_404_page_for_unknown_url(client):
    assert_error_page(client.get("/no/such/page"), 404, "Page not found")


def test_404_page_for_unknown_thread(client):
    html = assert_error_page(client.get("/threads/999999"), 404, "Page not found")

    assert "There is no such thread." in html


def test_405_page_for_wrong_method_lists_allowed_methods(client):
    response = client.get("/logout")

    assert_error_page(response, 405, "Method not allowed")
    assert "POST" in response.headers["Allow"]


def test_413_page_for_too_large_body(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024

    response = client.post("/login", data={"username": "x" * 4096, "password": "y"})

    assert_error_page(response, 413, "Too large")


def test_429_page_for_rate_limited_domain_error_has_retry_after(failing_routes, client):
    response = client.get("/_test/slow-down")

    html = assert_error_page(response, 429, "Slow down")
    assert "Too many requests from you. Try again in 42 seconds." in html
    assert response.headers["Retry-After"] == "42"


def test_429_login_page_after_failed_logins_is_in_the_layout(app, client, auth):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = 2
    factories.make_user(username="alice")
    auth.login("alice", "wrong-password")
    auth.login("alice", "wrong-password")

    response = auth.login("alice")

    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert SKIP_LINK in html
    assert "Too many failed log-in attempts." in html


def test_500_page_hides_the_error_and_rolls_back_the_session(failing_routes, client):
    response = client.get("/_test/explode")

    html = assert_error_page(response, 500, "Something went wrong")
    assert SECRET_DETAIL not in html
    assert "RuntimeError" not in html
    assert db.session.scalar(select(User).where(User.username == "ghost")) is None
    assert client.get("/").status_code == 200  # the next request is served normally


def test_500_is_logged_with_the_exception(failing_routes, client, caplog):
    client.get("/_test/explode")

    assert any(
        record.levelname == "ERROR" and record.exc_info and SECRET_DETAIL in str(record.exc_info[1])
        for record in caplog.records
    )


# --- (e) cookie flags ----------------------------------------------------------------------------


def set_cookie(response, name: str) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert headers, f"no {name} cookie set"
    return headers[0]


def cookie_flags(header: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}


def test_session_cookie_is_httponly_and_samesite_lax(client):
    cookie = set_cookie(client.get("/login"), "session")

    assert "httponly" in cookie_flags(cookie)
    assert "SameSite=Lax" in cookie
    assert "secure" not in cookie_flags(cookie)  # TESTING runs on plain http


def test_cookies_are_secure_when_session_cookie_secure_is_set(app, client):
    app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    factories.make_user(username="alice")
    form = client.get("/login", base_url="https://rounds.test")
    token = CSRF_INPUT.search(form.get_data(as_text=True)).group(1)

    response = client.post(
        "/login",
        base_url="https://rounds.test",
        headers={"Referer": "https://rounds.test/login"},  # Flask-WTF checks it over https
        data={"username": "alice", "password": factories.PASSWORD, "remember": "y",
              "csrf_token": token},
    )

    assert response.status_code == 302
    assert "secure" in cookie_flags(set_cookie(form, "session"))
    assert "secure" in cookie_flags(set_cookie(response, "session"))
    remember = set_cookie(response, "remember_token")
    assert {"secure", "httponly"} <= cookie_flags(remember)
    assert "SameSite=Lax" in remember


# --- (f) posted HTML is sanitised on the page ----------------------------------------------------

ATTACKS = (
    "<script>alert('xss-script')</script>\n\n"
    '<img src="x" onerror="alert(\'xss-img\')">\n\n'
    "[click me](javascript:alert('xss-link'))\n\n"
    '<a href="javascript:alert(1)" onclick="alert(2)">raw link</a>\n\n'
    "<iframe src=\"https://evil.example\"></iframe>\n\n"
    "<svg onload=\"alert('xss-svg')\"></svg>\n\n"
    "<style>body{display:none}</style>"
)


def test_thread_page_shows_posted_html_sanitised(client):
    thread = factories.make_thread(body=ATTACKS, replies=0)
    factories.make_post(thread, body=ATTACKS)

    response = client.get(f"/threads/{thread.id}")

    markup = Markup(response.get_data(as_text=True))
    tags = [tag for tag, _ in markup.tags]
    assert response.status_code == 200
    assert "script" not in tags and "iframe" not in tags and "svg" not in tags
    assert "style" not in tags
    assert markup.inline_scripts() == []
    assert markup.event_handlers() == []
    assert markup.script_urls() == []
    assert "<script>" not in response.get_data(as_text=True)


def test_reply_posted_through_the_form_is_sanitised_on_the_page(client, login, world):
    login(role="member")

    posted = client.submit(
        f"/threads/{world['thread_id']}/reply", {"body": ATTACKS + "\n\nStill here."}
    )
    page = client.get(f"/threads/{world['thread_id']}")

    assert posted.status_code == 302
    html = page.get_data(as_text=True)
    assert "Still here." in html
    markup = Markup(html)
    assert markup.inline_scripts() == [] and markup.event_handlers() == []
    assert markup.script_urls() == []


def test_reply_preview_is_sanitised(client, login, world):
    login(role="member")

    response = client.submit(
        f"/threads/{world['thread_id']}/reply", {"body": ATTACKS, "preview": "Preview"}
    )

    assert response.status_code == 200
    assert 'id="preview-heading"' in response.get_data(as_text=True)
    markup = Markup(response.get_data(as_text=True))
    assert markup.inline_scripts() == [] and markup.event_handlers() == []
    assert markup.script_urls() == []
