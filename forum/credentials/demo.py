"""Demo credentials: verified ones for every demo mentor (and the member whose
application to mentor waits: applying needs one), pending ones for a few members so
the review queue has work, and one rejected. Run by seed-demo before the mentor
profiles (forum/mentorship/profiles_demo.py).

The rows are written as the services would leave them, reviewed by the demo moderator;
past decisions are demo history, not audited actions. Numbers are invented ("DEMO-").
Running it again adds nothing for a member who has credentials already.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.auth.models import User
from forum.credentials.models import Credential
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.unit_of_work import unit_of_work

REVIEWER = "tom_adebayo"

# username: [(profession, licence or registration type, issuing body, jurisdiction,
# years in practice)], all verified.
VERIFIED = {
    "rohan_patel": [("Consultant Cardiologist", "Specialist registration", "GMC", "UK", 17)],
    "mei_chen": [("Medical Oncologist", "Specialist registration", "SMC", "Singapore", 14)],
    "javier_garcia": [("Consultant Surgeon", "Colegiación médica", "OMC", "Spain", 21)],
    "sade_okonkwo": [("Consultant Neuroradiologist", "Full registration", "MDCN", "Nigeria", 15)],
    "hannah_fischer": [("Pharmacist", "Approbation", "Apothekerkammer", "Germany", 12)],
    "aziz_rahman": [("Consultant Neurologist", "Specialist registration", "PMDC", "Pakistan", 19)],
    "lucy_whitaker": [
        ("Registered Nurse", "Nursing registration", "NMC", "UK", 23),
        ("Independent Prescriber", "Prescribing annotation", "NMC", "UK", 9),
    ],
    "ousmane_ndiaye": [("Endocrinologist", "Inscription", "Ordre des Médecins", "Senegal", 16)],
    "eszter_varga": [("Consultant Psychiatrist", "Specialist registration", "MOK", "Hungary", 13)],
    "nana_osei": [("Paediatric Intensivist", "Independent practice", "CPSO", "Ontario", 11)],
    "maria_lopez": [("Intensivist", "Cédula de especialidad", "SEP", "Mexico", 18)],
    "kwame_asante": [("Resident Physician", "Provisional registration", "MDC", "Ghana", 4)],
}
# Waiting in the review queue, oldest first.
PENDING = {
    "marcus_bell": ("Registered Nurse", "Nursing registration", "NMC", "UK", 14),
    "daniel_mensah": ("Pharmacist", "Pharmacist registration", "GPhC", "UK", 8),
    "aoife_brennan": ("Registered Children's Nurse", "Nursing registration", "NMBI", "Ireland", 10),
    "omar_haddad": ("Neurology Registrar", "Full registration", "GMC", "UK", 6),
}
# Rejected, with the reason the member reads.
REJECTED = {
    "ben_okoro": (
        ("Sonographer", "Voluntary register", "RCCP", "UK", 12),
        "The register has no sonographer under this number: please check it and send it again.",
    ),
}


def seed_demo() -> dict[str, int]:
    """The demo credentials, each only for a member with none yet; returns the counts."""
    now = utcnow()
    names = [REVIEWER, *VERIFIED, *PENDING, *REJECTED]
    users = {
        u.username: u for u in db.session.scalars(select(User).where(User.username.in_(names)))
    }
    holding = set(
        db.session.scalars(
            select(Credential.user_id).where(Credential.user_id.in_([u.id for u in users.values()]))
        )
    )
    reviewer = users.get(REVIEWER)
    counts = {"verified": 0, "pending": 0, "rejected": 0}
    number = iter(range(1001, 2000))

    def add(user, values, status, *, days_ago, note=None):
        profession, kind, body, jurisdiction, years = values
        sent = now - timedelta(days=days_ago)
        reviewed = status != "pending"
        db.session.add(
            Credential(
                user_id=user.id,
                profession=profession,
                credential_type=kind,
                issuing_body=body,
                jurisdiction=jurisdiction,
                number=f"DEMO-{next(number)}",
                institution=user.institution,
                years_in_practice=years,
                status=status,
                created_at=sent,
                updated_at=sent,
                submitted_at=sent,
                reviewed_at=sent + timedelta(days=1) if reviewed else None,
                reviewed_by_id=reviewer.id if reviewed and reviewer else None,
                review_note=note,
            )
        )
        counts[status] += 1

    with unit_of_work():
        for username, held in VERIFIED.items():
            user = users.get(username)
            if user is None or user.id in holding:
                continue
            for values in held:
                add(user, values, "verified", days_ago=50, note="Checked on the public register.")
        for days_ago, (username, values) in enumerate(PENDING.items(), start=1):
            user = users.get(username)
            if user is not None and user.id not in holding:
                add(user, values, "pending", days_ago=len(PENDING) - days_ago + 1)
        for username, (values, reason) in REJECTED.items():
            user = users.get(username)
            if user is not None and user.id not in holding:
                add(user, values, "rejected", days_ago=6, note=reason)
    return counts
