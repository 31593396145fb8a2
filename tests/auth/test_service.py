"""forum.auth.service without HTTP: registration, authentication and its limits, account edits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from forum.auth import service
from forum.auth.models import User
from forum.exceptions import Invalid, NotFound, RateLimited
from forum.extensions import db
from forum.ratelimit import RateLimitHit
from tests import factories

NEW_PASSWORD = "a-brand-new-passphrase"
ADDRESS = "203.0.113.7"


def register(**fields) -> User:
    values = {
        "username": "jokafor",
        "email": "jane.okafor@example.org",
        "password": NEW_PASSWORD,
        "display_name": "Dr Jane Okafor",
        "profession": "surgeon",
    }
    values.update(fields)
    return service.register_user(**values)


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def fail_login(login: str, times: int, address: str = ADDRESS) -> None:
    for _ in range(times):
        with pytest.raises(Invalid):
            service.authenticate(login, "not-the-password", address)


@pytest.fixture
def limits(app):
    """Small login limits so tests need few attempts."""
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT=3, LOGIN_LIMIT_PER_ADDRESS=4, LOGIN_LIMIT_WINDOW=900)
    return app.config


# --- register_user -------------------------------------------------------------------------------


def test_register_user_stores_the_account(app):
    specialty = factories.make_specialty()

    user = register(specialty_id=specialty.id, institution="St Elsewhere", bio="Trauma surgeon.")

    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.username == "jokafor"
    assert stored.email == "jane.okafor@example.org"
    assert stored.display_name == "Dr Jane Okafor"
    assert stored.profession == "surgeon"
    assert stored.specialty_id == specialty.id
    assert stored.institution == "St Elsewhere"
    assert stored.roles == frozenset()


@pytest.mark.parametrize(
    "username", ["abc", "a" * 30, "Dr_Jane-Okafor", "user_2024", "---", "UPPER"]
)
def test_register_user_accepts_usernames_of_3_to_30_letters_digits_underscores_hyphens(
    app, username
):
    assert register(username=username).username == username


@pytest.mark.parametrize(
    "username",
    ["ab", "a" * 31, "", "jane okafor", "jane.okafor", "jane@okafor", "jäne", "jane/okafor",
     "jane\n", "<script>"],
)
def test_register_user_rejects_username_outside_the_rule(app, username):
    with pytest.raises(Invalid) as caught:
        register(username=username)

    assert caught.value.field == "username"
    assert user_count() == 0


@pytest.mark.parametrize("taken_as", ["jokafor", "JOKAFOR", "JoKaFoR"])
def test_register_user_refuses_username_taken_in_any_case(app, taken_as):
    factories.make_user(username=taken_as)

    with pytest.raises(Invalid) as caught:
        register(username="jokafor", email="other@example.org")

    assert caught.value.field == "username"
    assert "taken" in caught.value.message
    assert user_count() == 1


@pytest.mark.parametrize("taken_as", ["jane.okafor@example.org", "Jane.Okafor@EXAMPLE.org"])
def test_register_user_refuses_email_taken_in_any_case(app, taken_as):
    factories.make_user(username="someone", email=taken_as)

    with pytest.raises(Invalid) as caught:
        register(email="JANE.okafor@example.ORG")

    assert caught.value.field == "email"
    assert user_count() == 1


def test_register_user_hashes_password_with_scrypt_and_never_stores_it(app):
    user = register(password=NEW_PASSWORD)

    assert user.password_hash.startswith("scrypt:")
    assert NEW_PASSWORD not in user.password_hash
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(NEW_PASSWORD.upper())
    row = db.session.execute(text("SELECT * FROM users")).one()
    assert all(NEW_PASSWORD not in str(value) for value in row)


def test_register_user_salts_each_hash(app):
    first = register(username="first", email="first@example.org")
    second = register(username="second", email="second@example.org")

    assert first.password_hash != second.password_hash


@pytest.mark.parametrize(
    ("field", "value"),
    [("profession", "wizard"), ("roles", ["superuser"]), ("specialty_id", 9999)],
)
def test_register_user_rejects_unknown_choice_on_its_field(app, field, value):
    with pytest.raises(Invalid) as caught:
        register(**{field: value})

    assert caught.value.field == field
    assert user_count() == 0


def test_register_user_can_create_staff_roles(app):
    assert register(roles=["moderator"]).roles == {"moderator"}
    both = register(roles=["mentor", "moderator"], username="mmod", email="mmod@example.org")
    assert both.roles == {"mentor", "moderator"}


# --- authenticate --------------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["alice", "ALICE", "  Alice ", "alice@example.org",
                                   "Alice@Example.ORG"])
def test_authenticate_by_username_or_email_ignoring_case(app, login):
    alice = factories.make_user(username="alice")

    assert service.authenticate(login, factories.PASSWORD, ADDRESS).id == alice.id


@pytest.mark.parametrize("login", ["alice", "nobody", "nobody@example.org"])
def test_authenticate_gives_the_same_answer_for_wrong_password_and_unknown_user(app, login):
    factories.make_user(username="alice")

    with pytest.raises(Invalid) as caught:
        service.authenticate(login, "wrong-password", ADDRESS)

    assert caught.value.field == "password"
    assert caught.value.message == service.LOGIN_FAILED


def test_authenticate_blocks_account_after_limit_even_with_right_password(app, limits):
    factories.make_user(username="alice")
    fail_login("alice", limits["LOGIN_LIMIT_PER_ACCOUNT"])

    with pytest.raises(RateLimited) as caught:
        service.authenticate("alice", factories.PASSWORD, "198.51.100.9")

    assert 0 < caught.value.retry_after <= limits["LOGIN_LIMIT_WINDOW"] + 1
    assert "Try again in about 15 minutes" in caught.value.message


def test_authenticate_allows_attempts_below_the_account_limit(app, limits):
    alice = factories.make_user(username="alice")
    fail_login("alice", limits["LOGIN_LIMIT_PER_ACCOUNT"] - 1)

    assert service.authenticate("alice", factories.PASSWORD, ADDRESS).id == alice.id


def test_authenticate_account_limit_ignores_case_of_the_login(app, limits):
    factories.make_user(username="alice")
    fail_login("alice", 1)
    fail_login("ALICE", 1)
    fail_login(" Alice", 1)

    with pytest.raises(RateLimited):
        service.authenticate("alice", factories.PASSWORD, ADDRESS)


def test_authenticate_account_limit_counts_username_and_email_together(app, limits):
    factories.make_user(username="alice")
    fail_login("alice", 2)
    fail_login("alice@example.org", 1)

    with pytest.raises(RateLimited):
        service.authenticate("alice", factories.PASSWORD, "198.51.100.9")


def test_authenticate_blocks_address_after_failures_across_accounts(app, limits):
    for n in range(limits["LOGIN_LIMIT_PER_ADDRESS"]):
        factories.make_user(username=f"victim{n}")
        fail_login(f"victim{n}", 1)
    factories.make_user(username="bob")

    with pytest.raises(RateLimited) as caught:
        service.authenticate("bob", factories.PASSWORD, ADDRESS)

    assert caught.value.retry_after > 0


def test_authenticate_address_limit_does_not_block_other_addresses(app, limits):
    for n in range(limits["LOGIN_LIMIT_PER_ADDRESS"]):
        fail_login(f"victim{n}", 1)
    bob = factories.make_user(username="bob")

    assert service.authenticate("bob", factories.PASSWORD, "198.51.100.9").id == bob.id


def test_authenticate_success_clears_the_account_failures(app, limits):
    alice = factories.make_user(username="alice")
    allowed = limits["LOGIN_LIMIT_PER_ACCOUNT"]
    fail_login("alice", allowed - 1, address="198.51.100.1")
    service.authenticate("alice", factories.PASSWORD, "198.51.100.1")

    fail_login("alice", allowed - 1, address="198.51.100.2")

    assert service.authenticate("alice", factories.PASSWORD, "198.51.100.2").id == alice.id


def test_authenticate_failures_expire_after_the_window(app, limits):
    factories.make_user(username="alice")
    fail_login("alice", limits["LOGIN_LIMIT_PER_ACCOUNT"])
    limits["LOGIN_LIMIT_WINDOW"] = 0  # every recorded failure is now outside the window

    assert service.authenticate("alice", factories.PASSWORD, ADDRESS).username == "alice"


def test_authenticate_records_failures_for_account_and_address(app):
    fail_login("Ghost", 2)

    hits = db.session.execute(select(RateLimitHit.bucket, RateLimitHit.key)).all()
    expected = [("login-account", "name:ghost")] * 2 + [("login-address", ADDRESS)] * 2
    assert sorted(hits) == sorted(expected)


# --- change_password, update_profile, set_roles ---------------------------------------------------


def test_change_password_replaces_the_hash(app):
    user = factories.make_user()

    service.change_password(user, factories.PASSWORD, NEW_PASSWORD)

    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.password_hash.startswith("scrypt:")
    assert stored.check_password(NEW_PASSWORD)
    assert not stored.check_password(factories.PASSWORD)


def test_change_password_refuses_wrong_current_password(app):
    user = factories.make_user()
    before = user.password_hash

    with pytest.raises(Invalid) as caught:
        service.change_password(user, "not-my-password", NEW_PASSWORD)

    assert caught.value.field == "current"
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == before


def test_update_profile_changes_the_editable_fields(app):
    user = factories.make_user()
    specialty = factories.make_specialty()

    service.update_profile(
        user,
        display_name="Prof Ada Byron",
        profession="researcher",
        specialty_id=specialty.id,
        institution="Analytical Hospital",
        bio="Engines and enzymes.",
    )

    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert (stored.display_name, stored.profession, stored.specialty_id) == (
        "Prof Ada Byron", "researcher", specialty.id
    )
    assert (stored.institution, stored.bio) == ("Analytical Hospital", "Engines and enzymes.")


def test_update_profile_stores_blank_optional_fields_as_null(app):
    specialty = factories.make_specialty()
    user = factories.make_user(institution="Old place", bio="Old bio", specialty_id=specialty.id)

    service.update_profile(
        user, display_name="Dr X", profession="nurse", specialty_id=0, institution="", bio=""
    )

    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert (stored.specialty_id, stored.institution, stored.bio) == (None, None, None)


@pytest.mark.parametrize(("field", "value"), [("profession", "wizard"), ("specialty_id", 9999)])
def test_update_profile_rejects_unknown_choice_on_its_field(app, field, value):
    user = factories.make_user(display_name="Dr Unchanged")
    values = {"display_name": "Dr Changed", "profession": "nurse", "specialty_id": None,
              "institution": None, "bio": None, field: value}

    with pytest.raises(Invalid) as caught:
        service.update_profile(user, **values)

    assert caught.value.field == field
    db.session.rollback()
    assert db.session.get(User, user.id).display_name == "Dr Unchanged"


def test_set_roles_promotes_user_found_by_username_in_any_case(app):
    user = factories.make_user(username="alice", role="mentor")

    service.set_roles("ALICE", ["mentor", "moderator"])

    db.session.expire_all()
    assert db.session.get(User, user.id).roles == {"mentor", "moderator"}
    service.set_roles("alice", ["member"])
    db.session.expire_all()
    assert db.session.get(User, user.id).roles == frozenset()


def test_set_roles_rejects_unknown_role(app):
    user = factories.make_user(username="alice")

    with pytest.raises(Invalid) as caught:
        service.set_roles("alice", ["overlord"])

    assert caught.value.field == "roles"
    db.session.expire_all()
    assert db.session.get(User, user.id).roles == frozenset()


def test_set_roles_unknown_user_is_not_found(app):
    with pytest.raises(NotFound):
        service.set_roles("nobody", ["admin"])
