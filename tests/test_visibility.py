"""One visibility rule: every page that lists or shows threads, posts or search hits
is walked with a hidden post, a deleted thread and a private thread, as viewers who
may and may not see them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import g
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum import visibility
from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.search import service as search
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests.conftest import AuthActions, FormClient
from tests.factories import make_specialty, make_thread, make_topic, make_user, nth_post

NOW = datetime(2026, 12, 1, tzinfo=UTC)
# Words that appear only in what must stay unseen, so any leak is found by text.
HIDDEN_WORD = "quokkahidden"
DELETED_WORD = "wombatdeleted"
PRIVATE_WORD = "platypusprivate"


@pytest.fixture
def world(app):
    cardiology = make_specialty("Cardiology", slug="cardiology")
    oncology = make_specialty("Oncology", slug="oncology")
    topic = make_topic("Anticoagulation", slug="anticoagulation")
    author = make_user(username="writer")
    replier = make_user(username="replier")
    insider = make_user(username="insider")

    public = make_thread(
        author,
        cardiology,
        [topic],
        title="Anticoagulation strategy after TAVI in frail patients",
        body="Public question about anticoagulation strategy after TAVI.",
    )
    threads.reply_to_thread(replier, public, "A visible reply about anticoagulation strategy.")
    hidden = threads.reply_to_thread(
        replier, public, f"Anticoagulation strategy with a {HIDDEN_WORD} identifier."
    )
    hidden.hidden_at, hidden.hidden_by_id = NOW, author.id
    hidden.hidden_reason = "Contains a patient identifier"
    db.session.commit()

    deleted = make_thread(
        author,
        cardiology,
        [topic],
        title=f"Anticoagulation strategy {DELETED_WORD} question",
        body=f"Anticoagulation strategy body {DELETED_WORD}.",
    )
    threads.delete_post(author, threads.get_post(author, nth_post(deleted, 1).id))

    private = make_thread(
        insider,
        cardiology,
        [topic],
        title=f"Anticoagulation strategy {PRIVATE_WORD} mentorship",
        body=f"Anticoagulation strategy notes {PRIVATE_WORD}.",
    )
    space = Space(name="Mentorship of insider")
    space.members = [SpaceMember(user_id=insider.id)]
    db.session.add(space)
    db.session.flush()
    private.space_id = space.id
    db.session.commit()
    search.sync()
    return {
        "public": public.id,
        "hidden_post": hidden.id,
        "deleted": deleted.id,
        "private": private.id,
        "cardiology_moderator": make_user(username="cardiomod", moderates=[cardiology]),
        "oncology_moderator": make_user(username="oncomod", moderates=[oncology]),
        "moderator": make_user(username="sitemod", role="moderator"),
        "admin": make_user(username="boss", role="admin"),
        "member": make_user(username="bystander"),
        "mentor_moderator": make_user(username="both", role="mentor moderator"),
        "author": replier,
        "insider": insider,
    }


def _listing_urls(world) -> list[str]:
    return [
        "/",
        "/latest",
        "/specialties/cardiology",
        "/specialties/cardiology?sort=newest",
        "/specialties/cardiology?sort=unanswered",
        "/topics/anticoagulation",
        "/members/writer",
        "/members/replier",
        "/members/insider",
        "/search?q=anticoagulation+strategy",
        f"/search?q={HIDDEN_WORD}",
        f"/search?q={DELETED_WORD}",
        f"/search?q={PRIVATE_WORD}",
        "/search?q=anticoagulation&sort=newest",
        "/search/similar?title=Anticoagulation+strategy+question",
        f"/threads/{world['public']}",  # its related threads, and the hidden post
        f"/posts/{world['hidden_post']}/history",
    ]


VIEWERS = [
    "anonymous",
    "member",
    "author",
    "insider",
    "oncology_moderator",
    "cardiology_moderator",
    "moderator",
    "mentor_moderator",
    "admin",
]
SEES_HIDDEN = {"cardiology_moderator", "moderator", "mentor_moderator", "admin"}
SEES_DELETED = SEES_HIDDEN
SEES_PRIVATE = {"insider"}


def _as(client, auth, world, viewer: str) -> None:
    if viewer != "anonymous":
        user: User = world[viewer]
        assert auth.login(user.username).status_code == 302


def _viewers(app, world):
    """(name, a client signed in as that viewer) for every viewer, each with its own cookies."""
    app.test_client_class = FormClient
    for viewer in VIEWERS:
        # Requests share the test's app context, where Flask-Login caches the user
        # and Flask-WTF the CSRF token: start each viewer clean.
        for name in list(g):
            g.pop(name)
        client = app.test_client()
        _as(client, AuthActions(client), world, viewer)
        yield viewer, client


def test_no_list_page_or_search_leaks_hidden_deleted_or_private_content(app, world):
    for viewer, client in _viewers(app, world):
        _no_leaks(client, world, viewer)


def _no_leaks(client, world, viewer):
    for url in _listing_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.get_data(as_text=True)
        if any(word in url for word in (HIDDEN_WORD, DELETED_WORD, PRIVATE_WORD)):
            # The page repeats the query itself; what matters is that nothing matched.
            assert "0 threads matched" in html and 'class="result"' not in html, (viewer, url)
            continue
        # Lists never show a deleted or private thread, to anyone.
        assert DELETED_WORD not in html, f"{viewer} saw the deleted thread on {url}"
        assert PRIVATE_WORD not in html, f"{viewer} saw the private thread on {url}"
        if viewer not in SEES_HIDDEN:
            assert HIDDEN_WORD not in html, f"{viewer} saw the hidden post on {url}"


def test_pages_of_what_a_viewer_may_not_see_answer_404(app, world):
    for viewer, client in _viewers(app, world):
        _not_found_unless_allowed(client, world, viewer)


def _not_found_unless_allowed(client, world, viewer):
    deleted_first = db.session.scalar(
        select(Thread.first_post_id).where(Thread.id == world["deleted"])
    )
    private_first = db.session.scalar(
        select(Thread.first_post_id).where(Thread.id == world["private"])
    )
    pages = {
        "deleted": [
            f"/threads/{world['deleted']}",
            f"/posts/{deleted_first}",
            f"/posts/{deleted_first}/history",
        ],
        "private": [
            f"/threads/{world['private']}",
            f"/threads/{world['private']}?page=1",
            f"/posts/{private_first}",
            f"/posts/{private_first}/history",
        ],
    }
    if viewer != "anonymous":  # these need a login first, so anonymous gets a redirect
        pages["deleted"] += [f"/threads/{world['deleted']}/reply", f"/posts/{deleted_first}/edit"]
        pages["private"] += [f"/threads/{world['private']}/reply", f"/posts/{private_first}/edit"]
    for state, urls in pages.items():
        allowed = viewer in (SEES_DELETED if state == "deleted" else SEES_PRIVATE)
        for url in urls:
            response = client.get(url)
            status = response.status_code
            if allowed:
                assert status in (200, 302, 403), (viewer, url, status)
            else:
                assert status == 404, (viewer, url, status)
                html = response.get_data(as_text=True)
                assert DELETED_WORD not in html and PRIVATE_WORD not in html


def test_staff_see_a_deleted_thread_and_the_text_of_a_hidden_post(client, auth, world):
    _as(client, auth, world, "cardiology_moderator")
    page = client.get(f"/threads/{world['deleted']}").get_data(as_text=True)
    assert DELETED_WORD in page
    page = client.get(f"/threads/{world['public']}").get_data(as_text=True)
    assert HIDDEN_WORD in page and "Contains a patient identifier" in page


def test_the_author_of_a_hidden_post_sees_the_reason_not_the_text(client, auth, world):
    _as(client, auth, world, "author")
    page = client.get(f"/threads/{world['public']}").get_data(as_text=True)
    assert "hidden by a moderator" in page
    assert "Contains a patient identifier" in page and HIDDEN_WORD not in page


def test_readers_see_a_placeholder_without_the_reason(client, world):
    page = client.get(f"/threads/{world['public']}").get_data(as_text=True)
    assert "hidden by a moderator" in page and "Contains a patient identifier" not in page


def test_a_space_member_reads_the_private_thread(client, auth, world):
    _as(client, auth, world, "insider")
    page = client.get(f"/threads/{world['private']}")
    assert page.status_code == 200 and PRIVATE_WORD in page.get_data(as_text=True)


def test_a_private_thread_is_not_a_reply_target_for_outsiders(world):
    thread = db.session.get(Thread, world["private"])
    with pytest.raises(NotFound):
        threads.reply_to_thread(world["member"], thread, "Can I join?")


def test_the_index_holds_only_listed_posts(world):
    indexed = set(search.store().digests())
    listed = set(
        db.session.scalars(
            select(Post.id)
            .join(Thread, Thread.id == Post.thread_id)
            .where(visibility.listed_posts())
        )
    )
    assert indexed == listed
    assert world["hidden_post"] not in indexed


def test_the_sql_rule_and_the_pure_rule_agree(world):
    loads = joinedload(Thread.space).selectinload(Space.members)
    threads_all = list(db.session.scalars(select(Thread).options(loads)))
    for name in VIEWERS:
        viewer = None if name == "anonymous" else db.session.get(User, world[name].id)
        in_sql = set(
            db.session.scalars(select(Thread.id).where(visibility.visible_threads(viewer)))
        )
        in_python = {t.id for t in threads_all if visibility.can_see_thread(viewer, t)}
        assert in_sql == in_python, name
        listed = set(db.session.scalars(select(Thread.id).where(visibility.listed_threads(viewer))))
        assert listed == {t.id for t in threads_all if visibility.is_listed(t)}

