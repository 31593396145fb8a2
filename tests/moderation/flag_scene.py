"""Shared set-up for the flag and warning tests: a cardiology thread with a reply to
flag, its scoped moderator and members to flag it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from forum.auth.models import ModeratorScope, User
from forum.extensions import db
from forum.moderation import flags
from forum.moderation.models import Flag
from forum.notifications.models import Notification
from forum.taxonomy.models import Specialty
from forum.threads import service
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_specialty, make_thread, make_user

TOKEN = re.compile(r'name="([\w-]*csrf_token)"[^>]*value="([^"]+)"')


@dataclass
class Scene:
    specialty: Specialty
    thread: Thread
    reply: Post
    author: User
    moderator: User  # moderates the specialty only
    members: list[User]


def make_scene(members: int = 4, body: str = "Call the patient at home about this.") -> Scene:
    cardiology = make_specialty("Cardiology")
    author = make_user(username="author")
    moderator = make_user(username="cardio_mod")
    db.session.add(ModeratorScope(user_id=moderator.id, specialty_id=cardiology.id))
    db.session.commit()
    thread = make_thread(specialty=cardiology, title="Remote monitoring after discharge")
    # Flagged posts are often ones their author confirmed over the privacy guard.
    reply = make_post(thread, author, body, confirmed={"privacy"})
    return Scene(
        cardiology,
        thread,
        reply,
        author,
        moderator,
        [make_user(username=f"member{n}") for n in range(members)],
    )


def flag(user: User, post: Post, reason: str = "privacy", text: str | None = None) -> Flag:
    return flags.flag_post(user, service.get_post(user, post.id), reason, text)


def fresh_post(post_id: int) -> Post:
    db.session.expire_all()
    return db.session.get(Post, post_id)


def notices(user: User) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id, Notification.kind == "moderation")
            .order_by(Notification.id)
        )
    )


def form_post(client, url: str, page_url: str, data: dict, prefix: str | None = None):
    """POST `data` to `url` as the form on `page_url` would: with that page's CSRF token
    under the form's (prefixed) field name."""
    html = client.get(page_url).get_data(as_text=True)
    tokens = dict(TOKEN.findall(html))
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    token = tokens.get(name) or next(iter(tokens.values()))
    payload = {f"{prefix}-{key}" if prefix else key: value for key, value in data.items()}
    payload[name] = token
    return client.post(url, data=payload)
