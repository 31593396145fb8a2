"""Accepting answers and marking posts helpful, through the service (no HTTP)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from forum import events
from forum.answers import service
from forum.answers.models import AcceptedAnswer, HelpfulCount, HelpfulMark
from forum.exceptions import NotAllowed, NotFound
from forum.extensions import db
from forum.spaces.models import Space, SpaceMember
from forum.taxonomy.models import Specialty
from forum.threads import service as threads
from tests.factories import make_post, make_specialty, make_thread, make_user


@contextmanager
def received(signal):
    """The keyword arguments of every `signal` sent inside the block."""
    calls: list[dict] = []

    def receiver(_sender, **kwargs):
        calls.append(kwargs)

    with signal.connected_to(receiver):
        yield calls


@pytest.fixture
def question(app):
    """A question by `asker` with two replies, by `first_author` and `second_author`."""
    asker = make_user(username="asker")
    thread = make_thread(asker, kind="question")
    first_author, second_author = make_user(), make_user()
    first = make_post(thread, first_author, "Try a beta blocker.")
    second = make_post(thread, second_author, "Check the QT first.")
    return {
        "asker": asker,
        "thread": thread,
        "first": first,
        "second": second,
        "first_author": first_author,
        "second_author": second_author,
    }


def accepted_post_id(thread) -> int | None:
    return db.session.scalar(
        select(AcceptedAnswer.post_id).where(AcceptedAnswer.thread_id == thread.id)
    )


def helpful_count(post) -> int:
    count = db.session.scalar(select(HelpfulCount.count).where(HelpfulCount.post_id == post.id))
    return count or 0


# ---- accepted answers -------------------------------------------------------------


def test_asker_accepts_a_reply_and_the_event_says_nothing_was_replaced(question):
    with received(events.answer_accepted) as calls:
        service.accept_answer(question["asker"], question["first"])
    assert accepted_post_id(question["thread"]) == question["first"].id
    assert len(calls) == 1
    assert calls[0]["post"].id == question["first"].id
    assert calls[0]["thread"].id == question["thread"].id
    assert calls[0]["actor"].id == question["asker"].id
    assert calls[0]["previous_post_id"] is None


def test_accepting_another_reply_replaces_the_first(question):
    service.accept_answer(question["asker"], question["first"])
    with received(events.answer_accepted) as calls:
        service.accept_answer(question["asker"], question["second"])
    assert accepted_post_id(question["thread"]) == question["second"].id
    assert db.session.scalar(select(func.count()).select_from(AcceptedAnswer)) == 1
    assert calls[0]["previous_post_id"] == question["first"].id


def test_accepting_the_accepted_answer_again_changes_and_announces_nothing(question):
    service.accept_answer(question["asker"], question["first"])
    with received(events.answer_accepted) as calls:
        service.accept_answer(question["asker"], question["first"])
    assert calls == []
    assert accepted_post_id(question["thread"]) == question["first"].id


def test_unaccepting_makes_the_question_unsolved(question):
    service.accept_answer(question["asker"], question["first"])
    with received(events.answer_unaccepted) as calls:
        withdrawn = service.unaccept_answer(question["asker"], question["thread"])
    assert withdrawn.id == question["first"].id
    assert accepted_post_id(question["thread"]) is None
    assert [call["post"].id for call in calls] == [question["first"].id]


def test_unaccepting_an_unsolved_question_is_a_no_op(question):
    with received(events.answer_unaccepted) as calls:
        assert service.unaccept_answer(question["asker"], question["thread"]) is None
    assert calls == []


def test_unaccept_from_a_stale_page_leaves_the_newer_choice_alone(question):
    service.accept_answer(question["asker"], question["second"])
    result = service.unaccept_answer(question["asker"], question["thread"], post=question["first"])
    assert result is None
    assert accepted_post_id(question["thread"]) == question["second"].id


def test_a_discussion_has_no_accepted_answer(question):
    author = make_user()
    discussion = make_thread(author, kind="discussion")
    reply = make_post(discussion, make_user())
    with pytest.raises(NotAllowed, match="Discussions have no accepted answer."):
        service.accept_answer(author, reply)
    with pytest.raises(NotAllowed, match="Discussions have no accepted answer."):
        service.accept_answer(make_user(role="moderator"), reply)
    assert db.session.scalar(select(func.count()).select_from(AcceptedAnswer)) == 0


@pytest.mark.parametrize(
    "who, message",
    [
        ("other member", "Only the person who asked, or a moderator"),
        ("answerer", "Only the person who asked, or a moderator"),
    ],
)
def test_only_the_asker_or_a_moderator_may_accept(question, who, message):
    actor = make_user() if who == "other member" else question["first_author"]
    with pytest.raises(NotAllowed, match=message):
        service.accept_answer(actor, question["first"])
    assert accepted_post_id(question["thread"]) is None


def test_a_moderator_of_the_specialty_accepts_and_one_of_another_may_not(question):
    thread = question["thread"]
    other_specialty_moderator = make_user(moderates=[make_specialty()])
    with pytest.raises(NotAllowed):
        service.accept_answer(other_specialty_moderator, question["first"])
    specialty = db.session.get(Specialty, thread.specialty_id)
    service.accept_answer(make_user(moderates=[specialty]), question["first"])
    assert accepted_post_id(thread) == question["first"].id


def test_the_question_itself_cannot_be_its_answer(question):
    opening = threads.get_post(question["asker"], question["thread"].first_post_id)
    with pytest.raises(NotAllowed, match="cannot be its answer"):
        service.accept_answer(question["asker"], opening)


def test_a_locked_question_keeps_its_answer_except_for_moderators(question):
    service.accept_answer(question["asker"], question["first"])
    threads.set_thread_state(make_user(role="moderator"), question["thread"], locked=True)
    with pytest.raises(NotAllowed, match="locked"):
        service.accept_answer(question["asker"], question["second"])
    with pytest.raises(NotAllowed, match="locked"):
        service.unaccept_answer(question["asker"], question["thread"])
    service.accept_answer(make_user(role="moderator"), question["second"])
    assert accepted_post_id(question["thread"]) == question["second"].id


def test_a_reply_in_a_private_space_is_not_found_for_outsiders(question):
    space = Space(name="Private mentoring")
    space.members = [SpaceMember(user_id=question["asker"].id)]
    db.session.add(space)
    db.session.flush()
    question["thread"].space_id = space.id
    db.session.commit()
    with pytest.raises(NotFound):
        service.accept_answer(make_user(role="moderator"), question["first"])
    with pytest.raises(NotFound):
        service.mark_helpful(make_user(), question["first"])
    service.accept_answer(question["asker"], question["first"])  # a member may
    assert accepted_post_id(question["thread"]) == question["first"].id


def test_deleting_the_accepted_answer_makes_the_question_unsolved(question):
    service.accept_answer(question["asker"], question["first"])
    service.mark_helpful(question["asker"], question["first"])
    answerer = question["first_author"]
    with received(events.answer_unaccepted) as calls:
        threads.delete_post(answerer, threads.get_post(answerer, question["first"].id))
    assert accepted_post_id(question["thread"]) is None
    assert [call["post"].id for call in calls] == [question["first"].id]
    # Helpful marks stay with the deleted post (shown again if it ever comes back).
    assert helpful_count(question["first"]) == 1
    # A deleted reply cannot be accepted again, and the other one can.
    with pytest.raises(NotAllowed, match="deleted or hidden"):
        service.accept_answer(question["asker"], question["first"])
    service.accept_answer(question["asker"], question["second"])
    assert accepted_post_id(question["thread"]) == question["second"].id


def test_deleting_another_reply_leaves_the_accepted_answer(question):
    service.accept_answer(question["asker"], question["first"])
    answerer = question["second_author"]
    threads.delete_post(answerer, threads.get_post(answerer, question["second"].id))
    assert accepted_post_id(question["thread"]) == question["first"].id


def test_an_accepted_answer_moved_to_another_thread_leaves_its_question_unsolved(question):
    service.accept_answer(question["asker"], question["first"])
    other = make_thread(kind="discussion")
    with db.session.begin_nested():
        threads.move_posts([db.session.get(type(question["first"]), question["first"].id)], other)
    db.session.commit()
    assert accepted_post_id(question["thread"]) is None


def test_moving_another_reply_leaves_the_accepted_answer(question):
    service.accept_answer(question["asker"], question["first"])
    other = make_thread(kind="discussion")
    threads.move_posts([db.session.get(type(question["second"]), question["second"].id)], other)
    db.session.commit()
    assert accepted_post_id(question["thread"]) == question["first"].id


# ---- helpful marks ----------------------------------------------------------------


def test_marking_helpful_counts_once_and_announces_once(question):
    reader = make_user()
    with received(events.post_marked_helpful) as calls:
        assert service.mark_helpful(reader, question["first"]) is True
        assert service.mark_helpful(reader, question["first"]) is False  # a double click
    assert helpful_count(question["first"]) == 1
    assert [(call["post"].id, call["actor"].id) for call in calls] == [
        (question["first"].id, reader.id)
    ]


def test_marks_from_several_members_add_up_and_unmarking_takes_one_back(question):
    readers = [make_user() for _ in range(3)]
    for reader in readers:
        service.mark_helpful(reader, question["second"])
    assert helpful_count(question["second"]) == 3
    with received(events.post_unmarked_helpful) as calls:
        assert service.unmark_helpful(readers[0], question["second"]) is True
        assert service.unmark_helpful(readers[0], question["second"]) is False
    assert helpful_count(question["second"]) == 2
    assert len(calls) == 1
    marked_by = db.session.scalars(
        select(HelpfulMark.user_id).where(HelpfulMark.post_id == question["second"].id)
    )
    assert set(marked_by) == {readers[1].id, readers[2].id}


def test_unmarking_a_post_never_marked_is_a_no_op(question):
    assert service.unmark_helpful(make_user(), question["first"]) is False
    assert helpful_count(question["first"]) == 0


def test_nobody_marks_their_own_post_helpful(question):
    answerer = question["first_author"]
    with pytest.raises(NotAllowed, match="your own post"):
        service.mark_helpful(answerer, question["first"])
    assert helpful_count(question["first"]) == 0


def test_the_opening_post_and_deleted_posts_take_no_marks(question):
    reader = make_user()
    opening = threads.get_post(reader, question["thread"].first_post_id)
    with pytest.raises(NotAllowed, match="Only replies"):
        service.mark_helpful(reader, opening)
    answerer = question["second_author"]
    threads.delete_post(answerer, threads.get_post(answerer, question["second"].id))
    with pytest.raises(NotAllowed, match="deleted or hidden"):
        service.mark_helpful(reader, question["second"])


def test_unverified_members_cannot_mark_helpful(question):
    unverified = make_user(email_verified_at=None)
    with pytest.raises(NotAllowed, match="confirmed email"):
        service.mark_helpful(unverified, question["first"])


def test_helpful_marks_work_in_discussions_too(app):
    discussion = make_thread(kind="discussion")
    reply = make_post(discussion, make_user())
    service.mark_helpful(make_user(), reply)
    assert helpful_count(reply) == 1
