"""Warning a member: who may warn whom (permissions.can_warn), the row, its audit entry
and the notice that leads the member to their warnings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.exceptions import Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.moderation import warnings
from forum.moderation.models import AuditEntry, ModeratorWarning
from forum.threads import service
from tests.factories import make_specialty, make_user
from tests.moderation.flag_scene import make_scene, notices


@pytest.fixture
def scene(app):
    return make_scene()


def _warnings() -> list[ModeratorWarning]:
    db.session.expire_all()
    return list(db.session.scalars(select(ModeratorWarning).order_by(ModeratorWarning.id)))


def test_a_moderator_warns_the_author_of_a_post_in_their_specialty(scene):
    post = service.get_post(scene.moderator, scene.reply.id)
    warning = warnings.warn_user(
        scene.moderator, scene.author, "  Keep it civil.\n\nThanks.  ", post
    )
    assert warning.message == "Keep it civil.\n\nThanks."
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.target_type, entry.target_id, entry.target_label) == (
        "user.warn",
        "user",
        scene.author.id,
        "author",
    )
    assert entry.reason == "Keep it civil.\n\nThanks."
    assert entry.after == {"warning_id": warning.id, "post_id": scene.reply.id}
    (notice,) = notices(scene.author)
    assert notice.link == "/account/warnings"
    assert scene.thread.title in notice.message and "Keep it civil" not in notice.message


def test_who_may_warn_whom(scene):
    elsewhere = make_user(moderates=[make_specialty("Neurology")])
    member = scene.members[0]
    site = make_user(role="moderator")
    other_site = make_user(role="moderator")
    admin = make_user(role="admin")
    about_the_post = True
    refused = [
        (member, scene.author, about_the_post),  # members do not warn
        (elsewhere, scene.author, about_the_post),  # not their specialty
        (scene.moderator, scene.author, None),  # about no post: site-wide staff only
        (scene.moderator, scene.moderator, about_the_post),  # nobody warns themselves
        (site, other_site, None),  # an equal rank
        (scene.moderator, site, None),
    ]
    for actor, target, about in refused:
        # Loaded afresh each time: a refused unit of work rolls back and expires it.
        post = service.get_post(actor, scene.reply.id) if about else None
        with pytest.raises(NotAllowed):
            warnings.warn_user(actor, target, "Careful.", post)
    assert _warnings() == []
    warnings.warn_user(site, scene.author, "Careful.")
    warnings.warn_user(admin, site, "Careful with your tone.")
    assert [(w.user_id, w.post_id) for w in _warnings()] == [
        (scene.author.id, None),
        (site.id, None),
    ]


def test_a_warning_needs_words_and_not_too_many(scene):
    site = make_user(role="moderator")
    for message in ("   ", "x" * (warnings.MESSAGE_LENGTH + 1)):
        with pytest.raises(Invalid) as refused:
            warnings.warn_user(site, scene.author, message)
        assert refused.value.field == "message"
    assert _warnings() == []


def test_members_mark_only_their_own_warnings_read(scene):
    site = make_user(role="moderator")
    warning = warnings.warn_user(site, scene.author, "Careful.")
    with pytest.raises(NotFound):
        warnings.mark_warning_read(scene.members[0], warning.id)
    with pytest.raises(NotFound):
        warnings.mark_warning_read(scene.author, warning.id + 100)
    assert _warnings()[0].read_at is None
    first = warnings.mark_warning_read(scene.author, warning.id).read_at
    assert first is not None
    assert warnings.mark_warning_read(scene.author, warning.id).read_at == first
