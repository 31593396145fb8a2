"""Every permission decision as one table: role × object state × action."""

from types import SimpleNamespace

import pytest

from forum import permissions
from forum.exceptions import NotAllowed
from forum.permissions import require

ANON = SimpleNamespace(is_authenticated=False, id=None, role=None)


def user(role: str, user_id: int = 1):
    return SimpleNamespace(is_authenticated=True, id=user_id, role=role)


def thread(locked=False):
    return SimpleNamespace(is_locked=locked)


def post(author_id=1, locked=False, deleted=False):
    return SimpleNamespace(
        author_id=author_id, thread=thread(locked), deleted_at="yesterday" if deleted else None
    )


ROLES = ["member", "mentor", "moderator", "admin"]
STAFF = {"moderator", "admin"}

CASES = []
for role in [None, *ROLES]:
    actor = ANON if role is None else user(role)
    staff = role in STAFF
    signed_in = role is not None
    CASES += [
        (actor, "can_start_thread", (), signed_in),
        (actor, "can_reply", (thread(),), signed_in),
        (actor, "can_reply", (thread(locked=True),), staff),
        (actor, "can_edit_post", (post(author_id=1),), signed_in),
        (actor, "can_edit_post", (post(author_id=2),), staff),
        (actor, "can_edit_post", (post(author_id=1, locked=True),), staff),
        (actor, "can_edit_post", (post(author_id=1, deleted=True),), False),
        (actor, "can_delete_post", (post(author_id=1),), signed_in),
        (actor, "can_delete_post", (post(author_id=2),), staff),
        (actor, "can_delete_post", (post(author_id=2, deleted=True),), False),
        (actor, "can_see_deleted_body", (post(deleted=True),), staff),
        (actor, "can_moderate", (thread(),), staff),
        (actor, "can_edit_profile", (SimpleNamespace(id=1),), signed_in),
        (actor, "can_edit_profile", (SimpleNamespace(id=2),), False),
    ]


@pytest.mark.parametrize(
    "actor, check, args, expected",
    CASES,
    ids=[f"{a.role or 'anonymous'}-{c}-{i}" for i, (a, c, _, _) in enumerate(CASES)],
)
def test_permission_table(actor, check, args, expected):
    assert getattr(permissions, check)(actor, *args) is expected


def test_every_check_exposed_to_templates_is_in_the_table():
    tested = {check for _, check, _, _ in CASES}
    assert set(permissions.TEMPLATE_CHECKS) == tested


def test_require_raises_not_allowed_with_message():
    require(True)
    with pytest.raises(NotAllowed, match="Only moderators"):
        require(False, "Only moderators can do that.")


def test_none_user_is_treated_as_anonymous():
    assert permissions.can_reply(None, thread()) is False
    assert permissions.is_staff(None) is False
