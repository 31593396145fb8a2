"""The words of a post and where each starts, read once per check.

Python's `re` tries a pattern at every position of the text, which makes a pattern that
starts with a long list of cue words ("MRN|member ID|serial no.|...") slow over a
5,000-character post. The detectors look the cue's first word up here instead and try
the pattern only where one of those words starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WORD = re.compile(r"\w+")


class Words:
    """Where each lower-cased word of `text` starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._at: dict[str, list[int]] = {}
        for m in _WORD.finditer(text):
            self._at.setdefault(m.group().lower(), []).append(m.start())

    def starts(self, words: frozenset[str]) -> list[int]:
        """Where any of `words` (lower case) starts, in order."""
        found: list[int] = []
        for word in words & self._at.keys():
            found.extend(self._at[word])
        found.sort()
        return found

    def matches(self, pattern: re.Pattern[str], words: frozenset[str]) -> Iterator[re.Match[str]]:
        """pattern.match at each place one of `words` starts, left to right, not overlapping."""
        end = 0
        for start in self.starts(words):
            if start < end:
                continue
            m = pattern.match(self.text, start)
            if m is not None:
                end = m.end()
                yield m


def triggers(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)
