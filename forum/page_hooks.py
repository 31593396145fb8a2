"""Registries of what features above a package add to one of its pages.

A lower package (browse, profiles) must not import the features above it; it keeps a
`PageHooks` for each page that takes additions, the features register into it at
init_app, and the page's own query function calls `page_extras`, so templates never
do I/O. Thread pages have their own, richer registry (forum/threads/hooks.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Loader = Callable[[Any, Any], Any]  # (the page's object, viewer) -> the part's data
When = Callable[[dict[str, Any]], bool]


class PageHooks:
    """The extras and template parts registered for one page, with named slots."""

    def __init__(self, page: str, slots: tuple[str, ...]):
        self.page = page
        self.slots = slots
        self._extras: dict[str, Loader] = {}
        self._templates: dict[str, list[tuple[str, When | None]]] = {s: [] for s in slots}

    def register_page_extra(self, name: str, loader: Loader) -> None:
        """Give every page `loader(obj, viewer)` as `extras[name]` (idempotent by name).
        A loader should cost at most one query, and none where it has nothing to show."""
        self._extras[name] = loader

    def page_extras(self, obj: Any, viewer: Any) -> dict[str, Any]:
        """Every registered extra of the page of `obj`, as `viewer` sees it."""
        return {name: loader(obj, viewer) for name, loader in self._extras.items()}

    def register_template(self, slot: str, template: str, when: When | None = None) -> None:
        """Include `template` at `slot` (idempotent); with `when`, only on pages whose
        extras it approves.

        :raises ValueError: no such slot on this page.
        """
        if slot not in self._templates:
            raise ValueError(f"unknown {self.page} slot {slot!r}; slots are {self.slots}")
        if all(name != template for name, _when in self._templates[slot]):
            self._templates[slot].append((template, when))

    def templates(self, extras: dict[str, Any]) -> dict[str, list[str]]:
        """The templates a page with these extras includes at each slot."""
        return {
            slot: [name for name, when in parts if when is None or when(extras)]
            for slot, parts in self._templates.items()
        }
