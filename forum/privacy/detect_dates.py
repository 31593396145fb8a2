"""Dates tied to a person, and ages over 89.

A date is any of the common ways of writing a day: 03/04/1950, 3.4.50, 2023-03-04,
4 March 2023, 4th of March, March 4th, 2023, 04-Mar-2023; or a month and year after a
word that ties it to a person ("born in June 1931"). A year alone is never a finding.

The words around a date say whose it is. A complete date (day, month and year) is a
finding unless the sentence ties it to a publication or an event that is nobody's (a
guideline update, a meeting, a deadline); a day and month without the year only when the
sentence is about a patient (an admission, a scan, "she", "Mr ..."), since "the rota
changes on 4 August" is nobody's. The label names the event when a word says it: "looks
like a date of birth", "looks like a date of admission".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.detect_words import Words, triggers
from forum.privacy.findings import Finding

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June|Jun\.?|July"
    r"|Jul\.?|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?"
    r"|Dec(?:ember|\.)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR4 = r"(?:1[89]\d\d|20\d\d)"
# Each pattern starts with a look-ahead at its first character, which lets `re` skip
# the positions where it cannot start instead of trying it at every one.
_STARTS_DATE = r"(?=[\dJFMASONDjfmasond])"
# Complete dates: a day, a month and a year. The month's name in any case.
_FULL = re.compile(
    rf"(?i){_STARTS_DATE}(?<![\w/.-])"
    rf"(?:{_DAY}(?:\s+of)?\s+{_MONTH},?\s+(?:{_YEAR4}|'\d\d)"
    rf"|{_DAY}(?P<sep>-?){_MONTH}(?P=sep)(?:{_YEAR4}|\d\d)"
    rf"|{_MONTH}\s+{_DAY},?\s+{_YEAR4})"
    r"(?![\w/]|[.-]\d)"
)
_NUMERIC = re.compile(
    r"(?=\d)(?<![\w/.:-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?![\w/:]|[.-]\d)"
)
_ISO = re.compile(
    r"(?=\d)(?<![\w/.:-])(?P<y>1[89]\d\d|20\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?![\w/:]|[.-]\d)"
)
# A day and a month without the year; the month capitalised ("may 12" is not a date).
_PARTIAL = re.compile(
    rf"{_STARTS_DATE}(?<![\w/.-])(?:{_DAY}(?:\s+of)?\s+(?-i:{_MONTH})(?!\w)"
    rf"|(?-i:{_MONTH})\s+{_DAY}(?![\w:/]|[.,]\d))"
)
_SLASH_DAY = re.compile(r"(?=\d)(?<![\w/.:-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/:]|[.,]\d)")
_MONTH_YEAR = re.compile(
    rf"{_STARTS_DATE}(?<![\w/.-])(?:(?-i:{_MONTH})\s+{_YEAR4}|(?:0?[1-9]|1[0-2])/{_YEAR4})(?![\w/]|[.-]\d)"
)

# What ties a date to a person; the nearest word before the date (else after it) wins.
_EVENTS = re.compile(
    r"(?i)(?<![\w-])(?:"
    r"(?P<birth>dob|d\.o\.b\.?|date\s+of\s+birth|birth\s?date|born|birthday|(?-i:b\.))"
    r"|(?P<death>died|death|deceased|passed\s+away|(?-i:DOD)|expired|demise|post-?mortem|autopsy"
    r"|funeral)"
    r"|(?P<discharge>discharg\w*|d/c|dc'?d|sent\s+home|went\s+home)"
    r"|(?P<admission>admit(?:ted|ting)?|admission|adm|(?-i:DOA)|readmi\w+|presented|presentation"
    r"|came\s+in|brought\s+in|arrived|transferred|(?-i:ED|A&E|ER)|emergency\s+department)"
    r"|(?P<procedure>surgery|surgical|operat(?:ed|ion)|procedure|(?-i:op)|underwent|biops\w*"
    r"|scan(?:ned)?|(?-i:CT|MRI|PET|ECG|EKG|PCI|CABG|TAVI|EGD)|echo\w*|angio\w*|\w+ectomy"
    r"|\w+otomy|\w+ostomy|\w+plasty|\w+scopy|transplant\w*|implant\w*|resect\w*|repair\w*"
    r"|delivered|delivery|c-?section|ca?esarean|induction|infusion|chemo\w*|radiotherapy"
    r"|vaccinat\w*|intubat\w*|extubat\w*|fractured?|fell|fall|injur\w*|accident|collapsed"
    r"|arrest|stroke|diagnos\w*|onset)"
    r"|(?P<visit>seen|visit\w*|appointment|appt|clinic|follow[- ]?up|f/u|reviewed|consult\w*"
    r"|encounter|telehealth|attended)"
    r")(?![\w-])"
)
_PERSON = re.compile(
    r"(?i)(?<![\w-])(?:patient|pt|he|she|his|her|him|hers|mr|mrs|ms|miss|mother|father|mum"
    r"|mom|dad|son|daughter|wife|husband|baby|infant|child|toddler|woman|man|gentleman|lady"
    r"|girl|boy|grandmother|grandfather|started|commenced|stopped|restarted)(?![\w-])"
)
_NOT_PERSONAL = re.compile(
    r"(?i)(?<![\w-])(?:published|publication|approved|approval|licensed|guidelines?|guidance"
    r"|released?|updated?|version|webinar|conference|congress|meeting|symposium|journal\s+club"
    r"|deadline|abstracts?|submissions?|registration|course|session|workshop|launch(?:ed)?"
    r"|announced|issued|effective|accessed|retrieved|posted|edited|press|news|(?-i:FDA|EMA"
    r"|NICE|MHRA|CDC|WHO|ESC|AHA|ACC|BTS|SIGN)|rota|holiday|exams?|interviews?|lectures?"
    r"|teaching|grand\s+rounds|policy|memo|minutes|went\s+live|go-live|installed|opened|rollout"
    r"|pilot|survey|audit|trial|study|enrol(?:l)?ment|recruitment|paper|article|issue|edition"
    r"|circular|bulletin|alert|recall|notice|closes|opens|due|expires|changeover|strike"
    r"|newsletter|seminar|training|cohort|database|data\s+cut|census|as\s+of|until|till"
    r"|starting|commencing|tariff|contract|payroll|invoice|budget|deadline|valid|validity"
    r"|expiry|renewal|staff)(?![\w-])"
)
_LABELS = {
    "birth": "looks like a date of birth",
    "death": "looks like a date of death",
    "discharge": "looks like a date of discharge",
    "admission": "looks like a date of admission",
    "procedure": "looks like the date of a procedure",
    "visit": "looks like the date of a visit",
}
_TIED = "looks like a date tied to a patient"
_FROM_BEFORE = re.compile(r"(?i)\b(?:from|by|before|after|until)\s+$")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n|\n[-*#>|]")


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of `pattern` in `text`."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 -- the loop keeps the last one
        pass
    return found


def _sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the date's sentence before and after it (at most ~90 characters each)."""
    before = text[max(0, start - 90) : start]
    cut = _last(_SENTENCE_END, before)
    if cut is not None:
        before = before[cut.end() :]
    after = text[end : end + 90]
    stop = _SENTENCE_END.search(after)
    return before, after[: stop.start()] if stop else after


def _event(before: str, after: str) -> tuple[str | None, int]:
    """The event the nearest cue names, and how far before the date it is (or after)."""
    found = _last(_EVENTS, before)
    if found is not None:
        return found.lastgroup, len(before) - found.end()
    found = _EVENTS.search(after[:50])
    if found is not None:
        return found.lastgroup, found.start()
    return None, 10**6


def _label(text: str, start: int, end: int, complete: bool) -> str | None:
    """The label for a date at text[start:end], or None when it is nobody's."""
    before, after = _sentence_around(text, start, end)
    event, distance = _event(before, after)
    last = _last(_NOT_PERSONAL, before)
    not_personal = last is not None or _NOT_PERSONAL.search(after[:40]) is not None
    if event is not None:
        near = len(before) - last.end() if last is not None else 10**6
        if not (not_personal and near < distance):
            return _LABELS[event]
    person = _PERSON.search(before) or _PERSON.search(after)
    if not_personal or (_FROM_BEFORE.search(before) and not person):
        return None  # "from 1 April 2025 all trusts must ...": a rule's date
    if complete or person:
        return _TIED
    return None


def _strong_cue(text: str, start: int) -> str | None:
    """The event named right before a short date ("DOB 3.4.50", "admitted on 4/5")."""
    before = text[max(0, start - 28) : start]
    found = _last(_EVENTS, before)
    if found is None or not _CUE_TO_DATE.fullmatch(before[found.end() :]):
        return None
    return _LABELS[found.lastgroup]


_DURATION_AFTER = re.compile(r"(?i)\s*(?:ago|hx|history|duration|later|post|prior)\b")
_DURATION_BEFORE = re.compile(r"(?i)\b(?:for|x|over|past|last|within|in|of)\s*$")
_ON = re.compile(r"(?i)\bon\s+$")
_CUE_TO_DATE = re.compile(r"[\s:,*_`-]*(?:(?:on|of|in|at)\s+(?:the\s+)?)?[\s:,*_`-]*")


def _day_month(a: int, b: int) -> bool:
    return (1 <= a <= 12 and 1 <= b <= 31) or (1 <= a <= 31 and 1 <= b <= 12)


def find_dates(text: str) -> Iterator[Finding]:
    for m in _FULL.finditer(text):
        label = _label(text, m.start(), m.end(), complete=True)
        if label:
            yield Finding(m.start(), m.end(), "date", label)
    for m in _ISO.finditer(text):
        if 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31:
            label = _label(text, m.start(), m.end(), complete=True)
            if label:
                yield Finding(m.start(), m.end(), "date", label)
    for m in _NUMERIC.finditer(text):
        if not _day_month(int(m["a"]), int(m["b"])):
            continue
        if len(m["y"]) == 4:
            label = _label(text, m.start(), m.end(), complete=True)
        else:  # 3.4.50 or 3/4/50: a date only after a word that says so
            label = _strong_cue(text, m.start()) or (
                m["sep"] == "/" and _label(text, m.start(), m.end(), complete=False)
            )
        if label:
            yield Finding(m.start(), m.end(), "date", label)
    for m in _PARTIAL.finditer(text):
        if re.match(r",?\s+(?:1[89]\d\d|20\d\d)\b", text[m.end() :]):
            continue  # the complete date is found above
        label = _strong_cue(text, m.start()) or _label(text, m.start(), m.end(), complete=False)
        if label:
            yield Finding(m.start(), m.end(), "date", label)
    for m in _SLASH_DAY.finditer(text):
        if _DURATION_AFTER.match(text, m.end()) or _DURATION_BEFORE.search(
            text, max(0, m.start() - 12), m.start()
        ):
            continue  # "seen 2/7 ago", "for 3/52": days and weeks, not a date
        if _day_month(int(m["a"]), int(m["b"])):
            label = _strong_cue(text, m.start())
            if label is None and _ON.search(text, max(0, m.start() - 4), m.start()):
                # "On 01/02 she was admitted": a date when an event follows in the sentence
                label = _label(text, m.start(), m.end(), complete=False)
                label = None if label == _TIED else label
            if label:
                yield Finding(m.start(), m.end(), "date", label)
    for m in _MONTH_YEAR.finditer(text):
        label = _strong_cue(text, m.start())
        if label:
            yield Finding(m.start(), m.end(), "date", label)


# --- ages
_AGE = re.compile(
    r"(?i)(?=\d)(?:(?<![\w.,-])(?P<n>\d{2,3})(?:"
    r"[\s-]*(?:years?|yrs?|y)[\s-]*(?:old|of\s+age)(?![\w-])"
    r"|\s*(?:yo|y/o|y\.o\.|yoa)(?![\w/])"
    r"|(?:st|nd|rd|th)\s+birthday"
    r")"
    r"|(?<![\w.,/-])(?P<s>\d{2,3})\s?(?-i:[MF])(?=\s*(?:,|with\b|w/|presents?\b|presenting\b"
    r"|presented\b|admitted\b|who\b|(?i:pmh|hx|h/o|c/o|pw|bib)\b)))"
)
_AGE_WORD = re.compile(r"(?i)(?:aged?|age\s+of|turned|turning)[:\s]+(?P<m>\d{2,3})(?!\w|[.,]\d)")
_AGE_WORDS = triggers(["age", "aged", "turned", "turning"])
# "patients aged 90 and over", "aged ≥ 90": a band of people, not one person's age.
_BAND_AFTER = re.compile(
    r"(?i)\s*(?:\+|and\s+(?:over|older|above)|or\s+(?:over|older)|plus\b|-\s?\d|to\s+\d|–)"
)
_BAND_BEFORE = re.compile(
    r"(?i)(?:over|above|older\s+than|≥|>=?|patients|people|adults|residents|those|individuals"
    r"|mean|median|average"
    r"|cohort|women|men|participants|cases)\s*(?:\w+\s+)?$"
)
_OVER = re.compile(r"(?i)(?:over|above|older\s+than|≥|>=?)\s*$")
_TEMPERATURE = re.compile(r"(?i)(?:temp\w*|(?-i:T)|fever|febrile|pyrexi\w*|tmax)\s*:?\s*$")


def find_ages(text: str, words: Words) -> Iterator[Finding]:
    matches = [*_AGE.finditer(text), *words.matches(_AGE_WORD, _AGE_WORDS)]
    for m in matches:
        group = "n" if m.re is _AGE and m["n"] else "s" if m.re is _AGE else "m"
        years = int(m[group])
        if not 90 <= years <= 125:
            continue
        before = text[max(0, m.start() - 24) : m.start()]
        if group == "m" and (_BAND_AFTER.match(text, m.end()) or _BAND_BEFORE.search(before)):
            continue
        if group == "s" and _TEMPERATURE.search(before):
            continue
        if group == "n" and _OVER.search(before):
            continue
        yield Finding(m.start(), m.end(), "age", "looks like an age over 89")


def find(text: str, words: Words) -> Iterator[Finding]:
    yield from find_dates(text)
    yield from find_ages(text, words)
