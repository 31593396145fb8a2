"""Case presentations: the structured form, the guard field by field, the case card,
answerable like a question, and the "Cases" filter in lists and `kind:case` in search."""

import re

import pytest
from sqlalchemy import func, select

from forum.answers import service as answers
from forum.answers.models import AcceptedAnswer
from forum.cases import service
from forum.cases.models import CaseFacts
from forum.exceptions import Invalid, NeedsConfirmation
from forum.extensions import db
from forum.privacy.models import PrivacyConfirmation
from forum.search import service as search
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user

SECTIONS = {
    "presenting": "Two weeks of exertional breathlessness and ankle swelling.",
    "history": "Type 2 diabetes on metformin; ex-smoker; eGFR 52.",
    "tried": "Furosemide 40 mg daily helped the oedema; echo shows EF 35%.",
    "question": "Would you start an SGLT2 inhibitor before the ARNI, or together?",
}
PHONE = "020 7946 0958"


@pytest.fixture
def place(app):
    return make_specialty("Cardiology", slug="cardiology"), make_topic("Heart failure")


def _present(author, place, **overrides):
    specialty, topic = place
    values = dict(
        title="Heart failure with reduced EF in a patient with diabetes",
        specialty_id=specialty.id,
        topic_ids=[topic.id],
        age_band="60-69",
        sex="female",
        setting="outpatient",
        sections=SECTIONS,
    )
    values.update(overrides)
    return service.present_case(author, **values)


def _form(place, **overrides):
    specialty, topic = place
    data = {
        "title": "Heart failure with reduced EF in a patient with diabetes",
        "specialty": str(specialty.id),
        "topics": [str(topic.id)],
        "age_band": "60-69",
        "sex": "female",
        "setting": "outpatient",
        **SECTIONS,
        "submit": "Present the case",
    }
    data.update(overrides)
    return data


def test_a_case_is_a_thread_with_its_sections_and_facts(app, place):
    thread = _present(make_user(), place)
    assert thread.kind == "case" and thread.is_answerable
    body = db.session.get(Post, thread.first_post_id).body_md
    assert body.index("### Presenting problem") < body.index("### The question for colleagues")
    assert SECTIONS["tried"] in body
    facts = db.session.get(CaseFacts, thread.id)
    assert (facts.age_band_label, facts.sex_label, facts.setting_label) == (
        "60s", "Female", "Outpatient clinic"
    )


def test_facts_come_from_their_lists_and_the_question_is_required(app, place):
    with pytest.raises(Invalid) as bad:
        _present(make_user(), place, age_band="67")
    assert bad.value.field == "age_band"
    with pytest.raises(Invalid) as empty:
        _present(make_user(), place, sections={**SECTIONS, "question": "  "})
    assert empty.value.field == "question"
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0


def test_the_guard_reads_each_section_and_warns_beside_it(app, place):
    risky = {**SECTIONS, "history": f"Her daughter's number is {PHONE}."}
    with pytest.raises(NeedsConfirmation) as warned:
        _present(make_user(), place, sections=risky)
    assert warned.value.field == "history"
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0
    thread = _present(make_user(), place, sections=risky, confirmed={"privacy"})
    row = db.session.scalar(select(PrivacyConfirmation))
    assert row.post_id == thread.first_post_id and "phone" in row.kinds


def test_the_form_shows_findings_beside_the_section_and_keeps_the_case(client, login, place):
    login()
    data = _form(place, history=f"Her daughter's number is {PHONE}.")
    response = client.submit("/cases/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="history-error">This may identify a patient', html)
    assert f"<mark>{PHONE}</mark>" in html and ">Relevant history</h3>" in html
    assert SECTIONS["presenting"] in html  # the rest of the case is kept
    assert 'data-fields="title presenting history tried question"' in html
    # The redaction button rewrites just that section.
    value = re.search(r'name="draft_action" value="(privacy:history:[0-9:]+)"', html).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    html = client.post("/cases/new", data={**data, "csrf_token": token, "draft_action": value}
                       ).get_data(as_text=True)
    assert "Her daughter&#39;s number is [PHONE]." in html
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0


def test_a_presented_case_shows_its_card_and_is_resubmission_safe(client, login, place):
    login()
    data = _form(place)
    token = client.csrf_token("/cases/new")
    first = client.post("/cases/new", data={**data, "csrf_token": token, "submission": "k" * 20})
    again = client.post("/cases/new", data={**data, "csrf_token": token, "submission": "k" * 20})
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(CaseFacts)) == 1
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "De-identified case presentation" in page
    assert "<dd>60s</dd>" in page and "<dd>Outpatient clinic</dd>" in page
    assert '<h3>What was tried</h3>' in page
    assert 'badge-case">Case</span>' in page


def test_bad_facts_are_shown_beside_their_fields(client, login, place):
    login()
    html = client.submit("/cases/new", _form(place, setting="", presenting="")).get_data(
        as_text=True
    )
    assert re.search(r'id="setting-error">Choose where the patient was seen', html)
    assert re.search(r'id="presenting-error">Write this part of the case', html)
    assert SECTIONS["question"] in html


def test_a_case_takes_an_accepted_answer_like_a_question(app, place):
    author = make_user()
    thread = _present(author, place)
    reply = make_post(thread, make_user(), "Start both; the SGLT2 inhibitor first if BP is low.")
    answers.accept_answer(author, reply)
    accepted = db.session.scalar(
        select(AcceptedAnswer.post_id).where(AcceptedAnswer.thread_id == thread.id)
    )
    assert accepted == reply.id


def test_lists_filter_cases_and_search_finds_kind_case(client, app, place):
    author = make_user()
    case = _present(author, place)
    specialty, topic = place
    make_thread(author=author, specialty=specialty, topics=[topic],
                title="A plain question about loop diuretics", kind="question")
    listing = client.get("/specialties/cardiology?status=cases").get_data(as_text=True)
    assert case.title in listing and "A plain question about loop diuretics" not in listing
    search.sync()
    found = client.get("/search?q=kind:case").get_data(as_text=True)
    assert case.title in found and "A plain question about loop diuretics" not in found
    unsolved = client.get("/search?q=is:unsolved+SGLT2").get_data(as_text=True)
    assert case.title in unsolved
