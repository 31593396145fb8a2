"""Web identifiers: email addresses, links that point at a person, IP addresses.

Also the references that only look like identifiers (DOIs, PMIDs, trial registrations,
version numbers, links to journals and guidelines): `masks(text)` returns their spans, so
that no other detector reads a number inside them as a phone or an ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from forum.privacy.detect_words import Words, triggers
from forum.privacy.findings import Finding

EMAIL = re.compile(
    r"(?=[A-Za-z0-9])(?<![\w.+-])[A-Za-z0-9](?:[\w.+-]{0,63}[A-Za-z0-9_])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
# A link with its scheme or "www.", or a bare address on a site whose pages are people.
_SITES = (
    "facebook fb instagram twitter x linkedin tiktok youtube reddit threads snapchat pinterest "
    "tumblr imgur flickr gofundme justgiving caringbridge mychart wa t"
).split()
URL = re.compile(
    r"(?i)(?<![\w@/.-])(?:https?://|www\.|"
    rf"(?:{'|'.join(_SITES)})\.(?:com|net|me|org|co|ms|app)/)"
    r"[^\s<>\"'`|]+"
)
_URL_WORDS = triggers(["http", "https", "www", *_SITES])
_TRAILING = ".,;:!?'\"*_"

# Hosts whose pages are people (profiles, photos, shared files, fund-raisers).
_SOCIAL = re.compile(
    r"(?:^|\.)(?:facebook\.com|fb\.com|instagram\.com|twitter\.com|x\.com|linkedin\.com|"
    r"tiktok\.com|youtube\.com|youtu\.be|reddit\.com|threads\.net|snapchat\.com|"
    r"pinterest\.[a-z.]+|tumblr\.com|bsky\.app|mastodon\.[a-z.]+|vk\.com|wa\.me|t\.me)$"
)
_PHOTO = re.compile(
    r"(?:^|\.)(?:imgur\.com|flickr\.com|photos\.google\.com|photos\.app\.goo\.gl|"
    r"drive\.google\.com|dropbox\.com|icloud\.com|1drv\.ms|onedrive\.live\.com|box\.com|"
    r"wetransfer\.com|we\.tl|ibb\.co|postimg\.cc|photobucket\.com|smugmug\.com)$"
)
_ABOUT_PERSON = re.compile(
    r"(?:^|\.)(?:gofundme\.com|justgiving\.com|caringbridge\.org|legacy\.com|"
    r"findagrave\.com|everloved\.com)$"
)
_PORTAL_HOST = re.compile(
    r"(?:^|[.-])(?:mychart|patientportal|portal|myhealth|followmyhealth|healthelife|"
    r"patient|patients|ehr|emr)(?:[.-]|$)"
)
_PORTAL_PATH = re.compile(
    r"(?i)(?:/(?:mychart|portal|patients?|ehr|emr|chart|records?|encounters?)(?:/|$)|"
    r"[?&](?:patient(?:_?id)?|pt(?:_?id)?|pid|mrn|chart|encounter|member(?:_?id)?|dob)=)"
)
_PROFILE_PATH = re.compile(
    r"(?i)/(?:in|u|user|users|profile|profiles|people|person|members?|obituar(?:y|ies))(?:/|$)"
    r"|/@[\w.-]+|/~[\w.-]+"
)
_IMAGE_FILE = re.compile(r"(?i)\.(?:jpe?g|png|gif|heic|heif|webp|bmp|tiff?|dcm)(?:$|[?#])")
# Publishers, registries and references: an image there is a figure, not a person.
_REFERENCE = re.compile(
    r"(?:^|\.)(?:doi\.org|nih\.gov|nejm\.org|thelancet\.com|bmj\.com|nature\.com|"
    r"jamanetwork\.com|ahajournals\.org|sciencedirect\.com|springer\.com|wiley\.com|"
    r"elsevier\.com|who\.int|cdc\.gov|fda\.gov|nice\.org\.uk|nhs\.uk|wikipedia\.org|"
    r"wikimedia\.org|radiopaedia\.org|uptodate\.com|medscape\.com|escardio\.org|acc\.org|"
    r"clinicaltrials\.gov|cochranelibrary\.com|github\.com|gov\.uk|europa\.eu|ema\.europa\.eu)$"
)

# References that only look like identifiers; masked so their digits are never read.
# Those introduced by a word ("doi:", "PMID", "version"), tried where the word is ...
_MASKS = re.compile(
    r"(?i)doi:?\s*10\.\d{4,9}/\S+|PMID:?\s*\d{1,9}\b|PMCID:?\s*PMC\d+\b"
    r"|EudraCT(?:\s+(?:number|no\.?))?:?\s*\d{4}-\d{6}-\d{2}\b"
    r"|ISBN(?:-1[03])?:?\s*(?:\d[\s-]?){9,12}[\dX]\b|ISSN:?\s*\d{4}-\d{3}[\dX]\b"
    r"|arXiv:\s*\d{4}\.\d{4,5}\b|(?:ver\.?|version|release|build|firmware|software)\s?\d+(?:\.\d+){1,4}\b"
)
_MASK_WORDS = triggers(
    "doi pmid pmcid eudract isbn issn arxiv ver version release build firmware software".split()
)
# ... and those that are one word: a DOI, a trial registration, "v2.3.1".
_MASK_TOKENS = re.compile(
    r"(?=[1PNIACDUEvV])(?<![\w.])(?:10\.\d{4,9}/[-._;()/:A-Za-z0-9]+|PMC\d{4,9}\b"
    r"|(?:NCT\d{8}|ISRCTN\d{8}|ACTRN\d{14}|ChiCTR[-\d]{6,}|DRKS\d{8}|CRD\d{8,}"
    r"|UMIN\d{9}|EUCTR[-\d]+|CTRI/\d{4}/\d+/\d+)\b|[vV]\d+(?:\.\d+){1,4}\b)"
)

IPV4 = re.compile(
    r"(?=\d)(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?![\w]|\.\d)"
)
IPV6 = re.compile(
    r"(?i)(?=[0-9a-f])(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|"
    r"(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})(?![\w:])"
)
_IP_CUE = re.compile(r"(?i)\b(?:IP|IPv[46]|address|logged|login|server|host|connected|from)\b")
# Dotted numbers that are sections, versions or codes, not machines.
_NOT_IP_BEFORE = re.compile(
    r"(?i)(?:\b(?:version|ver|v|release|build|section|sec|chapter|ch|table|figure|fig|para"
    r"|paragraph|recommendation|rec|step|item|rule|criterion|clause|standard|code|icd-?\d*"
    r"|page|p|pp|no)\.?|§)\s*$"
)


def masks(text: str, words: Words) -> list[tuple[int, int]]:
    """The spans of references that look like identifiers but are not (DOIs, PMIDs, ...)."""
    spans = [(m.start(), m.end()) for m in words.matches(_MASKS, _MASK_WORDS)]
    return spans + [(m.start(), m.end()) for m in _MASK_TOKENS.finditer(text)]


def _trim_url(text: str, start: int, end: int) -> int:
    """End of the link at `start`, less the punctuation and brackets that close a sentence."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        elif last == "]":
            end -= 1
        else:
            break
    return end


def url_label(url: str) -> str | None:
    """What a link points at, when it points at a person; None for other links."""
    address = url if "://" in url else "http://" + url
    try:
        parts = urlsplit(address)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    path = parts.path + ("?" + parts.query if parts.query else "")
    if _SOCIAL.search(host):
        return "looks like a link to a social-media profile"
    if _PHOTO.search(host):
        return "looks like a link to a shared photo or file"
    if _ABOUT_PERSON.search(host):
        return "looks like a link about a person"
    if _REFERENCE.search(host):
        return None
    if _PORTAL_HOST.search(host) or _PORTAL_PATH.search(path):
        return "looks like a patient-portal link"
    if _IMAGE_FILE.search(path):
        return "looks like a link to a photo"
    if _PROFILE_PATH.search(path):
        return "looks like a link to a person's profile"
    return None


def find(text: str, words: Words) -> Iterator[Finding | tuple[int, int]]:
    """Emails, person links and IP addresses as Findings; other links as masked spans."""
    if "@" in text:
        for m in EMAIL.finditer(text):
            yield Finding(m.start(), m.end(), "email", "looks like an email address")
    for m in words.matches(URL, _URL_WORDS):
        end = _trim_url(text, m.start(), m.end())
        label = url_label(text[m.start() : end])
        if label is None:
            yield (m.start(), end)
        else:
            yield Finding(m.start(), end, "url", label)
    for m in IPV4.finditer(text):
        before = text[max(0, m.start() - 24) : m.start()]
        if _NOT_IP_BEFORE.search(before):
            continue
        digits = sum(len(octet) for octet in m.group().split("."))
        if digits >= 7 or _IP_CUE.search(text, max(0, m.start() - 40), m.start()):
            yield Finding(m.start(), m.end(), "ip", "looks like an IP address")
    for m in IPV6.finditer(text) if text.count(":") >= 3 else ():
        groups = [g for g in m.group().split(":") if g]
        if len(groups) >= 3 and any(len(g) >= 3 for g in groups):
            yield Finding(m.start(), m.end(), "ip", "looks like an IP address")
