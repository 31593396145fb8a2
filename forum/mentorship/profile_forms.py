"""Forms for mentor profiles, their review, and the directory's filters: shape checks only
(the service checks specialty and topic ids against the database).

Messages never echo what was sent: a hostile value can be long, and is not the member's
text. The review queue shows two forms per application, each with a prefix naming its
action and applicant (`review_form`), so field ids stay unique on the page.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from forum.form_support import Chosen, choices, optional_int, strip
from forum.mentorship.access import DEFAULT_ZONE, zone_choices
from forum.mentorship.models import LANGUAGES, MAX_CAPACITY, MODES
from forum.mentorship.profiles import (
    MAX_SPECIALTIES,
    MAX_TOPICS,
    MAX_YEARS,
    REASON_LENGTH,
    STATEMENT_LENGTH,
)

_FROM_LIST = "Choose {} from the list."
YEARS_MESSAGE = f"Give your years in practice as a whole number from 0 to {MAX_YEARS}."
CAPACITY_MESSAGE = f"Take between 1 and {MAX_CAPACITY} mentees at once."
# The directory's "within N hours of my time zone" choices.
WITHIN_HOURS = (1, 2, 3, 4, 6, 8)



def _at_most(most: int, what: str):
    def check(form, field):
        if len(field.data or []) > most:
            raise ValidationError(f"Choose at most {most} {what}.")

    return check


def _at_least_one(message: str):
    def check(form, field):
        if not field.data:
            raise ValidationError(message)

    return check


class MentorProfileForm(FlaskForm):
    """The application to mentor, and later the mentor's profile (same fields)."""

    specialties = SelectMultipleField(
        "Specialties you mentor in",
        coerce=int,
        invalid_value_message=_FROM_LIST.format("specialties"),
        invalid_choice_message=_FROM_LIST.format("specialties"),
        validators=[
            _at_least_one("Choose the specialties you mentor in (at least one)."),
            _at_most(MAX_SPECIALTIES, "specialties"),
        ],
        description=f"Up to {MAX_SPECIALTIES}. Your answers in these count on your card.",
    )
    topics = SelectMultipleField(
        "Research topics you know well",
        coerce=int,
        invalid_value_message=_FROM_LIST.format("research topics"),
        invalid_choice_message=_FROM_LIST.format("research topics"),
        validators=[_at_most(MAX_TOPICS, "research topics")],
        description=f"Up to {MAX_TOPICS}. Hold Ctrl (⌘ on a Mac) to choose several.",
    )
    years_in_practice = IntegerField(
        "Years in practice",
        validators=[
            InputRequired(message=YEARS_MESSAGE),
            NumberRange(min=0, max=MAX_YEARS, message=YEARS_MESSAGE),
        ],
    )
    statement = TextAreaField(
        "What you offer mentees",
        filters=[strip],
        validators=[
            InputRequired(message="Say in a few words what you offer mentees."),
            Length(
                max=STATEMENT_LENGTH,
                message=f"Keep your statement under {STATEMENT_LENGTH:,} characters.",
            ),
        ],
        description="A short paragraph: what you have done, and what you can help with.",
    )
    modes = SelectMultipleField(
        "How you mentor",
        choices=choices(MODES.items()),
        invalid_choice_message="Choose from the ways offered.",
        validators=[_at_least_one("Choose at least one way you mentor.")],
    )
    languages = SelectMultipleField(
        "Languages you mentor in",
        choices=choices(LANGUAGES.items()),
        invalid_choice_message=_FROM_LIST.format("languages"),
        validators=[_at_least_one("Choose at least one language you mentor in.")],
    )
    time_zone = SelectField(
        "Your time zone",
        default=DEFAULT_ZONE,
        invalid_choice_message="Choose your time zone from the list.",
        validators=[Chosen(message="Choose your time zone from the list.")],
        description="Members filter mentors by how many hours apart they are.",
    )
    accepting = BooleanField("I am taking new mentees now", default=True)
    capacity = IntegerField(
        f"How many mentees at once (1 to {MAX_CAPACITY})",
        default=2,
        validators=[
            InputRequired(message=CAPACITY_MESSAGE),
            NumberRange(min=1, max=MAX_CAPACITY, message=CAPACITY_MESSAGE),
        ],
        description="Mentorships being agreed or under way take a place each.",
    )
    submit = SubmitField("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = choices(zone_choices())
        for field, message in (
            (self.years_in_practice, YEARS_MESSAGE),
            (self.capacity, CAPACITY_MESSAGE),
        ):
            # "abc" or "2.5": WTForms' own message names the type; ours says what to give.
            if field.process_errors:
                field.process_errors = [message]

    def profile_data(self) -> dict:
        """The service's keyword arguments."""
        return {
            "specialty_ids": self.specialties.data or [],
            "topic_ids": self.topics.data or [],
            "years_in_practice": self.years_in_practice.data,
            "statement": self.statement.data,
            "modes": self.modes.data or [],
            "languages": self.languages.data or [],
            "time_zone": self.time_zone.data,
            "accepting": bool(self.accepting.data),
            "capacity": self.capacity.data,
        }


class AcceptingForm(FlaskForm):
    """Pause or resume taking mentees: a button whose hidden value says which."""

    accepting = HiddenField()

    def validate_accepting(self, field):
        if field.data not in ("0", "1"):
            raise ValidationError("Choose whether to take mentees.")


def _reason_field(label: str, description: str) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[strip],
        validators=[
            Length(max=REASON_LENGTH, message=f"Keep the reason under {REASON_LENGTH} characters.")
        ],
        description=description,
    )


class ApproveForm(FlaskForm):
    reason = _reason_field(
        "Note (optional)", "The applicant reads it with the approval; the audit log keeps it."
    )
    submit = SubmitField("Approve: make them a mentor")


class DeclineForm(FlaskForm):
    reason = _reason_field(
        "Reason", "The applicant reads it, and may apply again; the audit log keeps it."
    )
    submit = SubmitField("Decline")

    def validate_reason(self, field):
        if not field.data:
            raise ValidationError("Say why: the applicant will read it.")


REVIEW_FORMS = {"approve": ApproveForm, "decline": DeclineForm}


def review_form(action: str, user_id: int, **kwargs) -> FlaskForm:
    """The `action` form for the applicant `user_id` (bound to the request's data, if any)."""
    return REVIEW_FORMS[action](prefix=f"{action}-{user_id}", **kwargs)


class DirectoryFilterForm(FlaskForm):
    """The directory's filters: a GET form (links can be shared), so no CSRF token."""

    class Meta:
        csrf = False

    specialty = SelectField(
        "Specialty",
        coerce=optional_int,
        validators=[Optional()],
        invalid_value_message=_FROM_LIST.format("a specialty"),
        invalid_choice_message=_FROM_LIST.format("a specialty"),
    )
    topic = SelectField(
        "Research topic",
        coerce=optional_int,
        validators=[Optional()],
        invalid_value_message=_FROM_LIST.format("a research topic"),
        invalid_choice_message=_FROM_LIST.format("a research topic"),
    )
    language = SelectField(
        "Language",
        choices=choices([("", "Any language"), *LANGUAGES.items()]),
        validators=[Optional()],
        invalid_choice_message=_FROM_LIST.format("a language"),
    )
    mode = SelectField(
        "Mentors by",
        choices=choices([("", "Any way"), *MODES.items()]),
        validators=[Optional()],
        invalid_choice_message=_FROM_LIST.format("a way of mentoring"),
    )
    within = SelectField(
        "Time zone",
        coerce=optional_int,
        choices=choices(
            [("", "Any time zone"), *((h, f"Within {h} h of mine") for h in WITHIN_HOURS)]
        ),
        validators=[Optional()],
        invalid_value_message=_FROM_LIST.format("how many hours apart"),
        invalid_choice_message=_FROM_LIST.format("how many hours apart"),
    )
    accepting = BooleanField("Taking mentees now")
    submit = SubmitField("Filter")

    def filters(self) -> dict:
        """The filters that passed validation (a field with an error is left out)."""

        def ok(field):
            return field.data if not field.errors and field.data not in ("", None) else None

        return {
            "specialty_id": ok(self.specialty),
            "topic_id": ok(self.topic),
            "language": ok(self.language),
            "mode": ok(self.mode),
            "within_hours": ok(self.within),
            "accepting": bool(self.accepting.data),
        }
