"""The review queue: moderators only, their threads only, privacy first then oldest,
each post in its context, paginated, a constant number of queries; and resolving from
it (hide, dismiss, warn, edit) with messages beside the fields."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select

from forum.auth.models import ModeratorScope
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import flag_queries, flags
from forum.moderation.models import Flag, ModeratorWarning
from forum.threads import service
from tests.factories import make_post, make_specialty, make_thread, make_user
from tests.moderation.flag_scene import flag, form_post, fresh_post, make_scene

QUEUE = "/moderation/flags"


@pytest.fixture
def scene(app):
    return make_scene()


def _html(response) -> str:
    return response.get_data(as_text=True)


def _queue_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="flag-item[^"]*" id="flagged-(\d+)"', html)]


def _backdate(post_id: int, minutes: int) -> None:
    for item in db.session.scalars(select(Flag).where(Flag.post_id == post_id)):
        item.created_at = utcnow() - timedelta(minutes=minutes)
    db.session.commit()


def test_the_queue_is_for_moderators_of_any_scope(client, auth, scene):
    assert client.get(QUEUE).status_code == 302  # guests log in first
    auth.login(scene.members[0].username)
    assert client.get(QUEUE).status_code == 403
    auth.logout()
    auth.login(scene.moderator.username)
    assert client.get(QUEUE).status_code == 200


def test_moderators_see_only_the_threads_they_moderate(client, auth, scene):
    neurology = make_specialty("Neurology")
    elsewhere = make_thread(specialty=neurology, title="Seizure detection with wearables")
    flag(scene.members[0], scene.reply, "spam")
    flag(scene.members[0], service.get_post(scene.members[0], elsewhere.first_post_id), "spam")
    auth.login(scene.moderator.username)
    assert _queue_ids(_html(client.get(QUEUE))) == [scene.reply.id]
    assert flag_queries.count_flagged_posts(scene.moderator) == 1
    auth.logout()
    site = make_user(role="moderator")
    auth.login(site.username)
    assert set(_queue_ids(_html(client.get(QUEUE)))) == {scene.reply.id, elsewhere.first_post_id}
    assert flag_queries.count_flagged_posts(site) == 2


def test_deleted_posts_and_threads_leave_the_queue(client, login, scene):
    flag(scene.members[0], scene.reply, "spam")
    service.delete_post(scene.author, service.get_post(scene.author, scene.reply.id))
    login("moderator")
    assert _queue_ids(_html(client.get(QUEUE))) == []


def test_privacy_concerns_come_first_then_the_oldest(client, login, scene):
    member = scene.members[0]
    oldest = make_post(scene.thread, scene.author, "Oldest flagged.")
    middle = make_post(scene.thread, scene.author, "Flagged in the middle.")
    newest = make_post(scene.thread, scene.author, "Newest flagged, about a patient.")
    flag(member, oldest, "spam")
    flag(member, middle, "misinformation")
    flag(member, newest, "off_topic")
    flag(scene.members[1], newest, "privacy")
    _backdate(oldest.id, 30)
    _backdate(middle.id, 20)
    _backdate(newest.id, 10)
    login("moderator")
    assert _queue_ids(_html(client.get(QUEUE))) == [newest.id, oldest.id, middle.id]


def test_each_post_shows_its_context_reasons_flaggers_and_history(client, login, scene):
    before = scene.reply
    flagged = make_post(scene.thread, scene.author, "The flagged text itself.")
    make_post(scene.thread, scene.members[3], "A reply that came after it.")
    earlier = make_post(scene.thread, scene.author, "An earlier flagged reply.")
    flag(scene.members[0], earlier, "spam")
    flags.dismiss_flags(scene.moderator, service.get_post(scene.moderator, earlier.id))
    flag(scene.members[0], flagged, "misinformation")
    flag(scene.members[1], flagged, "misinformation")
    flag(scene.members[2], flagged, "other", "Reads like an advert for a clinic.")
    assert fresh_post(flagged.id).hidden_at is not None  # three flags hid it
    login("moderator")
    html = _html(client.get(QUEUE))
    assert _queue_ids(html) == [flagged.id]
    assert "The flagged text itself." in html  # staff read it, hidden or not
    assert "Hidden automatically by these flags" in html
    assert "Call the patient at home" in html and "A reply that came after it." in html
    assert f'href="/posts/{before.id}"' in html
    assert "Clinical misinformation × 2" in html and "Something else" in html
    assert "Reads like an advert for a clinic." in html
    assert "3 flags, weighing 3" in html
    assert "2 posts flagged (4 flags: 3 open, 1 dismissed)" in " ".join(html.split())


def test_the_queue_is_paginated(app, client, login, scene):
    app.config.update(FLAG_LIMIT=200, POST_LIMIT=200)  # more than an hour's worth
    for n in range(flag_queries.ITEMS_PER_PAGE + 3):
        flag(scene.members[n % 4], make_post(scene.thread, scene.author, f"Reply {n}."), "spam")
    login("moderator")
    first, second = _html(client.get(QUEUE)), _html(client.get(f"{QUEUE}?page=2"))
    assert len(_queue_ids(first)) == flag_queries.ITEMS_PER_PAGE
    assert len(_queue_ids(second)) == 3
    assert not set(_queue_ids(first)) & set(_queue_ids(second))
    assert client.get(f"{QUEUE}?page=3").status_code == 404


def test_the_queue_costs_the_same_queries_for_5_and_50_flagged_posts(
    app, client, auth, count_queries
):
    app.config.update(FLAG_LIMIT=200, POST_LIMIT=200)  # more than an hour's worth
    counts = []
    for size in (5, 50):
        specialty = make_specialty()
        thread = make_thread(specialty=specialty)
        authors = [make_user() for _ in range(3)]
        flaggers = [make_user() for _ in range(3)]
        moderator = make_user(moderates=[specialty])
        for n in range(size):
            post = make_post(thread, authors[n % 3], f"Flagged reply {n}.")
            for who in flaggers[: 1 + n % 3]:
                flag(
                    who, post, ("privacy", "spam", "other")[n % 3], "Words." if n % 3 == 2 else None
                )
        auth.login(moderator.username)
        for name in list(g):
            g.pop(name)
        with count_queries() as statements:
            response = client.get(QUEUE)
        assert response.status_code == 200
        assert len(_queue_ids(_html(response))) == min(size, flag_queries.ITEMS_PER_PAGE)
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts
    # The signed-in user, the count, the page, the posts, their authors' scopes, the
    # flags, the neighbours, the histories, and the header's unread count.
    assert counts[0] <= 10, counts


# ---- resolving -------------------------------------------------------------------------


def _flagged(scene):
    flag(scene.members[0], scene.reply, "misinformation")
    flag(scene.members[1], scene.reply, "unprofessional")
    return scene.reply.id


def _statuses(post_id: int) -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(Flag.status).where(Flag.post_id == post_id)))


def test_hiding_from_the_queue(client, auth, scene):
    post_id = _flagged(scene)
    auth.login(scene.moderator.username)
    url = f"/moderation/posts/{post_id}/flags/hide"
    prefix = f"hide-{post_id}"
    refused = form_post(client, url, QUEUE, {"reason": " ", "note": "Kept note"}, prefix)
    html = _html(refused)
    assert refused.status_code == 200
    assert re.search(rf'id="{prefix}-reason-error"[^>]*>Say why', html)
    assert "Kept note" in html
    assert _statuses(post_id) == {"open"}
    done = form_post(client, url, QUEUE, {"reason": "Names a patient"}, prefix)
    assert done.status_code == 302 and done.headers["Location"].endswith(QUEUE)
    assert fresh_post(post_id).hidden_reason == "Names a patient"
    assert _statuses(post_id) == {"hidden"}
    html = _html(client.get(QUEUE))
    assert "The post is hidden and its flags are resolved" in html
    assert _queue_ids(html) == []


def test_dismissing_from_the_queue(client, auth, scene):
    post_id = _flagged(scene)
    auth.login(scene.moderator.username)
    url = f"/moderation/posts/{post_id}/flags/dismiss"
    done = form_post(client, url, QUEUE, {"note": "Anonymised enough."}, f"dismiss-{post_id}")
    assert done.status_code == 302
    assert _statuses(post_id) == {"dismissed"}
    again = form_post(client, url, f"/moderation/posts/{post_id}/flags", {}, f"dismiss-{post_id}")
    assert again.status_code == 302  # resolved already: a message, not an error
    assert "already resolved" in _html(client.get(QUEUE))


def test_warning_from_the_queue_reaches_the_author(client, auth, scene):
    post_id = _flagged(scene)
    auth.login(scene.moderator.username)
    url = f"/moderation/posts/{post_id}/flags/warn"
    prefix = f"warn-{post_id}"
    refused = form_post(client, url, QUEUE, {"message": "Be careful.", "hide": "y"}, prefix)
    assert re.search(rf'id="{prefix}-reason-error"[^>]*>Say why the post is hidden', _html(refused))
    assert "Be careful." in _html(refused)
    done = form_post(client, url, QUEUE, {"message": "Never name a patient."}, prefix)
    assert done.status_code == 302
    assert _statuses(post_id) == {"warned"}
    assert db.session.scalars(select(ModeratorWarning.message)).one() == "Never name a patient."
    auth.logout()
    auth.login(scene.author.username)
    html = _html(client.get("/account/warnings"))
    assert "Never name a patient." in html and f'href="/posts/{post_id}"' in html


def test_the_warn_form_is_offered_only_when_the_author_can_be_warned(client, auth, scene):
    post_id = _flagged(scene)
    scene.author.roles = ["moderator"]
    db.session.commit()
    auth.login(scene.moderator.username)
    html = _html(client.get(QUEUE))
    assert _queue_ids(html) == [post_id]
    assert f'action="/moderation/posts/{post_id}/flags/warn"' not in html
    refused = form_post(
        client,
        f"/moderation/posts/{post_id}/flags/warn",
        QUEUE,
        {"message": "Hi"},
        f"warn-{post_id}",
    )
    assert refused.status_code == 403


def test_editing_from_the_review_page(client, auth, scene):
    post_id = _flagged(scene)
    auth.login(scene.moderator.username)
    review = f"/moderation/posts/{post_id}/flags"
    page = _html(client.get(review))
    assert "Call the patient at home about this." in page  # the edit box starts with the text
    url = f"/moderation/posts/{post_id}/flags/edit"
    prefix = f"edit-{post_id}"
    refused = form_post(client, url, review, {"body": "   "}, prefix)
    assert re.search(rf'id="{prefix}-body-error"[^>]*>The post cannot be empty', _html(refused))
    done = form_post(client, url, review, {"body": "Call the patient about this."}, prefix)
    assert done.status_code == 302
    assert fresh_post(post_id).body_md == "Call the patient about this."
    assert _statuses(post_id) == {"edited"}
    assert "no open flags" in _html(client.get(review))


def test_resolving_is_for_the_threads_moderators(client, auth, scene):
    post_id = _flagged(scene)
    neurology_mod = make_user(moderates=[make_specialty("Neurology")])
    for user in (scene.members[2], neurology_mod):
        auth.login(user.username)
        assert client.get(f"/moderation/posts/{post_id}/flags").status_code == 403
        for action in ("hide", "dismiss", "warn", "edit"):
            response = form_post(
                client,
                f"/moderation/posts/{post_id}/flags/{action}",
                f"/threads/{scene.thread.id}",
                {"reason": "x", "message": "x", "body": "x"},
                f"{action}-{post_id}",
            )
            assert response.status_code == 403, (user.username, action)
        auth.logout()
    assert _statuses(post_id) == {"open"}
    # A deleted thread is unknown to those who do not moderate it: 404.
    service.delete_post(
        scene.moderator, service.get_post(scene.moderator, scene.thread.first_post_id)
    )
    auth.login(neurology_mod.username)
    assert client.get(f"/moderation/posts/{post_id}/flags").status_code == 404
    assert client.get("/moderation/posts/999999/flags").status_code == 404


def test_a_scoped_moderator_of_a_second_specialty_sees_both(client, auth, scene):
    neurology = make_specialty("Neurology")
    db.session.add(ModeratorScope(user_id=scene.moderator.id, specialty_id=neurology.id))
    db.session.commit()
    elsewhere = make_thread(specialty=neurology, title="Seizure detection with wearables")
    flag(scene.members[0], service.get_post(scene.members[0], elsewhere.first_post_id), "spam")
    flag(scene.members[0], scene.reply, "spam")
    auth.login(scene.moderator.username)
    assert set(_queue_ids(_html(client.get(QUEUE)))) == {scene.reply.id, elsewhere.first_post_id}


def test_a_review_page_costs_the_same_queries_whatever_the_authors_history(
    app, client, auth, count_queries
):
    app.config.update(FLAG_LIMIT=200, POST_LIMIT=200)  # more than an hour's worth
    counts = []
    for size in (5, 50):
        specialty = make_specialty()
        thread = make_thread(specialty=specialty)
        author, flaggers = make_user(), [make_user() for _ in range(2)]
        moderator = make_user(moderates=[specialty])
        for n in range(size):
            post = make_post(thread, author, f"Flagged reply {n}.")
            for who in flaggers:
                flag(who, post, "spam")
        auth.login(moderator.username)
        for name in list(g):
            g.pop(name)
        with count_queries() as statements:
            response = client.get(f"/moderation/posts/{post.id}/flags")
        assert f"{size} posts flagged ({size * 2} flags: {size * 2} open)" in " ".join(
            _html(response).split()
        )
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts
