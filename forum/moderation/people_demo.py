"""Demo content for people: a moderator of cardiology only, a suspended member, and staff
notes on him.

Run after forum/demo/cli.py has written its users (`seed-demo` calls seed_demo()). The
two new accounts share the demo password (their hash is copied from the demo's site
moderator, as the demo seeder does for its own accounts); the scope, the suspension and
the notes go through the services, so the audit log shows them. A second run finds
them and adds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from forum.auth import service as accounts
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import people
from forum.moderation.models import Suspension, UserNote
from forum.taxonomy.models import Specialty
from forum.unit_of_work import unit_of_work

SCOPED_MODERATOR = "amara_nwosu"
# The demo's site moderator (forum/demo/data.py), who writes the staff notes.
MODERATOR = "tom_adebayo"
SUSPENDED_MEMBER = "victor_hale"
_PEOPLE = {
    SCOPED_MODERATOR: {
        "display_name": "Dr Amara Nwosu",
        "profession": "physician",
        "specialty": "cardiology",
        "institution": "Westbrook Heart Institute",
        "bio": "Interventional cardiologist; moderates the cardiology forum.",
        "joined_days_ago": 41,
    },
    SUSPENDED_MEMBER: {
        "display_name": "Victor Hale",
        "profession": "nurse",
        "specialty": "emergency-medicine",
        "institution": "St Brendan's General Hospital",
        "bio": None,
        "joined_days_ago": 12,
    },
}
SUSPENSION_REASON = (
    "Posted a photo of a discharge summary with the patient's name readable, a second "
    "time after being asked to redact images."
)
NOTES = (
    "Messaged him about redacting images after the first discharge-summary photo; he "
    "said he had not noticed the name.",
    "Suspended for a week after the second one. Offer him the privacy guide when he is back.",
)


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username))


def _add_person(username: str, password_hash: str) -> tuple[User, bool]:
    found = _user(username)
    if found is not None:
        return found, False
    person = _PEOPLE[username]
    specialty_id = db.session.scalar(
        select(Specialty.id).where(Specialty.slug == person["specialty"])
    )
    user = User(
        username=username,
        email=f"{username.replace('_', '.')}@demo.rounds.invalid",
        display_name=person["display_name"],
        profession=person["profession"],
        specialty_id=specialty_id,
        institution=person["institution"],
        bio=person["bio"],
        password_hash=password_hash,
        created_at=utcnow() - timedelta(days=person["joined_days_ago"]),
        email_verified_at=utcnow() - timedelta(days=person["joined_days_ago"]),
    )
    db.session.add(user)
    db.session.commit()
    return user, True


def seed_demo() -> dict[str, int]:
    """Add the scoped moderator, the suspended member and the notes that are missing.
    Returns how many of each were added."""
    moderator = _user(MODERATOR)
    colleague = _user("karin_lindqvist") or moderator
    cardiology = db.session.scalar(select(Specialty).where(Specialty.slug == "cardiology"))
    if moderator is None or cardiology is None:
        return {"users": 0, "suspensions": 0, "notes": 0}
    added = {"users": 0, "suspensions": 0, "notes": 0}

    scoped, new = _add_person(SCOPED_MODERATOR, moderator.password_hash)
    added["users"] += new
    if cardiology.id not in scoped.moderated_specialty_ids:
        with unit_of_work():
            accounts.apply_roles(
                scoped,
                specialty_ids=scoped.moderated_specialty_ids | {cardiology.id},
                reason="Demo: moderates cardiology",
            )

    member, new = _add_person(SUSPENDED_MEMBER, moderator.password_hash)
    added["users"] += new
    written = set(db.session.scalars(select(UserNote.body).where(UserNote.user_id == member.id)))
    if NOTES[0] not in written:
        people.add_note(colleague, member, NOTES[0])
        added["notes"] += 1
    has_suspension = db.session.scalar(
        select(func.count(Suspension.id)).where(Suspension.user_id == member.id)
    )
    if not has_suspension:
        people.suspend_user(moderator, member, "1w", SUSPENSION_REASON)
        added["suspensions"] += 1
    if NOTES[1] not in written:
        people.add_note(moderator, member, NOTES[1])
        added["notes"] += 1
    return added
