"""Quoting a post into a reply: the Markdown it makes, and the "Quote" link without JavaScript."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from forum.content import render_markdown
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.threads import service
from forum.threads.models import Post
from forum.threads.quoting import quote_markdown
from tests.factories import make_post, make_thread, make_user

TEXTAREA = re.compile(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', re.DOTALL)


class Elements(HTMLParser):
    """(tag, attributes, depth) of every start tag, and the text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, int]] = []
        self.text: list[str] = []
        self.depth = 0
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.depth))
        if tag not in {"br", "hr", "img"}:
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        self.text.append(data)

    def names(self) -> list[str]:
        return [tag for tag, _, _ in self.tags]


def reply_box(page: str) -> str:
    match = TEXTAREA.search(page)
    assert match, "no reply box on the page"
    return html.unescape(match.group(1)).lstrip("\r\n")


# --- the Markdown


def test_quote_is_a_block_quote_closed_by_a_linked_attribution():
    quoted = quote_markdown("Line one\n\nLine two", "Dr Ada Obi", "/posts/12")
    assert quoted == "> Line one\n>\n> Line two\n>\n> — [Dr Ada Obi](/posts/12)\n\n"


def test_quote_renders_as_one_block_quote_linking_back_to_the_post():
    parsed = Elements(
        render_markdown(quote_markdown("We saw **fewer** readmissions.", "Dr A", "/posts/7"))
    )
    assert parsed.names() == ["blockquote", "p", "strong", "p", "a"]
    assert [attrs for tag, attrs, _ in parsed.tags if tag == "a"] == [{"href": "/posts/7"}]
    assert "".join(parsed.text).split() == ["We", "saw", "fewer", "readmissions.", "—", "Dr", "A"]


def test_quote_keeps_line_breaks_lists_and_windows_newlines():
    quoted = quote_markdown("first line  \r\nsecond\r\n\r\n* a\r\n  * b\r\n", "Dr A", "/posts/1")
    assert quoted.startswith("> first line  \n> second\n>\n> * a\n>   * b\n>\n> — ")
    parsed = Elements(render_markdown(quoted))
    assert parsed.names()[:3] == ["blockquote", "p", "br"]
    lists = [(tag, depth) for tag, _, depth in parsed.tags if tag == "ul"]
    assert len(lists) == 2 and lists[1][1] > lists[0][1]  # the nested list stays nested


def test_fenced_code_stays_code_inside_the_quote():
    body = "Our rule:\n```python\nif hr > 120:\n    alert()\n```\nThat is all."
    parsed = Elements(render_markdown(quote_markdown(body, "Dr A", "/posts/3")))
    assert parsed.names()[:4] == ["blockquote", "p", "pre", "code"]
    assert "if hr > 120:\n    alert()\n" in parsed.text
    assert "```" not in "".join(parsed.text)


def test_unclosed_fence_is_quoted_as_written():
    assert quote_markdown("```\nnot closed", "Dr A", "/posts/3").startswith("> ```\n> not closed\n")


def test_quoting_a_quote_nests_it():
    parsed = Elements(render_markdown(quote_markdown("> earlier\n\nmine", "Dr A", "/posts/3")))
    quotes = [depth for tag, _, depth in parsed.tags if tag == "blockquote"]
    assert quotes == [0, 1]


@pytest.mark.parametrize(
    "name", ["Dr [Evil](javascript:alert(1))", "Dr *star* _under_ `tick`", "Dr <b>Bold</b> \\"]
)
def test_author_name_cannot_change_the_attribution_link(name):
    parsed = Elements(render_markdown(quote_markdown("text", name, "/posts/9")))
    links = [attrs for tag, attrs, _ in parsed.tags if tag == "a"]
    assert links == [{"href": "/posts/9"}]
    assert {"em", "strong", "code", "b"}.isdisjoint(parsed.names())
    assert name.replace("\\", "") in "".join(parsed.text).replace("\\", "")


# --- the "Quote" link, without JavaScript


def test_quote_link_opens_the_reply_page_with_the_post_quoted(client, login):
    thread = make_thread(body="Opening question about **wearables**.")
    post = make_post(
        thread, make_user(display_name="Dr Lena Hoffmann"), body="Patches work.\n\nMostly."
    )
    login()
    page = client.get(f"/threads/{thread.id}/reply?quote={post.id}")
    assert page.status_code == 200
    assert reply_box(page.get_data(as_text=True)) == (
        f"> Patches work.\n>\n> Mostly.\n>\n> — [Dr Lena Hoffmann](/posts/{post.id})\n\n"
    )


def test_submitting_the_quoted_reply_links_back_to_the_post(client, login):
    thread = make_thread()
    post = make_post(thread, body="Start low, go slow.")
    login()
    body = reply_box(
        client.get(f"/threads/{thread.id}/reply?quote={post.id}").get_data(as_text=True)
    )
    response = client.submit(
        f"/threads/{thread.id}/reply", {"body": body + "Agreed.", "submit": "Post"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(
        rf'<blockquote>\s*<p>Start low, go slow.</p>\s*<p>— <a href="/posts/{post.id}">', page
    )


def test_quote_of_nothing_quotable_is_ignored_without_an_error(client, login):
    thread = make_thread(replies=1)
    other = make_thread(body="A post in another thread.")
    author = make_user()
    deleted = make_post(thread, author, body="Deleted words.")
    service.delete_post(author, service.get_post(author, deleted.id))
    hidden = make_post(thread, body="Hidden words.")
    hidden.hidden_at = utcnow()  # as a moderator hides it
    db.session.commit()
    login()
    for value in [
        "999999",
        "abc",
        "-1",
        "0",
        "99999999999999999999",
        "",
        str(deleted.id),
        str(hidden.id),
    ]:
        response = client.get(f"/threads/{thread.id}/reply?quote={value}")
        assert response.status_code == 200, value
        assert reply_box(response.get_data(as_text=True)) == "", value
    opening_of_other = _opening_post_id(other)
    response = client.get(f"/threads/{thread.id}/reply?quote={opening_of_other}")
    assert response.status_code == 200
    assert reply_box(response.get_data(as_text=True)) == ""


def _opening_post_id(thread) -> int:
    return db.session.scalar(select(Post.id).where(Post.thread_id == thread.id).order_by(Post.id))


def test_thread_page_has_a_quote_link_on_each_visible_post(client, login):
    thread = make_thread(replies=2)
    author = make_user(display_name='Dr "Quotes" <Smith>')
    gone = make_post(thread, author, body="Soon deleted.")
    service.delete_post(author, service.get_post(author, gone.id))
    anonymous = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert 'class="quote-link"' not in anonymous
    login()
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    links = re.findall(
        r'<a class="quote-link" href="([^"]+)" data-quote-author="([^"]*)" '
        r'data-quote-permalink="([^"]+)">Quote<span class="sr-only"> post #(\d+)</span>',
        page,
    )
    assert [number for *_, number in links] == ["1", "2", "3"]  # not the deleted fourth
    for href, author_name, permalink, _ in links:
        post_id = permalink.rsplit("/", 1)[1]
        assert html.unescape(href) == f"/threads/{thread.id}/reply?quote={post_id}"
        assert permalink == f"/posts/{post_id}" and author_name
    assert 'src="/static/js/quote.js"' in page


def test_locked_thread_page_has_no_quote_links(client, login):
    thread = make_thread(replies=1)
    service.set_thread_state(make_user(role="moderator"), thread, locked=True)
    login()
    assert 'class="quote-link"' not in client.get(f"/threads/{thread.id}").get_data(as_text=True)
