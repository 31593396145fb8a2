"""The Flag button on thread pages and the flag page: works without JavaScript, once
per member, a message beside the field for every refusal, 429 when flagging too fast."""

from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import func, select

from forum.extensions import db
from forum.moderation import flag_queries, flags, posts
from forum.moderation.models import Flag
from forum.threads import hooks, service
from tests.factories import make_post
from tests.moderation.flag_scene import flag, make_scene


@pytest.fixture
def scene(app):
    return make_scene()


def _html(response) -> str:
    return response.get_data(as_text=True)


def _flag_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Flag))


def _flag_url(post) -> str:
    return f"/posts/{post.id}/flag"


def test_members_see_a_flag_button_on_posts_they_may_flag(client, auth, scene):
    thread_url = f"/threads/{scene.thread.id}"
    assert 'class="button-secondary button-small flag-button"' not in _html(client.get(thread_url))
    auth.login(scene.members[0].username)
    html = _html(client.get(thread_url))
    assert f'action="{_flag_url(scene.reply)}"' in html
    assert f'action="/posts/{scene.thread.first_post_id}/flag"' in html
    auth.logout()
    auth.login(scene.author.username)
    html = _html(client.get(thread_url))
    assert f'action="{_flag_url(scene.reply)}"' not in html  # their own post
    assert f'action="/posts/{scene.thread.first_post_id}/flag"' in html


def test_the_flag_button_costs_the_thread_page_no_query(
    client, login, scene, count_queries, monkeypatch
):
    login()
    client.get("/")  # what the header keeps on `g` is loaded before counting

    def page_queries() -> tuple[int, str]:
        for name in list(g):
            g.pop(name)
        with count_queries() as statements:
            html = _html(client.get(f"/threads/{scene.thread.id}"))
        return len(statements), html

    page_queries()  # the first request refreshes what the test's own commits expired
    with_button, html = page_queries()
    assert "flag-button" in html
    monkeypatch.delitem(hooks._post_parts, "flags")
    without_button, html = page_queries()
    assert "flag-button" not in html
    assert with_button == without_button


def test_the_button_opens_the_form_and_the_form_sends_the_report(client, login, scene):
    login()
    thread_url = f"/threads/{scene.thread.id}"
    opened = client.submit(_flag_url(scene.reply), {}, form_url=thread_url)
    assert opened.status_code == 200
    assert 'name="reason"' in _html(opened) and "Patient privacy concern" in _html(opened)
    assert _flag_count() == 0
    assert client.get(_flag_url(scene.reply)).status_code == 200
    sent = client.submit(
        _flag_url(scene.reply), {"sent": "1", "reason": "privacy", "text": "Names a patient."}
    )
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"/posts/{scene.reply.id}")
    made = db.session.scalars(select(Flag)).one()
    assert (made.reason, made.text, made.post_id) == ("privacy", "Names a patient.", scene.reply.id)
    assert "the moderators will review your report" in _html(client.get(thread_url))


def test_something_else_needs_words_beside_the_field_keeping_the_choice(client, login, scene):
    login()
    response = client.submit(_flag_url(scene.reply), {"sent": "1", "reason": "other", "text": " "})
    html = _html(response)
    assert response.status_code == 200
    assert re.search(r'id="text-error"[^>]*>Say what is wrong', html)
    assert re.search(r'value="other"[^>]*checked|checked[^>]*value="other"', html)
    no_reason = client.submit(_flag_url(scene.reply), {"sent": "1", "text": "Odd post"})
    assert "Choose why you are flagging" in _html(no_reason)
    assert "Odd post" in _html(no_reason)
    assert _flag_count() == 0


def test_a_second_flag_shows_the_first_and_its_outcome(client, login, scene):
    member = login()
    flag(member, scene.reply, "privacy")
    page = client.get(_flag_url(scene.reply))
    assert page.status_code == 200
    assert "You flagged" in _html(page) and "Patient privacy concern" in _html(page)
    assert "No moderator has reviewed it yet" in _html(page)
    again = client.submit(
        _flag_url(scene.reply),
        {"sent": "1", "reason": "spam"},
        form_url=f"/threads/{scene.thread.id}",
    )
    assert again.status_code == 200 and "You flagged" in _html(again)
    assert _flag_count() == 1
    flags.dismiss_flags(
        scene.moderator, service.get_post(scene.moderator, scene.reply.id), note="Fine as is."
    )
    html = _html(client.get(_flag_url(scene.reply)))
    assert "the flag was dismissed" in html and "Fine as is." in html


def test_two_submits_racing_end_in_a_message_not_an_error(client, login, scene, monkeypatch):
    member = login()
    token_page = client.get(_flag_url(scene.reply))  # the form, before either submit lands
    assert token_page.status_code == 200
    flag(member, scene.reply, "misinformation")  # the other submit, committed in between
    monkeypatch.setattr(flag_queries, "flag_of", lambda viewer, post_id: None)
    monkeypatch.setattr(
        flags, "_existing", lambda user, post_id: _look_up_after_first(user, post_id)
    )
    _calls.clear()
    response = client.submit(_flag_url(scene.reply), {"sent": "1", "reason": "spam"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_flag_url(scene.reply))
    monkeypatch.undo()
    html = _html(client.get(response.headers["Location"]))
    assert "already flagged this post" in html
    assert _flag_count() == 1


_calls: list[int] = []


def _look_up_after_first(user, post_id):
    """Misses the first time (the other submit had not committed when it looked)."""
    _calls.append(post_id)
    if len(_calls) == 1:
        return None
    return db.session.scalar(
        select(Flag).where(Flag.post_id == post_id, Flag.flagger_id == user.id)
    )


def test_flagging_too_fast_is_429_beside_the_field(app, client, login, scene):
    app.config.update(FLAG_LIMIT=1, FLAG_LIMIT_WINDOW=3600)
    member = login()
    flag(member, scene.reply, "spam")
    other = make_post(scene.thread, scene.author, "Another reply.")
    response = client.submit(
        _flag_url(other), {"sent": "1", "reason": "other", "text": "Looks like an advert."}
    )
    html = _html(response)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 3000
    assert re.search(r'id="reason-error"[^>]*>You can flag 1 post every 1 hour', html)
    assert "Looks like an advert." in html
    assert _flag_count() == 1


def test_who_may_not_flag_gets_403_or_404(client, auth, login, scene):
    url = _flag_url(scene.reply)
    guest = client.get(url)
    assert guest.status_code == 302 and "/login" in guest.headers["Location"]
    auth.login(scene.author.username)
    assert client.get(url).status_code == 403  # their own post
    auth.logout()
    login()
    assert client.get("/posts/999999/flag").status_code == 404
    posts.hide_post(scene.moderator, service.get_post(scene.moderator, scene.reply.id), "Names")
    refused = client.get(url)
    assert refused.status_code == 403 and "no longer shown" in _html(refused)
    service.delete_post(
        scene.moderator, service.get_post(scene.moderator, scene.thread.first_post_id)
    )
    assert client.get(url).status_code == 404  # a deleted thread: members may not know it
    assert _flag_count() == 0


def test_a_post_hidden_by_reports_says_so_and_its_author_reads_why(client, auth, scene):
    for member in scene.members[:3]:
        flag(member, scene.reply, "spam")
    thread_url = f"/threads/{scene.thread.id}"
    auth.login(scene.members[3].username)
    html = _html(client.get(thread_url))
    assert "This post was hidden after members reported it" in html
    assert "hidden by a moderator" not in html and "Call the patient" not in html
    assert posts.AUTO_HIDE_REASON not in html
    auth.logout()
    auth.login(scene.author.username)
    assert posts.AUTO_HIDE_REASON in _html(client.get(thread_url))
