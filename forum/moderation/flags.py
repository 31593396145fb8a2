"""Reports (flags) on posts, and how moderators resolve them.

- A verified, active member flags someone else's live post once
  (permissions.can_flag; the unique (post, flagger) key settles two submits racing),
  with a reason from models.FLAG_REASONS ("other" needs a few words), at most
  FLAG_LIMIT times in FLAG_LIMIT_WINDOW seconds (site-wide staff are exempt).
- Weight: every flagger weighs 1, except one whose reports are repeatedly dismissed:
  with 3 or more dismissed flags making up more than half of their resolved ones they
  weigh 0.5. When the open flags on a post weigh 3 or more (three full-weight
  members, or more members of less weight), the post is hidden until a moderator
  reviews it, and its author is told why (posts.hide sends the notice).
- A "patient privacy concern" is different: the first one hides the post at once,
  before review, whatever its flagger weighs (posts.hide with privacy: its text leaves
  search and unsent mail, its history becomes staff-only), and its author is told to
  edit the identifier out. Its flags lead the moderators' queue (flag_queries.py).
- A moderator of the post's thread (permissions.can_moderate_post) resolves all its
  open flags at once: hide the post, edit it, dismiss the flags (an automatically
  hidden post comes back) or warn its author (warnings.warn_user). Each member who
  flagged it gets a notice saying what became of the report, never quoting the post;
  each resolution writes its audit entries (flag.resolve or flag.dismiss, plus
  post.hide, post.unhide or user.warn for what it did to the post or its author).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from forum import ratelimit, visibility
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, RateLimited
from forum.extensions import db
from forum.moderation import audit, posts, warnings
from forum.moderation.models import FLAG_REASONS, Flag
from forum.notifications.notices import notify
from forum.permissions import can_flag, can_moderate_post, is_staff, require, signed_in
from forum.threads import service as threads
from forum.threads.models import Post
from forum.unit_of_work import transactional, unit_of_work

TEXT_LENGTH = 500
NOTE_LENGTH = 500

FULL_WEIGHT, LOW_WEIGHT = 1.0, 0.5
# A flagger weighs LOW_WEIGHT from this many dismissed flags, when they are also more
# than half of their resolved ones.
LOW_WEIGHT_DISMISSED = 3
AUTO_HIDE_WEIGHT = 3.0

ALREADY_FLAGGED = "You have already flagged this post: the moderators have your report."
ALREADY_RESOLVED = "These flags were already resolved: nothing changed."

# What a flagger is told, by outcome (the post's text is never quoted).
OUTCOMES = {
    "hidden": "A moderator reviewed the post you flagged in “{title}” and hid it.",
    "edited": "A moderator reviewed the post you flagged in “{title}” and edited it.",
    "warned": "A moderator reviewed the post you flagged in “{title}” and warned its author.",
    "dismissed": (
        "A moderator reviewed the post you flagged in “{title}” and decided it can stay."
    ),
}
THANKS = " Thank you for the report."
# What the author of a post hidden over a privacy concern is told (never its text).
PRIVACY_NOTICE = (
    "A member raised a patient privacy concern about your post in “{title}”, so it is "
    "hidden from everyone but you and the moderators until a moderator reviews it. "
    "Please edit it to take out anything that could identify a patient (a name, an "
    "exact date or place, a record or phone number, a photograph); a moderator can "
    "then restore it."
)


class AlreadyFlagged(Conflict):
    """This member has already flagged this post."""


class NothingToResolve(Conflict):
    """The post has no open flags (another moderator resolved them first)."""


def weight(dismissed: int, resolved: int) -> float:
    """A flagger's weight, from their dismissed flags and all their resolved ones."""
    if dismissed >= LOW_WEIGHT_DISMISSED and dismissed * 2 > resolved:
        return LOW_WEIGHT
    return FULL_WEIGHT


def dismissed_count():
    """SUM expression: how many of the grouped flags were dismissed."""
    return func.coalesce(func.sum(case((Flag.status == "dismissed", 1), else_=0)), 0)


def resolved_count():
    """SUM expression: how many of the grouped flags were resolved (any way)."""
    return func.coalesce(func.sum(case((Flag.status != "open", 1), else_=0)), 0)


def flagger_weight(user_id: int) -> float:
    """The weight of `user_id`'s flags today (one query)."""
    dismissed, resolved = db.session.execute(
        select(dismissed_count(), resolved_count()).where(Flag.flagger_id == user_id)
    ).one()
    return weight(dismissed, resolved)


def open_weight(post_id: int) -> float:
    """What the open flags on `post_id` weigh together (one query)."""
    flaggers = select(Flag.flagger_id).where(Flag.post_id == post_id, Flag.status == "open")
    rows = db.session.execute(
        select(dismissed_count(), resolved_count())
        .where(Flag.flagger_id.in_(flaggers.scalar_subquery()))
        .group_by(Flag.flagger_id)
    )
    return sum(weight(dismissed, resolved) for dismissed, resolved in rows)


def flag_refusal(user: User | None, post: Post) -> str:
    """Why `user` may not flag `post` (for the page and the service alike)."""
    if signed_in(user) and post.author_id == user.id:
        return "You cannot flag your own post. You can edit or delete it instead."
    if signed_in(user) and user.is_suspended:
        return "Your account is suspended: you cannot flag posts until it ends."
    if signed_in(user) and user.email_verified_at is None:
        return "Confirm your email address before flagging posts."
    if post.is_deleted or post.is_hidden or post.thread.is_deleted:
        return "This post is no longer shown, so there is nothing to flag."
    return "You cannot flag this post."


def clean_flag(
    reason: str | None, text: str | None, unchosen: str = "Choose why you are flagging this post."
) -> tuple[str, str | None]:
    """A report's reason and words (a flag's, or a private message's report: `unchosen`
    says what is missing). :raises Invalid: an unknown reason, "other" without words, or
    too long a text."""
    if reason not in FLAG_REASONS:
        raise Invalid("reason", unchosen)
    text = (text or "").strip() or None
    if text is not None and len(text) > TEXT_LENGTH:
        raise Invalid("text", f"Keep it under {TEXT_LENGTH} characters.")
    if reason == "other" and text is None:
        raise Invalid("text", "Say what is wrong: the moderators need a few words.")
    return reason, text


def clean_note(note: str | None) -> str | None:
    """A moderator's optional note to the flaggers. :raises Invalid: too long."""
    note = " ".join((note or "").split()) or None
    if note is not None and len(note) > NOTE_LENGTH:
        raise Invalid("note", f"Keep the note under {NOTE_LENGTH} characters.")
    return note


def _check_rate(flagger: User) -> None:
    """:raises RateLimited: `flagger` flagged FLAG_LIMIT posts in the window (staff exempt).

    Counted from the flags themselves, like posting from the posts: no extra rows."""
    if is_staff(flagger):
        return
    limit = current_app.config["FLAG_LIMIT"]
    window = current_app.config["FLAG_LIMIT_WINDOW"]
    recent, oldest = db.session.execute(
        select(func.count(), func.min(Flag.created_at)).where(
            Flag.flagger_id == flagger.id, Flag.created_at > utcnow() - timedelta(seconds=window)
        )
    ).one()
    if recent >= limit:
        wait = ratelimit.retry_after(oldest, window)
        minutes = max(1, round(wait / 60))
        span = _span(window)
        raise RateLimited(
            f"You can flag {_plural(limit, 'post')} every {span}, and you have reached that. "
            f"Try again in about {_plural(minutes, 'minute')}.",
            retry_after=wait,
        )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _span(seconds: int) -> str:
    """A window in words: whole hours as hours, else minutes (at least one)."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return _plural(seconds // 3600, "hour")
    return _plural(max(1, round(seconds / 60)), "minute")


def _existing(flagger: User, post_id: int) -> Flag | None:
    return db.session.scalar(
        select(Flag).where(Flag.post_id == post_id, Flag.flagger_id == flagger.id)
    )


def _lock_post(post_id: int):
    """The post's hidden and deleted columns as committed now, its row locked until this
    transaction ends: flaggers of one post take turns here, so the flag that brings the
    weight to three sees every earlier one and the post is hidden exactly once.

    On PostgreSQL the lock is FOR NO KEY UPDATE: each flag's INSERT already holds a KEY
    SHARE lock on the post (its foreign key), which FOR UPDATE would wait for, so two
    flaggers would deadlock. On SQLite the transaction holds the one write lock since
    the INSERT, and this read, inside it, sees every commit before it."""
    return db.session.execute(
        select(Post.hidden_at, Post.deleted_at)
        .where(Post.id == post_id)
        .with_for_update(key_share=True)
    ).one()


def flag_post(flagger: User, post: Post, reason: str, text: str | None = None) -> Flag:
    """Report `post` (loaded through threads.service.get_post) to its moderators, and
    hide it when the open flags on it now weigh AUTO_HIDE_WEIGHT, or at once for a
    patient privacy concern.

    :raises NotFound: the flagger may not see it. :raises NotAllowed: not a verified
    active member, their own post, or one not shown. :raises Invalid: a bad reason or
    text. :raises AlreadyFlagged: they flagged it before. :raises RateLimited: too many.
    """
    visibility.require_post(flagger, post)
    require(can_flag(flagger, post), flag_refusal(flagger, post))
    reason, text = clean_flag(reason, text)
    try:
        with unit_of_work():
            _check_rate(flagger)
            if _existing(flagger, post.id) is not None:
                raise AlreadyFlagged(ALREADY_FLAGGED)
            flag = Flag(post_id=post.id, flagger_id=flagger.id, reason=reason, text=text)
            db.session.add(flag)
            # Two submits that both passed the look-up: the unique key fails the second
            # here, and the whole unit of work rolls back.
            db.session.flush()
            hidden_at, deleted_at = _lock_post(post.id)
            if hidden_at is None and deleted_at is None:
                if reason == "privacy":
                    _hide_for_privacy(post)
                elif open_weight(post.id) >= AUTO_HIDE_WEIGHT:
                    posts.hide(post, None, posts.AUTO_HIDE_REASON, action="post.auto_hide")
    except IntegrityError:
        if _existing(flagger, post.id) is None:  # not the race this key settles
            raise
        raise AlreadyFlagged(ALREADY_FLAGGED) from None
    return flag


def _hide_for_privacy(post: Post) -> None:
    """Hide `post` over a privacy concern (by the system: no moderator has looked yet)."""
    posts.hide(
        post,
        None,
        posts.PRIVACY_HIDE_REASON,
        action="post.privacy_hide",
        privacy=True,
        notice=PRIVACY_NOTICE.format(title=post.thread.title),
    )


# ---- resolving ------------------------------------------------------------------------


def is_auto_hidden(post) -> bool:
    """Hidden by the flags themselves (by nobody), not by a moderator."""
    return post.hidden_at is not None and post.hidden_by_id is None


def _check_moderator(actor: User, post: Post) -> None:
    """:raises NotFound: the actor may not see the post. :raises NotAllowed: not its
    thread's moderator."""
    visibility.require_post(actor, post)
    require(can_moderate_post(actor, post), "Only this thread's moderators can resolve its flags.")


def _claim(actor: User, post: Post, status: str, note: str | None) -> list:
    """Resolve every open flag of `post` as `status`, in one UPDATE that only open flags
    pass: two moderators resolving at once take turns on the rows (PostgreSQL) or the
    write lock (SQLite), and the second finds none left. Returns (flagger_id, reason)
    of each.

    :raises NothingToResolve: no open flags (resolved meanwhile).
    """
    claimed = db.session.execute(
        update(Flag)
        .where(Flag.post_id == post.id, Flag.status == "open")
        .values(status=status, resolved_at=utcnow(), resolved_by_id=actor.id, outcome_note=note)
        .returning(Flag.flagger_id, Flag.reason),
        execution_options={"synchronize_session": False},
    ).all()
    if not claimed:
        raise NothingToResolve(ALREADY_RESOLVED)
    return claimed


def _privacy(claimed: list) -> bool:
    """Whether one of the claimed flags raised a patient privacy concern."""
    return any(reason == "privacy" for _flagger_id, reason in claimed)


def _close(actor: User, post: Post, claimed: list, status: str, note: str | None) -> None:
    """Write the resolution's audit entry and tell each flagger the outcome."""
    title = post.thread.title
    audit.record(
        actor,
        "flag.dismiss" if status == "dismissed" else "flag.resolve",
        "post",
        post.id,
        title,
        reason=note,
        before={"status": "open"},
        after={
            "status": status,
            "flags": len(claimed),
            "reasons": dict(sorted(Counter(reason for _id, reason in claimed).items())),
        },
    )
    message = OUTCOMES[status].format(title=title) + THANKS
    if note:
        message += f" The moderator added: {note}"
    for flagger_id in sorted({flagger_id for flagger_id, _reason in claimed}):
        notify(flagger_id, message, link=f"/posts/{post.id}/flag", actor_id=actor.id)


def _hide(actor: User, post: Post, reason: str, privacy: bool = False) -> None:
    """Hide `post` with `reason` (over a privacy concern when `privacy`: a post flagged
    for one before the first such flag hid posts); one already hidden (by the flags)
    takes the moderator's reason instead of the automatic one, and its author is told it."""
    if not post.is_hidden:
        posts.hide(post, actor, reason, privacy=privacy)
        return
    before = {"hidden_reason": post.hidden_reason}
    post.hidden_by_id = actor.id
    post.hidden_reason = reason
    audit.record(
        actor,
        "post.hide",
        "post",
        post.id,
        post.thread.title,
        reason=reason,
        before=before,
        after={"hidden_reason": reason},
    )
    notify(
        post.author_id,
        f"A moderator reviewed your post in “{post.thread.title}”: it stays hidden. "
        f"Reason: {reason}",
        link=f"/posts/{post.id}",
        actor_id=actor.id,
    )


def _restore(actor: User, post: Post, why: str) -> None:
    """Bring back a post the flags hid, and tell its author."""
    if not is_auto_hidden(post):
        return
    posts.unhide_post(
        actor,
        post,
        why,
        notice=f"A moderator reviewed your post in “{post.thread.title}”: it is shown again.",
    )


@transactional
def hide_flagged_post(actor: User, post: Post, reason: str, note: str | None = None) -> Post:
    """Agree with the flags: hide the post with a reason (its author sees it).

    :raises NotFound: the actor may not see the post. :raises NotAllowed: not its
    thread's moderator. :raises Invalid: no reason, or too long a note.
    :raises NothingToResolve: no open flags (another moderator resolved them).
    """
    _check_moderator(actor, post)
    reason, note = posts.clean_reason(reason), clean_note(note)
    claimed = _claim(actor, post, "hidden", note)
    _hide(actor, post, reason, _privacy(claimed))
    _close(actor, post, claimed, "hidden", note)
    return post


@transactional
def dismiss_flags(actor: User, post: Post, note: str | None = None) -> Post:
    """Disagree with the flags: the post stays (or comes back, if the flags hid it), and
    the flaggers' dismissed flags count against their weight.

    :raises: as hide_flagged_post.
    """
    _check_moderator(actor, post)
    note = clean_note(note)
    claimed = _claim(actor, post, "dismissed", note)
    _restore(actor, post, "Flags dismissed")
    _close(actor, post, claimed, "dismissed", note)
    return post


@transactional
def edit_flagged_post(actor: User, post: Post, body: str, note: str | None = None) -> Post:
    """Fix the post instead: save `body` through threads.service.edit_post (its history
    keeps the old version), show it again if the flags hid it, and tell its author.

    :raises Invalid: or RateLimited, from the posting checks. And as hide_flagged_post.
    """
    _check_moderator(actor, post)
    note = clean_note(note)
    claimed = _claim(actor, post, "edited", note)
    threads.edit_post(actor, post, body)
    if post.author_id != actor.id:
        notify(
            post.author_id,
            f"A moderator edited your post in “{post.thread.title}” after members flagged it. "
            "Its history shows what changed.",
            link=f"/posts/{post.id}",
            actor_id=actor.id,
        )
    _restore(actor, post, "Edited after flags")
    _close(actor, post, claimed, "edited", note)
    return post


@transactional
def warn_flagged_author(
    actor: User,
    post: Post,
    message: str,
    *,
    hide_reason: str | None = None,
    note: str | None = None,
) -> Post:
    """Warn the post's author (warnings.warn_user) and, with `hide_reason`, hide the post
    too; without it a post the flags hid is shown again.

    :raises NotAllowed: the actor does not outrank the author. :raises Invalid: no
    message, or a bad reason or note. And as hide_flagged_post.
    """
    _check_moderator(actor, post)
    note = clean_note(note)
    reason = posts.clean_reason(hide_reason) if hide_reason is not None else None
    author = db.session.get(User, post.author_id)
    claimed = _claim(actor, post, "warned", note)
    warnings.warn_user(actor, author, message, post=post)
    if reason is not None:
        _hide(actor, post, reason, _privacy(claimed))
    else:
        _restore(actor, post, "Author warned instead")
    _close(actor, post, claimed, "warned", note)
    return post
