"""GET /moderation: who may open it, what waits (open flags with privacy concerns first,
hidden posts awaiting review, suspended members, the latest actions), where each links,
what a scoped moderator sees, and what it costs."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from flask import g

from forum.auth.models import SUSPENDED_INDEFINITELY
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import posts
from forum.moderation.models import Flag, Suspension
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from forum.unit_of_work import unit_of_work
from tests.factories import make_post, make_specialty, make_thread, make_user
from tests.moderation.test_audit_log import entry

DASHBOARD = "/moderation"


def _html(response) -> str:
    return unescape(response.get_data(as_text=True))


def flag(post, by=None, reason="spam", *, status="open", ago=timedelta(0)) -> Flag:
    """A member's flag, written as a row (the flags feature's service is tested there)."""
    made = Flag(
        post_id=post.id,
        flagger_id=(by or make_user()).id,
        reason=reason,
        status=status,
        created_at=utcnow() - ago,
    )
    db.session.add(made)
    db.session.commit()
    return made


def auto_hide(post) -> None:
    """Hidden by the forum itself, as three members' flags do."""
    with unit_of_work():
        posts.hide(post, None, posts.AUTO_HIDE_REASON, action="post.auto_hide")


def section(html: str, heading_id: str) -> str:
    """The HTML of the dashboard section headed by `heading_id`."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def suspend(user, until) -> None:
    user.suspended_until = until
    db.session.add(Suspension(user_id=user.id, reason=f"Reason for {user.username}", ends_at=until))
    db.session.commit()


@pytest.fixture
def cardiology(app):
    return make_specialty("Cardiology", slug="cardiology")


@pytest.fixture
def oncology(app):
    return make_specialty("Oncology", slug="oncology")


# ---- who may open it ---------------------------------------------------------------------------


def test_a_guest_is_sent_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ["member", "mentor"])
def test_members_are_refused(client, login, role):
    login(role)
    response = client.get(DASHBOARD)
    assert response.status_code == 403
    assert "The dashboard is for moderators." in _html(response)


@pytest.mark.parametrize("role", ["scoped moderator", "moderator", "admin"])
def test_moderators_of_any_scope_open_it(client, login, cardiology, role):
    login(moderates=[cardiology]) if role == "scoped moderator" else login(role)
    html = _html(client.get(DASHBOARD))
    assert "<h1>Moderation</h1>" in html
    for heading in ("Flagged posts", "Hidden posts awaiting review", "Suspended members"):
        assert heading in html
    assert ("in the specialties you moderate" in html) == (role == "scoped moderator")


# ---- what waits ----------------------------------------------------------------------------------


def test_open_flags_privacy_concerns_first_then_the_oldest(client, login, cardiology):
    thread = make_thread(specialty=cardiology, title="Stent choice in diabetics")
    old = make_post(thread, body="Old spam post.")
    private = make_post(thread, body="Mentions bed 4's name.")
    dismissed = make_post(thread, body="Dismissed already.")
    deleted = make_post(thread, body="Deleted since.")
    flag(old, ago=timedelta(days=3))
    flag(old, reason="off_topic", ago=timedelta(days=2))
    flag(private, reason="privacy", ago=timedelta(hours=1))
    flag(dismissed, status="dismissed", ago=timedelta(days=9))
    flag(deleted, ago=timedelta(days=9))
    remover = make_user("moderator")
    threads.delete_post(remover, threads.get_post(remover, deleted.id))
    login("moderator")
    html = _html(client.get(DASHBOARD))
    flagged = section(html, "flagged-heading")
    assert re.search(
        r'dashboard-number">3</span> open flags</a>\s*<span class="meta">on 2 posts', html
    )
    order = [int(n) for n in re.findall(r'href="/posts/(\d+)"', flagged)]
    assert order == [private.id, old.id]
    assert "Patient privacy" in flagged
    assert "Mentions bed 4's name." in flagged  # moderators read the text they review
    assert "2 flags: Spam, Off-topic" in flagged  # equal counts: in the form's order
    assert "Dismissed already." not in html and "Deleted since." not in html
    assert 'href="/moderation/flags"' in flagged


def test_hidden_posts_awaiting_review(client, login, cardiology):
    thread = make_thread(specialty=cardiology)
    moderator = make_user("moderator", username="sitemod")
    by_the_forum = make_post(thread, body="Hidden by three flags.")
    flagged_again = make_post(thread, body="Hidden by a moderator, flagged again.")
    reviewed = make_post(thread, body="Hidden by a moderator, nothing since.")
    auto_hide(threads.get_post(moderator, by_the_forum.id))
    posts.hide_post(moderator, threads.get_post(moderator, flagged_again.id), "Rude")
    posts.hide_post(moderator, threads.get_post(moderator, reviewed.id), "Off-topic")
    flag(flagged_again, reason="unprofessional")
    login("moderator")
    html = _html(client.get(DASHBOARD))
    hidden = section(html, "hidden-heading")
    assert 'dashboard-number">2</span> hidden posts awaiting review' in html
    assert [int(n) for n in re.findall(r'href="/posts/(\d+)"', hidden)] == [
        by_the_forum.id,
        flagged_again.id,
    ]
    assert "Hidden automatically" in hidden and "Hidden by a moderator" in hidden
    assert "1 open flag" in hidden
    assert posts.AUTO_HIDE_REASON in hidden
    assert f"/posts/{reviewed.id}" not in hidden


def test_suspended_members_soonest_ending_first(client, login):
    now = utcnow()
    later = make_user(username="later_one")
    sooner = make_user(username="sooner_one")
    forever = make_user(username="forever_one")
    lapsed = make_user(username="lapsed_one")
    suspend(later, now + timedelta(days=7))
    suspend(sooner, now + timedelta(days=1))
    suspend(forever, SUSPENDED_INDEFINITELY)
    suspend(lapsed, now - timedelta(minutes=1))  # lifted itself
    login("moderator")
    html = _html(client.get(DASHBOARD))
    suspended = section(html, "suspended-heading")
    assert 'dashboard-number">3</span> suspended members' in html
    assert re.findall(r'href="/moderation/users/([^"]+)"', suspended) == [
        "sooner_one",
        "later_one",
        "forever_one",
    ]
    assert "Until a moderator lifts it" in suspended
    assert "Reason for sooner_one" in suspended
    assert "lapsed_one" not in html


def test_the_latest_actions_link_to_the_log(client, login):
    moderator = make_user("moderator", username="sitemod")
    thread = make_thread(title="Sepsis bundles in the ED")
    for n in range(12):
        entry(moderator, "thread.pin", "thread", thread.id, thread.title, reason=f"Reason {n}")
    login("moderator")
    actions = section(_html(client.get(DASHBOARD)), "actions-heading")
    assert actions.count('class="log-entry"') == 8
    assert "Reason 11" in actions and "Reason 3" not in actions  # the newest
    assert 'href="/moderation/log"' in actions
    assert f'<a href="/threads/{thread.id}">“Sepsis bundles in the ED”</a>' in actions


def test_an_empty_dashboard_says_so(client, login):
    login("moderator")
    html = _html(client.get(DASHBOARD))
    assert "No open flags." in html
    assert "No hidden post is waiting for a moderator." in html
    assert "Nobody is suspended." in html
    assert "No moderator has acted yet." in html


# ---- scope ------------------------------------------------------------------------------------


def test_a_scoped_moderator_sees_only_their_specialties(client, auth, cardiology, oncology):
    mine = make_post(make_thread(specialty=cardiology), body="Cardiology CARDIOPOST")
    theirs = make_post(make_thread(specialty=oncology), body="Oncology ONCOPOST")
    hidden_mine = make_post(make_thread(specialty=cardiology), body="Cardiology CARDIOHIDDEN")
    hidden_theirs = make_post(make_thread(specialty=oncology), body="Oncology ONCOHIDDEN")
    for post in (mine, theirs):
        flag(post, reason="privacy")
    moderator = make_user("moderator")
    for post in (hidden_mine, hidden_theirs):
        auto_hide(threads.get_post(moderator, post.id))
    make_user(username="cardiomod", moderates=[cardiology])
    auth.login("cardiomod")
    html = _html(client.get(DASHBOARD))
    waiting = section(html, "flagged-heading") + section(html, "hidden-heading")
    assert "CARDIOPOST" in waiting and f"/posts/{hidden_mine.id}" in waiting
    assert "ONCOPOST" not in html and f"/posts/{hidden_theirs.id}" not in waiting
    assert 'dashboard-number">1</span> open flag</a>' in html
    assert 'dashboard-number">1</span> hidden post awaiting review' in html


def test_flags_in_a_private_space_stay_with_its_members(client, auth, cardiology):
    insider = make_user(username="insider", moderates=[cardiology])
    thread = make_thread(insider, cardiology, title="PRIVATETITLE")
    post = make_post(thread, body="PRIVATEBODY")
    space = Space(name="Mentorship")
    space.members = [SpaceMember(user_id=insider.id)]
    db.session.add(space)
    db.session.flush()
    thread.space_id = space.id
    db.session.commit()
    flag(post, reason="privacy")
    make_user("moderator", username="sitemod")
    auth.login("sitemod")  # staff, but not a member of the space
    html = _html(client.get(DASHBOARD))
    assert "PRIVATE" not in html
    assert 'dashboard-number">0</span> open flags' in html
    auth.logout()
    auth.login("insider")
    assert "PRIVATEBODY" in _html(client.get(DASHBOARD))


# ---- what it costs -------------------------------------------------------------------------------


def _fill(count: int, specialty, moderator) -> None:
    """`count` flagged posts, hidden posts, suspended members and audit entries."""
    thread = make_thread(specialty=specialty)
    for n in range(count):
        post = make_post(thread, author=make_user(), body=f"Flagged post {n}.")
        flag(post, reason="privacy" if n % 3 == 0 else "spam")
        flag(post, reason="other")
        hidden = make_post(thread, author=make_user(), body=f"Hidden post {n}.")
        auto_hide(threads.get_post(moderator, hidden.id))
        suspend(make_user(), utcnow() + timedelta(days=n + 1))
        entry(moderator, "thread.lock", "thread", thread.id, thread.title)


@pytest.mark.parametrize("scoped", [False, True], ids=["site-wide", "scoped"])
def test_query_count_does_not_grow_with_what_waits(client, auth, count_queries, scoped):
    specialty = make_specialty()
    moderator = make_user("moderator", username="filler")
    viewer = make_user(username="viewer", moderates=[specialty]) if scoped else moderator
    counts = []
    for size in (5, 50):
        _fill(size if not counts else size - 5, specialty, moderator)
        if counts:
            auth.logout()
        assert auth.login(viewer.username).status_code == 302
        for name in list(g):  # start the measured request clean, as a real one starts
            g.pop(name)
        with count_queries() as statements:
            response = client.get(DASHBOARD)
        html = _html(response)
        assert response.status_code == 200
        assert f'dashboard-number">{size * 2}</span> open flags' in html
        assert f'dashboard-number">{size}</span> suspended members' in html
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # The user, the counts (the header's too), the flagged posts and their reasons, the
    # hidden posts, the suspended members, the latest actions and their targets, and the
    # header's unread notifications.
    assert counts[0] <= 10, counts
