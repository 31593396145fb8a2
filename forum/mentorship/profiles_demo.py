"""Demo mentor profiles: an approved profile for each demo mentor (forum/demo/data.py),
with varied places and one mentor pausing, and one member's application waiting in
the review queue. Run by seed-demo before the demo mentorships (forum/mentorship/demo.py).

The rows are written as the services would leave them (the demo mentors already hold
the role, so there is no decision to audit). Running it again adds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship.models import MentorProfile
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.unit_of_work import unit_of_work

# username: (specialty slugs, topic slugs, years, modes, languages, zone, capacity,
# accepting, statement)
PROFILES = {
    "rohan_patel": (
        ["cardiology"],
        ["ai-diagnostics", "wearables-remote-monitoring", "trial-design"],
        17,
        "forum video",
        "en hi",
        "Europe/London",
        3,
        True,
        "I co-led an AI-ECG validation across three sites. I help trainees and early-career "
        "cardiologists plan a first validation study, read the statistics critically and "
        "find a path into cardiology innovation.",
    ),
    "mei_chen": (
        ["oncology"],
        ["liquid-biopsy", "immunotherapy", "genomics-precision-medicine"],
        14,
        "video forum",
        "en zh",
        "Asia/Singapore",
        2,
        True,
        "Medical oncologist in translational research. I mentor registrars writing their "
        "first grant, and anyone setting up a liquid biopsy sub-study inside a trial.",
    ),
    "javier_garcia": (
        ["surgery"],
        ["surgical-robotics", "simulation-training"],
        21,
        "in_person video",
        "es en",
        "Europe/Madrid",
        2,
        False,
        "Robotic colorectal surgeon and console proctor. I help surgeons build a safe "
        "learning curve: simulation, case selection and honest video review.",
    ),
    "sade_okonkwo": (
        ["radiology"],
        ["medical-imaging-ai", "regulatory-science", "implementation-science"],
        15,
        "forum video",
        "en yo",
        "Africa/Lagos",
        4,
        True,
        "Neuroradiologist chairing an imaging-AI governance group. Ask me about local "
        "validation, procurement questions and running a post-deployment audit.",
    ),
    "hannah_fischer": (
        ["pharmacy"],
        ["pharmacogenomics", "clinical-decision-support"],
        12,
        "forum video",
        "de en",
        "Europe/Berlin",
        2,
        True,
        "Consultant pharmacist in pharmacogenomics and decision support. I mentor "
        "pharmacists moving into informatics roles.",
    ),
    "aziz_rahman": (
        ["neurology"],
        ["telehealth", "wearables-remote-monitoring", "digital-therapeutics"],
        19,
        "video in_person",
        "en ur bn",
        "Asia/Karachi",
        3,
        True,
        "Stroke neurologist leading a tele-stroke network, with a small wearables lab. I "
        "help clinicians design their first digital biomarker study.",
    ),
    "lucy_whitaker": (
        ["nursing-practice"],
        ["telehealth", "implementation-science"],
        23,
        "forum video in_person",
        "en",
        "Europe/London",
        5,
        True,
        "Nurse consultant for virtual wards. I mentor nurses who want to lead digital "
        "projects, from the business case to the evaluation.",
    ),
    "ousmane_ndiaye": (
        ["endocrinology"],
        ["closed-loop-systems", "real-world-evidence", "trial-design"],
        16,
        "forum video",
        "fr en",
        "Africa/Dakar",
        2,
        True,
        "Endocrinologist and clinical scientist: closed-loop insulin trials and "
        "real-world evidence. I read methods sections with mentees, line by line.",
    ),
    "eszter_varga": (
        ["psychiatry"],
        ["digital-therapeutics", "trial-design", "health-equity-bias"],
        13,
        "video",
        "en de",
        "Europe/Budapest",
        2,
        True,
        "Consultant psychiatrist evaluating digital therapeutics. I mentor early-career "
        "researchers designing their first pragmatic trial.",
    ),
    "nana_osei": (
        ["paediatrics", "critical-care"],
        ["3d-printing", "clinical-decision-support"],
        11,
        "forum in_person",
        "en",
        "America/Toronto",
        1,
        True,
        "Paediatric intensivist working on early warning scores and 3D-printed airway "
        "models. One mentee at a time, so I can give them proper attention.",
    ),
    "maria_lopez": (
        ["critical-care"],
        ["telehealth", "implementation-science", "careers-innovation"],
        18,
        "video forum",
        "es pt en",
        "America/Mexico_City",
        3,
        True,
        "Intensivist running a tele-ICU. I help clinicians run a quality-improvement "
        "project that lasts, without losing their weekends.",
    ),
}

# A member's application waiting for a moderator.
APPLICANT = (
    "kwame_asante",
    ["emergency-medicine"],
    ["point-of-care-ultrasound", "simulation-training"],
    4, "forum video", "en", "Africa/Accra", 2, True,
    "Emergency medicine resident and POCUS teaching fellow. I would like to mentor medical "
    "students learning point-of-care ultrasound and applying to emergency medicine.",
)  # fmt: skip


def _profile(user: User, values: tuple, status: str, now) -> MentorProfile:
    slugs, topic_slugs, years, modes, languages, zone, capacity, accepting, statement = values
    decided = now - timedelta(days=40) if status == "approved" else None
    return MentorProfile(
        user_id=user.id,
        status=status,
        statement=statement,
        years_in_practice=years,
        modes_text=modes,
        languages_text=languages,
        time_zone=zone,
        accepting=accepting,
        capacity=capacity,
        submitted_at=now - timedelta(days=45 if status == "approved" else 2),
        updated_at=now - timedelta(days=10),
        decided_at=decided,
        decision_reason="Demo mentor." if decided else None,
        specialties=list(db.session.scalars(select(Specialty).where(Specialty.slug.in_(slugs)))),
        topics=list(
            db.session.scalars(select(ResearchTopic).where(ResearchTopic.slug.in_(topic_slugs)))
        ),
    )


def seed_demo() -> dict[str, int]:
    """Approved profiles for the demo mentors (who hold the role) and one pending
    application, each only where that member has no profile yet; returns the counts."""
    now = utcnow()
    applicant, *applied = APPLICANT
    names = [*PROFILES, applicant]
    users = {
        u.username: u for u in db.session.scalars(select(User).where(User.username.in_(names)))
    }
    have = set(
        db.session.scalars(
            select(MentorProfile.user_id).where(
                MentorProfile.user_id.in_([u.id for u in users.values()])
            )
        )
    )
    added = {"profiles": 0, "applications": 0}
    with unit_of_work():
        for username, values in PROFILES.items():
            user = users.get(username)
            if user is None or user.id in have or not user.has_role("mentor"):
                continue
            db.session.add(_profile(user, values, "approved", now))
            added["profiles"] += 1
        user = users.get(applicant)
        if user is not None and user.id not in have and not user.has_role("mentor"):
            db.session.add(_profile(user, tuple(applied), "pending", now))
            added["applications"] += 1
    return added
