"""Who is told what: each kind, the rules between them, and the fan-out's own guarantees."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from forum.auth.models import User
from forum.extensions import db
from forum.notifications import fanout, service
from forum.notifications.models import Notification, Watch
from forum.threads import quoting
from forum.threads import service as threads
from tests.factories import (
    _password_hash,
    make_post,
    make_specialty,
    make_thread,
    make_topic,
    make_user,
    nth_post,
)
from tests.notifications.support import (
    accept,
    delete_post,
    fan_out,
    make_private,
    mark_helpful,
    pending_events,
    told,
    unaccept,
    unmark_helpful,
)

# --- replies in a thread -----------------------------------------------------------------


def test_a_reply_tells_those_watching_the_thread(app):
    thread = make_thread()
    watcher, bystander = make_user(), make_user()
    service.set_watch(watcher, "thread", thread.id, "watching")
    reply = make_post(thread)
    fan_out()
    assert told(watcher) == [("watched", reply.id)]
    assert told(bystander) == []


def test_the_threads_author_hears_of_each_reply_in_it(app):
    asker = make_user()
    thread = make_thread(author=asker)
    first, second = make_post(thread), make_post(thread)
    fan_out()
    # The asker watches what they started (posting sets it), but "reply" is more specific.
    assert told(asker) == [("reply", first.id), ("reply", second.id)]


def test_quoting_a_post_tells_its_author(app):
    thread = make_thread()
    quoted_author = make_user()
    quoted = make_post(thread, quoted_author, "Start with the registry data.")
    fan_out()
    quote = quoting.quote_markdown(quoted.body_md, "Dr Quoted", f"/posts/{quoted.id}")
    reply = make_post(thread, body=quote + "Agreed, and then a pilot.")
    fan_out()
    assert ("reply", reply.id) in told(quoted_author)


def test_a_link_to_a_post_outside_a_quote_is_no_reply_to_it(app):
    thread = make_thread()
    linked_author = make_user()
    linked = make_post(thread, linked_author)
    linking = make_post(thread, body=f"See [this one](/posts/{linked.id}).")
    fan_out()
    assert told(linked_author) == [("watched", linking.id)]  # as a watcher, not a reply


def test_nobody_is_told_of_their_own_post(app):
    author = make_user()
    thread = make_thread(author=author)
    service.set_watch(author, "specialty", thread.specialty_id, "watching")
    make_post(thread, author, f"Answering myself, @{author.username}.")
    fan_out()
    assert told(author) == []


def test_posting_watches_the_thread_unless_turned_off(app):
    thread = make_thread()
    keen, quiet = make_user(), make_user()
    service.update_settings(quiet, watch_on_post=False)
    make_post(thread, keen)
    make_post(thread, quiet)
    levels = dict(
        db.session.execute(
            select(Watch.user_id, Watch.level).where(Watch.target_id == thread.id)
        ).all()
    )
    assert levels.get(keen.id) == "watching"
    assert quiet.id not in levels
    later = make_post(thread)
    fan_out()
    assert ("watched", later.id) in told(keen)
    assert told(quiet) == []


def test_posting_keeps_a_level_the_member_chose(app):
    thread = make_thread()
    member = make_user()
    service.set_watch(member, "thread", thread.id, "muted")
    make_post(thread, member)
    assert db.session.scalar(select(Watch.level).where(Watch.user_id == member.id)) == "muted"


# --- mentions ------------------------------------------------------------------------------


def test_a_mention_tells_the_member_named(app):
    named = make_user(username="rohan_patel")
    thread = make_thread()
    reply = make_post(thread, body="What does @Rohan_Patel think? And @nobody_by_that_name?")
    fan_out()
    assert told(named) == [("mention", reply.id)]


def test_mentions_in_code_or_links_tell_nobody(app):
    named = make_user(username="ana_costa")
    thread = make_thread()
    make_post(thread, body="`@ana_costa` and\n\n    @ana_costa\n\n[@ana_costa](https://ok.example)")
    fan_out()
    assert told(named) == []


def test_at_most_ten_mentions_a_post_notify(app):
    named = [make_user(username=f"colleague{n:02}") for n in range(12)]
    thread = make_thread()
    make_post(thread, body=" ".join(f"@{user.username}" for user in named))
    fan_out()
    assert [bool(told(user)) for user in named] == [True] * 10 + [False] * 2


def test_a_mention_added_by_an_edit_notifies_once(app):
    named = make_user(username="late_addition")
    author = make_user()
    thread = make_thread()
    reply = make_post(thread, author, "First version.")
    fan_out()
    threads.edit_post(author, threads.get_post(author, reply.id), "Now asking @late_addition.")
    fan_out()
    threads.edit_post(author, threads.get_post(author, reply.id), "Asking @late_addition again.")
    fan_out()
    assert told(named) == [("mention", reply.id)]


def test_one_notification_a_post_the_most_specific_kind(app):
    asker = make_user(username="the_asker")
    thread = make_thread(author=asker)
    service.set_watch(asker, "thread", thread.id, "watching")
    reply = make_post(thread, body="@the_asker, here is my answer.")
    fan_out()
    # Watching, the thread's author and mentioned: one notification, the mention.
    assert told(asker) == [("mention", reply.id)]


# --- muting --------------------------------------------------------------------------------


def test_a_muted_thread_tells_nothing_not_even_mentions(app):
    asker = make_user(username="muted_asker")
    thread = make_thread(author=asker)
    service.set_watch(asker, "thread", thread.id, "muted")
    reply = make_post(thread, body="@muted_asker are you there?")
    fan_out()
    accept(thread, reply, make_user(role="moderator"))
    fan_out()
    assert told(asker) == []


def test_a_muted_specialty_silences_its_threads_but_a_thread_level_wins(app):
    specialty = make_specialty()
    member = make_user(username="selective")
    quiet = make_thread(specialty=specialty)
    chosen = make_thread(specialty=specialty)
    service.set_watch(member, "specialty", specialty.id, "muted")
    service.set_watch(member, "thread", chosen.id, "watching")
    make_post(quiet, body="@selective have a look")
    reply = make_post(chosen)
    fan_out()
    assert told(member) == [("watched", reply.id)]


# --- new questions in specialties and topics ----------------------------------------------------


def test_watching_a_specialty_or_topic_tells_of_new_threads_and_their_posts(app):
    specialty, topic = make_specialty(), make_topic()
    by_specialty, by_topic = make_user(), make_user()
    service.set_watch(by_specialty, "specialty", specialty.id, "watching")
    service.set_watch(by_topic, "topic", topic.id, "watching")
    thread = make_thread(specialty=specialty, topics=[topic], kind="discussion")
    reply = make_post(thread)
    fan_out()
    for member in (by_specialty, by_topic):
        assert told(member) == [("new_question", thread.first_post_id), ("watched", reply.id)]


def test_mentors_hear_of_new_questions_in_their_specialty_by_default(app):
    cardiology, other = make_specialty(), make_specialty()
    mentor = make_user(role="mentor", specialty_id=cardiology.id)
    opted_out = make_user(role="mentor", specialty_id=cardiology.id)
    service.set_watch(opted_out, "specialty", cardiology.id, "normal")
    elsewhere = make_user(role="mentor", specialty_id=other.id)
    member = make_user(specialty_id=cardiology.id)
    question = make_thread(specialty=cardiology, kind="question")
    make_thread(specialty=cardiology, kind="discussion")
    reply = make_post(question)
    fan_out()
    # The first post of questions only: not discussions, not the replies.
    assert told(mentor) == [("new_question", question.first_post_id)]
    assert reply.id not in [post_id for _, post_id in told(mentor)]
    assert told(opted_out) == told(elsewhere) == told(member) == []


# --- answers: accepted, helpful ----------------------------------------------------------------


def test_an_accepted_answer_tells_its_author_once(app):
    asker, answerer = make_user(), make_user()
    thread = make_thread(author=asker)
    answer = make_post(thread, answerer)
    accept(thread, answer, asker)
    fan_out()
    assert told(answerer) == [("accepted", answer.id)]
    service.mark_all_read(answerer)
    unaccept(thread, answer, asker)  # a read notification stays: it was news then
    accept(thread, answer, asker)
    fan_out()
    assert told(answerer) == [("accepted", answer.id)]


def test_withdrawn_acceptance_takes_its_unread_notification_away(app):
    asker, answerer = make_user(), make_user()
    thread = make_thread(author=asker)
    answer = make_post(thread, answerer)
    accept(thread, answer, asker)
    fan_out()
    unaccept(thread, answer, asker)
    assert told(answerer) == []


def test_accepting_then_withdrawing_before_the_fan_out_tells_nobody(app):
    asker, answerer = make_user(), make_user()
    thread = make_thread(author=asker)
    answer = make_post(thread, answerer)
    accept(thread, answer, asker)
    unaccept(thread, answer, asker)
    fan_out()
    assert told(answerer) == []


def test_helpful_marks_group_into_one_notification_that_counts(app, client, login):
    author = make_user()
    thread = make_thread()
    answer = make_post(thread, author)
    fan_out()
    colleagues = [make_user() for _ in range(3)]
    for colleague in colleagues:
        mark_helpful(answer, colleague)
    fan_out()
    rows = db.session.scalars(select(Notification).where(Notification.user_id == author.id)).all()
    assert [(row.kind, row.count) for row in rows] == [("helpful", 3)]

    unmark_helpful(answer, colleagues[0])
    fan_out()
    db.session.expire_all()
    assert db.session.scalar(select(Notification.count).where(Notification.kind == "helpful")) == 2

    service.mark_all_read(author)
    mark_helpful(answer, colleagues[0])
    fan_out()
    db.session.expire_all()
    row = db.session.scalars(select(Notification).where(Notification.kind == "helpful")).one()
    assert (row.count, row.read_at) == (3, None)  # news again

    for colleague in colleagues:
        unmark_helpful(answer, colleague)
    fan_out()
    assert told(author) == []


# --- visibility ---------------------------------------------------------------------------


def test_a_private_threads_reply_tells_nobody_outside_its_space(app):
    specialty = make_specialty()
    insider, outsider = make_user(), make_user(username="outsider")
    mentor = make_user(role="mentor", specialty_id=specialty.id)
    asker = make_user()
    thread = make_thread(author=asker, specialty=specialty)
    make_private(thread, insider, asker)
    for member in (insider, outsider):
        service.set_watch(member, "specialty", specialty.id, "watching")
    reply = make_post(thread, insider, "Only for us, not for @outsider.")
    fan_out()
    assert told(outsider) == told(mentor) == []
    assert told(asker) == [("reply", reply.id)]


def test_a_deleted_reply_takes_its_unread_notifications_with_it(app):
    asker = make_user()
    thread = make_thread(author=asker)
    kept, removed = make_post(thread), make_post(thread)
    fan_out()
    delete_post(make_user(role="moderator"), removed)
    assert told(asker) == [("reply", kept.id)]


def test_deleting_the_opening_post_removes_the_threads_notifications(app):
    specialty = make_specialty()
    watcher = make_user()
    service.set_watch(watcher, "specialty", specialty.id, "watching")
    thread = make_thread(specialty=specialty)
    make_post(thread)
    fan_out()
    assert len(told(watcher)) == 2
    delete_post(make_user(role="moderator"), nth_post(thread, 1))
    assert told(watcher) == []


def test_a_post_deleted_before_the_fan_out_tells_nobody(app):
    asker = make_user()
    thread = make_thread(author=asker)
    reply = make_post(thread)
    delete_post(make_user(role="moderator"), reply)
    fan_out()
    assert told(asker) == []


# --- set-based, after commit, once --------------------------------------------------------------


def _watchers(thread, count: int) -> None:
    """`count` members watching `thread`, inserted in bulk (the fan-out is what is measured)."""
    first = db.session.scalar(select(func.coalesce(func.max(User.id), 0))) + 1
    db.session.execute(
        insert(User),
        [
            {
                "username": f"watcher{first + n}",
                "email": f"watcher{first + n}@example.org",
                "password_hash": _password_hash(),
                "display_name": f"Watcher {n}",
            }
            for n in range(count)
        ],
    )
    ids = db.session.scalars(select(User.id).where(User.id >= first)).all()
    db.session.execute(
        insert(Watch),
        [
            {"user_id": i, "target_kind": "thread", "target_id": thread.id, "level": "watching"}
            for i in ids
        ],
    )
    db.session.commit()


def test_the_fan_out_takes_the_same_statements_for_20_or_2000_watchers(app, count_queries):
    counts = []
    for watchers in (20, 2000):
        thread = make_thread()
        _watchers(thread, watchers)
        fan_out()  # the opening post's event
        make_post(thread)
        with count_queries() as statements:
            fan_out()
        counts.append(len(statements))
        made = db.session.scalar(
            select(func.count()).where(
                Notification.thread_id == thread.id, Notification.kind == "watched"
            )
        )
        assert made == watchers
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12


def test_the_reply_request_leaves_the_fan_out_to_after_the_commit(app, client, login):
    thread = make_thread()
    _watchers(thread, 50)
    fan_out()
    login()
    response = client.submit(
        f"/threads/{thread.id}/reply",
        {"body": "A reply.", "submit": "Post"},
        form_url=f"/threads/{thread.id}",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert pending_events() == 1
    fan_out()
    # The 50 watchers, and the thread's author (a reply in their thread).
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 51
    assert pending_events() == 0


def test_two_drains_at_once_make_each_notification_once(app, monkeypatch):
    monkeypatch.setattr(fanout, "BATCH", 8)  # many small claims, so the two drains interleave
    watchers = [make_user() for _ in range(5)]
    threads_ = [make_thread() for _ in range(3)]
    for thread in threads_:
        for watcher in watchers:
            service.set_watch(watcher, "thread", thread.id, "watching")
    poster = make_user(role="moderator")  # not rate-limited
    replies = 0
    for _ in range(12):
        for thread in threads_:
            make_post(thread, poster)
            replies += 1
    db.session.remove()

    start, failures = threading.Barrier(2), []

    def drain() -> None:
        with app.app_context():
            start.wait()
            try:
                fanout.drain()
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append(error)

    workers = [threading.Thread(target=drain) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert pending_events() == 0
    rows = db.session.execute(select(Notification.user_id, Notification.post_id)).all()
    # Each reply: its five watchers and its thread's author, each told once.
    assert len(rows) == len(set(rows)) == replies * (len(watchers) + 1)


def test_tracking_and_normal_tell_of_replies_to_you_not_every_post(app):
    thread = make_thread()
    tracker = make_user(username="the_tracker")
    make_post(thread, tracker, "My first reply.")
    service.set_watch(tracker, "thread", thread.id, "tracking")
    make_post(thread, body="Another reply, to nobody in particular.")
    mention = make_post(thread, body="And one for @the_tracker.")
    fan_out()
    assert told(tracker) == [("mention", mention.id)]


def test_an_event_that_fails_waits_without_holding_up_the_others(app, monkeypatch):
    asker = make_user()
    thread = make_thread(author=asker)
    fan_out()
    broken, fine = make_post(thread), make_post(thread)
    real = fanout._HANDLERS["post_added"]

    def flaky(session, event, now):
        if event.post_id == broken.id:
            raise RuntimeError("the database went away")
        return real(session, event, now)

    monkeypatch.setitem(fanout._HANDLERS, "post_added", flaky)
    with pytest.raises(RuntimeError):
        fan_out()
    assert told(asker) == [("reply", fine.id)]
    assert pending_events() == 1  # kept, claimed: retried once the claim is stale
    monkeypatch.setattr(fanout, "STALE", timedelta(0))
    monkeypatch.setitem(fanout._HANDLERS, "post_added", real)
    fan_out()
    assert told(asker) == [("reply", fine.id), ("reply", broken.id)]
