"""The goals form: shape checks only (the service checks ids against the database)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from forum.form_support import Chosen, choices, strip
from forum.mentorship.access import DEFAULT_ZONE, zone_choices
from forum.mentorship.goals import MAX_SPECIALTIES, MAX_TOPICS, TEXT_LENGTH
from forum.mentorship.models import LANGUAGES, MODES

# Never echoes what was sent: a hostile value can be long, and is not the member's text.
_FROM_LIST = "Choose {} from the list."



def _at_most(most: int, what: str):
    def check(form, field):
        if len(field.data or []) > most:
            raise ValidationError(f"Choose at most {most} {what}.")

    return check


class GoalsForm(FlaskForm):
    text = TextAreaField(
        "What would you like a mentor's help with?",
        filters=[strip],
        validators=[
            InputRequired(message="Say in a few words what you would like a mentor's help with."),
            Length(max=TEXT_LENGTH, message=f"Keep your goals under {TEXT_LENGTH:,} characters."),
        ],
        description="For example: design a pragmatic trial in my clinic, or prepare for "
        "fellowship interviews. Mentors you ask read this with your request.",
    )
    specialties = SelectMultipleField(
        "Specialties",
        coerce=int,
        invalid_value_message=_FROM_LIST.format("specialties"),
        invalid_choice_message=_FROM_LIST.format("specialties"),
        validators=[_at_most(MAX_SPECIALTIES, "specialties")],
        description=f"Up to {MAX_SPECIALTIES}: the fields you want guidance in.",
    )
    topics = SelectMultipleField(
        "Research topics",
        coerce=int,
        invalid_value_message=_FROM_LIST.format("research topics"),
        invalid_choice_message=_FROM_LIST.format("research topics"),
        validators=[_at_most(MAX_TOPICS, "research topics")],
        description=f"Up to {MAX_TOPICS}. Hold Ctrl (⌘ on a Mac) to choose several.",
    )
    modes = SelectMultipleField(
        "How would you like to be mentored?",
        choices=choices(MODES.items()),
        invalid_choice_message="Choose from the ways offered.",
        description="Choose none if any way suits you.",
    )
    languages = SelectMultipleField(
        "Languages you can be mentored in",
        choices=choices(LANGUAGES.items()),
        invalid_choice_message=_FROM_LIST.format("languages"),
    )
    time_zone = SelectField(
        "Your time zone",
        default=DEFAULT_ZONE,
        invalid_choice_message="Choose your time zone from the list.",
        validators=[Chosen(message="Choose your time zone from the list.")],
        description="Mentors a few hours from you are easier to meet on video.",
    )
    submit = SubmitField("Save my goals")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = choices(zone_choices())

    def goals_data(self) -> dict:
        """The service's keyword arguments."""
        return {
            "text": self.text.data,
            "specialty_ids": self.specialties.data or [],
            "topic_ids": self.topics.data or [],
            "modes": self.modes.data or [],
            "languages": self.languages.data or [],
            "time_zone": self.time_zone.data,
        }
