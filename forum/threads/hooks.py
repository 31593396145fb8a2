"""What features above threads plug into thread pages and forms.

threads sits below search, answers, notifications and mentorship and must not import
them; they register here at init_app instead, and the page's own query function
calls them, so templates never do I/O and a new feature is a registration, not an
edit here. What a feature can add to a thread page:

- an extra (`register_page_extra`): data for the page, as `extras[name]`;
- post columns (`register_post_columns`): values read with the page's posts, in the
  same query, as `post.more[label]` (a count or a mark per post costs no query);
- post parts (`register_post_parts`): badges and buttons shown on each post, and
  badges on its author card;
- a reply order (`register_post_order`): "?order=name" sorts the replies by it;
- a template part (`register_template`): a template included at a named place of
  threads/show.html, reading `thread`, `page` and `extras`;
- a forwarding address (`register_thread_redirect`): where the address of a thread that
  no longer exists (merged into another) leads, asked only when a thread is not found.

What a feature can add to posting: a check (`register_post_check`) that every new
thread, reply and edit passes before anything is saved, and that refuses with Invalid
(shown beside the field) or RateLimited (429). A confirmable check warns instead, with
NeedsConfirmation, until the author confirms it; what it returns for a confirmed post
reaches the post_added and post_edited events as `checks[name]` (the privacy guard
records the confirmation there).

What a feature can add to the editor (new thread, reply, edit): a draft review
(`register_draft_review`) run on the fields of a draft that is previewed, refused or
rewritten, with a template shown after the body field that reads `reviews[name]`; and
a draft action (`register_draft_action`): a submit button named "draft_action" with
the value "name:argument" rewrites the draft's fields without saving it (the privacy
guard's redaction buttons work without JavaScript this way). The history page shows
what a feature notes about each version (`register_history_notes`).

Changes to posts are announced as domain events (forum/events.py), not hooks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.threads.models import Post, Thread

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
    """What features add to a post: badges about the post (beside its date), buttons, and
    badges about its author (on the author card: a verified credential)."""

    badges: tuple[PostBadge, ...] = ()
    buttons: tuple[PostButton, ...] = ()
    author_badges: tuple[PostBadge, ...] = ()


@dataclass(frozen=True, slots=True)
class PostColumns:
    """Columns a feature adds to the thread page's posts query.

    columns() gives labelled SQL expressions over forum.threads.models.Post (correlated
    scalar subqueries or EXISTS, so the query keeps one row per post); it is called once,
    when the statement is built. params(viewer) gives the values of the bind parameters
    they use, per request.
    """

    columns: Callable[[], Sequence[Any]]
    params: Callable[[User | None], dict[str, Any]] | None = None


PageExtra = Callable[["Thread", "User | None", Sequence[Any]], Any]
PostPartsLoader = Callable[["Thread", "User | None", Sequence[Any]], dict[int, PostParts]]
# The ORDER BY clauses that sort a thread's replies (before date and id); built once per name.
PostOrder = Callable[[], Sequence[Any]]
SimilarFinder = Callable[["User | None", str], list["Thread"]]
# finder(thread_id) -> the id of the thread that took its place, or None.
ThreadRedirect = Callable[[int], "int | None"]
# check(author, body=, title=, thread=, post=): thread None for a new thread, post set for
# an edit; title only when it is new or changed.
PostCheck = Callable[..., None]

_page_extras: dict[str, PageExtra] = {}
_post_parts: dict[str, PostPartsLoader] = {}
_post_columns: dict[str, PostColumns] = {}
_built_columns: dict[tuple[str, ...], list[Any]] = {}
_orders: dict[str, tuple[str, PostOrder]] = {}
# slot -> [(template, when)]: `when(extras)` says whether this page needs it.
_templates: dict[str, list[tuple[str, Callable[[dict[str, Any]], bool] | None]]] = {
    slot: [] for slot in SLOTS
}
_similar: list[SimilarFinder] = []
_thread_redirects: list[ThreadRedirect] = []
_post_checks: dict[str, PostCheck] = {}
_confirmable: set[str] = set()
# review(fields) -> what the editor template shows; fields maps a field name to its text.
DraftReview = Callable[[Mapping[str, str]], Any]
# action(fields, argument) -> the fields it rewrote (name -> new text), or None.
DraftAction = Callable[[Mapping[str, str], str], "dict[str, str] | None"]
# notes(post) -> {version number: [notes]} for the history page.
HistoryNotes = Callable[["Post"], dict[int, list[str]]]
_draft_reviews: dict[str, tuple[DraftReview, str | None]] = {}
_draft_actions: dict[str, DraftAction] = {}
_history_notes: dict[str, HistoryNotes] = {}


def register_page_extra(name: str, loader: PageExtra) -> None:
    """Show `loader(thread, viewer, posts)` on every thread page as `extras[name]`;
    `posts` are the page's post rows."""
    _page_extras[name] = loader


def page_extras(thread: Thread, viewer: User | None, posts: Sequence[Any]) -> dict[str, Any]:
    return {name: loader(thread, viewer, posts) for name, loader in _page_extras.items()}


def register_post_columns(name: str, columns: PostColumns) -> None:
    """Read `columns` with every thread page's posts (idempotent by name)."""
    _post_columns[name] = columns
    _built_columns.clear()


def post_columns() -> list[Any]:
    """Every registered post column expression, in registration order (built once)."""
    key = post_columns_key()
    built = _built_columns.get(key)
    if built is None:
        built = [column for columns in _post_columns.values() for column in columns.columns()]
        _built_columns[key] = built
    return built


def post_column_labels() -> list[str]:
    """The labels of post_columns(), in the same order: the keys of each row's `more`."""
    return [column.key for column in post_columns()]


def post_columns_key() -> tuple[str, ...]:
    """Names of the registered post columns: a statement built for another key is stale."""
    return tuple(_post_columns)


def post_column_params(viewer: User | None) -> dict[str, Any]:
    """The bind parameters the post columns need for this viewer."""
    params: dict[str, Any] = {}
    for columns in _post_columns.values():
        if columns.params is not None:
            params.update(columns.params(viewer))
    return params


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
                else PostParts(
                    have.badges + parts.badges,
                    have.buttons + parts.buttons,
                    have.author_badges + parts.author_badges,
                )
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


def register_post_check(name: str, check: PostCheck, *, confirmable: bool = False) -> None:
    """Run `check` on every new thread, reply and edit before it is saved (idempotent by
    name). It raises forum.exceptions.Invalid(field, message) or RateLimited to refuse.
    A resubmitted form that lands on its first post is not checked again.

    A confirmable check is also passed `confirmed` (whether the author confirmed this
    check's warning): unconfirmed, it raises NeedsConfirmation to warn; confirmed, it
    returns what the post should record of the warning (None when there was none)."""
    _post_checks[name] = check
    if confirmable:
        _confirmable.add(name)
    else:
        _confirmable.discard(name)


def check_post(
    author: User,
    *,
    body: str,
    title: str | None,
    thread: Thread | None,
    post: Post | None,
    confirmed: Collection[str] = (),
) -> dict[str, Any]:
    """Run every registered post check, in registration order; `confirmed` names the
    confirmable checks whose warnings the author confirmed.

    Returns what the confirmed checks recorded, by check name (events carry it as
    `checks`). :raises Invalid: or RateLimited, from the first check that refuses
    (NeedsConfirmation from a confirmable check not confirmed).
    """
    recorded: dict[str, Any] = {}
    for name, check in _post_checks.items():
        if name in _confirmable:
            note = check(
                author, body=body, title=title, thread=thread, post=post,
                confirmed=name in confirmed,
            )
            if note is not None:
                recorded[name] = note
        else:
            check(author, body=body, title=title, thread=thread, post=post)
    return recorded


def register_thread_redirect(finder: ThreadRedirect) -> None:
    """Ask `finder(thread_id)` where a thread that was not found went (moderation's merges
    register one); it returns the id of the thread that took its place, or None."""
    _thread_redirects[:] = [finder]


def moved_thread(thread_id: int) -> int | None:
    """The thread that took the place of `thread_id` (merged into it), or None. Costs the
    finder's query: call it only for a thread that was not found."""
    return _thread_redirects[0](thread_id) if _thread_redirects else None


def confirmed_checks(form: Mapping[str, Any]) -> set[str]:
    """The confirmable checks whose warning the author confirmed in a submitted form:
    each check's box is named "confirm_<name>"."""
    return {name for name in _confirmable if form.get(f"confirm_{name}")}


def register_draft_review(
    name: str, review: DraftReview, template: str | None = None
) -> None:
    """Review every draft that is previewed, refused or rewritten with `review(fields)`;
    `template`, included after the editor's body field, shows `reviews[name]`."""
    _draft_reviews[name] = (review, template)


def review_draft(fields: Mapping[str, str | None]) -> dict[str, Any]:
    """Every registered review of a draft's fields (those with no text are left out)."""
    present = {name: text for name, text in fields.items() if text}
    return {name: review(present) for name, (review, _template) in _draft_reviews.items()}


def editor_templates() -> list[str]:
    """The templates the editor includes after its body field."""
    return [template for _review, template in _draft_reviews.values() if template]


def register_draft_action(name: str, action: DraftAction) -> None:
    """Let a "draft_action" button valued "name:argument" call `action(fields, argument)`."""
    _draft_actions[name] = action


def draft_action(value: str | None, fields: Mapping[str, str | None]) -> dict[str, str] | None:
    """Apply the draft action a pressed button names: the rewritten fields, or None when
    no action was pressed (an unknown one rewrites nothing: {})."""
    if not value:
        return None
    name, _sep, argument = value.partition(":")
    action = _draft_actions.get(name)
    if action is None:
        return {}
    present = {field: text for field, text in fields.items() if text}
    return action(present, argument) or {}


def register_history_notes(name: str, notes: HistoryNotes) -> None:
    """Show `notes(post)[version]` under each version on the post's history page."""
    _history_notes[name] = notes


def history_notes(post: Post) -> dict[int, list[str]]:
    """What every feature notes about each version of `post`, by version number."""
    merged: dict[int, list[str]] = {}
    for notes in _history_notes.values():
        for number, lines in notes(post).items():
            merged.setdefault(number, []).extend(lines)
    return merged
