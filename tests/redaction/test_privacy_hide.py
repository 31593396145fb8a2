"""A patient privacy concern hides its post at once, before review: from everyone but
its author and moderators. Its author is told what to do, its history becomes staff-only,
and the flag leads the moderators' queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import flag_queries, flags, posts
from forum.moderation.models import AuditEntry, Flag
from forum.privacy.guard import CHECK as PRIVACY_CHECK
from forum.threads import queries
from forum.threads import service as threads
from forum.threads.models import PostRevision, Thread
from tests.redaction import scene as world
from tests.redaction.scene import BODY, CLEAN, NAME, RECORD, flag, fresh, notices


@pytest.fixture
def scene(app):
    return world.build()


def test_the_first_privacy_flag_hides_the_post_at_once(scene):
    replies = scene.thread.reply_count
    flag(scene.members[0], scene.reply)
    post = fresh(scene.reply.id)
    assert post.hidden_at is not None and post.hidden_for_privacy
    assert post.hidden_by_id is None  # by the forum: no moderator has looked yet
    assert post.hidden_reason == posts.PRIVACY_HIDE_REASON
    assert db.session.get(Thread, scene.thread.id).reply_count == replies - 1
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_name, entry.target_id) == (
        "post.privacy_hide",
        "system",
        scene.reply.id,
    )
    assert NAME not in (entry.reason or "") and not entry.before and not entry.after
    assert flags.is_auto_hidden(post)  # so dismissing the flag brings it back


def test_other_reasons_still_hide_only_at_three(scene):
    for member in scene.members[:2]:
        flag(member, scene.reply, "misinformation")
    assert fresh(scene.reply.id).hidden_at is None
    flag(scene.members[2], scene.reply, "spam")
    post = fresh(scene.reply.id)
    assert post.hidden_at is not None and not post.hidden_for_privacy


def test_the_author_is_told_which_post_why_and_what_to_do_never_its_text(scene):
    flag(scene.members[0], scene.reply, "privacy", f"It names {NAME}.")
    [notice] = notices(scene.author)
    assert notice.kind == "moderation"
    assert "“Ivabradine in HFpEF”" in notice.message  # which post: its thread, and the link
    assert "patient privacy concern" in notice.message
    assert "edit it to take out anything that could identify a patient" in notice.message
    assert notice.link == f"/posts/{scene.reply.id}/edit"
    for words in (NAME, RECORD, "ivabradine", "second course"):
        assert words not in notice.message
    assert notices(scene.members[0]) == []  # the flagger hears when a moderator decides


def test_hidden_from_everyone_but_its_author_and_moderators(client, auth, scene):
    flag(scene.members[0], scene.reply)
    thread_url = f"/threads/{scene.thread.id}"
    for reader in (None, scene.members[1], scene.asker, scene.members[0]):
        if reader is not None:
            auth.login(reader.username)
        html = client.get(thread_url).get_data(as_text=True)
        assert NAME not in html and "ivabradine" not in html
        assert "This post was hidden after members reported it" in html
        assert client.get(f"/posts/{scene.reply.id}/history").status_code == 404
        if reader is not None:
            auth.logout()
    # Its author sees why and may edit it: the edit form holds the current text.
    auth.login(scene.author.username)
    html = client.get(thread_url).get_data(as_text=True)
    assert posts.PRIVACY_HIDE_REASON in html
    assert f'href="/posts/{scene.reply.id}/edit"' in html
    edit = client.get(f"/posts/{scene.reply.id}/edit")
    assert edit.status_code == 200 and NAME in edit.get_data(as_text=True)
    auth.logout()
    # The thread's moderators read it.
    auth.login(scene.moderator.username)
    assert NAME in client.get(thread_url).get_data(as_text=True)


def test_the_author_edits_the_identifier_out_and_a_moderator_restores_it(client, auth, scene):
    flag(scene.members[0], scene.reply)
    auth.login(scene.author.username)
    saved = client.submit(f"/posts/{scene.reply.id}/edit", {"body": CLEAN})
    assert saved.status_code == 302
    auth.logout()
    post = fresh(scene.reply.id)
    assert post.body_md == CLEAN and post.hidden_at is not None  # still hidden: a moderator decides
    revision = db.session.scalars(select(PostRevision)).one()
    assert revision.body_md == BODY and revision.staff_only

    posts.unhide_post(scene.moderator, threads.get_post(scene.moderator, scene.reply.id))
    post = fresh(scene.reply.id)
    assert post.hidden_at is None and not post.hidden_for_privacy
    assert db.session.scalars(select(PostRevision)).one().staff_only  # stays staff-only

    # Readers and the author see the current text only; the moderators every version.
    for reader in (None, scene.author, scene.members[1]):
        if reader is not None:
            auth.login(reader.username)
        html = client.get(f"/posts/{scene.reply.id}/history").get_data(as_text=True)
        assert "a woman in her sixties" in html and NAME not in html and RECORD not in html
        if reader is not None:
            auth.logout()
    _post, versions = queries.post_history(scene.reply.id, scene.author)
    assert [v.body_html for v in versions] == [post.body_html]
    assert versions[0].body_changes is None  # shown whole, not as changes from the hidden one
    _post, versions = queries.post_history(scene.reply.id, scene.moderator)
    assert len(versions) == 2 and NAME in versions[1].body_html
    assert NAME in str(versions[0].body_changes)  # the moderators see what was taken out


def test_dismissing_the_flag_restores_the_post_and_keeps_its_history_for_staff(scene):
    flag(scene.members[0], scene.reply)
    threads.edit_post(scene.author, threads.get_post(scene.author, scene.reply.id), CLEAN)
    flags.dismiss_flags(scene.moderator, threads.get_post(scene.moderator, scene.reply.id))
    assert fresh(scene.reply.id).hidden_at is None
    assert [r.staff_only for r in db.session.scalars(select(PostRevision))] == [True]
    _post, versions = queries.post_history(scene.reply.id, scene.members[1])
    assert len(versions) == 1 and NAME not in versions[0].body_html


def test_versions_saved_before_the_hide_become_staff_only_and_later_ones_do_not(scene):
    post = threads.edit_post(
        scene.author,
        threads.get_post(scene.author, scene.reply.id),
        BODY + " Edited.",
        confirmed={PRIVACY_CHECK},
    )
    flag(scene.members[0], scene.reply)
    assert [r.staff_only for r in db.session.scalars(select(PostRevision))] == [True]
    threads.edit_post(scene.author, threads.get_post(scene.author, post.id), CLEAN)
    posts.unhide_post(scene.moderator, threads.get_post(scene.moderator, post.id))
    threads.edit_post(scene.author, threads.get_post(scene.author, post.id), CLEAN + " Later.")
    staff_only = [
        r.staff_only for r in db.session.scalars(select(PostRevision).order_by(PostRevision.number))
    ]
    assert staff_only == [True, True, False]  # the restored text is anyone's to read
    _post, versions = queries.post_history(post.id, scene.members[1])
    assert [v.is_current for v in versions] == [True, False]
    assert all(NAME not in v.body_html for v in versions)


def test_other_hidden_posts_stay_out_of_their_authors_hands(scene):
    posts.hide_post(scene.moderator, threads.get_post(scene.moderator, scene.reply.id), "Rude.")
    with pytest.raises(Exception, match="only edit your own"):
        threads.edit_post(scene.author, threads.get_post(scene.author, scene.reply.id), CLEAN)


def test_a_moderator_hiding_privacy_flags_counts_as_a_privacy_hide(scene):
    # A privacy flag raised on a post that some other path left readable (older data).
    db.session.add(Flag(post_id=scene.reply.id, flagger_id=scene.members[0].id, reason="privacy"))
    db.session.commit()
    flags.hide_flagged_post(
        scene.moderator, threads.get_post(scene.moderator, scene.reply.id), "Names a patient"
    )
    post = fresh(scene.reply.id)
    assert post.hidden_for_privacy and post.hidden_by_id == scene.moderator.id


def test_privacy_flags_lead_the_queue_before_older_reports(scene):
    older = world.post_over_the_guard(scene.thread, scene.author, "Reported first, for spam.")
    oldest = world.post_over_the_guard(scene.thread, scene.author, "Reported earliest.")
    flag(scene.members[1], older, "spam")
    flag(scene.members[2], oldest, "misinformation")
    flag(scene.members[0], scene.reply)
    for post, hours in ((oldest, 3), (older, 2)):
        db.session.execute(
            update(Flag)
            .where(Flag.post_id == post.id)
            .values(created_at=utcnow() - timedelta(hours=hours))
        )
    db.session.commit()
    queue = flag_queries.review_queue(scene.moderator, 1)
    assert [item.post.id for item in queue.items] == [scene.reply.id, oldest.id, older.id]
    assert [item.privacy for item in queue.items] == [True, False, False]
    assert flag_queries.count_flagged_posts(scene.moderator) == 3
