"""What the patient-privacy guard reports: a Finding per identifier-like span."""

from __future__ import annotations

from dataclasses import dataclass

# kind -> (what the list of kinds calls it, the placeholder a redaction puts in its place)
KINDS: dict[str, tuple[str, str]] = {
    "name": ("a person's name", "[NAME]"),
    "date": ("a date tied to a person", "[DATE]"),
    "age": ("an age over 89", "[AGE 90+]"),
    "address": ("a street address", "[ADDRESS]"),
    "zip": ("a ZIP or postal code", "[ZIP]"),
    "phone": ("a phone number", "[PHONE]"),
    "fax": ("a fax number", "[FAX]"),
    "email": ("an email address", "[EMAIL]"),
    "ssn": ("a social security number", "[SSN]"),
    "mrn": ("a medical record number", "[MRN]"),
    "health_plan": ("a health-plan number", "[PLAN NUMBER]"),
    "account": ("an account number", "[ACCOUNT]"),
    "licence": ("a licence number", "[LICENCE]"),
    "certificate": ("a certificate number", "[CERTIFICATE]"),
    "vehicle": ("a vehicle identifier or plate", "[VEHICLE]"),
    "device": ("a device serial number", "[DEVICE ID]"),
    "url": ("a web address about a person", "[URL]"),
    "ip": ("an IP address", "[IP ADDRESS]"),
    "other_id": ("an identifying number", "[ID]"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """text[start:end] looks like an identifier of `kind` (a KINDS key); `label` says
    so to the author ("looks like a date of admission")."""

    start: int
    end: int
    kind: str
    label: str

    @property
    def placeholder(self) -> str:
        """What a redaction writes in the span's place ("[DATE]")."""
        return KINDS[self.kind][1]
