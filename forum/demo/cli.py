"""flask --app forum seed-demo: believable demo content for an empty database.

Every demo account has the password "rounds-demo-password" (the command prints it too).
People, institutions and cases are invented; nothing comes from real patients.
"""

from __future__ import annotations

import inspect
import random
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select, update

from forum.answers import demo as answers_demo
from forum.auth import service as auth_service
from forum.auth.models import User
from forum.cases import demo as cases_demo
from forum.credentials import demo as credentials_demo
from forum.dbtypes import utcnow
from forum.demo import data
from forum.evidence import demo as evidence_demo
from forum.extensions import db
from forum.mentorship import demo as mentorship_demo
from forum.mentorship import profiles_demo
from forum.moderation import audit_demo, flags_demo, people_demo
from forum.notifications import demo as notifications_demo
from forum.queue import demo as queue_demo
from forum.taxonomy import demo as taxonomy_demo
from forum.taxonomy import service as taxonomy_service
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads_service
from forum.threads.models import Post, Thread

DEMO_PASSWORD = "rounds-demo-password"
# A fixed seed: every run lays out the same timeline relative to "now".
RANDOM_SEED = 20_240_611
HISTORY_DAYS = 55  # threads start within the last ~8 weeks


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Fill an empty database with demo specialties, topics, users and threads.

    All demo users share the password "rounds-demo-password". A database that
    already has threads is left alone.
    """
    if db.session.scalar(select(func.count(Thread.id))):
        click.echo("The database already has threads: seed-demo left it unchanged.")
        return
    added = seed_demo()
    click.echo(
        f"Added {added['specialties']} specialties, {added['topics']} research topics, "
        f"{added['users']} users and {added['threads']} threads with {added['replies']} replies."
    )
    # What the features add on top: answers first (their events feed the notifications),
    # then the mentors' watches, then the fan-out of everything posted above.
    answers = answers_demo.seed_demo()
    click.echo(f"Accepted {answers['accepted']} answers; {answers['helpful']} helpful marks.")
    watches = queue_demo.seed_demo()
    notified = notifications_demo.seed_demo()
    click.echo(
        f"Set {notified['watches'] + watches} watches; made {notified['notifications']} "
        "notifications."
    )
    # Then the moderators' side: curation, reports and their review, past audit entries,
    # and the people (a scoped moderator, a suspended member) last, since a suspended
    # member may no longer post.
    # Mentorship: the mentors' profiles (and one application waiting), then mentorships in
    # each state, whose private conversations are posted before anyone is suspended.
    # Mentors hold verified credentials (applying to mentor needs one); a few members'
    # wait in the review queue.
    credentials = credentials_demo.seed_demo()
    click.echo(
        f"Added {credentials['verified']} verified credentials and {credentials['pending']} "
        "waiting for review."
    )
    profiles = profiles_demo.seed_demo()
    mentorships = mentorship_demo.seed_demo()
    click.echo(
        f"Gave {profiles['profiles']} mentors their profiles ({profiles['applications']} "
        f"application waiting); started {mentorships['mentorships']} mentorships."
    )
    # Older answers citing trials: one due for review, one reviewed (by a mentor: after profiles).
    evidence = evidence_demo.seed_demo()
    click.echo(f"Added {evidence['threads']} old solved questions, {evidence['reviews']} reviewed.")
    # Case presentations after the mentorships, so the demo's earlier ids stay as they were.
    cases = cases_demo.seed_demo()
    click.echo(f"Presented {cases} de-identified cases.")
    curated = taxonomy_demo.seed_demo()
    flags = flags_demo.seed_demo()
    logged = audit_demo.seed_demo()
    people = people_demo.seed_demo()
    click.echo(
        f"Took {curated} curation actions; filed {flags['flags']} reports "
        f"({flags['resolved']} resolved); logged {logged} past moderation entries."
    )
    click.echo(
        f"Added {people['users']} people (a cardiology moderator, a suspended member) and "
        f"{people['notes']} staff notes."
    )
    click.echo(f'Every demo user\'s password is "{DEMO_PASSWORD}". Try {data.SHOWCASE_LOGINS}.')


def seed_demo(now: datetime | None = None) -> dict[str, int]:
    """Write the demo content through the services, then back-date it over the past weeks.

    Specialties, topics and users that already exist (same slug, name or username) are
    reused rather than duplicated. Returns how many of each were added.
    """
    now = now or utcnow()
    rng = random.Random(RANDOM_SEED)
    specialties, new_specialties = _add_specialties()
    topics, new_topics = _add_topics()
    users, new_users = _add_users(specialties)
    plans = _plan_timeline(rng, now)

    config = current_app.config
    # The posting limits are there to slow down people; the seeder writes a few hundred
    # posts under a few dozen accounts it has just made, within seconds, so lift them (the
    # per-minute limit, new accounts' first-day limits, the repeated-post check) for this
    # command only.
    lifted = {"POST_LIMIT": 1_000_000, "NEW_ACCOUNT_HOURS": 0, "DUPLICATE_POST_MINUTES": 0}
    saved = {name: config[name] for name in lifted}
    config.update(lifted)
    try:
        stamps = _add_threads(plans, users, specialties, topics)
    finally:
        config.update(saved)

    _backdate(stamps, plans, new_users, users, rng, now)
    return {
        "specialties": new_specialties,
        "topics": new_topics,
        "users": len(new_users),
        "threads": len(plans),
        "replies": len(stamps) - len(plans),
    }


def _text(markdown: str) -> str:
    """Bodies are indented triple-quoted strings in the data modules; strip that indentation."""
    return inspect.cleandoc(markdown)


def _add_specialties() -> tuple[dict[str, Specialty], int]:
    existing = taxonomy_service.list_specialties()
    by_slug = {s.slug: s for s in existing}
    by_name = {s.name.lower(): s for s in existing}
    added = 0
    for position, (slug, name, description) in enumerate(data.SPECIALTIES, start=1):
        found = by_slug.get(slug) or by_name.get(name.lower())
        if found is None:
            found = taxonomy_service.add_specialty(slug, name, description, position)
            added += 1
        by_slug[slug] = found
    return by_slug, added


def _add_topics() -> tuple[dict[str, ResearchTopic], int]:
    existing = taxonomy_service.list_topics()
    by_slug = {t.slug: t for t in existing}
    by_name = {t.name.lower(): t for t in existing}
    added = 0
    for slug, name, description in data.TOPICS:
        found = by_slug.get(slug) or by_name.get(name.lower())
        if found is None:
            found = taxonomy_service.add_topic(slug, name, description)
            added += 1
        by_slug[slug] = found
    return by_slug, added


def _add_users(specialties: dict[str, Specialty]) -> tuple[dict[str, User], set[str]]:
    """Create the missing demo users; returns all of them by username, and the new names."""
    users: dict[str, User] = {}
    created: set[str] = set()
    shared_hash = None
    for person in data.USERS:
        username = person["username"]
        user = auth_service.find_user(username)
        if user is None:
            fields = {
                "username": username,
                "email": f"{username.replace('_', '.')}@demo.rounds.invalid",
                "display_name": person["display_name"],
                "profession": person["profession"],
                "specialty_id": specialties[person["specialty"]].id
                if person["specialty"]
                else None,
                "institution": person["institution"],
                "bio": person["bio"],
                "roles": person["roles"],
            }
            if shared_hash is None:
                user = auth_service.register_user(password=DEMO_PASSWORD, **fields)
                shared_hash = user.password_hash
            else:
                # One scrypt hash costs ~0.15 s and every demo account has the same password,
                # so the others reuse the first one's hash (salt included) instead of rehashing.
                user = User(password_hash=shared_hash, **fields)
                db.session.add(user)
            # Demo accounts are ready to post whatever EMAIL_VERIFICATION says.
            user.email_verified_at = user.email_verified_at or utcnow()
            created.add(username)
        users[username] = user
    db.session.commit()
    return users, created


def _plan_timeline(rng: random.Random, now: datetime) -> list[tuple[dict, list[datetime]]]:
    """Give each thread a start and each reply a later time, all in the past; oldest first."""
    plans = []
    latest_allowed = now - timedelta(minutes=3)
    for spec in data.THREADS:
        # Pinned threads are the house notices, posted when the forum opened.
        age_days = rng.uniform(48, HISTORY_DAYS) if spec.get("pinned") else rng.uniform(0.12, 52)
        start = now - timedelta(days=age_days, minutes=rng.uniform(0, 59))
        times = [start]
        for index in range(len(spec["replies"])):
            # The first answer tends to come within hours, later ones spread over days.
            hours = rng.uniform(0.25, 8) if index == 0 else rng.expovariate(1 / 16) + 0.2
            times.append(times[-1] + timedelta(hours=hours))
        if times[-1] > latest_allowed:  # a recent thread: squeeze its replies in before now
            scale = (latest_allowed - start) / (times[-1] - start)
            times = [start + (t - start) * scale for t in times]
        plans.append((spec, times))
    plans.sort(key=lambda plan: plan[1][0])
    return plans


def _add_threads(
    plans: list[tuple[dict, list[datetime]]],
    users: dict[str, User],
    specialties: dict[str, Specialty],
    topics: dict[str, ResearchTopic],
) -> list[tuple[int, datetime]]:
    """Post every thread and reply through the service; returns (post id, intended time)."""
    moderator = users[data.MODERATOR]
    stamps: list[tuple[int, datetime]] = []
    for spec, times in plans:
        thread = threads_service.start_thread(
            users[spec["author"]],
            title=spec["title"],
            specialty_id=specialties[spec["specialty"]].id,
            topic_ids=[topics[slug].id for slug in spec["topics"]],
            kind=spec["kind"],
            body=_text(spec["body"]),
        )
        stamps.append((thread.first_post_id, times[0]))
        for (author, body), when in zip(spec["replies"], times[1:], strict=True):
            post = threads_service.reply_to_thread(users[author], thread, _text(body))
            stamps.append((post.id, when))
        if spec.get("pinned") or spec.get("locked"):
            threads_service.set_thread_state(
                moderator,
                thread,
                pinned=True if spec.get("pinned") else None,
                locked=True if spec.get("locked") else None,
            )
    return stamps


def _backdate(
    stamps: list[tuple[int, datetime]],
    plans: list[tuple[dict, list[datetime]]],
    new_users: set[str],
    users: dict[str, User],
    rng: random.Random,
    now: datetime,
) -> None:
    """Move posts, threads, specialty activity and join dates to their planned times.

    The services stamp everything "now"; the listings only look natural once the
    threads' first/last post times and the specialties' last activity follow the posts.
    """
    db.session.execute(update(Post), [{"id": pid, "created_at": when} for pid, when in stamps])

    thread_ids = select(Post.thread_id).where(Post.id.in_([pid for pid, _ in stamps]))
    first_post = select(func.min(Post.created_at)).where(Post.thread_id == Thread.id)
    last_post = select(func.max(Post.created_at)).where(Post.thread_id == Thread.id)
    db.session.execute(
        update(Thread)
        .where(Thread.id.in_(thread_ids))
        .values(created_at=first_post.scalar_subquery(), last_post_at=last_post.scalar_subquery()),
        execution_options={"synchronize_session": False},
    )
    latest = (
        select(func.max(Post.created_at))
        .join(Thread, Post.thread_id == Thread.id)
        .where(Thread.specialty_id == Specialty.id)
    )
    db.session.execute(
        update(Specialty).values(last_activity_at=latest.scalar_subquery()),
        execution_options={"synchronize_session": False},
    )

    # Everyone joined a little before they first posted; lurkers at some point in the period.
    first_seen: dict[str, datetime] = {}
    for spec, times in plans:
        authors = [spec["author"], *(author for author, _ in spec["replies"])]
        for author, when in zip(authors, times, strict=True):
            first_seen[author] = min(when, first_seen.get(author, when))
    joined = []
    for username in sorted(new_users):
        seen = first_seen.get(username, now - timedelta(days=rng.uniform(1, HISTORY_DAYS)))
        joined.append(
            {"id": users[username].id, "created_at": seen - timedelta(days=rng.uniform(0.5, 21))}
        )
    if joined:
        db.session.execute(update(User), joined)
    db.session.commit()
