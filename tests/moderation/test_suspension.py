"""Suspensions: who may suspend whom, what a suspension writes (row, column, audit entry,
notice), lifting it, its ending by itself, and what the suspended member may still do,
from sessions already open too."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from forum.auth import service as accounts
from forum.auth.models import SUSPENDED_INDEFINITELY, User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotAllowed
from forum.extensions import db
from forum.moderation import flags, people
from forum.moderation.models import AuditEntry, Suspension
from forum.notifications.models import Notification
from forum.threads import service as threads
from forum.threads.models import Post
from tests.factories import PASSWORD, make_post, make_specialty, make_thread, make_user

PAGE = "/moderation/users/ada"


@pytest.fixture
def ada(app):
    return make_user(username="ada", created_at=utcnow() - timedelta(days=30))


@pytest.fixture
def sitemod(app):
    return make_user("moderator", username="sitemod")


def html(response) -> str:
    return unescape(response.get_data(as_text=True))


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def notices(user: User) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.message)
            .where(Notification.user_id == user.id, Notification.kind == "moderation")
            .order_by(Notification.id)
        )
    )


# ---- the service --------------------------------------------------------------------------------


def test_suspending_writes_the_row_the_column_the_audit_entry_and_the_notice(ada, sitemod):
    before = utcnow()
    suspension = people.suspend_user(sitemod, ada, "3d", "  Posted a patient's full name.  ")

    ada = fresh(ada)
    assert ada.is_suspended
    assert ada.suspended_until == suspension.ends_at
    assert timedelta(days=3) <= suspension.ends_at - before < timedelta(days=3, minutes=1)
    assert (suspension.reason, suspension.moderator_id) == (
        "Posted a patient's full name.",
        sitemod.id,
    )
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_name, entry.target_type, entry.target_id) == (
        "user.suspend",
        "sitemod",
        "user",
        ada.id,
    )
    assert entry.reason == "Posted a patient's full name."
    assert entry.before == {"suspended_until": None}
    assert entry.after["period"] == "3 days"
    assert entry.after["suspended_until"] == suspension.ends_at.isoformat()
    (notice,) = notices(ada)
    assert "Your account is suspended until " in notice
    assert "Reason: Posted a patient's full name." in notice


def test_until_lifted_never_ends_and_lifting_clears_it(ada, sitemod):
    suspension = people.suspend_user(sitemod, ada, "lifted", "Repeated spam")
    assert suspension.ends_at is None
    assert fresh(ada).suspended_until == SUSPENDED_INDEFINITELY

    people.lift_suspension(sitemod, fresh(ada), "Apologised")

    ada = fresh(ada)
    assert ada.suspended_until is None and not ada.is_suspended
    lifted = db.session.get(Suspension, suspension.id)
    assert lifted.lifted_at is not None and lifted.lifted_by_id == sitemod.id
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.unsuspend")
    ).one()
    assert entry.reason == "Apologised"
    assert entry.before == {"suspended_until": SUSPENDED_INDEFINITELY.isoformat()}
    assert entry.after == {"suspended_until": None}
    assert "until a moderator lifts it" in notices(ada)[0]
    assert notices(ada)[1] == "Your suspension was lifted: you can post again."


@pytest.mark.parametrize(
    "actor_role, target_role, allowed",
    [
        ("moderator", "", True),
        ("moderator", "mentor", True),
        ("admin", "moderator", True),
        ("admin", "admin", False),
        ("moderator", "moderator", False),
        ("moderator", "admin", False),
        ("mentor", "", False),
        ("", "", False),
    ],
)
def test_only_site_wide_staff_suspend_and_only_a_lower_rank(app, actor_role, target_role, allowed):
    actor, target = make_user(actor_role or "member"), make_user(target_role or "member")
    if allowed:
        people.suspend_user(actor, target, "1d", "Reason")
        assert fresh(target).is_suspended
    else:
        with pytest.raises(NotAllowed):
            people.suspend_user(actor, target, "1d", "Reason")
        assert not fresh(target).is_suspended
        assert db.session.scalar(select(func.count(Suspension.id))) == 0
        assert audit_actions() == []


def test_scoped_moderators_and_the_actor_themself_cannot_suspend(app, sitemod):
    cardiology = make_specialty()
    scoped = make_user(moderates=[cardiology])
    with pytest.raises(NotAllowed):
        people.suspend_user(scoped, make_user(), "1d", "Reason")
    with pytest.raises(NotAllowed):
        people.suspend_user(sitemod, sitemod, "1d", "Reason")


def test_a_reason_and_a_known_period_are_required(ada, sitemod):
    with pytest.raises(Invalid) as error:
        people.suspend_user(sitemod, ada, "1d", "   ")
    assert error.value.field == "reason"
    with pytest.raises(Invalid) as error:
        people.suspend_user(sitemod, ada, "2y", "Reason")
    assert error.value.field == "period"
    assert not fresh(ada).is_suspended


def test_a_suspended_member_must_be_lifted_before_suspending_again(ada, sitemod):
    people.suspend_user(sitemod, ada, "1d", "First")
    with pytest.raises(Invalid) as error:
        people.suspend_user(sitemod, fresh(ada), "1w", "Second")
    assert "already suspended until" in error.value.message
    assert db.session.scalar(select(func.count(Suspension.id))) == 1


def test_lifting_a_member_who_is_not_suspended_is_a_conflict(ada, sitemod):
    with pytest.raises(Conflict):
        people.lift_suspension(sitemod, ada)
    assert audit_actions() == []


def _ended(user: User) -> Suspension:
    """Make `user`'s suspension one that began four days ago and ended yesterday."""
    suspension = db.session.scalars(select(Suspension).where(Suspension.user_id == user.id)).one()
    now = utcnow()
    suspension.created_at = now - timedelta(days=4)
    suspension.ends_at = now - timedelta(days=1)
    db.session.get(User, user.id).suspended_until = suspension.ends_at
    db.session.commit()
    return suspension


def test_a_suspension_ends_by_itself(client, ada, sitemod):
    people.suspend_user(sitemod, ada, "3d", "Off-topic advertising")
    _ended(ada)
    assert not fresh(ada).is_suspended
    with pytest.raises(Conflict):  # nothing left to lift
        people.lift_suspension(sitemod, fresh(ada))

    # She posts again, with no step run at the end of the suspension.
    thread = make_thread(author=sitemod)
    client.submit("/login", {"username": "ada", "password": PASSWORD})
    response = client.submit(f"/threads/{thread.id}/reply", {"body": "Back again."})
    assert response.status_code == 302
    client.submit("/logout", form_url="/")

    # The moderators' page says it ended.
    client.submit("/login", {"username": "sitemod", "password": PASSWORD})
    page = html(client.get(PAGE))
    assert "Not suspended." in page
    assert "<strong>Ended</strong> · 3 days" in page
    assert re.search(r"· ended <time", page)


# ---- what the suspended member can and cannot do, sessions already open included --------------


def _request(app, call):
    """One request in its own app context, as in production: the test's own context would
    keep `g`, and so the signed-in user, from one request to the next."""
    with app.app_context():
        return call()


@pytest.fixture
def scene(app, ada, sitemod):
    thread = make_thread(author=sitemod, title="Remote monitoring after cardiac surgery")
    own = make_post(thread, ada, "My first reply.")
    return thread, own


def test_an_open_session_is_refused_on_its_next_request(app, client, scene, sitemod):
    thread, own = scene
    member, moderator = client, app.test_client()  # two browsers
    _request(app, lambda: member.submit("/login", {"username": "ada", "password": PASSWORD}))
    reply_url = f"/threads/{thread.id}/reply"
    token = _request(app, lambda: member.csrf_token(reply_url))  # her reply form is open

    _request(app, lambda: moderator.submit("/login", {"username": "sitemod", "password": PASSWORD}))
    suspended = _request(
        app,
        lambda: moderator.submit(
            f"{PAGE}/suspend",
            {"period": "1w", "reason": "Shared a scan with a name on it"},
            form_url=PAGE,
        ),
    )
    assert suspended.status_code == 302

    # The same session, the form it already had: refused, and nothing is saved.
    response = _request(
        app, lambda: member.post(reply_url, data={"body": "Posting anyway.", "csrf_token": token})
    )
    assert response.status_code == 403
    page = html(response)
    assert "Posting anyway." in page  # what she typed is kept
    assert db.session.scalar(select(Post.id).where(Post.body_md == "Posting anyway.")) is None


def test_a_suspended_member_cannot_post_edit_flag_or_change_their_profile(
    app, client, scene, sitemod
):
    thread, own = scene
    other = make_post(thread, sitemod, "A post to flag.")
    people.suspend_user(sitemod, db.session.get(User, own.author_id), "1d", "Cooling off")
    client.submit("/login", {"username": "ada", "password": PASSWORD})

    new_thread = client.submit(
        "/threads/new",
        {
            "title": "A new thread while suspended",
            "kind": "discussion",
            "specialty": str(thread.specialty_id),
            "topics": [str(t.id) for t in threads.with_topics(thread).topics],
            "body": "Should not appear.",
        },
    )
    assert new_thread.status_code == 403
    assert db.session.scalar(select(Post.id).where(Post.body_md == "Should not appear.")) is None

    edit = client.submit(f"/posts/{own.id}/edit", {"body": "Edited."}, form_url="/")
    assert edit.status_code == 403
    assert client.get(f"/posts/{own.id}/edit").status_code == 403
    assert db.session.get(Post, own.id).body_md == "My first reply."

    profile = client.get("/account/profile")
    assert profile.status_code == 403
    assert "Your account is suspended until " in html(
        profile
    ) and "you can read, but not change your profile." in html(profile)
    member = fresh(db.session.get(User, own.author_id))
    with pytest.raises(NotAllowed):
        flags.flag_post(member, threads.get_post(member, other.id), "spam")


def test_a_suspended_moderator_keeps_reading_but_no_longer_pins_or_locks(client, scene):
    thread, _own = scene
    moderator = make_user("moderator", username="mod")
    people.suspend_user(make_user("admin"), moderator, "1d", "Under review")
    moderator = fresh(moderator)
    with pytest.raises(NotAllowed):
        threads.set_thread_state(moderator, threads.get_thread(moderator, thread.id), locked=True)
    client.submit("/login", {"username": "mod", "password": PASSWORD})
    page = html(client.get(f"/threads/{thread.id}"))
    assert f'action="/threads/{thread.id}/state"' not in page
    assert client.submit(
        f"/threads/{thread.id}/state", {"action": "lock"}, form_url="/"
    ).status_code == 403
    db.session.expire_all()
    assert not threads.get_thread(moderator, thread.id).is_locked


def test_each_refusal_says_the_account_is_suspended_and_until_when(app, client, scene, sitemod):
    thread, own = scene
    people.suspend_user(sitemod, db.session.get(User, own.author_id), "1w", "Cooling off")
    client.submit("/login", {"username": "ada", "password": PASSWORD})
    until = accounts.suspension_end_text(fresh(db.session.get(User, own.author_id)).suspended_until)

    reply = client.submit(f"/threads/{thread.id}/reply", {"body": "Posting anyway."}, form_url="/")
    assert reply.status_code == 403
    assert re.search(
        rf'id="body-error">Your account is suspended {re.escape(until)}: you can read, but not '
        r"post or reply\.",
        html(reply),
    )
    edit = client.get(f"/posts/{own.id}/edit")
    assert edit.status_code == 403
    assert f"Your account is suspended {until}: you can read, but not edit posts." in html(edit)


def test_a_suspended_member_still_reads_and_sees_their_notifications(app, client, scene, sitemod):
    thread, own = scene
    people.suspend_user(sitemod, db.session.get(User, own.author_id), "1d", "Cooling off")
    client.submit("/login", {"username": "ada", "password": PASSWORD})
    assert client.get(f"/threads/{thread.id}").status_code == 200
    page = html(client.get("/notifications"))
    assert "Your account is suspended until" in page and "Cooling off" in page


def test_profile_updates_are_refused_by_the_service_too(ada, sitemod):
    people.suspend_user(sitemod, ada, "1d", "Cooling off")
    with pytest.raises(NotAllowed):
        accounts.update_profile(
            fresh(ada),
            display_name="New name",
            profession="nurse",
            specialty_id=None,
            institution=None,
            bio=None,
        )
    assert fresh(ada).display_name != "New name"


# ---- what the member and others are shown ------------------------------------------------------


def test_the_member_sees_why_and_until_when_on_their_profile(client, auth, ada, sitemod):
    people.suspend_user(sitemod, ada, "1w", "Shared a scan with a name on it")
    client.submit("/login", {"username": "ada", "password": PASSWORD})
    own = html(client.get("/members/ada"))
    assert "Your account is suspended until <time" in own
    assert "Reason: Shared a scan with a name on it" in own
    assert 'href="/account/profile"' not in own  # no edit button she could not use
    auth.logout()

    client.submit("/login", {"username": make_user().username, "password": PASSWORD})
    assert "Shared a scan" not in html(client.get("/members/ada"))  # other members: nothing
    auth.logout()
    assert "Shared a scan" not in html(client.get("/members/ada"))  # nor guests


def test_a_banner_on_every_page_tells_the_suspended_member_why(client, ada, sitemod, scene):
    thread, _own = scene
    people.suspend_user(sitemod, fresh(ada), "lifted", "Shared a scan with a name on it")
    client.submit("/login", {"username": "ada", "password": PASSWORD})
    for url in ("/", f"/threads/{thread.id}", "/latest", "/account/profile"):
        page = html(client.get(url))
        assert 'class="suspension-banner"' in page, url
        assert "Your account is suspended until a moderator lifts it" in page
        assert "Reason: Shared a scan with a name on it" in page


def test_nobody_else_sees_a_banner_and_it_costs_them_no_query(client, login, count_queries, ada):
    login()
    with count_queries() as statements:
        page = html(client.get("/latest"))
    assert "suspension-banner" not in page
    assert not any("suspensions" in s for s in statements)


# ---- through the moderators' page ---------------------------------------------------------------


def test_suspend_and_lift_from_the_page(client, ada, sitemod):
    client.submit("/login", {"username": "sitemod", "password": PASSWORD})
    response = client.submit(
        f"{PAGE}/suspend", {"period": "1d", "reason": "Spam links"}, form_url=PAGE
    )
    assert response.status_code == 302
    page = html(client.get(response.headers["Location"]))
    assert "ada is suspended until" in page
    assert "Suspended until <time" in page and "Spam links" in page
    assert f'action="{PAGE}/unsuspend"' in page and f'action="{PAGE}/suspend"' not in page

    response = client.submit(f"{PAGE}/unsuspend", {"lift_reason": "Cleared up"}, form_url=PAGE)
    assert response.status_code == 302
    page = html(client.get(PAGE))
    assert "ada's suspension is lifted." in page and "Not suspended." in page
    assert "<strong>Lifted</strong> · 24 hours" in page
    assert audit_actions() == ["user.suspend", "user.unsuspend"]

    # Lifting again (a second moderator's stale page) is a message, not an error.
    response = client.submit(f"{PAGE}/unsuspend", {}, form_url=PAGE, follow_redirects=True)
    assert response.status_code == 200 and "ada is not suspended." in html(response)


def test_suspend_form_errors_sit_beside_the_fields_and_keep_the_input(client, ada, sitemod):
    client.submit("/login", {"username": "sitemod", "password": PASSWORD})
    response = client.submit(f"{PAGE}/suspend", {"reason": "Kept reason"}, form_url=PAGE)
    page = html(response)
    assert response.status_code == 200
    assert re.search(r'id="period-error">Choose how long the suspension lasts\.', page)
    assert re.search(r">\s*Kept reason</textarea>", page)
    response = client.submit(f"{PAGE}/suspend", {"period": "1w", "reason": ""}, form_url=PAGE)
    assert re.search(r'id="reason-error">Say why', html(response))
    assert not fresh(ada).is_suspended
