"""Account pages through the client: register, log in and out, password, limits, safe `next`.

Also the unit tests for forum.redirects.is_safe_path and the create-user CLI command.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from flask import g
from sqlalchemy import select

from forum import create_app
from forum.auth.models import User
from forum.extensions import db
from forum.redirects import is_safe_path
from tests import factories
from tests.conftest import FormClient

NEW_PASSWORD = "a-brand-new-passphrase"


class FormPage(HTMLParser):
    """What a user sees in a rendered form: field values and the error next to each field."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}
        self._capture: tuple[str, str] | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            if attrs.get("type") == "checkbox":
                self.values[attrs["name"]] = "checked" if "checked" in attrs else ""
            else:
                self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._capture = ("value", attrs["name"])
            self.values[attrs["name"]] = ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""
        elif tag == "p" and attrs.get("class") == "error":
            self._capture = ("error", attrs["id"].removesuffix("-error"))
            self.errors[self._capture[1]] = ""

    def handle_endtag(self, tag):
        if tag in ("textarea", "p"):
            self._capture = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._capture:
            kind, name = self._capture
            target = self.values if kind == "value" else self.errors
            target[name] += data if kind == "value" else data.strip()


def page(response) -> FormPage:
    return FormPage(response.get_data(as_text=True))


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def registration(**fields) -> dict:
    data = {
        "username": "jokafor",
        "email": "jane.okafor@example.org",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "display_name": "Dr Jane Okafor",
        "profession": "surgeon",
        "specialty_id": "0",
        "institution": "St Elsewhere",
        "bio": "",
    }
    data.update(fields)
    return data


def set_cookie(response, name: str) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return header
    return None


def new_visitor(app):
    """Another browser, logged out. The pushed app context outlives requests (see
    is_logged_in), so the previous client's user and CSRF token cached in `g` go first."""
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    return app.test_client()


def is_logged_in(client) -> bool:
    """Ask the site whether the client's cookies log it in.

    The app fixture keeps one app context pushed, which every request reuses, so
    Flask-Login's cached user in `g` would otherwise survive from the previous request.
    """
    g.pop("_login_user", None)
    return client.get("/account/password").status_code == 200


# --- register ------------------------------------------------------------------------------------


def test_register_page_shows_the_form(client):
    response = client.get("/register")

    assert response.status_code == 200
    assert {"username", "email", "password", "confirm", "display_name", "csrf_token"} <= set(
        page(response).values
    )


def test_register_creates_account_logs_in_and_welcomes(client):
    specialty = factories.make_specialty(name="Cardiology")

    response = client.submit("/register", registration(specialty_id=str(specialty.id)))

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    user = db.session.scalar(select(User).where(User.username == "jokafor"))
    assert user.specialty_id == specialty.id
    assert user.check_password(NEW_PASSWORD)
    home = client.get("/")
    assert "Welcome to Rounds, Dr Jane Okafor." in text(home)
    assert is_logged_in(client)


def test_register_taken_username_is_shown_next_to_field_keeping_typed_values(client):
    factories.make_user(username="jokafor")

    response = client.submit(
        "/register", registration(username="JOKAFOR", email="fresh@example.org")
    )

    form = page(response)
    assert response.status_code == 200
    assert form.errors == {"username": "That username is taken."}
    assert form.values["username"] == "JOKAFOR"
    assert form.values["email"] == "fresh@example.org"
    assert form.values["display_name"] == "Dr Jane Okafor"
    assert form.values["institution"] == "St Elsewhere"
    assert form.values["profession"] == "surgeon"
    assert form.values["password"] == ""  # never echoed back
    assert NEW_PASSWORD not in response.get_data(as_text=True)


def test_register_taken_email_is_shown_next_to_email(client):
    factories.make_user(username="someone", email="jane.okafor@example.org")

    form = page(client.submit("/register", registration(email="JANE.OKAFOR@example.org")))

    assert form.errors == {"email": "An account with that email already exists."}
    assert form.values["username"] == "jokafor"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"password": "short", "confirm": "short"}, "password", "Use at least 10 characters."),
        ({"confirm": "something-else-entirely"}, "confirm", "The passwords do not match."),
        ({"username": "dr who"}, "username", "Use 3–30 letters, digits, underscores or hyphens."),
        ({"username": "ab"}, "username", "Use 3–30 letters, digits, underscores or hyphens."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"display_name": ""}, "display_name", "Enter the name to show on your posts."),
    ],
)
def test_register_shape_errors_are_shown_next_to_their_field(client, fields, field, message):
    response = client.submit("/register", registration(**fields))

    assert response.status_code == 200
    assert page(response).errors == {field: message}
    assert "Please correct the marked fields below." in text(response)
    assert db.session.scalar(select(User)) is None


def test_register_while_logged_in_goes_home(client, login):
    login()

    response = client.get("/register")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# --- login, remember me, logout ------------------------------------------------------------------


@pytest.mark.parametrize("login_as", ["alice", "ALICE", "alice@example.org"])
def test_login_by_username_or_email_redirects_home_with_welcome(client, auth, login_as):
    factories.make_user(username="alice", display_name="Dr Alice Ng")

    response = auth.login(login_as)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Welcome back, Dr Alice Ng." in text(client.get("/"))


def test_login_wrong_password_shows_error_and_keeps_username(client, auth):
    factories.make_user(username="alice")

    response = auth.login("alice", "wrong-password")

    form = page(response)
    assert response.status_code == 200
    assert form.errors == {"password": "Wrong username or password."}
    assert form.values["username"] == "alice"
    assert form.values["password"] == ""
    assert not is_logged_in(client)


def test_login_without_remember_sets_no_remember_cookie(client, auth):
    factories.make_user(username="alice")

    response = auth.login("alice")

    assert response.status_code == 302
    assert set_cookie(response, "remember_token") is None


def test_login_with_remember_sets_httponly_lax_remember_cookie(client):
    factories.make_user(username="alice")

    response = client.submit(
        "/login", {"username": "alice", "password": factories.PASSWORD, "remember": "y"}
    )

    cookie = set_cookie(response, "remember_token")
    assert cookie is not None
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie


def test_remember_cookie_keeps_user_logged_in_after_session_is_lost(client):
    factories.make_user(username="alice")
    client.submit("/login", {"username": "alice", "password": factories.PASSWORD, "remember": "y"})

    client.delete_cookie("session", domain="rounds.test")

    assert is_logged_in(client)


def test_without_remember_losing_the_session_logs_out(client, auth):
    factories.make_user(username="alice")
    auth.login("alice")

    client.delete_cookie("session", domain="rounds.test")

    assert not is_logged_in(client)


def test_logout_by_post_with_csrf_logs_out(client, auth, login):
    login()

    response = auth.logout()

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "You have logged out." in text(client.get("/"))
    assert not is_logged_in(client)


def test_logout_by_get_is_refused_with_405_page(client, login):
    login()

    response = client.get("/logout")

    assert response.status_code == 405
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert "POST" in allowed and "GET" not in allowed
    assert "Method not allowed" in text(response)
    assert 'class="skip-link"' in response.get_data(as_text=True)
    assert is_logged_in(client)


def test_logout_without_csrf_token_is_refused(client, login):
    login()

    response = client.post("/logout")

    assert response.status_code == 400
    assert is_logged_in(client)


# --- change password -----------------------------------------------------------------------------


def test_change_password_page_requires_login(client):
    response = client.get("/account/password")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_change_password_changes_it_and_redirects_to_profile(client, auth, login):
    user = login(username="alice")

    response = client.submit(
        "/account/password",
        {"current": factories.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/members/alice"
    assert "Your password has been changed." in text(client.get("/members/alice"))
    assert is_logged_in(client)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)
    auth.logout()
    assert auth.login("alice", factories.PASSWORD).status_code == 200
    assert auth.login("alice", NEW_PASSWORD).status_code == 302


def test_changing_the_password_ends_every_other_session_and_renews_this_one(app, client):
    factories.make_user(username="alice")

    def log_in(browser, remember):
        g.pop("csrf_token", None)
        fields = {"username": "alice", "password": factories.PASSWORD}
        response = browser.submit("/login", {**fields, "remember": "y"} if remember else fields)
        assert response.status_code == 302

    def with_only_remember_cookie(browser):
        cookie = browser.get_cookie("remember_token", domain="rounds.test")
        assert cookie is not None
        fresh = new_visitor(app)
        fresh.set_cookie("remember_token", cookie.value, domain="rounds.test")
        return fresh

    log_in(client, remember=True)  # this device, remembered
    laptop = new_visitor(app)
    log_in(laptop, remember=False)
    phone = new_visitor(app)
    log_in(phone, remember=True)
    assert is_logged_in(laptop) and is_logged_in(with_only_remember_cookie(phone))

    g.pop("csrf_token", None)
    changed = client.submit(
        "/account/password",
        {"current": factories.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert changed.status_code == 302
    assert is_logged_in(client)  # the session that changed it goes on
    assert is_logged_in(with_only_remember_cookie(client))  # with a renewed remember-me cookie
    assert not is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert not is_logged_in(with_only_remember_cookie(phone))


def test_a_session_naming_a_user_without_the_token_is_not_logged_in(client, login):
    user = login(username="alice")
    assert is_logged_in(client)
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # as sessions were before the token existed
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"current": "not-my-password"}, "current", "That is not your current password."),
        ({"password": "short", "confirm": "short"}, "password", "Use at least 10 characters."),
        ({"confirm": "does-not-match-at-all"}, "confirm", "The passwords do not match."),
    ],
)
def test_change_password_errors_are_shown_next_to_their_field(client, login, fields, field,
                                                             message):
    user = login()
    data = {"current": factories.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    data.update(fields)

    response = client.submit("/account/password", data)

    assert response.status_code == 200
    assert page(response).errors == {field: message}
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)


# --- too many registrations ----------------------------------------------------------------------


def test_too_many_registrations_from_one_address_get_429_and_keep_the_form(app, client):
    app.config.update(REGISTER_LIMIT_PER_ADDRESS=2)

    def register(username: str, address: str = "203.0.113.9"):
        visitor = new_visitor(app)
        visitor.environ_base["REMOTE_ADDR"] = address
        fields = registration(username=username, email=f"{username}@x.org")
        return visitor.submit("/register", fields)

    assert [register(f"user{n}").status_code for n in range(2)] == [302, 302]

    blocked = register("third")

    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= app.config["REGISTER_LIMIT_WINDOW"] + 1
    form = page(blocked)
    assert form.errors["username"].startswith("Too many accounts were created from your network")
    assert form.values["username"] == "third"  # what was typed is kept
    assert db.session.scalar(select(User).where(User.username == "third")) is None
    assert register("third", address="198.51.100.4").status_code == 302  # others are not held


# --- too many failed logins ----------------------------------------------------------------------


@pytest.fixture
def limits(app):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT=3, LOGIN_LIMIT_PER_ADDRESS=4)
    return app.config


def test_too_many_failed_logins_for_account_get_429_with_clear_message(client, auth, limits):
    factories.make_user(username="alice")
    for _ in range(3):
        assert auth.login("alice", "wrong-password").status_code == 200

    response = auth.login("alice")  # the right password does not get through either

    assert response.status_code == 429
    assert page(response).errors["password"].startswith(
        "Too many failed log-in attempts. Try again in about"
    )
    assert not is_logged_in(client)



def test_too_many_failed_logins_answer_has_retry_after_header(client, auth, limits):
    factories.make_user(username="alice")
    for _ in range(3):
        auth.login("alice", "wrong-password")

    response = auth.login("alice")

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= limits["LOGIN_LIMIT_WINDOW"] + 1


def test_too_many_failed_logins_from_one_address_block_that_address_only(client, auth, limits):
    factories.make_user(username="bob")
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    for n in range(4):
        assert auth.login(f"guess{n}", "wrong-password").status_code == 200

    blocked = auth.login("bob")

    assert blocked.status_code == 429
    assert "Too many failed log-in attempts" in page(blocked).errors["password"]
    client.environ_base["REMOTE_ADDR"] = "198.51.100.2"
    assert auth.login("bob").status_code == 302


def test_forwarded_for_header_is_ignored_without_trusted_proxies(client, auth, limits):
    factories.make_user(username="bob")
    for n in range(4):
        auth.client.submit(
            "/login",
            {"username": f"guess{n}", "password": "wrong-password"},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        )

    response = client.submit(
        "/login",
        {"username": "bob", "password": factories.PASSWORD},
        headers={"X-Forwarded-For": "192.0.2.99"},
    )

    assert response.status_code == 429


def test_behind_trusted_proxy_address_limit_counts_each_forwarded_client(app):
    proxied = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
            "SERVER_NAME": app.config["SERVER_NAME"],
            "TRUSTED_PROXIES": 1,
            "LOGIN_LIMIT_PER_ADDRESS": 4,
        }
    )
    proxied.test_client_class = FormClient
    with proxied.app_context():
        try:
            factories.make_user(username="bob")
            client = proxied.test_client()
            client.environ_base["REMOTE_ADDR"] = "10.0.0.1"  # the reverse proxy
            for n in range(4):
                client.submit(
                    "/login",
                    {"username": f"guess{n}", "password": "wrong-password"},
                    headers={"X-Forwarded-For": "203.0.113.7"},
                )

            response = client.submit(
                "/login",
                {"username": "bob", "password": factories.PASSWORD},
                headers={"X-Forwarded-For": "198.51.100.2"},
            )
        finally:
            db.session.remove()
            db.engine.dispose()

    assert response.status_code == 302


# --- safe `next` ---------------------------------------------------------------------------------

HOSTILE_TARGETS = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\/evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example",
    "HTTPS://evil.example/path",
    "http://rounds.test.evil.example/",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "%2f%2fevil.example",
    "%252F%252Fevil.example",
    "%25252F%25252Fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "%5C%5Cevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "  //evil.example",
    "\t//evil.example",
    "evil.example",
    "／／evil.example",
    "data:text/html,<script>alert(1)</script>",
    "/%" + "25" * 6 + "2Fevil.example",  # "//evil.example" percent-encoded seven times
]
GOOD_TARGETS = [
    "/threads/1?page=2",
    "/threads/1?page=2#post-5",
    "/members/alice",
    "/specialties/cardiology",
    "/search?q=stent%20trial&page=3",
    "/",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_login_ignores_hostile_next_in_query_string(client, target):
    factories.make_user(username="alice")

    response = client.submit(
        "/login?" + urlencode({"next": target}),
        {"username": "alice", "password": factories.PASSWORD},
        form_url="/login",
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_login_ignores_hostile_next_in_form_field(client, target):
    factories.make_user(username="alice")

    response = client.submit(
        "/login", {"username": "alice", "password": factories.PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", GOOD_TARGETS)
def test_login_follows_same_site_next(client, target):
    factories.make_user(username="alice")

    response = client.submit(
        "/login?" + urlencode({"next": target}),
        {"username": "alice", "password": factories.PASSWORD},
        form_url="/login",
    )

    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_login_form_posts_back_to_the_same_next(client):
    form_html = client.get("/login?next=" + quote("/threads/1?page=2", safe="")).get_data(
        as_text=True
    )

    assert 'action="/login?next=/threads/1?page%3D2"' in form_html


def test_register_follows_same_site_next_and_ignores_hostile(client, auth):
    good = client.submit("/register?next=%2Fthreads%2F4", registration())
    auth.logout()
    bad = client.submit(
        "/register?next=%2F%2Fevil.example",
        registration(username="second", email="second@example.org"),
    )

    assert good.headers["Location"] == "/threads/4"
    assert bad.headers["Location"] == "/"


def test_login_with_nul_in_next_is_refused_not_followed(client):
    factories.make_user(username="alice")

    response = client.submit(
        "/login", {"username": "alice", "password": factories.PASSWORD, "next": "/\x00//evil"}
    )

    assert response.status_code == 400
    assert "Location" not in response.headers
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    "target", HOSTILE_TARGETS + ["/\x00/evil.example", None, "", "/" + "a" * 2000]
)
def test_is_safe_path_rejects_offsite_and_malformed_targets(target):
    assert is_safe_path(target) is False


@pytest.mark.parametrize("target", GOOD_TARGETS + ["/threads/1?next=//evil.example"])
def test_is_safe_path_accepts_same_site_paths(target):
    assert is_safe_path(target) is True


# --- flask create-user ---------------------------------------------------------------------------


def test_create_user_command_creates_admin(app, runner):
    result = runner.invoke(
        args=["create-user", "chief", "--role", "admin"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )

    assert result.exit_code == 0, result.output
    assert "Created admin chief." in result.output
    user = db.session.scalar(select(User).where(User.username == "chief"))
    assert user.roles == {"admin"}
    assert user.email == "chief@rounds.invalid"
    assert user.check_password(NEW_PASSWORD)


def test_create_user_command_refuses_short_password(app, runner):
    result = runner.invoke(args=["create-user", "chief", "--role", "admin"], input="short\nshort\n")

    assert result.exit_code != 0
    assert "use at least 10 characters" in result.output
    assert db.session.scalar(select(User)) is None


def test_create_user_command_refuses_duplicate_username(app, runner):
    factories.make_user(username="chief")

    result = runner.invoke(
        args=["create-user", "CHIEF", "--role", "admin"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )

    assert result.exit_code != 0
    assert "username: That username is taken." in result.output
    assert db.session.scalar(select(User).where(User.username == "chief")).roles == frozenset()


def test_create_user_command_refuses_unknown_role(app, runner):
    result = runner.invoke(
        args=["create-user", "chief", "--role", "emperor"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )

    assert result.exit_code != 0
    assert "emperor" in result.output
    assert db.session.scalar(select(User)) is None
