"""Page speed: the forum's home, specialty, mentor directory and thread pages against a
bare Flask ceiling.

    .venv/bin/python bench/pages.py                   # 2,000 threads, 100,000 posts, 10 s a page
    .venv/bin/python bench/pages.py --threads 50 --posts 1000 --duration 2     # smoke run
    .venv/bin/python bench/pages.py --db /tmp/b.sqlite   # seeds it once, reuses it next time

Seeds a database (bench/seed.py, in a subprocess), serves it with gunicorn (sync
workers, as in production) and loads each page from 127.0.0.1 for a bounded time,
reporting requests per second and p50/p95 latency. In the same run it serves
bench/ceiling_app.py the same way: Flask + Flask-SQLAlchemy showing the same thread
page data from the same database with no forum features. Each page's requests per
second are divided by the ceiling's; the aim is every page at 0.5x or better.

The thread page includes its related threads, so the seeded posts are indexed
first (`flask --app forum search rebuild`, a few minutes for 100,000 posts). The
index sits next to the database (`<db>.search_index`), so a `--db` run reuses
both; the run stops if the forum's thread page shows no related threads. The
forum's gunicorn reads the project's gunicorn.conf.py (its after-commit runner, as
in production); the ceiling's reads an empty one.

Fairness. The load client is Python threads in this process, so on a small machine
it competes with gunicorn for the same cores. It costs the same per request against
the forum and the ceiling (gunicorn's sync workers close the connection after every
response, for both), so the ratio stays fair even though the absolute figures are
lower than with a client on another machine; compare ratios, not req/s, between
machines. Each page's time is split into rounds interleaved with the other pages',
so outside load (a test run, a browser) hits all of them alike. The CPU column
(gunicorn workers' CPU time per request, from /proc) is steadier still on a busy
machine, and its ratio is printed too.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `bench` importable
    sys.path.insert(0, str(ROOT))

from bench.common import add_workdir_options, percentile, run_in_workdir  # noqa: E402

HOST = "127.0.0.1"  # the only address this script ever sends requests to
MAX_REQUESTS = 200_000  # per page, on top of the time limit
AIM = 0.5
CEILING = "bench.ceiling_app:create_app()"
RELATED_MARKER = 'id="related-heading"'  # the thread page's "Related threads" section


@dataclass
class Result:
    target: str
    label: str
    path: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # of the 200 responses, in seconds
    errors: Counter = field(default_factory=Counter)  # status code or exception name -> count
    body_bytes: int = 0
    cpu_seconds: float | None = 0.0  # gunicorn workers' user + system time; None if unknown
    round_rps: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float | None:
        """Server CPU per successful request, in ms: steadier than req/s on a busy machine."""
        if self.cpu_seconds is None or not self.latencies:
            return None
        return self.cpu_seconds / len(self.latencies) * 1000

    def percentile(self, fraction: float) -> float | None:
        """Latency in ms at `fraction` (nearest rank), or None without successful requests."""
        if not self.latencies:
            return None
        return percentile(self.latencies, fraction) * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    """One GET on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port: int, path: str, duration: float, concurrency: int, result: Result) -> None:
    """Hit `path` from `concurrency` threads until `duration` passes or MAX_REQUESTS is reached.

    Adds the latencies of 200 responses, the errors and the elapsed time to `result`.
    """
    budget = itertools.count(len(result.latencies) + sum(result.errors.values()))
    deadline = time.perf_counter() + duration
    lock = threading.Lock()

    def client() -> None:
        latencies, errors = [], Counter()
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.perf_counter() < deadline and next(budget) < MAX_REQUESTS:
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                errors[type(error).__name__] += 1
                conn.close()  # the next request reconnects
                time.sleep(0.01)
                continue
            if response.status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors[str(response.status)] += 1
        conn.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors.update(errors)

    done = len(result.latencies)
    started = time.perf_counter()
    workers = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    result.seconds += elapsed
    result.round_rps.append((len(result.latencies) - done) / elapsed)


class Server:
    """A gunicorn subprocess on 127.0.0.1, stopped on exit (also after Ctrl-C)."""

    def __init__(self, app_spec: str, workers: int, env: dict, log_path: Path, config: Path):
        self.port = free_port()
        self.log_path = log_path
        self.command = [
            sys.executable, "-m", "gunicorn", "--config", str(config),
            "--workers", str(workers), "--no-control-socket",
            "--bind", f"{HOST}:{self.port}", "--log-level", "warning", app_spec,
        ]  # fmt: skip
        self.env = env
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        with open(self.log_path, "ab") as log:
            # Its own session, so Ctrl-C reaches only this script, which then stops it.
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"gunicorn exited ({code}):\n{self.log_tail()}")
            try:
                fetch(self.port, "/robots.txt", timeout=2)  # any answer, even a 404, will do
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's graceful shutdown
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the gunicorn workers so far (Linux /proc), else None."""
        try:
            master = self.process.pid
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            total = 0
            for pid in children:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        except (OSError, ValueError, IndexError):
            return None
        return total / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def measure(pages: list[tuple[Server, Result, tuple[str, ...]]], args: argparse.Namespace) -> None:
    """Check and warm up every page, then load them in turn, round after round.

    Each page gets args.duration seconds in args.rounds slices, interleaved with the
    other pages', so a burst of outside load (tests, a browser) hits all of them alike.

    :raises RuntimeError: a page does not answer 200 or lacks what it must show.
    """
    for server, result, must_contain in pages:
        status, body = fetch(server.port, result.path)
        result.body_bytes = len(body)
        if status != 200:
            raise RuntimeError(
                f"{result.target} {result.path} answered {status}; gunicorn log:\n"
                f"{server.log_tail()}"
            )
        missing = [text for text in must_contain if text.encode() not in body]
        if missing:
            raise RuntimeError(f"{result.target} {result.path} does not contain {missing!r}")
        load(server.port, result.path, args.warmup, args.concurrency, Result("", "", ""))
    for round_number in range(1, args.rounds + 1):
        print(f"  round {round_number}/{args.rounds}:", end="", flush=True)
        for server, result, _ in pages:
            before = server.cpu_seconds()
            load(server.port, result.path, args.duration / args.rounds, args.concurrency, result)
            after = server.cpu_seconds()
            if None in (before, after, result.cpu_seconds):
                result.cpu_seconds = None
            else:
                result.cpu_seconds += after - before
            print(
                f" {result.target} {result.label} {result.round_rps[-1]:,.0f}/s;",
                end="",
                flush=True,
            )
        print()


def seed_database(db_path: Path, args: argparse.Namespace) -> dict:
    """Seed a new database at `db_path`, or describe it if it exists; returns the summary."""
    command = [sys.executable, "-m", "bench.seed", "--db", str(db_path)]
    if db_path.exists():
        print(f"Reusing {db_path} (--threads/--posts ignored).")
        command.append("--describe")
    else:
        print(f"Seeding {args.threads:,} threads and {args.posts:,} posts into {db_path} ...")
        command += ["--threads", str(args.threads), "--posts", str(args.posts)]
    out = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _number(value: float | None, width: int, digits: int = 1) -> str:
    return f"{value:{width}.{digits}f}" if value is not None else f"{'-':>{width}}"


def report(results: list[Result], ceiling: Result) -> None:
    """The table: one row per page, ratios to the ceiling's req/s and CPU per request."""
    header = (
        f"{'target':8} {'page':10} {'path':30} {'req/s':>6} {'p50 ms':>6} {'p95 ms':>6} "
        f"{'errors':>6} {'KB':>5} {'cpu ms':>6} {'x ceiling':>9} {'cpu x':>5}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for r in results:
        ratio = r.rps / ceiling.rps if ceiling.rps else None
        cpu_ratio = r.cpu_ms / ceiling.cpu_ms if r.cpu_ms and ceiling.cpu_ms else None
        print(
            f"{r.target:8} {r.label:10} {r.path:30.30} {r.rps:6,.0f} "
            f"{_number(r.percentile(0.50), 6)} {_number(r.percentile(0.95), 6)} "
            f"{sum(r.errors.values()):6} {r.body_bytes / 1024:5.1f} {_number(r.cpu_ms, 6)} "
            f"{_number(ratio, 8, 2)}x {_number(cpu_ratio, 5)}"
        )
    for r in results:
        if r.errors:
            print(f"  errors on {r.target} {r.path}: {dict(r.errors)}")
    print(
        "req/s, p50, p95: whole run; cpu ms: gunicorn workers' CPU per request; "
        "x ceiling: req/s over the ceiling's; cpu x: CPU per request over the ceiling's."
    )


def verdict(pages: list[Result], ceiling: Result) -> str:
    """One line per forum page: its req/s against the ceiling's, and the aim."""
    if not ceiling.rps:
        return "Verdict: no ratio, the ceiling served no successful request."
    lines = []
    for page in pages:
        ratio = page.rps / ceiling.rps
        per_round = [p / c for p, c in zip(page.round_rps, ceiling.round_rps, strict=True) if c]
        spread = f" (rounds {min(per_round):.2f}-{max(per_round):.2f})" if per_round else ""
        errors = f"; {sum(page.errors.values())} errors on it" if page.errors else ""
        met = "meets" if ratio >= AIM and not page.errors else "misses"
        lines.append(
            f"Verdict: {page.label} page at {ratio:.2f}x the ceiling{spread} "
            f"{met} the {AIM}x aim{errors}."
        )
    return "\n".join(lines)


def run(args: argparse.Namespace, workdir: Path) -> int:
    db_path = args.db.resolve() if args.db else workdir / "bench.sqlite"
    summary = seed_database(db_path, args)
    size = db_path.stat().st_size
    seeded = f"in {summary['seed_seconds']:.1f} s" if summary["seed_seconds"] else "(reused)"
    print(
        f"Database: {summary['threads']:,} threads, {summary['posts']:,} posts, "
        f"{summary['users']:,} users, {summary['specialties']} specialties, "
        f"{summary['topics']} topics, seeded {seeded}; {size / 2**20:,.0f} MB at {db_path}"
    )
    print(
        f"Load: {args.concurrency} client threads; {args.warmup:g} s warm-up, then "
        f"{args.duration:g} s per page in {args.rounds} interleaved rounds; "
        f"gunicorn -w {args.workers} (sync); {os.cpu_count()} CPUs shared by client and servers."
    )

    thread_path = f"/threads/{summary['hot_thread_id']}"
    marker = escape(summary["hot_thread_title"], quote=False)  # the title, as both pages print it
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "SECRET_KEY": secrets.token_hex(32),
        "SEARCH_INDEX_DIR": str(db_path.with_name(db_path.name + ".search_index")),
    }
    build_index(env)
    forum_spec = "wsgi:app" if (ROOT / "wsgi.py").exists() else "forum:create_app()"
    # Without --config gunicorn would read ./gunicorn.conf.py for the ceiling too, and
    # start the forum's after-commit runner in it.
    empty_conf = workdir / "empty.gunicorn.conf.py"
    empty_conf.write_text("# No settings: plain gunicorn.\n")
    forum_conf = ROOT / "gunicorn.conf.py"
    forum_conf = forum_conf if forum_conf.exists() else empty_conf
    specialty_path = f"/specialties/{summary['specialty_slug']}"
    with contextlib.ExitStack() as stack:
        forum = stack.enter_context(
            Server(forum_spec, args.workers, env, workdir / "forum.log", forum_conf)
        )
        bare = stack.enter_context(
            Server(CEILING, args.workers, env, workdir / "ceiling.log", empty_conf)
        )
        pages = [
            (forum, Result("forum", "home", "/"), ()),
            (forum, Result("forum", "specialty", specialty_path), ()),
            (forum, Result("forum", "mentors", "/mentors"), ()),
            (forum, Result("forum", "thread", thread_path), (marker, RELATED_MARKER)),
            (bare, Result("ceiling", "thread", thread_path), (marker,)),
        ]
        measure(pages, args)
    results = [result for _, result, _ in pages]
    report(results, ceiling=results[-1])
    print(
        f"(thread {thread_path} has {summary['hot_thread_posts']} posts; both apps show 20, "
        "the forum's with its related threads)"
    )
    print(verdict(results[:-1], results[-1]))
    return 0


def build_index(env: dict) -> None:
    """Index the seeded posts unless SEARCH_INDEX_DIR already holds them (a reused --db)."""
    state = _flask(env, "search", "status")
    documents = int(state.split("documents:", 1)[1].split()[0].replace(",", ""))
    if documents and "outdated" not in state:
        print(f"Search index: {documents:,} documents at {env['SEARCH_INDEX_DIR']} (reused).")
        return
    print(f"Indexing the posts into {env['SEARCH_INDEX_DIR']} (flask search rebuild) ...")
    started = time.perf_counter()
    _flask(env, "search", "rebuild")
    state = _flask(env, "search", "status")
    documents = state.split("documents:", 1)[1].split()[0]
    print(f"Search index: {documents} documents in {time.perf_counter() - started:.0f} s.")


def _flask(env: dict, *command: str) -> str:
    """Run `flask --app forum <command>` on the benchmark's database; its stdout."""
    out = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "forum", *command],
        cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    return out.stdout


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2000, help="threads to seed (2000)")
    parser.add_argument("--posts", type=int, default=100_000, help="posts to seed (100000)")
    parser.add_argument("--duration", type=float, default=10, help="seconds per page (10)")
    parser.add_argument("--warmup", type=float, default=1, help="warm-up seconds per page (1)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="interleaved slices each page's duration is split into (5)",
    )
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    add_workdir_options(parser, kept="database, server logs")
    args = parser.parse_args(argv)
    if args.duration <= 0 or min(args.rounds, args.concurrency, args.workers) < 1:
        parser.error("--duration, --rounds, --concurrency and --workers must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_in_workdir(
        args,
        run,
        prefix="rounds-bench-",
        failures=(RuntimeError, OSError, subprocess.CalledProcessError),
    )


if __name__ == "__main__":
    sys.exit(main())
