"""New accounts' first-day limits (links, mentions, threads, replies), which lift by
themselves, and the refusal of a post identical to the author's previous one; each
answers 429 with its message beside the post's text, never a 500."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select, update

from forum.dbtypes import utcnow
from forum.exceptions import RateLimited
from forum.extensions import db
from forum.moderation import new_accounts
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests.factories import PASSWORD, make_specialty, make_thread, make_topic, make_user

ESTABLISHED = timedelta(days=30)


@pytest.fixture(autouse=True)
def _documented_limits(app):
    # The documented defaults, whatever the suite's app fixture sets.
    app.config.update(
        NEW_ACCOUNT_HOURS=24,
        NEW_ACCOUNT_MAX_LINKS=2,
        NEW_ACCOUNT_MAX_MENTIONS=2,
        NEW_ACCOUNT_MAX_THREADS=3,
        NEW_ACCOUNT_MAX_REPLIES=10,
        DUPLICATE_POST_MINUTES=5,
    )
    app.config["POST_LIMIT"] = 1_000  # the per-minute limit is not what these tests test
    return app


@pytest.fixture
def place(app):
    return make_specialty(slug="cardiology"), make_topic(slug="wearables")


@pytest.fixture
def thread(place):
    specialty, topic = place
    return make_thread(
        author=make_user("moderator"), specialty=specialty, topics=[topic], title="Patch ECGs in AF"
    )


@pytest.fixture
def newcomer(client):
    """A member who joined an hour ago, signed in."""
    user = make_user(username="newcomer", created_at=utcnow() - timedelta(hours=1))
    assert (
        client.submit("/login", {"username": "newcomer", "password": PASSWORD}).status_code == 302
    )
    return user


def html(response) -> str:
    return unescape(response.get_data(as_text=True))


def body_error(response) -> str | None:
    match = re.search(r'<p class="error" id="body-error">([^<]*)</p>', html(response))
    return match.group(1).strip() if match else None


def reply(client, thread, body: str):
    return client.submit(f"/threads/{thread.id}/reply", {"body": body, "submit": "Post"})


def new_thread(client, place, body: str = "What do you use?", title: str = "Patch ECG monitors"):
    specialty, topic = place
    return client.submit(
        "/threads/new",
        {
            "title": title,
            "kind": "discussion",
            "specialty": str(specialty.id),
            "topics": [str(topic.id)],
            "body": body,
            "submit": "Post thread",
        },
    )


def posts_with(body: str) -> int:
    return db.session.scalar(select(func.count(Post.id)).where(Post.body_md == body))


# ---- links and mentions -------------------------------------------------------------------------


def test_a_new_member_may_put_two_links_in_a_post_not_three(client, newcomer, thread):
    two = "See https://a.example.org and [the trial](https://b.example.org)."
    assert reply(client, thread, two).status_code == 302

    three = "Also www.c.example.org, https://d.example.org and ![ecg](https://e.example.org/x.png)"
    response = reply(client, thread, three)
    assert response.status_code == 429
    retry = int(response.headers["Retry-After"])
    assert 22 * 3600 < retry <= 23 * 3600 + 1  # when the account is a day old
    assert body_error(response) == (
        "New members can put at most 2 links in a post during your first 24 hours; this one "
        "has 3. Remove some, or post them later. The limit lifts in about 23 hours."
    )
    assert three in html(response)  # what was typed is kept
    assert posts_with(three) == 0


def test_addresses_in_code_are_not_links(client, newcomer, thread):
    body = "Run `curl https://a.example.org` then\n\n```\nhttps://b.example.org\nhttps://c.example.org\n```"
    assert reply(client, thread, body).status_code == 302


def test_a_new_member_may_mention_two_members_not_three(client, newcomer, thread):
    for name in ("ana", "ben", "cy"):
        make_user(username=f"dr_{name}")
    assert reply(client, thread, "Thoughts, @dr_ana and @dr_ben?").status_code == 302

    response = reply(client, thread, "Thoughts, @dr_ana, @dr_ben and @DR_CY?")
    assert response.status_code == 429
    assert body_error(response).startswith(
        "New members can mention at most 2 members in a post during your first 24 hours; "
        "this one mentions 3."
    )
    # Names of nobody, and names in code, are not mentions.
    ok = "Ask @nobody_here, @no_one_else and @not_a_member; or run `@dr_cy`."
    assert reply(client, thread, ok).status_code == 302


def test_an_edit_cannot_add_what_a_new_post_could_not(client, newcomer, thread):
    own = threads.reply_to_thread(newcomer, thread, "A first thought.")
    many = "Links: https://a.example.org https://b.example.org https://c.example.org"
    response = client.submit(f"/posts/{own.id}/edit", {"body": many})
    assert response.status_code == 429
    assert body_error(response).startswith("New members can put at most 2 links in a post")
    assert db.session.get(Post, own.id).body_md == "A first thought."


# ---- threads and replies ------------------------------------------------------------------------


def test_a_new_member_starts_three_threads_in_their_first_day(client, newcomer, place):
    for n in range(3):
        assert new_thread(client, place, body=f"Question {n}").status_code == 302
    response = new_thread(client, place, body="Question 4", title="One thread too many today")
    assert response.status_code == 429
    assert body_error(response).startswith(
        "New members can start 3 threads during your first 24 hours, and you have."
    )
    assert 'value="One thread too many today"' in html(response)
    assert (
        db.session.scalar(select(func.count(Thread.id)).where(Thread.author_id == newcomer.id)) == 3
    )


def test_a_new_member_posts_ten_replies_in_their_first_day(client, newcomer, thread):
    for n in range(10):
        threads.reply_to_thread(newcomer, thread, f"Reply {n}")
    response = reply(client, thread, "Reply 11")
    assert response.status_code == 429
    assert body_error(response).startswith(
        "New members can post 10 replies during your first 24 hours, and you have."
    )
    assert posts_with("Reply 11") == 0


def test_the_limits_lift_by_themselves_after_the_first_day(client, newcomer, place):
    for n in range(3):
        assert new_thread(client, place, body=f"Question {n}").status_code == 302
    db.session.execute(
        update(type(newcomer))
        .where(type(newcomer).id == newcomer.id)
        .values(created_at=utcnow() - timedelta(hours=24, minutes=1))
    )
    db.session.commit()
    response = new_thread(client, place, body="https://a.org https://b.org https://c.org")
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["mentor", "moderator", "admin", "scoped"])
def test_members_an_admin_gave_a_role_are_exempt(app, place, role):
    specialty, topic = place
    author = make_user(
        "member" if role == "scoped" else role,
        created_at=utcnow(),
        moderates=[specialty] if role == "scoped" else [],
    )
    for n in range(4):
        threads.start_thread(
            author,
            title=f"Thread number {n} today",
            specialty_id=specialty.id,
            topic_ids=[topic.id],
            kind="discussion",
            body=f"https://a.org https://b.org https://c.org {n}",
        )


def test_established_members_have_no_first_day_limits(app, place, count_queries):
    specialty, topic = place
    author = make_user(created_at=utcnow() - ESTABLISHED)
    assert author.created_at and author.moderated_specialty_ids == frozenset()  # as loaded
    with count_queries() as statements:
        new_accounts.check_new_account(
            author,
            body="https://a.org https://b.org https://c.org",
            title="t",
            thread=None,
            post=None,
        )
    assert statements == []  # the account's age alone decides: no query


def test_zero_hours_turns_the_limits_off(app, newcomer, thread):
    app.config["NEW_ACCOUNT_HOURS"] = 0
    threads.reply_to_thread(newcomer, thread, "https://a.org https://b.org https://c.org")


# ---- the same post twice ------------------------------------------------------------------------


def test_the_same_post_twice_within_five_minutes_is_refused(client, newcomer, thread, place):
    text = "Has anyone tried the new patch?"
    assert reply(client, thread, text).status_code == 302
    other = make_thread(author=make_user("moderator"), specialty=place[0], topics=[place[1]])

    response = reply(client, other, "Has anyone  tried the new patch?\n")  # spacing aside
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 301
    assert body_error(response) == (
        "You posted exactly this a moment ago. Change it, or wait about 5 minutes to post it again."
    )
    assert posts_with(text) == 1

    # Five minutes later it may be posted again.
    db.session.execute(
        update(Post).where(Post.body_md == text).values(created_at=utcnow() - timedelta(minutes=6))
    )
    db.session.commit()
    assert reply(client, other, text).status_code == 302


def test_staff_are_held_to_the_duplicate_rule_too(app, thread):
    moderator = make_user("moderator")
    threads.reply_to_thread(moderator, thread, "Locking this soon.")
    with pytest.raises(RateLimited):
        threads.reply_to_thread(moderator, thread, "Locking this soon.")


def test_a_different_post_in_between_makes_it_no_repeat(app, thread):
    author = make_user(created_at=utcnow() - ESTABLISHED)
    threads.reply_to_thread(author, thread, "Agreed.")
    threads.reply_to_thread(author, thread, "See the guideline.")
    threads.reply_to_thread(author, thread, "Agreed.")
    assert posts_with("Agreed.") == 2


def test_an_edit_is_never_refused_as_a_repeat(client, newcomer, thread):
    first = threads.reply_to_thread(newcomer, thread, "Same words.")
    second = threads.reply_to_thread(newcomer, thread, "Other words.")
    response = client.submit(f"/posts/{second.id}/edit", {"body": "Same words."})
    assert response.status_code == 302
    assert db.session.get(Post, second.id).body_md == "Same words."
    assert first.id != second.id


def test_a_post_its_author_deleted_does_not_count(app, thread):
    author = make_user(created_at=utcnow() - ESTABLISHED)
    posted = threads.reply_to_thread(author, thread, "Wrong thread, sorry.")
    threads.delete_post(author, threads.get_post(author, posted.id))
    threads.reply_to_thread(author, thread, "Wrong thread, sorry.")


def test_a_form_sent_twice_lands_on_its_first_post_not_on_the_refusal(client, newcomer, thread):
    data = {"body": "Double click.", "submit": "Post", "submission": "k" * 24}
    first = client.submit(f"/threads/{thread.id}/reply", data)
    again = client.submit(f"/threads/{thread.id}/reply", data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert posts_with("Double click.") == 1


def test_references_to_doi_and_pubmed_are_not_counted_as_links(app):
    body = (
        "DAPA-HF (doi:10.1056/NEJMoa1911303, PMID: 31535829) and https://doi.org/10.1001/x "
        "agree; see also https://example.org/guideline."
    )
    assert new_accounts.count_links(body) == 1  # only the guideline page
