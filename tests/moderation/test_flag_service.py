"""Flagging a post: once per member, a reason from the list, rate-limited, weighed, and
three members' flags hide the post until a moderator reviews it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotAllowed, NotFound, RateLimited
from forum.extensions import db
from forum.moderation import flags, posts
from forum.moderation.models import AuditEntry, Flag
from forum.taxonomy.models import Specialty
from forum.threads import service
from forum.threads.models import Thread
from tests.factories import make_post, make_thread, make_user
from tests.moderation.flag_scene import flag, fresh_post, make_scene, notices


@pytest.fixture
def scene(app):
    return make_scene()


def _flags(post_id: int) -> list[Flag]:
    db.session.expire_all()
    return list(db.session.scalars(select(Flag).where(Flag.post_id == post_id).order_by(Flag.id)))


def _counts(thread):
    db.session.expire_all()
    thread = db.session.get(Thread, thread.id)
    return thread.reply_count, db.session.get(Specialty, thread.specialty_id).post_count


def test_a_member_flags_a_post_once_with_a_reason(scene):
    member = scene.members[0]
    made = flag(member, scene.reply, "misinformation", "  The dose is ten times too high.  ")
    assert (made.reason, made.text, made.status) == (
        "misinformation",
        "The dose is ten times too high.",
        "open",
    )
    with pytest.raises(flags.AlreadyFlagged) as refused:
        flag(member, scene.reply, "spam")
    assert "already flagged" in refused.value.message
    assert [(f.flagger_id, f.reason) for f in _flags(scene.reply.id)] == [
        (member.id, "misinformation")
    ]


def test_other_needs_words_and_the_reason_must_be_on_the_list(scene):
    member = scene.members[0]
    with pytest.raises(Invalid) as no_text:
        flag(member, scene.reply, "other", "   ")
    assert no_text.value.field == "text"
    with pytest.raises(Invalid) as unknown:
        flag(member, scene.reply, "boring")
    assert unknown.value.field == "reason"
    with pytest.raises(Invalid) as long_text:
        flag(member, scene.reply, "spam", "x" * (flags.TEXT_LENGTH + 1))
    assert long_text.value.field == "text"
    assert _flags(scene.reply.id) == []
    assert flag(member, scene.reply, "other", "Advertises a private clinic.").text


def test_who_may_not_flag(scene):
    post = service.get_post(scene.author, scene.reply.id)
    with pytest.raises(NotAllowed, match="your own post"):
        flags.flag_post(scene.author, post, "spam")
    unverified = make_user(email_verified_at=None)
    with pytest.raises(NotAllowed, match="Confirm your email"):
        flags.flag_post(unverified, service.get_post(unverified, scene.reply.id), "spam")
    suspended = make_user(suspended_until=utcnow() + timedelta(days=1))
    with pytest.raises(NotAllowed, match="suspended"):
        flags.flag_post(suspended, service.get_post(suspended, scene.reply.id), "spam")
    with pytest.raises(NotAllowed):
        flags.flag_post(None, post, "spam")
    posts.hide_post(
        scene.moderator, service.get_post(scene.moderator, scene.reply.id), "Shares a name"
    )
    member = scene.members[0]
    with pytest.raises(NotAllowed, match="no longer shown"):
        flags.flag_post(member, service.get_post(member, scene.reply.id), "spam")
    assert _flags(scene.reply.id) == []


def test_a_post_in_a_deleted_thread_is_not_found_by_members(scene):
    service.delete_post(
        scene.moderator, service.get_post(scene.moderator, scene.thread.first_post_id)
    )
    with pytest.raises(NotFound):
        flag(scene.members[0], scene.reply)


def test_two_submits_racing_leave_one_flag_and_a_clear_refusal(scene, monkeypatch):
    """Both pass the look-up before either commits; the unique key refuses the second."""
    member = scene.members[0]
    flag(member, scene.reply, "spam")
    monkeypatch.setattr(flags, "_existing", _missing_once())
    with pytest.raises(flags.AlreadyFlagged):
        flag(member, scene.reply, "privacy")
    assert [f.reason for f in _flags(scene.reply.id)] == ["spam"]


def _missing_once():
    """A look-up that misses the first time (the other submit had not committed yet)."""
    calls = []

    def lookup(user, post_id):
        calls.append(post_id)
        if len(calls) == 1:
            return None
        return db.session.scalar(
            select(Flag).where(Flag.post_id == post_id, Flag.flagger_id == user.id)
        )

    return lookup


def test_flagging_is_rate_limited_and_staff_are_not(app, scene):
    app.config.update(FLAG_LIMIT=3, FLAG_LIMIT_WINDOW=3600)
    member = scene.members[0]
    others = [make_post(scene.thread, scene.author, f"Reply {n}.") for n in range(4)]
    for post in others[:3]:
        flag(member, post, "spam")
    with pytest.raises(RateLimited) as refused:
        flag(member, others[3], "spam")
    assert "3 posts every 1 hour" in refused.value.message
    assert 3500 < refused.value.retry_after <= 3601
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 3
    staff = make_user(role="moderator")
    for post in others:
        flag(staff, post, "spam")


@pytest.mark.parametrize(
    ("window", "said"),
    [(7200, "2 hours"), (5400, "90 minutes"), (600, "10 minutes"), (30, "1 minute")],
)
def test_the_refusal_names_the_window_as_set(app, scene, window, said):
    app.config.update(FLAG_LIMIT=1, FLAG_LIMIT_WINDOW=window)
    member = scene.members[0]
    flag(member, scene.reply, "spam")
    with pytest.raises(RateLimited) as refused:
        flag(member, make_post(scene.thread, scene.author, "Another."), "spam")
    assert f"1 post every {said}," in refused.value.message


def test_flags_older_than_the_window_do_not_count(app, scene):
    app.config.update(FLAG_LIMIT=1, FLAG_LIMIT_WINDOW=60)
    member = scene.members[0]
    old = flag(member, scene.reply, "spam")
    db.session.get(Flag, old.id).created_at = utcnow() - timedelta(seconds=61)
    db.session.commit()
    flag(member, make_post(scene.thread, scene.author, "Another."), "spam")


def test_weight_is_one_until_most_of_many_flags_are_dismissed():
    assert flags.weight(0, 0) == 1.0
    assert flags.weight(2, 2) == 1.0  # two dismissed: not yet "repeatedly"
    assert flags.weight(3, 3) == 0.5
    assert flags.weight(3, 5) == 0.5
    assert flags.weight(3, 6) == 1.0  # half, not more than half
    assert flags.weight(10, 30) == 1.0


def test_three_members_flags_hide_the_post_and_tell_its_author(scene):
    replies, counted = _counts(scene.thread)
    for member in scene.members[:2]:
        flag(member, scene.reply, "misinformation")
    assert fresh_post(scene.reply.id).hidden_at is None
    flag(scene.members[2], scene.reply, "unprofessional")
    post = fresh_post(scene.reply.id)
    assert post.hidden_at is not None and post.hidden_by_id is None
    assert post.hidden_reason == posts.AUTO_HIDE_REASON
    assert _counts(scene.thread) == (replies - 1, counted - 1)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id, entry.actor_name, entry.target_id) == (
        "post.auto_hide",
        None,
        "system",
        scene.reply.id,
    )
    (notice,) = notices(scene.author)
    assert posts.AUTO_HIDE_REASON in notice.message
    assert notice.link == f"/posts/{scene.reply.id}"
    # Hidden now: nobody else can flag it, and nothing is hidden twice.
    with pytest.raises(NotAllowed):
        flag(scene.members[3], scene.reply)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def _make_low_weight(user, author, thread, moderator) -> None:
    """Give `user` three dismissed flags (all their resolved ones): weight 0.5."""
    for n in range(3):
        post = make_post(thread, author, f"Harmless reply {n}.")
        flag(user, post, "spam")
        flags.dismiss_flags(moderator, service.get_post(moderator, post.id))


def test_members_whose_flags_are_dismissed_weigh_less(app, scene):
    low = scene.members[:2]
    for user in low:
        _make_low_weight(user, scene.author, scene.thread, scene.moderator)
        assert flags.flagger_weight(user.id) == 0.5
    assert flags.flagger_weight(scene.members[2].id) == 1.0
    for user in low:
        flag(user, scene.reply, "spam")
    flag(scene.members[2], scene.reply, "spam")
    assert flags.open_weight(scene.reply.id) == 2.0
    assert fresh_post(scene.reply.id).hidden_at is None  # three members, but only 2.0
    flag(scene.members[3], scene.reply, "spam")
    assert flags.open_weight(scene.reply.id) == 3.0
    assert fresh_post(scene.reply.id).hidden_at is not None


def test_only_open_flags_count_towards_hiding(scene):
    for member in scene.members[:2]:
        flag(member, scene.reply, "spam")
    flags.dismiss_flags(scene.moderator, service.get_post(scene.moderator, scene.reply.id))
    flag(scene.members[2], scene.reply, "spam")
    assert flags.open_weight(scene.reply.id) == 1.0
    assert fresh_post(scene.reply.id).hidden_at is None


def test_an_opening_post_can_be_flagged_and_hidden_too(scene):
    opening = make_thread(author=scene.author, specialty=scene.specialty)
    first = service.get_post(scene.author, opening.first_post_id)
    for member in scene.members[:3]:
        flag(member, first, "spam")
    assert fresh_post(first.id).hidden_at is not None
