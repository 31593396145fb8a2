"""Presenting a case: a thread of kind "case" whose opening post is made of the case's
sections, with its facts beside it (forum/cases/models.py)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from forum.auth.models import User
from forum.cases.models import AGE_BANDS, SECTIONS, SETTINGS, SEXES, CaseFacts
from forum.exceptions import Invalid
from forum.extensions import db
from forum.privacy import guard
from forum.threads import service as threads
from forum.threads.models import Thread
from forum.unit_of_work import transactional

REQUIRED = ("presenting", "question")


def compose(sections: Mapping[str, str | None]) -> str:
    """The opening post's Markdown: each section that has text, under its heading."""
    parts = []
    for name, heading in SECTIONS.items():
        text = (sections.get(name) or "").strip()
        if text:
            parts.append(f"### {heading}\n\n{text}")
    return "\n\n".join(parts)


def _facts(age_band: str, sex: str, setting: str) -> None:
    for field, value, allowed, message in (
        ("age_band", age_band, AGE_BANDS, "Choose an age band from the list."),
        ("sex", sex, SEXES, "Choose one from the list."),
        ("setting", setting, SETTINGS, "Choose a setting from the list."),
    ):
        if value not in allowed:
            raise Invalid(field, message)


@transactional
def present_case(
    author: User,
    *,
    title: str,
    specialty_id: int,
    topic_ids: list[int],
    age_band: str,
    sex: str,
    setting: str,
    sections: Mapping[str, str | None],
    submission_key: str | None = None,
    confirmed: Collection[str] = (),
) -> Thread:
    """Open a case thread. The privacy guard reads the title and each section on its
    own, so its warning sits beside the part that needs it; the same form submitted
    again returns the first thread.

    :raises NotAllowed: the author may not start threads. :raises Invalid: a fact not
    from its list or a required section left empty. :raises NeedsConfirmation: the
    guard found something that looks like a patient identifier. :raises RateLimited:
    posting too fast.
    """
    _facts(age_band, sex, setting)
    for name in REQUIRED:
        if not (sections.get(name) or "").strip():
            raise Invalid(name, "Write this part of the case.")
    guard.check_fields(
        {"title": title, **{name: sections.get(name) for name in SECTIONS}},
        confirmed=guard.CHECK in confirmed,
    )
    thread = threads.start_thread(
        author,
        title=title,
        specialty_id=specialty_id,
        topic_ids=topic_ids,
        kind="case",
        body=compose(sections),
        submission_key=submission_key,
        confirmed=confirmed,
    )
    if db.session.get(CaseFacts, thread.id) is None:  # not a resubmitted form
        db.session.add(CaseFacts(thread_id=thread.id, age_band=age_band, sex=sex, setting=setting))
    return thread


def case_facts(thread: Thread, _viewer=None, _posts=()) -> CaseFacts | None:
    """A case thread's facts for its page (one primary-key read; none for other kinds)."""
    return db.session.get(CaseFacts, thread.id) if thread.kind == "case" else None
