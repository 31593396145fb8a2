"""Take a post's words out of stored mail before it is sent (forum/mail's outbox).

A post's text reaches mail in one place: a notification's excerpt
(forum/notifications/email_compose.py, the templates under notifications/email/).
Such a mail names the post by its permalink, …/posts/<id>. A mail about one post only
(a reply, a mention) is withdrawn: nothing in it is worth sending without the excerpt.
A digest is rewritten: the post's entry keeps its headline and link, and its excerpt
gives way to a note, so the member's other news still goes.

Then a last check, whatever the layout: a mail that still holds any of the words that
must not go (the redacted span, in any line wrapping; an excerpt of a hidden post's
versions, in a mail about that post) is withdrawn. The tests compose real notification
mail, so a change to its layout that this module does not follow fails there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

from forum.mail.service import Rewritten, rewrite_mail
from forum.redaction.spans import normalized

WITHDRAWN_NOTE = "[A moderator withdrew this post's text from the email.]"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Scrub:
    """What must leave the outbox for one post."""

    post_id: int
    # Every mail about the post is rewritten or withdrawn (a hide), or only those that
    # hold one of the words below (a redaction: the rest quote nothing it took out).
    whole_post: bool
    # Words that must not go in a mail about the post (its versions' excerpts).
    about_post: Sequence[str] = ()
    # Words that must not go in any mail (a redacted span, as Markdown and as plain text).
    anywhere: Sequence[str] = ()


def _permalink(post_id: int) -> str:
    """The post's address as mail spells it (any host, any mount prefix)."""
    return rf"https?://[^\s\"'<>]*/posts/{post_id}(?![\w/])"


def _holds(text: str, html: str | None, words: Sequence[str]) -> bool:
    """Whether the text part (in any wrapping) or the HTML part holds one of `words`."""
    flat_text, flat_html = normalized(text), normalized(html)
    for word in words:
        needle = normalized(word)
        if not needle:
            continue
        if needle in flat_text or (html and normalized(str(escape(needle))) in flat_html):
            return True
    return False


def _digest_text(text: str, link: str) -> tuple[str, int]:
    """A digest's text part without the excerpt of the entry that links to `link`.

    An entry is "* headline", its excerpt wrapped on lines indented by two spaces, then
    its link on a line of its own."""
    entry = re.compile(rf"^(\* [^\n]*\n)(?:  [^\n]*\n)*?(  {link}[ \t]*\n)", re.MULTILINE)
    return entry.subn(lambda m: f"{m.group(1)}  {WITHDRAWN_NOTE}\n{m.group(2)}", text)


def _digest_html(html: str, link: str) -> str:
    """A digest's HTML part without the excerpt of the entry that links to `link`."""
    entry = re.compile(
        rf'(<li>\s*<p><a href="{link}">[^<]*</a></p>)\s*<blockquote>.*?</blockquote>',
        re.DOTALL,
    )
    return entry.sub(lambda m: f"{m.group(1)}\n          <p><em>{WITHDRAWN_NOTE}</em></p>", html)


def scrub(order: Scrub) -> Rewritten:
    """Rewrite or withdraw the stored mail `order` names, in the caller's transaction."""
    link = _permalink(order.post_id)
    about = re.compile(link)

    def rewrite(text: str, html: str | None) -> tuple[str, str | None] | None:
        about_post = bool(about.search(text) or (html and about.search(html)))
        forbidden = list(order.anywhere) + (list(order.about_post) if about_post else [])
        if not (about_post and order.whole_post) and not _holds(text, html, forbidden):
            return text, html  # nothing of the post in it
        if about_post:
            text, entries = _digest_text(text, link)
            if not entries:
                return None  # a mail about this post alone
            if html:
                html = _digest_html(html, link)
        if _holds(text, html, forbidden):
            return None
        return text, html

    # The SQL narrowing: the post's address, or a word of what must not go anywhere (the
    # longest, which any line wrapping keeps whole).
    mentioning = [f"/posts/{order.post_id}"]
    for word in order.anywhere:
        words = _WORD.findall(word)
        mentioning.append(max(words, key=len) if words else word.strip())
    return rewrite_mail(mentioning, rewrite)
