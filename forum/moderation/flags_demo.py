"""Demo reports: a few open flags in the review queue (one a patient privacy concern)
and a few already resolved (hidden, dismissed, a warning), with their audit entries
and notices.

Run after forum/demo/cli.py has written and back-dated its threads (`seed-demo` calls
seed_demo()). Everything goes through the services, as members' and moderators'
clicks would. Posts are found by their thread's title and their place among its
replies, so a second run finds every flag made and every resolution done, and adds
nothing. The open flags are dated a few hours back, so the queue reads as waiting.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.auth.service import find_user
from forum.dbtypes import utcnow
from forum.exceptions import DomainError
from forum.extensions import db
from forum.moderation import flags
from forum.moderation.models import Flag
from forum.threads.models import Post, Thread
from forum.threads.service import get_post

# (thread title starts with, reply number (1 = the first reply), [(flagger, reason, text)],
#  hours ago for open flags)
OPEN = [
    (
        "Smartwatch AF alerts",
        5,
        [
            (
                "lena_hoffmann",
                "privacy",
                "Gives the patient's age, home town and the date of the event: together "
                "that could identify her.",
            )
        ],
        30,
    ),
    (
        "First month of an AI triage suggestion",
        2,
        [
            (
                "kwame_asante",
                "misinformation",
                "The sensitivity figure quoted is from a different model and population.",
            ),
            ("maria_lopez", "misinformation", None),
        ],
        20,
    ),
    ("Home BP monitoring flooded our inbox", 4, [("ellen_fraser", "off_topic", None)], 6),
    (
        "Ask me anything: from community pharmacy",
        5,
        [("daniel_mensah", "other", "Links to a course the poster sells; no disclosure.")],
        2,
    ),
]
# (thread title starts with, reply number, [(flagger, reason, text)], moderator, outcome,
#  reason or warning, note to the flaggers)
RESOLVED = [
    (
        "Tele-stroke thrombolysis decisions overnight",
        4,
        [("omar_haddad", "unprofessional", None), ("ravi_shankar", "unprofessional", None)],
        "karin_lindqvist",
        "hidden",
        "Personal remarks about a named colleague. Please keep to the clinical question.",
        "Thanks for flagging this one.",
    ),
    (
        "Validating a vendor haemorrhage detection tool",
        3,
        [("ben_okoro", "off_topic", None)],
        "karin_lindqvist",
        "dismissed",
        None,
        "Local validation is exactly what the thread asks about, so it stays.",
    ),
    (
        "ST5 and still mostly at the bedside on the robot",
        4,
        [
            ("isabel_costa", "unprofessional", "Dismissive of trainees who ask for console time."),
            ("liam_oconnor", "unprofessional", None),
        ],
        "tom_adebayo",
        "warned",
        "Please keep feedback on trainees constructive: several members found this reply "
        "dismissive. Rounds is for colleagues at every stage of training.",
        None,
    ),
]


def _reply(title_start: str, number: int) -> int | None:
    """The id of reply `number` of the demo thread whose title starts with `title_start`."""
    thread_id = db.session.scalar(
        select(Thread.id).where(Thread.title.startswith(title_start)).order_by(Thread.id)
    )
    if thread_id is None:
        return None
    first = db.session.scalar(select(Thread.first_post_id).where(Thread.id == thread_id))
    return db.session.scalar(
        select(Post.id)
        .where(Post.thread_id == thread_id, Post.id != first)
        .order_by(Post.created_at, Post.id)
        .offset(number - 1)
        .limit(1)
    )


def _flag(post_id: int, reports) -> int:
    """Flag the post as each reporter; returns how many flags were added."""
    added = 0
    for username, reason, text in reports:
        user = find_user(username)
        if user is None:
            continue  # demo data changed: leave this one out
        try:
            flags.flag_post(user, get_post(user, post_id), reason, text)
        except DomainError:  # flagged already (a second run), or no longer flaggable
            continue
        added += 1
    return added


def _resolve(post_id: int, username: str, outcome: str, words: str | None, note: str | None):
    moderator = find_user(username)
    if moderator is None:
        return 0
    post = get_post(moderator, post_id)
    try:
        if outcome == "hidden":
            flags.hide_flagged_post(moderator, post, words, note=note)
        elif outcome == "dismissed":
            flags.dismiss_flags(moderator, post, note=note)
        else:
            flags.warn_flagged_author(moderator, post, words, note=note)
    except flags.NothingToResolve:  # resolved on an earlier run
        return 0
    return 1


def seed_demo() -> dict[str, int]:
    """Add the demo flags and resolutions; returns how many flags and resolutions were added."""
    added = {"flags": 0, "resolved": 0}
    now = utcnow()
    for title, number, reports, hours_ago in OPEN:
        post_id = _reply(title, number)
        if post_id is None:
            continue
        made = _flag(post_id, reports)
        added["flags"] += made
        if made:
            for offset, item in enumerate(
                db.session.scalars(select(Flag).where(Flag.post_id == post_id).order_by(Flag.id))
            ):
                item.created_at = now - timedelta(hours=hours_ago, minutes=-17 * offset)
            db.session.commit()
    for title, number, reports, moderator, outcome, words, note in RESOLVED:
        post_id = _reply(title, number)
        if post_id is None:
            continue
        added["flags"] += _flag(post_id, reports)
        added["resolved"] += _resolve(post_id, moderator, outcome, words, note)
    return added
