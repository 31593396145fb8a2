"""The curation pages (/moderation/specialties, /moderation/topics): who gets in, forms
that keep what was typed with messages beside the fields, buttons that are POSTs with
CSRF, retired marks on the public pages, and query counts that do not grow with rows."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.taxonomy import curation, merging
from forum.taxonomy.models import ResearchTopic, Specialty
from tests.factories import make_specialty, make_thread, make_topic, make_user


def _html(response) -> str:
    return response.get_data(as_text=True)


def _error(html: str, field: str) -> str:
    """The message shown beside `field` (render_field's <p class="error" id="<field>-error">)."""
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, re.S)
    assert match, f"no error beside {field}"
    return match.group(1).strip()


def _value(html: str, field: str) -> str:
    match = re.search(rf'<input[^>]*id="{field}"[^>]*value="([^"]*)"', html) or re.search(
        rf'<textarea[^>]*id="{field}"[^>]*>\s*(.*?)</textarea>', html, re.S
    )
    return match.group(1) if match else ""


# ---- who gets in: every curation route, every kind of visitor ---------------------------

# (method, url, expected for: guest, member, scoped moderator of "own", site-wide moderator)
ROUTES = {
    "curation.specialties": ("GET", "/moderation/specialties", (302, 403, 200, 200)),
    "curation.new_specialty": ("GET", "/moderation/specialties/new", (302, 403, 403, 200)),
    "curation.edit_specialty": ("GET", "/moderation/specialties/{own}/edit", (302, 403, 200, 200)),
    "curation.move_specialty": ("POST", "/moderation/specialties/{own}/move", (302, 403, 403, 302)),
    "curation.retire_specialty": (
        "POST", "/moderation/specialties/{own}/retire", (302, 403, 403, 302),
    ),
    "curation.unretire_specialty": (
        "POST", "/moderation/specialties/{own}/unretire", (302, 403, 403, 302),
    ),
    "curation.topics": ("GET", "/moderation/topics", (302, 403, 403, 200)),
    "curation.new_topic": ("GET", "/moderation/topics/new", (302, 403, 403, 200)),
    "curation.edit_topic": ("GET", "/moderation/topics/{topic}/edit", (302, 403, 403, 200)),
    "curation.merge_topic": ("GET", "/moderation/topics/{topic}/merge", (302, 403, 403, 200)),
    "curation.retire_topic": ("POST", "/moderation/topics/{topic}/retire", (302, 403, 403, 302)),
    "curation.unretire_topic": (
        "POST", "/moderation/topics/{topic}/unretire", (302, 403, 403, 302),
    ),
}  # fmt: skip
VISITORS = ("guest", "member", "scoped", "staff")


def test_the_table_covers_every_curation_route(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("curation.")}
    assert endpoints == set(ROUTES)


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_curation_route_answers_each_visitor_as_the_table_says(client, auth, visitor):
    own, other = make_specialty("Cardiology"), make_specialty("Oncology")
    topic = make_topic()
    users = {
        "member": make_user(),
        "scoped": make_user(moderates=[own]),
        "staff": make_user(role="moderator"),
    }
    if visitor != "guest":
        auth.login(users[visitor].username)
    token = client.csrf_token("/login" if visitor == "guest" else "/")
    answers, expected = {}, {}
    for endpoint, (method, url, statuses) in ROUTES.items():
        url = url.format(own=own.id, topic=topic.id)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, "direction": "down"})
        answers[endpoint] = response.status_code
        expected[endpoint] = statuses[VISITORS.index(visitor)]
        if visitor == "guest" and response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), endpoint
    assert answers == expected
    # A scoped moderator edits their own specialty only.
    other_edit = client.get(f"/moderation/specialties/{other.id}/edit").status_code
    assert other_edit == {"guest": 302, "member": 403, "scoped": 403, "staff": 200}[visitor]


def test_a_retire_button_without_its_csrf_token_changes_nothing(client, login):
    login("moderator")
    specialty, _open = make_specialty(), make_specialty()
    response = client.post(f"/moderation/specialties/{specialty.id}/retire")
    assert response.status_code == 400
    db.session.expire_all()
    assert not db.session.get(Specialty, specialty.id).is_retired


def test_unknown_ids_answer_404(client, login):
    login("moderator")
    assert client.get("/moderation/specialties/999/edit").status_code == 404
    assert client.get("/moderation/topics/999/merge").status_code == 404


# ---- forms ----------------------------------------------------------------------------------


def test_a_name_clash_in_any_case_shows_beside_the_name_and_keeps_what_was_typed(client, login):
    login("moderator")
    make_specialty("Cardiology", slug="cardiology")
    response = client.submit(
        "/moderation/specialties/new",
        {"name": "CARDIOLOGY", "slug": "", "description": "Typed with care."},
    )
    html = _html(response)
    assert response.status_code == 200
    assert _error(html, "name") == "Another specialty is already called “Cardiology”."
    assert _value(html, "name") == "CARDIOLOGY"
    assert _value(html, "description") == "Typed with care."
    assert db.session.scalar(select(Specialty).where(Specialty.name == "CARDIOLOGY")) is None


def test_a_slug_clash_and_a_bad_slug_show_beside_the_address(client, login):
    login("moderator")
    make_topic("Wearables", slug="wearables")
    clash = _html(client.submit("/moderation/topics/new", {"name": "Sensors", "slug": "Wearables"}))
    assert "/topics/wearables belongs to “Wearables”" in _error(clash, "slug")
    bad = _html(client.submit("/moderation/topics/new", {"name": "Sensors", "slug": "two words"}))
    assert "lowercase letters" in _error(bad, "slug") and _value(bad, "slug") == "two words"
    short = _html(client.submit("/moderation/topics/new", {"name": "S"}))
    assert "2–80 characters" in _error(short, "name")


def test_creating_a_topic_from_the_web(client, login):
    login("moderator")
    response = client.submit(
        "/moderation/topics/new", {"name": "Point-of-care ultrasound", "description": "POCUS."}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics/point-of-care-ultrasound"
    page = _html(client.get("/topics/point-of-care-ultrasound"))
    assert "is created, at /topics/point-of-care-ultrasound" in page and "POCUS." in page


def test_a_scoped_moderator_renames_their_specialty_without_choosing_its_address(client, login):
    cardiology = make_specialty("Cardiology", slug="cardiology")
    make_specialty("Heart medicine", slug="heart-medicine")
    login(moderates=[cardiology])
    form_url = f"/moderation/specialties/{cardiology.id}/edit"
    form = _html(client.get(form_url))
    assert 'name="slug"' not in form and _value(form, "name") == "Cardiology"

    # The name they typed gives an address another specialty has: said beside the name.
    clash = _html(client.submit(form_url, {"name": "Heart Medicine!", "description": "x"}))
    assert "/specialties/heart-medicine belongs to" in _error(clash, "name")

    response = client.submit(form_url, {"name": "Cardiovascular medicine", "description": "Hi"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/specialties/cardiovascular-medicine"
    page = _html(client.get("/specialties/cardiovascular-medicine"))
    assert "/specialties/cardiology, now leads to /specialties/cardiovascular-medicine" in page
    assert client.get("/specialties/cardiology").status_code == 301


def test_staff_edit_form_offers_the_address_and_keeps_a_chosen_one(client, login):
    login("moderator")
    specialty = make_specialty("Emergency medicine", slug="emergency-medicine")
    url = f"/moderation/specialties/{specialty.id}/edit"
    assert "Now /specialties/emergency-medicine" in _html(client.get(url))
    client.submit(url, {"name": "Emergency and acute medicine", "slug": "ed"})
    db.session.expire_all()
    assert db.session.get(Specialty, specialty.id).slug == "ed"


# ---- retiring, reordering, merging from the list -----------------------------------------


def _submit_button(client, list_url: str, action_url: str, **data):
    return client.submit(action_url, data, form_url=list_url)


def test_retiring_a_specialty_marks_it_everywhere_and_bringing_it_back_unmarks(client, login):
    login("moderator")
    cardiology = make_specialty("Cardiology", slug="cardiology")
    make_specialty("Oncology")
    thread = make_thread(specialty=cardiology, title="An old thread about stents")
    listing = "/moderation/specialties"

    response = _submit_button(client, listing, f"{listing}/{cardiology.id}/retire")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{listing}#specialty-{cardiology.id}"
    assert "Cardiology is retired" in _html(client.get(listing))

    page = _html(client.get("/specialties/cardiology"))
    assert 'class="badge badge-retired">Retired' in page and "takes no new threads" in page
    assert "New thread in Cardiology" not in page
    assert thread.title in page  # still readable
    assert client.get(f"/threads/{thread.id}").status_code == 200
    home = _html(client.get("/"))
    card = home.split('<h3><a href="/specialties/cardiology">Cardiology</a>', 1)[1]
    assert card.lstrip().startswith('<span class="badge badge-retired">Retired</span></h3>')
    assert "Bring back" in _html(client.get(listing))

    _submit_button(client, listing, f"{listing}/{cardiology.id}/unretire")
    page = _html(client.get("/specialties/cardiology"))
    assert "badge-retired" not in page and "New thread in Cardiology" in page


def test_retiring_the_last_open_specialty_is_refused_with_a_message(client, login):
    login("moderator")
    only = make_specialty("Cardiology")
    listing = "/moderation/specialties"
    response = _submit_button(client, listing, f"{listing}/{only.id}/retire")
    assert response.status_code == 302
    assert "last specialty that takes new threads" in _html(client.get(listing))


def test_up_and_down_buttons_reorder_the_home_page(client, login):
    login("moderator")
    for name in ("Cardiology", "Dermatology", "Neurology"):
        make_specialty(name)
    neurology = db.session.scalar(select(Specialty).where(Specialty.name == "Neurology"))
    listing = "/moderation/specialties"
    move = f"{listing}/{neurology.id}/move"
    _submit_button(client, listing, move, direction="up")
    _submit_button(client, listing, move, direction="up")
    _submit_button(client, listing, move, direction="sideways")  # ignored
    home = _html(client.get("/"))
    order = sorted(("Cardiology", "Dermatology", "Neurology"), key=lambda n: home.index(f">{n}<"))
    assert order == ["Neurology", "Cardiology", "Dermatology"]
    listed = _html(client.get(listing))
    # The first has no Up button and the last no Down button.
    first_row = listed.split(f'id="specialty-{neurology.id}"', 1)[1].split("</tr>", 1)[0]
    assert 'value="up"' not in first_row and 'value="down"' in first_row


def test_the_merge_form_offers_open_topics_and_merges(client, login):
    login("moderator")
    a, b = make_topic("Alpha", slug="alpha"), make_topic("Beta", slug="beta")
    retired = make_topic("Gamma")
    curation.retire_topic(make_user(role="moderator"), retired)
    thread = make_thread(topics=[a], title="A thread about the alpha topic")
    url = f"/moderation/topics/{a.id}/merge"

    form = _html(client.get(url))
    options = re.findall(r"<option[^>]*>([^<]*)</option>", form)
    assert options == ["Choose a topic…", "Beta"]
    missing = _html(client.submit(url, {"target": "", "reason": "Typed reason"}))
    assert _error(missing, "target") == "Choose the research topic to merge into."
    assert _value(missing, "reason") == "Typed reason"

    response = client.submit(url, {"target": str(b.id), "reason": "Duplicates"})
    assert response.status_code == 302 and response.headers["Location"] == "/topics/beta"
    page = _html(client.get("/topics/beta"))
    assert "Alpha is merged into Beta" in page and thread.title in page
    assert client.get("/topics/alpha").headers["Location"] == "/topics/beta"
    listed = _html(client.get("/moderation/topics"))
    assert "Merged</span>" in listed
    again = _html(client.get(url))
    assert "was already merged into" in again and "<select" not in again


def test_the_topics_index_marks_retired_topics_and_leaves_merged_ones_out(client):
    staff = make_user(role="moderator")
    a, b, old = make_topic("Alpha"), make_topic("Beta"), make_topic("Old topic")
    merging.merge_topics(staff, a, b.id)
    curation.retire_topic(staff, old)
    html = _html(client.get("/topics"))
    assert ">Alpha<" not in html and ">Beta<" in html
    after_name = html.split(">Old topic</a>", 1)[1].lstrip()
    assert after_name.startswith('<span class="badge badge-retired"')
    topic_page = _html(client.get(f"/topics/{db.session.get(ResearchTopic, old.id).slug}"))
    assert "badge-retired" in topic_page and "no new thread can choose it" in topic_page


# ---- links for those who may curate --------------------------------------------------


def test_specialty_and_topic_pages_link_to_curation_for_those_who_may(client, auth):
    cardiology, topic = make_specialty("Cardiology", slug="cardiology"), make_topic(slug="t")
    scoped, member, staff = make_user(moderates=[cardiology]), make_user(), make_user(role="admin")
    edit = f"/moderation/specialties/{cardiology.id}/edit"

    assert edit not in _html(client.get("/specialties/cardiology"))  # guest
    auth.login(member.username)
    assert edit not in _html(client.get("/specialties/cardiology"))
    assert "/moderation/specialties" not in _html(client.get("/"))
    auth.logout()
    auth.login(scoped.username)
    page = _html(client.get("/specialties/cardiology"))
    assert edit in page and "Curate specialties" not in page
    assert "/moderation/specialties" in _html(client.get("/"))
    assert "/moderation/topics" not in _html(client.get("/topics/t"))
    auth.logout()
    auth.login(staff.username)
    assert "Curate specialties" in _html(client.get("/specialties/cardiology"))
    topic_page = _html(client.get("/topics/t"))
    assert f"/moderation/topics/{topic.id}/merge" in topic_page
    assert "/moderation/topics" in _html(client.get("/topics"))


# ---- query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/moderation/specialties", "/moderation/topics"])
def test_curation_lists_cost_the_same_queries_for_5_and_50_rows(client, login, count_queries, url):
    login("moderator")
    staff = make_user(role="moderator")
    counts = []
    for size in (5, 50):
        for _ in range(size):
            specialty, topic = make_specialty(), make_topic()
        curation.retire_specialty(staff, specialty)
        merging.merge_topics(staff, topic, make_topic().id)
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_merge_and_edit_forms_cost_the_same_queries_for_5_and_50_topics(
    client, login, count_queries
):
    login("moderator")
    counts = []
    for size in (5, 50):
        topics = [make_topic() for _ in range(size)]
        with count_queries() as statements:
            merge = client.get(f"/moderation/topics/{topics[0].id}/merge")
            edit = client.get(f"/moderation/topics/{topics[0].id}/edit")
        assert merge.status_code == edit.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
