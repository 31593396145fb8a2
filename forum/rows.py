"""Rows that pages show, read with Core into small objects rather than as ORM instances.

Listings and the thread page show many rows and change none. Loading them as ORM
objects (an identity map entry, instance state and, for topics, a relationship
collection each) took about half of those pages' time. A row holds exactly the
columns its template shows. Asking it for anything else fails loudly, as
lazy="raise" does for models, instead of Jinja rendering an empty Undefined.
"""

from __future__ import annotations

from dataclasses import dataclass


class StrictRow:
    """Base for rows: a missing attribute raises LookupError, which Jinja does not swallow."""

    __slots__ = ()

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and friends probe for optional hooks
            raise AttributeError(name)
        raise LookupError(f"{type(self).__name__} has no {name!r}: add it to the query")


@dataclass(frozen=True, slots=True)
class Person(StrictRow):
    """A user as a listing names and links them."""

    username: str
    display_name: str


@dataclass(frozen=True, slots=True)
class Tag(StrictRow):
    """A specialty or research topic as a page links to it."""

    slug: str
    name: str
