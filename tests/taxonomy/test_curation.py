"""The curation service without HTTP: who may curate, names and slugs unique in any
case (also when another curator commits first), reordering, retiring, audit entries."""

import pytest
from sqlalchemy import create_engine, insert, select

from forum.auth.models import SUSPENDED_INDEFINITELY
from forum.exceptions import Conflict, Invalid, NotAllowed
from forum.extensions import db
from forum.moderation.models import AuditEntry
from forum.taxonomy import curation, merging, naming, service
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from tests.factories import make_specialty, make_thread, make_topic, make_user


@pytest.fixture
def staff(app):
    return make_user(role="moderator", username="staff")


def _entries(action=None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def _order() -> list[str]:
    db.session.expire_all()
    return [s.name for s in service.list_specialties()]


# ---- who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "mentor"])
def test_members_cannot_curate_anything(app, role):
    user = make_user(role=role)
    specialty, topic = make_specialty(), make_topic()
    attempts = [
        lambda: curation.create_specialty(user, name="Sports medicine"),
        lambda: curation.edit_specialty(user, specialty, name="Renamed specialty"),
        lambda: curation.move_specialty(user, specialty, "up"),
        lambda: curation.retire_specialty(user, specialty),
        lambda: curation.create_topic(user, name="Exoskeletons"),
        lambda: curation.edit_topic(user, topic, name="Renamed topic"),
        lambda: curation.retire_topic(user, topic),
        lambda: merging.merge_topics(user, topic, make_topic().id),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert _entries() == []


def test_a_scoped_moderator_edits_the_name_and_description_of_their_own_specialty_only(app):
    cardiology, oncology = make_specialty("Cardiology", slug="cardiology"), make_specialty()
    scoped = make_user(moderates=[cardiology])

    curation.edit_specialty(scoped, cardiology, name="Cardiology and vascular", description="New")

    assert (cardiology.name, cardiology.slug, cardiology.description) == (
        "Cardiology and vascular",
        "cardiology-and-vascular",  # the slug follows the name
        "New",
    )
    with pytest.raises(NotAllowed):
        curation.edit_specialty(scoped, oncology, name="Not theirs")
    with pytest.raises(NotAllowed, match="addresses"):
        curation.edit_specialty(scoped, cardiology, name="Cardiology", slug="heart")
    for attempt in (
        lambda: curation.create_specialty(scoped, name="Vascular surgery"),
        lambda: curation.retire_specialty(scoped, cardiology),
        lambda: curation.move_specialty(scoped, cardiology, "down"),
        lambda: curation.create_topic(scoped, name="Stents"),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    assert [e.action for e in _entries()] == ["specialty.edit"]


def test_a_suspended_moderator_curates_nothing(app):
    suspended = make_user(role="moderator", suspended_until=SUSPENDED_INDEFINITELY)
    with pytest.raises(NotAllowed):
        curation.create_topic(suspended, name="Exoskeletons")
    with pytest.raises(NotAllowed):
        curation.edit_specialty(suspended, make_specialty(), name="Renamed specialty")


# ---- creating and editing ----------------------------------------------------------------


def test_a_new_specialty_gets_a_slug_from_its_name_goes_last_and_is_audited(staff):
    make_specialty("Cardiology", position=3)
    make_specialty("Oncology", position=1)

    created = curation.create_specialty(
        staff, name="  Sports   &  Exercise Médecine ", description=" Running. "
    )

    assert (created.name, created.slug, created.description) == (
        "Sports & Exercise Médecine",
        "sports-exercise-medecine",
        "Running.",
    )
    assert _order() == ["Oncology", "Cardiology", "Sports & Exercise Médecine"]
    (entry,) = _entries()
    assert (entry.action, entry.target_type, entry.target_id, entry.actor_name) == (
        "specialty.create",
        "specialty",
        created.id,
        "staff",
    )
    assert entry.after == {
        "name": "Sports & Exercise Médecine",
        "slug": "sports-exercise-medecine",
        "description": "Running.",
    }


def test_a_given_slug_is_used_and_bad_ones_are_refused_beside_the_slug(staff):
    topic = curation.create_topic(staff, name="Wearable ECG patches", slug="ecg-Patches")
    assert topic.slug == "ecg-patches"
    for bad in ("ecg patches", "ecg--patches", "-ecg", "ecg_patches", "x" * 61):
        with pytest.raises(Invalid) as refused:
            curation.create_topic(staff, name="Something else entirely", slug=bad)
        assert refused.value.field == "slug"
    with pytest.raises(Invalid) as nameless:
        curation.create_topic(staff, name="心臓病学")  # gives no ASCII slug
    assert nameless.value.field == "slug"
    with pytest.raises(Invalid) as short:
        curation.create_topic(staff, name=" x ")
    assert short.value.field == "name"


@pytest.mark.parametrize("kind", ["specialty", "topic"])
def test_names_and_slugs_clash_regardless_of_case(staff, kind):
    create = curation.create_specialty if kind == "specialty" else curation.create_topic
    existing = create(staff, name="Cardiology", slug="heart")

    with pytest.raises(Invalid) as by_name:
        create(staff, name="CARDIOLOGY", slug="other")
    with pytest.raises(Invalid) as by_slug:
        create(staff, name="Heart", slug="HEART")
    with pytest.raises(Invalid) as by_derived_slug:
        create(staff, name="heart")  # gives the slug "heart"

    assert by_name.value.field == "name" and "“Cardiology”" in by_name.value.message
    assert by_slug.value.field == "slug"
    assert "/heart belongs to “Cardiology”" in by_slug.value.message
    assert by_derived_slug.value.field == "slug"
    # A retired one still holds its name, and the message says it is retired.
    if kind == "specialty":
        create(staff, name="Oncology")
        curation.retire_specialty(staff, existing)
    else:
        curation.retire_topic(staff, existing)
    with pytest.raises(Invalid, match=r"“Cardiology” \(retired\)"):
        create(staff, name="cardiology", slug="cardio")


def test_renaming_only_the_letter_case_keeps_the_slug_and_is_no_clash(staff):
    specialty = make_specialty("cardiology", slug="cardiology")
    curation.edit_specialty(staff, specialty, name="Cardiology")
    assert (specialty.name, specialty.slug) == ("Cardiology", "cardiology")


def test_a_clash_committed_by_another_curator_after_the_check_is_a_field_message(
    staff, monkeypatch, database_url
):
    """Two curators at once: the other's row commits between our check and our insert;
    the database's lower() unique index refuses ours, and we answer beside the field."""
    other_engine = create_engine(database_url)
    check = naming.check_unique

    def check_then_someone_else_commits(kind, own_id, name, slug):
        check(kind, own_id, name, slug)
        with other_engine.begin() as connection:
            connection.execute(
                insert(ResearchTopic).values(
                    name=name.upper(), slug=f"other-{slug}", description="", thread_count=0
                )
            )

    monkeypatch.setattr(naming, "check_unique", check_then_someone_else_commits)
    try:
        with pytest.raises(Invalid) as refused:
            curation.create_topic(staff, name="Exoskeletons")
    finally:
        other_engine.dispose()

    assert refused.value.field == "name"
    assert "has just taken this name" in refused.value.message
    names = db.session.scalars(select(ResearchTopic.name)).all()
    assert names == ["EXOSKELETONS"]  # theirs; ours rolled back with its audit entry
    assert _entries() == []


def test_an_edit_records_only_what_changed(staff):
    topic = make_topic("Robotics", slug="robotics", description="Robots.")
    curation.edit_topic(staff, topic, name="Surgical robotics", description="Robots.")
    curation.edit_topic(staff, topic, name="Surgical robotics", description="Robots.")  # nothing

    (entry,) = _entries()
    assert entry.action == "topic.edit"
    assert entry.before == {"name": "Robotics", "slug": "robotics"}
    assert entry.after == {"name": "Surgical robotics", "slug": "surgical-robotics"}


def test_a_description_or_capitals_edit_keeps_a_chosen_slug_and_a_new_name_does_not(staff):
    specialty = make_specialty("Emergency medicine", slug="ed")
    curation.edit_specialty(staff, specialty, name="Emergency medicine", description="Resus.")
    curation.edit_specialty(staff, specialty, name="Emergency Medicine")  # capitals only
    assert specialty.slug == "ed"
    curation.edit_specialty(staff, specialty, name="Acute medicine")  # a new name
    assert specialty.slug == "acute-medicine"


# ---- order ------------------------------------------------------------------------------


def test_moving_up_and_down_rewrites_a_clean_order(staff):
    for name in ("Cardiology", "Dermatology", "Neurology"):
        make_specialty(name)  # all at position 0: ordered by name
    neurology = db.session.scalar(select(Specialty).where(Specialty.name == "Neurology"))

    curation.move_specialty(staff, neurology, "up")
    assert _order() == ["Cardiology", "Neurology", "Dermatology"]
    curation.move_specialty(staff, neurology, "up")
    curation.move_specialty(staff, neurology, "up")  # already first: nothing
    assert _order() == ["Neurology", "Cardiology", "Dermatology"]
    curation.move_specialty(staff, neurology, "down")

    assert _order() == ["Cardiology", "Neurology", "Dermatology"]
    assert [s.position for s in service.list_specialties()] == [1, 2, 3]
    moves = [(e.before, e.after) for e in _entries("specialty.reorder")]
    assert moves == [
        ({"position": 3}, {"position": 2}),
        ({"position": 2}, {"position": 1}),
        ({"position": 1}, {"position": 2}),
    ]


# ---- retiring ---------------------------------------------------------------------------


def test_retiring_twice_changes_nothing_and_bringing_back_reopens(staff):
    specialty, _other = make_specialty(), make_specialty()
    curation.retire_specialty(staff, specialty)
    curation.retire_specialty(staff, specialty)
    assert specialty.is_retired
    curation.unretire_specialty(staff, specialty)
    curation.unretire_specialty(staff, specialty)
    assert not specialty.is_retired
    actions = [e.action for e in _entries()]
    assert actions == ["specialty.retire", "specialty.unretire"]


def test_the_last_open_specialty_cannot_be_retired(staff):
    only = make_specialty("Cardiology")
    retired = make_specialty("Old specialty")
    curation.retire_specialty(staff, retired)
    with pytest.raises(Conflict, match="last specialty"):
        curation.retire_specialty(staff, only)
    assert not only.is_retired


def test_a_retired_specialty_or_topic_takes_no_new_threads_but_keeps_its_own(staff):
    author = make_user()
    cardiology, open_specialty = make_specialty("Cardiology"), make_specialty("Oncology")
    old_topic, open_topic = make_topic("Old topic"), make_topic("Open topic")
    thread = make_thread(author, cardiology, [old_topic])
    curation.retire_specialty(staff, cardiology)
    curation.retire_topic(staff, old_topic)

    with pytest.raises(Invalid) as refused:
        threads.start_thread(
            author, title="A new thread in a retired place", specialty_id=cardiology.id,
            topic_ids=[open_topic.id], kind="question", body="Body text.",
        )  # fmt: skip
    assert refused.value.field == "specialty"
    with pytest.raises(Invalid) as refused_topic:
        threads.start_thread(
            author, title="A new thread in a retired place", specialty_id=open_specialty.id,
            topic_ids=[old_topic.id], kind="question", body="Body text.",
        )  # fmt: skip
    assert refused_topic.value.field == "topics"
    # The thread keeps its own retired specialty and topic through an edit, and gets replies.
    opening = threads.get_post(author, thread.first_post_id)
    threads.edit_post(
        author, opening, "Edited body.", title=thread.title,
        specialty_id=cardiology.id, topic_ids=[old_topic.id, open_topic.id],
    )  # fmt: skip
    threads.reply_to_thread(make_user(role="moderator"), thread, "Still open for replies.")


def test_form_choices_leave_retired_ones_out_except_the_threads_own(staff):
    cardiology, oncology = make_specialty("Cardiology"), make_specialty("Oncology")
    old_topic, open_topic = make_topic("Old topic"), make_topic("Open topic")
    curation.retire_specialty(staff, cardiology)
    curation.retire_topic(staff, old_topic)

    assert service.specialty_choices(blank=None, open_only=True) == [(oncology.id, "Oncology")]
    assert service.specialty_choices(blank=None, open_only=True, keep=cardiology.id) == [
        (cardiology.id, "Cardiology (retired)"),
        (oncology.id, "Oncology"),
    ]
    assert service.topic_choices(open_only=True) == [(open_topic.id, "Open topic")]
    assert service.topic_choices(open_only=True, keep=[old_topic.id]) == [
        (old_topic.id, "Old topic (retired)"),
        (open_topic.id, "Open topic"),
    ]
    # Profiles and registration keep every specialty.
    assert len(service.specialty_choices()) == 3
