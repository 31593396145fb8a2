"""forum.privacy.check: each kind of identifier, each look-alike it must leave alone,
and the shape of what it returns (offsets, order, no overlaps) on any text."""

from __future__ import annotations

import time

import pytest

from forum.privacy import KINDS, Finding, check
from forum.privacy.detect_name_lists import known_names


def found(text: str) -> list[tuple[str, str]]:
    """(the text each finding points at, its kind)."""
    return [(text[f.start : f.end], f.kind) for f in check(text)]


def labels(text: str) -> list[str]:
    return [f.label for f in check(text)]


# --- one kind at a time: (post, the identifier, its kind)
IDENTIFIERS = [
    # names in a patient context
    ("Our patient John Smith has AF.", "John Smith", "name"),
    ("Mr. Okafor was reviewed on the ward.", "Mr. Okafor", "name"),
    ("pt: Jane Doe, bed 4, NBM.", "Jane Doe", "name"),
    ("Her name is Rosa Diaz and she is 44.", "Rosa Diaz", "name"),
    ("His daughter Maria called twice.", "Maria", "name"),
    ("The patient's wife, Helen, wants to talk.", "Helen", "name"),
    ("A man named Tobias came in with chest pain.", "Tobias", "name"),
    ("Maria Lopez, 72, presented with dyspnoea.", "Maria Lopez", "name"),
    ("Mrs. J. Smith was transferred.", "Mrs. J. Smith", "name"),
    ("Mr Li was reviewed again.", "Mr Li", "name"),
    ("His wife Ann's sister rang.", "Ann", "name"),
    ("| Patient | Age |\n|---|---|\n| Arjun Mehta | 71 |", "Arjun Mehta", "name"),
    # dates tied to a person, in every common style
    ("DOB 03/04/1950, on warfarin.", "03/04/1950", "date"),
    ("Admitted on 4 March 2023 with sepsis.", "4 March 2023", "date"),
    ("Discharged March 4th, 2023 on apixaban.", "March 4th, 2023", "date"),
    ("CT on 2023-03-04 showed a bleed.", "2023-03-04", "date"),
    ("DOB 3.4.50 on the referral.", "3.4.50", "date"),
    ("She was admitted on the 12th of May with pneumonia.", "12th of May", "date"),
    ("Born in June 1931, she lives alone.", "June 1931", "date"),
    ("She died on 9 January 2024 in the hospice.", "9 January 2024", "date"),
    ("Seen in clinic on 14 Feb with a high BP.", "14 Feb", "date"),
    ("Delivered on 14.08.2023 by C-section.", "14.08.2023", "date"),
    ("On 01/02 she was admitted with sepsis.", "01/02", "date"),
    # ages over 89
    ("A 93-year-old with aortic stenosis.", "93-year-old", "age"),
    ("A woman aged 101 with a hip fracture.", "aged 101", "age"),
    ("94 yo M, new AF.", "94 yo", "age"),
    ("91F with confusion and Na 118.", "91F", "age"),
    # addresses and ZIP codes
    ("She lives at 7 Wellington Road with her husband.", "7 Wellington Road", "address"),
    (
        "Discharged to 1428 Elm Street, Springfield, IL 62704 today.",
        "1428 Elm Street, Springfield, IL 62704",
        "address",
    ),
    ("Transport went to PO Box 1187 by mistake.", "PO Box 1187", "address"),
    ("She lives at 18 station road above the shop.", "18 station road", "address"),
    ("An out-of-area patient from Boston, MA 02115 was admitted.", "Boston, MA 02115", "zip"),
    ("Her zip code is 60614 and transport is hard.", "60614", "zip"),
    ("Postcode M14 5QT came up in contact tracing.", "M14 5QT", "zip"),
    # phone and fax numbers
    ("The husband's number is (312) 555-0187.", "(312) 555-0187", "phone"),
    ("Daughter's mobile: 07700 900461.", "07700 900461", "phone"),
    ("Ring her on +44 20 7946 0321 instead.", "+44 20 7946 0321", "phone"),
    ("Her mobile, +61 412 345 678, while in Australia.", "+61 412 345 678", "phone"),
    ("Call me at 555-0123 if it changes.", "555-0123", "phone"),
    ("Please fax the letter to 020 7946 0999.", "020 7946 0999", "fax"),
    ("Fax: (617) 555-0199 for the GP.", "(617) 555-0199", "fax"),
    # web
    ("She emailed from maria.lopez72@gmail.com yesterday.", "maria.lopez72@gmail.com", "email"),
    (
        "Photos at https://www.facebook.com/tom.brennan.3387 of the rash.",
        "https://www.facebook.com/tom.brennan.3387",
        "url",
    ),
    ("Wound photo: https://imgur.com/a/Xk29dPq.", "https://imgur.com/a/Xk29dPq", "url"),
    (
        "Portal: https://mychart.stlukes.org/MyChart/patient/38821 has it.",
        "https://mychart.stlukes.org/MyChart/patient/38821",
        "url",
    ),
    ("Connected from 82.132.218.15 during the call.", "82.132.218.15", "ip"),
    ("Login from IP 10.0.0.1 was flagged.", "10.0.0.1", "ip"),
    # numbers
    ("SSN 123-45-6789 in the margin.", "123-45-6789", "ssn"),
    ("NI number QQ 12 34 56 C on the form.", "QQ 12 34 56 C", "ssn"),
    ("MRN 4417892 still pending.", "4417892", "mrn"),
    ("NHS number 943 476 5919 is on the photo.", "943 476 5919", "mrn"),
    ("Member ID XJ4471920 was rejected.", "XJ4471920", "health_plan"),
    ("Medicare number 1EG4-TE5-MK73 does not match.", "1EG4-TE5-MK73", "health_plan"),
    ("Account number 88273645 was billed twice.", "88273645", "account"),
    ("Refund to GB29 NWBK 6016 1331 9268 19 please.", "GB29 NWBK 6016 1331 9268 19", "account"),
    ("Driving licence, number MORGA657054SM9IJ, as ID.", "MORGA657054SM9IJ", "licence"),
    ("Death certificate number 2024-0018823 was wrong.", "2024-0018823", "certificate"),
    ("VIN 1HGCM82633A004352 from the crash report.", "1HGCM82633A004352", "vehicle"),
    ("His car, reg LK19 XYZ, in the bay.", "LK19 XYZ", "vehicle"),
    ("Licence plate 7ABC123 in the triage note.", "7ABC123", "vehicle"),
    ("Pacemaker serial number PJN123456S recalled.", "PJN123456S", "device"),
    ("Insulin pump S/N OM2781934 errors at night.", "OM2781934", "device"),
    ("Case ID CS-20240087 in the safeguarding system.", "CS-20240087", "other_id"),
    ("Claim #4471-99812 was denied.", "4471-99812", "other_id"),
]


@pytest.mark.parametrize(("text", "identifier", "kind"), IDENTIFIERS)
def test_each_identifier_is_found_with_its_kind_and_exact_span(text, identifier, kind):
    assert (identifier, kind) in found(text), found(text)


def test_every_kind_has_a_unit_case():
    assert {kind for _, _, kind in IDENTIFIERS} == set(KINDS)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("DOB 03/04/1950.", "looks like a date of birth"),
        ("Admitted on 4 March 2023.", "looks like a date of admission"),
        ("Discharged on 9 March 2023.", "looks like a date of discharge"),
        ("She died on 9 January 2024.", "looks like a date of death"),
        ("Colonoscopy on 05/06/2023 showed a polyp.", "looks like the date of a procedure"),
        ("Seen in clinic on 14 Feb.", "looks like the date of a visit"),
        ("On 4 March 2023 she was fine.", "looks like a date tied to a patient"),
        ("patient John Smith", "looks like a patient's name"),
        ("his daughter Maria called", "looks like the name of a patient's relative"),
        ("call (312) 555-0187", "looks like a phone number"),
        ("fax (312) 555-0187", "looks like a fax number"),
        ("a 93-year-old", "looks like an age over 89"),
        ("https://imgur.com/a/Xk29dPq", "looks like a link to a shared photo or file"),
        ("instagram.com/sara.runs", "looks like a link to a social-media profile"),
    ],
)
def test_labels_say_what_the_finding_looks_like(text, label):
    assert labels(text) == [label]


# --- look-alikes the guard must leave alone
CLEAN = [
    "Enoxaparin 1.5 mg/kg OD, 5 mg/kg of ketamine, 0.5 mL of 1:1000 adrenaline.",
    "Na 128 mmol/L, K 5.9 mmol/L, Hb 9.2 g/dL, eGFR 45, ferritin 18 µg/L.",
    "GCS 14 (E4 V4 M6), NIHSS 7, CHA2DS2-VASc 3, HAS-BLED 2, CURB-65 3.",
    "A 67-year-old man; an 89-year-old woman; aged 85; a 45 yo.",
    "In 2023 we changed the pathway; since 2019 we use NEWS2.",
    "The 2024 ESC guidelines and the 2019 Beers criteria.",
    "NCT01234567 and ISRCTN12345678 and EudraCT 2020-001234-56.",
    "BRCA1 c.68_69delAG, EGFR L858R and HLA-B*57:01.",
    "ICD-10 codes I21.4, E11.9, J44.1 and J18.9.",
    "See doi:10.1056/NEJMoa2034577 and PMID: 12345678.",
    "Metformin, apixaban, semaglutide and levothyroxine.",
    "The Whipple procedure, Parkinson disease, Cushing syndrome, Graves disease.",
    "Addison crisis needs hydrocortisone; Crohn disease on infliximab.",
    "Great pathway.\n\n— Dr Amara Okafor, cardiology",
    "Thanks, @jlee, for the reference.",
    "Dr. Smith in radiology suggested a CT angiogram.",
    "Mr Jones, our colorectal consultant, operates on Fridays.",
    "Miss Ahmed (breast surgeon) runs the one-stop clinic.",
    "Ward round at 08:30, MDT at 13:00 and 16:45.",
    "BP 120/80, then 95/60 on standing.",
    "The P/F ratio was 150; the ratio 1:3 in the mix.",
    "Normal range 135–145 mmol/L; 3.5-5.0 for potassium.",
    "We are on version 2.3.1 of the app, v10.4.2 on the tablets.",
    "See pages 112–118, and section 5.2.1.3 of the guideline.",
    "Platelets 150 000–400 000; viral load 1 250 000 copies/mL.",
    "Call the lab on extension 4521; bleep 2233.",
    "Seen 2/7 ago with a cough; symptoms for 3/52.",
    "Patients aged 90 and over; mean age 92 in the cohort.",
    "Patient A and Mr X were the anonymised cases.",
    "Temp 99F with rigors.",
    "The journal club on 12 March 2025 covers STEP-HFpEF.",
    "NICE updated the guidance on 18 March 2023.",
    "The IRB protocol #2023-0456 was approved.",
    "Best wishes,\nMrs Jane Smith\nLead Nurse",
    "Mrs Ahmed, the ward manager, agreed to the trial.",
    "From 1 April 2025 all trusts must report it.",
    "Flow panel CD34 CD38 CD45 CD19 was positive.",
    "Medicare 2024 changes cover the new drug; ID 2019 guidelines.",
    "PA 25000 patients a year; CA 125 was 35.",
    "A referral to the patient Victoria Hospital team.",
    "Our speaker, Jane Smith, presented the data.",
    "https://www.nejm.org/doi/full/10.1056/NEJMoa2107038 and https://clinicaltrials.gov/study/NCT04184622",
]


@pytest.mark.parametrize("text", CLEAN)
def test_look_alikes_are_not_findings(text):
    assert found(text) == []


# --- the shape of the answer
def test_empty_and_blank_text():
    assert check("") == []
    assert check("   \n\n  ") == []


def test_offsets_point_at_the_identifier():
    text = "Patient John Smith, MRN 4417892, DOB 03/04/1950, phone (312) 555-0187."
    for f in check(text):
        assert isinstance(f, Finding)
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == text[f.start : f.end].strip()
        assert f.kind in KINDS and f.label.startswith("looks like")
    assert [text[f.start : f.end] for f in check(text)] == [
        "John Smith",
        "4417892",
        "03/04/1950",
        "(312) 555-0187",
    ]


def test_findings_are_sorted_and_never_overlap():
    text = (
        "MRN 2125550143 (not a phone). Fax: 020 7946 0958. She lives at 1428 Elm Street, "
        "Springfield, IL 62704. Mr. Okafor, DOB 03/04/1950, 94 yo, jsmith@example.com, "
        "https://imgur.com/a/x7Yq2, ZIP 62704, SSN 123-45-6789."
    )
    findings = check(text)
    assert len(findings) >= 9
    assert findings == sorted(findings, key=lambda f: (f.start, f.end))
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start
    # a number named by its cue is that, not a phone number
    assert ("2125550143", "mrn") in found(text)


def test_unicode_text_keeps_offsets_right():
    text = (
        "Ärztin’s note — patient José Muñoz, née García 👩‍⚕️, DOB 03/04/1950; "
        "tél. +33 1 42 68 53 00."
    )
    got = found(text)
    assert ("José Muñoz", "name") in got
    assert ("03/04/1950", "date") in got
    assert ("+33 1 42 68 53 00", "phone") in got


def test_markdown_does_not_hide_identifiers():
    text = (
        "## Case\n\n"
        "* **Patient:** Jane Doe\n"
        "* DOB: `03/04/1950`\n"
        "> Her daughter Maria called on 07700 900461.\n\n"
        "[her profile](https://www.facebook.com/jane.doe.1950)\n"
    )
    got = found(text)
    assert ("Jane Doe", "name") in got
    assert ("03/04/1950", "date") in got
    assert ("Maria", "name") in got
    assert ("07700 900461", "phone") in got
    assert ("https://www.facebook.com/jane.doe.1950", "url") in got


def test_very_long_text_is_checked_whole_and_fast():
    clean = "Na 128 mmol/L and eGFR 45 after 5 mg/kg, BP 120/80 at 08:30 in 2023. " * 1500
    text = clean + "Patient John Smith, DOB 03/04/1950."
    check(text)  # the name lists load on first use
    started = time.perf_counter()
    got = found(text)
    elapsed = time.perf_counter() - started
    assert got == [("John Smith", "name"), ("03/04/1950", "date")]
    assert elapsed < 2.0, f"{elapsed:.2f} s for {len(text):,} characters"


def test_name_lists_come_from_faker_and_load_once():
    first, last = known_names()
    assert {"John", "Maria", "Priya"} <= first
    assert {"Smith", "Okafor", "Nguyen"} <= last
    assert "May" not in first and "Will" not in first  # ordinary words are left out
    assert known_names() is known_names()
