"""Notification fan-out: the time to post a reply to a thread with 10, 1,000 and 10,000 watchers.

    .venv/bin/python bench/notify.py                    # 10, 1,000 and 10,000; 7 replies each
    .venv/bin/python bench/notify.py --watchers 10 100 --replies 3     # smoke run
    .venv/bin/python bench/notify.py --db /tmp/notify.sqlite           # seeds it once, reuses it
    .venv/bin/python bench/notify.py --url postgresql://host/empty_db  # on PostgreSQL

One thread per size, each with that many members watching it (inserted with Core, so
setting up 10,000 watchers takes a second). A moderator then replies to each thread in
turn, round after round, through the app's own request (the test client's POST
/threads/<id>/reply, CSRF on, as a browser sends it), and the two halves are timed apart:

- request: the reply's whole request, until its redirect is returned: the post, its
  counters, its search change and its one notification event, committed. The
  fan-out is not in it: it runs after the commit (forum/notifications/fanout.py);
- drain: that after-commit fan-out (`effects.run_now(["notifications"])`), which
  makes one notification per watcher with a few INSERT ... SELECT statements.

Each is reported as the median and the slowest of the rounds, with its ratio to the
10-watcher baseline of the same run (the first size given), and the drain's SQL
statements (the same count at every size: the fan-out is set-based). The aim: the
request time does not grow with the watchers, and the drain grows with the rows it
writes, not with statements.
"""

from __future__ import annotations

import argparse
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `bench` importable
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from bench.common import add_workdir_options, run_in_workdir  # noqa: E402
from forum import create_app, effects  # noqa: E402
from forum.auth.models import User  # noqa: E402
from forum.dbtypes import utcnow  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.notifications.models import Notification, Watch  # noqa: E402
from forum.taxonomy.models import ResearchTopic, Specialty  # noqa: E402
from forum.threads import service as threads  # noqa: E402
from forum.threads.models import Thread  # noqa: E402

PASSWORD = "bench-password"
POSTER = "bench_poster"
TITLE = "Fan-out benchmark thread with {:,} watchers"
CHUNK = 5000
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def prepare(sizes: list[int]) -> dict[int, int]:
    """Make (or find, in a reused database) one thread per size with that many watchers;
    returns {watchers: thread id}."""
    db.create_all()
    poster = db.session.scalar(select(User).where(User.username == POSTER))
    if poster is None:
        poster = User(
            username=POSTER,
            email=f"{POSTER}@bench.invalid",
            display_name="Bench Poster",
            password_hash=generate_password_hash(PASSWORD),
        )
        poster.roles = ["moderator"]  # staff: not rate-limited
        poster.email_verified_at = utcnow()
        db.session.add(poster)
        specialty = Specialty(slug="bench", name="Bench")
        topic = ResearchTopic(slug="bench", name="Bench")
        db.session.add_all([specialty, topic])
        db.session.commit()
    specialty_id = db.session.scalar(select(Specialty.id).where(Specialty.slug == "bench"))
    topic_id = db.session.scalar(select(ResearchTopic.id).where(ResearchTopic.slug == "bench"))
    shared_hash = poster.password_hash
    found = {}
    for size in sizes:
        title = TITLE.format(size)
        thread_id = db.session.scalar(select(Thread.id).where(Thread.title == title))
        if thread_id is None:
            thread = threads.start_thread(
                poster,
                title=title,
                specialty_id=specialty_id,
                topic_ids=[topic_id],
                kind="discussion",
                body="Replies to this thread measure the fan-out.",
            )
            thread_id = thread.id
            _add_watchers(thread_id, size, shared_hash)
        found[size] = thread_id
    effects.run_now(["notifications"])  # the opening posts' events, outside the timing
    return found


def _add_watchers(thread_id: int, count: int, password_hash: str) -> None:
    first = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    for start in range(0, count, CHUNK):
        rows = [
            {
                "username": f"watcher{thread_id}_{n}",
                "email": f"watcher{thread_id}_{n}@bench.invalid",
                "display_name": f"Watcher {n}",
                "password_hash": password_hash,
            }
            for n in range(start, min(count, start + CHUNK))
        ]
        db.session.execute(insert(User), rows)
    ids = db.session.scalars(select(User.id).where(User.id >= first)).all()
    for start in range(0, len(ids), CHUNK):
        db.session.execute(
            insert(Watch),
            [
                {"user_id": i, "target_kind": "thread", "target_id": thread_id, "level": "watching"}
                for i in ids[start : start + CHUNK]
            ],
        )
    db.session.commit()


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args) -> None:
        self.count += 1


def run(args: argparse.Namespace, workdir: Path) -> int:
    url = args.url or f"sqlite:///{(args.db.resolve() if args.db else workdir / 'notify.sqlite')}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secrets.token_hex(32),
            "SEARCH_INDEX_DIR": str(workdir / "search_index"),
            "AFTER_COMMIT": "off",  # the benchmark runs the fan-out itself, timed apart
        }
    )
    sizes = args.watchers
    with app.app_context():
        started = time.perf_counter()
        thread_ids = prepare(sizes)
        print(
            f"Database: {db.engine.dialect.name}; {len(sizes)} threads with "
            f"{', '.join(f'{s:,}' for s in sizes)} watchers, ready in "
            f"{time.perf_counter() - started:.1f} s."
        )
        engine = db.engine
    # Requests run outside any app context of ours, as a server runs them: each gets its own.
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    login = {"csrf_token": CSRF_INPUT.search(page)[1], "username": POSTER, "password": PASSWORD}
    if client.post("/login", data=login).status_code != 302:
        print("Could not log the poster in.", file=sys.stderr)
        return 1
    thread_page = client.get(f"/threads/{thread_ids[sizes[0]]}").get_data(as_text=True)
    token = CSRF_INPUT.search(thread_page)[1]
    requests = {size: [] for size in sizes}
    drains = {size: [] for size in sizes}
    statements = {size: set() for size in sizes}
    counter = StatementCounter()
    for round_number in range(args.replies + 1):  # round 0 warms up, untimed
        for size in sizes:
            thread_id = thread_ids[size]
            reply = {"csrf_token": token, "body": f"Reply {round_number}.", "submit": "Post"}
            before = time.perf_counter()
            response = client.post(f"/threads/{thread_id}/reply", data=reply)
            request_seconds = time.perf_counter() - before
            if response.status_code != 302:
                print(f"The reply answered {response.status_code}.", file=sys.stderr)
                return 1
            with app.app_context():
                counter.count = 0
                event.listen(engine, "before_cursor_execute", counter)
                before = time.perf_counter()
                effects.run_now(["notifications"])
                drain_seconds = time.perf_counter() - before
                event.remove(engine, "before_cursor_execute", counter)
                made = _made_for_last_reply(thread_id)
            if made != size:
                print(f"{size} watchers, {made} notifications made.", file=sys.stderr)
                return 1
            if round_number:
                requests[size].append(request_seconds)
                drains[size].append(drain_seconds)
                statements[size].add(counter.count)
    report(sizes, requests, drains, statements, args.replies)
    return 0


def _made_for_last_reply(thread_id: int) -> int:
    last = db.session.scalar(
        select(func.max(Notification.post_id)).where(Notification.thread_id == thread_id)
    )
    return db.session.scalar(
        select(func.count()).where(Notification.post_id == last, Notification.kind == "watched")
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f}"


def report(sizes, requests, drains, statements, replies: int) -> None:
    base = sizes[0]
    base_request = statistics.median(requests[base])
    base_drain = statistics.median(drains[base])
    header = (
        f"{'watchers':>8} {'request ms':>10} {'max':>9} {'x base':>7}   "
        f"{'drain ms':>9} {'max':>9} {'x base':>7} {'rows/s':>9} {'statements':>10}"
    )
    print(f"\n{replies} replies per thread, interleaved; median and slowest of them.")
    print(header + "\n" + "-" * len(header))
    for size in sizes:
        request, drain = statistics.median(requests[size]), statistics.median(drains[size])
        counts = sorted(statements[size])
        print(
            f"{size:8,} {_ms(request)} {_ms(max(requests[size]))} {request / base_request:6.2f}x   "
            f"{_ms(drain)} {_ms(max(drains[size]))} {drain / base_drain:6.2f}x "
            f"{size / drain:9,.0f} {'/'.join(map(str, counts)):>10}"
        )
    print(
        "request: the reply's request, committed, without the fan-out; drain: the after-commit "
        "fan-out; x base: over the first row's median; statements: SQL statements per drain."
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--watchers",
        type=int,
        nargs="+",
        default=[10, 1000, 10_000],
        help="watchers of each thread, the first being the baseline (10 1000 10000)",
    )
    parser.add_argument("--replies", type=int, default=7, help="timed replies per thread (7)")
    parser.add_argument("--url", help="a database URL instead of SQLite (an empty database)")
    add_workdir_options(parser, kept="database")
    args = parser.parse_args(argv)
    if args.replies < 1 or min(args.watchers) < 1:
        parser.error("--replies and --watchers must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_in_workdir(args, run, prefix="rounds-bench-notify-")


if __name__ == "__main__":
    sys.exit(main())
