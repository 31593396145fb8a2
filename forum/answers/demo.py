"""Demo content for answers: accepted answers and helpful marks on the demo threads.

Run after forum/demo/cli.py has written its threads (`seed-demo` calls seed_demo()).
Everything goes through the service, as a member's clicks would, so the events fire
(notifications of accepted answers and helpful marks included). Choices are drawn
from a random generator seeded with each thread's title: a second run makes the
same choices, finds them made, and adds nothing. A question someone has already
given an accepted answer keeps it.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from forum.answers import service
from forum.answers.models import AcceptedAnswer
from forum.auth.models import User
from forum.demo import data
from forum.extensions import db
from forum.threads.models import Post, Thread
from forum.threads.service import get_post

SOLVED_SHARE = 0.65  # of the demo questions with replies
HELPFUL_MARKS = (0, 0, 1, 1, 1, 2, 2, 3, 4)  # how many colleagues mark a reply, drawn per reply
ACCEPTED_BONUS = 2  # an accepted answer is usually the one people found helpful too


def _demo_replies() -> dict[int, dict]:
    """The demo threads (by title), each with its live replies in order, as plain values."""
    titles = [spec["title"] for spec in data.THREADS]
    rows = db.session.execute(
        select(
            Thread.id,
            Thread.title,
            Thread.kind,
            Thread.author_id,
            Thread.is_locked,
            Post.id,
            Post.author_id,
        )
        .join(Post, Post.thread_id == Thread.id)
        .where(
            Thread.title.in_(titles),
            Thread.deleted_at.is_(None),
            Thread.space_id.is_(None),
            Post.id != Thread.first_post_id,
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
        )
        .order_by(Thread.id, Post.created_at, Post.id)
    )
    threads: dict[int, dict] = {}
    for thread_id, title, kind, asker_id, locked, post_id, author_id in rows:
        thread = threads.setdefault(
            thread_id,
            {"title": title, "kind": kind, "asker": asker_id, "locked": locked, "replies": []},
        )
        thread["replies"].append((post_id, author_id))
    return threads


def _users() -> dict[int, User]:
    names = [person["username"] for person in data.USERS]
    return {
        user.id: user for user in db.session.scalars(select(User).where(User.username.in_(names)))
    }


def _answer_to_accept(rng: random.Random, thread: dict, users: dict[int, User]) -> int | None:
    """A mentor's reply if there is one (the first), else any reply not by the asker."""
    others = [
        (post_id, author) for post_id, author in thread["replies"] if author != thread["asker"]
    ]
    if not others:
        return None
    mentors = [
        post_id
        for post_id, author in others
        if author in users and users[author].has_role("mentor")
    ]
    return mentors[0] if mentors else rng.choice(others)[0]


def seed_demo() -> dict[str, int]:
    """Accept answers on about two thirds of the demo questions and mark replies helpful;
    returns how many accepted answers and helpful marks were added."""
    users = _users()
    added = {"accepted": 0, "helpful": 0}
    already_solved = set(db.session.scalars(select(AcceptedAnswer.thread_id)))
    for thread_id, thread in sorted(_demo_replies().items()):
        rng = random.Random(f"answers demo: {thread['title']}")
        accepted = None
        solvable = thread["kind"] == "question" and not thread["locked"]
        if solvable and rng.random() < SOLVED_SHARE and thread["asker"] in users:
            accepted = _answer_to_accept(rng, thread, users)
            if accepted is not None and thread_id not in already_solved:
                asker = users[thread["asker"]]
                service.accept_answer(asker, get_post(asker, accepted))
                added["accepted"] += 1
        for post_id, author_id in thread["replies"]:
            wanted = rng.choice(HELPFUL_MARKS) + (ACCEPTED_BONUS if post_id == accepted else 0)
            colleagues = sorted(uid for uid in users if uid != author_id)
            for user_id in rng.sample(colleagues, min(wanted, len(colleagues))):
                marker = users[user_id]
                if marker.email_verified_at is None:
                    continue
                if service.mark_helpful(marker, get_post(marker, post_id)):
                    added["helpful"] += 1
    return added
