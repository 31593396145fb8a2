"""Redacting a span of text: pure functions over strings, no database.

A redaction replaces every occurrence of one exact span with MARKER. Markers already in
a text are left alone, so redacting "red" never turns "[redacted]" into
"[[redacted]acted]".
"""

from __future__ import annotations

from forum import content
from forum.exceptions import Invalid

MARKER = "[redacted]"
SPAN_LENGTH = 2000  # longer than any identifier; a whole post is hidden, not redacted


def clean_span(text: str | None) -> str:
    """The span as the post's Markdown holds it: line breaks as the editor stores them
    (a browser sends CR LF), without the spaces around it.

    :raises Invalid: empty, too long, or the marker itself.
    """
    span = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not span:
        raise Invalid("text", "Paste the exact text to redact, as the Markdown above has it.")
    if len(span) > SPAN_LENGTH:
        raise Invalid(
            "text",
            f"Keep it under {SPAN_LENGTH} characters: to take a whole post away, hide it.",
        )
    if span in MARKER:
        raise Invalid("text", f"That is part of the marker {MARKER} itself: nothing to redact.")
    return span


def replace(text: str | None, span: str) -> tuple[str | None, int]:
    """`text` with every occurrence of `span` replaced by MARKER, and how many there were."""
    if not text:
        return text, 0
    if MARKER in span:  # the span takes in a marker: it cannot be kept whole
        return text.replace(span, MARKER), text.count(span)
    parts = text.split(MARKER)
    count = sum(part.count(span) for part in parts)
    if not count:
        return text, 0
    return MARKER.join(part.replace(span, MARKER) for part in parts), count


def plain(markdown: str) -> str:
    """What `markdown` reads as in plain text (a post's body_text, an email's excerpt)."""
    return content.html_to_text(content.render_markdown(markdown)).strip()


def normalized(text: str | None) -> str:
    """`text` with every run of white space as one space: wrapped lines compare equal."""
    return " ".join((text or "").split())
