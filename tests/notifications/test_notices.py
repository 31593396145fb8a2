"""Notices on the notifications page: their own message and link, listed with the others,
read and opened the same way, whatever became of the post they name, and only ever shown
to their own recipient."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import posts as moderation
from forum.notifications import notice_links, notices, service
from forum.notifications.models import Notification
from forum.threads import service as threads
from forum.unit_of_work import unit_of_work
from tests.factories import make_post, make_thread, make_user
from tests.notifications.support import delete_post

ITEM = re.compile(r'<li id="notification-(\d+)" class="notification( notification-unread)?">')


def _listed(html: str) -> list[tuple[int, bool]]:
    return [(int(n), bool(unread)) for n, unread in ITEM.findall(html)]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _item(html: str, notification_id: int) -> str:
    """The <li> of one notification on the page."""
    match = re.search(rf'<li id="notification-{notification_id}".*?</li>', html, re.S)
    assert match, f"notification {notification_id} is not listed"
    return match[0]


def _notice(user, message: str, link: str | None = None, *, actor=None, minutes_ago=0) -> int:
    """A notice as moderation adds one: notify() in a unit of work that commits it."""
    with unit_of_work():
        notice = notices.notify(
            user.id, message, link=link, actor_id=actor.id if actor is not None else None
        )
        notice.created_at = utcnow() - timedelta(minutes=minutes_ago)
    return notice.id


def _post_notifications(user, count: int, *, start_minutes_ago: int, step: int = 2) -> list[int]:
    """`count` "watched" notifications for `user`, one a post, newer one after the other."""
    thread = make_thread(title="Lithium levels in pregnancy")
    poster = make_user(role="moderator", display_name="Dr Paula Poster")  # no rate limit
    rows = []
    for n in range(count):
        post = make_post(thread, poster, f"Reply {n}.")
        rows.append(
            {
                "user_id": user.id,
                "kind": "watched",
                "thread_id": thread.id,
                "post_id": post.id,
                "actor_id": poster.id,
                "count": 1,
                "created_at": utcnow() - timedelta(minutes=start_minutes_ago - n * step),
            }
        )
    made = db.session.scalars(insert(Notification).returning(Notification.id), rows).all()
    db.session.commit()
    return sorted(made)


# --- listed -------------------------------------------------------------------------------


def test_a_notice_is_listed_with_its_message_newest_first_among_the_others(client, login):
    member = login()
    moderator = make_user(role="moderator", display_name="Dr Mo Derator")
    older, newer = _post_notifications(member, 2, start_minutes_ago=30, step=20)  # 30, 10 ago
    notice = _notice(
        member,
        "You were warned: keep patient details out of posts.",
        "/posts/1",
        actor=moderator,
        minutes_ago=20,
    )

    html = client.get("/notifications").get_data(as_text=True)

    assert _listed(html) == [(newer, True), (notice, True), (older, True)]
    item = _text(_item(html, notice))
    assert "You were warned: keep patient details out of posts." in item
    assert "From the moderators" in item
    assert "Dr Mo Derator" not in item  # a notice speaks for the moderators, not one of them
    assert f'action="/notifications/{notice}/open"' in _item(html, notice)


def test_a_notices_message_is_escaped(client, login):
    member = login()
    notice = _notice(member, 'Reason: <script>alert("x")</script> & more', "/posts/1")
    item = _item(client.get("/notifications").get_data(as_text=True), notice)
    assert "<script>" not in item
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in item


def test_a_notice_is_listed_though_its_post_is_hidden_deleted_or_gone_with_its_thread(
    client, login
):
    flagger = login()
    author = make_user()
    moderator = make_user(role="moderator")
    thread = make_thread(author=author)
    reply = make_post(
        thread, author, "Call me on 07700 900123 about the patient.", confirmed={"privacy"}
    )
    _post_notifications(flagger, 1, start_minutes_ago=60)
    notice = _notice(flagger, "The post you reported was hidden. Thank you.", f"/posts/{reply.id}")
    moderation.hide_post(moderator, threads.get_post(moderator, reply.id), "Shares a number")
    listed = dict(_listed(client.get("/notifications").get_data(as_text=True)))
    assert listed[notice] is True
    html = client.get("/notifications").get_data(as_text=True)
    assert "07700 900123" not in html  # a notice never quotes the post

    delete_post(moderator, thread.first_post_id)  # deletes the thread
    assert dict(_listed(client.get("/notifications").get_data(as_text=True)))[notice] is True

    # Opening it still marks it read and goes where it says; what shows there is the
    # visibility rule's to decide (here: nothing, the thread is deleted).
    response = client.submit(f"/notifications/{notice}/open", form_url="/notifications")
    assert response.status_code == 302 and response.headers["Location"] == f"/posts/{reply.id}"
    assert client.get(f"/posts/{reply.id}").status_code == 404
    assert dict(_listed(client.get("/notifications").get_data(as_text=True)))[notice] is False


def test_hiding_a_post_takes_its_unread_notifications_and_tells_its_author(client, login):
    replier = login()
    moderator = make_user(role="moderator")
    asker = make_user()
    thread = make_thread(author=asker)
    reply = make_post(thread, replier, f"@{asker.username} this one is yours.")
    db.session.execute(
        insert(Notification).values(
            user_id=asker.id, kind="mention", thread_id=thread.id, post_id=reply.id
        )
    )
    db.session.commit()

    moderation.hide_post(moderator, threads.get_post(moderator, reply.id), "Off topic")

    def kinds(user):
        return db.session.scalars(
            select(Notification.kind).where(Notification.user_id == user.id)
        ).all()

    assert kinds(asker) == []  # the mention of a post that is hidden now is gone
    assert kinds(replier) == ["moderation"]
    html = client.get("/notifications").get_data(as_text=True)
    assert len(_listed(html)) == 1 and "Reason: Off topic" in _text(html)


# --- only its recipient -------------------------------------------------------------------


def test_a_notice_is_shown_only_to_its_own_recipient(client, login):
    recipient = make_user()
    theirs = _notice(recipient, "You are suspended until 3 June: repeated rudeness.", "/posts/1")
    other = login()
    _notice(other, "Your own notice.")

    html = client.get("/notifications").get_data(as_text=True)
    assert theirs not in [n for n, _ in _listed(html)]
    assert "repeated rudeness" not in html
    for action in ("open", "read"):
        response = client.submit(f"/notifications/{theirs}/{action}", form_url="/notifications")
        assert response.status_code == 404
    assert db.session.get(Notification, theirs).read_at is None
    service.mark_all_read(other)  # "mark all" is the viewer's own only
    db.session.expire_all()
    assert db.session.get(Notification, theirs).read_at is None


def test_a_staff_member_does_not_see_others_notices_either(client, login):
    recipient = make_user()
    _notice(recipient, "Your post was hidden. Reason: spam.", "/posts/1")
    login(role="admin")
    html = client.get("/notifications").get_data(as_text=True)
    assert _listed(html) == [] and "spam" not in html


# --- open and read ------------------------------------------------------------------------


def test_opening_a_notice_marks_it_read_and_goes_to_its_link(client, login):
    member = login()
    thread = make_thread(replies=2)
    notice = _notice(member, "Your thread was moved.", f"/threads/{thread.id}?page=1#post-3")

    response = client.submit(f"/notifications/{notice}/open", form_url="/notifications")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/threads/{thread.id}?page=1#post-3"
    assert client.get(response.headers["Location"]).status_code == 200
    assert _listed(client.get("/notifications").get_data(as_text=True)) == [(notice, False)]


def test_a_notice_without_a_link_is_text_and_marked_read_like_the_others(client, login):
    member = login()
    notice = _notice(member, "A moderator added a note to your account.")
    html = client.get("/notifications").get_data(as_text=True)
    item = _item(html, notice)
    assert "/open" not in item  # nothing to open: the message is the whole of it
    assert "A moderator added a note to your account." in _text(item)

    response = client.submit(
        f"/notifications/{notice}/read", {"page": 1}, form_url="/notifications"
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/notifications?page=1#notification-{notice}"
    assert _listed(client.get("/notifications").get_data(as_text=True)) == [(notice, False)]


def test_a_notice_whose_link_leads_nowhere_opens_back_to_the_list(client, login):
    member = login()
    with unit_of_work():  # as a route removed since the notice was written would leave it
        stale = Notification(
            user_id=member.id, kind="moderation", message="Old news.", link="/no/such/page"
        )
        db.session.add(stale)
    response = client.submit(
        f"/notifications/{stale.id}/open", {"page": 1}, form_url="/notifications"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/notifications?page=1#notification-{stale.id}"
    assert _listed(client.get("/notifications").get_data(as_text=True)) == [(stale.id, False)]


def test_mark_all_as_read_covers_notices(client, login):
    member = login()
    (post_notification,) = _post_notifications(member, 1, start_minutes_ago=5)
    notice = _notice(member, "Your post was restored.", "/posts/1")
    html = client.get("/notifications").get_data(as_text=True)
    through = re.search(r'name="through" value="(\d+)"', html)[1]
    client.submit("/notifications/read", {"through": through, "page": 1}, form_url="/notifications")
    listed = dict(_listed(client.get("/notifications").get_data(as_text=True)))
    assert listed == {post_notification: False, notice: False}


# --- the header ---------------------------------------------------------------------------


def _header(client) -> str:
    html = client.get("/latest").get_data(as_text=True)
    link = re.search(r'<a href="/notifications"[^>]*>(.*?)</a>', html, re.S)[1]
    return re.sub(r"<[^>]+>", "", link)


def test_the_headers_unread_count_includes_notices(client, login):
    member = login()
    _post_notifications(member, 1, start_minutes_ago=5)
    assert _header(client) == "Notifications (1 unread)"
    notice = _notice(member, "You were warned.", "/posts/1")
    assert _header(client) == "Notifications (2 unread)"
    service.mark_read(member, notice)
    assert _header(client) == "Notifications (1 unread)"


# --- queries ------------------------------------------------------------------------------


def test_the_page_takes_the_same_queries_for_5_or_50_mixed_notifications(
    client, login, count_queries
):
    member = login()
    counts = []
    for total, (posts, notes) in ((5, (3, 2)), (50, (25, 20))):
        shown_notices = 0
        _post_notifications(member, posts, start_minutes_ago=600)
        with unit_of_work():
            for n in range(notes):
                notices.notify(member.id, f"Notice {n}.", link="/posts/1" if n % 2 else None)
        for page in range(1, (total + 24) // 25 + 1):
            client.get(f"/notifications?page={page}")
            with count_queries() as statements:
                html = client.get(f"/notifications?page={page}").get_data(as_text=True)
            assert len(_listed(html)) == min(25, total - 25 * (page - 1))
            counts.append(len(statements))
            shown_notices += html.count("From the moderators")
        assert shown_notices == (2 if total == 5 else 22)  # each notice, on one page or other
    assert len(set(counts)) == 1 and counts[0] <= 5, counts


# --- where a link leads -------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        None,
        "",
        "posts/1",
        "//evil.example/posts/1",
        "/\\evil.example/posts/1",
        "https://evil.example/posts/1",
        "/%2F%2Fevil.example",
        "/no/such/page",
        "/notifications/read",  # POST only: not a page to land on
    ],
)
def test_a_link_that_is_not_a_page_of_this_site_leads_nowhere(app, link):
    with app.test_request_context():
        assert notice_links.local_url(link) is None


def test_a_link_is_built_again_from_its_route(app):
    with app.test_request_context("/", base_url="http://rounds.test/forum"):
        # Mounted under /forum: the link is the route's path, the URL carries the prefix.
        assert notice_links.local_url("/posts/12?x=1#y") == "/forum/posts/12?x=1#y"


def test_delete_post_through_the_service_leaves_a_notice(client, login):
    """A notice has no post: deleting the post it names (through the threads service)
    does not take it along, as it takes the post's own notifications."""
    member = login()
    thread = make_thread(author=member)
    reply = make_post(thread, make_user(), "A reply.")
    notice = _notice(member, "A reply in your thread was removed.", f"/posts/{reply.id}")
    delete_post(make_user(role="moderator"), reply)
    assert dict(_listed(client.get("/notifications").get_data(as_text=True))) == {notice: True}


@pytest.mark.parametrize(
    "link", ["https://evil.example/", "//evil.example/x", "/\\evil.example/x", "posts/1"]
)
def test_notify_refuses_a_link_off_the_site(app, link):
    member = make_user()
    with pytest.raises(ValueError, match="a path on this site"):
        notices.notify(member.id, "A message.", link=link)


def test_notify_refuses_a_kind_that_is_not_a_notice(app):
    member = make_user()
    with pytest.raises(ValueError, match="not a notice kind"):
        notices.notify(member.id, "A message.", kind="reply")
