"""The thread tools' pages through the test client, CSRF on: forms that keep what was
typed, 403 for a member, 404 for a thread they may not know, the merge's old address
answering 301, permalinks of moved posts, and constant query counts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.moderation import posts as hiding
from forum.moderation.models import AuditEntry
from forum.threads import service as threads
from forum.threads.models import Thread
from tests.moderation import thread_scene
from tests.moderation.thread_scene import age, counters_right, posts_of, thread_with_replies

TOOLS = ("rename", "move", "topics", "merge", "split", "delete")


@pytest.fixture
def scene(app):
    return thread_scene.build()


def _html(response) -> str:
    return response.get_data(as_text=True)


def _field_error(html: str, field: str) -> str | None:
    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    return match.group(1) if match else None


def _entries() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_guests_are_sent_to_log_in(client, scene):
    thread = thread_with_replies(scene, 0)
    for tool in TOOLS:
        response = client.get(f"/moderation/threads/{thread.id}/{tool}")
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_members_and_other_moderators_get_403_and_a_deleted_thread_is_404_to_them(
    client, as_user, scene
):
    thread = thread_with_replies(scene, 1)
    reply = posts_of(thread.id)[1]
    for outsider in (scene.member, scene.oncology_moderator):
        as_user(outsider)
        for tool in (*TOOLS, "restore"):
            assert client.get(f"/moderation/threads/{thread.id}/{tool}").status_code == 403
        assert client.get(f"/moderation/posts/{reply.id}/hide").status_code == 403
    as_user(scene.moderator)
    for tool in (*TOOLS, "restore"):
        assert client.get(f"/moderation/threads/{thread.id}/{tool}").status_code == 200, tool
    client.submit(f"/moderation/threads/{thread.id}/delete", {"reason": "Spam"})
    for outsider in (scene.member, scene.oncology_moderator):
        as_user(outsider)
        assert client.get(f"/moderation/threads/{thread.id}/restore").status_code == 404
        assert client.get(f"/threads/{thread.id}").status_code == 404
        assert client.get(f"/moderation/posts/{reply.id}/hide").status_code == 404


def test_a_member_posting_to_a_tool_is_refused_with_403_and_nothing_changes(client, as_user, scene):
    thread = thread_with_replies(scene, 0, title="Closed-loop insulin pumps")
    as_user(scene.member)
    url = f"/moderation/threads/{thread.id}/rename"
    token = client.csrf_token(f"/threads/{thread.id}")  # a member's page has a form
    response = client.post(url, data={"csrf_token": token, "title": "A title of my choosing"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).title == "Closed-loop insulin pumps"


def test_renaming_through_the_form(client, as_user, scene):
    thread = thread_with_replies(scene, 0, title="Closed-loop insulin pumps")
    as_user(scene.moderator)
    form = _html(client.get(f"/moderation/threads/{thread.id}/rename"))
    assert 'value="Closed-loop insulin pumps"' in form
    response = client.submit(
        f"/moderation/threads/{thread.id}/rename",
        {"title": "Closed-loop insulin pumps in pregnancy", "reason": "Clearer"},
    )
    assert response.headers["Location"].endswith(f"/threads/{thread.id}")
    page = _html(client.get(response.headers["Location"]))
    assert "<h1>Closed-loop insulin pumps in pregnancy</h1>" in page
    assert "The thread was renamed." in page
    assert [(e.action, e.reason) for e in _entries()] == [("thread.rename", "Clearer")]


def test_a_bad_rename_keeps_what_was_typed_beside_its_message(client, as_user, scene):
    thread = thread_with_replies(scene, 0, title="Closed-loop insulin pumps")
    as_user(scene.moderator)
    response = client.submit(
        f"/moderation/threads/{thread.id}/rename", {"title": "Too short", "reason": "x" * 501}
    )
    html = _html(response)
    assert response.status_code == 200
    assert _field_error(html, "title") == "Titles are 10–200 characters."
    assert _field_error(html, "reason") == "Keep the reason under 500 characters."
    assert 'value="Too short"' in html
    # The service's own rule (the same title) also lands beside the field.
    html = _html(
        client.submit(
            f"/moderation/threads/{thread.id}/rename", {"title": "Closed-loop insulin pumps"}
        )
    )
    assert _field_error(html, "title") == "That is the thread&#39;s title already."
    assert _entries() == []


def test_the_move_form_offers_only_specialties_the_moderator_moderates(client, as_user, scene):
    thread = thread_with_replies(scene, 2)
    as_user(scene.moderator)
    form = _html(client.get(f"/moderation/threads/{thread.id}/move"))
    assert ">Cardiology<" in form and ">Oncology<" not in form
    response = client.submit(
        f"/moderation/threads/{thread.id}/move", {"specialty": str(scene.oncology.id)}
    )
    assert response.status_code == 200 and _field_error(_html(response), "specialty")
    as_user(scene.staff)
    response = client.submit(
        f"/moderation/threads/{thread.id}/move",
        {"specialty": str(scene.oncology.id), "reason": "Belongs there"},
    )
    assert response.status_code == 302
    assert "Oncology" in _html(client.get(f"/threads/{thread.id}"))
    counters_right()


def test_changing_topics_through_the_form(client, as_user, scene):
    thread = thread_with_replies(scene, 0, topics=[scene.devices])
    as_user(scene.moderator)
    url = f"/moderation/threads/{thread.id}/topics"
    html = _html(client.submit(url, {"topics": []}))
    assert _field_error(html, "topics") == "Choose between one and five research topics."
    response = client.submit(url, {"topics": [str(scene.imaging.id), str(scene.genomics.id)]})
    assert response.status_code == 302
    page = _html(client.get(f"/threads/{thread.id}"))
    assert ">Imaging<" in page and ">Genomics<" in page and ">Devices<" not in page
    counters_right()


def _pair(scene):
    older = thread_with_replies(scene, 25, title="Apixaban in the very elderly")
    age(older, 3)
    duplicate = thread_with_replies(scene, 2, title="Apixaban dosing over 90")
    return older, duplicate


def test_merging_asks_to_confirm_the_target_then_moves_the_posts(client, as_user, scene):
    older, duplicate = _pair(scene)
    as_user(scene.moderator)
    url = f"/moderation/threads/{duplicate.id}/merge"
    response = client.submit(url, {"target": f"http://rounds.test/threads/{older.id}?page=2"})
    html = _html(response)
    assert response.status_code == 200 and "Merge into this thread?" in html
    assert f"#{older.id} Apixaban in the very elderly" in html
    assert f'name="confirmed" type="hidden" value="{older.id}"' in html
    assert len(posts_of(duplicate.id)) == 3  # nothing moved yet

    response = client.submit(
        url,
        {
            "target": f"/threads/{older.id}",
            "confirmed": str(older.id),
            "merge": "Merge threads",
            "reason": "Same question",
        },
    )
    assert response.headers["Location"].endswith(f"/threads/{older.id}")
    assert len(posts_of(older.id)) == 29
    assert [(e.action, e.reason) for e in _entries()] == [("thread.merge", "Same question")]
    counters_right()


def test_a_changed_target_is_shown_again_before_merging(client, as_user, scene):
    older, duplicate = _pair(scene)
    other = thread_with_replies(scene, 0, title="Another older thread here")
    age(other, 5)
    as_user(scene.moderator)
    response = client.submit(
        f"/moderation/threads/{duplicate.id}/merge",
        {"target": str(other.id), "confirmed": str(older.id), "merge": "Merge threads"},
    )
    html = _html(response)
    assert response.status_code == 200 and f"#{other.id} Another older thread here" in html
    assert len(posts_of(duplicate.id)) == 3 and _entries() == []


def test_a_bad_merge_target_is_a_message_beside_the_field_keeping_what_was_typed(
    client, as_user, scene
):
    older, duplicate = _pair(scene)
    as_user(scene.moderator)
    url = f"/moderation/threads/{older.id}/merge"
    html = _html(client.submit(url, {"target": f"/threads/{duplicate.id}"}))
    assert "started after this one" in _field_error(html, "target")
    assert f'value="/threads/{duplicate.id}"' in html
    html = _html(client.submit(url, {"target": "no number here"}))
    assert "Give the thread" in _field_error(html, "target")
    html = _html(client.submit(url, {"target": ""}))
    assert "Give the thread" in _field_error(html, "target")


def test_a_merged_threads_address_answers_301_and_its_posts_permalinks_land_right(
    client, as_user, scene
):
    older, duplicate = _pair(scene)
    moved = posts_of(duplicate.id)[2]  # the newest post of all: the 29th of the merged thread
    as_user(scene.moderator)
    client.submit(
        f"/moderation/threads/{duplicate.id}/merge",
        {"target": str(older.id), "confirmed": str(older.id), "merge": "Merge threads"},
    )
    for viewer in (scene.moderator, None):
        as_user(viewer)
        for path in (f"/threads/{duplicate.id}", f"/threads/{duplicate.id}?page=2"):
            response = client.get(path)
            assert response.status_code == 301, path
            assert response.headers["Location"].endswith(f"/threads/{older.id}")
    auth_free = client
    response = auth_free.get(f"/posts/{moved.id}")
    assert response.headers["Location"].endswith(f"/threads/{older.id}?page=2#post-{moved.id}")
    page = _html(auth_free.get(f"/threads/{older.id}?page=2"))
    assert f'id="post-{moved.id}"' in page and ">#29<" in page
    # An address that never was a thread is still a plain 404.
    assert auth_free.get("/threads/999999").status_code == 404


def test_splitting_through_the_form(client, as_user, scene):
    thread = thread_with_replies(scene, 4, topics=[scene.devices, scene.imaging])
    posts = posts_of(thread.id)
    as_user(scene.moderator)
    url = f"/moderation/threads/{thread.id}/split"
    form = _html(client.get(url))
    assert f'name="posts" value="{posts[0].id}"' not in form  # the opening post stays
    assert all(f'name="posts" value="{p.id}"' in form for p in posts[1:])
    # The new thread's topics start as the old thread's.
    assert re.search(rf'<option selected value="{scene.imaging.id}">', form)
    response = client.submit(
        url,
        {
            "posts": [str(posts[2].id), str(posts[3].id)],
            "title": "Imaging follow-up after device implant",
            "kind": "question",
            "specialty": str(scene.cardiology.id),
            "topics": [str(scene.imaging.id)],
        },
    )
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert [p.id for p in posts_of(new_id)] == [posts[2].id, posts[3].id]
    page = _html(client.get(f"/threads/{new_id}"))
    assert "<h1>Imaging follow-up after device implant</h1>" in page
    counters_right()


def test_a_bad_split_keeps_the_ticks_and_the_title(client, as_user, scene):
    thread = thread_with_replies(scene, 3)
    posts = posts_of(thread.id)
    as_user(scene.moderator)
    url = f"/moderation/threads/{thread.id}/split"
    data = {
        "posts": [str(posts[2].id)],
        "title": "Short",
        "kind": "discussion",
        "specialty": str(scene.cardiology.id),
        "topics": [str(scene.devices.id)],
    }
    html = _html(client.submit(url, data))
    assert _field_error(html, "title") == "Titles are 10–200 characters."
    assert f'value="{posts[2].id}" id="posts-{posts[2].id}" checked' in html
    assert f'value="{posts[1].id}" id="posts-{posts[1].id}">' in html
    assert 'value="Short"' in html
    html = _html(client.submit(url, data | {"posts": [], "title": "Long enough title here"}))
    assert _field_error(html, "posts") == "Tick the posts to move into the new thread."
    assert len(posts_of(thread.id)) == 4


def test_deleting_and_restoring_a_thread_through_the_forms(client, as_user, scene):
    thread = thread_with_replies(scene, 1, title="Wearable ECG patches compared")
    as_user(scene.moderator)
    response = client.submit(f"/moderation/threads/{thread.id}/delete", {"reason": "Spam"})
    assert response.headers["Location"].endswith(f"/threads/{thread.id}")
    page = _html(client.get(f"/threads/{thread.id}"))
    assert "This thread was deleted" in page and "Restore thread" in page
    assert "Wearable ECG patches compared" not in _html(client.get("/specialties/cardiology"))
    response = client.submit(f"/moderation/threads/{thread.id}/restore", {})
    assert response.status_code == 302
    assert "Wearable ECG patches compared" in _html(client.get("/specialties/cardiology"))
    assert [e.action for e in _entries()] == ["thread.delete", "thread.restore"]
    counters_right()


def test_the_moderate_menu_shows_for_the_threads_moderators_only(client, as_user, scene):
    thread = thread_with_replies(scene, 1)
    guest = _html(client.get(f"/threads/{thread.id}"))
    assert "Moderate thread" not in guest and "/moderation/" not in guest
    for outsider in (scene.member, scene.oncology_moderator):
        as_user(outsider)
        html = _html(client.get(f"/threads/{thread.id}"))
        assert "Moderate thread" not in html and "/hide" not in html
    as_user(scene.moderator)
    html = _html(client.get(f"/threads/{thread.id}"))
    assert "Moderate thread" in html
    for tool in TOOLS:
        assert f'href="/moderation/threads/{thread.id}/{tool}"' in html


def _counted(count_queries, client, url: str) -> list[str]:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return statements


def test_the_split_page_costs_the_same_queries_for_5_or_50_posts(
    client, as_user, scene, count_queries
):
    few, many = thread_with_replies(scene, 4), thread_with_replies(scene, 49)
    as_user(scene.moderator)
    client.get("/")  # what a request keeps on g for itself (header counts) is made once
    small = _counted(count_queries, client, f"/moderation/threads/{few.id}/split")
    large = _counted(count_queries, client, f"/moderation/threads/{many.id}/split")
    assert len(small) == len(large), (small, large)
    assert _html(client.get(f"/moderation/threads/{many.id}/split")).count('name="posts"') == 49


def test_the_tool_pages_cost_the_same_queries_whatever_the_thread_holds(
    client, as_user, scene, count_queries
):
    few = thread_with_replies(scene, 4, topics=[scene.devices])
    many = thread_with_replies(scene, 49, topics=[scene.devices, scene.imaging, scene.genomics])
    for n in range(40):
        thread_scene.make_topic(f"Extra topic {n}")
    as_user(scene.moderator)
    client.get("/")
    for tool in ("rename", "move", "topics", "merge", "delete"):
        small = _counted(count_queries, client, f"/moderation/threads/{few.id}/{tool}")
        large = _counted(count_queries, client, f"/moderation/threads/{many.id}/{tool}")
        assert len(small) == len(large), tool


def test_the_thread_page_adds_no_query_for_moderators_members_or_guests(
    client, as_user, scene, count_queries
):
    """The Moderate menu and the Hide/Restore buttons come from columns the page already
    reads: a moderator's thread page runs what a member's does, whatever the posts, plus
    only what every page runs for staff (the header's counts)."""
    few, many = thread_with_replies(scene, 3), thread_with_replies(scene, 19)
    hidden = posts_of(many.id)[5]
    hiding.hide_post(scene.staff, threads.get_post(scene.staff, hidden.id), "Off-topic")
    seen = {"guest": [_counted(count_queries, client, f"/threads/{t.id}") for t in (few, many)]}
    every_page = {}
    for name, user in (("member", scene.member), ("moderator", scene.moderator)):
        as_user(user)
        client.get("/")
        seen[name] = [_counted(count_queries, client, f"/threads/{t.id}") for t in (few, many)]
        every_page[name] = set(_counted(count_queries, client, "/latest"))
    for name, (small, large) in seen.items():
        assert small == large, name
        assert not any("thread_redirects" in statement for statement in small)
    extra = set(seen["moderator"][0]) - set(seen["member"][0])
    assert extra <= every_page["moderator"] - every_page["member"]
    assert len(seen["moderator"][0]) == len(seen["member"][0]) + len(extra)
    html = _html(client.get(f"/threads/{many.id}"))
    assert html.count(">Hide<") == 19 and html.count(">Restore<") == 1
