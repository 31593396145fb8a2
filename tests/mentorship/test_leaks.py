"""A mentorship's space never shows anywhere but to its two members: not in search,
feeds, lists, profiles or notifications, for anyone else, staff included; and its
posts leave the public counters alone.

Each test pairs the private content with public content that the same page does show,
so an empty page (a broken page) cannot pass for a private one.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.mentorship import compacts, ending, requests
from forum.mentorship.models import Compact, Mentorship
from forum.notifications.models import Notification
from forum.search import service as search
from forum.taxonomy.models import Specialty
from forum.threads import service as threads
from forum.threads.models import Thread
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship
from tests.notifications.support import fan_out

SECRET = "axolotlsecret"
PUBLIC = "pangolinpublic"
PRIVATE_TITLE = "Quokka confidential conversation"
PUBLIC_TITLE = "Pangolin public question about trials"
VIEWERS = ["member", "moderator", "admin"]


@pytest.fixture
def world(app):
    cardiology = factories.make_specialty("Cardiology", slug="cardiology")
    topic = factories.make_topic("Trials", slug="trials")
    mentor = make_mentor("drmentor", specialties=[cardiology])
    mentee = factories.make_user(username="mentee")
    mentorship = make_mentorship(
        mentor,
        mentee,
        status="active",
        specialty=cardiology,
        request_message=f"My opening {SECRET} request.",
    )
    thread = db.session.get(Thread, mentorship.thread_id)
    thread.title = PRIVATE_TITLE
    db.session.commit()
    private_reply = threads.reply_to_thread(
        mentor, threads.get_thread(mentor, thread.id), f"A {SECRET} reply from the mentor."
    )
    public = factories.make_thread(
        mentee, cardiology, [topic], title=PUBLIC_TITLE, body=f"A {PUBLIC} question."
    )
    threads.reply_to_thread(mentor, public, f"A {PUBLIC} answer from the mentor.")
    search.sync()
    return {
        "mentor": mentor,
        "mentee": mentee,
        "mentorship": mentorship,
        "thread_id": thread.id,
        "reply_id": private_reply.id,
        "public_id": public.id,
    }


def _viewer(role):
    return factories.make_user(role) if role else None


@pytest.mark.parametrize("role", VIEWERS)
def test_search_never_finds_the_space(client, as_user, world, role):
    as_user(_viewer(role))
    found = client.get(f"/search?q={PUBLIC}").get_data(as_text=True)
    assert PUBLIC_TITLE in found  # the control: search works
    page = client.get(f"/search?q={SECRET}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert PRIVATE_TITLE not in body
    assert f"post-{world['reply_id']}" not in body
    assert f"/threads/{world['thread_id']}?" not in body


@pytest.mark.parametrize("role", ["", *VIEWERS])
def test_feeds_never_include_the_space(client, as_user, world, role):
    as_user(_viewer(role))
    for url in (
        "/feeds/latest.atom",
        "/feeds/specialties/cardiology.atom",
        "/feeds/topics/trials.atom",
    ):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert PUBLIC in body or PUBLIC_TITLE in body, url  # the control
        assert SECRET not in body, url
        assert PRIVATE_TITLE not in body, url
    assert client.get(f"/feeds/threads/{world['thread_id']}.atom").status_code == 404


def test_feeds_leave_it_out_for_its_own_members_too(client, as_user, world):
    """Feeds are public documents: the members read their space on its page only."""
    as_user(world["mentee"])
    body = client.get("/feeds/latest.atom").get_data(as_text=True)
    assert PUBLIC_TITLE in body
    assert SECRET not in body


@pytest.mark.parametrize("role", ["", *VIEWERS])
def test_latest_and_specialty_pages_never_list_it(client, as_user, world, role):
    as_user(_viewer(role))
    for url in ("/latest", "/specialties/cardiology", "/"):
        body = client.get(url).get_data(as_text=True)
        assert PUBLIC_TITLE in body, url
        assert PRIVATE_TITLE not in body, url
        assert f'/threads/{world["thread_id"]}"' not in body, url


def test_the_members_do_not_see_it_listed_either(client, as_user, world):
    as_user(world["mentor"])
    body = client.get("/latest").get_data(as_text=True)
    assert PUBLIC_TITLE in body
    assert PRIVATE_TITLE not in body


@pytest.mark.parametrize("role", ["", *VIEWERS])
def test_profile_activity_never_lists_its_posts_or_thread(client, as_user, world, role):
    as_user(_viewer(role))
    for username in ("mentee", "drmentor"):
        page = client.get(f"/members/{username}")
        body = page.get_data(as_text=True)
        assert page.status_code == 200
        assert PUBLIC_TITLE in body, username  # their public activity is listed
        assert PRIVATE_TITLE not in body, username
        assert SECRET not in body, username


def test_a_space_post_notifies_only_the_other_member(world):
    mentor, mentee = world["mentor"], world["mentee"]
    outsider = factories.make_user(username="outsider")
    moderator = factories.make_user("moderator", username="watchfulmod")
    fan_out()
    db.session.query(Notification).delete()
    db.session.commit()
    thread = threads.get_thread(mentee, world["thread_id"])
    post = threads.reply_to_thread(
        mentee, thread, f"Hi @drmentor, should I ask @outsider or @watchfulmod? {SECRET}"
    )
    fan_out()
    db.session.expire_all()
    rows = db.session.execute(select(Notification.user_id, Notification.post_id)).all()
    assert (mentor.id, post.id) in rows
    told = {user_id for user_id, _post in rows}
    assert told == {mentor.id}
    assert outsider.id not in told and moderator.id not in told


def test_mentorship_notices_reach_only_its_two_members(app):
    specialty = factories.make_specialty()
    mentor = make_mentor("drmentor", specialties=[specialty])
    mentee = factories.make_user()
    bystanders = [factories.make_user("moderator"), factories.make_user("admin")]
    mentorship, _created = requests.request_mentorship(mentee, "drmentor", "Please help.")
    requests.accept_request(mentor, mentorship.id, "Yes.")
    for member in (mentor, mentee):
        db.session.expire_all()
        compact = db.session.get(Compact, mentorship.id)
        compacts.accept_compact(member, mentorship.id, compacts.version(compact))
    ending.end_mentorship(mentor, mentorship.id, "Done.")
    ending.thank_mentor(mentee, mentorship.id, "Thanks.")
    fan_out()
    db.session.expire_all()
    told = set(db.session.scalars(select(Notification.user_id)))
    assert told == {mentor.id, mentee.id}
    assert not told & {b.id for b in bystanders}
    assert db.session.get(Mentorship, mentorship.id).status == "ended"


def test_space_posts_leave_the_specialty_counters_alone(world):
    counts = db.session.execute(
        select(Specialty.post_count, Specialty.thread_count).where(Specialty.slug == "cardiology")
    ).one()
    thread = threads.get_thread(world["mentee"], world["thread_id"])
    threads.reply_to_thread(world["mentee"], thread, "One more private message.")
    db.session.expire_all()
    after = db.session.execute(
        select(Specialty.post_count, Specialty.thread_count).where(Specialty.slug == "cardiology")
    ).one()
    assert tuple(after) == tuple(counts)
    # The control: a public reply does move them.
    public = threads.get_thread(world["mentee"], world["public_id"])
    threads.reply_to_thread(world["mentee"], public, "A public follow-up.")
    db.session.expire_all()
    moved = db.session.scalar(select(Specialty.post_count).where(Specialty.slug == "cardiology"))
    assert moved == counts.post_count + 1


def test_starting_a_mentorship_leaves_the_specialty_counters_alone(app):
    specialty = factories.make_specialty()
    mentor = make_mentor("drmentor", specialties=[specialty])
    mentee = factories.make_user()
    mentorship = make_mentorship(mentor, mentee, status="agreeing")
    for member in (mentor, mentee):
        db.session.expire_all()
        compact = db.session.get(Compact, mentorship.id)
        compacts.accept_compact(member, mentorship.id, compacts.version(compact))
    db.session.expire_all()
    row = db.session.execute(
        select(Specialty.post_count, Specialty.thread_count).where(Specialty.id == specialty.id)
    ).one()
    assert tuple(row) == (0, 0)
    assert db.session.get(Mentorship, mentorship.id).status == "active"
