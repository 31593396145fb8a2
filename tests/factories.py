"""Plain functions that make test data through the same services the app uses."""

from __future__ import annotations

import itertools
from datetime import timedelta
from functools import cache

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from forum.auth.models import ModeratorScope, User
from forum.credentials.models import Credential
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


@cache
def _password_hash() -> str:
    # scrypt is deliberately slow; hash the shared test password once per run.
    return generate_password_hash(PASSWORD, method="scrypt")


def make_user(role: str = "member", username: str | None = None, **fields) -> User:
    """A verified user; `role` may name several ("mentor moderator"); `moderates` takes
    specialties the user moderates without being a site-wide moderator."""
    n = next(_seq)
    username = username or f"user{n}"
    moderates = fields.pop("moderates", [])
    user = User(
        username=username,
        email=fields.pop("email", f"{username}@example.org"),
        display_name=fields.pop("display_name", f"Dr {username.title()}"),
        profession=fields.pop("profession", "physician"),
        password_hash=_password_hash(),
        email_verified_at=fields.pop("email_verified_at", utcnow()),
        # An established member unless the test says otherwise: new accounts have
        # first-day limits (forum/moderation/new_accounts.py).
        created_at=fields.pop("created_at", utcnow() - timedelta(days=30)),
        **fields,
    )
    user.roles = role.split()
    user.moderator_scopes = [ModeratorScope(specialty_id=s.id) for s in moderates]
    db.session.add(user)
    db.session.commit()
    return user


def make_specialty(name: str | None = None, **fields) -> Specialty:
    n = next(_seq)
    name = name or f"Specialty {n}"
    specialty = Specialty(slug=fields.pop("slug", f"specialty-{n}"), name=name, **fields)
    db.session.add(specialty)
    db.session.commit()
    return specialty


def make_topic(name: str | None = None, **fields) -> ResearchTopic:
    n = next(_seq)
    name = name or f"Topic {n}"
    topic = ResearchTopic(slug=fields.pop("slug", f"topic-{n}"), name=name, **fields)
    db.session.add(topic)
    db.session.commit()
    return topic


def make_thread(
    author: User | None = None,
    specialty: Specialty | None = None,
    topics: list[ResearchTopic] | None = None,
    *,
    title: str | None = None,
    body: str = "Opening post with **Markdown**.",
    kind: str = "question",
    replies: int = 0,
) -> Thread:
    """A thread started through the service, with `replies` replies by a second user."""
    author = author or make_user()
    specialty = specialty or make_specialty()
    topics = topics or [make_topic()]
    thread = threads.start_thread(
        author,
        title=title or f"A thread about clinical innovation {next(_seq)}",
        specialty_id=specialty.id,
        topic_ids=[t.id for t in topics],
        kind=kind,
        body=body,
    )
    if replies:
        replier = make_user(role="moderator")  # staff skip the posting rate limit
        for i in range(replies):
            threads.reply_to_thread(replier, thread, f"Reply number {i + 1}.")
    return thread


def make_post(
    thread: Thread, author: User | None = None, body: str = "A reply.", *, confirmed=()
):
    """A reply through the service; `confirmed` names posting checks the author confirmed
    ({"privacy"}: posted over the privacy guard's warning, as tests of leaks need)."""
    return threads.reply_to_thread(author or make_user(), thread, body, confirmed=confirmed)


def nth_post(thread: Thread, position: int) -> Post:
    """The post at `position` (1 = the opening post) of `thread`, in reading order."""
    return db.session.scalars(
        select(Post)
        .where(Post.thread_id == thread.id)
        .order_by(Post.created_at, Post.id)
        .offset(position - 1)
        .limit(1)
    ).one()


def make_credential(user: User, status: str = "verified", **fields):
    """A professional credential of `user` in `status`, written directly (a verified one
    as if a moderator had checked it, with no notice or audit entry): applying to mentor
    needs a verified one (forum/credentials)."""
    now = utcnow()
    credential = Credential(
        user_id=user.id,
        profession=fields.pop("profession", "Registered Nurse"),
        credential_type=fields.pop("credential_type", "Nursing registration"),
        issuing_body=fields.pop("issuing_body", "NMC"),
        jurisdiction=fields.pop("jurisdiction", "UK"),
        number=fields.pop("number", f"NMC-{next(_seq):06d}"),
        years_in_practice=fields.pop("years_in_practice", 8),
        status=status,
        submitted_at=fields.pop("submitted_at", now),
        reviewed_at=now if status != "pending" else None,
        **fields,
    )
    db.session.add(credential)
    db.session.commit()
    return credential
