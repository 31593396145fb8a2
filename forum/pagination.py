"""A page of results plus the numbers templates need to link to its neighbours."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import request

from forum.exceptions import NotFound


def page_arg(name: str = "page") -> int:
    """The requested page number; anything that is not a positive integer means 1."""
    raw = request.args.get(name, "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 and int(raw) > 0 else 1


@dataclass
class Page:
    items: list[Any]
    number: int
    per_page: int
    total: int
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link, with None where a gap ('…') goes."""
        wanted = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        shown = sorted(n for n in wanted if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in shown:
            if out and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out


def check_page(number: int, total: int, per_page: int) -> None:
    """:raises NotFound: when `number` is past the last page."""
    if number > 1 and (number - 1) * per_page >= total:
        raise NotFound("There is no such page.")
