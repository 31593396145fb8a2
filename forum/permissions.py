"""Who may do what: pure decisions over already-loaded columns, no queries, no request globals.

Services call these to enforce, views through `require`, and templates through the
Jinja globals registered in create_app, so a button shows exactly when the action
would succeed. Roles combine (a mentor may also moderate); a decision about a
thing takes the thing into account, so `can_moderate(user, thread)` asks whether
the user moderates that thread's specialty. Who may *see* a thing is the other
half of the rule, in forum/visibility.py.

| role | powers |
| --- | --- |
| guest | read what is public |
| member (everyone signed in) | post once verified; edit and delete own posts in open threads; |
| | accept an answer to an own open question; mark others' replies helpful; flag |
| | others' posts; watch; mark an own accepted answer still current once it is old |
| suspended member | read, watch and read notifications; nothing that writes (posting, |
| | editing, flagging, marking, accepting, the profile), from every open session |
| mentor | as a member; the mentors' queue; answer mentorship requests; mark old accepted |
| | answers in their specialties (approved mentor profile) still current |
| either side of a mentorship | its compact, check-ins, sessions and private space (an |
| | ended one read-only); the mentee thanks, the mentor shows the thanks; report a |
| | message of the other side. Nobody moderates a private space |
| scoped moderator (ModeratorScope rows) | in public threads of those specialties: pin, lock, |
| | edit, delete, hide, redact, rename, move, retag, merge, split; review their flags and |
| | warn their authors; edit those specialties; the dashboard and the audit log; |
| | verify or reject members' credentials (not their own) and read their numbers |
| moderator (site-wide) | all of that in every specialty; curate specialties and topics; |
| | suspend members and keep staff notes; approve mentors; review reported private |
| | messages (that one message); not rate-limited |
| admin | everything a moderator may; grant and take back roles and scopes |

Acting on a person (warning, suspending, notes, roles) needs a higher rank than
theirs: member and mentor 0, scoped moderator 1, moderator 2, admin 3; nobody acts on
themselves. So moderators cannot suspend each other, and admins act on moderators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.exceptions import NotAllowed

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.credentials.models import Credential
    from forum.mentorship.models import MentoringSession, MentorProfile, Mentorship
    from forum.threads.models import Post, Thread


def signed_in(user: User | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_role(user: User | None, role: str) -> bool:
    return signed_in(user) and user.has_role(role)


def is_admin(user: User | None) -> bool:
    return has_role(user, "admin")


def is_staff(user: User | None) -> bool:
    """Site-wide moderators and admins (exempt from the posting rate limit)."""
    return has_role(user, "moderator") or is_admin(user)


def moderates(user: User | None, specialty_id: int | None) -> bool:
    """Whether `user` moderates the specialty `specialty_id` (site-wide staff moderate all)."""
    if not signed_in(user):
        return False
    return is_staff(user) or (
        specialty_id is not None and specialty_id in user.moderated_specialty_ids
    )


def is_suspended(user: User | None) -> bool:
    """Suspended now (a suspension past its end has lifted itself)."""
    return signed_in(user) and user.is_suspended


def active(user: User | None) -> bool:
    """Signed in and not suspended: may change things (its own profile, marks, flags)."""
    return signed_in(user) and not user.is_suspended


def is_moderator(user: User | None) -> bool:
    """Moderates something: site-wide staff, or a moderator of at least one specialty."""
    return is_staff(user) or (signed_in(user) and bool(user.moderated_specialty_ids))


def rank(user: User | None) -> int:
    """0 member or mentor, 1 scoped moderator, 2 moderator, 3 admin (-1 for a guest)."""
    if not signed_in(user):
        return -1
    if is_admin(user):
        return 3
    if has_role(user, "moderator"):
        return 2
    return 1 if user.moderated_specialty_ids else 0


def outranks(actor: User | None, target: User) -> bool:
    """Whether `actor` may act on the person `target`: an active moderator of a higher
    rank, and never on themselves."""
    return (
        active(actor) and actor.id != target.id and rank(actor) >= 1 and rank(actor) > rank(target)
    )


def can_post(user: User | None) -> bool:
    """Signed in with a verified email address, and not suspended."""
    return active(user) and user.email_verified_at is not None


def can_start_thread(user: User | None) -> bool:
    return can_post(user)


def can_moderate(user: User | None, thread: Thread | None = None) -> bool:
    """Pin, lock, and see deleted content in `thread` (any thread when None: site-wide only).

    Nobody moderates a private space's threads (a mentorship's conversation): they are
    their members' own, and staff may not even know they exist. A member reports one
    message instead (forum/mentorship/reports.py)."""
    if thread is None:
        return is_staff(user)
    if thread.space_id is not None:
        return False
    return moderates(user, thread.specialty_id)


def can_reply(user: User | None, thread: Thread) -> bool:
    """Verified members reply to open threads; the thread's moderators also to locked ones."""
    if thread.is_deleted:
        return False
    return can_post(user) and (not thread.is_locked or can_moderate(user, thread))


def _own_open_post(user: User | None, post: Post) -> bool:
    return signed_in(user) and post.author_id == user.id and not post.thread.is_locked


def can_edit_post(user: User | None, post: Post) -> bool:
    """Authors edit their own live posts while the thread is open; its moderators any live post.
    A post hidden over a patient-privacy concern stays its author's to edit (to take the
    identifier out before a moderator restores it); other hidden posts do not."""
    if not active(user) or post.is_deleted or post.thread.is_deleted:
        return False
    if can_moderate(user, post.thread):
        return True
    return _own_open_post(user, post) and (not post.is_hidden or bool(post.hidden_for_privacy))


def can_delete_post(user: User | None, post: Post) -> bool:
    """As editing, except that an author cannot delete an opening post that has replies:
    answers never end up under a deleted question (the author can still edit it)."""
    if not can_edit_post(user, post):
        return False
    if can_moderate(user, post.thread):
        return True
    return not (post.is_opening and post.thread.reply_count > 0)


def can_edit_thread(user: User | None, thread: Thread) -> bool:
    """Change a thread's title, specialty and topics: its author while open, or its moderators."""
    if not active(user) or thread.is_deleted:
        return False
    if can_moderate(user, thread):
        return True
    return thread.author_id == user.id and not thread.is_locked


def can_set_thread_state(user: User | None, thread: Thread) -> bool:
    """Pin, unpin, lock or unlock a thread: its active moderators (a suspended moderator
    keeps reading what moderators read, but changes nothing)."""
    return active(user) and can_moderate(user, thread)


def can_see_deleted_body(user: User | None, post: Post) -> bool:
    """Deleted and hidden posts keep a placeholder; the thread's moderators still read the text."""
    return can_moderate(user, post.thread)


def can_accept_answer(user: User | None, post: Post) -> bool:
    """Mark (or unmark) a reply as its question's accepted answer: the asker while the
    thread is open, or the thread's moderators; never a deleted or hidden reply."""
    thread = post.thread
    if not active(user) or not thread.is_answerable or thread.is_deleted:
        return False
    if post.is_opening or post.is_deleted or post.is_hidden:
        return False
    if can_moderate(user, thread):
        return True
    return thread.author_id == user.id and not thread.is_locked


def can_mark_helpful(user: User | None, post: Post) -> bool:
    """Verified members mark others' live public replies helpful (and take the mark back):
    marks are public recognition, so a private space's messages take none."""
    if not can_post(user) or post.author_id == user.id or post.thread.space_id is not None:
        return False
    return not (post.is_opening or post.is_deleted or post.is_hidden or post.thread.is_deleted)


def can_review_answer_currency(
    user: User | None, post: Post, mentor_specialty_ids: frozenset[int] = frozenset()
) -> bool:
    """Mark an accepted answer "reviewed, still current" (forum/evidence/): its author, or
    an approved mentor of its thread's specialty (`mentor_specialty_ids`: the specialties
    the user's approved mentor profile names, which the caller loads); a live reply in a
    live public thread. That it is the accepted answer, and due, is the service's."""
    thread = post.thread
    if not active(user) or thread.is_deleted or thread.space_id is not None:
        return False
    if post.is_opening or post.is_deleted or post.is_hidden:
        return False
    if post.author_id == user.id:
        return True
    return has_role(user, "mentor") and thread.specialty_id in mentor_specialty_ids


def can_use_queue(user: User | None) -> bool:
    """The mentors' queue of unanswered questions: mentors, and moderators of any scope."""
    if not signed_in(user):
        return False
    return has_role(user, "mentor") or is_staff(user) or bool(user.moderated_specialty_ids)


def can_watch(user: User | None) -> bool:
    """Set watch levels and read notifications: any signed-in member."""
    return signed_in(user)


def can_edit_profile(user: User | None, profile: User) -> bool:
    """Members edit their own profile, unless suspended."""
    return active(user) and user.id == profile.id


# ---- moderation (forum/moderation/) --------------------------------------------------


def can_moderate_post(user: User | None, post: Post) -> bool:
    """Hide or restore a post, and resolve its flags: its thread's active moderators."""
    return active(user) and not post.is_deleted and can_moderate(user, post.thread)


def can_hide_post(user: User | None, post: Post) -> bool:
    return can_moderate_post(user, post) and not post.is_hidden


def can_redact_post(user: User | None, post: Post) -> bool:
    """Replace a span of a post's text (and of its saved versions) with a marker: its
    thread's active moderators (scoped ones in their specialties, site-wide staff and
    admins everywhere), a hidden or deleted post too, since its text is still stored."""
    return active(user) and can_moderate(user, post.thread)


def can_see_staff_revisions(user: User | None, post: Post) -> bool:
    """A post's staff-only versions (kept from before a privacy review): its thread's
    moderators; its author and readers see the versions after it only."""
    return can_moderate(user, post.thread)


def can_unhide_post(user: User | None, post: Post) -> bool:
    return can_moderate_post(user, post) and post.is_hidden


def can_manage_thread(user: User | None, thread: Thread) -> bool:
    """Rename, move, retag, split, delete or restore a thread (a deleted one too): its
    active moderators. A private space's threads are its members' own: not moderated."""
    return active(user) and thread.space_id is None and can_moderate(user, thread)


def can_merge_threads(user: User | None, source: Thread, target: Thread) -> bool:
    """Merge `source` into `target`: a moderator of both, two different live threads."""
    return (
        source.id != target.id
        and not source.is_deleted
        and not target.is_deleted
        and can_manage_thread(user, source)
        and can_manage_thread(user, target)
    )


def can_move_to_specialty(user: User | None, thread: Thread, specialty_id: int) -> bool:
    """Move a thread to another specialty: a moderator of the thread and of the new one."""
    return can_manage_thread(user, thread) and moderates(user, specialty_id)


def can_flag(user: User | None, post: Post) -> bool:
    """Verified, active members flag others' live, visible posts (once each: the service).
    Not in a private space, which moderators may not open: its members report one
    message instead (can_report_message)."""
    if not can_post(user) or post.author_id == user.id or post.thread.space_id is not None:
        return False
    return not (post.is_deleted or post.is_hidden or post.thread.is_deleted)


def can_review_flags(user: User | None) -> bool:
    """The review queue, the dashboard and the audit log: moderators of any scope."""
    return active(user) and is_moderator(user)


def can_view_audit_log(user: User | None) -> bool:
    return can_review_flags(user)


def can_warn(user: User | None, target: User, post: Post | None = None) -> bool:
    """Warn a member: outranking them, and moderating the post's thread when about one."""
    if not outranks(user, target):
        return False
    if post is None:
        return is_staff(user)
    return can_moderate(user, post.thread)


def can_suspend(user: User | None, target: User) -> bool:
    """Suspend a member or lift their suspension: site-wide staff who outrank them."""
    return is_staff(user) and outranks(user, target)


def can_note_user(user: User | None, target: User) -> bool:
    """Write a staff note on a member: moderators of any scope who outrank them."""
    return is_moderator(user) and outranks(user, target)


def can_read_user_notes(user: User | None) -> bool:
    """Staff notes are read by moderators of any scope and admins, never by members."""
    return active(user) and is_moderator(user)


def can_manage_roles(user: User | None, target: User | None = None) -> bool:
    """Grant and take back roles and moderator scopes: admins, on anyone but admins
    (another admin included) and themselves."""
    if not (active(user) and is_admin(user)):
        return False
    return target is None or outranks(user, target)


def can_curate_taxonomy(user: User | None) -> bool:
    """Create, rename, reorder, merge and retire specialties and topics: site-wide staff."""
    return active(user) and is_staff(user)


def can_edit_specialty(user: User | None, specialty_id: int) -> bool:
    """Edit a specialty's name and description: site-wide staff, or its own moderators."""
    return active(user) and moderates(user, specialty_id)


# ---- mentorship (forum/mentorship/) --------------------------------------------------
# Who may *see* a mentorship is visibility.can_see_mentorship (its two members); these
# decide what they, and the reviewers of applications and reports, may do.


def _in_mentorship(user: User | None, mentorship: Mentorship) -> bool:
    return active(user) and user.id in mentorship.member_ids


def can_apply_as_mentor(user: User | None, profile: MentorProfile | None = None) -> bool:
    """Apply to mentor (or apply again after a decline): verified, active members who are
    not mentors already and have no application waiting."""
    if not can_post(user) or has_role(user, "mentor"):
        return False
    return profile is None or profile.status == "declined"


def can_edit_mentor_profile(user: User | None, profile: MentorProfile) -> bool:
    """A member edits their own mentor profile (a pending application too), unless suspended."""
    return active(user) and profile.user_id == user.id


def can_review_mentor_applications(user: User | None) -> bool:
    """Approve or decline applications to mentor: site-wide moderators and admins (the
    mentor role is site-wide, so a specialty's moderators do not grant it)."""
    return active(user) and is_staff(user)


def can_set_goals(user: User | None) -> bool:
    """State one's own mentoring goals: any active member."""
    return active(user)


def can_request_mentorship(user: User | None, profile: MentorProfile) -> bool:
    """Ask an approved, accepting mentor (not oneself) for mentorship: verified, active
    members. Capacity, open requests and duplicates are the service's (they need counts)."""
    if not can_post(user) or profile.user_id == user.id:
        return False
    return profile.is_approved and profile.accepting


def can_respond_to_request(user: User | None, mentorship: Mentorship) -> bool:
    """Accept or decline a request: its mentor, while it waits."""
    return (
        _in_mentorship(user, mentorship)
        and user.id == mentorship.mentor_id
        and mentorship.status == "requested"
    )


def can_withdraw_request(user: User | None, mentorship: Mentorship) -> bool:
    """Withdraw before the mentorship starts: the mentee from a request, either side
    while the compact is not yet agreed."""
    if not _in_mentorship(user, mentorship):
        return False
    if mentorship.status == "requested":
        return user.id == mentorship.mentee_id
    return mentorship.status == "agreeing"


def can_edit_compact(user: User | None, mentorship: Mentorship) -> bool:
    """Write or change the compact, and accept it: either side while agreeing."""
    return _in_mentorship(user, mentorship) and mentorship.status == "agreeing"


def can_work_in_mentorship(user: User | None, mentorship: Mentorship) -> bool:
    """Check in on goals, propose and answer sessions: either side of an active mentorship
    (an ended one is read-only)."""
    return _in_mentorship(user, mentorship) and mentorship.status == "active"


def can_respond_to_session(
    user: User | None, mentorship: Mentorship, session: MentoringSession
) -> bool:
    """Accept, decline or propose another time: the side that did not propose it."""
    return (
        can_work_in_mentorship(user, mentorship)
        and session.status == "proposed"
        and session.proposed_by_id != user.id
    )


def can_cancel_session(
    user: User | None, mentorship: Mentorship, session: MentoringSession
) -> bool:
    """Cancel a proposed or accepted session: either side of the active mentorship."""
    return can_work_in_mentorship(user, mentorship) and session.status in ("proposed", "accepted")


def can_end_mentorship(user: User | None, mentorship: Mentorship) -> bool:
    return can_work_in_mentorship(user, mentorship)


def can_thank_mentor(user: User | None, mentorship: Mentorship) -> bool:
    """Leave a thank-you once it ended: the mentee, once."""
    return (
        _in_mentorship(user, mentorship)
        and user.id == mentorship.mentee_id
        and mentorship.status == "ended"
        and mentorship.thanks is None
    )


def can_show_thanks(user: User | None, mentorship: Mentorship) -> bool:
    """Show (or hide) a thank-you on one's profile: the mentor it thanks."""
    return (
        _in_mentorship(user, mentorship)
        and user.id == mentorship.mentor_id
        and mentorship.thanks is not None
    )


def can_report_message(user: User | None, mentorship: Mentorship, post: Post) -> bool:
    """Report a message of the space to the moderators: the other side, once (the service)."""
    return (
        _in_mentorship(user, mentorship)
        and post.author_id != user.id
        and not post.is_deleted
        and mentorship.status in ("active", "ended")
    )


def can_review_message_reports(user: User | None) -> bool:
    """Reported private messages (that one message, never the space): site-wide staff."""
    return active(user) and is_staff(user)


# ---- credentials (forum/credentials/) ------------------------------------------------
# A member's professional credentials and their review. A credential is about a person,
# not a specialty, so a scoped moderator reviews them as a site-wide one does.


def can_add_credential(user: User | None) -> bool:
    """Add a professional credential (it starts unverified): any active member."""
    return active(user)


def can_edit_credential(user: User | None, credential: Credential) -> bool:
    """Change one's own credential (a verified one goes back for review), unless suspended."""
    return active(user) and credential.user_id == user.id


def can_withdraw_credential(user: User | None, credential: Credential) -> bool:
    """Withdraw (delete) one's own credential while it is pending or was rejected."""
    return can_edit_credential(user, credential) and credential.status in ("pending", "rejected")


def can_verify_credentials(user: User | None, credential: Credential | None = None) -> bool:
    """Verify or reject members' credentials: active moderators of any scope and admins;
    never their own (with `credential`, whether they may decide that one)."""
    if not (active(user) and is_moderator(user)):
        return False
    return credential is None or credential.user_id != user.id


def can_view_credential_number(user: User | None, credential: Credential) -> bool:
    """A credential's registration number: its member and the staff who review
    credentials (moderators of any scope, admins); nobody else, on no page."""
    if not signed_in(user):
        return False
    return credential.user_id == user.id or can_verify_credentials(user)


def require(allowed: bool, message: str = "You are not allowed to do that.") -> None:
    """Raise NotAllowed unless `allowed`.

    :raises NotAllowed: when the decision was no.
    """
    if not allowed:
        raise NotAllowed(message)


# Names exposed to templates, each bound to current_user by create_app.
TEMPLATE_CHECKS = {
    "can_start_thread": can_start_thread,
    "can_reply": can_reply,
    "can_edit_post": can_edit_post,
    "can_delete_post": can_delete_post,
    "can_edit_thread": can_edit_thread,
    "can_see_deleted_body": can_see_deleted_body,
    "can_moderate": can_moderate,
    "can_set_thread_state": can_set_thread_state,
    "can_edit_profile": can_edit_profile,
    "can_accept_answer": can_accept_answer,
    "can_mark_helpful": can_mark_helpful,
    "can_review_answer_currency": can_review_answer_currency,
    "can_use_queue": can_use_queue,
    "can_watch": can_watch,
    "can_flag": can_flag,
    "can_hide_post": can_hide_post,
    "can_redact_post": can_redact_post,
    "can_see_staff_revisions": can_see_staff_revisions,
    "can_unhide_post": can_unhide_post,
    "can_manage_thread": can_manage_thread,
    "can_merge_threads": can_merge_threads,
    "can_move_to_specialty": can_move_to_specialty,
    "can_review_flags": can_review_flags,
    "can_view_audit_log": can_view_audit_log,
    "can_warn": can_warn,
    "can_suspend": can_suspend,
    "can_note_user": can_note_user,
    "can_read_user_notes": can_read_user_notes,
    "can_manage_roles": can_manage_roles,
    "can_curate_taxonomy": can_curate_taxonomy,
    "can_edit_specialty": can_edit_specialty,
    "can_apply_as_mentor": can_apply_as_mentor,
    "can_edit_mentor_profile": can_edit_mentor_profile,
    "can_review_mentor_applications": can_review_mentor_applications,
    "can_set_goals": can_set_goals,
    "can_request_mentorship": can_request_mentorship,
    "can_respond_to_request": can_respond_to_request,
    "can_withdraw_request": can_withdraw_request,
    "can_edit_compact": can_edit_compact,
    "can_work_in_mentorship": can_work_in_mentorship,
    "can_respond_to_session": can_respond_to_session,
    "can_cancel_session": can_cancel_session,
    "can_end_mentorship": can_end_mentorship,
    "can_thank_mentor": can_thank_mentor,
    "can_show_thanks": can_show_thanks,
    "can_report_message": can_report_message,
    "can_review_message_reports": can_review_message_reports,
    "can_add_credential": can_add_credential,
    "can_edit_credential": can_edit_credential,
    "can_withdraw_credential": can_withdraw_credential,
    "can_verify_credentials": can_verify_credentials,
    "can_view_credential_number": can_view_credential_number,
}
