"""What features above threads plug into thread pages and forms.

threads sits below search, answers, notifications and mentorship and must not import
them; they register here at init_app instead, and the page's own query function
calls them, so templates never do I/O and a new feature is a registration, not an
edit here. What a feature can add to a thread page:

- an extra (`register_page_extra`): data for the page, as `extras[name]`;
- post parts (`register_post_parts`): badges and buttons shown on each post;
- a reply order (`register_post_order`): "?order=name" sorts the replies by it;
- a template part (`register_template`): a template included at a named place of
  threads/show.html, reading `thread`, `page` and `extras`.

Changes to posts are announced as domain events (forum/events.py), not hooks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.threads.models import Thread

# Where threads/show.html includes registered templates.
SLOTS = ("thread_header", "below_opening", "after_posts")


@dataclass(frozen=True, slots=True)
class PostBadge:
    """A label on a post ("Accepted answer"); css names its style (badge-<css>)."""

    label: str
    css: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class PostButton:
    """A one-click action on a post: a POST form to `action` with the page's CSRF token.

    pressed is None for a plain action, or whether the viewer's mark is on (shown with
    aria-pressed); count is shown beside the label when not None. A button shown
    without `action` (disabled) states a count the viewer cannot change.
    """

    label: str
    action: str | None
    pressed: bool | None = None
    count: int | None = None
    css: str = ""
    title: str | None = None


@dataclass(frozen=True, slots=True)
class PostParts:
    badges: tuple[PostBadge, ...] = ()
    buttons: tuple[PostButton, ...] = ()


PageExtra = Callable[["Thread", "User | None", Sequence[Any]], Any]
PostPartsLoader = Callable[["Thread", "User | None", Sequence[Any]], dict[int, PostParts]]
# The ORDER BY clauses that sort a thread's replies (before date and id); built once per name.
PostOrder = Callable[[], Sequence[Any]]
SimilarFinder = Callable[["User | None", str], list["Thread"]]

_page_extras: dict[str, PageExtra] = {}
_post_parts: dict[str, PostPartsLoader] = {}
_orders: dict[str, tuple[str, PostOrder]] = {}
# slot -> [(template, when)]: `when(extras)` says whether this page needs it.
_templates: dict[str, list[tuple[str, Callable[[dict[str, Any]], bool] | None]]] = {
    slot: [] for slot in SLOTS
}
_similar: list[SimilarFinder] = []


def register_page_extra(name: str, loader: PageExtra) -> None:
    """Show `loader(thread, viewer, posts)` on every thread page as `extras[name]`;
    `posts` are the page's post rows."""
    _page_extras[name] = loader


def page_extras(thread: Thread, viewer: User | None, posts: Sequence[Any]) -> dict[str, Any]:
    return {name: loader(thread, viewer, posts) for name, loader in _page_extras.items()}


def register_post_parts(name: str, loader: PostPartsLoader) -> None:
    """Add `loader(thread, viewer, posts)[post.id]` (a PostParts) to each post of a page."""
    _post_parts[name] = loader


def post_parts(thread: Thread, viewer: User | None, posts: Sequence[Any]) -> dict[int, PostParts]:
    """Each post's badges and buttons from every registered loader, in registration order."""
    merged: dict[int, PostParts] = {}
    for loader in _post_parts.values():
        for post_id, parts in loader(thread, viewer, posts).items():
            have = merged.get(post_id)
            merged[post_id] = (
                parts
                if have is None
                else PostParts(have.badges + parts.badges, have.buttons + parts.buttons)
            )
    return merged


def register_post_order(name: str, label: str, order: PostOrder) -> None:
    """Offer "?order=`name`" (shown as `label`) on thread pages: the opening post stays
    first and the replies follow `order()`, then date."""
    _orders[name] = (label, order)


def post_orders() -> dict[str, str]:
    """The registered reply orders, name → label (the default, by date, is not one)."""
    return {name: label for name, (label, _order) in _orders.items()}


def post_order(name: str) -> PostOrder | None:
    entry = _orders.get(name)
    return entry[1] if entry else None


def register_template(
    slot: str, template: str, when: Callable[[dict[str, Any]], bool] | None = None
) -> None:
    """Include `template` at `slot` of thread pages (idempotent); with `when`, only on
    pages whose extras it approves (an include costs a copy of the page's context, so
    a part with nothing to show, a guest's watch control, is better left out)."""
    if slot not in _templates:
        raise ValueError(f"unknown thread page slot {slot!r}; slots are {SLOTS}")
    if all(name != template for name, _when in _templates[slot]):
        _templates[slot].append((template, when))


def templates(extras: dict[str, Any]) -> dict[str, list[str]]:
    """The templates this page includes at each slot of threads/show.html."""
    return {
        slot: [name for name, when in parts if when is None or when(extras)]
        for slot, parts in _templates.items()
    }


def register_similar_finder(finder: SimilarFinder) -> None:
    """The function that finds threads like a title being typed (search registers one)."""
    _similar[:] = [finder]


def similar_threads(viewer: User | None, title: str) -> list[Thread]:
    """Threads like `title` that `viewer` may see; none when no finder is registered."""
    return _similar[0](viewer, title) if _similar else []
