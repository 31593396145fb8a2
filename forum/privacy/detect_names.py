"""Personal names in a patient context.

A name is found only where the words around it make it a patient's or a relative's:
a title ("Mr. Okafor", "Mrs Ahmed"), a patient word right before it ("patient John
Smith", "pt: Jane Doe"), a relative ("his daughter Maria called"), a statement ("her
name is ...", "a man named ..."), or an age or an admission right after it ("Maria
Lopez, 72, presented ..."). Names elsewhere are not found: "Dr. Smith in radiology" is a
clinician, "Parkinson disease" and "Whipple procedure" are eponyms, and a sign-off
("— Dr Amara Okafor, cardiology", "Thanks, @jlee") is the author.

After the weaker cues (a patient word, an age after) the name must be a known first or
last name (detect_name_lists.py: Faker's lists, loaded once on first use).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.detect_name_lists import (
    BODIES,
    EPONYM_AFTER,
    EPONYMS,
    STOP_WORDS,
    known_names,
)
from forum.privacy.detect_words import Words, triggers
from forum.privacy.findings import Finding

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*\.?")
_POSSESSIVE = re.compile(r"['’]s$")
_PARTICLES = frozenset(
    "de da del della di van von der den la le du bin binti al el ter ten dos das y".split()
)
_TITLE = re.compile(r"(?=[MS])(?<![\w.])(?:Mr|Mrs|Ms|Miss|Mx|Mister|Mme|Mlle|Sra|Srta)\b\.?\s+")
# Titles of clinicians: the name after one is a colleague's.
CLINICIAN_TITLES = frozenset("Dr Doctor Prof Professor Nurse Sister Matron Sr Consultant".split())
_PATIENT_WORDS = triggers("patient patients pt pts client clients".split())
_PATIENT = re.compile(
    r"(?i)(?<![\w-])(?:patient|pt|client)s?(?:'s)?"
    r"(?:\s*(?:name|full\s+name))?[*_]*\s*(?:[:,(-]|\bis\b|\bwas\b)?[*_`]*\s*(?=\S)"
)
_RELATIVE_WORDS = triggers("his her their the patient patients pt whose".split())
_RELATIVE = re.compile(
    r"(?i)(?<![\w-])(?:his|her|their|the\s+patient'?s|patient'?s|pt'?s|the|whose)\s+"
    r"(?:(?:elder|eldest|older|younger|youngest|adult|teenage|twin|only|late|ex-?)\s+)?"
    r"(?:daughter|son|wife|husband|mother|father|mum|mom|dad|sister|brother|partner|spouse"
    r"|grandson|granddaughter|grandchild|grandmother|grandfather|grandma|grandpa|granny|niece"
    r"|nephew|aunt|uncle|cousin|carer|caregiver|fianc[ée]e?|girlfriend|boyfriend|neighbou?r"
    r"|friend|stepson|stepdaughter|stepmother|stepfather|guardian|next\s+of\s+kin|NOK"
    r"|child|children|kids?|baby|twins?)"
    r"(?-i:\s*(?:,|\(|-)?\s*)(?=[A-Z])"
)
_STATEMENT_WORDS = triggers(
    """his her their the patient pt first last full surname sur name man woman lady gentleman
    gent boy girl child baby infant chap guy fellow resident client son daughter mother father
    grandmother grandfather husband wife""".split()
)
_STATEMENT = re.compile(
    r"(?i)(?<![\w-])(?:(?:(?:his|her|their|the\s+patient'?s|patient'?s|pt'?s|first|last|full"
    r"|sur)\s*)name[*_]*\s*(?:is|was|:|-)|(?:(?:patient|pt)\s+)?name[*_]*\s*:"
    r"|(?:man|woman|lady|gentleman|gent|boy|girl|child|baby|infant|patient|pt|chap|guy|fellow"
    r"|resident|client|son|daughter|mother|father|grandmother|grandfather|husband|wife)"
    r"\s+(?:named|called|by\s+the\s+name\s+of|known\s+as|who\s+goes\s+by))[*_`\s]*(?-i:(?=[A-Z]))"
)
# A name followed by an age or an admission: "Maria Lopez, 72, presented", "John (84M)".
_FOLLOWED_BY_PATIENT = re.compile(
    r"(?:,\s*(?:a|an)?\s*\d{1,3}(?:[\s-]*(?:year|yr)s?[\s-]*old|\s*(?:yo|y/o|[MF]))?\s*[,)]"
    r"|\s*\(\s*\d{1,3}\s*(?:[MF]|y|yo|y/o|years?)\s*[,)]"
    r"|,?\s+(?:was|is|got|had\s+been)\s+(?:admitted|discharged|readmitted|transferred|seen"
    r"|brought|referred|diagnosed|a\s+\d{1,3})"
    r"|,?\s+(?:presented|presents|presenting)\s+(?:with|to|after|via|acutely|again)\b"
    r"|,?\s+(?:died|passed\s+away|DOB|dob|born)\b)"
)
_NAME_RUN = re.compile(r"(?=[A-Z])(?<![\w.@'’-])[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}(?![\w@])")
# A clinician, not a patient, just before or after the name.
_CLINICIAN_BEFORE = re.compile(
    r"(?i)(?:\b(?:dr|doctor|prof|professor|consultant|surgeon|registrar|colleague|nurse"
    r"|sister|matron|physician|specialist|attending|resident|fellow|referred(?:\s+\w+)?\s+to"
    r"|under|care\s+of|by|with\s+our|cc|thanks|thank\s+you|cheers|regards|wishes|sincerely"
    r"|signed|yours)\b[.,:!]?\s*)$"
)
_DEPARTMENTS = (
    r"radiology|cardiology|oncology|neurology|nephrology|gastroenterology|gastro|urology"
    r"|orthopa?edics|ortho|surgery|surgical|ED|A&E|ICU|ITU|anaesthe\w*|anesthe\w*|pathology"
    r"|ha?ematology|dermatology|rheumatology|endocrinology|endo|respiratory|pulmonology"
    r"|psychiatry|pa?ediatrics|obstetrics|gyna?ecology|O&G|ENT|ophthalmology|palliative"
    r"|pharmacy|microbiology|ID|infectious\s+diseases|vascular|plastics|neurosurgery"
    r"|colorectal|breast|hepatology|geriatrics|medicine|general\s+practice|primary\s+care"
    r"|the\s+lab|physio\w*|team|department|dept|practice"
)
_CLINICIAN_AFTER = re.compile(
    r"(?i)^(?:['’]s\s+(?:team|list|clinic|firm|registrar|service|patients?))"
    r"|^\s+(?:operated|operates|will\s+operate|is\s+operating|performed|did\s+the\s+(?:op"
    r"|operation|procedure|surgery|repair|resection|list))\b"
    r"|^\s*(?:,|\(|-|–|—)?\s*"
    r"(?:(?:our|the|a|an|my|is|is\s+(?:a|the|our))\s+)?(?:(?:\w+\s+)?(?:consultant|surgeon"
    r"|registrar|resident|fellow|attending|anaesthetist|anesthetist|physician|nurse|colleague"
    r"|GP|specialist|\w+ologist|\w+iatrician|intensivist|pharmacist|midwife|matron|lead"
    r"|director|professor|lecturer|manager|sister|charge\s+nurse|practitioner|therapist"
    r"|dietitian|physio\w*|technician|secretary|coordinator|administrator|clerk|HCA"
    r"|healthcare\s+assistant|social\s+worker|chaplain|porter|trainee|student|SHO|F[1-2]"
    r"|FY[1-2]|ST[1-8]|CT[1-3]|SpR|locum|clinician|doctor|educator|researcher|paramedic)\b"
    rf"|(?:in|from|at|of|on)\s+(?:the\s+)?(?:{_DEPARTMENTS})\b)"
    rf"|^\s*[(,]\s*(?:{_DEPARTMENTS})\b"
)


_ENDS_NAME = re.compile(r"\s*(?:$|[,;:.!?)]|\s[a-z])")


def _tokens(text: str, pos: int) -> list[tuple[int, int]]:
    """The run of capitalised words (with particles and initials) starting at `pos`."""
    spans: list[tuple[int, int]] = []
    while len(spans) < 4:
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        word = m.group().rstrip(".")
        possessive = _POSSESSIVE.search(word)
        if possessive:  # "Ann's": the name is "Ann", and it ends there
            word = word[: possessive.start()]
            if word and word[0].isupper() and not word.isupper():
                spans.append((m.start(), m.start() + len(word)))
            break
        if word in _PARTICLES and spans:
            nxt = _TOKEN.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
            if nxt and nxt.group()[0].isupper():
                pos = m.end() + 1
                continue
            break
        if not word[0].isupper() or (word.isupper() and len(word) > 1):
            break
        if len(word) == 1 and not m.group().endswith("."):
            break  # "Patient A", "Mr X": an anonymised letter
        if m.group().endswith(".") and len(word) > 1:
            spans.append((m.start(), m.start() + len(word)))
            break  # a full stop after a word ends the sentence
        spans.append((m.start(), m.start() + len(m.group()) if len(word) == 1 else m.end()))
        gap = re.match(r"[ \t]+", text[m.end() :])
        if gap is None or len(gap.group()) > 2:
            break
        pos = m.end() + len(gap.group())
    while spans and spans[-1][1] - spans[-1][0] == 2 and text[spans[-1][1] - 1] == ".":
        spans.pop()  # a name does not end with an initial
    return spans


def _words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b].rstrip(".") for a, b in spans]


def _is_eponym(text: str, spans: list[tuple[int, int]]) -> bool:
    words = _words(text, spans)
    return any(w in EPONYMS for w in words) and bool(EPONYM_AFTER.match(text, spans[-1][1]))


def _known(words: list[str]) -> bool:
    """A known first name starts the run, or a known last name is in it."""
    first, last = known_names()
    full = [w for w in words if len(w) > 1]
    if not full:
        return False
    if full[0] in first:
        return True
    return any(w in last for w in full)


def _is_clinician(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    return bool(_CLINICIAN_BEFORE.search(before) or _CLINICIAN_AFTER.match(text[end : end + 60]))


def _name(text: str, pos: int, *, known: bool) -> tuple[int, int] | None:
    spans = _tokens(text, pos)
    if not spans or _is_eponym(text, spans):
        return None
    words = _words(text, spans)
    if words[0] in CLINICIAN_TITLES or all(w in STOP_WORDS for w in words if len(w) > 1):
        return None
    if any(w in BODIES for w in words):
        return None  # "patient Victoria Hospital", "the child Protection Team"
    if known and not _known(words):
        return None
    return spans[0][0], spans[-1][1]


def find(text: str, words: Words) -> Iterator[Finding]:
    for m in _TITLE.finditer(text):
        span = _name(text, m.end(), known=False)
        if span is None:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        patient_before = re.search(r"(?i)\b(?:patient|pt|client)s?\b[\s:,(-]*$", before)
        if not patient_before and _is_clinician(text, m.start(), span[1]):
            continue
        yield Finding(m.start(), span[1], "name", "looks like a patient's name")
    for m in words.matches(_STATEMENT, _STATEMENT_WORDS):
        span = _name(text, m.end(), known=False)
        if span:
            yield Finding(*span, "name", "looks like a patient's name")
    for m in words.matches(_PATIENT, _PATIENT_WORDS):
        span = _name(text, m.end(), known=True)
        if span and not _is_clinician(text, span[0], span[1]):
            yield Finding(*span, "name", "looks like a patient's name")
    for m in words.matches(_RELATIVE, _RELATIVE_WORDS):
        span = _name(text, m.end(), known=False)
        if span is None or _CLINICIAN_AFTER.match(text[span[1] : span[1] + 60]):
            continue
        # An unknown name counts when a verb or a stop follows ("his daughter Ngozi called"),
        # not another capital ("the child Protection Team").
        words = text[span[0] : span[1]].split()
        bodies = any(w in STOP_WORDS or w in BODIES for w in words)
        if _known(words) or (_ENDS_NAME.match(text, span[1]) and not bodies):
            yield Finding(*span, "name", "looks like the name of a patient's relative")
    if "|" in text:
        yield from _table_names(text)
    for m in _NAME_RUN.finditer(text):
        if _FOLLOWED_BY_PATIENT.match(text, m.end()):
            span = _leading_name(text, m)
            if span and not _is_clinician(text, span[0], span[1]):
                yield Finding(*span, "name", "looks like a patient's name")


_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t|:-]+$")
_NAME_HEADER = re.compile(
    r"(?i)\s*(?:patient(?:'s)?(?:\s+name)?|pt(?:\s+name)?|(?:full\s+|first\s+|last\s+|sur)?name"
    r"|relative|next\s+of\s+kin|nok|contact)\s*"
)


def _cells(text: str, row: re.Match[str]) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a Markdown table row, between its pipes."""
    pipes = [row.start() + i for i, c in enumerate(row.group()) if c == "|"]
    return list(zip(pipes, pipes[1:], strict=False))


def _table_names(text: str) -> Iterator[Finding]:
    """Names in the "Name" or "Patient" column of a Markdown table."""
    columns: list[int] = []
    previous_end = -2
    rows = list(_TABLE_ROW.finditer(text))
    for index, row in enumerate(rows):
        if row.start() != previous_end + 1:
            columns = []  # a new table
        previous_end = row.end()
        if _TABLE_RULE.fullmatch(row.group()):
            continue
        cells = _cells(text, row)
        following = rows[index + 1] if index + 1 < len(rows) else None
        if (
            following
            and following.start() == row.end() + 1
            and _TABLE_RULE.fullmatch(following.group())
        ):  # a header row: which columns hold names
            columns = [
                i for i, (a, b) in enumerate(cells) if _NAME_HEADER.fullmatch(text, a + 1, b)
            ]
            continue
        for i in columns:
            if i < len(cells):
                a, b = cells[i]
                cell = text[a + 1 : b]
                span = _name(text, a + 1 + len(cell) - len(cell.lstrip()), known=False)
                if span and span[1] <= b:
                    yield Finding(*span, "name", "looks like a patient's name")


def _leading_name(text: str, run: re.Match[str]) -> tuple[int, int] | None:
    """The known name that ends `run`, less the words before it ("Yesterday Maria Lopez")."""
    first, last = known_names()
    for word in re.finditer(r"\S+", run.group()):
        if word.group() in CLINICIAN_TITLES:
            return None
        if word.group() in first or word.group() in last:
            return run.start() + word.start(), run.end()
    return None
