"""Demo content for cases: two de-identified case presentations with replies, one of
them with an accepted answer. Written through the services after the demo threads
(`seed-demo` calls seed_demo()); a second run finds them by title and adds nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from forum.answers import service as answers
from forum.auth.models import User
from forum.cases import service
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread

CASES = [
    {
        "title": "Heart failure with reduced EF and new diabetes: which drug first?",
        "author": "lena_hoffmann",
        "specialty": "cardiology",
        "topics": ["clinical-decision-support"],
        "facts": ("60-69", "female", "outpatient"),
        "sections": {
            "presenting": "Three weeks of breathlessness on one flight of stairs and ankle "
            "swelling. No chest pain.",
            "history": "Type 2 diabetes diagnosed this year, HbA1c 64 mmol/mol on metformin. "
            "Ex-smoker. eGFR 52, potassium 4.8.",
            "tried": "Furosemide 40 mg once daily settled the oedema. Echo: EF 35%, moderate "
            "functional MR. Started bisoprolol 1.25 mg.",
            "question": "Would you start dapagliflozin before sacubitril/valsartan, or both "
            "together, with that potassium and eGFR?",
        },
        "replies": [
            ("rohan_patel", "I would start the SGLT2 inhibitor first: it lowers potassium a "
             "little and protects the kidney, and it needs no titration. Add the ARNI two "
             "weeks later with a potassium and creatinine check."),
            ("hannah_fischer", "Agree. Check she is not on a sulfonylurea before the SGLT2 "
             "inhibitor, and warn about sick-day rules."),
        ],
        "accept": 0,
        "days_ago": 9,
    },
    {
        "title": "Teenager with recurrent syncope on exertion: what next after a normal ECG?",
        "author": "grace_kim",
        "specialty": "paediatrics",
        "topics": ["wearables-remote-monitoring"],
        "facts": ("13-17", "male", "emergency"),
        "sections": {
            "presenting": "Third faint in two months, each during football, with no warning. "
            "Quick recovery, no injury.",
            "history": "No known heart disease. A relative died suddenly in their thirties "
            "(cause unknown).",
            "tried": "12-lead ECG normal, QTc 420 ms. Bloods normal. Echo booked.",
            "question": "Would you ask for an exercise test and a long-term monitor before the "
            "echo, and should he stop sport meanwhile?",
        },
        "replies": [
            ("rohan_patel", "Exertional syncope with a family history of sudden death needs "
             "the full work-up before he plays again: echo, exercise test and a monitor. "
             "Ask about a CPVT and long QT gene panel if those are unrevealing."),
        ],
        "accept": None,
        "days_ago": 3,
    },
]


def seed_demo() -> int:
    """Present the demo cases; returns how many were added."""
    added = 0
    for spec in CASES:
        if db.session.scalar(select(Thread.id).where(Thread.title == spec["title"])):
            continue
        author = db.session.scalar(select(User).where(User.username == spec["author"]))
        specialty = db.session.scalar(select(Specialty).where(Specialty.slug == spec["specialty"]))
        topic_ids = list(
            db.session.scalars(
                select(ResearchTopic.id).where(ResearchTopic.slug.in_(spec["topics"]))
            )
        )
        if author is None or specialty is None or not topic_ids:
            continue  # a database seeded with other demo people
        age_band, sex, setting = spec["facts"]
        thread = service.present_case(
            author,
            title=spec["title"],
            specialty_id=specialty.id,
            topic_ids=topic_ids,
            age_band=age_band,
            sex=sex,
            setting=setting,
            sections=spec["sections"],
        )
        posts = []
        for username, body in spec["replies"]:
            replier = db.session.scalar(select(User).where(User.username == username))
            if replier is not None:
                posts.append(threads.reply_to_thread(replier, thread, body))
        if spec["accept"] is not None and len(posts) > spec["accept"]:
            answers.accept_answer(author, threads.get_post(author, posts[spec["accept"]].id))
        _backdate(thread.id, [thread.first_post_id, *(post.id for post in posts)], spec["days_ago"])
        added += 1
    return added


def _backdate(thread_id: int, post_ids: list[int], days_ago: int) -> None:
    """Spread the case over an afternoon `days_ago` days back, as the demo threads are."""
    start = utcnow().replace(microsecond=0) - timedelta(days=days_ago)
    times = [start + timedelta(hours=3 * n) for n in range(len(post_ids))]
    stamps = zip(post_ids, times, strict=True)
    db.session.execute(update(Post), [{"id": pid, "created_at": when} for pid, when in stamps])
    db.session.execute(
        update(Thread)
        .where(Thread.id == thread_id)
        .values(created_at=times[0], last_post_at=times[-1]),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
