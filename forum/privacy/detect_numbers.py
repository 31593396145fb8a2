"""Numbers that identify: phone and fax numbers, social security and National Insurance
numbers, record, plan, account, licence, certificate, device and other numbers after
the words that introduce them ("MRN", "member ID", "serial no.", "#"), and vehicles.

A number alone is rarely an identifier in a clinical post (doses, counts, lab values),
so apart from the formats that are one by their shape (a formatted phone number, an SSN
written 123-45-6789, a VIN), a number counts only after a cue naming what it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from forum.privacy.detect_words import Words, triggers
from forum.privacy.findings import Finding

# --- phone and fax numbers
# Regions whose national formats are tried for a number written without "+": the forum's
# readers are mostly in the US and the UK; the rest are other English-speaking countries.
PHONE_REGIONS = ("US", "GB", "IE", "AU", "NZ", "CA", "IN", "ZA")
# A national number with a trunk 0 (UK, Ireland, Australia, ...) or without (US, Canada, India).
_TRUNK_ZERO_REGIONS = tuple(r for r in PHONE_REGIONS if r not in ("US", "CA"))
_NO_TRUNK_REGIONS = ("US", "IN")
# A cheap first pass: a run of digits, spaces, dots, dashes and brackets with 7+ digits.
# Only these runs reach phonenumbers, whose matcher is slow over a whole post.
_PHONE_RUN = re.compile(
    r"(?=[+(\d])(?<![\w/.:#-])(?:(?:\+|00)\s?)?\(?\d[\d\s().\-]{5,22}\d(?:\s?(?:ext\.?|x)\s?\d{1,5})?"
    r"(?![\w/]|[.,]\d)"
)
# The shapes a phone number is written in; a run must match one of them.
_PHONE_SHAPES = re.compile(
    r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}"  # US, Canada
    r"|(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d{2,5}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}"  # UK
    r"|(?:\+|00)\s?[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,5}\)?){1,6}"  # international
    r"|\(?0\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}"  # other national formats with a trunk 0
    r"(?:\s?(?:ext\.?|x)\s?\d{1,5})?"
)
# Written the way only a phone number is: (212) 555-0143, 212-555-0143, 212.555.0143.
_FORMATTED_US = re.compile(r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}")
_PHONE_CUE = re.compile(
    r"(?i)\b(?:phone|tel|telephone|mobile|mob|cell|cellphone|landline|call(?:ed|ing)?|ring|"
    r"rang|text(?:ed)?|contact|number|ph|whatsapp|sms|reach(?:ed)?|pager|bleep|on)\b"
)
# The last of these words before a number says which it is.
_LAST_CUE = re.compile(
    r"(?i)\b(?:(?P<fax>fax(?:ed|ing)?|facsimile|telefax|(?-i:F(?=:)))|phone|tel|telephone|mobile"
    r"|cell|landline|call|ring|text|whatsapp|pager|bleep)\b"
)


def _phone_is_valid(candidate: str) -> bool:
    """phonenumbers finds a valid number in `candidate` for one of our regions."""
    bare = candidate.lstrip("(")
    if bare.startswith(("+", "00")):
        regions: tuple[str, ...] = ("US",)  # an international number reads the same anywhere
    elif bare.startswith("0"):
        regions = _TRUNK_ZERO_REGIONS
    else:
        regions = _NO_TRUNK_REGIONS
    for region in regions:
        for _match in phonenumbers.PhoneNumberMatcher(
            candidate, region, leniency=phonenumbers.Leniency.VALID
        ):
            return True
    return False


def _phone_is_possible(candidate: str) -> bool:
    """Right length for the US or the UK (fictional 555 and drama numbers are not valid)."""
    for region in ("US", "GB"):
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return True
    return False


# A seven-digit local number, only right after a phone word: "call 555-0123".
_LOCAL_PHONE = re.compile(
    r"(?i)\b(?:phone|tel|telephone|mobile|cell|landline|call|ring|text|fax|number)"
    r"(?:\s+(?:me|him|her|them|us|number|no\.?))?\s*(?:is|at|on|:)?\s*"
    r"(?P<n>\d{3}[-.]\d{4})(?![\w.-]|\.\d)"
)
_LOCAL_WORDS = frozenset(
    "phone tel telephone mobile cell landline call ring text fax number".split()
)


def find_phones(text: str, words: Words) -> Iterator[Finding]:
    for m in words.matches(_LOCAL_PHONE, _LOCAL_WORDS):
        kind = "fax" if m.group().lower().startswith("fax") else "phone"
        yield Finding(m.start("n"), m.end("n"), kind, f"looks like a {kind} number")
    for m in _PHONE_RUN.finditer(text):
        raw = m.group().rstrip(" .-(")
        start = m.start()
        if raw.startswith("(") and ")" not in raw[:6]:
            raw, start = raw[1:], start + 1
        if raw.endswith(")") and raw.count("(") < raw.count(")"):
            raw = raw[:-1].rstrip(" .-")
        shape = _PHONE_SHAPES.fullmatch(raw)
        if shape is None:
            continue
        digits = sum(c.isdigit() for c in raw)
        international = raw.lstrip("(").startswith(("+", "00"))
        if not (8 <= digits <= 15) or (not international and digits < 10):
            continue
        end = start + len(raw)
        before = text[max(0, start - 30) : start]
        cued = _PHONE_CUE.search(before) is not None
        if not _phone_is_valid(raw):
            if not ((cued or _FORMATTED_US.fullmatch(raw)) and _phone_is_possible(raw)):
                continue
        cues = list(_LAST_CUE.finditer(before.split("\n")[-1][-25:]))
        if cues and cues[-1].group("fax"):
            yield Finding(start, end, "fax", "looks like a fax number")
        else:
            yield Finding(start, end, "phone", "looks like a phone number")


# --- numbers named by the words before them
# What the number may look like: an optional letter prefix, then digits and letters in
# groups joined by - / . (or spaces between digit groups: "943 476 5919", "123 45 6789").
_VALUE = re.compile(
    r"(?:[A-Za-z]{1,6}[-/]?)?\d[A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*(?:\s\d{2,}(?:[-/]\d+)*){0,3}"
    # capitals, a space, then digit groups: "BC 4471209", "QQ 12 34 56 C"
    r"|(?-i:[A-Z]{1,4}\s\d{2,}(?:\s\d{2,}){0,4}(?:\s[A-Z](?![\w-]))?)"
)
# Between the cue and the number: "MRN: ", "licence, number ", "account no. is ".
# (Markdown emphasis may wrap the cue: "**MRN:** 4417892".)
_BETWEEN = (
    r"[*_]*\s*,?\s*(?:(?:number|no\.?|num)\s*)?(?:[:#=]|-|\bis\b|\bwas\b|\bof\b)?[*_`]*\s*"
    r"(?:#\s*)?"
)
_NO = r"(?:\s+(?:number|no\.?|num|#|ID|(?-i:I\.D\.)))"
# kind, label, cue, fewest digits in the value
_CUES: list[tuple[str, str, str, int]] = [
    ("ssn", "looks like a social security number",
     rf"SSN|SS#|SS{_NO}|social[- ]security{_NO}?|soc\.?\s?sec\.?{_NO}?", 4),
    ("ssn", "looks like a National Insurance number",
     rf"national insurance{_NO}?|NINO|(?-i:NI){_NO}", 4),
    ("mrn", "looks like a medical record number",
     rf"MRN|(?-i:MR)\s?#|(?-i:MR){_NO}|medical[- ]record{_NO}?|hospital{_NO}|hosp\.?{_NO}"
     rf"|NHS{_NO}|CHI{_NO}|chart{_NO}|unit{_NO}|(?-i:UR){_NO}|(?-i:URN)|record{_NO}"
     rf"|EMPI|(?:patient|pt\.?|client){_NO}|patient identifier|(?-i:PID)", 4),
    ("health_plan", "looks like a health-plan number",
     rf"member(?:ship)?{_NO}|policy{_NO}|insurance(?:{_NO}|\s+policy|\s+card)"
     rf"|subscriber{_NO}|group{_NO}|(?:health[- ])?plan{_NO}|medicare(?:{_NO}|\s+card)?"
     rf"|medicaid{_NO}?|(?-i:MBI)|beneficiary{_NO}|(?:BCBS|Aetna|Cigna|Humana|Anthem|Bupa|AXA"
     rf"|Kaiser|UnitedHealthcare|United Healthcare|Tricare)(?:\s+member)?{_NO}", 4),
    ("account", "looks like an account number",
     rf"(?:bank\s+|billing\s+|hospital\s+|patient\s+|financial\s+)?account{_NO}?|acct\.?{_NO}?"
     rf"|a/c{_NO}?|(?-i:IBAN)|invoice{_NO}?|billing{_NO}", 4),
    ("licence", "looks like a licence number",
     rf"(?:driver'?s|drivers|driving)\s+licen[cs]e{_NO}?|licen[cs]e{_NO}?|(?-i:DL){_NO}?"
     rf"|(?-i:DEA){_NO}?|(?:GMC|NMC|HCPC|GPhC|AHPRA|professional)(?:{_NO}|\s+registration)"
     rf"|(?-i:NPI){_NO}?|permit{_NO}", 4),
    ("certificate", "looks like a certificate number",
     rf"(?:birth|death|marriage|medical|vaccination)\s+certificate{_NO}?|certificate{_NO}?"
     rf"|cert\.?{_NO}", 4),
    ("device", "looks like a device serial number",
     rf"serial{_NO}?|s/n|(?-i:SN)|(?-i:UDI)|(?-i:IMEI)|device{_NO}|device\s+serial{_NO}?"
     rf"|(?:pacemaker|ICD|defibrillator|pump|implant|CGM|sensor|monitor|hearing aid|CPAP)"
     rf"\s+(?:serial{_NO}?|s/n|SN|ID)", 3),
    ("vehicle", "looks like a vehicle identification number (VIN)",
     rf"(?-i:VIN){_NO}?|vehicle identification{_NO}?|chassis{_NO}?", 5),
    ("other_id", "looks like an identifying number",
     rf"(?-i:ID)|(?-i:I\.D\.)|identifier|ref(?:erence)?\.?{_NO}?|accession{_NO}?"
     rf"|specimen{_NO}?|sample{_NO}|case{_NO}|claim{_NO}?|encounter{_NO}?|(?-i:FIN|CSN)"
     rf"|visit{_NO}|(?:study|participant|subject|enrol(?:l)?ment|employee|staff|badge|student"
     rf"|passport|prisoner|inmate|military|service)(?:{_NO})"
     rf"|passport|(?-i:[Nn]o\.)", 5),
]  # fmt: skip
# The first word of each cue above: the cues are tried only where one of them starts.
_CUE_WORDS = triggers(
    """ssn ss social soc national nino ni mrn mr medical hospital hosp nhs chi chart unit ur urn
    record empi patient pt client pid member membership policy insurance subscriber group
    health plan medicare medicaid mbi beneficiary bcbs aetna cigna humana anthem bupa axa
    kaiser unitedhealthcare united tricare bank billing financial account acct a iban invoice
    driver drivers driving licence license dl dea gmc nmc hcpc gphc ahpra professional npi
    permit birth death marriage vaccination certificate cert serial s sn udi imei device
    pacemaker icd defibrillator pump implant cgm sensor monitor hearing cpap vin vehicle
    chassis id i identifier ref reference accession specimen sample case claim encounter fin
    csn visit study participant subject enrolment enrollment employee staff badge student
    passport prisoner inmate military service no""".split()
)
_CUE = re.compile(
    "(?i)(?<![\\w/])(?:"
    + "|".join(f"(?P<c{i}>{cue})" for i, (_, _, cue, _) in enumerate(_CUES))
    + ")(?:(?<=#)|(?![\\w/]))"
    + _BETWEEN
)
_OTHER_LABEL = "looks like an identifying number"
# Before "no.", "#", "ref": numbers of things, not of people.
_NOT_A_PERSON = re.compile(
    r"(?i)\b(?:IRB|REC|ethics|protocol|grant|award|project|issue|page|section|item|figure|fig"
    r"|table|version|release|bulletin|guideline|policy|SOP|form|lot|batch|catalog(?:ue)?|cat"
    r"|model|part|product|drug|NDC|room|bed|bay|ward|box|ticket|order|tracking|invoice\s+ref)"
    r"\.?\s*$"
)
_SAYS_ID = re.compile(r"(?i)\bI\.?D\b|identifier")
_HASH = re.compile(r"(?=#)(?<![\w#&/])#\s?(?=\d)")
# After the value: a unit or a count, so the number is a quantity, not an identifier.
_UNIT_AFTER = re.compile(
    r"\s*(?:%|[µμu]?g\b|mg|mcg|kg|m?l\b|mL|mmol|[µμu]mol|mmHg|units?\b|i\.?u\b|patients|pts\b|"
    r"people|cases|years|yrs|days|hours|cells|copies|x\s?10|/)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DECIMAL = re.compile(r"\d+[.,]\d+")
# An SSN by its shape alone: 123-45-6789 (never 000, 666 or 9xx first, never 00 or 0000).
_SSN = re.compile(r"(?=\d)(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")
_NINO = re.compile(
    r"(?=[A-Z])(?<![\w])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])"
)
# An IBAN: country, check digits, then groups of four (GB29 NWBK 6016 1331 9268 19).
_IBAN = re.compile(
    r"(?=[A-Z])(?<![\w-])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?(?![\w-])"
)
# A VIN: 17 characters, no I, O or Q, letters and digits mixed.
_VIN = re.compile(r"(?=[A-Z0-9])(?<![\w-])[A-HJ-NPR-Z0-9]{17}(?![\w-])")
_PLATE_CUE = re.compile(
    r"(?i)\b(?:(?:licen[cs]e|number|car|vehicle|registration)\s+(?:plate|tag)s?|plates?"
    r"|(?:vehicle|car)\s+reg(?:istration)?|reg(?:istration)?\s+(?:plate|mark|no\.?|number)"
    r"|tag\s+(?:number|no\.?))\b\.?\s*(?:number|no\.?|#)?\s*(?:[:#]|\bis\b|\bwas\b)?\s*"
)
_PLATE_WORDS = triggers(
    "licence license number car vehicle registration plate plates reg tag".split()
)
_PLATE = re.compile(r"(?-i:[A-Z0-9]{1,4}[ -]?[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4})?)(?![\w-])")
# A UK plate after the short "reg": AB12 CDE.
_UK_PLATE = re.compile(
    r"(?i:reg\.?|registration)\s*:?\s*(?P<plate>[A-Z]{2}\d{2}\s?[A-Z]{3})(?![\w-])"
)


def _iban_checks(candidate: str) -> bool:
    """The IBAN check: the number, its first four characters moved to the end and letters
    read as 10..35, leaves 1 after dividing by 97 ("CD34 CD38 CD45 CD19" does not)."""
    compact = candidate.replace(" ", "")
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _value_at(text: str, pos: int) -> re.Match[str] | None:
    m = _VALUE.match(text, pos)
    if m is None:
        return None
    value = m.group()
    while value and value[-1] in "-/.":
        value = value[:-1]
    return m if value == m.group() else _VALUE.match(text[: pos + len(value)], pos)


def _is_identifier(value: str, text: str, end: int, fewest: int, generic: bool) -> bool:
    digits = sum(c.isdigit() for c in value)
    if digits < fewest or len(value) > 34:
        return False
    if _DECIMAL.fullmatch(value) or _UNIT_AFTER.match(text, end):
        return False
    return not _YEAR.fullmatch(value)  # "Medicare 2024", "ID 2019 guidelines"


def find_cued(text: str, words: Words) -> Iterator[Finding]:
    """Numbers after a word that says what they are ("MRN 4417892", "member ID XJ-4471")."""
    for m in words.matches(_CUE, _CUE_WORDS):
        index = int(m.lastgroup[1:])
        kind, label, _, fewest = _CUES[index]
        value = _value_at(text, m.end())
        if value is None:
            continue
        generic = kind == "other_id"
        if generic and _NOT_A_PERSON.search(text, max(0, m.start() - 24), m.start()):
            continue  # "IRB no. 2023-0456", "batch no. 44871": a study's or a product's
        if generic:  # "no.", "ref": a count or a citation unless it is long; "ID" less so
            fewest = 4 if _SAYS_ID.search(m.group(m.lastgroup)) else 5
        if _is_identifier(value.group(), text, value.end(), fewest, generic):
            yield Finding(value.start(), value.end(), kind, label)
    for m in _HASH.finditer(text):
        if _NOT_A_PERSON.search(text, max(0, m.start() - 24), m.start()):
            continue
        value = _value_at(text, m.end())
        if value and _is_identifier(value.group(), text, value.end(), 5, True):
            yield Finding(value.start(), value.end(), "other_id", _OTHER_LABEL)


def find_shapes(text: str, words: Words) -> Iterator[Finding]:
    """Identifiers by their shape alone: SSNs, National Insurance numbers, IBANs, VINs,
    and plates after a word for them."""
    for m in _IBAN.finditer(text):
        if _iban_checks(m.group()):
            yield Finding(m.start(), m.end(), "account", "looks like a bank account number (IBAN)")
    for m in _SSN.finditer(text):
        yield Finding(m.start(), m.end(), "ssn", "looks like a social security number")
    for m in _NINO.finditer(text):
        yield Finding(m.start(), m.end(), "ssn", "looks like a National Insurance number")
    for m in _VIN.finditer(text):
        vin = m.group()
        letters = sum(c.isalpha() for c in vin)
        if letters >= 2 and 17 - letters >= 5:
            yield Finding(
                m.start(), m.end(), "vehicle", "looks like a vehicle identification number (VIN)"
            )
    for m in words.matches(_PLATE_CUE, _PLATE_WORDS):
        plate = _PLATE.match(text, m.end())
        if plate is None:
            continue
        value = plate.group()
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value) and len(value) >= 4:
            yield Finding(plate.start(), plate.end(), "vehicle", "looks like a number plate")
    for m in words.matches(_UK_PLATE, frozenset({"reg", "registration"})):
        yield Finding(m.start("plate"), m.end("plate"), "vehicle", "looks like a number plate")


def find(text: str, words: Words) -> Iterator[Finding]:
    yield from find_cued(text, words)
    yield from find_shapes(text, words)
    yield from find_phones(text, words)
