"""A cardiology thread whose reply names a patient, with the people who act on it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, text

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.privacy.guard import CHECK as PRIVACY_CHECK
from forum.taxonomy.models import Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests.factories import make_specialty, make_thread, make_user
from tests.moderation import flag_scene

NAME = "Eleanor Vasquez"
RECORD = "MRN 88213457"
BODY = f"Our patient {NAME} ({RECORD}) responded to a second course of ivabradine."
CLEAN = "Our patient (a woman in her sixties) responded to a second course of ivabradine."
# Words of the identifier as the index holds them (lower case; the spelling field too).
INDEXED = (b"vasquez", b"eleanor", b"88213457")
TOKEN = re.compile(r'name="([\w-]*csrf_token)"[^>]*value="([^"]+)"')


@dataclass
class Scene:
    cardiology: Specialty
    thread: Thread
    reply: Post  # names a patient
    author: User  # wrote the reply
    asker: User  # started the thread (notified of the reply)
    moderator: User  # moderates cardiology only
    oncology_moderator: User
    staff: User  # a site-wide moderator
    members: list[User]


def _person(role: str = "member", **fields) -> User:
    # Of some standing: a new account's first-day limits are not what these test.
    return make_user(role, created_at=utcnow() - timedelta(days=90), **fields)


def build(body: str = BODY) -> Scene:
    current_app.config["POST_LIMIT"] = 10_000
    cardiology = make_specialty("Cardiology", slug="cardiology")
    oncology = make_specialty("Oncology", slug="oncology")
    asker = _person(username="asker")
    author = _person(username="author", display_name="Dr Ana Author")
    thread = make_thread(asker, cardiology, title="Ivabradine in HFpEF", body="Any experience?")
    return Scene(
        cardiology=cardiology,
        thread=thread,
        reply=post_over_the_guard(thread, author, body),
        author=author,
        asker=asker,
        moderator=_person(username="cardio_mod", moderates=[cardiology]),
        oncology_moderator=_person(username="onco_mod", moderates=[oncology]),
        staff=_person("moderator", username="staff"),
        members=[_person(username=f"member{n}") for n in range(4)],
    )


def post_over_the_guard(thread: Thread, author: User, body: str) -> Post:
    """A reply its author made over the privacy guard's warning (as members do)."""
    return threads.reply_to_thread(author, thread, body, confirmed={PRIVACY_CHECK})


# The flag scene's helpers, shared: flag a post, read it afresh, a member's notices.
flag, fresh, notices = flag_scene.flag, flag_scene.fresh_post, flag_scene.notices


def index_bytes() -> bytes:
    """Every file of the search index, lower-cased, concatenated."""
    root = Path(current_app.config["SEARCH_INDEX_DIR"])
    return b"".join(p.read_bytes().lower() for p in sorted(root.rglob("*")) if p.is_file())


def tables_holding(needle: str) -> list[str]:
    """Every "table.column" of every table whose text holds `needle` (case-insensitive)."""
    found = []
    engine_inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        columns = [column["name"] for column in engine_inspector.get_columns(table.name)]
        for column in columns:
            # Every column as text: JSON and strings alike (numbers cannot hold a name).
            hits = db.session.execute(
                text(
                    f'SELECT count(*) FROM "{table.name}" '
                    f'WHERE lower(CAST("{column}" AS TEXT)) LIKE :needle'
                ),
                {"needle": f"%{needle.lower()}%"},
            ).scalar()
            if hits:
                found.append(f"{table.name}.{column}")
    return found


def form_post(client, url: str, page_url: str, data: dict):
    """POST `data` to `url` with the CSRF token of the form on `page_url`."""
    html = client.get(page_url).get_data(as_text=True)
    tokens = dict(TOKEN.findall(html))
    return client.post(url, data={**data, "csrf_token": tokens["csrf_token"]})
