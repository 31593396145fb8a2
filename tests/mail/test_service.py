"""The mail outbox and its sender, against a real SMTP server on 127.0.0.1 (no HTTP)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum import InsecureConfiguration, create_app, effects
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mail import service
from forum.mail.models import OutgoingMail
from forum.unit_of_work import unit_of_work
from tests.conftest import point_app_at
from tests.mail.smtpd import SmtpServer


def queue(to="jane@example.org", subject="Your reply", text="Plain body.", html=None):
    """Queue one mail in its own committed unit of work."""
    with unit_of_work():
        service.queue_mail(to, subject, text, html)


def outbox() -> list[OutgoingMail]:
    """The outbox as the database has it now (the sender writes through its own session)."""
    db.session.expire_all()
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


# --- queueing ------------------------------------------------------------------------------------


def test_queued_mail_waits_for_the_commit_and_a_rollback_sends_nothing(app, smtp_server):
    with pytest.raises(RuntimeError), unit_of_work():
        service.queue_mail("jane@example.org", "Never sent", "Rolled back.")
        raise RuntimeError("the action failed")

    assert outbox() == []
    assert service.send_pending().sent == 0
    assert smtp_server.messages == []


def test_committing_a_queued_mail_hands_the_mail_effect_to_the_runner(app, monkeypatch):
    dispatched: list[set[str]] = []
    monkeypatch.setattr(effects, "dispatch", lambda names: dispatched.append(set(names)))

    queue()

    assert dispatched == [{"mail"}]
    assert "mail" in effects.registered()


def test_a_queued_mail_arrives_with_its_headers_text_and_html(app, smtp_server):
    app.config["MAIL_FROM"] = "Rounds <no-reply@rounds.test>"
    queue("jane@example.org", "Welcome", "Hello Jane.\n", "<p>Hello <b>Jane</b>.</p>")

    outcome = service.send_pending()

    assert (outcome.sent, outcome.retrying, outcome.given_up) == (1, 0, 0)
    [message] = smtp_server.messages
    assert message["To"] == "jane@example.org"
    assert message["From"] == "Rounds <no-reply@rounds.test>"
    assert message["Subject"] == "Welcome"
    assert message["Message-ID"].endswith("@rounds.test>")
    assert message.get_body(("plain",)).get_content() == "Hello Jane.\n"
    assert "<b>Jane</b>" in message.get_body(("html",)).get_content()
    assert smtp_server.inbox.envelopes == [("no-reply@rounds.test", ["jane@example.org"])]
    [row] = outbox()
    assert row.sent_at is not None and row.attempts == 1 and row.claim_token is None


def test_sent_mail_is_not_sent_again_by_the_next_pass(app, smtp_server):
    queue()
    service.send_pending()

    assert service.send_pending().sent == 0
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize("field", ["to", "subject"])
def test_queue_mail_refuses_a_header_spanning_lines(app, field):
    values = {"to": "jane@example.org", "subject": "Hi", "text": "Body."}
    values[field] += "\r\nBcc: everyone@example.org"

    with pytest.raises(ValueError, match="one line"):
        service.queue_mail(**values)


def test_without_a_mail_server_mail_is_written_to_the_log(app, caplog):
    app.config["MAIL_SERVER"] = None
    queue("jane@example.org", "Reset your password", "Open https://rounds.test/x to reset.")

    with caplog.at_level(logging.WARNING):
        outcome = service.send_pending()

    assert outcome.sent == 1
    logged = caplog.text
    assert "MAIL_SERVER is not set" in logged
    assert "To: jane@example.org" in logged and "Subject: Reset your password" in logged
    assert "Open https://rounds.test/x to reset." in logged
    assert outbox()[0].sent_at is not None


# --- a server that is down, retries and giving up ------------------------------------------------


def test_a_server_down_at_first_gets_the_mail_exactly_once_when_it_is_up(app, smtp_down):
    queue("jane@example.org", "Reset your password")

    first = service.send_pending()  # nothing listens on the port yet

    assert (first.sent, first.retrying) == (0, 1)
    [row] = outbox()
    assert row.attempts == 1 and row.sent_at is None and row.claim_token is None
    assert row.next_attempt_at > utcnow() + timedelta(seconds=50)  # MAIL_RETRY_SECONDS = 60
    assert "cannot use the mail server" in row.last_error

    smtp_down.start()
    assert service.send_pending().sent == 0  # its backoff has not run out yet
    assert smtp_down.messages == []

    second = service.send_pending(now=row.next_attempt_at)
    service.send_pending(now=row.next_attempt_at + timedelta(minutes=1))

    assert second.sent == 1
    assert [m["Subject"] for m in smtp_down.messages] == ["Reset your password"]
    [row] = outbox()
    assert row.attempts == 2 and row.sent_at is not None and row.last_error is None


def test_failed_tries_back_off_doubling_and_stop_after_max_attempts(app, smtp_down, caplog):
    app.config.update(MAIL_MAX_ATTEMPTS=3, MAIL_RETRY_SECONDS=60)
    queue()
    waits = []
    now = utcnow()
    for _ in range(3):
        service.send_pending(now=now)
        [row] = outbox()
        if row.gave_up_at is None:
            waits.append(row.next_attempt_at - now)
            now = row.next_attempt_at

    assert waits == [timedelta(seconds=60), timedelta(seconds=120)]
    assert row.attempts == 3 and row.gave_up_at is not None and row.sent_at is None
    assert "given up after 3 tries" in caplog.text

    smtp_down.start()
    assert service.send_pending(now=now + timedelta(days=1)).sent == 0
    assert smtp_down.messages == []


def test_backoff_doubles_from_the_first_wait_up_to_six_hours():
    assert [service.backoff(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert service.backoff(30, 60) == timedelta(hours=6)


def test_a_recipient_refused_for_good_is_given_up_and_the_others_still_go(app, smtp_server):
    smtp_server.inbox.refuse["nobody@example.org"] = "550 5.1.1 No such mailbox"
    queue("nobody@example.org", "First")
    queue("jane@example.org", "Second")

    outcome = service.send_pending()

    assert (outcome.sent, outcome.given_up, outcome.retrying) == (1, 1, 0)
    assert [m["Subject"] for m in smtp_server.messages] == ["Second"]
    refused, delivered = outbox()
    assert refused.gave_up_at is not None and refused.attempts == 1
    assert "550" in refused.last_error
    assert delivered.sent_at is not None


def test_a_recipient_refused_for_now_is_retried_later(app, smtp_server):
    smtp_server.inbox.refuse["jane@example.org"] = "450 4.2.1 Mailbox busy, try later"
    queue("jane@example.org")

    outcome = service.send_pending()

    assert (outcome.sent, outcome.retrying) == (0, 1)
    [row] = outbox()
    assert row.gave_up_at is None and row.next_attempt_at > utcnow()

    del smtp_server.inbox.refuse["jane@example.org"]
    assert service.send_pending(now=row.next_attempt_at).sent == 1
    assert len(smtp_server.messages) == 1


def test_a_server_that_needs_a_login_gets_mail_username_and_password(app):
    server = SmtpServer(login=("rounds", "s3cret-pass")).start()
    try:
        point_app_at(app, server)
        app.config.update(MAIL_USERNAME="rounds", MAIL_PASSWORD="wrong")
        queue(subject="First try")
        assert service.send_pending().retrying == 1  # the login is refused: wait and retry
        [row] = outbox()
        assert "535" in row.last_error

        app.config["MAIL_PASSWORD"] = "s3cret-pass"
        assert service.send_pending(now=row.next_attempt_at).sent == 1
        assert [m["Subject"] for m in server.messages] == ["First try"]
        assert server.inbox.logins == ["rounds"]
    finally:
        server.stop()


# --- several senders -----------------------------------------------------------------------------


def test_a_row_claimed_by_another_sender_is_left_alone_until_its_claim_is_stale(app, smtp_server):
    queue()
    claimed_at = utcnow()
    db.session.execute(
        update(OutgoingMail).values(claim_token="other-sender", claimed_at=claimed_at)
    )
    db.session.commit()

    assert service.send_pending().sent == 0
    assert service.send_pending(now=claimed_at + service.STALE - timedelta(seconds=1)).sent == 0
    assert smtp_server.messages == []

    assert service.send_pending(now=claimed_at + service.STALE + timedelta(seconds=1)).sent == 1
    assert len(smtp_server.messages) == 1


def test_a_sender_whose_stale_claim_was_taken_over_does_not_send(app, smtp_server):
    """The claim is renewed before each message; losing it means another sender has it."""
    queue(subject="One")
    queue(subject="Two")
    sent_to_smtp = []

    class TakeOverAfterFirst:
        def send(self, message):
            sent_to_smtp.append(message["Subject"])
            db.session.execute(
                update(OutgoingMail)
                .where(OutgoingMail.subject == "Two")
                .values(claim_token="newer-sender")
            )
            db.session.commit()

    from sqlalchemy.orm import Session

    with Session(db.engine, expire_on_commit=False) as session:
        rows = service._claim(session, "first-sender", utcnow())
        outcome = service.Delivery()
        service._deliver(
            session, "first-sender", rows, TakeOverAfterFirst(), app.config, utcnow, outcome
        )

    assert sent_to_smtp == ["One"] and outcome.sent == 1
    one, two = outbox()
    assert one.sent_at is not None
    assert two.sent_at is None and two.claim_token == "newer-sender"


def test_two_senders_running_at_once_send_each_mail_exactly_once(
    app, smtp_server, database_url, tmp_path, monkeypatch
):
    monkeypatch.setattr(service, "BATCH", 4)  # many small claims, so the two interleave
    smtp_server.inbox.delay = 0.02  # each send takes a while: the senders overlap
    for n in range(24):
        queue(f"member{n}@example.org", f"Mail {n}")
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,  # the same database, its own engine
            "SEARCH_INDEX_DIR": str(tmp_path / "search_index"),
            "AFTER_COMMIT": "off",
        }
    )
    point_app_at(other, smtp_server)
    start = threading.Barrier(2)
    outcomes: dict[str, service.Delivery] = {}
    errors: list[BaseException] = []

    def sender(name, each_app):
        try:
            with each_app.app_context():
                start.wait(timeout=10)
                outcomes[name] = service.send_pending()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    workers = [threading.Thread(target=sender, args=(n, a)) for n, a in (("a", app), ("b", other))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    with other.app_context():
        db.engine.dispose()

    assert errors == []
    subjects = sorted(m["Subject"] for m in smtp_server.messages)
    assert subjects == sorted(f"Mail {n}" for n in range(24))
    assert outcomes["a"].sent + outcomes["b"].sent == 24
    assert outcomes["a"].sent and outcomes["b"].sent  # both really took part
    assert all(row.sent_at is not None and row.attempts == 1 for row in outbox())


# --- housekeeping, status, command line, configuration -------------------------------------------


def test_sent_mail_is_pruned_after_a_week_and_given_up_mail_after_a_month(app, smtp_server):
    now = utcnow()
    with unit_of_work() as session:
        session.add_all(
            [
                OutgoingMail(
                    recipient="a@example.org",
                    subject="old sent",
                    text="x",
                    sent_at=now - timedelta(days=8),
                ),
                OutgoingMail(
                    recipient="b@example.org",
                    subject="recent sent",
                    text="x",
                    sent_at=now - timedelta(days=6),
                ),
                OutgoingMail(
                    recipient="c@example.org",
                    subject="old given up",
                    text="x",
                    gave_up_at=now - timedelta(days=31),
                ),
                OutgoingMail(
                    recipient="d@example.org",
                    subject="given up",
                    text="x",
                    gave_up_at=now - timedelta(days=29),
                ),
            ]
        )
    queue(subject="new")

    service.send_pending()

    assert sorted(row.subject for row in outbox()) == ["given up", "new", "recent sent"]


def test_mail_send_command_sends_and_reports(app, runner, smtp_server):
    queue()
    queue()

    result = runner.invoke(args=["mail", "send"])

    assert result.exit_code == 0, result.output
    assert "Sent 2; 0 will be retried; 0 given up." in result.output
    assert len(smtp_server.messages) == 2


def test_mail_status_command_counts_waiting_retrying_sent_and_given_up(app, runner, smtp_down):
    queue(subject="will fail")
    service.send_pending()  # down: one retrying
    queue(subject="waiting")

    result = runner.invoke(args=["mail", "status"])

    assert result.exit_code == 0, result.output
    assert f"Server: 127.0.0.1:{smtp_down.port}" in result.output
    assert "Waiting: 1 (oldest queued" in result.output
    assert "Retrying: 1 (next try" in result.output
    assert "Sent: 0" in result.output and "Given up: 0" in result.output
    assert "Last error: cannot use the mail server" in result.output


def test_mail_status_says_mail_goes_to_the_log_without_a_server(app, runner):
    app.config["MAIL_SERVER"] = None

    result = runner.invoke(args=["mail", "status"])

    assert "Server: none (MAIL_SERVER is not set; mail is written to the log)" in result.output


def _production(tmp_path, **config):
    return {
        "SECRET_KEY": "a-long-random-production-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "AFTER_COMMIT": "off",
        **config,
    }


def test_production_refuses_to_mail_links_built_from_the_host_header(tmp_path):
    with pytest.raises(InsecureConfiguration, match="SERVER_NAME"):
        create_app(_production(tmp_path, MAIL_SERVER="smtp.example.org"))


@pytest.mark.parametrize(
    "config",
    [
        {"MAIL_SERVER": "smtp.example.org", "SERVER_NAME": "rounds.example.org"},
        {"MAIL_SERVER": "smtp.example.org", "TRUSTED_HOSTS": ["rounds.example.org"]},
        {"MAIL_SERVER": None},
    ],
)
def test_production_starts_when_mail_links_name_the_site_or_mail_is_off(tmp_path, config):
    assert create_app(_production(tmp_path, **config)).config["MAIL_FROM"]
