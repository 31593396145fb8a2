"""Privacy guard speed: the detector's check() on long posts, against the Markdown renderer.

    .venv/bin/python bench/privacy.py                 # 200 posts of 5,000 characters
    .venv/bin/python bench/privacy.py --posts 40      # smoke run
    .venv/bin/python bench/privacy.py --length 20000  # longer posts
    .venv/bin/python bench/privacy.py --profile       # then cProfile one more pass of check()

Builds posts of about --length characters from the clinical text of the guard's test
corpora (tests/privacy/corpus_clean.py and corpus_identifiers.py): paragraphs of clean
posts (doses, lab values, scores, trials, eponyms, sign-offs), and in half of the posts
one to five of the identifier posts among them (names, dates, phones, addresses, record
numbers...), so both the quiet path and the path that finds things are timed. Then, in
one process:

  check     `forum.privacy.check(body)`, the guard's detector
  render    `forum.content.render_markdown(body)`, what every post costs to show: the
            baseline, measured on the same posts in the same run

Each post runs once untimed through both (the name lists load on the first check), then
once timed through both, back to back (alternating which goes first). The aim: check()'s
p95 under 20 ms for a 5,000-character post.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `bench`, `forum` and `tests` importable
    sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402
from forum.content import render_markdown  # noqa: E402
from forum.privacy import check  # noqa: E402
from tests.privacy import corpus_clean, corpus_identifiers  # noqa: E402

P95_AIM_MS = 20.0


def make_posts(count: int, length: int, seed: int) -> list[str]:
    """`count` posts of about `length` characters (cut after the last whole sentence);
    every other one carries identifiers."""
    rng = random.Random(seed)
    identifiers = [corpus_identifiers.unmark(body)[0] for _, body in corpus_identifiers.POSTS]
    posts = []
    for i in range(count):
        paragraphs: list[str] = []
        size = 0
        while size < length:
            paragraph = rng.choice(corpus_clean.POSTS)
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        if i % 2:
            for _ in range(rng.randint(1, 5)):
                paragraphs.insert(rng.randrange(len(paragraphs)), rng.choice(identifiers))
        if i % 3 == 0:  # some Markdown structure: headings, lists and quotes
            paragraphs = [
                rng.choice(("## ", "* ", "> ", "1. ", "")) + p if rng.random() < 0.4 else p
                for p in paragraphs
            ]
        body = "\n\n".join(paragraphs)[: length + 1]
        posts.append(body[: body.rfind(".") + 1])  # end on a whole sentence
    return posts


def time_both(posts: list[str]) -> tuple[list[float], list[float], int]:
    """Seconds per post for check() and render_markdown(), and how many posts had findings."""
    for body in posts:  # warm up: name lists, regex caches, Markdown's extensions
        check(body)
        render_markdown(body)
    checks: list[float] = []
    renders: list[float] = []
    flagged = 0
    for i, body in enumerate(posts):
        order = (check, render_markdown) if i % 2 == 0 else (render_markdown, check)
        for function in order:
            started = time.perf_counter()
            result = function(body)
            elapsed = time.perf_counter() - started
            if function is check:
                checks.append(elapsed)
                flagged += bool(result)
            else:
                renders.append(elapsed)
    return checks, renders, flagged


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def report(posts: list[str], checks: list[float], renders: list[float], flagged: int) -> bool:
    """Print the figures; True when check()'s p95 meets the aim."""
    mean_length = sum(len(p) for p in posts) / len(posts)
    print(
        f"Posts: {len(posts)}, mean {mean_length:,.0f} characters; "
        f"{flagged} with findings (half carry planted identifiers)"
    )
    print(f"\n{'':8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in (("check", checks), ("render", renders)):
        print(
            f"{name:8} {_ms(percentile(values, 0.5)):>8} {_ms(percentile(values, 0.95)):>8} "
            f"{_ms(max(values)):>8}"
        )
    p50_ratio = percentile(checks, 0.5) / percentile(renders, 0.5)
    p95_ratio = percentile(checks, 0.95) / percentile(renders, 0.95)
    print(f"check / render: p50 {p50_ratio:.2f}x, p95 {p95_ratio:.2f}x")
    p95_ms = percentile(checks, 0.95) * 1000
    met = p95_ms < P95_AIM_MS
    print(
        f"\nVerdict: check() p95 {p95_ms:.2f} ms {'meets' if met else 'misses'} the "
        f"{P95_AIM_MS:.0f} ms aim."
    )
    return met


def print_profile(posts: list[str], lines: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for body in posts:
        check(body)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    print(f"\n--- cProfile: check() over {len(posts)} posts, top {lines} by own time ---")
    print(out.getvalue().split("\n", 4)[-1].rstrip())


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200, help="posts to time (200)")
    parser.add_argument("--length", type=int, default=5000, help="characters a post (5000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the posts")
    parser.add_argument("--profile", action="store_true", help="cProfile one more pass")
    args = parser.parse_args(argv)
    if args.posts < 2 or args.length < 100:
        parser.error("need --posts >= 2 and --length >= 100")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    posts = make_posts(args.posts, args.length, args.seed)
    checks, renders, flagged = time_both(posts)
    report(posts, checks, renders, flagged)
    if args.profile:
        print_profile(posts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
