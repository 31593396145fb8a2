"""Redacting a span: every occurrence, in the post and every saved version, becomes
[redacted]; the post is rendered and indexed again; stored mail loses it; the audit log
and the redaction record say who, when, why and how many, and no table keeps the text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.mail.models import OutgoingMail
from forum.mail.service import send_pending
from forum.moderation.models import AuditEntry, Flag
from forum.notifications import email
from forum.privacy.guard import CHECK as PRIVACY_CHECK
from forum.redaction import service
from forum.redaction.models import Redaction
from forum.redaction.spans import MARKER
from forum.search import results
from forum.search import service as search
from forum.search.index import Filters
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from forum.threads.models import PostRevision
from tests.notifications.emailing import html_of, notify, text_of, wire
from tests.redaction import scene as world
from tests.redaction.scene import BODY, NAME, RECORD, flag, fresh, index_bytes, tables_holding


@pytest.fixture
def scene(app):
    wire(app)
    app.config["MAIL_FROM"] = "Rounds <no-reply@rounds.test>"
    return world.build()


def _redact(scene, text=NAME, reason="Names a patient", actor=None):
    actor = actor or scene.moderator
    return service.redact_post(actor, threads.get_post(actor, scene.reply.id), text, reason)


def _edit(scene, body: str):
    return threads.edit_post(
        scene.author,
        threads.get_post(scene.author, scene.reply.id),
        body,
        confirmed={PRIVACY_CHECK},
    )


def test_every_occurrence_in_the_post_and_its_versions_becomes_the_marker(scene):
    _edit(scene, f"{BODY} Follow-up: {NAME} is home.")
    _edit(scene, f"Update: **{NAME}** is home ({RECORD}).")
    record = _redact(scene)
    post = fresh(scene.reply.id)
    assert post.body_md == f"Update: **{MARKER}** is home ({RECORD})."
    assert "<strong>[redacted]</strong>" in post.body_html
    assert post.body_text == f"Update: {MARKER} is home ({RECORD})."
    revisions = db.session.scalars(select(PostRevision).order_by(PostRevision.number)).all()
    assert [r.body_md.count(MARKER) for r in revisions] == [1, 2]
    assert all(NAME not in r.body_md and NAME not in r.body_html for r in revisions)
    assert (record.in_post, record.in_revisions, record.in_flags) == (1, 3, 0)
    assert record.spans == 4
    assert post.edit_count == 2  # a redaction is not an edit: the history keeps its shape


def test_the_audit_log_says_who_when_why_and_how_many_never_the_text(scene):
    _edit(scene, f"{BODY} Again {NAME}.")
    _redact(scene, reason="Identifies a patient")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "post.redact")).one()
    assert (entry.actor_id, entry.actor_name, entry.target_type, entry.target_id) == (
        scene.moderator.id,
        "cardio_mod",
        "post",
        scene.reply.id,
    )
    assert entry.reason == "Identifies a patient" and entry.created_at is not None
    assert entry.after == {"spans": 3, "in_post": 2, "in_revisions": 1, "in_flags": 0}
    assert NAME not in repr((entry.before, entry.after, entry.reason, entry.target_label))
    record = db.session.scalars(select(Redaction)).one()
    assert (record.actor_id, record.reason, record.spans) == (
        scene.moderator.id,
        "Identifies a patient",
        3,
    )


def test_after_a_redaction_no_table_holds_the_text(app, smtp_server, scene):
    """Every text column of every table, after the span went through posts, versions,
    a flag's words, the search change log and the mail outbox."""
    _edit(scene, f"{BODY} ({NAME} again.)")
    flag(scene.members[0], scene.reply, "other", f"It names {NAME} outright.")
    notify(scene.asker, "reply", scene.reply, scene.author)
    email.send_immediate()
    search.sync()
    assert set(tables_holding(NAME)) >= {
        "posts.body_md",
        "post_revisions.body_md",
        "flags.text",
        "mail_outbox.text",
    }
    record = _redact(scene)
    search.sync()
    assert tables_holding(NAME) == []
    assert tables_holding("Vasquez") == []
    assert record.in_flags == 1
    assert db.session.scalars(select(Flag.text)).one() == f"It names {MARKER} outright."
    assert [word for word in (b"vasquez", b"eleanor") if word in index_bytes()] == []


def test_the_post_is_found_by_its_other_words_and_never_by_the_redacted_ones(scene):
    search.sync()
    assert [row.post.id for row in results.search_page("vasquez", Filters()).rows] == [
        scene.reply.id
    ]
    _redact(scene)
    search.sync()
    assert results.search_page("vasquez", Filters()).rows == []
    found = results.search_page("course", Filters()).rows
    assert [row.post.id for row in found] == [scene.reply.id]
    assert results.search_page("vasquex", Filters(), as_typed=True).suggestion is None


def test_a_mail_quoting_the_span_is_withdrawn_and_a_digest_rewritten(app, smtp_server, scene):
    other = world.post_over_the_guard(scene.thread, scene.members[3], "Beta blockers first.")
    notify(scene.asker, "reply", scene.reply, scene.author)
    email.send_immediate()
    start = utcnow() - timedelta(days=2)
    watcher = scene.members[2]
    notify(watcher, "watched", other, scene.members[3], created_at=start)
    notify(watcher, "watched", scene.reply, scene.author, created_at=start)
    email.send_due_digests(utcnow())
    assert len(db.session.scalars(select(OutgoingMail)).all()) == 2
    _redact(scene)
    assert send_pending().sent == 1  # the reply's own mail was withdrawn
    [digest] = smtp_server.messages
    assert digest["To"] == watcher.email
    for part in (text_of(digest), html_of(digest)):
        assert NAME not in part and "Beta blockers first." in part


def test_mail_about_the_post_that_quotes_none_of_the_span_is_left_alone(app, smtp_server, scene):
    long_body = f"{'Ivabradine helped. ' * 30}Her name was {NAME}."  # past the excerpt
    _edit(scene, long_body)
    notify(scene.asker, "reply", scene.reply, scene.author)
    email.send_immediate()
    [before] = [(m.id, m.text) for m in db.session.scalars(select(OutgoingMail))]
    assert NAME not in before[1]
    _redact(scene)
    db.session.expire_all()
    assert [(m.id, m.text) for m in db.session.scalars(select(OutgoingMail))] == [before]


@pytest.mark.parametrize(
    ("text", "reason", "field", "message"),
    [
        ("", "Names a patient", "text", "Paste the exact text"),
        ("   \r\n ", "Names a patient", "text", "Paste the exact text"),
        ("Mr Nobody Here", "Names a patient", "text", "not in the post"),
        ("x" * 2001, "Names a patient", "text", "under 2000 characters"),
        ("redact", "Names a patient", "text", "part of the marker"),
        (NAME, "", "reason", "Say why"),
        (NAME, "y" * 501, "reason", "under 500 characters"),
        (NAME, f"It says {NAME}", "reason", "Leave the redacted text out"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_changes_nothing(
    scene, text, reason, field, message
):
    with pytest.raises(Invalid) as refused:
        _redact(scene, text, reason)
    assert refused.value.field == field and message in refused.value.message
    assert fresh(scene.reply.id).body_md == BODY
    assert db.session.scalars(select(Redaction)).all() == []
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_a_span_only_in_an_earlier_version_is_redacted_there(scene):
    _edit(scene, world.CLEAN)
    record = _redact(scene)
    assert (record.in_post, record.in_revisions) == (0, 1)
    assert fresh(scene.reply.id).body_md == world.CLEAN
    assert NAME not in db.session.scalars(select(PostRevision.body_html)).one()


def test_a_crlf_span_from_the_browser_matches_the_stored_lines(scene):
    _edit(scene, f"First line.\nOur patient {NAME}\nwas seen today.")
    record = _redact(scene, text=f"  {NAME}\r\nwas seen  ")
    assert record.in_post == 1
    assert fresh(scene.reply.id).body_md == f"First line.\nOur patient {MARKER} today."


def test_only_the_threads_moderators_and_site_staff_redact(scene):
    for refused in (scene.author, scene.members[0], scene.oncology_moderator):
        with pytest.raises(NotAllowed):
            _redact(scene, actor=refused)
    assert _redact(scene, text=RECORD, actor=scene.staff).spans == 1
    admin = world.make_user("admin", username="root")
    assert _redact(scene, text="ivabradine", actor=admin).spans == 1


def test_a_hidden_or_deleted_post_can_still_be_redacted(scene):
    flag(scene.members[0], scene.reply)
    assert _redact(scene).spans == 1
    threads.delete_post(scene.moderator, threads.get_post(scene.moderator, scene.reply.id))
    assert _redact(scene, text=RECORD).spans == 1


def test_a_private_post_is_no_ones_to_redact(scene):
    space = Space(name="A mentorship")
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMember(space_id=space.id, user_id=scene.author.id))
    scene.thread.space_id = space.id
    db.session.commit()
    with pytest.raises(NotFound):
        threads.get_post(scene.staff, scene.reply.id)
    post = threads.get_post(scene.author, scene.reply.id)
    with pytest.raises(NotFound):
        service.redact_post(scene.staff, post, NAME, "Names a patient")
