"""Writing threads and posts: every rule and counter lives here.

Each public function is one unit of work (forum/unit_of_work.py): it checks its
permission through forum/permissions.py (and what the acting user may see
through forum/visibility.py), makes its change, moves the counters in SQL and
commits once, with the search change log written in the same transaction by
forum/search/changes.py. `_add_post`, `move_posts`, `retag`, `count_thread` and
`recount_thread` only flush, so other features (moderation's thread tools) compose
them into their own units of work.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from forum import content, events, ratelimit, visibility
from forum.auth.models import User
from forum.auth.service import suspension_refusal
from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotAllowed, NotFound, RateLimited
from forum.extensions import db
from forum.permissions import (
    can_delete_post,
    can_edit_post,
    can_edit_thread,
    can_post,
    can_reply,
    can_set_thread_state,
    can_start_thread,
    is_staff,
    require,
    signed_in,
)
from forum.spaces.models import Space
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import hooks
from forum.threads.models import THREAD_KINDS, Post, PostRevision, Thread, thread_topics
from forum.unit_of_work import in_unit_of_work, transactional, unit_of_work

LOCKED_MESSAGE = "This thread is locked: it no longer takes replies."
UNVERIFIED_MESSAGE = "Confirm your email address before posting: follow the link we sent you."


def _thread_query():
    # A private thread's check needs its members; public threads have no space to load.
    return select(Thread).options(joinedload(Thread.space).selectinload(Space.members))


def get_thread(viewer: User | None, thread_id: int) -> Thread:
    """The thread, if `viewer` may see it.

    :raises NotFound: no such thread, or one the viewer may not know exists.
    """
    thread = db.session.scalar(_thread_query().where(Thread.id == thread_id))
    if thread is not None and thread.first_post_id is None:
        thread = None  # emptied by a merge: its address redirects (hooks.moved_thread)
    return visibility.require_thread(viewer, thread)


def get_post(viewer: User | None, post_id: int) -> Post:
    """The post with its thread loaded, ready for permission checks, if `viewer` may see it.

    :raises NotFound: no such post, or one the viewer may not know exists.
    """
    row = db.session.execute(
        select(Post, Thread)
        .join(Thread, Post.thread_id == Thread.id)
        .where(Post.id == post_id)
        .options(joinedload(Thread.space).selectinload(Space.members))
    ).first()
    if row is None:
        raise NotFound("There is no such post.")
    post, thread = row
    post.thread = thread
    return visibility.require_post(viewer, post)


def _loaded(post: Post) -> Post:
    """`post` with its thread (and a private thread's members) loaded, as the checks need.

    Callers load posts through get_post, but a commit in between (another service
    call) expires what was loaded; reload it rather than trust the caller.
    """
    if "thread" not in post.__dict__:
        set_committed_value(
            post, "thread", db.session.scalar(_thread_query().where(Thread.id == post.thread_id))
        )
    _with_space(post.thread)
    return post


def _with_space(thread: Thread) -> Thread:
    """`thread` with a private thread's members loaded, for visibility checks."""
    if thread.space_id is not None and "space" not in thread.__dict__:
        space = db.session.scalar(
            select(Space).where(Space.id == thread.space_id).options(selectinload(Space.members))
        )
        set_committed_value(thread, "space", space)
    return thread


def _posting_refusal(user: User | None) -> str:
    if not signed_in(user):
        return "Log in to post."
    if user.is_suspended:
        return suspension_refusal(user, "post or reply")
    if user.email_verified_at is None:
        return UNVERIFIED_MESSAGE
    return "You are not allowed to post."


def _check_post_rate(author: User) -> None:
    """:raises RateLimited: when `author` posted too often in the window (staff are exempt)."""
    if is_staff(author):
        return
    limit = current_app.config["POST_LIMIT"]
    window = current_app.config["POST_LIMIT_WINDOW"]
    since = utcnow() - timedelta(seconds=window)
    recent, oldest = db.session.execute(
        select(func.count(), func.min(Post.created_at)).where(
            Post.author_id == author.id, Post.created_at > since
        )
    ).one()
    if recent >= limit:
        wait = ratelimit.retry_after(oldest, window)
        raise RateLimited(
            f"You are posting very quickly. Please wait {wait} seconds and try again.", wait
        )


def _rendered(body: str) -> tuple[str, str]:
    html = content.render_markdown(body, _mentionable(content.mention_candidates(body)))
    return html, content.html_to_text(html)


def _mentionable(names: list[str]) -> dict[str, str]:
    """The members among `names` (lower-cased), each with their profile path: "@name" links
    there. One query, none when the body names nobody; unknown names stay text."""
    if not names:
        return {}
    found = db.session.scalars(select(User.username).where(func.lower(User.username).in_(names)))
    urls = current_app.url_map.bind("")  # a path without a request: CLI re-renders too
    return {name.lower(): urls.build("profiles.show", {"username": name}) for name in found}


def _add_post(
    thread_id: int, author: User, body: str, *, is_reply: bool, submission_key: str | None = None
) -> Post:
    """Insert a post at the end of a thread and bump the thread and specialty counters in SQL.

    Flushes, never commits: the caller's unit of work does.
    """
    now = utcnow()
    # One UPDATE moves the counters and hands back the specialty to bump, so two
    # concurrent replies can never lose an increment (a Python `+= 1` on loaded
    # rows would), and it locks the thread row until this transaction ends.
    moved = db.session.execute(
        update(Thread)
        .where(Thread.id == thread_id)
        .values(
            post_count=Thread.post_count + 1,
            reply_count=Thread.reply_count + (1 if is_reply else 0),
            last_post_at=now,
            last_poster_id=author.id,
        )
        .returning(Thread.specialty_id, Thread.space_id),
        execution_options={"synchronize_session": False},
    ).one()
    if moved.space_id is None:  # a private space's activity shows on no public page
        db.session.execute(
            update(Specialty)
            .where(Specialty.id == moved.specialty_id)
            .values(post_count=Specialty.post_count + 1, last_activity_at=now),
            execution_options={"synchronize_session": False},
        )
    html, text = _rendered(body)
    post = Post(
        thread_id=thread_id,
        author_id=author.id,
        body_md=body,
        body_html=html,
        body_text=text,
        created_at=now,
        submission_key=submission_key,
    )
    db.session.add(post)
    db.session.flush()  # a second submission of the same form fails here, not at commit
    return post


SUBMISSION_KEY_LENGTH = 64


def _submitted(author: User, key: str | None) -> Post | None:
    """The post `author` already made from the form carrying `key`, if any."""
    if not key:
        return None
    return db.session.scalar(
        select(Post).where(Post.author_id == author.id, Post.submission_key == key)
    )


def _once(author: User, key: str | None, create: Callable[[], Post]) -> tuple[Post, bool]:
    """Run `create` as one unit of work unless this form was already submitted.

    Returns (post, created). A double click, or a resubmit after the response was lost,
    carries the same key: it gets the first post back and writes nothing. Two
    submissions racing each other both insert; the unique (author, key) constraint
    fails one, which rolls back and gets the winner's post.
    """
    key = (key or "")[:SUBMISSION_KEY_LENGTH] or None
    earlier = _submitted(author, key)
    if earlier is not None:
        return earlier, False
    if in_unit_of_work():  # composed into a larger change: that one decides
        return create(), True
    try:
        with unit_of_work():
            post = create()
    except (IntegrityError, RateLimited):
        # The same form sent twice at once: the other submission committed first, and
        # this one failed on the unique key, or on the check that refuses a repeat post.
        earlier = _submitted(author, key)
        if earlier is None:
            raise
        return earlier, False
    return post, True


RETIRED_SPECIALTY = "That specialty is retired: it takes no new threads."
RETIRED_TOPIC = "{name} is retired: it takes no new threads."


def choose_topics(topic_ids: list[int], current: set[int] = frozenset()) -> list[ResearchTopic]:
    """:raises Invalid: not 1–5 topics, an unknown one, or a retired one the thread does
    not already have (`current`)."""
    wanted = set(topic_ids)
    if not 1 <= len(wanted) <= 5:
        raise Invalid("topics", "Choose between one and five research topics.")
    topics = list(db.session.scalars(select(ResearchTopic).where(ResearchTopic.id.in_(wanted))))
    if len(topics) != len(wanted):
        raise Invalid("topics", "Choose research topics from the list.")
    for topic in topics:
        if topic.is_retired and topic.id not in current:
            raise Invalid("topics", RETIRED_TOPIC.format(name=topic.name))
    return topics


def choose_specialty(specialty_id: int | None, current: int | None = None) -> Specialty:
    """:raises Invalid: unknown, or retired and not the thread's own (`current`)."""
    specialty = db.session.get(Specialty, specialty_id) if specialty_id else None
    if specialty is None:
        raise Invalid("specialty", "Choose a specialty from the list.")
    if specialty.is_retired and specialty.id != current:
        raise Invalid("specialty", RETIRED_SPECIALTY)
    return specialty


def start_thread(
    author: User,
    *,
    title: str,
    specialty_id: int,
    topic_ids: list[int],
    kind: str,
    body: str,
    submission_key: str | None = None,
    confirmed: Collection[str] = (),
) -> Thread:
    """Open a thread with its first post; the same form submitted again returns that thread.
    `confirmed` names the confirmable posting checks the author confirmed (hooks.py).

    :raises NotAllowed: not signed in or not verified. :raises Invalid: a bad title or an
    unknown specialty, topic or kind. :raises RateLimited: posting too fast.
    """
    require(can_start_thread(author), _posting_refusal(author))
    title = clean_title(title)
    if kind not in THREAD_KINDS:
        raise Invalid("kind", "Choose question or discussion.")
    specialty = choose_specialty(specialty_id)
    topics = choose_topics(topic_ids)

    def create() -> Post:
        _check_post_rate(author)
        checks = hooks.check_post(
            author, body=body, title=title, thread=None, post=None, confirmed=confirmed
        )
        thread = Thread(
            title=title, kind=kind, specialty_id=specialty.id, author_id=author.id, topics=topics
        )
        db.session.add(thread)
        db.session.flush()
        count_thread(thread.specialty_id, [t.id for t in topics], +1)
        post = _add_post(thread.id, author, body, is_reply=False, submission_key=submission_key)
        thread.first_post_id = post.id
        events.post_added.send(None, post=post, thread=thread, is_reply=False, checks=checks)
        return post

    post, _created = _once(author, submission_key, create)
    return db.session.get(Thread, post.thread_id)


def start_private_thread(
    author: User, space: Space, *, title: str, specialty_id: int, body: str
) -> Thread:
    """Open a discussion in the private space `space` (a mentorship's conversation),
    with `author`'s first post. Flushes, never commits: the caller's unit of work does.

    The thread counts on no public page (specialty and topic counters stay as they
    are), and forum/visibility.py shows it to the space's members only.

    :raises NotAllowed: `author` may not post, or is not a member of the space.
    :raises Invalid: a bad title or specialty.
    """
    require(can_start_thread(author), _posting_refusal(author))
    require(author.id in space.member_ids, "Only the space's members write in it.")
    title = clean_title(title)
    specialty = choose_specialty(specialty_id)
    thread = Thread(
        title=title,
        kind="discussion",
        specialty_id=specialty.id,
        author_id=author.id,
        topics=[],
        space_id=space.id,
    )
    db.session.add(thread)
    db.session.flush()
    set_committed_value(thread, "space", space)
    post = _add_post(thread.id, author, body, is_reply=False)
    thread.first_post_id = post.id
    events.post_added.send(None, post=post, thread=thread, is_reply=False, checks={})
    return thread


def count_thread(specialty_id: int, topic_ids: list[int], step: int) -> None:
    """Add `step` to the thread counters of a specialty and of research topics, in SQL."""
    db.session.execute(
        update(Specialty)
        .where(Specialty.id == specialty_id)
        .values(thread_count=Specialty.thread_count + step),
        execution_options={"synchronize_session": False},
    )
    if topic_ids:
        db.session.execute(
            update(ResearchTopic)
            .where(ResearchTopic.id.in_(topic_ids))
            .values(thread_count=ResearchTopic.thread_count + step),
            execution_options={"synchronize_session": False},
        )


def reply_to_thread(
    author: User,
    thread: Thread,
    body: str,
    *,
    submission_key: str | None = None,
    confirmed: Collection[str] = (),
) -> Post:
    """Add a reply; the same form submitted again returns the first reply it made.

    :raises NotFound: the author may not see the thread. :raises NotAllowed: locked,
    not signed in or not verified. :raises RateLimited: posting too fast.
    """
    visibility.require_thread(author, _with_space(thread))
    if not can_reply(author, thread):
        earlier = _submitted(author, submission_key) if signed_in(author) else None
        if earlier is not None:  # posted just before the thread was locked
            return earlier
        raise NotAllowed(reply_refusal(author, thread))

    def create() -> Post:
        _check_post_rate(author)
        checks = hooks.check_post(
            author, body=body, title=None, thread=thread, post=None, confirmed=confirmed
        )
        post = _add_post(thread.id, author, body, is_reply=True, submission_key=submission_key)
        events.post_added.send(None, post=post, thread=thread, is_reply=True, checks=checks)
        return post

    post, _created = _once(author, submission_key, create)
    return post


def reply_refusal(author: User | None, thread: Thread) -> str:
    """Why `author` may not reply to `thread` (for the page and the service alike)."""
    if not can_post(author):
        return _posting_refusal(author)
    if thread.is_deleted:
        return "This thread was deleted: it takes no replies."
    return LOCKED_MESSAGE


def clean_title(title: str) -> str:
    """:raises Invalid: when the title (spaces collapsed) is not 10–200 characters."""
    title = " ".join(title.split())
    if not 10 <= len(title) <= 200:
        raise Invalid("title", "Titles are 10–200 characters.")
    return title


@transactional
def edit_post(
    editor: User,
    post: Post,
    body: str,
    *,
    title: str | None = None,
    specialty_id: int | None = None,
    topic_ids: list[int] | None = None,
    confirmed: Collection[str] = (),
) -> Post:
    """Replace a post's body, keeping the previous version in its history. For the opening
    post, `title`, `specialty_id` and `topic_ids` (when given) also change the thread.

    :raises NotFound: the editor may not see the post. :raises NotAllowed: not the author
    (or a moderator), or the post is deleted or locked. :raises Invalid: a title of the
    wrong length, an unknown specialty or topic, or thread fields for a reply.
    """
    visibility.require_post(editor, _loaded(post))
    require(can_edit_post(editor, post), "You can only edit your own posts in open threads.")
    thread = post.thread
    old_title = thread.title
    if title is not None or specialty_id is not None or topic_ids is not None:
        if not post.is_opening:
            raise Invalid("title", "Only the opening post carries the thread's title and topics.")
        require(can_edit_thread(editor, thread), "You can only change your own open threads.")
        if title is not None:
            title = clean_title(title)
            if title != thread.title:
                thread.title = title  # the search change log picks the rename up
        if specialty_id is not None or topic_ids is not None:
            retag(thread, specialty_id, topic_ids)
    renamed = thread.title != old_title
    if body == post.body_md and not renamed:
        return post
    checks = hooks.check_post(
        editor,
        body=body,
        title=thread.title if renamed else None,
        thread=thread,
        post=post,
        confirmed=confirmed,
    )
    db.session.add(
        PostRevision(
            post_id=post.id,
            number=post.edit_count + 1,
            body_md=post.body_md,
            body_html=post.body_html,
            title=old_title if post.is_opening else None,
            created_at=post.edited_at or post.created_at,
            editor_id=post.edited_by_id or post.author_id,
        )
    )
    previous_body = post.body_md
    if body != post.body_md:
        post.body_md = body
        post.body_html, post.body_text = _rendered(body)
    post.edited_at = utcnow()
    post.edited_by_id = editor.id
    post.edit_count = Post.edit_count + 1
    events.post_edited.send(
        None, post=post, editor=editor, previous_body=previous_body, checks=checks
    )
    return post


def live_post_count(thread_id: int):
    """The number of readable posts of a thread (those its specialty counts), as SQL."""
    return (
        select(func.count())
        .select_from(Post)
        .where(Post.thread_id == thread_id, visibility.readable_posts())
        .scalar_subquery()
    )


def retag(thread: Thread, specialty_id: int | None, topic_ids: list[int] | None) -> None:
    """Move `thread` to another specialty and/or research topics, moving the counters.

    A domain step (edit_post, and the moderators' move and retag) that only flushes. A
    deleted thread is in no counter, so moving it moves none.

    :raises Invalid: an unknown or retired specialty or topic, or not 1–5 topics.
    """
    counted = not thread.is_deleted
    current = {t.id for t in _loaded_topics(thread)}
    if topic_ids is not None:
        topics = choose_topics(topic_ids, current)
        wanted = {t.id for t in topics}
        if wanted != current:
            thread.topics = topics
            if counted:
                _count_thread_topics(sorted(current - wanted), -1)
                _count_thread_topics(sorted(wanted - current), +1)
    if specialty_id is not None and specialty_id != thread.specialty_id:
        new = choose_specialty(specialty_id)
        live = db.session.scalar(select(live_post_count(thread.id))) if counted else 0
        for target, step in ((thread.specialty_id, -1), (new.id, +1)) if counted else ():
            db.session.execute(
                update(Specialty)
                .where(Specialty.id == target)
                .values(
                    thread_count=Specialty.thread_count + step,
                    post_count=Specialty.post_count + step * live,
                ),
                execution_options={"synchronize_session": False},
            )
        thread.specialty_id = new.id


def with_topics(thread: Thread) -> Thread:
    """`thread` with its research topics loaded (once, if the caller did not)."""
    if "topics" not in thread.__dict__:
        set_committed_value(
            thread,
            "topics",
            list(
                db.session.scalars(
                    select(ResearchTopic)
                    .join(thread_topics, thread_topics.c.topic_id == ResearchTopic.id)
                    .where(thread_topics.c.thread_id == thread.id)
                    .order_by(ResearchTopic.name)
                )
            ),
        )
    return thread


def _loaded_topics(thread: Thread) -> list[ResearchTopic]:
    return with_topics(thread).topics


def _count_thread_topics(topic_ids: list[int], step: int) -> None:
    if topic_ids:
        db.session.execute(
            update(ResearchTopic)
            .where(ResearchTopic.id.in_(topic_ids))
            .values(thread_count=ResearchTopic.thread_count + step),
            execution_options={"synchronize_session": False},
        )


OPENING_POST_STAYS = "This thread has replies, so its opening post stays: you can still edit it."


def edit_refusal(editor: User | None) -> str:
    """Why `editor` may not edit a post they can see (for the edit page)."""
    if signed_in(editor) and editor.is_suspended:
        return suspension_refusal(editor, "edit posts")
    return "You can only edit your own posts."


def deletion_refusal(actor: User | None, post: Post) -> str:
    """Why `actor` may not delete `post` (for the page and the service alike)."""
    if signed_in(actor) and actor.is_suspended:
        return suspension_refusal(actor, "delete posts")
    if post.is_opening and can_edit_post(actor, post):
        return OPENING_POST_STAYS
    return "You can only delete your own posts in open threads."


@transactional
def delete_post(actor: User, post: Post) -> Post:
    """Soft-delete: the post stays in place as a placeholder and leaves the counters.
    Deleting the opening post deletes the thread (its author may do so only while it
    has no replies).

    :raises NotFound: the actor may not see it. :raises NotAllowed: not the author (or a
    moderator), already deleted, or an opening post that has replies.
    """
    visibility.require_post(actor, _loaded(post))
    require(can_delete_post(actor, post), deletion_refusal(actor, post))
    thread = post.thread
    # What leaves the specialty's post count: a hidden post already left it; deleting the
    # opening post deletes the thread, whose readable posts all leave it (a moderator may
    # do so with replies, and restoring the thread brings them all back).
    if post.is_opening:
        leaving = db.session.scalar(select(live_post_count(thread.id)))
    else:
        leaving = 0 if post.is_hidden else 1
    now = utcnow()
    post.deleted_at = now
    post.deleted_by_id = actor.id
    if post.is_opening:
        thread.deleted_at = now
        thread.deleted_by_id = actor.id
        count_thread(thread.specialty_id, [t.id for t in _loaded_topics(thread)], -1)
    elif leaving:
        db.session.execute(
            update(Thread).where(Thread.id == thread.id).values(reply_count=Thread.reply_count - 1),
            execution_options={"synchronize_session": False},
        )
    if leaving:
        db.session.execute(
            update(Specialty)
            .where(Specialty.id == thread.specialty_id)
            .values(post_count=Specialty.post_count - leaving),
            execution_options={"synchronize_session": False},
        )
    events.post_removed.send(None, post=post, actor=actor, reason=None)
    return post


@transactional
def set_thread_state(
    actor: User, thread: Thread, *, pinned: bool | None = None, locked: bool | None = None
) -> Thread:
    """Pin/unpin or lock/unlock a thread.

    :raises NotFound: the actor may not see it. :raises NotAllowed: not its moderator.
    """
    visibility.require_thread(actor, _with_space(thread))
    require(can_set_thread_state(actor, thread), "Only moderators can pin or lock threads.")
    changes = {}
    if pinned is not None and pinned != thread.is_pinned:
        thread.is_pinned = changes["pinned"] = pinned
    if locked is not None and locked != thread.is_locked:
        thread.is_locked = changes["locked"] = locked
    if changes:
        events.thread_state_changed.send(None, thread=thread, actor=actor, changes=changes)
    return thread


def move_posts(posts: list[Post], target: Thread) -> None:
    """Move `posts` into `target` (a merge or a split), keeping every post's date order.

    A domain step for the moderation service, which checks permissions and commits:
    this only flushes. Posts are ordered by date, so nothing is renumbered; each
    moved post changes its thread_id (which the search change log re-indexes) and
    both threads' counters are recounted in SQL.
    """
    sources = {post.thread_id for post in posts} - {target.id}
    for post in posts:
        post.thread_id = target.id
    db.session.flush()
    for thread_id in sorted(sources | {target.id}):
        recount_thread(thread_id)
    events.posts_moved.send(None, posts=posts, target=target, sources=sources)


def recount_thread(thread_id: int) -> None:
    """Recompute a thread's counters and opening post from its posts, in one UPDATE."""
    in_thread = Post.thread_id == thread_id
    first = select(Post.id).where(in_thread).order_by(Post.created_at, Post.id).limit(1)
    first = first.scalar_subquery()
    last = select(Post.created_at, Post.author_id).where(in_thread)
    last = last.order_by(Post.created_at.desc(), Post.id.desc()).limit(1).subquery()
    # Replies the listings count: deleted and hidden ones are not.
    live_replies = and_(in_thread, visibility.readable_posts(), Post.id != first)
    db.session.execute(
        update(Thread)
        .where(Thread.id == thread_id)
        .values(
            first_post_id=first,
            post_count=select(func.count()).where(in_thread).scalar_subquery(),
            reply_count=select(func.count()).where(live_replies).scalar_subquery(),
            last_post_at=func.coalesce(
                select(last.c.created_at).scalar_subquery(), Thread.created_at
            ),
            last_poster_id=select(last.c.author_id).scalar_subquery(),
        ),
        execution_options={"synchronize_session": False},
    )
    loaded = db.session.identity_map.get(db.session.identity_key(Thread, thread_id))
    if loaded is not None:
        db.session.expire(loaded, ["first_post_id", "post_count", "reply_count", "last_post_at"])


def rerender_posts(batch: int = 500) -> int:
    """Render every post's Markdown again with today's forum/content.py (after it changes,
    e.g. nested lists or plain-text spacing); returns how many posts changed.

    One unit of work per batch, so a long run never holds one huge transaction; the
    search change log picks up every post whose plain text changed.
    """
    changed, last = 0, 0
    while True:
        with unit_of_work():
            posts = list(
                db.session.scalars(
                    select(Post).where(Post.id > last).order_by(Post.id).limit(batch)
                )
            )
            for post in posts:
                html, text = _rendered(post.body_md)
                if (html, text) != (post.body_html, post.body_text):
                    post.body_html, post.body_text = html, text
                    changed += 1
        if len(posts) < batch:
            return changed
        last = posts[-1].id


def render_body(body: str) -> tuple[str, str]:
    """A body's stored forms, (HTML, plain text), as posting renders them: for features
    that rewrite a stored body (a moderator's redaction)."""
    return _rendered(body)


def preview(body: str) -> str:
    """Rendered HTML for the preview pane, @mentions linked as they will be (nothing is stored)."""
    return _rendered(body)[0]
