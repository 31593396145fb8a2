"""Forms inside a mentorship (check-ins, sessions, reporting a message) and the staff's
resolution of a report: shape checks only; the services check against the database.

Forms that may be submitted twice carry a one-time key (`submission`), kept through
error pages, that the service stores with the row: a second submit of one form lands
on the first row instead of adding another.
"""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange

from forum.form_support import Chosen, choices, optional_int, strip
from forum.mentorship.checkins import MAX_EVIDENCE, NOTE_LENGTH
from forum.mentorship.models import GOAL_STATUSES, SESSION_MODES
from forum.mentorship.reports import NOTE_LENGTH as OUTCOME_NOTE_LENGTH
from forum.mentorship.sessions import AGENDA_LENGTH, MAX_MINUTES, MIN_MINUTES
from forum.moderation.flag_forms import FlagForm
from forum.moderation.models import FLAG_REASONS
from forum.threads.forms import new_submission_key

# Never echoes what was sent: a hostile value can be long, and is not the member's text.
_FROM_LIST = "Choose {} from the list."



def _submission_key(value):
    """A key of the shape we hand out, else a fresh one (an old or tampered form still posts)."""
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_-]{16,64}", value):
        return value
    return new_submission_key()


def _submission_field() -> HiddenField:
    return HiddenField(default=new_submission_key, filters=[_submission_key])


class CheckInForm(FlaskForm):
    submission = _submission_field()
    goal_id = SelectField(
        "Goal",
        coerce=optional_int,
        validate_choice=True,
        validators=[Chosen(message="Choose the goal this check-in is about.")],
    )
    status = SelectField(
        "Where it stands now",
        choices=choices(GOAL_STATUSES.items()),
        default="on_track",
        validators=[Chosen(message=_FROM_LIST.format("a status"))],
    )
    note = TextAreaField(
        "Note",
        filters=[strip],
        validators=[
            InputRequired(message="Write a few words on the progress."),
            Length(max=NOTE_LENGTH, message=f"Keep the note under {NOTE_LENGTH:,} characters."),
        ],
        description="Markdown. Both of you read it; nobody else does.",
    )
    evidence = TextAreaField(
        "Evidence (optional)",
        filters=[strip],
        validators=[Length(max=MAX_EVIDENCE * 200, message="Keep the evidence list short.")],
        description=f"Up to {MAX_EVIDENCE} public threads of this forum, one a line: their "
        "address or their number.",
    )
    session_id = SelectField(
        "After the session of (optional)",
        coerce=optional_int,
        validate_choice=True,
    )
    submit = SubmitField("Add the check-in")

    def __init__(self, *args, goals=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_id.choices = choices([("", "Choose a goal"), *goals])
        self.session_id.choices = choices([("", "No session"), *sessions])


class SessionForm(FlaskForm):
    """Propose a session, or answer a proposal with another time: date and time are read
    in the proposer's own time zone (shown beside the fields)."""

    submission = _submission_field()
    day = DateField(
        "Date",
        validators=[InputRequired(message="Give the date, as 2026-12-08.")],
        render_kw={"type": "date"},
    )
    clock = TimeField(
        "Start time",
        validators=[InputRequired(message="Give the start time, as 14:30.")],
        render_kw={"type": "time"},
    )
    minutes = IntegerField(
        "Length in minutes",
        default=45,
        validators=[
            InputRequired(message="Say how long it lasts, in minutes."),
            NumberRange(
                min=MIN_MINUTES,
                max=MAX_MINUTES,
                message=f"A session lasts from {MIN_MINUTES} to {MAX_MINUTES} minutes.",
            ),
        ],
        render_kw={"min": MIN_MINUTES, "max": MAX_MINUTES, "inputmode": "numeric"},
    )
    mode = SelectField(
        "How",
        choices=choices(SESSION_MODES.items()),
        default="video",
        validators=[Chosen(message=_FROM_LIST.format("how you will meet"))],
    )
    agenda = TextAreaField(
        "Agenda",
        filters=[strip],
        validators=[
            InputRequired(message="Say what you would like to talk about."),
            Length(
                max=AGENDA_LENGTH, message=f"Keep the agenda under {AGENDA_LENGTH:,} characters."
            ),
        ],
    )
    submit = SubmitField("Propose this time")


class ButtonForm(FlaskForm):
    """A button whose only field is the CSRF token (accept, decline, cancel)."""


class ReportForm(FlagForm):
    """A report of one private message: the flag form's fields, sent the same way (the
    thread page's "Report" button posts just its CSRF token, which opens this form)."""

    reason = RadioField(
        "Why should a moderator look at this message?",
        choices=choices(FLAG_REASONS.items()),
        validators=[InputRequired(message="Choose why you are reporting this message.")],
    )


class ResolveReportForm(FlaskForm):
    note = TextAreaField(
        "Note to the member who reported it (optional)",
        filters=[strip],
        validators=[
            Length(
                max=OUTCOME_NOTE_LENGTH,
                message=f"Keep the note under {OUTCOME_NOTE_LENGTH} characters.",
            )
        ],
        description="Added to the notice that tells them the outcome. Do not quote the message.",
    )


def resolve_form(action: str, report_id: int, **kwargs) -> ResolveReportForm:
    """The `action` ("dismiss" or "action") form of one report, prefixed so that the
    forms of many reports on one page keep unique ids."""
    return ResolveReportForm(prefix=f"{action}-{report_id}", **kwargs)
