"""Forms of a mentorship's life: the request, the mentor's answer, the compact, the end
and the thank-you. Shape checks only: the services check the rules that need the
database or the date (forum/mentorship/requests.py, compacts.py, ending.py).
"""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, ValidationError

from forum.form_support import choices, strip
from forum.mentorship.compacts import COMMITMENTS_LENGTH, GOALS_LENGTH
from forum.mentorship.ending import NOTE_LENGTH, THANKS_LENGTH
from forum.mentorship.models import MEETING_FREQUENCIES, MODES
from forum.mentorship.requests import MESSAGE_LENGTH, RESPONSE_LENGTH
from forum.threads.forms import new_submission_key


def _submission_key(value):
    """A key of the shape we hand out, else a fresh one (an old or tampered form still posts)."""
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_-]{16,64}", value):
        return value
    return new_submission_key()



def _text(label: str, limit: int, required: str | None, **kwargs) -> TextAreaField:
    validators = [InputRequired(message=required)] if required else []
    validators.append(Length(max=limit, message=f"Keep it under {limit:,} characters."))
    return TextAreaField(label, filters=[strip], validators=validators, **kwargs)


class RequestForm(FlaskForm):
    # One key per rendered form, kept through error pages: the same form sent twice
    # makes one request (the service finds the first by this key).
    submission = HiddenField(default=new_submission_key, filters=[_submission_key])
    message = _text(
        "Your request",
        MESSAGE_LENGTH,
        "Say what you would like help with: the mentor reads this first.",
        description="Your goals, and what you hope to get from this mentor. If they accept, "
        "this becomes the first message of your private conversation.",
    )
    submit = SubmitField("Send request")


class ResponseForm(FlaskForm):
    """The mentor's answer: one message, sent with "Accept" or "Decline"."""

    message = _text(
        "Your answer",
        RESPONSE_LENGTH,
        "Write a few words to go with your answer.",
        description="The member reads it with your decision.",
    )


class ButtonForm(FlaskForm):
    """A one-click action (withdraw, show the thanks): its only field is the CSRF token."""


class ShowThanksForm(FlaskForm):
    show = HiddenField()


class AcceptCompactForm(FlaskForm):
    # The version of the compact the member read: accepting a text that changed since
    # (the other side edited it meanwhile) is refused.
    seen = HiddenField()


class ReviewDateField(DateField):
    """A date as YYYY-MM-DD, with our words when it is not one ("tomorrow", "31/02")."""

    def process_formdata(self, valuelist):
        if not "".join(valuelist or []).strip():
            self.data = None  # validate_review_on asks for one
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Give the date as year-month-day, like 2027-03-31.") from None


class CompactForm(FlaskForm):
    goals = _text(
        "Goals",
        GOALS_LENGTH,
        "Write at least one goal.",
        description="One goal a line. Each becomes a goal you both check in on.",
    )
    meeting_frequency = SelectField(
        "How often we meet",
        choices=choices(MEETING_FREQUENCIES.items()),
        validate_choice=False,  # the service refuses anything else, beside the field
    )
    # Rendered as a list of checkboxes by the template (a fieldset with a legend).
    modes = SelectMultipleField(
        "How we meet",
        choices=choices(MODES.items()),
        validate_choice=False,
    )
    mentee_commitments = _text(
        "What the mentee commits to",
        COMMITMENTS_LENGTH,
        "Say what the mentee will do.",
    )
    mentor_commitments = _text(
        "What the mentor commits to",
        COMMITMENTS_LENGTH,
        "Say what the mentor will do.",
    )
    review_on = ReviewDateField(
        "Review date",
        description="When you look back together at how it is going: within two years.",
    )
    submit = SubmitField("Save the compact")

    def validate_review_on(self, field):
        if field.data is None and not field.errors:
            raise ValidationError("Choose a review date.")


class EndForm(FlaskForm):
    note = _text(
        "A note to the other side (optional)",
        NOTE_LENGTH,
        None,
        description="Sent with the notice that the mentorship ended.",
    )
    submit = SubmitField("End the mentorship")


class ThanksForm(FlaskForm):
    text = _text(
        "Your thank-you",
        THANKS_LENGTH,
        "Write your thank-you.",
        description="Your mentor reads it, and may choose to show it on their profile.",
    )
    submit = SubmitField("Send thanks")
