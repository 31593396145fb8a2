"""Markdown to safe HTML: the only place that decides which HTML a post may contain."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from html import escape, unescape

import bleach
import markdown
from bleach.linkifier import LinkifyFilter, build_url_re
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup",
        "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"
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


# --- nested lists
# Python-Markdown nests a list only when it is indented by four spaces; most people (and
# CommonMark, GitHub, and every Markdown editor) indent by two or three. Of the extensions
# that change this, mdx_truly_sane_lists (1.3, 2022) stops four-space lists from nesting,
# drops an ordered list's start number and loses three-space lists past the second level,
# and Python-Markdown's own options cannot do it (tab_length also turns two-space
# indented text into code). So a small preprocessor re-indents list lines to the
# four-space layout Python-Markdown expects; text already written that way is unchanged.
_LIST_ITEM = re.compile(r" *(?:[*+-]|\d+\.) +\S")
_RULE = re.compile(r" *([*_-])(?: *\1){2,} *$")  # "* * *" is a horizontal rule, not an item
_QUOTE = re.compile(r" {0,3}> ?")
_MAX_QUOTE_DEPTH = 8


def _nest_lists(lines: list[str], quote_depth: int = 0) -> list[str]:
    """`lines` with each nested list item, and what continues it, moved to 4 spaces a level.

    An item nests under the item above it when indented by two to seven more spaces (eight
    or more is a code block inside that item). Lines that continue an item keep their
    indentation past the item's own four-space content column, so code inside items is kept.
    """
    out: list[str] = []
    open_items: list[tuple[int, int]] = []  # (marker column as written, nesting level)
    after_blank = True
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip():
            out.append(line)
            after_blank = True
            continue
        column = len(line) - len(line.lstrip(" "))
        is_item = _LIST_ITEM.match(line) is not None and _RULE.match(line) is None
        if after_blank and not is_item and open_items and column < open_items[0][0] + 2:
            open_items.clear()  # unindented text after a blank line ends the list
        after_blank = False
        if not open_items and _QUOTE.match(line) and quote_depth < _MAX_QUOTE_DEPTH:
            # A block quote: its inside is Markdown too, so do the same there.
            block = [line]
            while index < len(lines) and _QUOTE.match(lines[index]):
                block.append(lines[index])
                index += 1
            inner = [text[_QUOTE.match(text).end() :] for text in block]
            out.extend(
                ">" + (" " + text if text else "") for text in _nest_lists(inner, quote_depth + 1)
            )
            continue
        parents = [item for item in open_items if column >= item[0] + 2]
        if is_item and not parents and column <= 3:
            open_items[:] = [(column, 0)]  # a top-level item stays where it is
            out.append(line)
            continue
        if is_item and parents and column - parents[-1][0] < 8:
            level = parents[-1][1] + 1
            open_items[:] = [*parents, (column, level)]
            out.append(" " * (4 * level) + line[column:])
            continue
        if parents:  # text that continues the innermost item it is indented under
            marker_column, level = parents[-1]
            extra = max(0, column - marker_column - 4)
            line = " " * (4 * (level + 1) + extra) + line[column:]
        out.append(line)
    return out


class _NestedListPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return _nest_lists(lines)


class NestedListExtension(Extension):
    """Lists nest when indented by two or more spaces, as in CommonMark."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After fenced code (25) and raw HTML blocks (20) are set aside, so neither is touched.
        md.preprocessors.register(_NestedListPreprocessor(md), "rounds_nested_lists", 15)


MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists", NestedListExtension()]


def _markdown_to_html(text: str) -> str:
    # A fresh Markdown instance per call: instances keep state between conversions.
    return markdown.Markdown(
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    ).convert(text)


def render_markdown(text: str, mentions: Mapping[str, str] | None = None) -> str:
    """Render Markdown `text` to sanitised HTML that is safe to print unescaped.

    `mentions` maps lower-cased usernames to their profile paths: each "@name" of one of
    them becomes a link there (see link_mentions); other names stay plain text.
    """
    html = _cleaner.clean(link_references(_markdown_to_html(text)))
    return link_mentions(html, mentions) if mentions else html


# --- DOI and PMID references
# "doi:10.1056/NEJMoa2034577", "DOI 10.1001/jama.2020.1585", "PMID: 12345678": the label
# must not continue a word, path or address ("https://x.org/doi:10..." stays as it is; a
# doi.org address is linked by the linkifier). The DOI characters are Crossref's
# recommended set; a DOI ends before trailing punctuation (and an unmatched ")").
_REFERENCE = re.compile(
    r"(?<![\w/.@:-])(?:(doi)(?::[ \t]*|[ \t]+)(10\.\d{4,9}/[-._;()/:A-Za-z0-9]+)"
    r"|(pmid)(?::[ \t]*|[ \t]+)(\d{1,8})(?![\w]))",
    re.IGNORECASE,
)
_TRAILING = ".,;:"
# Where a reference stays text: inside a link (it goes somewhere already), code, or raw
# elements the cleaner drops anyway.
_NO_REFERENCES_IN = frozenset({"a", "code", "pre", "script", "style", "textarea"})


def _doi_end(doi: str) -> str:
    """`doi` without the punctuation that ends the sentence around it."""
    while doi:
        if doi[-1] in _TRAILING:
            doi = doi[:-1]
        elif doi[-1] == ")" and doi.count(")") > doi.count("("):
            doi = doi[:-1]
        else:
            break
    return doi


def _reference_link(match: re.Match) -> str:
    if match[1]:
        doi = _doi_end(match[2])
        label = match[0][: match.start(2) - match.start(0)] + doi
        rest = match[0][len(label) :]
        return f'<a href="https://doi.org/{escape(doi)}">{escape(label)}</a>{rest}'
    return f'<a href="https://pubmed.ncbi.nlm.nih.gov/{match[4]}/">{escape(match[0])}</a>'


def link_references(html: str) -> str:
    """Markdown's `html` with each DOI and PubMed ID outside links and code made a link to
    doi.org or PubMed. Runs before the cleaner, so the links pass the one allowlist and
    get the rel of every external link (_set_link_rel)."""
    if not _REFERENCE.search(html):
        return html
    out: list[str] = []
    depth = 0  # how many elements of _NO_REFERENCES_IN are open here
    position = 0
    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        out.append(_REFERENCE.sub(_reference_link, text) if depth == 0 else text)
        out.append(tag[0])
        if tag[2].lower() in _NO_REFERENCES_IN and not tag[0].endswith("/>"):
            depth = max(0, depth - 1) if tag[1] else depth + 1
        position = tag.end()
    rest = html[position:]
    out.append(_REFERENCE.sub(_reference_link, rest) if depth == 0 else rest)
    return "".join(out)


# --- @mentions
# A username (auth.models.USERNAME_PATTERN) after "@", where the "@" does not continue a
# word, an address or a path ("dr@clinic.org", "/@x"); the name ends where its characters do.
_MENTION = re.compile(r"(?<![A-Za-z0-9_@./+-])@([A-Za-z0-9_-]{3,30})(?![A-Za-z0-9_-])")
# Where "@name" is not a mention: inside a link (it already goes somewhere) or code.
_NO_MENTIONS_IN = frozenset({"a", "code", "pre"})
# The link link_mentions writes; the cleaner strips class from every <a> a post brings,
# so only these carry it, and mentioned_names can trust them.
_MENTION_LINK = re.compile(r'<a class="mention" href="[^"]*">@([A-Za-z0-9_-]{3,30})</a>')
MAX_MENTION_CANDIDATES = 50


def mention_candidates(text: str) -> list[str]:
    """Lower-cased names that look like @mentions in Markdown `text`, first appearance first
    (at most MAX_MENTION_CANDIDATES): the names to look up before rendering. A superset:
    some sit in code or links and will not be linked."""
    names: dict[str, None] = {}
    for match in _MENTION.finditer(text):
        names.setdefault(match[1].lower(), None)
        if len(names) >= MAX_MENTION_CANDIDATES:
            break
    return list(names)


def link_mentions(html: str, mentions: Mapping[str, str]) -> str:
    """Sanitised `html` with each "@name" of a known member (`mentions`: lower-cased name ->
    profile path) turned into a link, except inside links, code and preformatted text."""
    out: list[str] = []
    depth = 0  # how many <a>, <code> and <pre> elements are open here
    position = 0

    def linked(match: re.Match) -> str:
        path = mentions.get(match[1].lower())
        if path is None:
            return match[0]
        return f'<a class="mention" href="{escape(path)}">@{match[1]}</a>'

    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        out.append(_MENTION.sub(linked, text) if depth == 0 and "@" in text else text)
        out.append(tag[0])
        if tag[2].lower() in _NO_MENTIONS_IN and not tag[0].endswith("/>"):
            depth = max(0, depth - 1) if tag[1] else depth + 1
        position = tag.end()
    rest = html[position:]
    out.append(_MENTION.sub(linked, rest) if depth == 0 and "@" in rest else rest)
    return "".join(out)


def mentioned_names(html: str) -> list[str]:
    """Lower-cased usernames that rendered `html` links as @mentions, first one first."""
    return list(dict.fromkeys(name.lower() for name in _MENTION_LINK.findall(html)))


# A tag, with quoted attribute values that may contain ">".
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
# Inline elements sit inside words ("**calibration**?"): they leave no space behind.
# Every other tag ends or starts a block (or a line: br, img), which separates words.
_INLINE_TAGS = frozenset({"a", "abbr", "code", "del", "em", "strong", "sub", "sup"})
_SPACE = re.compile(r"\s+")


def _tag_to_text(match: re.Match) -> str:
    return "" if match[2].lower() in _INLINE_TAGS else " "


def html_to_text(html: str) -> str:
    """Plain text of already-sanitised HTML, for search and excerpts."""
    return _SPACE.sub(" ", unescape(_TAG.sub(_tag_to_text, html))).strip()


def excerpt(text: str, length: int = 200) -> str:
    """The first `length` characters of `text`, cut at a word boundary."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"
