"""Old addresses of renamed specialties and topics answer 301 to the current one, with
their query arguments, in one hop however many renames; a reused slug stops redirecting."""

import pytest

from forum.taxonomy import curation, service
from tests.factories import make_specialty, make_topic, make_user


@pytest.fixture
def staff(app):
    return make_user(role="moderator")


def _location(client, url: str) -> str | None:
    response = client.get(url)
    if response.status_code == 301:
        return response.headers["Location"]
    assert response.status_code in (200, 404), (url, response.status_code)
    return None


def test_a_renamed_specialty_redirects_keeping_page_sort_and_status(client, staff):
    specialty = make_specialty("Cardiology", slug="cardiology")
    curation.edit_specialty(staff, specialty, name="Heart medicine")

    response = client.get("/specialties/cardiology?page=2&status=solved&sort=newest")

    assert response.status_code == 301
    assert response.headers["Location"] == (
        "/specialties/heart-medicine?page=2&status=solved&sort=newest"
    )
    assert client.get("/specialties/heart-medicine").status_code == 200


def test_chains_of_renames_redirect_to_the_current_slug_in_one_hop(client, staff):
    specialty = make_specialty("Alpha", slug="alpha")
    for name in ("Beta", "Gamma", "Delta"):
        curation.edit_specialty(staff, specialty, name=name)

    for old in ("alpha", "beta", "gamma"):
        assert _location(client, f"/specialties/{old}") == "/specialties/delta"
    assert _location(client, "/specialties/delta") is None


def test_renaming_back_takes_the_old_slug_back(client, staff):
    specialty = make_specialty("Alpha", slug="alpha")
    curation.edit_specialty(staff, specialty, name="Beta")
    curation.edit_specialty(staff, specialty, name="Alpha")

    assert client.get("/specialties/alpha").status_code == 200
    assert _location(client, "/specialties/beta") == "/specialties/alpha"


def test_an_old_slug_taken_by_a_new_specialty_stops_redirecting(client, staff):
    old = make_specialty("Cardiology", slug="cardiology")
    curation.edit_specialty(staff, old, name="Heart medicine")
    curation.create_specialty(staff, name="Cardiology", description="The new one.")

    response = client.get("/specialties/cardiology")
    assert response.status_code == 200
    assert "The new one." in response.get_data(as_text=True)
    assert service.moved_to("specialty", "cardiology") is None


def test_an_old_slug_taken_by_another_specialtys_rename_stops_redirecting(client, staff):
    first, second = make_specialty("Alpha", slug="alpha"), make_specialty("Beta", slug="beta")
    curation.edit_specialty(staff, first, name="Gamma")  # alpha -> gamma
    curation.edit_specialty(staff, second, name="Renamed", slug="alpha")  # takes "alpha"

    assert client.get("/specialties/alpha").status_code == 200
    assert _location(client, "/specialties/beta") == "/specialties/alpha"


def test_a_renamed_topic_redirects_keeping_its_filter(client, staff):
    topic = make_topic("Wearables", slug="wearables")
    curation.edit_topic(staff, topic, name="Wearable sensors")
    assert _location(client, "/topics/wearables?status=unanswered&page=1") == (
        "/topics/wearable-sensors?status=unanswered&page=1"
    )


def test_an_address_in_other_letter_case_redirects_to_the_real_one(client):
    make_specialty("Cardiology", slug="cardiology")
    make_topic("Wearables", slug="wearables")
    assert _location(client, "/specialties/Cardiology") == "/specialties/cardiology"
    assert _location(client, "/topics/WEARABLES") == "/topics/wearables"


def test_unknown_addresses_and_pages_past_the_end_still_answer_404(client, staff):
    specialty = make_specialty("Alpha", slug="alpha")
    curation.edit_specialty(staff, specialty, name="Beta")
    assert client.get("/specialties/nothing-here").status_code == 404
    assert client.get("/specialties/beta?page=9").status_code == 404  # no loop to itself
    assert client.get("/topics/nothing-here").status_code == 404
    # The old address of a page past the end redirects, and the new one says 404.
    assert _location(client, "/specialties/alpha?page=9") == "/specialties/beta?page=9"


def test_feeds_and_other_callers_of_get_topic_see_a_moved_topic_as_not_found(app, staff):
    topic = make_topic("Wearables", slug="wearables")
    curation.edit_topic(staff, topic, name="Sensors")
    with pytest.raises(service.Moved) as moved:
        service.get_topic("wearables")
    assert moved.value.slug == "sensors"
    assert isinstance(moved.value, service.NotFound)
