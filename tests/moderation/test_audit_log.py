"""GET /moderation/log: who may read it, newest first and paginated, its filters (and
their errors, beside the fields), what a row shows, what it never shows, and its cost."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from flask import g
from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import audit
from forum.moderation.models import AuditEntry, ThreadRedirect
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from forum.unit_of_work import unit_of_work
from tests.factories import make_specialty, make_thread, make_user, nth_post

LOG = "/moderation/log"


def _html(response) -> str:
    return unescape(response.get_data(as_text=True))


def entry(actor, action, target_type, target_id, label="", *, ago=None, **fields):
    """An audit entry written as services write them, `ago` (a timedelta) in the past."""
    with unit_of_work():
        recorded = audit.record(actor, action, target_type, target_id, label, **fields)
        if ago is not None:
            recorded.created_at = utcnow() - ago
    return recorded


def entry_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="entry-(\d+)"', html)]


def field_error(html: str, field: str) -> str | None:
    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    return match.group(1) if match else None


@pytest.fixture
def cardiology(app):
    return make_specialty("Cardiology", slug="cardiology")


@pytest.fixture
def sitemod(app):
    return make_user("moderator", username="sitemod")


# ---- who may read it ---------------------------------------------------------------------------


def test_a_guest_is_sent_to_log_in(client):
    for url in (LOG, "/moderation/log.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_members_and_mentors_are_refused(client, login):
    login("mentor")
    for url in (LOG, "/moderation/log.csv"):
        response = client.get(url)
        assert response.status_code == 403
        assert "The audit log is for moderators." in _html(response)


@pytest.mark.parametrize("role", ["scoped moderator", "moderator", "admin", "mentor moderator"])
def test_moderators_of_any_scope_and_admins_read_it(client, login, cardiology, role):
    if role == "scoped moderator":
        login(moderates=[cardiology])
    else:
        login(role)
    assert client.get(LOG).status_code == 200
    export = client.get("/moderation/log.csv")
    assert export.status_code == 200
    export.close()  # a streamed body: close it, as a server does


def test_a_suspended_moderator_is_refused_even_in_an_open_session(client, login):
    moderator = login("moderator")
    assert client.get(LOG).status_code == 200
    moderator.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    assert client.get(LOG).status_code == 403


# ---- order and pages -----------------------------------------------------------------------


def test_newest_first_fifty_a_page(client, login, sitemod):
    made = [
        entry(sitemod, "thread.pin", "thread", n, f"Thread {n}", ago=timedelta(minutes=100 - n))
        for n in range(1, 61)
    ]
    login("moderator")
    first = _html(client.get(LOG))
    assert entry_ids(first) == [e.id for e in reversed(made)][:50]
    assert "60 entries" in first
    second = _html(client.get(f"{LOG}?page=2"))
    assert entry_ids(second) == [e.id for e in reversed(made)][50:]
    assert client.get(f"{LOG}?page=3").status_code == 404


def test_order_is_by_time_not_by_insertion(client, login, sitemod):
    late = entry(sitemod, "thread.lock", "thread", 1, "Written first, happened last")
    early = entry(sitemod, "thread.pin", "thread", 2, "Written last", ago=timedelta(days=2))
    login("moderator")
    assert entry_ids(_html(client.get(LOG))) == [late.id, early.id]


# ---- filters -----------------------------------------------------------------------------------


@pytest.fixture
def history(app, sitemod):
    other = make_user("moderator", username="othermod")
    now = utcnow()
    made = {
        "pin": entry(sitemod, "thread.pin", "thread", 11, "Pinned one", ago=timedelta(days=10)),
        "lock": entry(other, "thread.lock", "thread", 11, "Pinned one", ago=timedelta(days=5)),
        "hide": entry(sitemod, "post.hide", "post", 7, "Some thread", reason="Phone number"),
        "auto": entry(None, "post.auto_hide", "post", 8, "Some thread", reason="Three flags"),
        "warn": entry(other, "user.warn", "user", sitemod.id, "sitemod", reason="Be kind"),
    }
    return made, now


def _shown(client, query: str) -> list[int]:
    response = client.get(f"{LOG}?{query}")
    assert response.status_code == 200, query
    return entry_ids(_html(response))


def test_each_filter_narrows_the_log(client, login, history):
    made, now = history
    login("moderator")
    assert set(_shown(client, "")) == {e.id for e in made.values()}
    assert set(_shown(client, "actor=SITEMOD")) == {made["pin"].id, made["hide"].id}
    assert _shown(client, "actor=system") == [made["auto"].id]
    assert _shown(client, "action=thread.lock") == [made["lock"].id]
    assert set(_shown(client, "target_type=post")) == {made["hide"].id, made["auto"].id}
    assert set(_shown(client, "target_type=thread&target_id=11")) == {
        made["pin"].id,
        made["lock"].id,
    }
    day = (now - timedelta(days=5)).date().isoformat()
    assert _shown(client, f"since={day}&until={day}") == [made["lock"].id]
    assert set(_shown(client, f"until={day}")) == {made["pin"].id, made["lock"].id}
    assert made["pin"].id not in _shown(client, f"since={day}")
    both = _shown(client, "actor=othermod&target_type=user")
    assert both == [made["warn"].id]


def test_filters_are_kept_in_the_form_and_across_pages(client, login, sitemod):
    for _ in range(55):
        entry(sitemod, "thread.pin", "thread", 5, "Often pinned")
    entry(sitemod, "thread.lock", "thread", 5, "Often pinned")
    login("moderator")
    html = _html(client.get(f"{LOG}?action=thread.pin&actor=sitemod"))
    assert '<option selected value="thread.pin">' in html
    assert 'value="sitemod"' in html
    assert "55 entries match" in html
    assert "action=thread.pin" in re.search(r'<a rel="next" href="([^"]+)"', html).group(1)


@pytest.mark.parametrize(
    ("query", "field", "message", "kept"),
    [
        ("since=2024-13-45", "since", "Not a valid date value.", 'value="2024-13-45"'),
        ("until=yesterday", "until", "Not a valid date value.", 'value="yesterday"'),
        (
            "since=2024-05-02&until=2024-05-01",
            "until",
            "This date is before the “From” date.",
            'value="2024-05-01"',
        ),
        ("target_type=thread&target_id=abc", "target_id", "Not a valid integer value.", "abc"),
        ("target_type=thread&target_id=0", "target_id", "Give the number from the target", "0"),
        ("target_id=12", "target_type", "Say what the number belongs to", 'value="12"'),
        ("target_type=planet", "target_type", "Choose a kind of target from the list.", ""),
        ("action=thread.explode", "action", "Choose an action from the list.", ""),
        ("actor=no+spaces+here", "actor", "A username has 3–30 letters", 'value="no spaces here"'),
        ("actor=" + "x" * 31, "actor", "A username has at most 30 characters.", "x" * 31),
    ],
)
def test_bad_filters_are_shown_beside_the_field_and_keep_what_was_typed(
    client, login, sitemod, query, field, message, kept
):
    entry(sitemod, "thread.pin", "thread", 1, "Anything")
    login("moderator")
    response = client.get(f"{LOG}?{query}")
    html = _html(response)
    assert response.status_code == 200
    assert message in (field_error(html, field) or ""), html[html.find("<form") :][:3000]
    assert kept in html
    assert "Please correct the marked fields below." in html
    assert entry_ids(html) == []  # no rows under filters that do not mean anything


def test_a_number_that_is_not_one_gets_one_message(client, login):
    login("moderator")
    html = _html(client.get(f"{LOG}?target_type=post&target_id=12b"))
    assert field_error(html, "target_id") == "Not a valid integer value."
    assert 'value="12b"' in html and 'type="text"' in html


def test_an_unknown_actor_is_told_beside_the_field(client, login, sitemod):
    entry(sitemod, "thread.pin", "thread", 1, "Anything")
    login("moderator")
    html = _html(client.get(f"{LOG}?actor=nobody_here"))
    assert field_error(html, "actor") == "Nobody by that username has an entry in the log."
    # A member who exists but never acted is simply an empty result.
    make_user(username="quiet_one")
    html = _html(client.get(f"{LOG}?actor=quiet_one"))
    assert field_error(html, "actor") is None
    assert "No entry matches these filters." in html


def test_an_actor_whose_account_is_renamed_or_gone_is_found_by_the_kept_name(
    client, login, sitemod
):
    gone = entry(sitemod, "thread.pin", "thread", 1, "Anything")
    db.session.execute(
        AuditEntry.__table__.insert().values(
            created_at=utcnow(),
            actor_id=None,
            actor_name="departed",
            action="thread.lock",
            target_type="thread",
            target_id=1,
            target_label="Anything",
        )
    )
    db.session.commit()
    login("moderator")
    shown = _shown(client, "actor=departed")
    assert len(shown) == 1 and shown[0] != gone.id


# ---- what a row shows --------------------------------------------------------------------------


def test_a_row_shows_when_who_what_target_reason_and_before_after(client, login, sitemod):
    thread = make_thread(title="Wearable ECG patches after ablation")
    entry(
        sitemod,
        "thread.rename",
        "thread",
        thread.id,
        thread.title,
        reason="Clearer for search",
        before={"title": "ECG patch??"},
        after={"title": thread.title, "locked": True},
    )
    login("admin")
    html = _html(client.get(LOG))
    assert "Renamed a thread" in html
    assert f'<a href="/threads/{thread.id}">“Wearable ECG patches after ablation”</a>' in html
    assert "sitemod" in html and "UTC</time>" in html
    assert "Clearer for search" in html
    assert re.search(r"title:</span>.*ECG patch\?\?.*→.*Wearable ECG patches", html)
    assert re.search(r"locked:</span>.*\(none\).*→.*yes", html)


def test_targets_link_to_where_they_are_now(client, login, sitemod, cardiology):
    thread = make_thread(specialty=cardiology, replies=1)
    reply = nth_post(thread, 2)
    merged_away = 999_001
    db.session.add(ThreadRedirect(old_thread_id=merged_away, thread_id=thread.id))
    db.session.commit()
    member = make_user(username="flagged_member")
    entry(sitemod, "post.hide", "post", reply.id, thread.title, reason="Rude")
    entry(sitemod, "thread.merge", "thread", merged_away, "Duplicate question")
    entry(sitemod, "user.warn", "user", member.id, member.username)
    entry(sitemod, "specialty.edit", "specialty", cardiology.id, "Cardiology")
    entry(sitemod, "topic.merge", "topic", 424_242, "Old topic name")
    login("moderator")
    html = _html(client.get(LOG))
    assert f'<a href="/posts/{reply.id}">post #{reply.id}</a>' in html
    assert f'<a href="/threads/{thread.id}">“Duplicate question”</a>' in html
    assert "(merged into another thread)" in html
    assert '<a href="/moderation/users/flagged_member">flagged_member</a>' in html
    assert '<a href="/specialties/cardiology">Cardiology</a>' in html
    assert 'Old topic name <span class="meta">(no longer exists)</span>' in html


# ---- what it never shows -------------------------------------------------------------------------


@pytest.fixture
def secrets(app, cardiology, sitemod):
    """Entries about a deleted cardiology thread and a private one."""
    oncology = make_specialty("Oncology", slug="oncology")
    insider = make_user(username="insider", moderates=[cardiology])
    deleted = make_thread(specialty=cardiology, title="Deleted DELETEDTITLE thread")
    threads.delete_post(sitemod, threads.get_post(sitemod, nth_post(deleted, 1).id))
    private = make_thread(insider, cardiology, title="Private PRIVATETITLE thread", replies=1)
    space = Space(name="A mentorship")
    space.members = [SpaceMember(user_id=insider.id)]
    db.session.add(space)
    db.session.flush()
    private.space_id = space.id
    db.session.commit()
    entry(sitemod, "thread.delete", "thread", deleted.id, deleted.title, reason="DELETEDREASON")
    entry(
        insider,
        "post.hide",
        "post",
        nth_post(private, 2).id,
        private.title,
        reason="PRIVATEREASON",
        before={"body": "PRIVATEVALUE"},
    )
    return {
        "oncology": make_user(username="oncomod", moderates=[oncology]),
        "cardiology": make_user(username="cardiomod", moderates=[cardiology]),
        "sitemod": sitemod,
        "insider": insider,
    }


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("oncology", set()),
        ("cardiology", {"DELETED"}),  # moderates the deleted thread's specialty
        ("sitemod", {"DELETED"}),  # staff are not members of private spaces
        ("insider", {"DELETED", "PRIVATE"}),
    ],
)
def test_titles_reasons_and_values_follow_the_visibility_rule(client, auth, secrets, viewer, sees):
    auth.login(secrets[viewer].username)
    for url in (LOG, "/moderation/log.csv", "/moderation"):
        text = _html(client.get(url))
        for word in ("DELETED", "PRIVATE"):
            shown = {f"{word}TITLE", f"{word}REASON"} & set(re.findall(rf"{word}\w+", text))
            if word in sees:
                assert shown == {f"{word}TITLE", f"{word}REASON"}, (viewer, url)
            else:
                assert shown == set(), (viewer, url, shown)
        assert ("PRIVATEVALUE" in text) == ("PRIVATE" in sees), url
    # The entries themselves are listed to every moderator (the thread tools may add their
    # own entry for the deletion), with the targets they may not see named by kind only.
    entries = db.session.scalars(select(AuditEntry)).all()
    hidden_from_viewer = [
        e for e in entries if not any(f"{word}TITLE" in e.target_label for word in sees)
    ]
    html = _html(client.get(LOG))
    assert len(entry_ids(html)) == len(entries) >= 2
    assert html.count("you cannot see, or that no longer exists") == len(hidden_from_viewer)


# ---- what it costs -------------------------------------------------------------------------------


def _fill(count: int, actor) -> None:
    """`count` entries on every kind of target, each target its own row."""
    specialty = make_specialty()
    for n in range(count):
        kind = n % 5
        if kind == 0:
            thread = make_thread(specialty=specialty)
            entry(actor, "thread.lock", "thread", thread.id, thread.title, after={"locked": True})
        elif kind == 1:
            thread = make_thread(specialty=specialty)
            post = nth_post(thread, 1)
            entry(actor, "post.hide", "post", post.id, thread.title, reason="Why")
        elif kind == 2:
            member = make_user()
            entry(actor, "user.warn", "user", member.id, member.username, reason="Why")
        elif kind == 3:
            entry(actor, "specialty.edit", "specialty", specialty.id, specialty.name)
        else:
            entry(actor, "flag.dismiss", "flag", 10_000 + n, "Gone flag")


@pytest.mark.parametrize("url", [LOG, f"{LOG}?target_type=post", "/moderation/log.csv"])
def test_query_count_does_not_grow_with_the_rows_shown(client, auth, count_queries, url):
    counts = []
    moderator = make_user("moderator", username="counter")
    for size in (5, 50):
        _fill(size if not counts else size - 5, moderator)
        if counts:
            auth.logout()
        assert auth.login(moderator.username).status_code == 302
        for name in list(g):  # start the measured request clean, as a real one starts
            g.pop(name)
        with count_queries() as statements:
            response = client.get(url)
            body = response.get_data(as_text=True)
        assert response.status_code == 200
        if url.endswith(".csv"):
            assert body.count("\n") == size + 1
        else:
            assert len(entry_ids(body)) == (size if "target_type" not in url else size // 5)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # The user, the count, the rows, their targets (one UNION), and the header's counts and
    # unread notifications.
    assert counts[0] <= 7, counts
