"""The moderators' page on a member, /moderation/users/<username>: who may open it, what
it shows, staff notes and their form, and its cost with 5 and with 50 rows."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import people
from forum.moderation.models import AuditEntry, Flag, ModeratorWarning, Suspension, UserNote
from tests.factories import make_post, make_specialty, make_thread, make_user

PAGE = "/moderation/users/{}"


def html(response) -> str:
    return unescape(response.get_data(as_text=True))


def field_error(page: str, field: str) -> str | None:
    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    return match.group(1).strip() if match else None


def log_in(client, user) -> None:
    response = client.submit(
        "/login", {"username": user.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


@pytest.fixture
def cardiology(app):
    return make_specialty("Cardiology", slug="cardiology")


@pytest.fixture
def member(app):
    return make_user(username="ada", display_name="Dr Ada Obi")


# ---- who may open it ---------------------------------------------------------------------------


def test_guests_are_sent_to_log_in(client, member):
    response = client.get(PAGE.format("ada"))
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("role", ["member", "mentor"])
def test_members_and_mentors_are_refused_with_403(client, login, member, role):
    login(role)
    response = client.get(PAGE.format("ada"))
    assert response.status_code == 403
    assert "Only moderators open members' moderation pages." in html(response)


def test_moderators_of_any_scope_and_admins_open_it(client, auth, member, cardiology):
    for user in (
        make_user(moderates=[cardiology]),
        make_user("moderator"),
        make_user("admin"),
    ):
        log_in(client, user)
        response = client.get(PAGE.format("ADA"))  # usernames match without case
        assert response.status_code == 200
        assert "Dr Ada Obi" in html(response)
        auth.logout()


def test_an_unknown_member_is_404_for_moderators_and_403_for_others(client, auth, login):
    login("moderator")
    assert client.get(PAGE.format("nobody")).status_code == 404
    auth.logout()
    login()
    assert client.get(PAGE.format("nobody")).status_code == 403


def test_a_suspended_moderator_cannot_open_it(client, login, member):
    login("moderator", suspended_until=utcnow() + timedelta(days=1))
    assert client.get(PAGE.format("ada")).status_code == 403


# ---- what it shows ----------------------------------------------------------------------------


def test_the_page_shows_facts_suspensions_warnings_notes_and_flag_counts(
    client, login, member, cardiology
):
    moderator = login("moderator", username="sitemod")
    thread = make_thread(author=member, specialty=cardiology, title="Wearable ECG patches in AF")
    reply = make_post(thread, member, "A second opinion on the patches.")
    other = make_user()
    now = utcnow()
    db.session.add_all(
        [
            Suspension(
                user_id=member.id,
                moderator_id=moderator.id,
                reason="Shared a discharge letter",
                created_at=now - timedelta(days=40),
                ends_at=now - timedelta(days=37),
            ),
            Suspension(
                user_id=member.id,
                moderator_id=moderator.id,
                reason="Rude to a student",
                created_at=now - timedelta(days=10),
                ends_at=now - timedelta(days=3),
                lifted_at=now - timedelta(days=9),
                lifted_by_id=moderator.id,
            ),
            ModeratorWarning(
                user_id=member.id,
                moderator_id=moderator.id,
                post_id=reply.id,
                message="Please keep patient details out of posts.",
            ),
            UserNote(user_id=member.id, author_id=moderator.id, body="Talked to her by email."),
            Flag(post_id=reply.id, flagger_id=other.id, reason="spam"),
            Flag(
                post_id=thread.first_post_id, flagger_id=other.id, reason="spam", status="dismissed"
            ),
            Flag(
                post_id=make_post(thread, other, "Other's").id, flagger_id=member.id, reason="spam"
            ),
        ]
    )
    db.session.commit()

    page = html(client.get(PAGE.format("ada")))

    assert "@ada · Physician" in page
    assert re.search(r"<dt>Threads started</dt><dd>1</dd>", page)
    assert re.search(r"<dt>Posts</dt><dd>2</dd>", page)
    assert re.search(r"<dt>Flags on their posts</dt><dd>1 open, 1 dismissed</dd>", page)
    assert re.search(r"<dt>Flags they raised</dt><dd>1 open</dd>", page)
    assert "Not suspended." in page
    assert "<strong>Ended</strong> · 3 days" in page and "Shared a discharge letter" in page
    assert "<strong>Lifted</strong> · 7 days" in page and "Rude to a student" in page
    assert "Please keep patient details out of posts." in page
    assert f'href="/posts/{reply.id}"' in page
    assert "Talked to her by email." in page
    # A site-wide moderator may suspend her and keep notes, but not change roles.
    assert 'action="/moderation/users/ada/suspend"' in page
    assert 'action="/moderation/users/ada/notes"' in page
    assert "/moderation/users/ada/roles" not in page


def test_a_scoped_moderator_keeps_notes_but_is_offered_no_suspension(
    client, login, member, cardiology
):
    login(moderates=[cardiology])
    page = html(client.get(PAGE.format("ada")))
    assert 'action="/moderation/users/ada/notes"' in page
    assert "/suspend" not in page

    response = client.submit(
        "/moderation/users/ada/suspend",
        {"period": "1d", "reason": "Spam"},
        form_url=PAGE.format("ada"),
    )
    assert response.status_code == 403
    assert db.session.scalar(select(Suspension.id)) is None


def test_nobody_acts_on_an_equal_or_higher_rank(client, login, cardiology):
    make_user("moderator", username="othermod")
    login("moderator")
    page = html(client.get(PAGE.format("othermod")))
    assert "/suspend" not in page and "/notes" not in page  # forms not offered
    response = client.submit(
        "/moderation/users/othermod/notes", {"body": "A note"}, form_url=PAGE.format("othermod")
    )
    assert response.status_code == 403
    assert db.session.scalar(select(UserNote.id)) is None


# ---- staff notes --------------------------------------------------------------------------------


def test_a_note_is_added_with_its_audit_entry(client, login, member):
    login("moderator", username="sitemod")
    response = client.submit(
        "/moderation/users/ada/notes",
        {"body": "  Asked to read the privacy guide.  "},
        form_url=PAGE.format("ada"),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderation/users/ada")
    note = db.session.scalars(select(UserNote)).one()
    assert (note.body, note.user_id) == ("Asked to read the privacy guide.", member.id)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_name, entry.target_id, entry.target_label) == (
        "user.note",
        "sitemod",
        member.id,
        "ada",
    )
    assert "Asked to read the privacy guide." in html(client.get(PAGE.format("ada")))


def test_an_empty_or_long_note_gets_a_message_beside_the_field(client, login, member):
    login("moderator")
    response = client.submit(
        "/moderation/users/ada/notes", {"body": "   "}, form_url=PAGE.format("ada")
    )
    assert response.status_code == 200
    assert field_error(html(response), "body") == "Write the note first."

    long_note = "x" * 2001
    response = client.submit(
        "/moderation/users/ada/notes", {"body": long_note}, form_url=PAGE.format("ada")
    )
    page = html(response)
    assert field_error(page, "body") == "Keep notes under 2,000 characters."
    assert long_note in page  # what was typed is kept
    assert db.session.scalar(select(UserNote.id)) is None


def test_the_member_never_reads_notes_about_them(client, login, auth, member):
    moderator = make_user("moderator")
    people.add_note(moderator, member, "Watch for copy-pasted case notes.")
    log_in(client, member)
    assert "Watch for copy-pasted case notes." not in html(client.get("/members/ada"))
    assert client.get(PAGE.format("ada")).status_code == 403


def test_the_profile_offers_moderators_a_moderate_link(client, auth, login, member):
    assert "Moderate</a>" not in html(client.get("/members/ada"))
    login()
    assert "Moderate</a>" not in html(client.get("/members/ada"))
    auth.logout()
    login("moderator")
    page = html(client.get("/members/ada"))
    assert 'href="/moderation/users/ada">Moderate</a>' in page


# ---- cost ---------------------------------------------------------------------------------------


def _history(member, moderator, rows: int) -> None:
    now = utcnow()
    thread = make_thread(author=make_user("moderator"))
    flagged = make_post(thread, member, f"A post to flag {rows}")
    for n in range(rows):
        db.session.add_all(
            [
                Suspension(
                    user_id=member.id,
                    moderator_id=moderator.id,
                    reason=f"Reason {n}",
                    created_at=now - timedelta(days=n + 2),
                    ends_at=now - timedelta(days=n + 1),
                    lifted_at=now - timedelta(days=n + 1, hours=1) if n % 2 else None,
                    lifted_by_id=moderator.id if n % 2 else None,
                ),
                ModeratorWarning(user_id=member.id, moderator_id=moderator.id, message=f"W {n}"),
                UserNote(user_id=member.id, author_id=moderator.id, body=f"Note {n}"),
                Flag(post_id=flagged.id, flagger_id=make_user().id, reason="spam"),
            ]
        )
    db.session.commit()


def test_query_count_does_not_grow_with_the_rows_shown(app, client, login, count_queries):
    moderator = login("moderator")
    few, many = make_user(username="few"), make_user(username="many")
    _history(few, moderator, 5)
    _history(many, moderator, 50)

    counts = []
    for username, rows in (("few", 5), ("many", 50)):
        # Each request in its own app context, as in production: the signed-in user is
        # loaded again (the test's own context would keep it in `g`).
        with app.app_context(), count_queries() as statements:
            response = client.get(PAGE.format(username))
        assert response.status_code == 200
        assert html(response).count("Reason ") == rows
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[0] <= 12
