"""Where credentials show: a badge per credential on each post's author card and on the
profile, "Verified: ..." or "Unverified: ...", at no query per post; and the number
nowhere others can read it."""

from __future__ import annotations

import re

import pytest

from forum import effects
from forum.auth.service import find_user
from forum.credentials import demo, service, thread_page
from forum.credentials.models import Credential
from forum.credentials.service import has_verified_credential
from forum.extensions import db
from forum.notifications import email
from tests import factories

NUMBER = "NMC-SECRET-88123"
VERIFIED = "Verified: Registered Nurse, UK NMC"
UNVERIFIED = "Unverified: Independent Prescriber, UK NMC"


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def nurse():
    """A member with a verified credential, an unverified claim and a rejected one."""
    user = factories.make_user(username="nurse_ana", display_name="Ana Ruiz")
    factories.make_credential(user, number=NUMBER)
    factories.make_credential(user, "pending", profession="Independent Prescriber")
    factories.make_credential(user, "rejected", profession="Consultant Surgeon")
    return user


def test_the_thread_page_shows_each_authors_badges(client, nurse):
    thread = factories.make_thread(author=nurse)
    factories.make_post(thread, factories.make_user(), "A reply by a member with none.")

    page = _text(client.get(f"/threads/{thread.id}"))

    assert page.count(VERIFIED) == 1 and page.count(UNVERIFIED) == 1
    assert "badge-credential-verified" in page and "badge-credential-unverified" in page
    card = re.search(r'<div class="author-card">(.*?)</div>', page, re.DOTALL).group(1)
    assert "Ana Ruiz" in card and VERIFIED in card  # on the author card, not the post
    assert page.index(VERIFIED) < page.index(UNVERIFIED)  # verified first
    assert "Consultant Surgeon" not in page  # a rejected claim is not shown
    assert NUMBER not in page


def test_the_parts_follow_the_post_rows_with_no_query(app, count_queries):
    rows = [
        type("Row", (), {"id": 1, "more": {thread_page.COLUMN: "p:B, UK X\x1fv:A, UK Y"}})(),
        type("Row", (), {"id": 2, "more": {thread_page.COLUMN: None}})(),
    ]
    with count_queries() as statements:
        parts = thread_page.post_parts(None, None, rows)
    assert statements == []
    placed = parts[1].author_badges
    assert [badge.label for badge in placed] == ["Verified: A, UK Y", "Unverified: B, UK X"]
    assert parts[1].badges == ()  # about the author, not the post
    assert 2 not in parts


def test_the_thread_page_costs_the_same_queries_with_credentials_on_every_post(
    client, count_queries
):
    def queries_for(with_credentials: bool) -> int:
        thread = factories.make_thread()
        for n in range(19):
            author = factories.make_user("moderator")  # staff skip the posting rate limit
            if with_credentials:
                factories.make_credential(author, profession=f"Nurse {n}")
                factories.make_credential(author, "pending", profession=f"Prescriber {n}")
            factories.make_post(thread, author, f"Reply {n}.")
        with count_queries() as statements:
            page = _text(client.get(f"/threads/{thread.id}"))
        assert ("Verified: Nurse 18, UK NMC" in page) is with_credentials
        return len(statements)

    assert queries_for(False) == queries_for(True)


def test_the_profile_shows_the_badges_and_its_owner_the_link_to_manage_them(
    client, auth, nurse
):
    page = _text(client.get("/members/nurse_ana"))
    assert VERIFIED in page and UNVERIFIED in page and "Consultant Surgeon" not in page
    assert "not yet checked by a moderator" in page  # the words say which, not colour
    assert NUMBER not in page and "Manage your credentials" not in page

    auth.login("nurse_ana")
    own = _text(client.get("/members/nurse_ana"))
    assert "Manage your credentials" in own and 'href="/credentials"' in own
    assert NUMBER not in own  # the number is on /credentials only


def test_a_profile_without_credentials_shows_no_section_to_others(client, auth):
    factories.make_user(username="plain_member")
    assert "Professional credentials" not in _text(client.get("/members/plain_member"))
    auth.login("plain_member")
    own = _text(client.get("/members/plain_member"))
    assert "Professional credentials" in own and 'href="/credentials"' in own


def test_the_number_is_on_no_page_feed_search_or_email_for_others(
    app, client, runner, login, nurse, smtp_server
):
    other = login()
    thread = factories.make_thread(author=other, title="Nurse-led clinics for heart failure")
    factories.make_post(thread, nurse, "Our heart failure clinic is nurse-led.")
    pending = factories.make_credential(nurse, "pending", number="NMC-SECRET-99999")
    service.verify_credential(factories.make_user("moderator"), pending.id, "Checked.")
    runner.invoke(args=["search", "sync"])
    # What the after-commit runner does: the fan-out, then the emails it names.
    for effect in ("notifications", email.MAIL_EFFECT, "mail"):
        effects.run_now([effect])
    pages = [
        f"/threads/{thread.id}",
        "/members/nurse_ana",
        "/latest",
        "/feeds/latest.atom",
        f"/feeds/threads/{thread.id}.atom",
        "/search?q=heart+failure",
        "/notifications",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Nurse-led clinics" in _text(response) or url == "/members/nurse_ana", url
        assert NUMBER not in _text(response), url
    assert len(smtp_server.messages) == 2  # the reply to `other`, the notice to the nurse
    for message in smtp_server.messages:
        assert NUMBER not in message.as_string() and "99999" not in message.as_string()
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name == Credential.__tablename__:
                continue
            for row in conn.execute(table.select()):
                assert NUMBER not in repr(tuple(row)), table.name
                assert "NMC-SECRET-99999" not in repr(tuple(row)), table.name


def test_the_demo_gives_mentors_verified_credentials_and_the_queue_work(app):
    for username in [demo.REVIEWER, *demo.VERIFIED, *demo.PENDING, *demo.REJECTED]:
        factories.make_user(username=username)

    counts = demo.seed_demo()

    assert counts == {
        "verified": sum(len(held) for held in demo.VERIFIED.values()),
        "pending": len(demo.PENDING),
        "rejected": len(demo.REJECTED),
    }
    assert demo.seed_demo() == {"verified": 0, "pending": 0, "rejected": 0}
    for username in demo.VERIFIED:
        assert has_verified_credential(find_user(username).id), username
    assert not has_verified_credential(find_user("marcus_bell").id)
