"""The privacy guard as a posting check: every new thread, reply and edit, and titles,
are checked before anything is saved; a confirmed post records the kinds, not the text."""

import pytest
from sqlalchemy import func, select

from forum.exceptions import NeedsConfirmation
from forum.extensions import db
from forum.privacy import guard
from forum.privacy.models import PrivacyConfirmation
from forum.privacy.queries import history_notes
from forum.threads import service
from forum.threads.models import Post, Thread
from tests.factories import make_specialty, make_thread, make_topic, make_user

PHONE = "020 7946 0958"
DOB = "DOB 03/04/1950"
RISKY = f"Her daughter rang from {PHONE} about the discharge plan."


def _posts() -> int:
    return db.session.scalar(select(func.count()).select_from(Post))


def test_a_reply_with_an_identifier_is_refused_until_confirmed(app):
    thread = make_thread()
    author = make_user()
    before = _posts()
    with pytest.raises(NeedsConfirmation) as refused:
        service.reply_to_thread(author, thread, RISKY)
    assert refused.value.check == "privacy" and refused.value.field == "body"
    assert "phone" in {finding.kind for finding in refused.value.findings}
    assert _posts() == before  # nothing was saved

    post = service.reply_to_thread(author, thread, RISKY, confirmed={"privacy"})
    row = db.session.scalar(
        select(PrivacyConfirmation).where(PrivacyConfirmation.post_id == post.id)
    )
    assert row.version == 1 and row.user_id == author.id and "phone" in row.kinds


def test_the_confirmation_keeps_the_kinds_never_the_text(app):
    thread = make_thread()
    post = service.reply_to_thread(make_user(), thread, RISKY, confirmed={"privacy"})
    rows = db.session.execute(select(PrivacyConfirmation.__table__)).mappings().all()
    assert len(rows) == 1
    assert all(PHONE not in str(value) for value in rows[0].values())
    assert post.id == rows[0]["post_id"]


def test_a_clean_reply_needs_no_confirmation_and_records_nothing(app):
    thread = make_thread()
    post = service.reply_to_thread(
        make_user(), thread, "A 67-year-old on apixaban 5 mg twice daily since 2023; eGFR 45."
    )
    assert post.id is not None
    assert db.session.scalar(select(func.count()).select_from(PrivacyConfirmation)) == 0


def test_a_confirmation_box_ticked_over_clean_text_records_nothing(app):
    service.reply_to_thread(make_user(), make_thread(), "Nothing identifying here at all.",
                            confirmed={"privacy"})
    assert db.session.scalar(select(func.count()).select_from(PrivacyConfirmation)) == 0


def test_a_new_thread_checks_its_title_too(app):
    specialty, topic = make_specialty(), make_topic()
    author = make_user()
    with pytest.raises(NeedsConfirmation) as refused:
        service.start_thread(
            author,
            title=f"Call back on {PHONE} about the echo",
            specialty_id=specialty.id,
            topic_ids=[topic.id],
            kind="question",
            body="Is a repeat echo needed at six months?",
        )
    assert refused.value.field == "title"
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0


def test_an_edit_is_checked_and_its_confirmation_names_the_new_version(app):
    author = make_user()
    thread = make_thread(author=author)
    post = service.reply_to_thread(author, thread, "A first, clean version of the reply.")
    service.edit_post(author, post, "A second, clean version of the reply.")
    with pytest.raises(NeedsConfirmation):
        service.edit_post(author, post, f"Third version. {DOB}.")
    assert db.session.get(Post, post.id).body_md == "A second, clean version of the reply."
    service.edit_post(author, post, f"Third version. {DOB}.", confirmed={"privacy"})
    row = db.session.scalar(select(PrivacyConfirmation))
    assert row.version == 3 and "date" in row.kinds
    assert 3 in history_notes(db.session.get(Post, post.id))


def test_redact_replaces_exactly_the_span_found(app):
    text = f"Seen today. {RISKY}"
    finding = next(f for f in guard.check(text) if f.kind == "phone")
    redacted = guard.redact(text, finding.start, finding.end)
    assert PHONE not in redacted and "[PHONE]" in redacted
    assert redacted.startswith("Seen today. Her daughter rang from ")
    # A span that is not a finding (the text changed since it was checked) is refused.
    assert guard.redact(text, 0, 4) is None


def test_offsets_for_the_script_count_utf16_code_units(app):
    text = f"🫀 follow-up: {PHONE}"
    [finding] = [f for f in guard.check(text) if f.kind == "phone"]
    [shown] = guard.utf16_offsets(text, [finding])
    as_js = text.encode("utf-16-le")
    assert as_js[shown["start"] * 2 : shown["end"] * 2].decode("utf-16-le") == PHONE
    assert shown["placeholder"] == "[PHONE]"
