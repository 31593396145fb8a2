"""Demo mentorships in each state, so `make run` shows the whole feature.

Run by seed-demo after the mentor profiles (profiles_demo) and before the people
(a suspended member may no longer post). The rows are written as the services would
leave them, with the private conversations posted through the threads service, then
dated into the past. Everyone in them is invented.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select, update

from forum.auth.models import User
from forum.content import render_markdown
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship.models import (
    CheckIn,
    Compact,
    MenteeGoals,
    MentoringSession,
    Mentorship,
    MentorshipGoal,
)
from forum.spaces.models import Space, SpaceMember
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from forum.unit_of_work import unit_of_work

# (mentee, their goals: text, specialty slugs, topic slugs, modes, languages, zone)
GOALS = {
    "lena_hoffmann": (
        "Final-year student aiming for cardiology. I want to take part in an AI-ECG "
        "validation study and learn how such studies are designed and reported.",
        ["cardiology"],
        ["ai-diagnostics", "trial-design"],
        "video forum",
        "en de",
        "Europe/Berlin",
    ),
    "priya_iyer": (
        "Oncology registrar moving into translational research: liquid biopsy, and how "
        "to write my first grant application.",
        ["oncology"],
        ["liquid-biopsy", "genomics-precision-medicine"],
        "video",
        "en",
        "Asia/Kolkata",
    ),
    "tariq_aziz": (
        "Cardiologist setting up a remote monitoring service for heart failure patients.",
        ["cardiology"],
        ["wearables-remote-monitoring", "telehealth"],
        "video in_person",
        "en ar",
        "Asia/Dubai",
    ),
    "grace_kim": (
        "Psychiatry trainee interested in digital therapeutics trials.",
        ["psychiatry"],
        ["digital-therapeutics", "trial-design"],
        "forum video",
        "en ko",
        "Asia/Seoul",
    ),
}


MENTORS = ("rohan_patel", "mei_chen", "eszter_varga")


def seed_demo(now: datetime | None = None) -> dict[str, int]:
    """Goals for four members and four mentorships: requested, agreeing, active (with
    check-ins and sessions) and ended (with a thank-you shown). Returns the counts."""
    now = now or utcnow()
    users = {
        u.username: u
        for u in db.session.scalars(select(User).where(User.username.in_([*GOALS, *MENTORS])))
    }
    if len(users) < len(GOALS) + len(MENTORS) or db.session.scalar(select(Mentorship.id).limit(1)):
        return {"goals": 0, "mentorships": 0}
    config = current_app.config
    # A few messages within a second from the same people: lift the posting limits, as
    # the demo's threads do (forum/demo/cli.py), for this seed only.
    lifted = {"POST_LIMIT": 1_000_000, "NEW_ACCOUNT_HOURS": 0, "DUPLICATE_POST_MINUTES": 0}
    saved = {name: config[name] for name in lifted}
    config.update(lifted)
    try:
        with unit_of_work():  # all of it or nothing
            for username, goals in GOALS.items():
                _set_goals(users[username], *goals)
            rohan, mei, eszter = users["rohan_patel"], users["mei_chen"], users["eszter_varga"]
            made = [
                _requested(mei, users["priya_iyer"], now),
                _agreeing(eszter, users["grace_kim"], now),
                _active(rohan, users["lena_hoffmann"], now),
                _ended(rohan, users["tariq_aziz"], now),
            ]
    finally:
        config.update(saved)
    return {"goals": len(GOALS), "mentorships": len(made)}


def _set_goals(user, text, specialty_slugs, topic_slugs, modes, languages, zone) -> None:
    goals = MenteeGoals(
        user_id=user.id,
        text=text,
        modes_text=modes,
        languages_text=languages,
        time_zone=zone,
        specialties=list(
            db.session.scalars(select(Specialty).where(Specialty.slug.in_(specialty_slugs)))
        ),
        topics=list(
            db.session.scalars(select(ResearchTopic).where(ResearchTopic.slug.in_(topic_slugs)))
        ),
    )
    db.session.add(goals)


def _mentorship(mentor, mentee, status, requested_at, message) -> Mentorship:
    mentorship = Mentorship(
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        status=status,
        request_message=message,
        requested_at=requested_at,
    )
    db.session.add(mentorship)
    db.session.flush()
    return mentorship


def _compact(mentorship, goals, frequency, accepted_at, review_on, updated_by) -> Compact:
    compact = Compact(
        mentorship_id=mentorship.id,
        goals=goals,
        meeting_frequency=frequency,
        modes_text="video",
        mentee_commitments=(
            "Send an agenda two days before each call; share drafts early, even rough ones."
        ),
        mentor_commitments=(
            "Read drafts within a week; introduce you to the study team; be honest about "
            "what is and is not realistic."
        ),
        review_on=review_on,
        mentor_accepted_at=accepted_at,
        mentee_accepted_at=accepted_at,
        updated_at=mentorship.requested_at + timedelta(days=1),
        updated_by_id=updated_by.id,
    )
    db.session.add(compact)
    return compact


def _requested(mentor, mentee, now) -> Mentorship:
    return _mentorship(
        mentor,
        mentee,
        "requested",
        now - timedelta(hours=20),
        "Dear Dr Chen, I read your answers on ctDNA assays in the oncology threads. Would you "
        "mentor me for six months on liquid biopsy research and my first grant application?",
    )


def _agreeing(mentor, mentee, now) -> Mentorship:
    mentorship = _mentorship(
        mentor,
        mentee,
        "agreeing",
        now - timedelta(days=3),
        "I am planning a small trial of an app-based CBT programme and would value guidance "
        "on outcome measures and ethics review.",
    )
    mentorship.responded_at = now - timedelta(days=2)
    mentorship.response_message = "Happy to. Let us agree how we will work first."
    compact = _compact(
        mentorship,
        "Choose validated outcome measures\nDraft the ethics application",
        "fortnightly",
        None,
        (now + timedelta(days=120)).date(),
        mentor,
    )
    compact.mentor_accepted_at = now - timedelta(days=2)  # the mentee has still to accept
    return mentorship


def _open_space(mentorship, mentor, mentee, specialty_slug: str, title: str) -> Thread:
    space = Space(name=f"Mentorship of {mentee.display_name} by {mentor.display_name}")
    space.members = [SpaceMember(user_id=mentor.id), SpaceMember(user_id=mentee.id)]
    db.session.add(space)
    db.session.flush()
    specialty_id = db.session.scalar(select(Specialty.id).where(Specialty.slug == specialty_slug))
    thread = threads.start_private_thread(
        mentee, space, title=title, specialty_id=specialty_id, body=mentorship.request_message
    )
    mentorship.space_id, mentorship.thread_id = space.id, thread.id
    return thread


def _goals(mentorship, compact, statuses) -> list[MentorshipGoal]:
    goals = []
    for position, (line, status) in enumerate(
        zip(compact.goals.splitlines(), statuses, strict=True)
    ):
        goal = MentorshipGoal(
            mentorship_id=mentorship.id, title=line, position=position, status=status
        )
        db.session.add(goal)
        goals.append(goal)
    db.session.flush()
    return goals


def _active(mentor, mentee, now) -> Mentorship:
    started = now - timedelta(days=24)
    mentorship = _mentorship(
        mentor,
        mentee,
        "active",
        started - timedelta(days=3),
        "Dr Patel, your thread on validating an AI-ECG model across sites is why I am writing. "
        "Could you mentor me through my first validation study this year?",
    )
    mentorship.responded_at = started - timedelta(days=2)
    mentorship.response_message = "Gladly: we have a site that could use a student's help."
    mentorship.started_at = started
    compact = _compact(
        mentorship,
        "Join the AI-ECG validation as a site investigator\n"
        "Write the statistical analysis plan with the study statistician\n"
        "Present the results at the spring cardiology meeting",
        "fortnightly",
        started,
        (now + timedelta(days=66)).date(),
        mentor,
    )
    mentorship.review_on = compact.review_on
    thread = _open_space(
        mentorship, mentor, mentee, "cardiology", "Mentorship: AI-ECG validation year"
    )
    messages = [
        (mentor, "Welcome aboard. I have shared the protocol; read sections 4 and 6 first."),
        (
            mentee,
            "Done. Question: why is the reference standard a cardiologist panel and "
            "not echocardiography alone?",
        ),
        (mentor, "Good question: bring it to Thursday's call, it is a real trade-off."),
    ]
    for author, body in messages:
        threads.reply_to_thread(author, thread, body)
    goals = _goals(mentorship, compact, ["on_track", "not_started", "not_started"])

    past = _session(mentorship, mentee, now - timedelta(days=10), "Read the protocol together.")
    _session(mentorship, mentor, now + timedelta(days=4), "Go through the analysis plan draft.")
    for when, author, goal, status, note, session in (
        (
            started + timedelta(days=6),
            mentee,
            goals[0],
            "on_track",
            "Site training done; I am on the delegation log.",
            None,
        ),
        (
            now - timedelta(days=9),
            mentor,
            goals[0],
            "on_track",
            "Good first call. Lena will screen ECG reports from next week.",
            past,
        ),
    ):
        db.session.add(
            CheckIn(
                mentorship_id=mentorship.id,
                goal_id=goal.id,
                session_id=session.id if session else None,
                author_id=author.id,
                status=status,
                note_md=note,
                note_html=render_markdown(note),
                created_at=when,
            )
        )
    _backdate_thread(thread, started)
    return mentorship


def _session(mentorship, proposer, starts: datetime, agenda: str) -> MentoringSession:
    # On the half hour, as people book them.
    starts = datetime.combine(starts.date(), time(15, 30), tzinfo=starts.tzinfo)
    session = MentoringSession(
        mentorship_id=mentorship.id,
        proposed_by_id=proposer.id,
        starts_at=starts,
        minutes=45,
        mode="video",
        agenda=agenda,
        status="accepted",
        created_at=starts - timedelta(days=5),
        responded_at=starts - timedelta(days=4),
        reminded_at=starts - timedelta(days=1) if starts < utcnow() else None,
    )
    db.session.add(session)
    db.session.flush()
    return session


def _ended(mentor, mentee, now) -> Mentorship:
    started = now - timedelta(days=50)
    mentorship = _mentorship(
        mentor,
        mentee,
        "ended",
        started - timedelta(days=4),
        "I am launching remote monitoring for heart failure and would like a mentor who has "
        "done it: staffing, alert fatigue, and how to measure whether it works.",
    )
    mentorship.responded_at = started - timedelta(days=3)
    mentorship.response_message = "Yes: we learned most of it the hard way, happy to share."
    mentorship.started_at = started
    compact = _compact(
        mentorship,
        "Agree the alert thresholds and who answers them\nChoose the outcome measures",
        "monthly",
        started,
        (now - timedelta(days=5)).date(),
        mentor,
    )
    mentorship.review_on = compact.review_on
    mentorship.review_reminded_at = now - timedelta(days=6)
    thread = _open_space(
        mentorship, mentor, mentee, "cardiology", "Mentorship: heart failure remote monitoring"
    )
    threads.reply_to_thread(mentor, thread, "Start with who answers an alert at 2 a.m.")
    _goals(mentorship, compact, ["done", "done"])
    mentorship.ended_at = now - timedelta(days=4)
    mentorship.ended_by_id = mentee.id
    mentorship.end_note = "We met both goals: the service is live."
    mentorship.thanks = (
        "Rohan's advice on alert thresholds saved us months. Thank you for your time and "
        "your honesty."
    )
    mentorship.thanked_at = now - timedelta(days=3)
    mentorship.thanks_shown = True
    thread.is_locked = True
    _backdate_thread(thread, started)
    return mentorship


def _backdate_thread(thread: Thread, started: datetime) -> None:
    """Spread the conversation's posts over the days after `started`."""
    db.session.flush()
    ids = db.session.scalars(
        select(Post.id).where(Post.thread_id == thread.id).order_by(Post.id)
    ).all()
    for n, post_id in enumerate(ids):
        db.session.execute(
            update(Post)
            .where(Post.id == post_id)
            .values(created_at=started + timedelta(days=2 * n, hours=9)),
            execution_options={"synchronize_session": False},
        )
    first, last = (started + timedelta(days=2 * n, hours=9) for n in (0, len(ids) - 1))
    db.session.execute(
        update(Thread).where(Thread.id == thread.id).values(created_at=first, last_post_at=last),
        execution_options={"synchronize_session": False},
    )
