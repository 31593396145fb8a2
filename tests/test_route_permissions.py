"""Every role against every state-changing route, enumerated from the URL map.

A route that accepts POST and has no entry in CASES fails the test, so a new route
cannot ship without saying who may use it. Each case names the object it acts on
(built fresh for each request, so one case's change never decides another's) and
what each role gets:

- OK: the request went through (a page, or a redirect that is not to the login page);
- LOGIN: sent to the login page (guests);
- 403: a thing the actor may see but not change;
- 404: a thing the actor may not know exists (a private thread, staff pages' objects).

Every request carries a valid CSRF token (CSRF itself is tested in test_security.py).
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import select

from forum.auth.models import SUSPENDED_INDEFINITELY
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship import reports
from forum.mentorship.models import MentoringSession, MentorProfile
from forum.moderation import posts as moderation_posts
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests import factories
from tests.conftest import CSRF_INPUT
from tests.evidence.scene import old_answer
from tests.mentorship.scene import make_mentor, make_mentorship

OK, LOGIN = "ok", "login"
ROLES = (
    "guest",
    "member",
    "suspended",
    "mentor",
    "cardiology moderator",
    "moderator",
    "admin",
)
SIGNED_IN = ROLES[1:]
SITE_STAFF = ("moderator", "admin")
MODERATORS = ("cardiology moderator", *SITE_STAFF)


def expect(default: Any = OK, guest: Any = LOGIN, **by_role: Any) -> dict[str, Any]:
    """Outcomes for every role: `default` unless named (role names with underscores)."""
    outcomes = {role: default for role in ROLES}
    outcomes["guest"] = guest
    for name, outcome in by_role.items():
        outcomes[name.replace("_", " ")] = outcome
    return outcomes


def only(allowed: tuple[str, ...], refused: Any = 403, guest: Any = LOGIN) -> dict[str, Any]:
    """OK for `allowed`, `refused` for every other signed-in role."""
    outcomes = {role: (OK if role in allowed else refused) for role in ROLES}
    outcomes["guest"] = guest
    return outcomes


@dataclass
class World:
    """The people and places every case builds its targets in."""

    users: dict[str, Any]
    cardiology: Any
    oncology: Any
    topic: Any
    author: Any  # a member who writes the threads the cases act on
    made: list = field(default_factory=list)

    def public_thread(self, specialty=None):
        thread = factories.make_thread(
            author=self.author, specialty=specialty or self.cardiology, topics=[self.topic]
        )
        reply = factories.make_post(thread, self.author, "A colleague's reply.")
        return {"thread_id": thread.id, "post_id": reply.id}

    def private_thread(self):
        values = self.public_thread()
        space = Space(name="A private space")
        db.session.add(space)
        db.session.flush()
        db.session.add(SpaceMember(space_id=space.id, user_id=self.author.id))
        db.session.get(Thread, values["thread_id"]).space_id = space.id
        db.session.commit()
        return values

    def hidden_reply(self):
        """A public thread whose reply a site moderator hid."""
        values = self.public_thread()
        moderator = self.users["moderator"]
        reply = threads.get_post(moderator, values["post_id"])
        moderation_posts.hide_post(moderator, reply, "Off topic.")
        return values

    def deleted_thread(self):
        values = self.public_thread()
        db.session.get(Thread, values["thread_id"]).deleted_at = utcnow()
        db.session.commit()
        return values

    def own_thread(self, actor):
        """A question by the actor with a reply by the author (post_id: the reply)."""
        if actor is None:
            return self.public_thread()
        with _unsuspended(actor):
            thread = factories.make_thread(
                author=actor, specialty=self.cardiology, topics=[self.topic]
            )
        reply = factories.make_post(thread, self.author, "A reply to the actor.")
        return {"thread_id": thread.id, "post_id": reply.id}

    def own_reply(self, actor):
        values = self.public_thread()
        if actor is not None:
            thread = db.session.get(Thread, values["thread_id"])
            with _unsuspended(actor):
                values["post_id"] = factories.make_post(thread, actor, "The actor's reply.").id
        return values


@contextmanager
def _unsuspended(user):
    """Let a suspended actor have written something before their suspension."""
    until = user.suspended_until
    user.suspended_until = None
    try:
        yield
    finally:
        user.suspended_until = until
        db.session.commit()


@dataclass(frozen=True)
class Case:
    endpoint: str
    outcomes: dict[str, Any]
    # public, oncology, private, own_thread_reply, own_reply, hidden, deleted, taxonomy,
    # cardiology, person, site moderator, mentor, own mentor profile, applicant,
    # mentorship:<status> (two other members'), message report, credential (a member's
    # pending one), own credential, none: see _values.
    target: str = "public"
    data: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    # Rule arguments that are not ids of the target (tokens, slugs).
    values: dict[str, Any] = field(default_factory=dict)


_FORM = {"body": "A sensible clinical reply body.", "title": "A sensible thread title here"}
_APPLICATION = {
    "statement": "I have supervised registrars' research for a decade.",
    "years_in_practice": "12",
    "modes": "video",
    "languages": "en",
    "time_zone": "Europe/London",
    "accepting": "y",
    "capacity": "2",
}
_CREDENTIAL = {
    "profession": "Registered Nurse",
    "credential_type": "Nursing registration",
    "issuing_body": "NMC",
    "jurisdiction": "UK",
    "number": "RN-123456",
    "years_in_practice": "9",
}
_GOALS = {
    "text": "Learn to design a pragmatic trial.",
    "modes": "video",
    "languages": "en",
    "time_zone": "Europe/Lisbon",
}

CASES = [
    # Public forms: anyone may submit them (and be told what is wrong with the input).
    Case("auth.login", expect(OK, guest=OK), target="none"),
    # The privacy guard's check of a draft: any member; a guest is told to log in (JSON).
    Case("privacy.check", expect(OK, guest=401), target="none", data=_FORM),
    Case("auth.register", expect(OK, guest=OK), target="none"),
    Case("auth.forgot", expect(OK, guest=OK), target="none", data={"email": "x@example.org"}),
    Case("auth.reset", expect(404, guest=404), target="none", values={"token": "not-a-token"}),
    Case("auth.verify", expect(404, guest=404), target="none", values={"token": "not-a-token"}),
    Case("auth.verify_notice", expect(OK), target="none"),
    Case("auth.logout", expect(OK, guest=OK), target="none"),
    Case("auth.change_password", expect(OK), target="none"),
    Case("profiles.edit", expect(OK, suspended=403), target="none"),
    # Unsubscribing works from an email, signed in or not; a bad token is no one's.
    Case(
        "notification_email.unsubscribe",
        expect(404, guest=404),
        target="none",
        values={"token": "x"},
    ),
    Case("notification_email.settings", expect(OK), target="none"),
    Case("notifications.settings", expect(OK), target="none"),
    Case("notifications.read_all", expect(OK), target="none"),
    # Someone else's notification is no one else's business.
    Case("notifications.read", expect(404), target="none", values={"notification_id": 999}),
    Case("notifications.follow", expect(404), target="none", values={"notification_id": 999}),
    Case(
        "notifications.watch",
        expect(OK),
        data={"target_kind": "thread", "level": "watching"},
        name="public",
    ),
    Case(
        "notifications.watch",
        expect(404),
        target="private",
        data={"target_kind": "thread", "level": "watching"},
        name="private",
    ),
    # Writing.
    Case("threads.new", expect(OK, suspended=403), target="none", data=_FORM),
    Case("cases.new", expect(OK, suspended=403), target="none", data=_FORM),
    Case("threads.reply", expect(OK, suspended=403), data=_FORM, name="public"),
    Case("threads.reply", expect(404), target="private", data=_FORM, name="private"),
    Case("threads.edit", only(MODERATORS), data=_FORM, name="others"),
    Case("threads.edit", expect(OK, suspended=403), target="own_reply", data=_FORM, name="own"),
    Case("threads.edit", expect(404), target="private", data=_FORM, name="private"),
    Case("threads.delete", only(MODERATORS), name="others"),
    Case("threads.delete", expect(OK, suspended=403), target="own_reply", name="own"),
    Case("threads.state", only(MODERATORS), data={"action": "lock"}, name="cardiology"),
    Case(
        "threads.state",
        only(SITE_STAFF),
        target="oncology",
        data={"action": "lock"},
        name="oncology",
    ),
    Case("threads.state", expect(404), target="private", data={"action": "lock"}, name="private"),
    # Answers: the asker accepts in their own question; members mark others' replies.
    Case("answers.accept", only(MODERATORS), name="others"),
    Case(
        "answers.accept",
        expect(OK, suspended=403),
        target="own_thread_reply",
        name="own question",
    ),
    Case("answers.unaccept", only(MODERATORS), name="others"),
    Case("answers.helpful", expect(OK, suspended=403)),
    Case("answers.unhelpful", expect(OK, suspended=403)),
    Case("answers.helpful", expect(404), target="private", name="private"),
    # Reports (forum/moderation/flag_views.py): members report others' posts; moderators
    # of the post's specialty resolve them; staff pages answer 404 to the rest.
    Case("flags.flag", expect(OK, suspended=403), data={"reason": "spam"}, name="public"),
    Case("flags.flag", expect(404), target="private", data={"reason": "spam"}, name="private"),
    Case("flags.hide", only(MODERATORS), name="cardiology"),
    Case("flags.hide", only(SITE_STAFF), target="oncology", name="oncology"),
    Case("flags.hide", expect(404), target="private", name="private"),
    Case("flags.dismiss", only(MODERATORS)),
    Case("flags.warn", only(MODERATORS), data={"message": "Please mind the rules."}),
    Case("flags.edit", only(MODERATORS), data={"body": "An edited reply."}),
    Case("flags.warning_read", expect(404), target="none", values={"warning_id": 999}),
    # Thread tools (forum/moderation/thread_views.py), in the thread's specialty.
    *(
        Case(f"moderation_threads.{action}", only(MODERATORS), name="cardiology")
        for action in ("rename", "move", "topics", "merge", "split", "delete", "hide")
    ),
    Case(
        "moderation_threads.rename",
        only(SITE_STAFF),
        target="oncology",
        name="oncology",
    ),
    Case("moderation_threads.rename", expect(404), target="private", name="private"),
    Case("moderation_threads.restore", only(MODERATORS, refused=404), target="deleted"),
    Case("moderation_threads.unhide", only(MODERATORS), target="hidden"),
    # Redaction (forum/redaction/views.py): the post's moderators, a hidden post too. With
    # no fields the button opens the form; with them it redacts (then redirects).
    Case("redaction.redact", only(MODERATORS), name="cardiology"),
    Case("redaction.redact", only(SITE_STAFF), target="oncology", name="oncology"),
    Case("redaction.redact", expect(404), target="private", name="private"),
    Case(
        "redaction.redact",
        only(MODERATORS),
        target="hidden",
        data={"text": "colleague", "reason": "Names a colleague."},
        name="hidden",
    ),
    # Curating specialties and topics (forum/taxonomy/curation_views.py): site staff; a
    # specialty's own moderators edit its description.
    *(
        Case(f"curation.{action}", only(SITE_STAFF), target="taxonomy")
        for action in (
            "new_specialty",
            "new_topic",
            "edit_topic",
            "merge_topic",
            "move_specialty",
            "retire_specialty",
            "unretire_specialty",
            "retire_topic",
            "unretire_topic",
        )
    ),
    Case("curation.edit_specialty", only(SITE_STAFF), target="taxonomy"),
    Case("curation.edit_specialty", only(MODERATORS), target="cardiology"),
    # People (forum/moderation/people_views.py), on a fresh member or site-wide moderator.
    Case(
        "people.suspend",
        only(SITE_STAFF),
        target="person",
        data={"period": "1d", "reason": "Spam"},
    ),
    Case(
        "people.suspend",
        only(("admin",)),
        target="site moderator",
        data={"period": "1d", "reason": "Spam"},
        name="a moderator",
    ),
    # Not suspended: staff are told so on the page (a redirect); the others are refused.
    Case("people.unsuspend", only(SITE_STAFF), target="person"),
    Case("people.add_note", only(MODERATORS), target="person", data={"body": "A staff note."}),
    Case(
        "people.add_note",
        only(("admin",)),
        target="site moderator",
        data={"body": "A staff note."},
        name="a moderator",
    ),
    Case("people.roles", only(("admin",)), target="person", data={"mentor": "y"}),
    # Mentors (forum/mentorship/profile_views.py): members apply; site staff decide.
    Case("mentors.apply", expect(OK, suspended=403), target="none", data=_APPLICATION),
    Case("mentors.edit", expect(OK), target="none"),
    Case(
        "mentors.accepting",
        expect(OK, suspended=403),
        target="own mentor profile",
        data={"accepting": "0"},
    ),
    Case("mentors.approve", only(SITE_STAFF), target="applicant"),
    Case("mentors.decline", only(SITE_STAFF), target="applicant", data={"reason": "Too soon."}),
    # Goals and requests: any active member, to a mentor who is taking mentees.
    Case("matching.goals", expect(OK, suspended=403), target="none", data=_GOALS),
    Case(
        "mentorships.request",
        expect(OK, suspended=403),
        target="mentor",
        data={"message": "Would you mentor me on trial design this year?"},
    ),
    # A mentorship between two other members: 404 to everyone else, staff included.
    *(
        Case(f"mentorships.{action}", expect(404), target=f"mentorship:{status}", data=data)
        for action, status, data in (
            ("accept", "requested", {"message": "Gladly."}),
            ("decline", "requested", {"message": "Not this term."}),
            ("withdraw", "requested", {}),
            ("compact", "agreeing", {"meeting_frequency": "monthly"}),
            ("accept_compact", "agreeing", {}),
            ("end", "active", {}),
            ("thanks", "ended", {"text": "Thank you."}),
            ("show_thanks", "ended", {"show": "1"}),
        )
    ),
    *(
        Case(f"mentorship_work.{action}", expect(404), target="mentorship:active", data=data)
        for action, data in (
            ("checkins", {"status": "on_track", "note": "Going well."}),
            ("sessions", {"minutes": "45", "mode": "video", "agenda": "Plan the study."}),
            ("counter_session", {}),
            ("accept_session", {}),
            ("decline_session", {}),
            ("cancel_session", {}),
            ("report", {"sent": "1", "reason": "spam"}),
        )
    ),
    # Reports of private messages: site-wide staff resolve them (they see that message).
    Case("mentorship_work.dismiss_report", only(SITE_STAFF), target="message report"),
    Case("mentorship_work.action_report", only(SITE_STAFF), target="message report"),
    # Credentials (forum/credentials/views.py): members manage their own (another's is
    # 404, staff included); moderators of any scope and admins review a member's.
    Case("credentials.index", expect(OK, suspended=403), target="none", data=_CREDENTIAL),
    Case(
        "credentials.edit",
        expect(OK, suspended=403),
        target="own credential",
        data=_CREDENTIAL,
        name="own",
    ),
    Case("credentials.edit", expect(404), target="credential", data=_CREDENTIAL, name="others"),
    Case("credentials.withdraw", expect(OK, suspended=403), target="own credential", name="own"),
    Case("credentials.withdraw", expect(404), target="credential", name="others"),
    Case("credentials.verify", only(MODERATORS), target="credential"),
    Case("credentials.reject", only(MODERATORS), target="credential"),
    # "Reviewed, still current" on an old accepted answer (forum/evidence/): its author, or
    # an approved mentor of its specialty (the mentor gets a cardiology profile for it).
    Case("evidence.review", only(("mentor",)), target="old answer", name="others"),
    Case("evidence.review", expect(OK, suspended=403), target="own old answer", name="own"),
]


def _values(world: World, case: Case, actor) -> dict[str, Any]:
    if case.target == "none":
        return {}
    if case.target == "public":
        return world.public_thread()
    if case.target == "oncology":
        return world.public_thread(world.oncology)
    if case.target == "private":
        return world.private_thread()
    if case.target == "own_thread_reply":
        return world.own_thread(actor)
    if case.target == "own_reply":
        return world.own_reply(actor)
    if case.target == "hidden":
        return world.hidden_reply()
    if case.target == "deleted":
        return world.deleted_thread()
    if case.target == "taxonomy":
        specialty, topic = factories.make_specialty(), factories.make_topic()
        return {"specialty_id": specialty.id, "topic_id": topic.id}
    if case.target == "cardiology":
        return {"specialty_id": world.cardiology.id}
    if case.target == "person":
        return {"username": factories.make_user().username}
    if case.target == "site moderator":
        return {"username": factories.make_user("moderator").username}
    if case.target == "mentor":
        return {"username": make_mentor(specialties=[world.cardiology]).username}
    if case.target == "own mentor profile":  # the actor's approved profile
        if actor is not None and db.session.get(MentorProfile, actor.id) is None:
            db.session.add(
                MentorProfile(
                    user_id=actor.id,
                    status="approved",
                    statement="I mentor.",
                    years_in_practice=10,
                    specialties=[world.cardiology],
                )
            )
            db.session.commit()
        return {}
    if case.target == "applicant":  # a member whose application waits
        return {"username": make_mentor(status="pending").username}
    if case.target.startswith("mentorship:"):
        status = case.target.split(":", 1)[1]
        mentorship = make_mentorship(
            make_mentor(), factories.make_user(), status=status, specialty=world.cardiology
        )
        values = {"mentorship_id": mentorship.id}
        if mentorship.thread_id is not None:
            thread = db.session.get(Thread, mentorship.thread_id)
            session = MentoringSession(
                mentorship_id=mentorship.id,
                proposed_by_id=mentorship.mentor_id,
                starts_at=utcnow() + timedelta(days=3),
                minutes=45,
                mode="video",
                agenda="Plan the study.",
            )
            db.session.add(session)
            db.session.commit()
            values |= {"post_id": thread.first_post_id, "session_id": session.id}
        return values
    if case.target in ("old answer", "own old answer"):  # accepted long ago: due for review
        own = case.target == "own old answer" and actor is not None
        with _unsuspended(actor) if own else nullcontext():
            author = actor if own else world.author
            return old_answer(world.cardiology, author, mentor=world.users["mentor"])
    if case.target in ("credential", "own credential"):  # a pending credential
        own = case.target == "own credential" and actor is not None
        credential = factories.make_credential(actor if own else world.author, "pending")
        return {"credential_id": credential.id}
    if case.target == "message report":  # a mentee's open report of their mentor's message
        mentor, mentee = make_mentor(), factories.make_user()
        mentorship = make_mentorship(mentor, mentee, status="active", specialty=world.cardiology)
        thread = threads.get_thread(mentor, mentorship.thread_id)
        message = threads.reply_to_thread(mentor, thread, "A message the mentee reports.")
        report = reports.report_message(mentee, mentorship.id, message.id, "unprofessional")
        return {"report_id": report.id}
    raise AssertionError(f"unknown target {case.target!r}")


def _url(app, endpoint: str, values: dict[str, Any]) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{k: v for k, v in values.items() if k in rule.arguments})


def _outcome(response) -> Any:
    if response.status_code in (301, 302, 303):
        path = urlsplit(response.headers["Location"]).path
        return LOGIN if path == "/login" else OK
    if response.status_code < 400:
        return OK
    return response.status_code


def _state_changing_endpoints(app) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    }


def test_every_state_changing_route_has_an_entry(app):
    assert _state_changing_endpoints(app) == {case.endpoint for case in CASES}


@pytest.fixture
def world(app):
    cardiology = factories.make_specialty("Cardiology", slug="cardiology")
    oncology = factories.make_specialty("Oncology", slug="oncology")
    topic = factories.make_topic("Wearables", slug="wearables")
    users = {
        "member": factories.make_user(username="member"),
        "suspended": factories.make_user(
            username="suspended", suspended_until=SUSPENDED_INDEFINITELY
        ),
        "mentor": factories.make_user("mentor", username="mentor"),
        "cardiology moderator": factories.make_user(username="cardio_mod", moderates=[cardiology]),
        "moderator": factories.make_user("moderator", username="moderator"),
        "admin": factories.make_user("admin", username="admin"),
    }
    author = factories.make_user(username="author")
    # Old accounts, and no posting rate limit: the cases post far more than people do.
    app.config["POST_LIMIT"] = 1_000_000
    for user in (*users.values(), author):
        user.created_at = utcnow() - timedelta(days=90)
    db.session.commit()
    return World(users, cardiology, oncology, topic, author)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_every_state_changing_route(app, client, world, role):
    actor = world.users.get(role)
    if actor is not None:
        response = client.submit(
            "/login", {"username": actor.username, "password": factories.PASSWORD}
        )
        assert response.status_code == 302
    got, wanted = {}, {}
    for case in CASES:
        if case.endpoint == "auth.logout" and actor is not None:
            continue  # logging out would end this role's session: checked for guests
        values = _values(world, case, actor) | case.values
        url = _url(app, case.endpoint, values)
        token = CSRF_INPUT.search(client.get("/login" if actor is None else "/").get_data(True))
        data = dict(case.data)
        if case.endpoint == "notifications.watch":
            data["target_id"] = values["thread_id"]
        data["csrf_token"] = token.group(1) if token else ""
        key = f"{case.endpoint} [{case.name or case.target}]"
        got[key] = _outcome(client.post(url, data=data))
        wanted[key] = case.outcomes[role]
    assert got == wanted
    # Nothing a refused request sent was stored.
    actor_id = actor.id if actor is not None else 0
    refused_bodies = db.session.scalars(
        select(Post.id).where(Post.body_md == _FORM["body"], Post.author_id == actor_id)
    ).all()
    if role in ("guest", "suspended"):
        assert refused_bodies == []
