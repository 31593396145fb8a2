"""Forms for credentials and their review: shape checks only (the service checks again,
for callers without a form, and owns the rules).

Messages never echo what was sent. The review queue shows two forms per credential,
each with a prefix naming its action and credential (`review_form`), so field ids stay
unique on the page.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import TextInput

from forum.credentials.models import (
    BODY_LENGTH,
    INSTITUTION_LENGTH,
    JURISDICTION_LENGTH,
    MAX_YEARS,
    NOTE_LENGTH,
    NUMBER_LENGTH,
    PROFESSION_LENGTH,
    TYPE_LENGTH,
)
from forum.credentials.service import NUMBER_MESSAGE, NUMBER_PATTERN, YEARS_MESSAGE
from forum.form_support import strip


def _text(label: str, what: str, longest: int, *, required: bool = True, **kwargs):
    validators = [DataRequired(message=f"Give {what}.")] if required else [Optional()]
    validators.append(Length(max=longest, message=f"Keep {what} to {longest} characters."))
    return StringField(label, filters=[strip], validators=validators, **kwargs)


class CredentialForm(FlaskForm):
    """A credential, to add or to change (the same fields)."""

    profession = _text(
        "Profession",
        "your profession",
        PROFESSION_LENGTH,
        description="As your register names it, e.g. “Registered Nurse”. Shown on your badge.",
    )
    credential_type = _text(
        "Licence or registration type",
        "the licence or registration type",
        TYPE_LENGTH,
        description="E.g. “Nursing registration”, “Independent prescriber”.",
    )
    issuing_body = _text(
        "Issuing body",
        "the issuing body",
        BODY_LENGTH,
        description="Who keeps the register, e.g. “NMC”. Shown on your badge.",
    )
    jurisdiction = _text(
        "Jurisdiction",
        "the jurisdiction",
        JURISDICTION_LENGTH,
        description="The country or state it is valid in, e.g. “UK”. Shown on your badge.",
    )
    number = _text(
        "Registration or licence number",
        "the number",
        NUMBER_LENGTH,
        description="Only you and the moderators who check it see the number.",
    )
    institution = _text(
        "Institution (optional)",
        "the institution",
        INSTITUTION_LENGTH,
        required=False,
        description="Where you practise now.",
    )
    # A text box, not type=number: a mistyped value stays in it beside its message.
    years_in_practice = IntegerField(
        "Years in practice",
        widget=TextInput(),
        validators=[
            InputRequired(message=YEARS_MESSAGE),
            NumberRange(min=0, max=MAX_YEARS, message=YEARS_MESSAGE),
        ],
    )
    submit = SubmitField("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "abc" or "2.5": WTForms' own message names the type; ours says what to give.
        if self.years_in_practice.process_errors:
            self.years_in_practice.process_errors = [YEARS_MESSAGE]

    def validate_number(self, field) -> None:
        if field.data and not NUMBER_PATTERN.match(" ".join(field.data.split())):
            raise ValidationError(NUMBER_MESSAGE)

    def credential_data(self) -> dict:
        """The service's keyword arguments."""
        return {
            "profession": self.profession.data,
            "credential_type": self.credential_type.data,
            "issuing_body": self.issuing_body.data,
            "jurisdiction": self.jurisdiction.data,
            "number": self.number.data,
            "institution": self.institution.data or None,
            "years_in_practice": self.years_in_practice.data,
        }


def _note_field(label: str, description: str, *validators) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[strip],
        validators=[
            *validators,
            Length(max=NOTE_LENGTH, message=f"Keep the note under {NOTE_LENGTH} characters."),
        ],
        description=description,
    )


class VerifyForm(FlaskForm):
    note = _note_field(
        "Note (optional)", "How you checked it; the member reads it, and the audit log keeps it."
    )
    submit = SubmitField("Verify")


class RejectForm(FlaskForm):
    note = _note_field(
        "Reason",
        "The member reads it and may correct the credential; the audit log keeps it.",
        DataRequired(message="Say why it could not be verified: the member will read it."),
    )
    submit = SubmitField("Reject")


REVIEW_FORMS = {"verify": VerifyForm, "reject": RejectForm}


def review_form(action: str, credential_id: int, **kwargs) -> FlaskForm:
    """The `action` form for credential `credential_id` (bound to the request's data, if any)."""
    return REVIEW_FORMS[action](prefix=f"{action}-{credential_id}", **kwargs)
