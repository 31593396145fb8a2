"""The detector on whole posts: how many identifier posts it warns on (and whether it
points at the planted identifier), and how many clean posts it leaves alone.

Run with -s to see the figures: .venv/bin/pytest -q -s tests/privacy/test_corpus.py
"""

from __future__ import annotations

from collections import Counter

from forum.privacy import KINDS, check
from tests.privacy import corpus_clean, corpus_identifiers
from tests.privacy.corpus_identifiers import unmark

RECALL_AIM = 0.95  # identifier posts warned on, with a finding over the planted identifier
FALSE_ALARM_LIMIT = 0.05  # clean posts warned on


def _overlaps(finding, spans: list[tuple[int, int]]) -> bool:
    return any(finding.start < end and start < finding.end for start, end in spans)


def _identifier_results() -> tuple[Counter, Counter, list[str]]:
    """Per kind: posts, posts whose planted identifier a finding covers; and the misses."""
    posts: Counter = Counter()
    caught: Counter = Counter()
    misses: list[str] = []
    for kind, body in corpus_identifiers.POSTS:
        text, spans = unmark(body)
        posts[kind] += 1
        if any(_overlaps(f, spans) for f in check(text)):
            caught[kind] += 1
        else:
            misses.append(f"  missed {kind}: {[text[a:b] for a, b in spans]} in {text[:70]!r}")
    return posts, caught, misses


def _report(posts: Counter, caught: Counter, alarms: list[str]) -> str:
    total = sum(posts.values())
    lines = [
        f"identifier posts warned on (at the identifier): {sum(caught.values())}/{total} "
        f"= {sum(caught.values()) / total:.1%}",
        f"clean posts warned on: {len(alarms)}/{len(corpus_clean.POSTS)} "
        f"= {len(alarms) / len(corpus_clean.POSTS):.1%}",
        "recall per kind:",
        *(
            f"  {kind:12} {caught[kind]:3}/{posts[kind]:<3} {caught[kind] / posts[kind]:6.1%}"
            for kind in KINDS
        ),
    ]
    return "\n".join(lines)


def _clean_alarms() -> list[str]:
    alarms = []
    for body in corpus_clean.POSTS:
        found = check(body)
        if found:
            spans = [f"{body[f.start : f.end]!r} ({f.kind})" for f in found]
            alarms.append(f"  false alarm: {', '.join(spans)} in {body[:70]!r}")
    return alarms


def test_the_corpora_are_big_enough_and_cover_every_kind():
    kinds = Counter(kind for kind, _ in corpus_identifiers.POSTS)
    assert len(corpus_identifiers.POSTS) >= 110
    assert len(corpus_clean.POSTS) >= 110
    assert set(kinds) == set(KINDS)
    assert min(kinds.values()) >= 4
    for kind in ("name", "date", "phone", "address"):
        assert kinds[kind] >= 10, kind
    for _, body in corpus_identifiers.POSTS:
        text, spans = unmark(body)
        assert spans and "⟦" not in text and "⟧" not in text, body
        assert all(text[a:b].strip() == text[a:b] for a, b in spans), body


def test_guard_warns_on_identifier_posts_and_not_on_clean_ones():
    posts, caught, misses = _identifier_results()
    alarms = _clean_alarms()
    report = _report(posts, caught, alarms)
    print("\n" + report + ("\n" + "\n".join(misses + alarms) if misses or alarms else ""))
    recall = sum(caught.values()) / sum(posts.values())
    false_alarms = len(alarms) / len(corpus_clean.POSTS)
    detail = "\n".join([report, *misses, *alarms])
    assert recall >= RECALL_AIM, detail
    assert false_alarms <= FALSE_ALARM_LIMIT, detail


def test_findings_on_identifier_posts_name_the_planted_kind():
    """The finding over the planted identifier is of its kind (a phone is not an "ID")."""
    wrong = []
    for kind, body in corpus_identifiers.POSTS:
        text, spans = unmark(body)
        kinds = {f.kind for f in check(text) if _overlaps(f, spans)}
        if kinds and kind not in kinds:
            wrong.append(f"{kind} found as {sorted(kinds)}: {[text[a:b] for a, b in spans]}")
    # A few overlaps are legitimately two kinds at once (an address that carries its ZIP).
    assert len(wrong) <= len(corpus_identifiers.POSTS) // 20, "\n".join(wrong)
