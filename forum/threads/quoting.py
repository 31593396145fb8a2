"""Quoting a post into a reply: its Markdown as a block quote that links back to it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flask import url_for

from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.request_guards import MAX_ID
from forum.threads import service

if TYPE_CHECKING:
    from forum.threads.models import Thread

# Python-Markdown reads fenced code only at the start of a line, never inside a block
# quote, so a quoted fence becomes four-space indented code, which a quote does keep.
_FENCE = re.compile(r"(`{3,}|~{3,})")
# Characters that would change the attribution's link text (or open a tag) if left as they are.
_LINK_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _fences_as_indented_code(lines: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening:
            fence = opening[1]  # closed, as Python-Markdown reads it, by the same fence alone
            closing = next(
                (end for end in range(index + 1, len(lines)) if lines[end].rstrip(" ") == fence),
                None,
            )
            if closing is not None:  # an unclosed fence is plain text to Python-Markdown too
                if out and out[-1].strip():
                    out.append("")
                out.extend("    " + line for line in lines[index + 1 : closing])
                if closing + 1 < len(lines) and lines[closing + 1].strip():
                    out.append("")
                index = closing + 1
                continue
        out.append(lines[index])
        index += 1
    return out


def quote_markdown(body_md: str, author_name: str, permalink: str) -> str:
    """`body_md` as a Markdown block quote, closed by a line that names `author_name` and
    links to `permalink`, then a blank line for the reply to start after."""
    text = body_md.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    lines = _fences_as_indented_code(text.split("\n"))
    # Trailing spaces are kept: two of them are a line break in Markdown.
    quoted = ["> " + line if line.strip() else ">" for line in lines]
    name = _LINK_TEXT_SPECIAL.sub(r"\\\1", author_name).replace("<", "&lt;")
    return "\n".join([*quoted, ">", f"> — [{name}]({permalink})"]) + "\n\n"


def quote_for_reply(viewer: User, thread: Thread, post_id: int | None) -> str:
    """The quote that a reply to `thread` starts with for `?quote=<post_id>`, or "".

    Nothing is quoted, without an error, for an id that is not a visible post of this
    thread, or a post that is deleted or hidden (its text is not for republishing).
    """
    if post_id is None or not 1 <= post_id <= MAX_ID:
        return ""
    try:
        post = service.get_post(viewer, post_id)
    except NotFound:
        return ""
    if post.thread_id != thread.id or post.is_deleted or post.is_hidden:
        return ""
    author = db.session.get(User, post.author_id)
    return quote_markdown(
        post.body_md, author.display_name, url_for("threads.post", post_id=post.id)
    )
