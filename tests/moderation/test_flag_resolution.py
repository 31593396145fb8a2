"""Resolving a post's flags: hide, edit, dismiss or warn, all its flags at once, with
audit entries, notices to the flaggers (never quoting the post) and to its author."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.exceptions import Invalid, NotAllowed
from forum.extensions import db
from forum.moderation import flags, posts
from forum.moderation.models import AuditEntry, Flag, ModeratorWarning
from forum.threads import service
from forum.threads.models import PostRevision
from tests.factories import make_specialty, make_thread, make_user
from tests.moderation.flag_scene import flag, fresh_post, make_scene, notices

SECRET = "Mrs Jones in bed 4"


@pytest.fixture
def scene(app):
    scene = make_scene(body=f"Saw {SECRET} this morning, same symptoms.")
    # Not a privacy concern: that hides the post at once (tests/redaction/).
    flag(scene.members[0], scene.reply, "misinformation")
    flag(scene.members[1], scene.reply, "unprofessional", None)
    return scene


def _post(scene, user=None):
    user = user or scene.moderator
    return service.get_post(user, scene.reply.id)


def _statuses(scene) -> list[tuple[str, int | None]]:
    db.session.expire_all()
    return [
        (f.status, f.resolved_by_id)
        for f in db.session.scalars(
            select(Flag).where(Flag.post_id == scene.reply.id).order_by(Flag.id)
        )
    ]


def _actions() -> list[str]:
    db.session.expire_all()
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def _flagger_notices(scene) -> list[str]:
    messages = [n.message for member in scene.members[:2] for n in notices(member)]
    for message in messages:
        assert SECRET not in message and "same symptoms" not in message
    return messages


def test_hiding_resolves_every_flag_and_tells_everyone(scene):
    flags.hide_flagged_post(
        scene.moderator, _post(scene), "Identifies a patient", note="Thanks, well spotted."
    )
    post = fresh_post(scene.reply.id)
    assert (post.hidden_reason, post.hidden_by_id) == ("Identifies a patient", scene.moderator.id)
    assert _statuses(scene) == [("hidden", scene.moderator.id)] * 2
    assert _actions() == ["post.hide", "flag.resolve"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "flag.resolve")).one()
    assert entry.after == {
        "status": "hidden",
        "flags": 2,
        "reasons": {"misinformation": 1, "unprofessional": 1},
    }
    assert entry.reason == "Thanks, well spotted."
    messages = _flagger_notices(scene)
    assert len(messages) == 2
    assert all("hid it" in m and "Thanks, well spotted." in m for m in messages)
    assert {n.link for member in scene.members[:2] for n in notices(member)} == {
        f"/posts/{scene.reply.id}/flag"
    }
    (author_notice,) = notices(scene.author)
    assert "Identifies a patient" in author_notice.message


def test_hiding_needs_a_reason(scene):
    with pytest.raises(Invalid) as refused:
        flags.hide_flagged_post(scene.moderator, _post(scene), "  ")
    assert refused.value.field == "reason"
    assert _statuses(scene) == [("open", None)] * 2
    assert fresh_post(scene.reply.id).hidden_at is None


def test_agreeing_with_flags_that_hid_a_post_gives_it_the_moderators_reason(scene):
    flag(scene.members[2], scene.reply, "spam")  # the third: hidden automatically
    assert flags.is_auto_hidden(fresh_post(scene.reply.id))
    flags.hide_flagged_post(scene.moderator, _post(scene), "Names a patient")
    post = fresh_post(scene.reply.id)
    assert (post.hidden_reason, post.hidden_by_id) == ("Names a patient", scene.moderator.id)
    assert _actions() == ["post.auto_hide", "post.hide", "flag.resolve"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "post.hide")).one()
    assert entry.before == {"hidden_reason": posts.AUTO_HIDE_REASON}
    assert entry.after == {"hidden_reason": "Names a patient"}
    assert "Names a patient" in notices(scene.author)[-1].message


def test_dismissing_restores_a_post_the_flags_hid(scene):
    flag(scene.members[2], scene.reply, "spam")
    assert flags.is_auto_hidden(fresh_post(scene.reply.id))
    flags.dismiss_flags(scene.moderator, _post(scene), note="It is anonymised enough.")
    post = fresh_post(scene.reply.id)
    assert post.hidden_at is None and post.hidden_reason is None
    assert _statuses(scene) == [("dismissed", scene.moderator.id)] * 3
    assert _actions() == ["post.auto_hide", "post.unhide", "flag.dismiss"]
    messages = [n.message for member in scene.members[:3] for n in notices(member)]
    assert len(messages) == 3 and all("can stay" in m for m in messages)
    assert "shown again" in notices(scene.author)[-1].message
    assert flags.flagger_weight(scene.members[0].id) == 1.0  # one dismissed flag is no pattern


def test_dismissing_leaves_a_post_a_moderator_hid(scene):
    posts.hide_post(scene.moderator, _post(scene), "Off-topic")
    flags.dismiss_flags(scene.moderator, _post(scene))
    assert fresh_post(scene.reply.id).hidden_reason == "Off-topic"


def test_editing_saves_a_revision_and_resolves_as_edited(scene):
    flags.edit_flagged_post(scene.moderator, _post(scene), "Saw a patient this morning.")
    post = fresh_post(scene.reply.id)
    assert post.body_md == "Saw a patient this morning." and post.edited_by_id == scene.moderator.id
    revision = db.session.scalars(select(PostRevision)).one()
    assert SECRET in revision.body_md
    assert _statuses(scene) == [("edited", scene.moderator.id)] * 2
    # The edit's own entry (post.edit) is written by moderation's audit listeners, once.
    assert _actions() in (["flag.resolve"], ["post.edit", "flag.resolve"])
    assert all("edited it" in m for m in _flagger_notices(scene))
    assert "edited your post" in notices(scene.author)[-1].message


def test_editing_an_automatically_hidden_post_shows_it_again(scene):
    flag(scene.members[2], scene.reply, "spam")
    flags.edit_flagged_post(scene.moderator, _post(scene), "Saw a patient this morning.")
    assert fresh_post(scene.reply.id).hidden_at is None
    edit = [a for a in _actions() if a != "post.edit"]  # post.edit: the audit listeners'
    assert edit == ["post.auto_hide", "post.unhide", "flag.resolve"]


def test_warning_the_author_writes_the_warning_and_tells_them(scene):
    flags.warn_flagged_author(
        scene.moderator, _post(scene), "Never name patients.\nRead the guidelines."
    )
    warning = db.session.scalars(select(ModeratorWarning)).one()
    assert (warning.user_id, warning.moderator_id, warning.post_id) == (
        scene.author.id,
        scene.moderator.id,
        scene.reply.id,
    )
    assert warning.message == "Never name patients.\nRead the guidelines."
    assert fresh_post(scene.reply.id).hidden_at is None
    assert _statuses(scene) == [("warned", scene.moderator.id)] * 2
    assert _actions() == ["user.warn", "flag.resolve"]
    (notice,) = notices(scene.author)
    assert notice.link == "/account/warnings" and "warning" in notice.message
    assert all("warned its author" in m for m in _flagger_notices(scene))


def test_warning_can_hide_the_post_too(scene):
    flags.warn_flagged_author(
        scene.moderator, _post(scene), "Never name patients.", hide_reason="Names a patient"
    )
    assert fresh_post(scene.reply.id).hidden_reason == "Names a patient"
    assert _actions() == ["user.warn", "post.hide", "flag.resolve"]
    assert _statuses(scene) == [("warned", scene.moderator.id)] * 2


def test_warning_needs_a_message(scene):
    with pytest.raises(Invalid) as refused:
        flags.warn_flagged_author(scene.moderator, _post(scene), "   ")
    assert refused.value.field == "message"
    assert db.session.scalars(select(ModeratorWarning)).first() is None
    assert _statuses(scene) == [("open", None)] * 2


def test_a_scoped_moderator_cannot_warn_another_moderator(app):
    scene = make_scene()
    scene.author.roles = ["moderator"]
    db.session.commit()
    flag(scene.members[0], scene.reply, "spam")
    with pytest.raises(NotAllowed):
        flags.warn_flagged_author(scene.moderator, _post(scene), "Careful.")
    assert _statuses(scene) == [("open", None)]


def test_only_the_threads_moderators_resolve(scene):
    elsewhere = make_user(username="neuro_mod", moderates=[make_specialty("Neurology")])
    member = scene.members[3]
    for user in (elsewhere, member, scene.author):
        for resolve in (
            lambda p, u=user: flags.hide_flagged_post(u, p, "Reason"),
            lambda p, u=user: flags.dismiss_flags(u, p),
            lambda p, u=user: flags.warn_flagged_author(u, p, "Careful."),
            lambda p, u=user: flags.edit_flagged_post(u, p, "Changed."),
        ):
            with pytest.raises(NotAllowed):
                resolve(_post(scene, user))
    assert _statuses(scene) == [("open", None)] * 2
    assert _actions() == []
    site = make_user(role="moderator")
    flags.dismiss_flags(site, _post(scene, site))
    assert _statuses(scene) == [("dismissed", site.id)] * 2


def test_resolving_twice_is_refused_and_changes_nothing(scene):
    flags.dismiss_flags(scene.moderator, _post(scene))
    with pytest.raises(flags.NothingToResolve):
        flags.hide_flagged_post(scene.moderator, _post(scene), "Too late")
    assert fresh_post(scene.reply.id).hidden_at is None
    assert _actions() == ["flag.dismiss"]


def test_flags_of_other_posts_are_left_alone(scene):
    other = make_thread(specialty=scene.specialty)
    flag(scene.members[0], service.get_post(scene.members[0], other.first_post_id), "spam")
    flags.dismiss_flags(scene.moderator, _post(scene))
    open_elsewhere = db.session.scalars(
        select(Flag.status).where(Flag.post_id == other.first_post_id)
    ).all()
    assert open_elsewhere == ["open"]
