"""Queue mail in the caller's transaction; deliver it after the commit, from any process, once.

`queue_mail` only adds a row to the outbox (forum/mail/models.py) and names the
"mail" effect, so a rolled-back action sends nothing and a committed one is never
lost. `send_pending` is that effect's drain: the runner calls it after such a
commit, at start-up and on an interval (forum/effects.py), and `flask mail send`
calls it by hand. Several processes may run it at once: each claims rows in SQL
before touching them, so no row is sent by two of them.
"""

from __future__ import annotations

import re
import secrets
import smtplib
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mail.models import OutgoingMail
from forum.unit_of_work import after_commit

BATCH = 50
CLAIM_TRIES = 5  # a sender that loses every row it chose to another looks again, this often
# A claim this old belongs to a sender that died, and another may take the row over.
# Each message's claim is renewed just before it is sent, and every SMTP step times
# out well within this, so only a sender that died between the server accepting a
# message and the row being marked sent leaves one to be sent again (SMTP cannot do
# better; the Message-ID stays the same, so the copy is recognisable).
STALE = timedelta(minutes=10)
SMTP_TIMEOUT = 30  # seconds for each SMTP operation
MAX_BACKOFF = timedelta(hours=6)
KEEP_SENT = timedelta(days=7)  # sent rows stay this long for `flask mail status`
KEEP_GIVEN_UP = timedelta(days=30)


@dataclass
class Delivery:
    """What one `send_pending` pass did."""

    sent: int = 0
    retrying: int = 0
    given_up: int = 0


@dataclass
class OutboxStatus:
    """The outbox at a glance (`flask mail status`)."""

    waiting: int
    retrying: int
    sent: int
    given_up: int
    oldest_waiting: datetime | None
    next_retry: datetime | None
    last_error: str | None


class Unavailable(Exception):
    """The mail server cannot be reached or refused the session: every message waits."""


class Retry(Exception):
    """This message failed for now (a 4xx answer, a dropped connection): try it later."""


class Rejected(Exception):
    """The server refused this message for good (a 5xx answer for it): do not retry."""


# Headers the sender writes itself; extra headers may not replace them.
OWN_HEADERS = frozenset(
    (
        "from to cc bcc subject date message-id auto-submitted sender reply-to return-path"
        " mime-version content-type content-transfer-encoding"
    ).split()
)
HEADER_NAME = re.compile(r"^[A-Za-z0-9-]{1,76}$")


def queue_mail(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    session: Session | None = None,
) -> OutgoingMail:
    """Add a message to the outbox in the current transaction; it is sent after commit.

    `headers` adds header fields (List-Unsubscribe, ...); `session` is the transaction to
    join when it is not the request's (a drain working in a session of its own).

    :raises ValueError: when the recipient, subject or a header spans lines (header
        injection), or a header is malformed or one the sender writes itself.
    """
    extra = dict(headers or {})
    for name, value in extra.items():
        if not HEADER_NAME.match(name) or name.lower() in OWN_HEADERS:
            raise ValueError(f"{name!r} cannot be added to a mail's headers")
        if not isinstance(value, str):
            raise ValueError(f"the {name} header must be text")
    if any(mark in value for value in (to, subject, *extra.values()) for mark in ("\r", "\n")):
        raise ValueError("a mail's recipient, subject and headers must be one line each")
    mail = OutgoingMail(
        recipient=to.strip(), subject=subject.strip(), text=text, html=html, headers=extra or None
    )
    session = session if session is not None else db.session()
    session.add(mail)
    after_commit("mail", session)
    return mail


@dataclass
class Rewritten:
    """What `rewrite_mail` did to the stored mail."""

    rewritten: int = 0
    withdrawn: int = 0


# rewrite(text, html) -> the message's new (text, html), or None to withdraw it.
Rewrite = Callable[[str, "str | None"], "tuple[str, str | None] | None"]


def rewrite_mail(
    mentioning: Sequence[str], rewrite: Rewrite, *, session: Session | None = None
) -> Rewritten:
    """Rewrite, in the caller's transaction, every stored message whose text or HTML
    contains one of `mentioning`: `rewrite(text, html)` gives its new parts, or None to
    withdraw it (the row goes). For words that must never be delivered (a post hidden
    over a patient's privacy, a redacted span): unsent messages are rewritten before
    they go, and the copies of sent and given-up ones kept for `flask mail status` lose
    the words too.

    An unsent message that is rewritten loses its sender's claim: a sender holding it
    finds its claim gone when it renews it just before sending, skips it, and a later
    pass sends the new text. Only a message already handed to the SMTP server in that
    instant is beyond reach.
    """
    needles = [needle for needle in mentioning if needle]
    if not needles:
        return Rewritten()
    session = session if session is not None else db.session()
    contains = [
        column.contains(needle, autoescape=True)
        for needle in needles
        for column in (OutgoingMail.text, OutgoingMail.html)
    ]
    rows = session.execute(
        select(OutgoingMail.id, OutgoingMail.text, OutgoingMail.html, OutgoingMail.sent_at)
        .where(or_(*contains))
        .order_by(OutgoingMail.id)
    ).all()
    done = Rewritten()
    for mail_id, text, html, sent_at in rows:
        new = rewrite(text, html)
        if new is None:
            session.execute(
                delete(OutgoingMail)
                .where(OutgoingMail.id == mail_id)
                .execution_options(synchronize_session=False)
            )
            done.withdrawn += 1
            continue
        if new == (text, html):
            continue
        values: dict = {"text": new[0], "html": new[1]}
        if sent_at is None:
            values |= {"claim_token": None, "claimed_at": None}
        session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id == mail_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        done.rewritten += 1
    return done


def send_pending(now: datetime | None = None) -> Delivery:
    """Send every due message in the outbox; safe to run from several processes at once.

    A failed try waits MAIL_RETRY_SECONDS, doubling after each failure up to six hours,
    and the message is given up after MAIL_MAX_ATTEMPTS tries. Without MAIL_SERVER each
    message is written to the log and counts as sent. `now` pins the clock (tests).
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    config = current_app.config
    outcome = Delivery()
    # Its own session: the drain commits row by row and never commits the caller's work.
    with Session(db.engine, expire_on_commit=False) as session:
        while True:
            token = secrets.token_hex(16)
            rows = _claim(session, token, clock())
            if not rows:
                break
            failed = outcome.retrying + outcome.given_up
            with _transport(config) as transport:
                _deliver(session, token, rows, transport, config, clock, outcome)
            if len(rows) < BATCH or outcome.retrying + outcome.given_up > failed:
                break  # the rest waits for its backoff, or for the next pass
        if outcome.sent or outcome.given_up:
            _prune(session, clock())
    return outcome


def _due(now: datetime):
    return and_(
        OutgoingMail.sent_at.is_(None),
        OutgoingMail.gave_up_at.is_(None),
        OutgoingMail.next_attempt_at <= now,
        or_(OutgoingMail.claimed_at.is_(None), OutgoingMail.claimed_at < now - STALE),
    )


def _claim(session: Session, token: str, now: datetime) -> list[OutgoingMail]:
    """Mark up to BATCH due rows as this sender's and return them (none: nothing due)."""
    for _ in range(CLAIM_TRIES):
        ids = list(
            session.scalars(
                select(OutgoingMail.id)
                .where(_due(now))
                .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id)
                .limit(BATCH)
            )
        )
        session.rollback()  # end the read; the claim below is its own short transaction
        if not ids:
            return []
        # The UPDATE repeats the "due" test, so only rows still unclaimed when it runs get
        # our token. A concurrent sender's UPDATE of the same rows waits for ours to commit
        # (PostgreSQL then re-checks its WHERE on the new row versions; SQLite runs one
        # writer at a time) and matches none of them: each row has exactly one holder.
        claimed = session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id.in_(ids), _due(now))
            .values(claim_token=token, claimed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
        if claimed:
            return list(
                session.scalars(
                    select(OutgoingMail)
                    .where(OutgoingMail.claim_token == token)
                    .order_by(OutgoingMail.id)
                    .execution_options(populate_existing=True)
                )
            )
        # Another sender claimed all of these first: look again past its claim.
    return []


def _deliver(session, token, rows, transport, config, clock, outcome: Delivery) -> None:
    down: Unavailable | None = None
    for row in rows:
        if not _renew(session, row, token, clock()):
            continue  # our claim went stale and another sender took the row over
        if down is None:
            try:
                transport.send(_message(row, config))
            except Unavailable as error:
                down = error
                _failed(session, row, token, str(error), clock(), config, outcome)
            except Retry as error:
                _failed(session, row, token, str(error), clock(), config, outcome)
            except Rejected as error:
                _finish(session, row, token, gave_up_at=clock(), last_error=str(error)[:500])
                outcome.given_up += 1
                current_app.logger.error("mail %s to %s refused: %s", row.id, row.recipient, error)
            else:
                _finish(session, row, token, sent_at=clock(), last_error=None)
                outcome.sent += 1
        else:  # the server is down: this try fails for the rest of the batch too
            _failed(session, row, token, str(down), clock(), config, outcome)


def _renew(session: Session, row: OutgoingMail, token: str, now: datetime) -> bool:
    """Refresh our claim just before sending; False when it is no longer ours."""
    result = session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == row.id, OutgoingMail.claim_token == token)
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def _finish(session: Session, row: OutgoingMail, token: str, **values) -> None:
    """Record a try's outcome and release the claim (committed at once, row by row)."""
    session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == row.id, OutgoingMail.claim_token == token)
        .values(attempts=OutgoingMail.attempts + 1, claim_token=None, claimed_at=None, **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def backoff(attempts: int, first: int) -> timedelta:
    """The wait after the `attempts`-th failed try: `first` seconds, doubling, six hours at most."""
    return min(MAX_BACKOFF, timedelta(seconds=first) * 2 ** max(0, attempts - 1))


def _failed(session, row, token, error: str, now, config, outcome: Delivery) -> None:
    attempts = row.attempts + 1
    if attempts >= config["MAIL_MAX_ATTEMPTS"]:
        _finish(session, row, token, gave_up_at=now, last_error=error[:500])
        outcome.given_up += 1
        current_app.logger.error(
            "mail %s to %s given up after %s tries: %s", row.id, row.recipient, attempts, error
        )
        return
    retry_at = now + backoff(attempts, config["MAIL_RETRY_SECONDS"])
    _finish(session, row, token, next_attempt_at=retry_at, last_error=error[:500])
    outcome.retrying += 1
    current_app.logger.warning(
        "mail %s to %s failed (try %s), retrying at %s: %s",
        row.id,
        row.recipient,
        attempts,
        retry_at.isoformat(timespec="seconds"),
        error,
    )


def _prune(session: Session, now: datetime) -> None:
    session.execute(
        delete(OutgoingMail).where(
            or_(
                OutgoingMail.sent_at < now - KEEP_SENT,
                OutgoingMail.gave_up_at < now - KEEP_GIVEN_UP,
            )
        )
    )
    session.commit()


def _domain(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "rounds.invalid"


# Header lines may run to RFC 5322's 998 characters: folded at 78, a long unbroken value
# such as List-Unsubscribe's <https://...> becomes RFC 2047 encoded words, which mail
# clients do not decode in that field (so they would offer no unsubscribe button).
MAIL_POLICY = policy.default.clone(max_line_length=998)


def _message(row: OutgoingMail, config) -> EmailMessage:
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = config["MAIL_FROM"]
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    # The same on every try, so a copy sent again after a crash is recognisably one message.
    stamp = int(row.created_at.timestamp())
    message["Message-ID"] = f"<mail-{row.id}.{stamp}@{_domain(config['MAIL_FROM'])}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
    for name, value in (row.headers or {}).items():  # checked by queue_mail
        message[name] = value
    message.set_content(row.text)
    if row.html:
        message.add_alternative(row.html, subtype="html")
    return message


def _transport(config):
    return SmtpTransport(config) if config.get("MAIL_SERVER") else LogTransport()


class SmtpTransport:
    """One SMTP connection per batch, opened at the first message (smtplib)."""

    def __init__(self, config) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT)
        try:
            if config["MAIL_USE_TLS"]:
                connection.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, message: EmailMessage) -> None:
        """Send one message.

        :raises Unavailable: no session with the server. :raises Retry: a temporary
            failure of this message. :raises Rejected: the server refused it for good.
        """
        if self.connection is None:
            try:
                self.connection = self._connect()
            except (OSError, smtplib.SMTPException) as error:
                where = f"{self.config['MAIL_SERVER']}:{self.config['MAIL_PORT']}"
                reason = f"cannot use the mail server {where}: {_describe(error)}"
                raise Unavailable(reason) from error
        try:
            self.connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:  # the connection is still usable
            codes = [code for code, _ in error.recipients.values()]
            kind = Rejected if codes and all(500 <= code < 600 for code in codes) else Retry
            raise kind(f"recipient refused: {_describe(error)}") from error
        except smtplib.SMTPDataError as error:
            kind = Rejected if 500 <= error.smtp_code < 600 else Retry
            raise kind(f"message refused: {_describe(error)}") from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()  # the session's state is unknown: the next message reconnects
            raise Retry(_describe(error)) from error

    def close(self) -> None:
        if self.connection is None:
            return
        connection, self.connection = self.connection, None
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


class LogTransport:
    """Without MAIL_SERVER (a laptop, the demo): write each mail to the log instead."""

    def __enter__(self) -> LogTransport:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def send(self, message: EmailMessage) -> None:
        body = message.get_body(("plain",))
        current_app.logger.warning(
            "MAIL_SERVER is not set, so this mail was written to the log, not sent:\n"
            "To: %s\nSubject: %s\n\n%s",
            message["To"],
            message["Subject"],
            body.get_content() if body is not None else "",
        )


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refusals = error.recipients.items()
        return "; ".join(f"{address}: {code} {_text(reply)}" for address, (code, reply) in refusals)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def status() -> OutboxStatus:
    """Counts of waiting, retrying, recently sent and given-up mail, for `flask mail status`."""
    pending = and_(OutgoingMail.sent_at.is_(None), OutgoingMail.gave_up_at.is_(None))
    waiting, oldest = db.session.execute(
        select(func.count(), func.min(OutgoingMail.created_at)).where(
            pending, OutgoingMail.attempts == 0
        )
    ).one()
    retrying, next_retry = db.session.execute(
        select(func.count(), func.min(OutgoingMail.next_attempt_at)).where(
            pending, OutgoingMail.attempts > 0
        )
    ).one()
    sent = db.session.scalar(select(func.count()).where(OutgoingMail.sent_at.is_not(None)))
    given_up = db.session.scalar(select(func.count()).where(OutgoingMail.gave_up_at.is_not(None)))
    last_error = db.session.scalar(
        select(OutgoingMail.last_error)
        .where(OutgoingMail.last_error.is_not(None))
        .order_by(OutgoingMail.id.desc())
        .limit(1)
    )
    return OutboxStatus(waiting, retrying, sent or 0, given_up or 0, oldest, next_retry, last_error)
