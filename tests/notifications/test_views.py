"""The notifications page, reading them, and the unread count in the header."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import insert, select, update

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.notifications import service
from forum.notifications.models import Notification
from tests.factories import make_post, make_thread, make_user
from tests.notifications.support import delete_post, fan_out, make_private

ITEM = re.compile(r'<li id="notification-(\d+)" class="notification( notification-unread)?">')


def _notify(user, count: int, thread=None, kind: str = "watched") -> list[int]:
    """`count` notifications for `user`, one a post, each a minute newer than the one before."""
    thread = thread or make_thread()
    poster = make_user(role="moderator")
    start = utcnow() - timedelta(hours=count)
    rows = []
    for n in range(count):
        post = make_post(thread, poster, f"Reply {n}.")
        rows.append(
            {
                "user_id": user.id,
                "kind": kind,
                "thread_id": thread.id,
                "post_id": post.id,
                "actor_id": poster.id,
                "count": 1,
                "created_at": start + timedelta(minutes=n),
            }
        )
    made = db.session.scalars(insert(Notification).returning(Notification.id), rows).all()
    db.session.commit()
    return sorted(made)


def _listed(html: str) -> list[tuple[int, bool]]:
    return [(int(n), bool(unread)) for n, unread in ITEM.findall(html)]


def test_the_page_needs_a_login(client):
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_each_kind_is_listed_newest_first_in_words(client, login):
    asker = login()
    thread = make_thread(author=asker, title="Anticoagulation after TAVI in the elderly")
    answerer = make_user(display_name="Dr Ana Costa")
    answer = make_post(thread, answerer, f"@{asker.username}: apixaban, usually.")
    fan_out()
    db.session.execute(
        insert(Notification).values(
            user_id=asker.id, kind="helpful", thread_id=thread.id, post_id=answer.id, count=3
        )
    )
    db.session.commit()
    html = client.get("/notifications").get_data(as_text=True)
    first, second = _listed(html)
    assert first[0] > second[0] and first[1] and second[1]
    text = re.sub(r"<[^>]+>", "", html)
    assert "3 colleagues found your answer in “Anticoagulation after TAVI" in text
    assert "Dr Ana Costa mentioned you in “Anticoagulation after TAVI in the elderly”" in text


def test_opening_a_notification_marks_it_read_and_goes_to_the_post(client, login):
    member = login()
    thread = make_thread()
    service.set_watch(member, "thread", thread.id, "watching")
    reply = make_post(thread)
    fan_out()
    (notification_id,) = db.session.scalars(
        select(Notification.id).where(Notification.user_id == member.id)
    ).all()
    response = client.submit(f"/notifications/{notification_id}/open", form_url="/notifications")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/posts/{reply.id}"
    assert (
        client.get(response.headers["Location"]).headers["Location"].endswith(f"#post-{reply.id}")
    )
    assert _listed(client.get("/notifications").get_data(as_text=True)) == [
        (notification_id, False)
    ]


def test_mark_one_and_mark_all_as_read(client, login):
    member = login()
    ids = _notify(member, 3)
    client.submit(f"/notifications/{ids[0]}/read", {"page": 1}, form_url="/notifications")
    assert dict(_listed(client.get("/notifications").get_data(as_text=True))) == {
        ids[0]: False,
        ids[1]: True,
        ids[2]: True,
    }
    html = client.get("/notifications").get_data(as_text=True)
    through = re.search(r'name="through" value="(\d+)"', html)[1]
    newer = _notify(member, 1)[-1]  # arrives after the page was shown
    response = client.submit(
        "/notifications/read", {"through": through, "page": 1}, form_url="/notifications"
    )
    assert response.status_code == 302
    listed = dict(_listed(client.get("/notifications").get_data(as_text=True)))
    assert [listed[i] for i in ids] == [False, False, False]
    assert listed[newer] is True  # not shown yet, so not marked


def test_another_members_notification_answers_404(client, login):
    other = make_user()
    (theirs,) = _notify(other, 1)
    login()
    for action in ("open", "read"):
        response = client.submit(f"/notifications/{theirs}/{action}", form_url="/notifications")
        assert response.status_code == 404
    assert db.session.get(Notification, theirs).read_at is None


def test_pages_of_25_newest_first_none_dropped(client, login):
    member = login()
    ids = _notify(member, 30)
    first = [n for n, _ in _listed(client.get("/notifications").get_data(as_text=True))]
    second = [n for n, _ in _listed(client.get("/notifications?page=2").get_data(as_text=True))]
    assert first == ids[::-1][:25] and second == ids[::-1][25:]
    assert client.get("/notifications?page=3").status_code == 404


def test_deleted_and_private_posts_leave_the_list(client, login):
    member = login()
    thread, private = make_thread(), make_thread()
    kept, removed = _notify(member, 2, thread)
    (hidden,) = _notify(member, 1, private)
    db.session.execute(update(Notification).values(read_at=utcnow()))  # read: they stay in the db
    db.session.commit()
    delete_post(make_user(role="moderator"), db.session.get(Notification, removed).post_id)
    make_private(private, make_user())
    listed = [n for n, _ in _listed(client.get("/notifications").get_data(as_text=True))]
    assert listed == [kept]
    assert db.session.get(Notification, hidden) is not None
    response = client.submit(f"/notifications/{hidden}/open", form_url="/notifications")
    assert response.status_code == 404


def test_the_page_takes_the_same_queries_for_5_or_25_notifications(client, login, count_queries):
    member = login()
    counts = []
    for total, more in ((5, 5), (25, 20)):
        _notify(member, more)
        client.get("/notifications")
        with count_queries() as statements:
            html = client.get("/notifications").get_data(as_text=True)
        assert len(_listed(html)) == total
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 5, counts


# --- the header -------------------------------------------------------------------------


def _count_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if "FROM notifications" in s]


def test_the_header_shows_the_unread_count_to_members_only(client, login):
    member = login()
    _notify(member, 3)
    html = client.get("/latest").get_data(as_text=True)
    link = re.search(r'<a href="/notifications"[^>]*>(.*?)</a>', html, re.S)[1]
    assert re.sub(r"<[^>]+>", "", link) == "Notifications (3 unread)"
    assert '<span class="sr-only"> unread</span>' in link  # seen as "Notifications (3)"
    service.mark_all_read(member)
    html = client.get("/latest").get_data(as_text=True)
    assert re.search(r'<a href="/notifications"[^>]*>Notifications</a>', html)


def test_the_unread_count_is_one_query_for_members_and_none_for_guests(
    client, login, count_queries
):
    make_thread()
    with count_queries() as guest:
        assert client.get("/").status_code == 200
    assert _count_statements(guest) == []
    member = login()
    _notify(member, 2)
    for page in ("/", "/latest", "/notifications"):
        client.get(page)
        with count_queries() as statements:
            assert client.get(page).status_code == 200
        header = [s for s in _count_statements(statements) if "read_at IS NULL" in s]
        assert len(header) == 1, (page, statements)
