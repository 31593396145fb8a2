"""Demo content for evidence: two older questions whose accepted answers cite trials.

Run by seed-demo (forum/demo/cli.py) after the mentors have their profiles. Both threads
are posted and answered through the services, as members would, then moved back in
time: one answer was accepted about twenty months ago and shows the review notice (log
in as rohan_patel, a cardiology mentor, to see the button); the other is older still
and was marked "reviewed, still current" by a critical care mentor six weeks ago. Their
answers cite DOIs and PubMed IDs, which the posts show as links. A thread whose title
exists already is left alone, so running it again adds nothing.
"""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from forum.answers import service as answers
from forum.answers.models import AcceptedAnswer
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.evidence import service
from forum.extensions import db
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from forum.unit_of_work import unit_of_work

# Each: title, specialty, topics, asker, body, replies as (author, body) with the
# accepted one first, days since it was accepted, and (reviewer, days ago) or None.
THREADS = [
    {
        "title": "SGLT2 inhibitors in HFrEF without diabetes: start on the ward or in clinic?",
        "specialty": "cardiology",
        "topics": ["trial-design", "real-world-evidence"],
        "author": "lena_hoffmann",
        "body": """
            On my cardiology placement the team started dapagliflozin before discharge in
            patients with a reduced ejection fraction who do not have diabetes. Is there trial
            evidence for that, or is it extrapolated from the diabetes trials? And what should
            be checked before starting it?
            """,
        "replies": [
            (
                "tariq_aziz",
                """
                It is not extrapolated. DAPA-HF randomised patients with an ejection fraction
                of 40% or less, with and without type 2 diabetes, and the benefit on worsening
                heart failure and cardiovascular death was similar in both groups
                (doi:10.1056/NEJMoa1911303, PMID: 31535829).

                What I check before starting:

                - eGFR: the trial left out patients with an eGFR below 30
                - volume status and blood pressure, since it adds a mild diuresis
                - sick-day rules: pause it while eating and drinking poorly

                Timing (ward or clinic) is where practice moves fastest, so follow your local
                heart failure pathway for that part.
                """,
            ),
            ("lena_hoffmann", "Thank you, that is exactly the summary I was missing."),
        ],
        "accepted_days_ago": 600,
        "review": None,
    },
    {
        "title": "Dexamethasone for COVID-19 on the ward: who should get it?",
        "specialty": "critical-care",
        "topics": ["real-world-evidence"],
        "author": "sam_whitfield",
        "body": """
            We still admit a few patients with COVID-19 pneumonia each month. Which of them
            should get dexamethasone, and at what dose? I remember it does not help everyone.
            """,
        "replies": [
            (
                "maria_lopez",
                """
                The evidence is the RECOVERY trial (DOI 10.1056/NEJMoa2021436; PMID 32678530):
                dexamethasone 6 mg once daily for up to 10 days lowered 28-day mortality in
                patients who needed oxygen or invasive ventilation, but not in those who needed
                no respiratory support, where the trend went the other way.

                So give it to patients who need supplemental oxygen, do not start it for a
                positive test alone, and follow your current national COVID-19 guideline for
                the rest.
                """,
            ),
        ],
        "accepted_days_ago": 700,
        "review": ("nana_osei", 45),
    },
]


def _text(markdown: str) -> str:
    return inspect.cleandoc(markdown)


def _by(model, column, values) -> dict:
    return {
        getattr(row, column.key): row
        for row in db.session.scalars(select(model).where(column.in_(values)))
    }


def _backdate(thread: Thread, post_ids: list[int], accepted_at: datetime) -> None:
    """Move the thread's posts to a few hours before `accepted_at`, in their order."""
    start = accepted_at - timedelta(hours=6 + len(post_ids))
    stamps = [start + timedelta(hours=index, minutes=7 * index) for index in range(len(post_ids))]
    with unit_of_work():
        db.session.execute(
            update(Post),
            [{"id": pid, "created_at": when} for pid, when in zip(post_ids, stamps, strict=True)],
        )
        db.session.execute(
            update(Thread)
            .where(Thread.id == thread.id)
            .values(created_at=stamps[0], last_post_at=stamps[-1]),
            execution_options={"synchronize_session": False},
        )
        db.session.execute(
            update(AcceptedAnswer)
            .where(AcceptedAnswer.thread_id == thread.id)
            .values(accepted_at=accepted_at),
            execution_options={"synchronize_session": False},
        )


def seed_demo(now: datetime | None = None) -> dict[str, int]:
    """Post the older questions and their accepted answers, and the one review; returns
    how many threads and reviews were added."""
    now = now or utcnow()
    added = {"threads": 0, "reviews": 0}
    names = {spec["author"] for spec in THREADS}
    names |= {author for spec in THREADS for author, _body in spec["replies"]}
    names |= {spec["review"][0] for spec in THREADS if spec["review"]}
    users = _by(User, User.username, names)
    specialties = _by(Specialty, Specialty.slug, {spec["specialty"] for spec in THREADS})
    topics = _by(ResearchTopic, ResearchTopic.slug, {s for spec in THREADS for s in spec["topics"]})
    existing = set(
        db.session.scalars(
            select(Thread.title).where(Thread.title.in_([s["title"] for s in THREADS]))
        )
    )
    config = current_app.config
    # As the main seeder does: the posting limits are for people, not for a seeder that
    # posts as several members within a second.
    lifted = {"POST_LIMIT": 1_000_000, "NEW_ACCOUNT_HOURS": 0, "DUPLICATE_POST_MINUTES": 0}
    saved = {name: config[name] for name in lifted}
    config.update(lifted)
    try:
        for spec in THREADS:
            if spec["title"] in existing or not names <= set(users):
                continue
            asker = users[spec["author"]]
            thread = threads.start_thread(
                asker,
                title=spec["title"],
                specialty_id=specialties[spec["specialty"]].id,
                topic_ids=[topics[slug].id for slug in spec["topics"]],
                kind="question",
                body=_text(spec["body"]),
            )
            replies = [
                threads.reply_to_thread(users[author], thread, _text(body))
                for author, body in spec["replies"]
            ]
            answers.accept_answer(asker, threads.get_post(asker, replies[0].id))
            accepted_at = now - timedelta(days=spec["accepted_days_ago"])
            _backdate(thread, [thread.first_post_id, *(reply.id for reply in replies)], accepted_at)
            added["threads"] += 1
            if spec["review"]:
                reviewer = users[spec["review"][0]]
                when = now - timedelta(days=spec["review"][1])
                post = threads.get_post(reviewer, replies[0].id)
                if service.review_answer_currency(reviewer, post, now=when) is not None:
                    added["reviews"] += 1
    finally:
        config.update(saved)
    return added
