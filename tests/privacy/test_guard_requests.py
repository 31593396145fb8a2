"""A mentorship request becomes the first post of the mentorship's conversation, so the
privacy guard reads it before it is sent, as it reads every post."""

import re

import pytest
from sqlalchemy import func, select

from forum.exceptions import NeedsConfirmation
from forum.extensions import db
from forum.mentorship import requests
from forum.mentorship.models import Mentorship
from tests import factories
from tests.mentorship.scene import make_mentor

PHONE = "020 7946 0958"
MESSAGE = f"A patient of mine keeps ringing me from {PHONE}; how do you set boundaries?"


def _requests() -> int:
    return db.session.scalar(select(func.count()).select_from(Mentorship))


def test_a_request_with_an_identifier_waits_for_confirmation(app):
    make_mentor("drmentor")
    mentee = factories.make_user()
    with pytest.raises(NeedsConfirmation) as warned:
        requests.request_mentorship(mentee, "drmentor", MESSAGE)
    assert warned.value.field == "message" and _requests() == 0
    mentorship, created = requests.request_mentorship(mentee, "drmentor", MESSAGE, confirmed=True)
    assert created and mentorship.request_message == MESSAGE


def test_the_request_page_shows_findings_and_redacts_them(client, login):
    make_mentor("drmentor")
    login()
    url = "/mentors/drmentor/request"
    html = client.submit(url, {"message": MESSAGE, "submit": "Send request"}).get_data(
        as_text=True
    )
    assert re.search(r'id="message-error">This may identify a patient', html)
    assert f"<mark>{PHONE}</mark>" in html and _requests() == 0
    value = re.search(r'name="draft_action" value="(privacy:message:[0-9:]+)"', html).group(1)
    token = client.csrf_token(url)
    html = client.post(
        url, data={"csrf_token": token, "message": MESSAGE, "draft_action": value}
    ).get_data(as_text=True)
    assert "ringing me from [PHONE];" in html and _requests() == 0
