"""The patient-privacy guard's detector: check(text) -> findings.

A placeholder until the real detector lands: it finds phone numbers and dates of birth
only, with the interface the rest of the guard is built on.
"""

from __future__ import annotations

import re

from forum.privacy.findings import Finding

_PHONE = re.compile(r"\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b")
_DOB = re.compile(r"(?i)\b(?:dob|born)\b[:\s]*(\d{1,2}/\d{1,2}/\d{2,4})")


def check(text: str) -> list[Finding]:
    """The spans of `text` that look like patient identifiers, in order of position."""
    found = [
        Finding(m.start(), m.end(), "phone", "looks like a phone number")
        for m in _PHONE.finditer(text)
    ]
    found += [
        Finding(m.start(1), m.end(1), "date", "looks like a date of birth")
        for m in _DOB.finditer(text)
    ]
    return sorted(found, key=lambda f: (f.start, f.end))
