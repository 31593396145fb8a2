"""The patient-privacy guard's detector: check(text) -> findings.

What it checks: the HIPAA Safe Harbor identifiers as they appear in clinicians' posts.

- names in a patient context: after a title ("Mr. Okafor", "Mrs Ahmed"), a patient
  word ("patient John Smith", "pt: Jane Doe"), a relative ("his daughter Maria called"),
  a statement ("her name is ...", "a man named ..."), before an age or an admission
  ("Maria Lopez, 72, presented"), or in the Name column of a Markdown table; a
  clinician ("Dr. Smith in radiology", "Mr Patel, consultant surgeon"), an eponym
  ("Whipple procedure") or a sign-off is not one;
- dates tied to a person in the common styles (03/04/1950, 4 March 2023, March 4th,
  2023-03-04, "DOB 3.4.50", "admitted on the 12th of May"), named for the event when a
  word says it ("looks like a date of admission"); never a year alone;
- ages over 89 ("a 93-year-old", "aged 101", "94 yo");
- street addresses (usaddress carries them on to the city and ZIP), PO boxes, cities
  with ZIP or UK postcodes, and ZIP codes after "ZIP", "postcode", "lives in";
  "9 Rue de la Paix" and "Hauptstraße 12" too;
- phone and fax numbers (phonenumbers; US, UK and other national formats, and any
  international number; fax when "fax" comes before);
- email addresses; links to a social-media profile, a shared photo or file, a patient
  portal or a page about a person; IP addresses;
- SSNs and National Insurance numbers; IBANs; medical record, health-plan, account,
  licence, certificate and device serial numbers, VINs and plates, and any other number
  after "ID", "no.", "#" or "ref" (only after the word that says what the number is).

Clinical numbers are left alone: doses, lab values, scores, ages up to 89, years, times,
blood pressures, ratios, ranges, versions, pages, ICD-10 codes, genes and variants, and
references (DOIs, PMIDs, NCT and other trial numbers, journal and guideline links).

What it cannot find: a name with no cue around it ("Okafor was seen again"), one written
in lower case, or one that is also a common word after a weak cue ("patient Hope");
identifiers inside images or attachments; rare or local formats (a hospital's own record
numbers with no "MRN" before them, addresses that are not "<number> <street>", dates
written in words: "the third of May", cues in languages other than English); and
free-text descriptions that identify a person without any identifier ("the mayor of our
town", "the only Olympic rower on our list"). It also errs the other way now and then
(a UK surgeon written "Mr Jones" with no role nearby reads as a patient). A finding is a
prompt for the author to look again, not a verdict.
"""

from __future__ import annotations

from bisect import bisect_left

from forum.privacy import detect_dates, detect_names, detect_numbers, detect_places, detect_web
from forum.privacy.detect_words import Words
from forum.privacy.findings import Finding

# When two findings overlap, the one of the stronger kind is kept (then the longer):
# a number named by its cue ("MRN 2125550143") is that, not a phone number.
_RANK = {
    "email": 0, "url": 0,
    "ssn": 1, "mrn": 1, "health_plan": 1, "account": 1, "licence": 1, "certificate": 1,
    "device": 1, "other_id": 2, "vehicle": 2,
    "phone": 3, "fax": 3,
    "address": 4, "zip": 5, "date": 6, "age": 7, "ip": 8, "name": 9,
}  # fmt: skip
_MASK = -1  # a reference (DOI, PMID, journal link): outranks everything, reported never


def _candidates(text: str) -> list[tuple[int, int, int, Finding | None]]:
    """(rank, start, end, finding) for every detector's findings and every masked span."""
    words = Words(text)
    found: list[tuple[int, int, int, Finding | None]] = [
        (_MASK, start, end, None) for start, end in detect_web.masks(text, words)
    ]
    for item in detect_web.find(text, words):
        if isinstance(item, Finding):
            found.append((_RANK[item.kind], item.start, item.end, item))
        else:
            found.append((_MASK, item[0], item[1], None))
    for module in (detect_numbers, detect_dates, detect_places, detect_names):
        found.extend((_RANK[f.kind], f.start, f.end, f) for f in module.find(text, words))
    return found


def _join_addresses(found: list[tuple[int, int, int, Finding | None]]) -> None:
    """A street address runs on over the city and ZIP found right after it."""
    zips = [f for _, _, _, f in found if f is not None and f.kind == "zip"]
    for i, (rank, start, end, finding) in enumerate(found):
        if finding is None or finding.kind != "address":
            continue
        for z in zips:
            if start <= z.start <= end + 2 and z.end > end:
                end = z.end
        if end != finding.end:
            found[i] = (rank, start, end, Finding(start, end, "address", finding.label))


def check(text: str) -> list[Finding]:
    """The spans of `text` that look like patient identifiers, in order of position and
    never overlapping: text[f.start:f.end] is what each finding points at."""
    if not text:
        return []
    found = _candidates(text)
    _join_addresses(found)
    found.sort(key=lambda c: (c[0], c[1] - c[2], c[1]))
    taken: list[tuple[int, int]] = []  # sorted, never overlapping
    kept: list[Finding] = []
    for _, start, end, finding in found:
        i = bisect_left(taken, (start, end))
        if (
            start >= end
            or (i > 0 and taken[i - 1][1] > start)
            or (i < len(taken) and taken[i][0] < end)
        ):
            continue
        taken.insert(i, (start, end))
        if finding is not None:
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))
