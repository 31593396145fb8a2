"""A locked thread's reply page says that it is locked, once."""

import pytest

from forum.threads import service
from tests.factories import make_thread, make_user

LOCKED = "This thread is locked"


@pytest.fixture
def locked_thread():
    thread = make_thread()
    service.set_thread_state(make_user(role="moderator"), thread, locked=True)
    return thread


def test_opening_the_reply_page_states_the_lock_once(client, login, locked_thread):
    login()
    page = client.get(f"/threads/{locked_thread.id}/reply").get_data(as_text=True)
    assert page.count(LOCKED) == 1


@pytest.mark.parametrize(
    "data",
    [
        {"body": "Sneaky", "submit": "Post"},  # refused: the message next to the field says why
        {"body": "Just looking", "preview": "Preview"},  # a preview: the notice says it
        {"body": "", "submit": "Post"},  # an empty reply: its error, and the notice
    ],
)
def test_submitting_to_a_locked_thread_states_the_lock_once(client, login, locked_thread, data):
    login()
    response = client.submit(f"/threads/{locked_thread.id}/reply", data)
    assert response.status_code != 302  # nothing was posted
    assert response.get_data(as_text=True).count(LOCKED) == 1
