"""A case presentation's facts, kept beside its thread (a thread of kind "case").

After Project ECHO's de-identified case presentations: the facts a colleague needs to
place the case — an age band rather than an age, sex, and the care setting — are
choices from fixed lists, never free text, so they cannot carry an identifier. The
narrative sections (presenting problem, relevant history, what was tried, the
question) are the thread's opening post, so search, history, feeds, moderation and
redaction treat them as any post.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db

# HIPAA Safe Harbor: ages over 89 are aggregated into one band.
AGE_BANDS = {
    "under-1": "Under 1 year",
    "1-4": "1–4 years",
    "5-12": "5–12 years",
    "13-17": "13–17 years",
    "18-29": "18–29 years",
    "30-39": "30s",
    "40-49": "40s",
    "50-59": "50s",
    "60-69": "60s",
    "70-79": "70s",
    "80-89": "80s",
    "90-plus": "90 or older",
}
SEXES = {
    "female": "Female",
    "male": "Male",
    "intersex": "Intersex",
    "unstated": "Not stated",
}
SETTINGS = {
    "primary-care": "Primary care",
    "emergency": "Emergency department",
    "inpatient": "Hospital ward",
    "icu": "Intensive care",
    "outpatient": "Outpatient clinic",
    "theatre": "Operating theatre",
    "community": "Community or home care",
    "telehealth": "Telehealth",
    "other": "Another setting",
}
# The narrative sections, in the order the form asks for them and the post shows them.
SECTIONS = {
    "presenting": "Presenting problem",
    "history": "Relevant history",
    "tried": "What was tried",
    "question": "The question for colleagues",
}


class CaseFacts(db.Model):
    __tablename__ = "case_facts"

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True
    )
    age_band: Mapped[str] = mapped_column(String(16))
    sex: Mapped[str] = mapped_column(String(16))
    setting: Mapped[str] = mapped_column(String(24))

    @property
    def age_band_label(self) -> str:
        return AGE_BANDS.get(self.age_band, self.age_band)

    @property
    def sex_label(self) -> str:
        return SEXES.get(self.sex, self.sex)

    @property
    def setting_label(self) -> str:
        return SETTINGS.get(self.setting, self.setting)

    def __repr__(self) -> str:
        return f"<CaseFacts thread {self.thread_id} {self.age_band} {self.sex} {self.setting}>"
