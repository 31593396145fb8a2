"""Credentials' pages through the client: the member's own, the review queue, and where
badges show (thread pages, profiles) without the number."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.credentials.models import Credential
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation.models import AuditEntry
from tests import factories

NUMBER = "RN-4410-PRIVATE"


def _form(**changes) -> dict:
    data = {
        "profession": "Registered Nurse",
        "credential_type": "Nursing registration",
        "issuing_body": "NMC",
        "jurisdiction": "UK",
        "number": NUMBER,
        "institution": "Brookfield Community Health Trust",
        "years_in_practice": "12",
    }
    data.update(changes)
    return data


def _text(response) -> str:
    return response.get_data(as_text=True)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Credential))


def _error_of(page: str, field: str) -> str:
    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert match, f"no error beside {field}"
    return match.group(1)


# ---- the member's page -----------------------------------------------------------------


def test_guests_are_sent_to_log_in(client):
    response = client.get("/credentials")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_member_adds_a_credential_and_sees_it_unverified_with_its_number(client, login):
    member = login()

    response = client.submit("/credentials", _form())

    assert response.status_code == 302 and response.headers["Location"].endswith("/credentials")
    (credential,) = db.session.scalars(select(Credential)).all()
    assert (credential.user_id, credential.status) == (member.id, "pending")
    page = _text(client.get("/credentials"))
    assert "a moderator will check it" in page
    assert "Unverified" in page and "Registered Nurse, UK NMC" in page and NUMBER in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"profession": ""}, "profession", "Give your profession."),
        ({"profession": "   "}, "profession", "Give your profession."),
        ({"issuing_body": "b" * 81}, "issuing_body", "Keep the issuing body to 80 characters."),
        ({"jurisdiction": ""}, "jurisdiction", "Give the jurisdiction."),
        ({"number": "<b>nope</b>"}, "number", "Give the number as your register shows it"),
        ({"years_in_practice": "71"}, "years_in_practice", "from 0 to 70"),
        ({"years_in_practice": "-1"}, "years_in_practice", "from 0 to 70"),
        ({"years_in_practice": "many"}, "years_in_practice", "from 0 to 70"),
        ({"years_in_practice": ""}, "years_in_practice", "from 0 to 70"),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_keeps_what_was_typed(
    client, login, changes, field, message
):
    login()
    data = _form(institution="Kept & <escaped>", **changes)

    response = client.submit("/credentials", data)

    page = _text(response)
    assert response.status_code == 200
    assert message in _error_of(page, field)
    assert 'aria-invalid="true"' in page
    assert "Kept &amp; &lt;escaped&gt;" in page
    if field == "years_in_practice" and changes[field]:
        assert f'value="{changes[field]}"' in page
    assert _count() == 0


def test_a_suspended_member_reads_but_cannot_add(client, login):
    login(suspended_until=utcnow() + timedelta(days=3))
    page = _text(client.get("/credentials"))
    assert "Add a credential" not in page and "suspended" in page
    token = client.csrf_token("/")
    response = client.post("/credentials", data={**_form(), "csrf_token": token})
    assert response.status_code == 403 and _count() == 0


def test_adding_too_many_at_once_answers_429(app, client, login):
    app.config.update(CREDENTIAL_LIMIT=1, CREDENTIAL_LIMIT_WINDOW=3600)
    login()
    assert client.submit("/credentials", _form()).status_code == 302
    response = client.submit("/credentials", _form())
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert _count() == 1


def test_editing_a_verified_credential_says_it_goes_back_for_review(client, login):
    member = login()
    credential = factories.make_credential(member)
    url = f"/credentials/{credential.id}/edit"
    page = _text(client.get(url))
    assert "Saving a change sends it back to the moderators" in page
    assert f'value="{credential.number}"' in page  # the form keeps the number

    response = client.submit(url, _form(jurisdiction="Ireland"))

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Credential, credential.id).status == "pending"
    assert "shows as unverified until a moderator checks it again" in _text(
        client.get("/credentials")
    )
    bad = client.submit(url, _form(years_in_practice="700"))
    assert bad.status_code == 200 and "from 0 to 70" in _error_of(_text(bad), "years_in_practice")


def test_another_members_credential_answers_404(client, login):
    credential = factories.make_credential(factories.make_user(), "pending")
    login("moderator")  # staff too: the member's page is the member's own
    assert client.get(f"/credentials/{credential.id}/edit").status_code == 404
    token = client.csrf_token("/")
    response = client.post(f"/credentials/{credential.id}/withdraw", data={"csrf_token": token})
    assert response.status_code == 404 and _count() == 1


def test_a_member_withdraws_a_pending_credential_but_not_a_verified_one(client, login):
    member = login()
    pending = factories.make_credential(member, "pending", profession="Midwife")
    verified = factories.make_credential(member)
    page = _text(client.get("/credentials"))
    assert f"/credentials/{pending.id}/withdraw" in page
    assert f"/credentials/{verified.id}/withdraw" not in page  # no button that would refuse

    client.submit(f"/credentials/{pending.id}/withdraw", form_url="/credentials")
    refused = client.submit(
        f"/credentials/{verified.id}/withdraw", form_url="/credentials", follow_redirects=True
    )

    assert "A verified credential is not withdrawn" in _text(refused)
    assert db.session.scalars(select(Credential.id)).all() == [verified.id]


# ---- the review queue ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "mentor"])
def test_the_queue_is_refused_to_members(client, login, role):
    login(role)
    assert client.get("/moderation/credentials").status_code == 403


def test_the_queue_lists_the_oldest_pending_first_with_numbers_and_pages(app, client, login):
    now = utcnow()
    older = factories.make_credential(
        factories.make_user(), "pending", number="OLD-1", submitted_at=now - timedelta(days=3)
    )
    newer = factories.make_credential(
        factories.make_user(), "pending", number="NEW-2", submitted_at=now - timedelta(days=1)
    )
    factories.make_credential(factories.make_user(), number="DONE-3")  # verified: not listed
    login(moderates=[factories.make_specialty()])  # a scoped moderator reviews too

    page = _text(client.get("/moderation/credentials"))

    assert page.index("OLD-1") < page.index("NEW-2") and "DONE-3" not in page
    assert f"/moderation/credentials/{older.id}/verify" in page
    assert f"/moderation/credentials/{newer.id}/reject" in page
    for n in range(25):
        factories.make_credential(factories.make_user(), "pending", number=f"MORE-{n}")
    second = _text(client.get("/moderation/credentials?page=2"))
    assert "MORE-24" in second and "OLD-1" not in second
    assert client.get("/moderation/credentials?page=3").status_code == 404


def test_the_queue_costs_the_same_queries_whatever_it_shows(client, login, count_queries):
    login("moderator")

    def queries_for(n: int) -> int:
        for _ in range(n):
            factories.make_credential(factories.make_user(), "pending")
        with count_queries() as statements:
            assert client.get("/moderation/credentials").status_code == 200
        return len(statements)

    assert queries_for(1) == queries_for(20)


def test_a_moderator_verifies_from_the_queue(client, login):
    member = factories.make_user(username="nurse_ana")
    credential = factories.make_credential(member, "pending")
    login("moderator")

    response = client.submit(
        f"/moderation/credentials/{credential.id}/verify",
        {f"verify-{credential.id}-note": "Found on the register."},
        form_url="/moderation/credentials",
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Credential, credential.id).status == "verified"
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "credential.verify" and entry.reason == "Found on the register."
    queue = _text(client.get("/moderation/credentials"))
    assert "is verified, and its member was told" in queue
    log = _text(client.get("/moderation/log"))
    assert "Verified a member&#39;s professional credential" in log and credential.number not in log


def test_rejecting_without_a_reason_keeps_the_form_with_its_message(client, login):
    credential = factories.make_credential(factories.make_user(), "pending")
    login("admin")

    response = client.submit(
        f"/moderation/credentials/{credential.id}/reject",
        {f"reject-{credential.id}-note": "   "},
        form_url="/moderation/credentials",
    )

    page = _text(response)
    assert response.status_code == 200
    assert "Say why it could not be verified" in _error_of(page, f"reject-{credential.id}-note")
    assert db.session.get(Credential, credential.id).status == "pending"
    long_note = "n" * 501
    response = client.submit(
        f"/moderation/credentials/{credential.id}/verify",
        {f"verify-{credential.id}-note": long_note},
        form_url="/moderation/credentials",
    )
    assert response.status_code == 200 and long_note in _text(response)
    assert "Keep the note under 500 characters." in _text(response)


def test_deciding_twice_is_told_not_500(client, login):
    credential = factories.make_credential(factories.make_user(), "verified")
    login("moderator")
    response = client.submit(
        f"/moderation/credentials/{credential.id}/reject",
        {f"reject-{credential.id}-note": "Too late."},
        form_url="/moderation/credentials",
        follow_redirects=True,
    )
    assert response.status_code == 200 and "already reviewed" in _text(response)
    missing = client.submit(
        "/moderation/credentials/987654/verify", {}, form_url="/moderation/credentials"
    )
    assert missing.status_code == 404


def test_a_moderators_own_credential_has_no_buttons_in_the_queue(client, login):
    moderator = login("moderator")
    own = factories.make_credential(moderator, "pending")
    page = _text(client.get("/moderation/credentials"))
    assert f"/moderation/credentials/{own.id}/verify" not in page
    assert "another moderator checks it" in page


def test_the_dashboard_links_to_the_queue(client, login):
    login(moderates=[factories.make_specialty()])
    assert 'href="/moderation/credentials"' in _text(client.get("/moderation"))
