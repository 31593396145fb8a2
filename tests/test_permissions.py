"""Every permission decision as one table: role × object state × action.

The actors and objects are real (unsaved) model instances, so the checks read the
same attributes they read in the app. `ME` (id 1) writes the posts marked "own".
"""

from datetime import UTC, datetime

import pytest
from flask_login import AnonymousUserMixin

from forum import permissions
from forum.auth.models import ModeratorScope, User
from forum.exceptions import NotAllowed
from forum.permissions import require
from forum.threads.models import Post, Thread

NOW = datetime(2026, 12, 1, tzinfo=UTC)
CARDIOLOGY, ONCOLOGY = 10, 20


def person(user_id: int, roles: str = "", *, verified: bool = True, moderates=()) -> User:
    user = User(id=user_id, username=f"u{user_id}", email_verified_at=NOW if verified else None)
    user.roles = roles.split()
    user.moderator_scopes = [ModeratorScope(specialty_id=s) for s in moderates]
    return user


ACTORS = {
    "anonymous": AnonymousUserMixin(),
    "unverified": person(1, verified=False),
    "member": person(1),
    "mentor": person(1, "mentor"),
    "cardiology moderator": person(1, moderates=[CARDIOLOGY]),
    "oncology moderator": person(1, moderates=[ONCOLOGY]),
    "mentor and moderator": person(1, "mentor moderator"),
    "moderator": person(1, "moderator"),
    "admin": person(1, "admin"),
}
STAFF = {"cardiology moderator", "mentor and moderator", "moderator", "admin"}  # for cardiology
SIGNED_IN = set(ACTORS) - {"anonymous"}
POSTERS = SIGNED_IN - {"unverified"}
SITE_STAFF = {"mentor and moderator", "moderator", "admin"}


def thread(*, locked=False, deleted=False, author=1, replies=0, kind="discussion") -> Thread:
    return Thread(
        id=5,
        kind=kind,
        specialty_id=CARDIOLOGY,
        author_id=author,
        is_locked=locked,
        deleted_at=NOW if deleted else None,
        reply_count=replies,
        first_post_id=100,
    )


def post(*, own=True, opening=False, deleted=False, hidden=False, **thread_state) -> Post:
    entry = Post(
        id=100 if opening else 101,
        author_id=1 if own else 2,
        deleted_at=NOW if deleted else None,
        hidden_at=NOW if hidden else None,
    )
    entry.thread = thread(**thread_state)
    return entry


# (check, object, who is allowed), one row per state worth telling apart.
RULES = [
    ("can_start_thread", None, POSTERS),
    ("can_reply", thread(), POSTERS),
    ("can_reply", thread(locked=True), STAFF),
    ("can_reply", thread(deleted=True), set()),
    ("can_edit_post", post(), SIGNED_IN),  # an author stays an author, verified or not
    ("can_edit_post", post(own=False), STAFF),
    ("can_edit_post", post(locked=True), STAFF),
    ("can_edit_post", post(deleted=True), set()),
    ("can_edit_post", post(hidden=True), STAFF),
    ("can_delete_post", post(), SIGNED_IN),
    ("can_delete_post", post(own=False), STAFF),
    ("can_delete_post", post(own=False, deleted=True), set()),
    ("can_delete_post", post(opening=True), SIGNED_IN),
    ("can_delete_post", post(opening=True, replies=2), STAFF),
    ("can_edit_thread", thread(), SIGNED_IN),
    ("can_edit_thread", thread(author=2), STAFF),
    ("can_edit_thread", thread(locked=True), STAFF),
    ("can_edit_thread", thread(deleted=True), set()),
    ("can_see_deleted_body", post(deleted=True), STAFF),
    ("can_moderate", thread(), STAFF),
    ("can_moderate", None, SITE_STAFF),
    ("can_edit_profile", person(1), SIGNED_IN),
    ("can_edit_profile", person(2), set()),
    # Accepting an answer: a reply by someone else in a question thread.
    ("can_accept_answer", post(own=False, kind="question"), SIGNED_IN),  # the asker
    ("can_accept_answer", post(own=False, kind="question", author=2), STAFF),
    ("can_accept_answer", post(own=False, kind="question", locked=True), STAFF),
    ("can_accept_answer", post(own=False, kind="question", deleted=True), set()),
    ("can_accept_answer", post(own=False, kind="question", hidden=True), set()),
    ("can_accept_answer", post(own=False, kind="question", opening=True), set()),
    ("can_accept_answer", post(own=False), set()),  # a discussion has no accepted answer
    ("can_mark_helpful", post(own=False), POSTERS),
    ("can_mark_helpful", post(), set()),  # not your own
    ("can_mark_helpful", post(own=False, deleted=True), set()),
    ("can_mark_helpful", post(own=False, hidden=True), set()),
    ("can_mark_helpful", post(own=False, opening=True), set()),  # replies only
    ("can_use_queue", None, SIGNED_IN - {"unverified", "member"}),
    ("can_watch", None, SIGNED_IN),
]

CASES = [
    (name, check, obj, name in allowed)
    for check, obj, allowed in RULES
    for name in ACTORS
]


@pytest.mark.parametrize(
    "actor, check, obj, expected",
    CASES,
    ids=[f"{check}-{i}-{actor.replace(' ', '_')}" for i, (actor, check, _, _) in enumerate(CASES)],
)
def test_permission_table(actor, check, obj, expected):
    args = () if obj is None else (obj,)
    assert getattr(permissions, check)(ACTORS[actor], *args) is expected


def test_a_scoped_moderator_moderates_only_their_specialty():
    oncology_thread = thread()
    oncology_thread.specialty_id = ONCOLOGY
    cardiologist = ACTORS["cardiology moderator"]
    assert permissions.can_moderate(cardiologist, thread()) is True
    assert permissions.can_moderate(cardiologist, oncology_thread) is False
    assert permissions.can_moderate(ACTORS["oncology moderator"], oncology_thread) is True
    assert permissions.is_staff(cardiologist) is False  # not site-wide: rate limits apply


def test_roles_combine():
    both = ACTORS["mentor and moderator"]
    assert both.has_role("mentor") and both.has_role("moderator") and both.has_role("member")
    assert [role for role, _ in both.badges] == ["mentor", "moderator"]


def test_every_check_exposed_to_templates_is_in_the_table():
    tested = {check for check, _, _ in RULES}
    assert set(permissions.TEMPLATE_CHECKS) == tested


def test_require_raises_not_allowed_with_message():
    require(True)
    with pytest.raises(NotAllowed, match="Only moderators"):
        require(False, "Only moderators can do that.")


def test_none_user_is_treated_as_anonymous():
    assert permissions.can_reply(None, thread()) is False
    assert permissions.is_staff(None) is False


def test_unknown_roles_are_refused():
    with pytest.raises(ValueError, match="overlord"):
        person(3, "overlord")
