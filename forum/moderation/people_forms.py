"""Forms of the moderators' page on a member and of the roles page: shape only."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from forum.form_support import choices, strip
from forum.moderation.people import NOTE_LENGTH, SUSPENSION_PERIODS
from forum.moderation.posts import REASON_LENGTH


class SuspendForm(FlaskForm):
    period = RadioField(
        "How long",
        choices=choices((key, label) for key, (label, _length) in SUSPENSION_PERIODS.items()),
        validators=[InputRequired(message="Choose how long the suspension lasts.")],
    )
    reason = TextAreaField(
        "Reason",
        filters=[strip],
        validators=[
            InputRequired(message="Say why: the member and the audit log will see it."),
            Length(max=REASON_LENGTH, message=f"Keep the reason under {REASON_LENGTH} characters."),
        ],
        description="The member reads this on every page while suspended.",
    )


class LiftForm(FlaskForm):
    # Named apart from SuspendForm.reason: both may sit on one page, and ids must differ.
    lift_reason = StringField(
        "Reason (optional)",
        filters=[strip],
        validators=[
            Optional(),
            Length(max=REASON_LENGTH, message=f"Keep the reason under {REASON_LENGTH} characters."),
        ],
        description="For the audit log.",
    )


class NoteForm(FlaskForm):
    body = TextAreaField(
        "New note",
        filters=[strip],
        validators=[
            InputRequired(message="Write the note first."),
            Length(max=NOTE_LENGTH, message=f"Keep notes under {NOTE_LENGTH:,} characters."),
        ],
        description="Only moderators and admins read notes; the member never does.",
    )


class RolesForm(FlaskForm):
    mentor = BooleanField("Mentor")
    moderator = BooleanField("Moderator of every specialty")
    # Rendered as a list of checkboxes by the template (a fieldset with a legend).
    specialties = SelectMultipleField("Moderates these specialties", coerce=int)
    reason = StringField(
        "Reason (optional)",
        filters=[strip],
        validators=[
            Optional(),
            Length(max=REASON_LENGTH, message=f"Keep the reason under {REASON_LENGTH} characters."),
        ],
        description="For the audit log.",
    )

    def roles(self) -> set[str]:
        return {name for name in ("mentor", "moderator") if getattr(self, name).data}
