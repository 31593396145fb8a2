"""@mentions in the Markdown pipeline: members' names become profile links, nothing else does."""

from __future__ import annotations

from html.parser import HTMLParser

from forum import content
from forum.extensions import db
from forum.threads.models import Post
from tests.factories import make_post, make_thread, make_user

KNOWN = {"rohan_patel": "/members/rohan_patel", "ana-costa": "/members/ana-costa"}


class Links(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def test_a_known_name_links_to_the_profile_and_an_unknown_one_stays_text():
    html = content.render_markdown("Ask @Rohan_Patel or @someone_else.", KNOWN)
    assert html == (
        '<p>Ask <a class="mention" href="/members/rohan_patel">@Rohan_Patel</a>'
        " or @someone_else.</p>"
    )


def test_mentions_in_code_blocks_inline_code_and_links_stay_as_they_are():
    source = (
        "```\nping @rohan_patel\n```\n\n"
        "Run `notify @rohan_patel` or see [@rohan_patel](https://ok.example) and "
        "https://ok.example/@rohan_patel\n\n"
        "    indented @ana-costa"
    )
    html = content.render_markdown(source, KNOWN)
    assert 'class="mention"' not in html
    assert html == content.render_markdown(source)


def test_addresses_and_paths_are_not_mentions():
    html = content.render_markdown("Write to desk@rohan_patel.org or /@ana-costa", KNOWN)
    assert 'class="mention"' not in html


def test_mentions_work_in_quotes_lists_and_emphasis():
    html = content.render_markdown("> thanks @ana-costa\n\n- **@rohan_patel**", KNOWN)
    assert content.mentioned_names(html) == ["ana-costa", "rohan_patel"]


def test_a_post_cannot_forge_a_mention_link():
    html = content.render_markdown('<a class="mention" href="/members/x">@rohan_patel</a>', KNOWN)
    assert content.mentioned_names(html) == []
    assert Links(html).links == [{"href": "/members/x"}]  # the cleaner dropped the class


def test_candidates_come_from_the_source_in_order_and_once():
    assert content.mention_candidates("@B_name, @a_name and @b_NAME; mail x@c_name.org") == [
        "b_name",
        "a_name",
    ]


def test_posts_link_the_mentions_of_members_who_exist(app):
    make_user(username="rohan_patel")
    reply = make_post(make_thread(), body="Over to @rohan_patel and @ghost_user.")
    html = db.session.get(Post, reply.id).body_html
    assert '<a class="mention" href="/members/rohan_patel">@rohan_patel</a>' in html
    assert "@ghost_user" in html and html.count("<a ") == 1


def test_re_rendering_links_a_member_who_joined_later(app):
    from forum.threads import service

    reply = make_post(make_thread(), body="Waiting for @late_joiner.")
    make_user(username="late_joiner")
    assert service.rerender_posts() >= 1
    db.session.expire_all()
    assert content.mentioned_names(db.session.get(Post, reply.id).body_html) == ["late_joiner"]
