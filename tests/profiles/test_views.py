"""Member profile pages: what they show, and editing your own."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import pytest

from forum.auth.models import User
from forum.extensions import db
from forum.threads import service as threads
from tests import factories


class Fields(HTMLParser):
    """Values of a rendered form's fields and the error shown next to each."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}
        self._into: tuple[dict, str] | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self.values[attrs["name"]] = ""
            self._into = (self.values, attrs["name"])
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""
        elif tag == "p" and attrs.get("class") == "error":
            name = attrs["id"].removesuffix("-error")
            self.errors[name] = ""
            self._into = (self.errors, name)

    def handle_endtag(self, tag):
        if tag in ("textarea", "p"):
            self._into = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._into:
            target, name = self._into
            target[name] += data

    def error(self, name: str) -> str | None:
        return self.errors[name].strip() if name in self.errors else None

    def value(self, name: str) -> str:
        return self.values[name].lstrip("\r\n")


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def profile_form(**fields) -> dict:
    data = {
        "display_name": "Prof Ada Byron",
        "profession": "researcher",
        "specialty_id": "0",
        "institution": "Analytical Hospital",
        "bio": "Engines and enzymes.",
    }
    data.update(fields)
    return data


# --- the profile page ----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "label"), [("moderator", "Moderator"), ("mentor", "Mentor"),
                                             ("admin", "Admin")])
def test_profile_shows_role_badge(client, role, label):
    factories.make_user(role=role, username="ada")

    response = client.get("/members/ada")

    assert response.status_code == 200
    assert f'<span class="badge badge-{role}">{label}</span>' in response.get_data(as_text=True)


def test_profile_of_plain_member_has_no_role_badge(client):
    factories.make_user(username="ada")

    html = client.get("/members/ada").get_data(as_text=True)

    assert 'class="badge badge-' not in html


def test_profile_shows_name_profession_specialty_institution_and_bio(client):
    specialty = factories.make_specialty(name="Cardiology", slug="cardiology")
    factories.make_user(
        username="ada",
        display_name="Prof Ada Byron",
        profession="researcher",
        specialty_id=specialty.id,
        institution="Analytical Hospital",
        bio="Engines & enzymes.",
    )

    page = text(client.get("/members/ada"))

    assert "Prof Ada Byron" in page
    assert "@ada · Researcher" in page
    assert '<a href="/specialties/cardiology">Cardiology</a>' in page
    assert "Analytical Hospital" in page
    assert "Engines & enzymes." in page


def test_profile_escapes_user_supplied_text(client):
    factories.make_user(username="ada", display_name="<b>Ada</b>", bio="<script>x()</script>")

    html = client.get("/members/ada").get_data(as_text=True)

    assert "<b>Ada</b>" not in html
    assert "&lt;b&gt;Ada&lt;/b&gt;" in html
    assert "<script>" not in html


def test_profile_lists_threads_started_and_replies(client):
    ada = factories.make_user(username="ada")
    started = factories.make_thread(author=ada, title="Wearable ECG patches in triage")
    elsewhere = factories.make_thread(title="Robotic bronchoscopy outcomes")
    factories.make_post(elsewhere, author=ada, body="Our unit saw shorter procedure times.")

    page = text(client.get("/members/ada"))

    assert f'href="/threads/{started.id}">Wearable ECG patches in triage</a>' in page
    assert "Re: Robotic bronchoscopy outcomes" in page
    assert "Our unit saw shorter procedure times." in page
    assert "1 thread · 1 reply" in page


def test_profile_leaves_out_deleted_replies(client):
    ada = factories.make_user(username="ada")
    thread = factories.make_thread(title="Robotic bronchoscopy outcomes")
    kept = factories.make_post(thread, author=ada, body="This reply stays visible.")
    gone = factories.make_post(thread, author=ada, body="This reply was withdrawn.")
    threads.delete_post(ada, threads.get_post(None, gone.id))

    page = text(client.get("/members/ada"))

    assert "This reply stays visible." in page
    assert f"/posts/{kept.id}" in page
    assert "This reply was withdrawn." not in page
    assert f"/posts/{gone.id}" not in page
    assert "1 reply" in page and "2 replies" not in page


def test_profile_opening_posts_are_not_listed_as_replies(client):
    ada = factories.make_user(username="ada")
    factories.make_thread(author=ada, title="Wearable ECG patches in triage")

    page = text(client.get("/members/ada"))

    assert "Re: Wearable ECG patches in triage" not in page
    assert "No replies yet." in page


def test_profile_url_ignores_case_of_username(client):
    factories.make_user(username="ada", display_name="Prof Ada Byron")

    response = client.get("/members/ADA")

    assert response.status_code == 200
    assert "Prof Ada Byron" in text(response)


def test_profile_of_unknown_member_is_404_page(client):
    response = client.get("/members/nobody")

    assert response.status_code == 404
    assert "There is no member with that username." in text(response)
    assert 'class="skip-link"' in response.get_data(as_text=True)


def test_profile_query_count_does_not_grow_with_threads_and_replies(client, count_queries):
    ada = factories.make_user(username="ada")
    thread = factories.make_thread(author=ada)
    factories.make_post(thread, author=ada)
    with count_queries() as few:
        assert client.get("/members/ada").status_code == 200

    specialty = factories.make_specialty()
    for _ in range(4):
        extra = factories.make_thread(author=factories.make_user(role="moderator"),
                                      specialty=specialty)
        threads.reply_to_thread(ada, extra, "Another reply from Ada.")
        threads.start_thread(ada, title="Yet another thread by Ada", specialty_id=specialty.id,
                             topic_ids=[factories.make_topic().id], kind="discussion",
                             body="Body.")
    with count_queries() as many:
        assert client.get("/members/ada").status_code == 200

    assert len(many) == len(few)
    assert len(few) <= 8


def test_owner_sees_edit_links_and_others_do_not(client, login):
    factories.make_user(username="bea")
    login(username="ada")

    own = client.get("/members/ada").get_data(as_text=True)
    other = client.get("/members/bea").get_data(as_text=True)

    assert 'href="/account/profile"' in own and 'href="/account/password"' in own
    assert 'href="/account/profile"' not in other


def test_anonymous_visitor_sees_no_edit_links(client):
    factories.make_user(username="ada")

    assert 'href="/account/profile"' not in client.get("/members/ada").get_data(as_text=True)


# --- editing your own profile --------------------------------------------------------------------


def test_edit_profile_requires_login(client):
    response = client.get("/account/profile")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount%2Fprofile"


def test_edit_profile_form_starts_with_current_values(client, login):
    specialty = factories.make_specialty(name="Nephrology")
    login(username="ada", display_name="Dr Ada", profession="nurse", specialty_id=specialty.id,
          institution="General Hospital", bio="Dialysis.")

    form = Fields(client.get("/account/profile").get_data(as_text=True))

    assert form.value("display_name") == "Dr Ada"
    assert form.value("profession") == "nurse"
    assert form.value("specialty_id") == str(specialty.id)
    assert form.value("institution") == "General Hospital"
    assert form.value("bio") == "Dialysis."


def test_edit_profile_saves_and_redirects_to_profile(client, login):
    specialty = factories.make_specialty(name="Cardiology")
    user = login(username="ada")

    response = client.submit("/account/profile", profile_form(specialty_id=str(specialty.id)))

    assert response.status_code == 302
    assert response.headers["Location"] == "/members/ada"
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert (stored.display_name, stored.profession, stored.specialty_id) == (
        "Prof Ada Byron", "researcher", specialty.id
    )
    assert (stored.institution, stored.bio) == ("Analytical Hospital", "Engines and enzymes.")
    page = text(client.get("/members/ada"))
    assert "Your profile is updated." in page
    assert "Prof Ada Byron" in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"display_name": ""}, "display_name", "Enter the name to show on your posts."),
        ({"display_name": "x" * 81}, "display_name", "Field cannot be longer than 80 characters."),
        ({"institution": "x" * 121}, "institution", "Field cannot be longer than 120 characters."),
        ({"profession": "wizard"}, "profession", "Not a valid choice."),
        ({"specialty_id": "9999"}, "specialty_id", "Not a valid choice."),
    ],
)
def test_edit_profile_errors_are_shown_next_to_field_keeping_values(client, login, fields, field,
                                                                   message):
    user = login(username="ada", display_name="Dr Unchanged")

    response = client.submit("/account/profile", profile_form(**fields))

    form = Fields(response.get_data(as_text=True))
    assert response.status_code == 200
    assert form.error(field) == message
    assert [name for name in form.errors if name != field] == []
    assert form.value("bio") == "Engines and enzymes."
    if field != "institution":
        assert form.value("institution") == "Analytical Hospital"
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Dr Unchanged"


def test_edit_profile_refuses_blank_display_name(client, login):
    user = login(username="ada", display_name="Dr Unchanged")

    response = client.submit("/account/profile", profile_form(display_name="   "))

    assert response.status_code == 200
    assert Fields(response.get_data(as_text=True)).error("display_name") == (
        "Enter the name to show on your posts."
    )
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Dr Unchanged"


def test_edit_profile_without_csrf_token_changes_nothing(client, login):
    user = login(username="ada", display_name="Dr Unchanged")

    response = client.post("/account/profile", data=profile_form())

    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Dr Unchanged"
