"""Every permission decision as one table: role × object state × action.

The actors and objects are real (unsaved) model instances, so the checks read the
same attributes they read in the app. `ME` (id 1) writes the posts marked "own".
"""

from datetime import UTC, datetime

import pytest
from flask_login import AnonymousUserMixin

from forum import permissions
from forum.auth.models import SUSPENDED_INDEFINITELY, ModeratorScope, User
from forum.credentials.models import Credential
from forum.exceptions import NotAllowed
from forum.mentorship.models import MentoringSession, MentorProfile, Mentorship
from forum.permissions import require
from forum.threads.models import Post, Thread

NOW = datetime(2026, 12, 1, tzinfo=UTC)
CARDIOLOGY, ONCOLOGY = 10, 20


def person(
    user_id: int, roles: str = "", *, verified: bool = True, moderates=(), suspended=False
) -> User:
    user = User(
        id=user_id,
        username=f"u{user_id}",
        email_verified_at=NOW if verified else None,
        suspended_until=SUSPENDED_INDEFINITELY if suspended else None,
    )
    user.roles = roles.split()
    user.moderator_scopes = [ModeratorScope(specialty_id=s) for s in moderates]
    return user


ACTORS = {
    "anonymous": AnonymousUserMixin(),
    "unverified": person(1, verified=False),
    "suspended": person(1, suspended=True),
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
ACTIVE = SIGNED_IN - {"suspended"}  # may change things
POSTERS = ACTIVE - {"unverified"}
SITE_STAFF = {"mentor and moderator", "moderator", "admin"}
MODERATORS = STAFF | {"oncology moderator"}  # of any scope


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


def oncology_thread(**state) -> Thread:
    other = thread(**state)
    other.id, other.specialty_id = 6, ONCOLOGY
    return other


def cardiology_thread(**state) -> Thread:
    other = thread(**state)
    other.id = 7
    return other


def post(*, own=True, opening=False, deleted=False, hidden=False, **thread_state) -> Post:
    entry = Post(
        id=100 if opening else 101,
        author_id=1 if own else 2,
        deleted_at=NOW if deleted else None,
        hidden_at=NOW if hidden else None,
    )
    entry.thread = thread(**thread_state)
    return entry


def privacy_hidden(*, own=True, **thread_state) -> Post:
    """A post hidden over a patient privacy concern (forum/redaction/)."""
    entry = post(own=own, hidden=True, **thread_state)
    entry.hidden_for_privacy = True
    return entry


def private(**state) -> Thread:
    """A thread in a private space (a mentorship's conversation)."""
    other = thread(**state)
    other.space_id = 3
    return other


def oncology_post(**state) -> Post:
    entry = post(own=False, **state)
    entry.thread = oncology_thread()
    return entry


def private_post(*, own=False) -> Post:
    entry = post(own=own)
    entry.thread = private()
    return entry


def profile(user_id: int = 2, status: str = "approved", *, accepting: bool = True):
    return MentorProfile(user_id=user_id, status=status, accepting=accepting)


def mentorship(mentor: int = 1, mentee: int = 2, status: str = "active", thanks=None):
    return Mentorship(id=9, mentor_id=mentor, mentee_id=mentee, status=status, thanks=thanks)


def session(proposed_by: int = 2, status: str = "proposed") -> MentoringSession:
    return MentoringSession(id=4, proposed_by_id=proposed_by, status=status)


def credential(user_id: int = 2, status: str = "pending") -> Credential:
    return Credential(id=8, user_id=user_id, status=status)


MENTORS = {"mentor", "mentor and moderator"}

# (check, object, who is allowed), one row per state worth telling apart.
RULES = [
    ("can_start_thread", None, POSTERS),
    ("can_reply", thread(), POSTERS),
    ("can_reply", thread(locked=True), STAFF),
    ("can_reply", thread(deleted=True), set()),
    ("can_edit_post", post(), ACTIVE),  # an author stays an author, verified or not
    ("can_edit_post", post(own=False), STAFF),
    ("can_edit_post", post(locked=True), STAFF),
    ("can_edit_post", post(deleted=True), set()),
    ("can_edit_post", post(hidden=True), STAFF),
    # Hidden over a privacy concern: its author edits the identifier out.
    ("can_edit_post", privacy_hidden(), ACTIVE),
    ("can_edit_post", privacy_hidden(own=False), STAFF),
    ("can_edit_post", privacy_hidden(locked=True), STAFF),
    ("can_delete_post", privacy_hidden(), ACTIVE),
    ("can_delete_post", post(), ACTIVE),
    ("can_delete_post", post(own=False), STAFF),
    ("can_delete_post", post(own=False, deleted=True), set()),
    ("can_delete_post", post(opening=True), ACTIVE),
    ("can_delete_post", post(opening=True, replies=2), STAFF),
    ("can_edit_thread", thread(), ACTIVE),
    ("can_edit_thread", thread(author=2), STAFF),
    ("can_edit_thread", thread(locked=True), STAFF),
    ("can_edit_thread", thread(deleted=True), set()),
    ("can_set_thread_state", thread(), STAFF),
    ("can_set_thread_state", thread(locked=True), STAFF),
    ("can_see_deleted_body", post(deleted=True), STAFF),
    ("can_moderate", thread(), STAFF),
    ("can_moderate", None, SITE_STAFF),
    ("can_edit_profile", person(1), ACTIVE),
    ("can_edit_profile", person(2), set()),
    # Accepting an answer: a reply by someone else in a question thread.
    ("can_accept_answer", post(own=False, kind="question"), ACTIVE),  # the asker
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
    # "Reviewed, still current" (forum/evidence/): the answer's author, or an approved
    # mentor of its thread's specialty (the specialties the caller loaded).
    ("can_review_answer_currency", post(), ACTIVE),
    ("can_review_answer_currency", post(own=False), set()),
    ("can_review_answer_currency", (post(own=False), frozenset({CARDIOLOGY})), MENTORS),
    ("can_review_answer_currency", (post(own=False), frozenset({ONCOLOGY})), set()),
    ("can_review_answer_currency", post(deleted=True), set()),
    ("can_review_answer_currency", post(hidden=True), set()),
    ("can_review_answer_currency", post(opening=True), set()),
    ("can_review_answer_currency", private_post(own=True), set()),
    ("can_use_queue", None, SIGNED_IN - {"unverified", "member", "suspended"}),
    ("can_watch", None, SIGNED_IN),  # suspended members still read and follow
    # Moderation. Posts by someone else (a member, id 2) in a cardiology thread.
    ("can_flag", post(own=False), POSTERS),
    ("can_flag", post(), set()),  # not your own
    ("can_flag", post(own=False, deleted=True), set()),
    ("can_flag", post(own=False, hidden=True), set()),  # already out of sight
    ("can_flag", post(own=False, deleted=True, opening=True), set()),
    ("can_hide_post", post(own=False), STAFF),
    ("can_hide_post", post(own=False, hidden=True), set()),
    ("can_hide_post", post(own=False, deleted=True), set()),
    ("can_unhide_post", post(own=False, hidden=True), STAFF),
    ("can_unhide_post", post(own=False), set()),
    # Redaction (forum/redaction/): the thread's active moderators, whatever the post's state.
    ("can_redact_post", post(own=False), STAFF),
    ("can_redact_post", post(), STAFF),  # their own post too
    ("can_redact_post", post(own=False, hidden=True), STAFF),
    ("can_redact_post", post(own=False, deleted=True), STAFF),
    ("can_redact_post", privacy_hidden(own=False), STAFF),
    ("can_redact_post", oncology_post(), SITE_STAFF | {"oncology moderator"}),
    ("can_see_staff_revisions", post(), STAFF),
    ("can_see_staff_revisions", privacy_hidden(), STAFF),  # never its author as such
    ("can_see_staff_revisions", oncology_post(), SITE_STAFF | {"oncology moderator"}),
    ("can_manage_thread", thread(), STAFF),
    ("can_manage_thread", thread(deleted=True), STAFF),  # to restore it
    ("can_manage_thread", oncology_thread(), SITE_STAFF | {"oncology moderator"}),
    ("can_merge_threads", (thread(), cardiology_thread()), STAFF),
    ("can_merge_threads", (thread(), oncology_thread()), SITE_STAFF),
    ("can_merge_threads", (thread(), thread()), set()),  # into itself
    ("can_merge_threads", (thread(deleted=True), cardiology_thread()), set()),
    ("can_move_to_specialty", (thread(), CARDIOLOGY), STAFF),
    ("can_move_to_specialty", (thread(), ONCOLOGY), SITE_STAFF),
    ("can_review_flags", None, MODERATORS),
    ("can_view_audit_log", None, MODERATORS),
    # Acting on people needs a higher rank (member 0, scoped moderator 1, moderator 2,
    # admin 3), never on yourself.
    ("can_warn", person(2), SITE_STAFF),
    ("can_warn", (person(2), post(own=False)), STAFF),
    ("can_warn", (person(2, moderates=[ONCOLOGY]), post(own=False)), SITE_STAFF),
    ("can_warn", (person(1), post()), set()),
    ("can_suspend", person(2), SITE_STAFF),
    ("can_suspend", person(2, "mentor"), SITE_STAFF),
    ("can_suspend", person(2, moderates=[CARDIOLOGY]), SITE_STAFF),
    ("can_suspend", person(2, "moderator"), {"admin"}),
    ("can_suspend", person(2, "admin"), set()),
    ("can_suspend", person(1), set()),
    ("can_note_user", person(2), MODERATORS),
    ("can_note_user", person(2, "moderator"), {"admin"}),
    ("can_read_user_notes", None, MODERATORS),
    ("can_manage_roles", None, {"admin"}),
    ("can_manage_roles", person(2), {"admin"}),
    ("can_manage_roles", person(2, "moderator"), {"admin"}),
    ("can_manage_roles", person(2, "admin"), set()),
    ("can_manage_roles", person(1), set()),
    ("can_curate_taxonomy", None, SITE_STAFF),
    ("can_edit_specialty", CARDIOLOGY, STAFF),
    ("can_edit_specialty", ONCOLOGY, SITE_STAFF | {"oncology moderator"}),
    # A private space's thread: its members' own (visibility keeps everyone else out);
    # nobody moderates it, its messages take no flags and no helpful marks.
    ("can_moderate", private(), set()),
    ("can_set_thread_state", private(), set()),
    ("can_manage_thread", private(), set()),
    ("can_reply", private(), POSTERS),
    ("can_reply", private(locked=True), set()),  # an ended mentorship: read-only for all
    ("can_hide_post", private_post(), set()),
    ("can_redact_post", private_post(), set()),
    ("can_see_staff_revisions", private_post(), set()),
    ("can_flag", private_post(), set()),
    ("can_mark_helpful", private_post(), set()),
    # Mentorship. Actor id 1; profiles and mentorships name who is who.
    ("can_apply_as_mentor", None, POSTERS - MENTORS),
    ("can_apply_as_mentor", profile(1, "pending"), set()),  # one application at a time
    ("can_apply_as_mentor", profile(1, "declined"), POSTERS - MENTORS),
    ("can_edit_mentor_profile", profile(1), ACTIVE),
    ("can_edit_mentor_profile", profile(2), set()),
    ("can_review_mentor_applications", None, SITE_STAFF),
    ("can_set_goals", None, ACTIVE),
    ("can_request_mentorship", profile(2), POSTERS),
    ("can_request_mentorship", profile(1), set()),  # not yourself
    ("can_request_mentorship", profile(2, accepting=False), set()),  # paused
    ("can_request_mentorship", profile(2, "pending"), set()),  # not a mentor yet
    ("can_respond_to_request", mentorship(1, 2, "requested"), ACTIVE),  # its mentor
    ("can_respond_to_request", mentorship(2, 1, "requested"), set()),  # its mentee
    ("can_respond_to_request", mentorship(1, 2, "agreeing"), set()),  # already answered
    ("can_withdraw_request", mentorship(2, 1, "requested"), ACTIVE),  # the mentee
    ("can_withdraw_request", mentorship(1, 2, "requested"), set()),  # the mentor declines
    ("can_withdraw_request", mentorship(1, 2, "agreeing"), ACTIVE),  # either, before it starts
    ("can_withdraw_request", mentorship(1, 2, "active"), set()),  # then it is ended
    ("can_edit_compact", mentorship(1, 2, "agreeing"), ACTIVE),
    ("can_edit_compact", mentorship(1, 2, "active"), set()),
    ("can_edit_compact", mentorship(2, 3, "agreeing"), set()),  # not theirs
    ("can_work_in_mentorship", mentorship(2, 1, "active"), ACTIVE),
    ("can_work_in_mentorship", mentorship(2, 1, "ended"), set()),
    ("can_work_in_mentorship", mentorship(2, 3, "active"), set()),
    ("can_respond_to_session", (mentorship(), session(2)), ACTIVE),
    ("can_respond_to_session", (mentorship(), session(1)), set()),  # your own proposal
    ("can_respond_to_session", (mentorship(), session(2, "accepted")), set()),
    ("can_respond_to_session", (mentorship(status="ended"), session(2)), set()),
    ("can_cancel_session", (mentorship(), session(1, "accepted")), ACTIVE),
    ("can_cancel_session", (mentorship(), session(2, "declined")), set()),
    ("can_end_mentorship", mentorship(), ACTIVE),
    ("can_end_mentorship", mentorship(status="ended"), set()),
    ("can_thank_mentor", mentorship(2, 1, "ended"), ACTIVE),  # the mentee
    ("can_thank_mentor", mentorship(1, 2, "ended"), set()),  # not the mentor
    ("can_thank_mentor", mentorship(2, 1, "ended", thanks="Thank you."), set()),  # once
    ("can_thank_mentor", mentorship(2, 1, "active"), set()),
    ("can_show_thanks", mentorship(1, 2, "ended", thanks="Thank you."), ACTIVE),
    ("can_show_thanks", mentorship(2, 1, "ended", thanks="Thank you."), set()),
    ("can_show_thanks", mentorship(1, 2, "ended"), set()),
    ("can_report_message", (mentorship(), private_post()), ACTIVE),
    ("can_report_message", (mentorship(), private_post(own=True)), set()),
    ("can_report_message", (mentorship(2, 3), private_post()), set()),
    ("can_review_message_reports", None, SITE_STAFF),
    # Credentials. Actor id 1; a credential names its member. A credential is about a
    # person, not a specialty: moderators of any scope review them, never their own.
    ("can_add_credential", None, ACTIVE),
    ("can_edit_credential", credential(1, "verified"), ACTIVE),  # back to pending
    ("can_edit_credential", credential(2), set()),
    ("can_withdraw_credential", credential(1, "pending"), ACTIVE),
    ("can_withdraw_credential", credential(1, "rejected"), ACTIVE),
    ("can_withdraw_credential", credential(1, "verified"), set()),
    ("can_withdraw_credential", credential(2, "pending"), set()),
    ("can_verify_credentials", None, MODERATORS),
    ("can_verify_credentials", credential(2), MODERATORS),
    ("can_verify_credentials", credential(1), set()),  # never one's own
    ("can_view_credential_number", credential(1), SIGNED_IN),  # its member, even suspended
    ("can_view_credential_number", credential(2), MODERATORS),  # and the reviewers only
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
    args = () if obj is None else obj if isinstance(obj, tuple) else (obj,)
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


def test_a_suspension_past_its_end_has_lifted_itself():
    lifted = person(1)
    lifted.suspended_until = datetime(2020, 1, 1, tzinfo=UTC)
    assert permissions.can_post(lifted) is True
    assert permissions.can_post(ACTORS["suspended"]) is False
    assert permissions.can_watch(ACTORS["suspended"]) is True


def test_none_user_is_treated_as_anonymous():
    assert permissions.can_reply(None, thread()) is False
    assert permissions.is_staff(None) is False


def test_unknown_roles_are_refused():
    with pytest.raises(ValueError, match="overlord"):
        person(3, "overlord")
