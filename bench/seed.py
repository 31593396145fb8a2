"""Fill an empty SQLite database with a forum of a given size, fast, for benchmarks.

    .venv/bin/python -m bench.seed --db /tmp/bench.sqlite --threads 2000 --posts 100000

The schema comes from the app itself (`db.create_all()`); rows go in with Core
`insert()` executemany in chunks, one transaction, so 100,000 posts take seconds.
Markdown rendering is the slow part, so a pool of distinct bodies is rendered
once and reused. Every counter the listings show (thread post/reply counts, last
post, specialty and topic counters) is computed here so it matches the rows.

Thread 1 is the "hot" thread: it gets at least HOT_POSTS posts, so its first page
is full. Prints a JSON summary (see `describe`) on stdout.

Other benchmarks may pass a `Corpus` to `seed()` for their own titles and bodies
(bench/search.py does, for a large medical vocabulary); without one, the default
pool is used and the same seed gives the same database as before.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text
from werkzeug.security import generate_password_hash

from forum import create_app
from forum.auth.models import User
from forum.content import html_to_text, render_markdown
from forum.extensions import db
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import Post, PostRevision, Thread, thread_topics

HOT_POSTS = 60
BODY_POOL = 200
CHUNK = 5000

SPECIALTIES = [
    "Cardiology", "Oncology", "Neurology", "Pediatrics", "Emergency Medicine", "Radiology",
    "General Surgery", "Psychiatry", "Infectious Disease", "Endocrinology", "Nursing Practice",
    "Clinical Pharmacy",
]  # fmt: skip
TOPICS = [
    "AI diagnostics", "Wearable sensors", "Telemedicine", "Gene therapy", "CRISPR",
    "mRNA platforms", "Robotic surgery", "Digital therapeutics", "Point-of-care ultrasound",
    "Immunotherapy", "Remote monitoring", "Clinical decision support", "3D printing",
    "Microbiome", "Precision dosing", "Liquid biopsy", "Nanomedicine", "Closed-loop insulin",
    "Brain-computer interfaces", "Real-world evidence",
]  # fmt: skip
FIRST = "Amara Ben Chen Dara Elif Farid Grace Hugo Ines Jonas Kemi Lena Mateo Nadia Omar".split()
LAST = "Adeyemi Berg Costa Dubois Eriksen Fischer Garcia Haddad Ivanova Jensen Okafor Patel".split()
PROFESSIONS = ["physician", "surgeon", "nurse", "pharmacist", "researcher", "student", "allied"]
OPENERS = [
    "Early results with", "Has anyone trialled", "Practical lessons from", "Evidence review of",
    "Workflow changes after", "Costs and benefits of", "Patient feedback on",
    "Pitfalls when adopting",
]  # fmt: skip
SENTENCES = [
    "We piloted this on two wards over six months and tracked readmissions weekly.",
    "The sensitivity looked good in the vendor study, but our case mix is older and sicker.",
    "Nursing staff needed about two weeks before the new workflow felt routine.",
    "Alert fatigue was the main complaint, so we raised the threshold after the first month.",
    "Our ethics board asked for a clear consent process before any data left the unit.",
    "The cost per patient dropped once the devices were shared between two clinics.",
    "I would be careful with the subgroup analysis; the confidence intervals are wide.",
    "Integration with the record system took longer than the clinical validation itself.",
    "Patients liked fewer visits, though some found the app hard to use without help.",
    "A randomised comparison would settle this, and a registry could be a first step.",
    "Has anyone seen the same drift in calibration after the firmware update?",
    "We log every override so the team can review disagreements at the monthly meeting.",
    "The guideline committee is waiting for outcome data beyond surrogate markers.",
    "Training residents on the tool early made the biggest difference to uptake.",
    "Reimbursement is still unclear here, which slows adoption in smaller practices.",
    "Our pharmacists caught three dosing errors in the first week of the trial.",
]


def _paragraph(rng: random.Random) -> str:
    words = " ".join(rng.sample(SENTENCES, rng.randint(2, 4)))
    if rng.random() < 0.3:
        words = words.replace("workflow", "**workflow**", 1)
    return words


def markdown_body(rng: random.Random) -> str:
    """A post body in Markdown: a few paragraphs, sometimes a list, a link or code."""
    parts = [_paragraph(rng) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.3:
        parts.insert(1, "\n".join(f"- {s}" for s in rng.sample(SENTENCES, 3)))
    if rng.random() < 0.2:
        parts.append(f"Source: https://example.org/studies/{rng.randint(1000, 9999)}")
    if rng.random() < 0.1:
        parts.append("Dose check: `weight_kg * 0.1 mg`")
    return "\n\n".join(parts)


def body_pool(rng: random.Random, size: int = BODY_POOL) -> list[tuple[str, str, str]]:
    """`size` distinct (markdown, html, text) bodies, rendered once through content.py."""
    pool = []
    for _ in range(size):
        md = markdown_body(rng)
        html = render_markdown(md)
        pool.append((md, html, html_to_text(html)))
    return pool


@dataclass(frozen=True)
class Corpus:
    """Where titles and bodies come from, instead of the default pool.

    body(rng) returns one (markdown, html, text) body; it is called for every post
    and every kept revision, so it must be cheap (no Markdown rendering per call).
    title(rng, thread_id) returns a thread title of at most 200 characters.
    """

    body: Callable[[random.Random], tuple[str, str, str]]
    title: Callable[[random.Random, int], str]


def _default_corpus(rng: random.Random) -> Corpus:
    """Bodies drawn from a pool rendered once; titles from OPENERS and TOPICS."""
    pool = body_pool(rng)
    return Corpus(
        body=lambda rng: rng.choice(pool),
        title=lambda rng, tid: f"{rng.choice(OPENERS)} {rng.choice(TOPICS)} #{tid}",
    )


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def _post_counts(rng: random.Random, threads: int, posts: int) -> list[int]:
    """Posts per thread: each at least 1, thread 1 at least HOT_POSTS, the rest long-tailed."""
    counts = [1] * threads
    counts[0] = max(1, min(HOT_POSTS, posts - threads + 1))
    spare = posts - sum(counts)
    weights = [rng.lognormvariate(0, 1) for _ in range(threads)]
    for index, extra in Counter(rng.choices(range(threads), weights, k=spare)).items():
        counts[index] += extra
    return counts


@contextmanager
def forum_app(url: str) -> Iterator[None]:
    """An app context of the forum on `url` (its search index folder is a throwaway)."""
    with tempfile.TemporaryDirectory(prefix="rounds-bench-index-") as index_dir:
        config = {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "SEARCH_INDEX_DIR": index_dir,
        }
        with create_app({"TESTING": True, **config}).app_context():
            yield


def seed(
    url: str,
    threads: int,
    posts: int,
    users: int,
    seed_value: int = 1,
    corpus: Corpus | None = None,
) -> None:
    """Create the schema at `url` and fill it; the database must be empty."""
    if posts < threads:
        raise SystemExit("--posts must be at least --threads (every thread has a first post)")
    rng = random.Random(seed_value)
    with forum_app(url):
        db.create_all()
        with db.engine.begin() as conn:
            conn.execute(text("PRAGMA synchronous=OFF"))  # throwaway database, this connection
            _fill(conn, rng, threads, posts, users, corpus)
        with db.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _fill(
    conn, rng: random.Random, n_threads: int, n_posts: int, n_users: int, corpus: Corpus | None
) -> None:
    now = datetime.now(UTC)
    tables = db.metadata.tables
    conn.execute(tables["specialties"].insert(), [
        {"id": sid, "slug": _slug(name), "name": name, "description": f"Innovation in {name}.",
         "position": sid, "thread_count": 0, "post_count": 0, "last_activity_at": None}
        for sid, name in enumerate(SPECIALTIES, start=1)
    ])  # fmt: skip
    conn.execute(tables["research_topics"].insert(), [
        {"id": tid, "slug": _slug(name), "name": name, "description": f"Work on {name}.",
         "thread_count": 0}
        for tid, name in enumerate(TOPICS, start=1)
    ])  # fmt: skip
    users = _user_rows(rng, n_users, now)
    conn.execute(tables["users"].insert(), users)
    moderators = [u["id"] for u in users if {"moderator", "admin"} & set(u["roles"].split())]
    counts = _post_counts(rng, n_threads, n_posts)
    threads, topics, posts, revisions = _thread_rows(rng, counts, n_users, moderators, now, corpus)
    # Foreign keys are on (forum.create_app's pragma), so threads go in before their posts.
    _insert_chunks(conn, tables["threads"], threads)
    _insert_chunks(conn, tables["posts"], posts)
    _insert_chunks(conn, tables["thread_topics"], topics)
    _insert_chunks(conn, tables["post_revisions"], revisions)
    _update_counters(conn, threads, topics)
    _mentor_profiles(conn, rng, users, now)


def _mentor_profiles(conn, rng: random.Random, users: list[dict], now: datetime) -> None:
    """An approved profile for every mentor: their own specialty and another, two topics
    (the directory at /mentors lists them)."""
    tables = db.metadata.tables
    mentors = [u for u in users if "mentor" in u["roles"].split()]
    conn.execute(tables["mentor_profiles"].insert(), [
        {"user_id": u["id"], "status": "approved", "statement": "I mentor early-career "
         "clinicians in research.", "years_in_practice": rng.randint(5, 30),
         "modes": rng.choice(["forum", "forum video", "video in_person"]), "languages": "en",
         "time_zone": rng.choice(["Europe/London", "America/New_York", "Asia/Kolkata"]),
         "accepting": rng.random() < 0.8, "capacity": rng.randint(1, 4), "submitted_at": now,
         "updated_at": now, "decided_at": now}
        for u in mentors
    ])  # fmt: skip
    conn.execute(tables["mentor_specialties"].insert(), [
        {"user_id": u["id"], "specialty_id": sid}
        for u in mentors
        for sid in {u["specialty_id"], rng.randint(1, len(SPECIALTIES))}
    ])  # fmt: skip
    conn.execute(tables["mentor_topics"].insert(), [
        {"user_id": u["id"], "topic_id": tid}
        for u in mentors
        for tid in rng.sample(range(1, len(TOPICS) + 1), 2)
    ])  # fmt: skip


def _user_rows(rng: random.Random, n_users: int, now: datetime) -> list[dict]:
    """Users sharing one password hash, all verified; user 1 is an admin, ~4% moderators
    (a quarter of them also mentors), ~10% mentors, the rest members (roles "")."""
    password_hash = generate_password_hash("bench-password-not-secret", method="scrypt")
    rows = []
    for uid in range(1, n_users + 1):
        roll = rng.random()
        # Granted roles in the order users.roles keeps them (mentor, moderator, admin).
        roles = (
            "mentor moderator" if roll < 0.01 else "moderator" if roll < 0.04
            else "mentor" if roll < 0.14 else ""
        )  # fmt: skip
        first, last = rng.choice(FIRST), rng.choice(LAST)
        joined = now - timedelta(days=rng.uniform(731, 1500))
        rows.append({
            "id": uid, "username": f"user{uid:05d}", "email": f"user{uid:05d}@example.org",
            "password_hash": password_hash, "display_name": f"{first} {last}",
            "roles": "admin" if uid == 1 else roles, "profession": rng.choice(PROFESSIONS),
            "specialty_id": rng.randint(1, len(SPECIALTIES)),
            "institution": f"{last} University Hospital", "bio": None,
            "created_at": joined, "email_verified_at": joined + timedelta(minutes=10),
        })  # fmt: skip
    return rows


def _thread_rows(
    rng,
    counts: list[int],
    n_users: int,
    moderators: list[int],
    now: datetime,
    corpus: Corpus | None = None,
):
    """(threads, thread_topics, posts, post_revisions) rows; thread counters match the posts.

    A thread's posts get increasing created_at (ties broken by increasing id), the
    order the app reads them in; first_post_id is the earliest.
    """
    corpus = corpus or _default_corpus(rng)
    body, title = corpus.body, corpus.title
    pinned = set(rng.sample(range(2, len(counts) + 1), min(len(SPECIALTIES), len(counts) - 1)))
    threads, topics, posts, revisions = [], [], [], []
    for tid, count in enumerate(counts, start=1):
        # The hot thread is recent; the others started any time in the last two years.
        start = now - timedelta(days=rng.uniform(1, 3) if tid == 1 else rng.uniform(1, 730))
        mean_gap = (now - start).total_seconds() / (count + 1)
        moment = start
        first_revision = len(revisions)
        for number in range(1, count + 1):
            if number > 1:
                moment = min(moment + timedelta(seconds=rng.expovariate(1 / mean_gap)), now)
            author = rng.randint(1, n_users)
            md, html, plain = body(rng)
            post = {
                "id": len(posts) + 1, "thread_id": tid, "author_id": author,
                "body_md": md, "body_html": html, "body_text": plain, "created_at": moment,
                "edited_at": None, "edit_count": 0, "edited_by_id": None,
                "deleted_at": None, "deleted_by_id": None,
                "hidden_at": None, "hidden_by_id": None, "hidden_reason": None,
                "submission_key": None,
            }  # fmt: skip
            roll = rng.random()
            if roll < 0.03:  # edited once, the earlier version kept as a revision
                old_md, old_html, _ = body(rng)
                edited = moment + timedelta(minutes=5)
                post.update(edited_at=edited, edit_count=1, edited_by_id=author)
                revisions.append({
                    "post_id": post["id"], "number": 1, "body_md": old_md,
                    "body_html": old_html, "title": None, "created_at": moment,
                    "editor_id": author,
                })  # fmt: skip
            elif roll < 0.035 and number > 1:  # deleted by staff, kept as a placeholder
                deleter = rng.choice(moderators or [1])
                post.update(deleted_at=moment + timedelta(hours=1), deleted_by_id=deleter)
            posts.append(post)
        first_post = posts[-count]
        threads.append({
            "id": tid, "title": title(rng, tid), "first_post_id": first_post["id"],
            "kind": rng.choice(("question", "discussion")),
            "specialty_id": rng.randint(1, len(SPECIALTIES)),
            "author_id": first_post["author_id"], "created_at": start,
            "is_pinned": tid in pinned, "is_locked": rng.random() < 0.01,
            "post_count": count, "reply_count": count - 1,
            "last_post_at": moment, "last_poster_id": posts[-1]["author_id"],
            "deleted_at": None, "deleted_by_id": None, "space_id": None,
        })  # fmt: skip
        # An edit of the opening post keeps the title it had (unchanged here).
        for revision in revisions[first_revision:]:
            if revision["post_id"] == first_post["id"]:
                revision["title"] = threads[-1]["title"]
        picked = rng.sample(range(1, len(TOPICS) + 1), rng.randint(1, 3))
        topics.extend({"thread_id": tid, "topic_id": topic} for topic in picked)
    return threads, topics, posts, revisions


def _insert_chunks(conn, table, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[i : i + CHUNK])


def _update_counters(conn, thread_rows: list[dict], topic_rows: list[dict]) -> None:
    """Specialty and topic counters, computed from the rows just written."""
    per_specialty: dict[int, list] = {}
    for row in thread_rows:
        entry = per_specialty.setdefault(row["specialty_id"], [0, 0, None])
        entry[0] += 1
        entry[1] += row["post_count"]
        entry[2] = max(entry[2] or row["last_post_at"], row["last_post_at"])
    specialties = db.metadata.tables["specialties"]
    for sid, (n_threads, n_posts, last) in per_specialty.items():
        conn.execute(
            specialties.update()
            .where(specialties.c.id == sid)
            .values(thread_count=n_threads, post_count=n_posts, last_activity_at=last)
        )
    topics = db.metadata.tables["research_topics"]
    for topic_id, n_threads in Counter(row["topic_id"] for row in topic_rows).items():
        conn.execute(topics.update().where(topics.c.id == topic_id).values(thread_count=n_threads))


def describe(url: str) -> dict:
    """What a benchmark needs to know about a seeded database: sizes and pages to request."""
    with forum_app(url):
        hot = db.session.get(Thread, 1)
        if hot is None:
            raise SystemExit(f"{url} has no thread 1: was it seeded by bench.seed?")
        counts = {
            name: db.session.scalar(select(func.count()).select_from(table))
            for name, table in [
                ("threads", Thread),
                ("posts", Post),
                ("users", User),
                ("specialties", Specialty),
                ("topics", ResearchTopic),
                ("thread_topics", thread_topics),
                ("revisions", PostRevision),
            ]
        }
        return counts | {
            "hot_thread_id": hot.id,
            "hot_thread_title": hot.title,
            "hot_thread_posts": hot.post_count,
            "specialty_slug": db.session.scalar(
                select(Specialty.slug).where(Specialty.id == hot.specialty_id)
            ),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="SQLite file to create")
    parser.add_argument("--threads", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--describe",
        action="store_true",
        help="only print the summary of an already-seeded database",
    )
    args = parser.parse_args(argv)
    url = f"sqlite:///{args.db.resolve()}"
    seconds = None
    if not args.describe:
        if args.db.exists():
            raise SystemExit(f"{args.db} exists; seeding needs a new file")
        started = time.perf_counter()
        seed(url, args.threads, args.posts, args.users, args.seed)
        seconds = round(time.perf_counter() - started, 2)
    summary = describe(url)
    summary.update(seed_seconds=seconds, db_bytes=args.db.stat().st_size)
    json.dump(summary, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
