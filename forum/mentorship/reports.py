"""Reporting one message of a mentorship's private space, and how staff resolve it.

Either member reports a message of the other side (permissions.can_report_message),
once (the unique (post, reporter) key settles two submits racing), with a reason
from moderation's FLAG_REASONS ("other" needs a few words). The report keeps a copy
of the message as it was (its sanitised HTML and its date), because the moderators
may not open the space: staff (can_review_message_reports) read that one message and
nothing else, and no page of theirs links into the space.

A moderator dismisses the report or records that they acted on it, with an optional
note; the audit log gets "message_report.dismiss" or "message_report.action" on
target "message_report", labelled "report <id>" (never the message's words), and the
reporter is told the outcome, never quoting the message.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotFound
from forum.extensions import db
from forum.mentorship import access
from forum.mentorship.models import Mentorship, MessageReport
from forum.moderation import audit, flags
from forum.notifications.notices import notify
from forum.permissions import can_report_message, can_review_message_reports, require
from forum.threads.models import Post
from forum.unit_of_work import transactional, unit_of_work

NOTE_LENGTH = 500

ALREADY_REPORTED = "You have already reported this message: the moderators have your report."
ALREADY_RESOLVED = "This report was already resolved: nothing changed."
ONLY_STAFF = "Reports of private messages are for site-wide moderators."
OUTCOMES = {
    "dismissed": "A moderator reviewed the message you reported in your mentorship and "
    "decided no action was needed.",
    "actioned": "A moderator reviewed the message you reported in your mentorship and acted on it.",
}
THANKS = " Thank you for the report."


class AlreadyReported(Conflict):
    """This member has already reported this message."""


class NothingToResolve(Conflict):
    """The report is not open (another moderator resolved it first)."""


def message_of(viewer: User, mentorship_id: int, post_id: int) -> tuple[Mentorship, Post]:
    """The mentorship and its message `post_id` (a post of its own thread), for a member.

    :raises NotFound: not a member, or not a post of this mentorship's conversation.
    """
    mentorship = access.get_mentorship(viewer, mentorship_id)
    post = None
    if mentorship.thread_id is not None:
        post = db.session.scalar(
            select(Post).where(Post.id == post_id, Post.thread_id == mentorship.thread_id)
        )
    if post is None:
        raise NotFound("There is no such message in this mentorship.")
    return mentorship, post


def report_of(reporter: User, post_id: int) -> MessageReport | None:
    """`reporter`'s report of `post_id`, if they made one."""
    return db.session.scalar(
        select(MessageReport).where(
            MessageReport.post_id == post_id, MessageReport.reporter_id == reporter.id
        )
    )


def refusal(user: User, mentorship: Mentorship, post: Post) -> str:
    """Why `user` may not report `post` (for the page and the service alike)."""
    if post.author_id == user.id:
        return "You cannot report your own message. You can edit or delete it instead."
    if user.is_suspended:
        return "Your account is suspended: you cannot report messages until it ends."
    if post.is_deleted:
        return "This message was deleted, so there is nothing to report."
    return "You cannot report this message."


def clean_report(reason: str | None, text: str | None) -> tuple[str, str | None]:
    """:raises Invalid: an unknown reason, "other" without words, or too long a text."""
    return flags.clean_flag(reason, text, "Choose why you are reporting this message.")


def report_message(
    reporter: User, mentorship_id: int, post_id: int, reason: str | None, text: str | None = None
) -> MessageReport:
    """Report the other side's message `post_id` to the site's moderators, keeping a copy.

    :raises NotFound: not a member, or not a message of this mentorship.
    :raises NotAllowed: their own message, a deleted one, or a suspended reporter.
    :raises Invalid: a bad reason or text. :raises AlreadyReported: reported before.
    """
    try:
        with unit_of_work():
            mentorship, post = message_of(reporter, mentorship_id, post_id)
            require(
                can_report_message(reporter, mentorship, post), refusal(reporter, mentorship, post)
            )
            reason, text = clean_report(reason, text)
            if report_of(reporter, post.id) is not None:
                raise AlreadyReported(ALREADY_REPORTED)
            report = MessageReport(
                post_id=post.id,
                mentorship_id=mentorship.id,
                reporter_id=reporter.id,
                author_id=post.author_id,
                reason=reason,
                text=text,
                # Sanitised when it was written (forum/content.py); kept as it was now,
                # so an edit after the report cannot change what the moderators read.
                message_html=post.body_html,
                message_created_at=post.created_at,
            )
            db.session.add(report)
            # Two submits that both passed the look-up: the unique key fails the second.
            db.session.flush()
    except IntegrityError:
        if report_of(reporter, post_id) is None:  # not the race this key settles
            raise
        raise AlreadyReported(ALREADY_REPORTED) from None
    return report


# ---- resolving ------------------------------------------------------------------------


def clean_note(note: str | None) -> str | None:
    """A moderator's optional note to the reporter. :raises Invalid: too long."""
    note = " ".join((note or "").split()) or None
    if note is not None and len(note) > NOTE_LENGTH:
        raise Invalid("note", f"Keep the note under {NOTE_LENGTH} characters.")
    return note


def _resolve(actor: User, report_id: int, status: str, note: str | None) -> MessageReport:
    require(can_review_message_reports(actor), ONLY_STAFF)
    report = db.session.get(MessageReport, report_id)
    if report is None:
        raise NotFound("There is no such report.")
    note = clean_note(note)
    # One UPDATE that only an open report passes: two moderators resolving at once take
    # turns on the row, and the second finds it resolved.
    done = db.session.execute(
        update(MessageReport)
        .where(MessageReport.id == report.id, MessageReport.status == "open")
        .values(status=status, resolved_at=utcnow(), resolved_by_id=actor.id, outcome_note=note),
        execution_options={"synchronize_session": False},
    ).rowcount
    if not done:
        raise NothingToResolve(ALREADY_RESOLVED)
    db.session.expire(report)
    audit.record(
        actor,
        "message_report.dismiss" if status == "dismissed" else "message_report.action",
        "message_report",
        report.id,
        f"report {report.id}",
        reason=note,
        before={"status": "open"},
        after={"status": status, "reason": report.reason},
    )
    message = OUTCOMES[status] + THANKS
    if note:
        message += f" The moderator added: {note}"
    notify(
        report.reporter_id,
        message,
        link=f"/mentorships/{report.mentorship_id}/messages/{report.post_id}/report",
        kind="mentorship",
        actor_id=actor.id,
    )
    return report


@transactional
def dismiss_report(actor: User, report_id: int, note: str | None = None) -> MessageReport:
    """No action needed: close the report and tell the reporter.

    :raises NotAllowed: not site-wide staff. :raises NotFound: no such report.
    :raises Invalid: too long a note. :raises NothingToResolve: already resolved.
    """
    return _resolve(actor, report_id, "dismissed", note)


@transactional
def action_report(actor: User, report_id: int, note: str | None = None) -> MessageReport:
    """Record that a moderator acted on the report (a warning, a suspension, done on the
    author's moderation page) and tell the reporter. :raises: as dismiss_report."""
    return _resolve(actor, report_id, "actioned", note)
