"""Flags sent from several processes at once: the post is hidden exactly once when the
weight reaches three, a member's double submit leaves one flag and a clear refusal,
and two moderators resolving at once resolve the flags once."""

from __future__ import annotations

import multiprocessing
import traceback

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.moderation.models import AuditEntry, Flag
from forum.notifications.models import Notification
from forum.threads.models import Post, Thread
from tests.factories import make_user
from tests.moderation.flag_scene import flag, make_scene
from tests.processes import finish, process_app

pytestmark = pytest.mark.slow


def _act(database_url, index_dir, what, user_id, post_id, step, results, errors):
    """In a fresh process with its own app on the same database: wait at `step` (so
    every process acts at once), then flag the post or dismiss its flags as the user,
    and report what happened."""
    try:
        from forum.auth.models import User
        from forum.exceptions import NotAllowed
        from forum.moderation import flags
        from forum.threads.service import get_post

        app = process_app(database_url, index_dir)
        with app.app_context():
            user = db.session.get(User, user_id)
            user.moderator_scopes  # noqa: B018 - loaded before the race, as a request does
            post = get_post(user, post_id)
            step.wait(timeout=60)
            try:
                if what == "flag":
                    flags.flag_post(user, post, "spam")
                else:
                    flags.dismiss_flags(user, post)
                results.put("done")
            except (flags.AlreadyFlagged, flags.NothingToResolve):
                results.put("refused")
            except NotAllowed:  # hidden by the others before this one looked
                results.put("not allowed")
            db.session.remove()
            db.engine.dispose()
    except BaseException:
        errors.put(traceback.format_exc())
        step.abort()
        raise


def _race(database_url, tmp_path, jobs) -> list[str]:
    """Run each (what, user_id, post_id) of `jobs` in its own process, all at once."""
    db.session.remove()
    context = multiprocessing.get_context("spawn")  # no inherited connections or locks
    step, results, errors = context.Barrier(len(jobs)), context.Queue(), context.Queue()
    workers = [
        context.Process(
            target=_act,
            args=(database_url, str(tmp_path / "index"), what, user_id, post_id, step,
                  results, errors),
        )
        for what, user_id, post_id in jobs
    ]  # fmt: skip
    for worker in workers:
        worker.start()
    finish(workers, errors, timeout=120)
    outcomes = []
    while not results.empty():
        outcomes.append(results.get())
    return sorted(outcomes)


def _count(statement) -> int:
    db.session.remove()
    return db.session.scalar(statement)


def test_four_members_flagging_at_once_hide_the_post_once(app, database_url, tmp_path):
    scene = make_scene()
    replies, author_id = scene.thread.reply_count, scene.author.id
    reply_id, thread_id = scene.reply.id, scene.thread.id
    flag(scene.members[0], scene.reply, "spam")  # one already: three more race
    jobs = [("flag", member.id, scene.reply.id) for member in scene.members[1:4]]
    jobs.append(("flag", make_user().id, scene.reply.id))
    outcomes = _race(database_url, tmp_path, jobs)
    assert set(outcomes) <= {"done", "not allowed"} and "done" in outcomes
    hides = (
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "post.auto_hide")
    )
    assert _count(hides) == 1
    assert _count(select(Post.hidden_at).where(Post.id == reply_id)) is not None
    assert _count(select(Thread.reply_count).where(Thread.id == thread_id)) == replies - 1
    notices = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == author_id, Notification.kind == "moderation")
    )
    assert _count(notices) == 1


def test_a_double_submit_from_two_processes_leaves_one_flag(app, database_url, tmp_path):
    scene = make_scene()
    member = scene.members[0]
    outcomes = _race(database_url, tmp_path, [("flag", member.id, scene.reply.id)] * 2)
    assert outcomes == ["done", "refused"]
    assert _count(select(func.count()).select_from(Flag)) == 1


def test_two_moderators_resolving_at_once_resolve_once(app, database_url, tmp_path):
    scene = make_scene()
    flag(scene.members[0], scene.reply, "spam")
    flag(scene.members[1], scene.reply, "spam")
    site = make_user(role="moderator")
    flagger_id = scene.members[0].id
    jobs = [("dismiss", scene.moderator.id, scene.reply.id), ("dismiss", site.id, scene.reply.id)]
    assert _race(database_url, tmp_path, jobs) == ["done", "refused"]
    dismissals = (
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "flag.dismiss")
    )
    assert _count(dismissals) == 1
    told = select(func.count()).select_from(Notification).where(Notification.user_id == flagger_id)
    assert _count(told) == 1
