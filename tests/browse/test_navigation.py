"""The header on every page: its links, its search box, and the login link's ?next=."""

import re

import pytest

from tests.factories import PASSWORD, make_thread, make_user


def _nav(html: str) -> str:
    return html.split('<nav class="container nav" aria-label="Main">', 1)[1].split("</nav>", 1)[0]


def _login_href(html: str) -> str:
    match = re.search(r'<a href="(/login[^"]*)">Log in</a>', _nav(html))
    assert match, "no Log in link in the header"
    return match.group(1)


def test_header_links_to_the_latest_page_and_marks_the_current_one(client):
    home = _nav(client.get("/").get_data(as_text=True))
    assert '<a href="/latest">Latest</a>' in home
    latest = _nav(client.get("/latest").get_data(as_text=True))
    assert '<a href="/latest" aria-current="page">Latest</a>' in latest


def test_login_link_has_no_stray_question_mark(client):
    thread = make_thread()
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert _login_href(page) == f"/login?next=/threads/{thread.id}"
    # The "Log in or join Rounds to reply" link under the posts, too.
    assert f'href="/login?next=/threads/{thread.id}">Log in</a> or' in page
    assert '?">' not in page


def test_login_link_keeps_a_query_string(client):
    page = client.get("/latest?page=1").get_data(as_text=True)
    assert _login_href(page) == "/login?next=/latest?page%3D1"


def test_login_link_returns_to_the_page_after_logging_in(client):
    user = make_user()
    thread = make_thread()
    href = _login_href(client.get(f"/threads/{thread.id}").get_data(as_text=True))
    response = client.submit(href, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/threads/{thread.id}"


@pytest.mark.parametrize("url", ["/search", "/search?q=stent"])
def test_search_page_has_one_search_box(client, url):
    html = client.get(url).get_data(as_text=True)
    assert html.count('type="search"') == 1
    assert 'class="nav-search"' not in html


def test_other_pages_have_the_header_search_box(client):
    html = client.get("/latest").get_data(as_text=True)
    assert 'class="nav-search"' in _nav(html) and html.count('type="search"') == 1
