"""Limits on new accounts, and on posting the same thing twice (forum/threads/hooks.py
post checks, run on every new thread, reply and edit before it is saved).

For NEW_ACCOUNT_HOURS (24) after signing up, a member may put at most
NEW_ACCOUNT_MAX_LINKS links (2) and NEW_ACCOUNT_MAX_MENTIONS @mentions of members (2)
in a post (edits included, or an edit would get round it), and start at most
NEW_ACCOUNT_MAX_THREADS threads (3) and post NEW_ACCOUNT_MAX_REPLIES replies (10).
The limits lift by themselves when the account is old enough: the check compares the
account's age with now. Members an admin gave a role (mentors, moderators of any
scope, admins) are exempt.

For everyone, a new post identical to the author's previous one (the same words,
spacing aside) within DUPLICATE_POST_MINUTES (5) is refused, as Discourse does; an
edit is never refused for it. A resubmitted form never gets here: the threads service
hands back the post it made the first time.

Each refusal is RateLimited: the form shows it beside the post's text with status
429 and Retry-After, the seconds until the limit lifts.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select

from forum import content
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import RateLimited
from forum.extensions import db
from forum.permissions import is_moderator
from forum.threads import hooks
from forum.threads.models import Post, Thread

# A link or an embedded image in rendered HTML: bare addresses are links by then.
# A link or an image; a reference to doi.org or PubMed (a DOI or PMID typed in the text
# becomes one, forum/content.py) is citing evidence, not advertising, and does not count.
_LINK = re.compile(
    r"<(?:a\s[^>]*\bhref=(?![\"']https://(?:doi\.org|pubmed\.ncbi\.nlm\.nih\.gov)/)"
    r"|img\s[^>]*\bsrc=)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def _plural(count: int, word: str, plural_form: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural_form or word + 's'}"


def _wait_text(seconds: int) -> str:
    """ "about 3 hours", "about 20 minutes"."""
    if seconds >= 5400:
        return f"about {_plural(round(seconds / 3600), 'hour')}"
    return f"about {_plural(max(1, round(seconds / 60)), 'minute')}"


def is_exempt(author: User) -> bool:
    """Members an admin vouched for by giving them a role are not new-account limited."""
    return bool(author.roles) or is_moderator(author)


def new_until(author: User):
    """When `author`'s account stops being new, or None if it is not new (or the
    limits are off)."""
    hours = current_app.config["NEW_ACCOUNT_HOURS"]
    if hours <= 0 or is_exempt(author):
        return None
    ends = author.created_at + timedelta(hours=hours)
    return ends if ends > utcnow() else None


def count_links(body: str) -> int:
    """Links and images in the post as it will be shown (bare addresses included), but
    not references to doi.org or PubMed."""
    return len(_LINK.findall(content.render_markdown(body)))


def mentioned_members(body: str) -> int:
    """How many members the post @mentions (names in code and links are not mentions;
    nor are names of nobody). One query, none when the text names nobody."""
    candidates = content.mention_candidates(body)
    if not candidates:
        return 0
    # Link every candidate to find which ones the rendered text really mentions.
    html = content.render_markdown(body, {name: "/" for name in candidates})
    names = content.mentioned_names(html)
    if not names:
        return 0
    return db.session.scalar(
        select(func.count()).select_from(User).where(func.lower(User.username).in_(names))
    )


def check_new_account(author: User, *, body: str, title, thread, post) -> None:
    """The new-account limits (see the module docstring).

    :raises RateLimited: a limit is reached; retry_after is when the account stops being new.
    """
    ends = new_until(author)
    if ends is None:
        return
    config = current_app.config
    wait = max(1, int((ends - utcnow()).total_seconds()) + 1)
    first_day = f"during your first {_plural(config['NEW_ACCOUNT_HOURS'], 'hour')}"
    lifted = f"The limit lifts in {_wait_text(wait)}."
    links, max_links = count_links(body), config["NEW_ACCOUNT_MAX_LINKS"]
    if links > max_links:
        raise RateLimited(
            f"New members can put at most {_plural(max_links, 'link')} in a post {first_day}; "
            f"this one has {links}. Remove some, or post them later. {lifted}",
            wait,
        )
    mentions, max_mentions = mentioned_members(body), config["NEW_ACCOUNT_MAX_MENTIONS"]
    if mentions > max_mentions:
        raise RateLimited(
            f"New members can mention at most {_plural(max_mentions, 'member')} in a post "
            f"{first_day}; this one mentions {mentions}. {lifted}",
            wait,
        )
    if post is not None:  # an edit adds no thread and no reply
        return
    if thread is None:
        started, most = _threads_started(author), config["NEW_ACCOUNT_MAX_THREADS"]
        if started >= most:
            raise RateLimited(
                f"New members can start {_plural(most, 'thread')} {first_day}, and you have. "
                f"Reply in a thread meanwhile. {lifted}",
                wait,
            )
    else:
        replied, most = _replies_posted(author), config["NEW_ACCOUNT_MAX_REPLIES"]
        if replied >= most:
            raise RateLimited(
                f"New members can post {_plural(most, 'reply', 'replies')} {first_day}, "
                f"and you have. {lifted}",
                wait,
            )


def _threads_started(author: User) -> int:
    # Deleted threads count too: deleting one must not make room for another.
    return db.session.scalar(
        select(func.count()).select_from(Thread).where(Thread.author_id == author.id)
    )


def _replies_posted(author: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id == author.id, Post.id != Thread.first_post_id)
    )


def _same_words(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def check_duplicate(author: User, *, body: str, title, thread, post) -> None:
    """Refuse a new post identical to the author's previous one within the window.

    :raises RateLimited: retry_after is when the window after the previous post ends.
    """
    minutes = current_app.config["DUPLICATE_POST_MINUTES"]
    if post is not None or minutes <= 0:
        return
    since = utcnow() - timedelta(minutes=minutes)
    previous = db.session.execute(
        select(Post.body_md, Post.created_at)
        .where(
            Post.author_id == author.id,
            Post.created_at > since,
            # A post its author deleted (to post it elsewhere, say) does not count.
            or_(Post.deleted_at.is_(None), func.coalesce(Post.deleted_by_id, 0) != author.id),
        )
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(1)
    ).first()
    if previous is None or _same_words(previous.body_md) != _same_words(body):
        return
    ends = previous.created_at + timedelta(minutes=minutes)
    wait = max(1, int((ends - utcnow()).total_seconds()) + 1)
    raise RateLimited(
        "You posted exactly this a moment ago. Change it, or wait "
        f"{_wait_text(wait)} to post it again.",
        wait,
    )


def register() -> None:
    """Add both checks to every new thread, reply and edit (idempotent)."""
    hooks.register_post_check("new_accounts", check_new_account)
    hooks.register_post_check("duplicate_posts", check_duplicate)
