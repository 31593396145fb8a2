"""Two real processes sending the same outbox at once (`flask mail send` twice)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from forum.extensions import db
from forum.mail import service
from forum.unit_of_work import unit_of_work

ROOT = Path(__file__).resolve().parents[2]
MAILS = 120  # more than two batches (service.BATCH), so both processes get a share
pytestmark = pytest.mark.slow


def test_two_sender_processes_at_once_deliver_each_mail_exactly_once(
    app, smtp_server, database_url, tmp_path
):
    smtp_server.inbox.delay = 0.02  # each message takes a while, so the two overlap
    with unit_of_work():
        for n in range(MAILS):
            service.queue_mail(f"member{n}@example.org", f"Mail {n}", "Body.")
    db.session.remove()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        SECRET_KEY="processes-test-secret",
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
        AFTER_COMMIT="off",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_server.port),
        SERVER_NAME="rounds.test",
    )
    flask = Path(sys.executable).with_name("flask")
    senders = [
        subprocess.Popen(
            [str(flask), "--app", "forum", "mail", "send"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        results = [sender.communicate(timeout=120) for sender in senders]
    finally:
        for sender in senders:
            if sender.poll() is None:
                sender.kill()
                sender.wait()

    assert [sender.returncode for sender in senders] == [0, 0], results
    reported = [int(re.search(r"Sent (\d+);", out).group(1)) for out, _err in results]
    assert sum(reported) == MAILS
    subjects = sorted(message["Subject"] for message in smtp_server.messages)
    assert subjects == sorted(f"Mail {n}" for n in range(MAILS))
