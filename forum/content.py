"""Markdown to safe HTML: the only place that decides which HTML a post may contain."""

from __future__ import annotations

import re
from functools import partial
from html import unescape

import bleach
import markdown
from bleach.linkifier import LinkifyFilter, build_url_re

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup",
        "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"
MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
# Tables align cells with style="text-align: ..." by default, which the cleaner strips (no style
# attribute is ever allowed); the align attribute carries the same information safely.
MARKDOWN_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

# The linkifier runs after the sanitiser, so its hrefs are never checked against
# ALLOWED_PROTOCOLS: by default it would turn "data:evil.com/x" (or ftp:, xmpp:...) into a link.
# Only bare http(s) URLs and www.-style domains become links.
_LINKIFY_URL_RE = build_url_re(protocols=["http", "https"])
# Browsers ignore tabs and newlines anywhere in a URL and read "\" as "/" in http(s) URLs.
_URL_IGNORED = re.compile(r"[\t\n\r]")
# ...and strip C0 controls and spaces from both ends.
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_HTTPS = re.compile(r"https:", re.IGNORECASE)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Attribute allowlist; images only from https, so no mixed content or tracking over http."""
    if tag == "a":
        return name in {"href", "title"}
    if tag == "img":
        if name == "src":
            # Not urlsplit: it raises on e.g. "https://[x", which would make a post unrenderable.
            # Character references in the scheme are not decoded here, so they fail too.
            return _HTTPS.match(_URL_IGNORED.sub("", value).strip(_C0_AND_SPACE)) is not None
        return name in {"alt", "title"}
    if tag == "abbr":
        return name == "title"
    if tag in {"td", "th"}:
        return name == "align" and value in {"left", "right", "center"}
    if tag == "ol":
        return name == "start" and value.isdigit()
    if tag == "code":
        # fenced_code marks the language as class="language-x"; keep only that shape.
        return name == "class" and re.fullmatch(r"language-[A-Za-z0-9_+-]{1,30}", value) is not None
    return False


def _set_link_rel(attrs: dict, new: bool = False) -> dict | None:
    """Linkify callback: every link that leaves the page gets rel=nofollow noopener ugc.

    Only "/path" and "#fragment" stay on the site; "//host" and "/\\host" are other sites.
    bleach hands callbacks the raw attribute, so character references are decoded first.
    """
    href = _URL_IGNORED.sub("", unescape(attrs.get((None, "href"), ""))).replace("\\", "/")
    if href.startswith(("/", "#")) and not href.startswith("//"):
        return attrs
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        partial(
            LinkifyFilter,
            callbacks=[_set_link_rel],
            skip_tags={"pre", "code"},
            url_re=_LINKIFY_URL_RE,
        )
    ],
)


def _markdown_to_html(text: str) -> str:
    # A fresh Markdown instance per call: instances keep state between conversions.
    return markdown.Markdown(
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    ).convert(text)


def render_markdown(text: str) -> str:
    """Render Markdown `text` to sanitised HTML that is safe to print unescaped."""
    return _cleaner.clean(_markdown_to_html(text))


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """Plain text of already-sanitised HTML, for search and excerpts."""
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html))).strip()


def excerpt(text: str, length: int = 200) -> str:
    """The first `length` characters of `text`, cut at a word boundary."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"
